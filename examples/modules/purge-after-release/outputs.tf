output "task_ids" {
  description = "The refresh task IDs of the last purge, for the alicloud_cache_refresh_tasks data source or the console."
  value       = concat(flatten(alicloud_cache_refresh.files[*].task_ids), flatten(alicloud_cache_refresh.directories[*].task_ids))
}

output "statuses" {
  description = "The status of each refresh: Complete when the apply waited for it, otherwise Submitted until a later refresh of the state."
  value       = concat(alicloud_cache_refresh.files[*].status, alicloud_cache_refresh.directories[*].status)
}
