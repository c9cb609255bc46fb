output "uris" {
  description = "Function name => HTTPS URL of the function."
  value       = { for name, f in google_cloudfunctions2_function.function : name => f.service_config[0].uri }
}

output "services" {
  description = "Function name => the Cloud Run service that runs it (for IAM and monitoring)."
  value       = local.services
}

output "trigger_subscriptions" {
  description = "Triggered function name => the Pub/Sub subscription Eventarc created for it."
  value       = { for name, t in google_eventarc_trigger.trigger : name => t.transport[0].pubsub[0].subscription }
}
