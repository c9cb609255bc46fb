resource "google_firestore_database" "database" {
  project                     = var.project_id
  name                        = var.database_id
  location_id                 = var.location_id
  type                        = "FIRESTORE_NATIVE"
  concurrency_mode            = "OPTIMISTIC"
  app_engine_integration_mode = "DISABLED"
  delete_protection_state     = var.delete_protection ? "DELETE_PROTECTION_ENABLED" : "DELETE_PROTECTION_DISABLED"
  deletion_policy             = var.delete_protection ? "ABANDON" : "DELETE"
}

resource "google_firestore_index" "composite" {
  for_each = var.composite_indexes

  project     = var.project_id
  database    = google_firestore_database.database.name
  collection  = each.value.collection
  query_scope = each.value.query_scope

  dynamic "fields" {
    for_each = each.value.fields
    content {
      field_path = fields.value.field_path
      order      = fields.value.order
    }
  }
}

resource "google_firestore_field" "ttl" {
  for_each = var.ttl_fields

  project    = var.project_id
  database   = google_firestore_database.database.name
  collection = each.value.collection
  field      = each.value.field

  ttl_config {}

  # No single-field indexes on the expiry timestamp: it is never queried, and each index entry is
  # a billed write.
  index_config {}
}

resource "google_firestore_field" "collection_group" {
  for_each = var.collection_group_fields

  project    = var.project_id
  database   = google_firestore_database.database.name
  collection = each.value.collection
  field      = each.value.field

  index_config {
    indexes {
      order       = "ASCENDING"
      query_scope = "COLLECTION_GROUP"
    }
  }
}

resource "google_firestore_field" "unindexed" {
  for_each = var.unindexed_fields

  project    = var.project_id
  database   = google_firestore_database.database.name
  collection = each.value.collection
  field      = each.value.field

  index_config {}
}
