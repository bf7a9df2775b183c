variable "release" {
  description = "Identifies the release just published: a version, a commit, or a hash of the built files. Each new value purges again."
  type        = string
  nullable    = false
}

variable "site_url" {
  description = "Base URL of the site on the CDN, such as https://static.example.com (or a host, static.example.com)."
  type        = string
  nullable    = false
}

variable "files" {
  description = "Paths under site_url to purge one by one, such as index.html. At most 1,000."
  type        = list(string)
  default     = ["index.html"]
}

variable "directories" {
  description = "Directories under site_url to purge with everything in them, such as assets. At most 100."
  type        = list(string)
  default     = []
}

variable "service" {
  description = "cdn or dcdn: the network that serves site_url."
  type        = string
  default     = "cdn"

  validation {
    condition     = contains(["cdn", "dcdn"], var.service)
    error_message = "service is cdn or dcdn."
  }
}

variable "wait_for_completion" {
  description = "Wait until Alibaba Cloud reports the purge complete, so later steps of the apply see fresh content."
  type        = bool
  default     = true
}
