output "function_uris" {
  description = "Function name => HTTPS URL."
  value       = module.functions.uris
}

output "ingest_url" {
  description = "Where apps POST /v1/events."
  value       = module.functions.uris["ingest"]
}

output "dataset_id" {
  description = "The warehouse dataset."
  value       = module.bigquery.dataset_id
}

output "topic_ids" {
  description = "Topic name => id."
  value       = module.pubsub.topic_ids
}

output "function_service_accounts" {
  description = "Function name => service account email."
  value       = module.iam.emails
}
