output "uris" {
  description = "Function name => HTTPS URL of the function."
  value       = { for name, f in google_cloudfunctions2_function.function : name => f.service_config[0].uri }
}

output "services" {
  description = "Function name => the Cloud Run service that runs it (for IAM and monitoring)."
  value       = local.services
}

output "triggers" {
  description = "Triggered function name => the Eventarc trigger that Cloud Functions created for it."
  value       = { for name, f in google_cloudfunctions2_function.function : name => f.event_trigger[0].trigger if length(f.event_trigger) > 0 }
}
