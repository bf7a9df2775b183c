# A static site: every file with its content hash. The first apply purges
# every file; each later apply purges the files whose hash changed, those
# added and those removed, and nothing else. A rebuild that changes nothing
# purges nothing.
resource "alicloud_cache_refresh_objects" "site" {
  objects = {
    for f in fileset("${path.module}/site", "**") :
    "https://static.example.com/${f}" => filesha256("${path.module}/site/${f}")
  }

  # More than 1,000 changed files are sent as several requests, within
  # today's quota (checked before anything is sent).
  split_requests = true

  # 20 changed files or more in one directory: one Directory refresh of it
  # instead of their URLs. The plan says which.
  directory_threshold = 20

  wait_for_completion = true
}
