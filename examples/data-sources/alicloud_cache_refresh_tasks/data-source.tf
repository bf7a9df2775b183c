# Failed directory refreshes on DCDN in the last 24 hours.
data "alicloud_cache_refresh_tasks" "failed" {
  service     = "dcdn"
  object_type = "directory"
  status      = "Failed"
  start_time  = timeadd(plantimestamp(), "-24h")
  end_time    = plantimestamp()
}

output "failures" {
  value = [for t in data.alicloud_cache_refresh_tasks.failed.tasks : "${t.object_path}: ${t.description}"]
}
