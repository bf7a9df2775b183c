# This provider and aliyun/alicloud both have the type name "alicloud". When a
# configuration uses both, give this one another local name, and name it with
# the provider meta-argument on each of its resources and data sources.
terraform {
  required_providers {
    # alicloud = {
    #   source = "aliyun/alicloud"
    # }
    alicloudcache = {
      source = "purgeworks/alicloud"
    }
  }
}

# provider "alicloud" {
#   region = "cn-hangzhou"
# }

provider "alicloudcache" {
  region = "cn-hangzhou"
}

data "alicloud_cache_refresh_quota" "cdn" {
  provider = alicloudcache
}

resource "alicloud_cache_refresh" "release" {
  provider = alicloudcache

  object_paths     = ["https://static.example.com/index.html"]
  triggers_replace = { release = var.release }

  lifecycle {
    precondition {
      condition     = data.alicloud_cache_refresh_quota.cdn.url_remain > 0
      error_message = "The account has no URL refresh quota left today."
    }
  }
}

# A module that declares this provider as "alicloud" gets it passed in.
module "purge" {
  source    = "../modules/purge-after-release"
  providers = { alicloud = alicloudcache }

  release     = var.release
  site_url    = "https://static.example.com"
  directories = ["assets"]
}

variable "release" {
  type    = string
  default = "1.0.0"
}
