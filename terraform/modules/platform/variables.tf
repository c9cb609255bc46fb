variable "project_id" {
  type        = string
  description = "The Google Cloud project the environment lives in (one project per environment)."
}

variable "environment" {
  type        = string
  description = "Environment name (dev, prod); labels every resource."
}

variable "region" {
  type        = string
  description = "Region of the functions, triggers and scheduler job."
}

variable "bigquery_location" {
  type        = string
  description = "Location of the warehouse dataset."
}

variable "firestore_location" {
  type        = string
  description = "Location of the Firestore database; cannot be changed later."
}

variable "source_bucket" {
  type        = string
  description = "Bucket that cicd uploads the functions' source zips to (created at bootstrap, docs/deploy.md)."
}

variable "source_version" {
  type        = string
  description = "Version of the function sources to deploy: each function's zip is <source_bucket>/<function>/<source_version>.zip."
}

variable "name_prefix" {
  type        = string
  description = "Prefix of the service account ids."
  default     = "uw"
}

variable "entry_points" {
  type        = map(string)
  description = "Entry point class of the HTTP functions (http) and of the Pub/Sub-triggered ones (event); each delegates to the Spring Cloud Function bean named in SPRING_CLOUD_FUNCTION_DEFINITION."
  default = {
    http  = "dev.userwhisperer.gcp.HttpEntryPoint"
    event = "dev.userwhisperer.gcp.PubSubEntryPoint"
  }
}

variable "max_instances" {
  type        = number
  description = "Cap on every function's instances, below the limits catalog.tf derives for 100k events/s (docs/deploy.md, \"Instance limits\"): small in dev to bound its cost, at least the largest derived limit (200) in an environment that must take the full load."
  default     = 200
}

variable "ingest_min_instances" {
  type        = number
  description = "Warm instances of ingest, the one function on the apps' request path."
  default     = 0
}

variable "max_delivery_attempts" {
  type        = number
  description = "Deliveries of a message to a stage before it is dead-lettered."
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
  description = "Which provider sends each app's channel (routes, e.g. \"*:email=sendgrid,*:sms=twilio,*:push=fcm\"; empty: the dry run, which records and sends nothing) and the routed providers' settings: SendGrid's verified sender address, Twilio's account SID and Messaging Service SID (MG...) or sender number, the Firebase project of FCM. Credentials come from the secrets (docs/deploy.md); a routed provider without its credential or setting stops its function's start. See docs/delivery.md."
  default     = {}

  validation {
    condition     = can(regex("^(\\s*[^:=,]+:(email|sms|push)=(sendgrid|twilio|fcm|smtp)\\s*(,|$))*$", var.delivery.routes))
    error_message = "delivery.routes must be app:channel=provider entries separated by commas (providers: sendgrid, twilio, fcm, smtp)."
  }
}

variable "public_base_url" {
  type        = string
  description = "HTTPS base URL where users' mail clients and the providers reach the feedback function (unsubscribe and tracking links, Twilio status callbacks), without a trailing slash."
  default     = "http://localhost:8080"
}

variable "deletion_protection" {
  type        = bool
  description = "Protect the warehouse tables and the Firestore database against deletion."
  default     = true
}

variable "dead_letter_after" {
  type        = string
  description = "How long after its publication a message a triggered function still fails on is dead-lettered by the function (ISO-8601, below Eventarc's 24 h retry window)."
  default     = "PT2H"
}

variable "notification_channels" {
  type        = list(string)
  description = "Notification channel ids that alerts go to."
  default     = []
}

variable "latency_p95_threshold_ms" {
  type        = number
  description = "p95 latency per function above which an alert opens."
  default     = 1000
}

variable "error_rate_threshold" {
  type        = number
  description = "Share of 5xx responses per function above which an alert opens."
  default     = 0.05
}

