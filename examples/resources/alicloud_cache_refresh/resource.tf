# Purge three files from CDN after each release, and wait until Alibaba
# reports the purge complete before the apply goes on.
resource "alicloud_cache_refresh" "release" {
  object_paths = [
    "https://static.example.com/index.html",
    "https://static.example.com/app.js",
    "https://static.example.com/app.css",
  ]
  triggers_replace    = { release = var.release_version }
  wait_for_completion = true
  timeouts = {
    create = "20m"
  }
}

# Purge whole directories on DCDN, every object in them.
resource "alicloud_cache_refresh" "assets" {
  service      = "dcdn"
  object_type  = "Directory"
  force        = true
  object_paths = ["example.com/assets/", "example.com/img/"]
}

# Purge what matches a pattern (one regular expression per resource).
resource "alicloud_cache_refresh" "thumbnails" {
  object_type  = "Regex"
  object_paths = ["https://static.example.com/thumbs/.*\\.webp"]
}

# Purge a URL whatever its query string.
resource "alicloud_cache_refresh" "video_manifest" {
  service      = "vod"
  object_type  = "IgnoreParams"
  object_paths = ["video.example.com/live/index.m3u8"]
}

# Purge what an edge routine cached through its Cache API.
resource "alicloud_cache_refresh" "edge_api" {
  service            = "edge_routine"
  routine_id         = "api.mysubdomain"
  merge_domain_names = ["eu.example.com", "us.example.com"]
  object_paths       = ["api.example.com/v1/catalog"]
}

variable "release_version" {
  type = string
}
