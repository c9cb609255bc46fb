output "database_name" {
  description = "The Firestore database id."
  value       = google_firestore_database.database.name
}
