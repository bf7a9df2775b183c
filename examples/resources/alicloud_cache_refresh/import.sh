# SERVICE:TASK_ID, with several task IDs joined by commas. Alibaba keeps tasks
# for three days; the paths and object type come back from its task look-up.
terraform import alicloud_cache_refresh.release cdn:704222901