variable "vertex_endpoint" {
  type        = string
  description = "Vertex AI endpoint serving the churn model (projects/P/locations/L/endpoints/E), given to analyze as WHISPERER_VERTEX_ENDPOINT. Empty: no churn scoring and no CHURN_RISK signals."
  default     = ""

  validation {
    condition     = var.vertex_endpoint == "" || can(regex("^projects/[^/]+/locations/[^/]+/endpoints/[^/]+$", var.vertex_endpoint))
    error_message = "vertex_endpoint is empty or projects/P/locations/L/endpoints/E."
  }
}

variable "churn_features" {
  type        = list(string)
  description = "The deployed churn model's features, in the order of its features.json (vertex-models export), given to analyze as WHISPERER_CHURN_FEATURES (comma-separated). Required with vertex_endpoint; analyze refuses to start with an endpoint and no features."
  default     = []

  validation {
    condition     = alltrue([for f in var.churn_features : can(regex("^[a-z0-9_]+$", f))])
    error_message = "churn_features are FeatureVector names: lower case, digits and underscores."
  }
}

variable "churn_threshold" {
  type        = number
  description = "Churn probability from which analyze considers a user at risk and raises CHURN_RISK (WHISPERER_CHURN_THRESHOLD)."
  default     = 0.7

  validation {
    condition     = var.churn_threshold > 0 && var.churn_threshold < 1
    error_message = "churn_threshold is a probability strictly between 0 and 1."
  }
}

variable "holdout_percent" {
  type        = number
  description = "Share of users (0-100) in the global holdout: sent no marketing message, the control that uplift is learned from (WHISPERER_DECIDE_HOLDOUT_PERCENT). Choose once per app: changing it moves users in or out."
  default     = 10

  validation {
    condition     = var.holdout_percent >= 0 && var.holdout_percent <= 100 && floor(var.holdout_percent) == var.holdout_percent
    error_message = "holdout_percent is a whole number from 0 to 100."
  }
}

variable "console" {
  type = object({
    image       = string
    iap_members = list(string)
  })
  description = "The web console on Cloud Run behind Identity-Aware Proxy (modules/console, docs/console.md): its image and who may open it. Null: no console."
  default     = null
}

variable "availability_target" {
  type        = number
  description = "Share of ingest requests answered without a 5xx over 28 days (the SLO); burn-rate alerts fire on its error budget."
  default     = 0.9995
}

variable "ingest_latency_threshold_ms" {
  type        = number
  description = "An ingest request answered within this many milliseconds counts as fast for the latency SLO (99 % of requests)."
  default     = 300
}

variable "pipeline_lag_threshold_s" {
  type        = number
  description = "Age in seconds of the oldest unacknowledged message of a stage's subscription above which the pipeline-lag alert opens."
  default     = 300
}

variable "analyze_mode" {
  type        = string
  description = "How analyze runs: \"pull-worker\" (default, the cheaper by the counted cost in docs/cost.md: a Cloud Run service pulling events and merging each user's batches over analyze_merge_window) or \"function\" (a Cloud Function triggered by Eventarc for each message)."
  default     = "pull-worker"

  validation {
    condition     = contains(["pull-worker", "function"], var.analyze_mode)
    error_message = "analyze_mode is \"pull-worker\" or \"function\"."
  }
}

variable "analyze_worker_image" {
  type        = string
  description = "Container image of the analyze pull worker (functions/gcp, Jib profile analyze-worker-image; cicd pushes it as _ANALYZE_WORKER_IMAGE:_VERSION). Required when analyze_mode is \"pull-worker\"."
  default     = ""
}

variable "analyze_merge_window" {
  type        = string
  description = "The quiet time after which the analyze pull worker analyzes a user's held batches together (ISO-8601, e.g. PT30S): a visit whose events come closer together is one profile write (docs/cost.md, \"The analyze pull worker\")."
  default     = "PT60S"
}

variable "analyze_merge_max_hold" {
  type        = string
  description = "How long the analyze pull worker holds a user's first batch at most while the user keeps sending (ISO-8601, from analyze_merge_window to PT10M): the most the merge delays a signal."
  default     = "PT5M"
}
