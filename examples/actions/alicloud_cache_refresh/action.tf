# Purge the release's entry points after every deployment, and wait until
# Alibaba reports the purge complete (Terraform 1.14 and later).
action "alicloud_cache_refresh" "release" {
  config {
    object_paths = [
      "https://static.example.com/index.html",
      "https://static.example.com/app.js",
    ]
    timeout = "20m"
  }
}

resource "terraform_data" "deployment" {
  input = var.release_version

  lifecycle {
    action_trigger {
      events  = [after_create, after_update]
      actions = [action.alicloud_cache_refresh.release]
    }
  }
}

# Or run it on its own: terraform apply -invoke=action.alicloud_cache_refresh.release

variable "release_version" {
  type = string
}
