# Purges a site's cache after each release: once when the module is first
# applied, then again whenever `release` changes, and never on other applies.
#
#   module "purge" {
#     source   = "./modules/purge-after-release"
#     release  = var.app_version # or a hash of the built files (see README.md)
#     site_url = "https://static.example.com"
#     files    = ["index.html", "app.js"]
#   }

terraform {
  required_version = ">= 1.5"
  required_providers {
    alicloud = {
      source = "purgeworks/alicloud"
    }
  }
}

locals {
  base = trimsuffix(var.site_url, "/")
}

# The pages and entry points whose URLs do not change between releases.
resource "alicloud_cache_refresh" "files" {
  count = length(var.files) > 0 ? 1 : 0

  service             = var.service
  object_paths        = [for f in var.files : "${local.base}/${trimprefix(f, "/")}"]
  triggers_replace    = { release = var.release }
  wait_for_completion = var.wait_for_completion
}

# Whole directories, every object in them.
resource "alicloud_cache_refresh" "directories" {
  count = length(var.directories) > 0 ? 1 : 0

  service             = var.service
  object_type         = "Directory"
  object_paths        = [for d in var.directories : "${local.base}/${trim(d, "/")}/"]
  triggers_replace    = { release = var.release }
  wait_for_completion = var.wait_for_completion
}
