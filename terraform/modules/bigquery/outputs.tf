output "dataset_id" {
  description = "The warehouse dataset id."
  value       = google_bigquery_dataset.warehouse.dataset_id
}

output "table_ids" {
  description = "Table name => table id."
  value       = { for name, t in google_bigquery_table.table : name => t.id }
}

output "events_raw_table_id" {
  description = "Table id (name only) of the raw events landing table."
  value       = google_bigquery_table.events_raw.table_id
}

output "view_ids" {
  description = "View name => view id."
  value       = { for name, v in google_bigquery_table.view : name => v.id }
}
