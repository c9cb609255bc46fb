variable "project_id" {
  type        = string
  description = "The project of the environment."
}

variable "region" {
  type        = string
  description = "Region of the Cloud Run service."
}

variable "name" {
  type        = string
  description = "Name of the Cloud Run service and prefix of its service account."
  default     = "console"
}

variable "image" {
  type        = string
  description = "Container image of the console, built by Jib (functions/console, profile console-image) and pushed by Cloud Build's step console-image (cicd/cloudbuild.yaml, when _CONSOLE_IMAGE is set) to Artifact Registry, e.g. europe-west1-docker.pkg.dev/P/apps/whisperer-console:1.2.3. See docs/console.md, \"On Google Cloud\"."
}

variable "dataset_id" {
  type        = string
  description = "The warehouse dataset whose dashboard views the console reads."
}

variable "firestore_database" {
  type        = string
  description = "The Firestore database of the profiles, decisions, apps and configuration the console reads (and the configuration it saves)."
  default     = "(default)"
}

variable "models_bucket" {
  type        = string
  description = "The name of the Cloud Storage bucket the learn job promotes models into; the console shows their cards and reads nothing else there."
}

variable "iap_members" {
  type        = list(string)
  description = "Who may open the console through Identity-Aware Proxy, e.g. [\"group:growth@example.com\"]; nobody else reaches it."

  validation {
    condition     = length(var.iap_members) > 0 && alltrue([for m in var.iap_members : can(regex("^(user|group|serviceAccount|domain):", m))])
    error_message = "iap_members needs at least one member, each user:, group:, serviceAccount: or domain:."
  }
}

variable "max_instances" {
  type        = number
  description = "Cap on the console's instances: a few people use it, it needs few."
  default     = 2
}

variable "environment_variables" {
  type        = map(string)
  description = "Further settings of the console (whisperer.* as WHISPERER_* variables)."
  default     = {}
}

variable "labels" {
  type        = map(string)
  description = "Labels of the service."
  default     = {}
}
