# `terraform test` (or `tofu test`) of this module against the local emulator
# of the Alibaba Cloud APIs, which a module's own tests can use the same way:
#
#   go run github.com/purgeworks/terraform-provider-alicloud/internal/emulator/cmd/alicloud-emulator@latest \
#     -listen 127.0.0.1:8787 -access-key-id demo-key -access-key-secret demo-secret &
#   terraform init && terraform test

# Every service this module uses goes to the emulator. (Write the address
# here, or in a variable set by this file's variables block: one given only
# with -var is not known when the provider is configured.)
provider "alicloud" {
  access_key = "demo-key"
  secret_key = "demo-secret"
  protocol   = "HTTP"
  endpoints {
    cdn  = "127.0.0.1:8787"
    dcdn = "127.0.0.1:8787"
  }
}

variables {
  site_url = "https://static.example.com/"
}

run "purges_files_and_directories" {
  variables {
    release     = "1.0.0"
    files       = ["index.html", "/app.js"]
    directories = ["assets"]
  }

  assert {
    condition     = alicloud_cache_refresh.files[0].object_paths == tolist(["https://static.example.com/index.html", "https://static.example.com/app.js"])
    error_message = "The files are purged by their URLs under site_url."
  }

  assert {
    condition     = alicloud_cache_refresh.directories[0].object_paths == tolist(["https://static.example.com/assets/"])
    error_message = "A directory is purged as one path ending in /."
  }

  assert {
    condition     = output.statuses == ["Complete", "Complete"]
    error_message = "The apply waits until both purges are complete."
  }
}

run "purges_again_for_a_new_release" {
  variables {
    release     = "1.0.1"
    files       = ["index.html", "/app.js"]
    directories = ["assets"]
  }

  assert {
    condition     = alicloud_cache_refresh.files[0].triggers_replace.release == "1.0.1" && output.statuses == ["Complete", "Complete"]
    error_message = "A new release purges again."
  }
}

run "no_directories" {
  variables {
    release = "1.0.1"
  }

  assert {
    condition     = length(alicloud_cache_refresh.directories) == 0 && alicloud_cache_refresh.files[0].object_paths == tolist(["https://static.example.com/index.html"])
    error_message = "By default only index.html is purged."
  }
}

run "refuses_another_service" {
  command = plan

  variables {
    release = "1.0.1"
    service = "vod"
  }

  expect_failures = [var.service]
}
