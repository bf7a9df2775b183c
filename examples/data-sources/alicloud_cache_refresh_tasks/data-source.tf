# Failed directory refreshes on DCDN in a time window.
data "alicloud_cache_refresh_tasks" "failed" {
  service     = "dcdn"
  object_type = "directory"
  status      = "Failed"
  start_time  = "2025-03-01T00:00:00Z"
  end_time    = "2025-03-02T00:00:00Z"
}

output "failures" {
  value = [for t in data.alicloud_cache_refresh_tasks.failed.tasks : "${t.object_path}: ${t.description}"]
}
