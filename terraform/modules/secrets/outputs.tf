output "secret_ids" {
  description = "Secret id => full resource id (projects/P/secrets/ID)."
  value       = { for id, s in google_secret_manager_secret.secret : id => s.id }
}
