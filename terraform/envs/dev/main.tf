# dev: cheap and disposable — scale to zero, no deletion protection, loose latency alert.
module "platform" {
  source = "../../modules/platform"

  project_id               = var.project_id
  environment              = "dev"
  region                   = var.region
  bigquery_location        = "EU"
  firestore_location       = "eur3"
  source_bucket            = var.source_bucket
  source_version           = var.source_version
  max_instances            = 3
  ingest_min_instances     = 0
  deletion_protection      = false
  notification_channels    = var.notification_channels
  vertex_endpoint          = var.vertex_endpoint
  churn_features           = var.churn_features
  churn_threshold          = var.churn_threshold
  holdout_percent          = var.holdout_percent
  delivery                 = var.delivery
  public_base_url          = var.public_base_url
  latency_p95_threshold_ms = 3000
  console                  = var.console
  analyze_mode             = var.analyze_mode
  analyze_worker_image     = var.analyze_worker_image
}
