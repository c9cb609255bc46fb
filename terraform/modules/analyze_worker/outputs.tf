output "service" {
  description = "Name of the worker's Cloud Run service (for monitoring)."
  value       = google_cloud_run_v2_service.worker.name
}

output "subscription" {
  description = "Name of the worker's pull subscription of events."
  value       = google_pubsub_subscription.events.name
}
