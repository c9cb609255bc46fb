output "topic_ids" {
  description = "Topic name => topic id (projects/P/topics/NAME)."
  value       = { for name, topic in google_pubsub_topic.topic : name => topic.id }
}

output "dead_letter_topic_ids" {
  description = "Topic name => id of its dead-letter topic."
  value       = { for name, topic in google_pubsub_topic.dead_letter : name => topic.id }
}

output "dead_letter_hold_subscriptions" {
  description = "Topic name => name of the subscription that keeps its dead letters."
  value       = { for name, sub in google_pubsub_subscription.dead_letter_hold : name => sub.name }
}

output "bigquery_export_subscription" {
  description = "Name of the BigQuery subscription that lands the exported topic in the warehouse."
  value       = google_pubsub_subscription.bigquery_export.name
}
