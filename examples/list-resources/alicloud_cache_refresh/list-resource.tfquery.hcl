# The CDN refreshes of the last three days, to adopt them with generated
# configuration (Terraform 1.14 and later):
#   terraform query                                    # lists them
#   terraform query -generate-config-out=refreshes.tf  # writes import and resource blocks
#   terraform apply                                    # imports them; purges nothing
# Narrow the list with object_type ("file", "directory" or "regex") and
# domain_name, status, object_path, or start_time and end_time.
list "alicloud_cache_refresh" "recent" {
  provider         = alicloud
  include_resource = true

  config {
    service = "cdn"
  }
}
