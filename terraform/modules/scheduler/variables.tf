variable "project_id" {
  type        = string
  description = "Project of the job."
}

variable "region" {
  type        = string
  description = "Region of the job and of the target function."
}

variable "name_prefix" {
  type        = string
  description = "Prefix of the invoker service account id."
  default     = "uw"
}

variable "invoker_name" {
  type        = string
  description = "Suffix of the invoker service account id (<name_prefix>-<invoker_name>), one per job."
  default     = "scheduler"
}

variable "description" {
  type        = string
  description = "Description of the job."
  default     = "Calls sweep: inactivity checks, trial endings and deferred sends that have come due."
}

variable "retry_count" {
  type        = number
  description = "Retries of a failed run; 0 when the next run soon does the same work."
  default     = 0
}

variable "job_name" {
  type        = string
  description = "Name of the Cloud Scheduler job."
  default     = "sweep"
}

variable "schedule" {
  type        = string
  description = "Cron schedule of the job."
  default     = "* * * * *"
}

variable "time_zone" {
  type        = string
  description = "Time zone the schedule is read in."
  default     = "Etc/UTC"
}

variable "target_uri" {
  type        = string
  description = "HTTPS URL of the function to call."
}

variable "target_service" {
  type        = string
  description = "Cloud Run service of the function, on which the job's identity may invoke."
}

variable "attempt_deadline" {
  type        = string
  description = "How long one call may take before the job counts it failed."
  default     = "120s"
}
