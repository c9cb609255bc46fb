locals {
  publishes = merge([
    for fn, c in var.functions : { for topic in c.publishes_to : "${fn}/${topic}" => { function = fn, topic = topic } }
  ]...)
  reads_secrets = merge([
    for fn, c in var.functions : { for secret in c.secret_ids : "${fn}/${secret}" => { function = fn, secret = secret } }
  ]...)
  project_roles = merge([
    for fn, c in var.functions : { for role in c.project_roles : "${fn}/${role}" => { function = fn, role = role } }
  ]...)
}

# One identity per function, so that each holds only what its stage needs.
resource "google_service_account" "function" {
  for_each = var.functions

  project      = var.project_id
  account_id   = "${var.name_prefix}-${each.key}"
  display_name = "User Whisperer function ${each.key}"
}

resource "google_project_iam_member" "datastore_user" {
  for_each = var.functions

  project = var.project_id
  role    = "roles/datastore.user"
  member  = google_service_account.function[each.key].member
}

resource "google_pubsub_topic_iam_member" "publisher" {
  for_each = local.publishes

  project = var.project_id
  topic   = var.topic_ids[each.value.topic]
  role    = "roles/pubsub.publisher"
  member  = google_service_account.function[each.value.function].member
}

resource "google_bigquery_dataset_iam_member" "data_editor" {
  for_each = { for fn, c in var.functions : fn => c if c.writes_warehouse }

  project    = var.project_id
  dataset_id = var.dataset_id
  role       = "roles/bigquery.dataEditor"
  member     = google_service_account.function[each.key].member
}

# Querying the views (uplift_outcomes) needs read access to the dataset; running the query job
# needs roles/bigquery.jobUser on the project, given through project_roles.
resource "google_bigquery_dataset_iam_member" "data_viewer" {
  for_each = { for fn, c in var.functions : fn => c if c.reads_warehouse && !c.writes_warehouse }

  project    = var.project_id
  dataset_id = var.dataset_id
  role       = "roles/bigquery.dataViewer"
  member     = google_service_account.function[each.key].member
}

resource "google_secret_manager_secret_iam_member" "accessor" {
  for_each = local.reads_secrets

  project   = var.project_id
  secret_id = each.value.secret
  role      = "roles/secretmanager.secretAccessor"
  member    = google_service_account.function[each.value.function].member
}

resource "google_project_iam_member" "extra" {
  for_each = local.project_roles

  project = var.project_id
  role    = each.value.role
  member  = google_service_account.function[each.value.function].member
}

# Builds the functions from their source zips; without it, builds run as the Compute Engine
# default service account, which new projects no longer grant these roles.
resource "google_service_account" "build" {
  project      = var.project_id
  account_id   = "${var.name_prefix}-build"
  display_name = "User Whisperer function builds"
}

resource "google_project_iam_member" "build" {
  for_each = toset(["roles/cloudbuild.builds.builder", "roles/logging.logWriter", "roles/artifactregistry.writer"])

  project = var.project_id
  role    = each.key
  member  = google_service_account.build.member
}

resource "google_storage_bucket_iam_member" "build_reads_sources" {
  bucket = var.source_bucket
  role   = "roles/storage.objectViewer"
  member = google_service_account.build.member
}
