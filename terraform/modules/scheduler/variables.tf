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
