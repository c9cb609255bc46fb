output "ingest_url" {
  description = "Where apps POST /v1/events."
  value       = module.platform.ingest_url
}

output "function_uris" {
  description = "Function name => HTTPS URL."
  value       = module.platform.function_uris
}

output "dataset_id" {
  description = "The warehouse dataset."
  value       = module.platform.dataset_id
}
