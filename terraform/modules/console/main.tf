# The web console on Cloud Run behind Identity-Aware Proxy: IAP signs people in with their Google
# identity and lets through only var.iap_members; the service takes no request that did not come
# through IAP (the only invoker is IAP's service agent). It reads the warehouse's dashboard views, the
# Firestore stores and the model bucket through the same ports as the functions, with a service
# account of its own.

data "google_project" "this" {
  project_id = var.project_id
}

resource "google_project_service" "iap" {
  project            = var.project_id
  service            = "iap.googleapis.com"
  disable_on_destroy = false
}

resource "google_project_service_identity" "iap" {
  provider = google-beta

  project = var.project_id
  service = "iap.googleapis.com"

  depends_on = [google_project_service.iap]
}

resource "google_service_account" "console" {
  project      = var.project_id
  account_id   = "${var.name}-run"
  display_name = "User Whisperer console"
}

# Reads the dashboard views (and the tables under them) of the warehouse dataset only.
resource "google_bigquery_dataset_iam_member" "views_reader" {
  project    = var.project_id
  dataset_id = var.dataset_id
  role       = "roles/bigquery.dataViewer"
  member     = google_service_account.console.member
}

# Runs the queries of those views, billed to the project.
resource "google_project_iam_member" "query_runner" {
  project = var.project_id
  role    = "roles/bigquery.jobUser"
  member  = google_service_account.console.member
}

# The models page: the versions, cards, verdicts and training attempts in the model bucket.
resource "google_storage_bucket_iam_member" "models_reader" {
  bucket = var.models_bucket
  role   = "roles/storage.objectViewer"
  member = google_service_account.console.member
}

# Profiles, decisions, sent messages, apps and configuration; the configuration page saves a new
# version.
resource "google_project_iam_member" "firestore_user" {
  project = var.project_id
  role    = "roles/datastore.user"
  member  = google_service_account.console.member

  condition {
    title       = "the platform's database"
    description = "Only the Firestore database of the platform."
    expression  = "resource.name.startsWith(\"projects/${var.project_id}/databases/${var.firestore_database}\")"
  }
}

resource "google_cloud_run_v2_service" "console" {
  provider = google-beta

  project      = var.project_id
  location     = var.region
  name         = var.name
  launch_stage = "BETA"
  iap_enabled  = true
  # IAP sits in front of the service's own URL; nothing reaches it around IAP
  ingress             = "INGRESS_TRAFFIC_ALL"
  deletion_protection = false
  labels              = var.labels

  template {
    service_account = google_service_account.console.email

    scaling {
      min_instance_count = 0
      max_instance_count = var.max_instances
    }

    containers {
      image = var.image

      ports {
        container_port = 8080
      }

      resources {
        limits = {
          cpu    = "1"
          memory = "1Gi"
        }
        cpu_idle = true
      }

      # exactly what ConsoleOnGoogleCloud reads (whisperer.* as WHISPERER_*, docs/console.md)
      dynamic "env" {
        for_each = merge(
          {
            WHISPERER_GCP_PROJECT      = var.project_id
            WHISPERER_BIGQUERY_DATASET = var.dataset_id
            WHISPERER_FIRESTORE_DB     = var.firestore_database
            WHISPERER_MODELS_BUCKET    = "gs://${var.models_bucket}"
            WHISPERER_CONSOLE_AUTH     = "iap"
            # the audience of IAP's signed header when IAP sits on the Cloud Run service itself
            WHISPERER_CONSOLE_IAP_AUDIENCE = "/projects/${data.google_project.this.number}/locations/${var.region}/services/${var.name}"
            WHISPERER_BIND_ADDRESS         = "0.0.0.0"
          },
          var.environment_variables,
        )
        content {
          name  = env.key
          value = env.value
        }
      }

      startup_probe {
        http_get {
          path = "/console/login"
        }
      }
    }
  }
}

# Only IAP may invoke the service: a request without IAP's identity never reaches the console.
resource "google_cloud_run_v2_service_iam_member" "iap_invoker" {
  project  = var.project_id
  location = var.region
  name     = google_cloud_run_v2_service.console.name
  role     = "roles/run.invoker"
  member   = google_project_service_identity.iap.member
}

# The people (and groups) IAP lets through.
resource "google_iap_web_cloud_run_service_iam_member" "people" {
  provider = google-beta
  for_each = toset(var.iap_members)

  project                = var.project_id
  location               = var.region
  cloud_run_service_name = google_cloud_run_v2_service.console.name
  role                   = "roles/iap.httpsResourceAccessor"
  member                 = each.value
}
