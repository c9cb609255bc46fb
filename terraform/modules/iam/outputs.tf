output "emails" {
  description = "Function name => email of its service account."
  value       = { for fn, sa in google_service_account.function : fn => sa.email }
}

output "members" {
  description = "Function name => IAM member (serviceAccount:...) of its service account."
  value       = { for fn, sa in google_service_account.function : fn => sa.member }
}

output "build_service_account" {
  description = "Id (projects/P/serviceAccounts/EMAIL) of the service account that builds the functions."
  value       = google_service_account.build.id
}
