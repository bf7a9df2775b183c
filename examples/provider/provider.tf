terraform {
  required_providers {
    alicloud = {
      source = "purgeworks/alicloud"
    }
  }
}

# Credentials may also come from ALICLOUD_ACCESS_KEY / ALICLOUD_SECRET_KEY
# (or ALIBABA_CLOUD_ACCESS_KEY_ID / ALIBABA_CLOUD_ACCESS_KEY_SECRET).
provider "alicloud" {
  region = "cn-hangzhou"
}
