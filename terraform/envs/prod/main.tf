# prod: one warm ingest instance, room to scale, data protected against deletion.
module "platform" {
  source = "../../modules/platform"

  project_id         = var.project_id
  environment        = "prod"
  region             = var.region
  bigquery_location  = "EU"
  firestore_location = "eur3"
  source_bucket      = var.source_bucket
  source_version     = var.source_version
  # every function up to the limit derived for 100k events/s (docs/deploy.md, "Instance limits")
  max_instances            = 200
  ingest_min_instances     = 1
  deletion_protection      = true
  notification_channels    = var.notification_channels
  vertex_endpoint          = var.vertex_endpoint
  churn_features           = var.churn_features
  churn_threshold          = var.churn_threshold
  holdout_percent          = var.holdout_percent
  delivery                 = var.delivery
  public_base_url          = var.public_base_url
  latency_p95_threshold_ms = 1000
  console                  = var.console
  analyze_mode             = var.analyze_mode
  analyze_worker_image     = var.analyze_worker_image
}
