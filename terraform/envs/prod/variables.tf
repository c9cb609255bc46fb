variable "project_id" {
  type        = string
  description = "The environment's Google Cloud project."
}

variable "region" {
  type        = string
  description = "Region of the functions, triggers and scheduler."
  default     = "europe-west1"
}

variable "source_bucket" {
  type        = string
  description = "Bucket of the functions' source zips (created at bootstrap, see docs/deploy.md)."
}

variable "source_version" {
  type        = string
  description = "Version of the sources to deploy, the commit cicd built (zips at <bucket>/<function>/<version>.zip)."
}

variable "notification_channels" {
  type        = list(string)
  description = "Notification channel ids that alerts go to."
  default     = []
}

variable "vertex_endpoint" {
  type        = string
  description = "Vertex AI endpoint of the churn model (projects/P/locations/L/endpoints/E); empty: no churn scoring."
  default     = ""
}

variable "churn_features" {
  type        = list(string)
  description = "The churn model's features in its features.json order; required with vertex_endpoint."
  default     = []
}

variable "churn_threshold" {
  type        = number
  description = "Churn probability from which a user is at risk (strictly between 0 and 1)."
  default     = 0.7
}

variable "holdout_percent" {
  type        = number
  description = "Share of users (0-100) in the global holdout, the control that uplift is learned from."
  default     = 10
}

variable "delivery" {
  type = object({
    routes             = optional(string, "")
    sendgrid_from      = optional(string, "")
    twilio_account_sid = optional(string, "")
    twilio_sender      = optional(string, "")
    fcm_project_id     = optional(string, "")
  })
  description = "Provider routes and settings (modules/platform variable delivery; docs/delivery.md). Empty: the dry run."
  default     = {}
}

variable "public_base_url" {
  type        = string
  description = "HTTPS base URL of the feedback function, for unsubscribe and tracking links and Twilio status callbacks."
  default     = "http://localhost:8080"
}

variable "console" {
  type = object({
    image       = string
    iap_members = list(string)
  })
  description = "The web console behind IAP (modules/platform variable console; docs/console.md). Null: no console."
  default     = null
}

variable "analyze_mode" {
  type        = string
  description = "How analyze runs (modules/platform variable analyze_mode): \"pull-worker\" (default) or \"function\"."
  default     = "pull-worker"
}

variable "analyze_worker_image" {
  type        = string
  description = "Image of the analyze pull worker, passed by cicd (-var=analyze_worker_image=_ANALYZE_WORKER_IMAGE:_VERSION)."
  default     = ""
}
