# After each release, purge the entry points, then prefetch them to the edge so
# that the first visitors do not wait for the origin.
locals {
  entry_points = [
    "https://static.example.com/index.html",
    "https://static.example.com/app.js",
  ]
}

resource "alicloud_cache_refresh" "release" {
  object_paths        = local.entry_points
  triggers_replace    = { release = var.release_version }
  wait_for_completion = true
}

resource "alicloud_cache_preload" "release" {
  object_paths = local.entry_points
  area         = "domestic"
  # A new refresh (a new ID) prefetches again.
  triggers_replace    = alicloud_cache_refresh.release.id
  wait_for_completion = true
}

# Prefetch on DCDN with a header the origin expects.
resource "alicloud_cache_preload" "catalog" {
  service      = "dcdn"
  object_paths = ["example.com/catalog.json"]
  with_header  = jsonencode({ Origin = "https://www.example.com" })
}

variable "release_version" {
  type = string
}
