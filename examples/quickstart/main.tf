terraform {
  required_providers {
    alicloud = {
      source = "purgeworks/alicloud"
    }
  }
}

# Credentials from ALICLOUD_ACCESS_KEY and ALICLOUD_SECRET_KEY.
provider "alicloud" {}

variable "release" {
  description = "The release just published; a new value purges again."
  type        = string
  default     = "1.0.0"
}

# Purge two files from CDN after each release, and wait until Alibaba Cloud
# reports the purge complete.
resource "alicloud_cache_refresh" "release" {
  object_paths = [
    "https://static.example.com/index.html",
    "https://static.example.com/app.js",
  ]
  triggers_replace    = { release = var.release }
  wait_for_completion = true
}

output "task_id" {
  value = alicloud_cache_refresh.release.task_id
}
