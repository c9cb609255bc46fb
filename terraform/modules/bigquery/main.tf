locals {
  # The SQL files name relations bare (`FROM events AS e`), so that DuckDB runs them unchanged;
  # a BigQuery view must name them fully, so each FROM/JOIN of a known relation is qualified here.
  relations     = concat(keys(var.tables), [var.events_landing.raw_table, var.events_landing.view])
  bare_relation = format("/\\b(FROM|JOIN)\\s+(%s)\\b/", join("|", local.relations))
  qualified     = format("$1 `%s.%s.$2`", var.project_id, var.dataset_id)
}

resource "google_bigquery_dataset" "warehouse" {
  project     = var.project_id
  dataset_id  = var.dataset_id
  location    = var.location
  description = "User Whisperer warehouse: events, decisions, messages, deliveries and dashboard views."
  labels      = var.labels
}

resource "google_bigquery_table" "table" {
  for_each = var.tables

  project             = var.project_id
  dataset_id          = google_bigquery_dataset.warehouse.dataset_id
  table_id            = each.key
  schema              = file("${var.schemas_dir}/${each.key}.json")
  clustering          = each.value.clustering
  deletion_protection = var.deletion_protection
  labels              = var.labels

  # Old partitions drop by themselves; a query without a filter on the partition column is
  # refused where require_partition_filter is set, so no one scans a table's whole history by
  # accident.
  require_partition_filter = each.value.require_partition_filter

  time_partitioning {
    type          = "DAY"
    field         = each.value.partition_field
    expiration_ms = each.value.partition_expiration_days * 86400000
  }
}

# The events topic carries one UserEventBatch per user, so the subscription lands whole batches
# (data JSON) and the events view unnests them; see docs/cost.md.
resource "google_bigquery_table" "events_raw" {
  project             = var.project_id
  dataset_id          = google_bigquery_dataset.warehouse.dataset_id
  table_id            = var.events_landing.raw_table
  schema              = file("${var.landing_dir}/${var.events_landing.raw_table}.json")
  deletion_protection = var.deletion_protection
  labels              = var.labels

  # Partitioned on publish time: the subscription writes only the message and its metadata, so no
  # column holds the events' own time (docs/deploy.md, "Warehouse partitions").
  time_partitioning {
    type          = "DAY"
    field         = "publish_time"
    expiration_ms = var.events_raw_expiration_days * 86400000
  }
}

resource "google_bigquery_table" "events_view" {
  project             = var.project_id
  dataset_id          = google_bigquery_dataset.warehouse.dataset_id
  table_id            = var.events_landing.view
  deletion_protection = false
  labels              = var.labels

  view {
    query          = replace(file("${var.landing_dir}/${var.events_landing.view}.sql"), local.bare_relation, local.qualified)
    use_legacy_sql = false
  }

  depends_on = [google_bigquery_table.events_raw]
}

resource "google_bigquery_table" "view" {
  for_each = toset(var.views)

  project             = var.project_id
  dataset_id          = google_bigquery_dataset.warehouse.dataset_id
  table_id            = each.key
  deletion_protection = false
  labels              = var.labels

  view {
    query          = replace(file("${var.views_dir}/${each.key}.sql"), local.bare_relation, local.qualified)
    use_legacy_sql = false
  }

  depends_on = [google_bigquery_table.table, google_bigquery_table.events_view]
}
