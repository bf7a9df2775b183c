# Purge the front page of every site after each release, and wait for them
# all at once. The refreshes do not wait: each is submitted in moments. The
# wait follows every task through one poller, so the apply takes about one
# task's time (5 to 6 minutes on Alibaba Cloud) however many sites there are,
# where refreshes that each wait would hold Terraform's 10 parallel slots in
# turn.
locals {
  sites = ["www.example.com", "shop.example.com", "docs.example.com"]
}

resource "alicloud_cache_refresh" "site" {
  count            = length(local.sites)
  object_paths     = ["https://${local.sites[count.index]}/index.html"]
  triggers_replace = { release = var.release_version }
}

# With for_each, write [for r in alicloud_cache_refresh.site : r.task_ids].
resource "alicloud_cache_refresh_wait" "sites" {
  task_ids     = flatten(alicloud_cache_refresh.site[*].task_ids)
  object_paths = flatten(alicloud_cache_refresh.site[*].object_paths)
  timeouts = {
    create = "20m"
  }
}

variable "release_version" {
  type = string
}
