# The model directory on Cloud Storage (functions/gcp GcsModelDirectory): the learn function writes
# each trained version (churn and uplift), its verdict and the live pointers; analyze (churn) and
# decide (uplift) read the live versions and score them in-process; appconfig lists them. Object versioning keeps an overwritten live pointer or verdict recoverable; a
# noncurrent object is deleted after 30 days, or once three newer ones exist. Model versions
# themselves are written once and never deleted by a rule: GET /v1/models lists them.
resource "google_storage_bucket" "models" {
  project                     = var.project_id
  name                        = "${var.project_id}-whisperer-models"
  location                    = var.region
  storage_class               = "STANDARD"
  uniform_bucket_level_access = true
  public_access_prevention    = "enforced"
  force_destroy               = !var.deletion_protection
  labels                      = local.labels

  versioning {
    enabled = true
  }

  lifecycle_rule {
    condition {
      days_since_noncurrent_time = 30
    }
    action {
      type = "Delete"
    }
  }

  lifecycle_rule {
    condition {
      num_newer_versions = 3
      with_state         = "ARCHIVED"
    }
    action {
      type = "Delete"
    }
  }

  depends_on = [google_project_service.api]
}

# learn writes versions, verdicts and live pointers (and replaces them: objectAdmin, not creator).
resource "google_storage_bucket_iam_member" "learn_writes_models" {
  bucket = google_storage_bucket.models.name
  role   = "roles/storage.objectAdmin"
  member = "serviceAccount:${module.iam.emails["learn"]}"
}

# The functions that score read them, and appconfig, which lists them (GET /v1/models).
resource "google_storage_bucket_iam_member" "scorers_read_models" {
  for_each = toset(local.model_readers)
  bucket   = google_storage_bucket.models.name
  role     = "roles/storage.objectViewer"
  member   = "serviceAccount:${module.iam.emails[each.key]}"
}
