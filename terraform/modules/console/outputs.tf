output "url" {
  description = "The console's address (IAP asks who you are first)."
  value       = google_cloud_run_v2_service.console.uri
}

output "service_account" {
  description = "The identity the console reads BigQuery and Firestore with."
  value       = google_service_account.console.email
}
