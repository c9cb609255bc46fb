locals {
  # The SQL files name relations bare (`FROM events AS e`), so that DuckDB runs them unchanged;
  # a BigQuery view or scheduled query must name them fully, so each FROM/JOIN (and the append's
  # INSERT INTO) of a known relation is qualified here.
  relations     = concat(keys(var.tables), [var.events_landing.raw_table])
  bare_relation = format("/\\b(FROM|JOIN|INTO)\\s+(%s)\\b/", join("|", local.relations))
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
  # accident (the code's and the views' queries all carry one: bigquery/README.md).
  require_partition_filter = each.value.require_partition_filter

  time_partitioning {
    type          = "DAY"
    field         = each.value.partition_field
    expiration_ms = each.value.partition_expiration_days * 86400000
  }
}

# The events topic carries one UserEventBatch per user, so the subscription lands whole batches
# (data JSON) here, and the scheduled query below unnests them into the typed events table; see
# docs/cost.md, "Events into BigQuery".
resource "google_bigquery_table" "events_raw" {
  project             = var.project_id
  dataset_id          = google_bigquery_dataset.warehouse.dataset_id
  table_id            = var.events_landing.raw_table
  schema              = file("${var.landing_dir}/${var.events_landing.raw_table}.json")
  deletion_protection = var.deletion_protection
  labels              = var.labels

  # Partitioned by the hour of publish_time, the only time the subscription writes beside the
  # message: each hourly run of the append reads exactly one partition. Only the append and the
  # erasure read it, both with a filter on publish_time.
  require_partition_filter = true

  time_partitioning {
    type          = "HOUR"
    field         = "publish_time"
    expiration_ms = var.events_raw_expiration_days * 86400000
  }
}

# Runs the scheduled query as its own identity: it reads events_raw and appends to events.
resource "google_service_account" "events_append" {
  project      = var.project_id
  account_id   = "events-append"
  display_name = "Appends events_raw to events (scheduled query)"
}

resource "google_bigquery_dataset_iam_member" "events_append_edits" {
  project    = var.project_id
  dataset_id = google_bigquery_dataset.warehouse.dataset_id
  role       = "roles/bigquery.dataEditor"
  member     = google_service_account.events_append.member
}

resource "google_project_iam_member" "events_append_runs_jobs" {
  project = var.project_id
  role    = "roles/bigquery.jobUser"
  member  = google_service_account.events_append.member
}

# The Data Transfer Service's agent mints the service account's tokens for each run.
resource "google_service_account_iam_member" "transfer_agent_acts_as_events_append" {
  service_account_id = google_service_account.events_append.name
  role               = "roles/iam.serviceAccountTokenCreator"
  member             = var.transfer_service_agent
}

# Every hour, the publish hour that closed an hour before is appended to events
# (bigquery/landing/<append_query>.sql, @run_time given by the service).
resource "google_bigquery_data_transfer_config" "events_append" {
  project              = var.project_id
  location             = var.location
  display_name         = "events from ${var.events_landing.raw_table}"
  data_source_id       = "scheduled_query"
  schedule             = var.events_append_schedule
  service_account_name = google_service_account.events_append.email

  params = {
    query = replace(file("${var.landing_dir}/${var.events_landing.append_query}.sql"), local.bare_relation, local.qualified)
  }

  depends_on = [
    google_bigquery_table.table,
    google_bigquery_table.events_raw,
    google_bigquery_dataset_iam_member.events_append_edits,
    google_project_iam_member.events_append_runs_jobs,
    google_service_account_iam_member.transfer_agent_acts_as_events_append,
  ]
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

  depends_on = [google_bigquery_table.table]
}
