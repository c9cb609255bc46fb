variable "project_id" {
  type        = string
  description = "Project that holds the topics."
}

variable "topics" {
  type        = list(string)
  description = "Topics between stages (core's Topics.ALL); each gets a dead-letter topic named <topic>.dead-letter."
}

variable "message_retention_duration" {
  type        = string
  description = "How long a topic keeps published messages so that a subscription can seek back and replay (e.g. 86400s), billed as storage; null keeps none (unacked messages still wait in their subscriptions)."
  default     = null
}

variable "dead_letter_retention_duration" {
  type        = string
  description = "How long the hold subscription of a dead-letter topic keeps messages for inspection and replay."
  default     = "604800s"
}

variable "pubsub_service_agent" {
  type        = string
  description = "IAM member of the project's Pub/Sub service agent (google_project_service_identity), which publishes dead letters and writes the BigQuery subscription."
}

variable "bigquery_export" {
  type = object({
    topic      = string
    dataset_id = string
    table_id   = string
  })
  description = "The topic whose messages a Pub/Sub BigQuery subscription writes, with metadata, into dataset_id.table_id."
}

variable "max_delivery_attempts" {
  type        = number
  description = "Deliveries of a message before the BigQuery subscription moves it to the dead-letter topic (5-100)."
  default     = 10
}

variable "min_retry_delay" {
  type        = string
  description = "Smallest backoff between redeliveries of a message the subscription could not write."
  default     = "10s"
}

variable "max_retry_delay" {
  type        = string
  description = "Largest backoff between redeliveries of a message the subscription could not write."
  default     = "600s"
}

variable "labels" {
  type        = map(string)
  description = "Labels put on every topic and subscription."
  default     = {}
}
