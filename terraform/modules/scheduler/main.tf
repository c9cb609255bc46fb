resource "google_service_account" "invoker" {
  project      = var.project_id
  account_id   = "${var.name_prefix}-${var.invoker_name}"
  display_name = "User Whisperer Cloud Scheduler invoker of ${var.job_name}"
}

resource "google_cloud_run_v2_service_iam_member" "invoker" {
  project  = var.project_id
  location = var.region
  name     = var.target_service
  role     = "roles/run.invoker"
  member   = google_service_account.invoker.member
}

resource "google_cloud_scheduler_job" "job" {
  project          = var.project_id
  region           = var.region
  name             = var.job_name
  description      = var.description
  schedule         = var.schedule
  time_zone        = var.time_zone
  attempt_deadline = var.attempt_deadline

  # The sweep's next run a minute later does the same work, so it retries nothing; a daily job does.
  retry_config {
    retry_count = var.retry_count
  }

  http_target {
    http_method = "POST"
    uri         = var.target_uri
    headers = {
      "Content-Type" = "application/json"
    }
    body = base64encode("{}")

    oidc_token {
      service_account_email = google_service_account.invoker.email
      audience              = var.target_uri
    }
  }

  depends_on = [google_cloud_run_v2_service_iam_member.invoker]
}
