resource "google_pubsub_topic" "topic" {
  for_each = toset(var.topics)

  project                    = var.project_id
  name                       = each.key
  message_retention_duration = var.message_retention_duration
  labels                     = var.labels
}

resource "google_pubsub_topic" "dead_letter" {
  for_each = toset(var.topics)

  project                    = var.project_id
  name                       = "${each.key}.dead-letter"
  message_retention_duration = var.message_retention_duration
  labels                     = var.labels
}

# Without a subscription a dead-letter topic drops what it receives; this one keeps it, and its
# backlog is what the dead-letter alert watches.
resource "google_pubsub_subscription" "dead_letter_hold" {
  for_each = toset(var.topics)

  project                    = var.project_id
  name                       = "${each.key}.dead-letter.hold"
  topic                      = google_pubsub_topic.dead_letter[each.key].id
  message_retention_duration = var.dead_letter_retention_duration
  ack_deadline_seconds       = 60
  labels                     = var.labels

  expiration_policy {
    ttl = ""
  }
}

resource "google_pubsub_topic_iam_member" "service_agent_publishes_dead_letters" {
  for_each = toset(var.topics)

  project = var.project_id
  topic   = google_pubsub_topic.dead_letter[each.key].name
  role    = "roles/pubsub.publisher"
  member  = var.pubsub_service_agent
}

resource "google_bigquery_table_iam_member" "service_agent_writes_export_table" {
  project    = var.project_id
  dataset_id = var.bigquery_export.dataset_id
  table_id   = var.bigquery_export.table_id
  role       = "roles/bigquery.dataEditor"
  member     = var.pubsub_service_agent
}

# No topic schema: each message's JSON lands in the table's `data` column, next to its metadata,
# after the transform has replaced its contact traits by their pseudonyms (docs/privacy.md).
resource "google_pubsub_subscription" "bigquery_export" {
  project = var.project_id
  name    = "${var.bigquery_export.topic}.to-bigquery"
  topic   = google_pubsub_topic.topic[var.bigquery_export.topic].id
  labels  = var.labels

  message_transforms {
    javascript_udf {
      function_name = "pseudonymizeContactTraits"
      code          = file("${path.module}/transforms/pseudonymize_contact_traits.js")
    }
  }

  bigquery_config {
    table          = "${var.project_id}.${var.bigquery_export.dataset_id}.${var.bigquery_export.table_id}"
    write_metadata = true
  }

  dead_letter_policy {
    dead_letter_topic     = google_pubsub_topic.dead_letter[var.bigquery_export.topic].id
    max_delivery_attempts = var.max_delivery_attempts
  }

  retry_policy {
    minimum_backoff = var.min_retry_delay
    maximum_backoff = var.max_retry_delay
  }

  expiration_policy {
    ttl = ""
  }

  depends_on = [
    google_bigquery_table_iam_member.service_agent_writes_export_table,
    google_pubsub_topic_iam_member.service_agent_publishes_dead_letters,
  ]
}

resource "google_pubsub_subscription_iam_member" "service_agent_acks_export_dead_letters" {
  project      = var.project_id
  subscription = google_pubsub_subscription.bigquery_export.name
  role         = "roles/pubsub.subscriber"
  member       = var.pubsub_service_agent
}
