data "alicloud_cache_refresh_quota" "cdn" {}

output "urls_left_today" {
  value = data.alicloud_cache_refresh_quota.cdn.url_remain
}
