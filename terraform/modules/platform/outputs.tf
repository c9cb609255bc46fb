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

output "console_url" {
  description = "The console's address behind IAP; null without a console."
  value       = var.console == null ? null : module.console[0].url
}
