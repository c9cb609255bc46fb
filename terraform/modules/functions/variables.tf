variable "project_id" {
  type        = string
  description = "Project of the functions."
}

variable "region" {
  type        = string
  description = "Region of the functions and their Eventarc triggers."
}

variable "source_bucket" {
  type        = string
  description = "GCS bucket holding each function's source zip (uploaded by cicd)."
}

variable "build_service_account" {
  type        = string
  description = "Service account id (projects/P/serviceAccounts/EMAIL) that Cloud Build uses to build the functions from their zips."
}

variable "functions" {
  type = map(object({
    entry_point           = string
    source_object         = string
    service_account_email = string
    trigger_topic         = optional(string)
    public                = optional(bool, false)
    reachable             = optional(bool, false)
    memory                = optional(string, "512Mi")
    cpu                   = optional(string, "1")
    timeout_seconds       = optional(number, 60)
    min_instances         = optional(number, 0)
    max_instances         = optional(number, 10)
    concurrency           = optional(number, 8)
    environment           = optional(map(string), {})
    secrets               = optional(map(string), {})
  }))
  description = "Cloud Functions (gen2, Java 17) by name. trigger_topic set: invoked by Eventarc for each message of that topic; unset: an HTTP function (public = reachable without IAM, the function authenticates callers itself; reachable = from outside the project, still only with IAM, for operators' calls). secrets: environment variable => Secret Manager secret id."
}

variable "topic_ids" {
  type        = map(string)
  description = "Topic name => topic id, for the triggers."
}

variable "dead_letter_after" {
  type        = string
  description = "How long after its publication a message that still fails is published to <topic>.dead-letter by the function and acknowledged (WHISPERER_DEAD_LETTER_AFTER, an ISO-8601 duration). Eventarc's subscription retries for 24 h with backoff from 10 s to 600 s, then drops the message: keep this well below 24 h."
  default     = "PT2H"

  validation {
    condition     = can(regex("^PT(([0-9]|1[0-9]|2[0-3])H)?([0-5]?[0-9]M)?$", var.dead_letter_after)) && var.dead_letter_after != "PT"
    error_message = "dead_letter_after is an ISO-8601 duration in hours and minutes below 24 h, e.g. PT2H or PT30M."
  }
}

variable "common_environment" {
  type        = map(string)
  description = "Environment variables given to every function (project, dataset, ...)."
  default     = {}
}

variable "labels" {
  type        = map(string)
  description = "Labels put on every function."
  default     = {}
}
