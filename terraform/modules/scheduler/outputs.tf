output "job_name" {
  description = "Name of the Cloud Scheduler job."
  value       = google_cloud_scheduler_job.job.name
}

output "invoker_email" {
  description = "Service account the job calls the function as."
  value       = google_service_account.invoker.email
}
