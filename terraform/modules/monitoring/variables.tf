variable "project_id" {
  type        = string
  description = "Project whose metrics are watched."
}

variable "notification_channels" {
  type        = list(string)
  description = "Ids of the notification channels (projects/P/notificationChannels/N) that alerts go to."
  default     = []
}

variable "dead_letter_subscriptions" {
  type        = list(string)
  description = "Subscriptions that hold dead letters; any message waiting in one of them raises an alert."
}

variable "services" {
  type        = list(string)
  description = "Cloud Run services (one per function) whose error rate and latency are watched."
}

variable "error_rate_threshold" {
  type        = number
  description = "Share of requests answered 5xx, per service, above which an alert opens."
  default     = 0.05
}

variable "latency_p95_threshold_ms" {
  type        = number
  description = "95th percentile request latency in milliseconds, per service, above which an alert opens."
  default     = 1000
}

variable "alert_duration" {
  type        = string
  description = "How long a condition must hold before the alert opens."
  default     = "300s"
}
