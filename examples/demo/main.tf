# The configuration `make demo` applies against the local emulator.
terraform {
  required_providers {
    alicloud = {
      source = "purgeworks/alicloud"
    }
  }
}

variable "endpoint" {
  description = "host:port of the emulator (or of a private endpoint)."
  type        = string
}

variable "release" {
  description = "The release whose assets were just published; a new value refreshes again."
  type        = string
  default     = "1.0.0"
}

# Credentials come from ALICLOUD_ACCESS_KEY and ALICLOUD_SECRET_KEY.
provider "alicloud" {
  protocol = "HTTP"
  endpoints {
    cdn = var.endpoint
  }
}

resource "alicloud_cache_refresh" "release" {
  object_paths = [
    "https://static.example.com/index.html",
    "https://static.example.com/app.js",
    "https://static.example.com/app.css",
  ]
  triggers_replace    = { release = var.release }
  wait_for_completion = true
}

output "task_id" {
  value = alicloud_cache_refresh.release.task_id
}

output "status" {
  value = alicloud_cache_refresh.release.status
}
