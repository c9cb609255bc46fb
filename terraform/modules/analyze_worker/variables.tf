variable "project_id" {
  type        = string
  description = "Project of the worker and its subscription."
}

variable "region" {
  type        = string
  description = "Region of the Cloud Run service."
}

variable "name" {
  type        = string
  description = "Name of the Cloud Run service."
  default     = "analyze-worker"
}

variable "image" {
  type        = string
  description = "Container image of the worker, built by Jib (functions/gcp, profile analyze-worker-image) and pushed by Cloud Build's step analyze-worker-image (cicd/cloudbuild.yaml), e.g. europe-west1-docker.pkg.dev/P/apps/whisperer-analyze-worker:1.2.3."

  validation {
    condition     = length(var.image) > 0
    error_message = "The analyze pull worker needs its image (platform variable analyze_worker_image), or set analyze_mode = \"function\"."
  }
}

variable "service_account_email" {
  type        = string
  description = "Identity of the worker: the analyze function's service account (module iam), which publishes signals, writes the warehouse and reads and writes Firestore."
}

variable "topic_id" {
  type        = string
  description = "The events topic (projects/P/topics/events) the worker's subscription reads."
}

variable "dead_letter_topic_id" {
  type        = string
  description = "The dead-letter topic of events (projects/P/topics/events.dead-letter)."
}

variable "subscription_name" {
  type        = string
  description = "Name of the worker's pull subscription of events."
  default     = "events.analyze"
}

variable "pubsub_service_agent" {
  type        = string
  description = "IAM member of the project's Pub/Sub service agent, which moves dead letters."
}

variable "max_delivery_attempts" {
  type        = number
  description = "Deliveries of a message before the subscription moves it to events.dead-letter (5-100)."
  default     = 10

  validation {
    condition     = var.max_delivery_attempts >= 5 && var.max_delivery_attempts <= 100
    error_message = "max_delivery_attempts must lie within 5 and 100."
  }
}

variable "merge_window" {
  type        = string
  description = "The quiet time that closes a user's merge window (WHISPERER_WORKER_MERGE_WINDOW, ISO-8601): a user's batches are analyzed together once the user has sent nothing for this long, so a visit whose events come closer together is one profile write (docs/cost.md)."
  default     = "PT60S"

  validation {
    condition     = can(regex("^PT([1-9][0-9]*(\\.[0-9]+)?S|[1-9]M|10M)$", var.merge_window))
    error_message = "merge_window is an ISO-8601 duration of seconds or whole minutes up to PT10M, e.g. PT30S."
  }
}

variable "max_hold" {
  type        = string
  description = "How long a user's first held batch waits at most while the user keeps sending (WHISPERER_WORKER_MAX_HOLD, ISO-8601, from merge_window to PT10M): the most the merge delays a signal."
  default     = "PT5M"

  validation {
    condition     = can(regex("^PT([1-9][0-9]*(\\.[0-9]+)?S|[1-9]M|10M)$", var.max_hold))
    error_message = "max_hold is an ISO-8601 duration of seconds or whole minutes up to PT10M, e.g. PT5M."
  }
}

variable "parallelism" {
  type        = number
  description = "User groups one instance analyzes at once (WHISPERER_WORKER_PARALLELISM); each waits mostly on Firestore and BigQuery."
  default     = 32
}

variable "max_events_per_user" {
  type        = number
  description = "Events merged into one batch at most (WHISPERER_WORKER_MAX_EVENTS_PER_USER), below the profile's 512 remembered ids."
  default     = 256
}

variable "profile_cache" {
  type        = number
  description = "Profiles one instance keeps in memory with their Firestore update time (WHISPERER_WORKER_PROFILE_CACHE), so that a user's next window costs a conditional write and no read. A profile is ~3 KB of JSON and a few times that as objects on the heap: 50,000 take a few hundred MB of the 2 GiB."
  default     = 50000

  validation {
    condition     = var.profile_cache >= 0
    error_message = "profile_cache must not be negative (0 turns the cache off)."
  }
}

variable "min_instances" {
  type        = number
  description = "Instances always running (at least 1: a pull worker scaled to zero pulls nothing)."
  default     = 1

  validation {
    condition     = var.min_instances >= 1
    error_message = "min_instances must be at least 1."
  }
}

variable "max_instances" {
  type        = number
  description = "Cap on the worker's instances, derived from the throughput figures in docs/deploy.md (\"The analyze pull worker\")."
  default     = 100
}

variable "environment" {
  type        = map(string)
  description = "Environment variables of the worker beyond its own: the functions' common ones and analyze's (churn model, threshold)."
  default     = {}
}

variable "labels" {
  type        = map(string)
  description = "Labels of the service and the subscription."
  default     = {}
}
