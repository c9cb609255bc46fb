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

variable "ingest_service" {
  type        = string
  description = "Cloud Run service of the ingest function, whose requests the availability and latency SLOs count."
}

variable "availability_target" {
  type        = number
  description = "Share of ingest requests answered without a 5xx over the SLO's rolling period."
  default     = 0.9995
}

variable "ingest_latency_threshold_ms" {
  type        = number
  description = "An ingest request answered within this many milliseconds is fast for the latency SLO."
  default     = 300
}

variable "ingest_latency_target" {
  type        = number
  description = "Share of ingest requests that must be fast over the SLO's rolling period."
  default     = 0.99
}

variable "slo_rolling_days" {
  type        = number
  description = "Rolling period of the SLOs, in days."
  default     = 28
}

variable "pipeline_lag_threshold_s" {
  type        = number
  description = "Age in seconds of the oldest unacknowledged message of a stage's Eventarc subscription above which the pipeline-lag alert opens."
  default     = 300
}

variable "burn_rates" {
  type = map(object({
    lookback  = string
    threshold = number
  }))
  description = "Burn-rate alert windows on each SLO's error budget (the SRE workbook's multiwindow pair: a fast burn that spends 2 % of a 28-day budget in an hour, a slow one that spends 5 % in six hours)."
  default = {
    fast = { lookback = "3600s", threshold = 14.4 }
    slow = { lookback = "21600s", threshold = 6 }
  }
}
