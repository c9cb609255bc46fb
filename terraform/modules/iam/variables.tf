variable "project_id" {
  type        = string
  description = "Project of the service accounts and the project-level grants."
}

variable "name_prefix" {
  type        = string
  description = "Prefix of the service account ids (<prefix>-<function>, at most 30 characters in all)."
  default     = "uw"
}

variable "functions" {
  type = map(object({
    publishes_to     = list(string)
    writes_warehouse = bool
    reads_warehouse  = optional(bool, false)
    secret_ids       = list(string)
    project_roles    = list(string)
  }))
  description = "Per function: topics it publishes to (names), whether it writes warehouse tables, whether it only reads them, the secrets it reads (secret ids, the secrets existing already) and any further project roles (e.g. roles/aiplatform.user)."
}

variable "topic_ids" {
  type        = map(string)
  description = "Topic name => topic id, for the publisher grants."
}

variable "dataset_id" {
  type        = string
  description = "The warehouse dataset that writing functions may edit."
}

variable "source_bucket" {
  type        = string
  description = "Bucket of the functions' source zips, which the build service account reads."
}
