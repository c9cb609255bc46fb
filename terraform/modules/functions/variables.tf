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

variable "dead_letter_topic_ids" {
  type        = map(string)
  description = "Topic name => id of its dead-letter topic, set on the trigger's subscription."
}

variable "pubsub_service_agent" {
  type        = string
  description = "IAM member of the Pub/Sub service agent, which must be able to ack what it dead-letters."
}

variable "max_delivery_attempts" {
  type        = number
  description = "Deliveries of a message to a function before it goes to the dead-letter topic (5-100)."
  default     = 10
}

variable "min_retry_delay" {
  type        = string
  description = "Smallest backoff before a failed message is redelivered to a function."
  default     = "10s"
}

variable "max_retry_delay" {
  type        = string
  description = "Largest backoff before a failed message is redelivered to a function."
  default     = "600s"
}

variable "manage_trigger_subscriptions" {
  type        = bool
  description = "Set the dead-letter and retry policy on the subscriptions Eventarc creates (runs gcloud where Terraform runs)."
  default     = true
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
