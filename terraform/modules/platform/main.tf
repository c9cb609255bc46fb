locals {
  labels = { app = "user-whisperer", environment = var.environment }

  # APIs whose service agents the platform uses right after enabling them.
  service_agents = ["pubsub.googleapis.com", "eventarc.googleapis.com", "cloudfunctions.googleapis.com", "bigquerydatatransfer.googleapis.com"]

  apis = [
    "artifactregistry.googleapis.com",
    "bigquery.googleapis.com",
    "bigquerydatatransfer.googleapis.com",
    "cloudbuild.googleapis.com",
    "cloudfunctions.googleapis.com",
    "cloudscheduler.googleapis.com",
    "cloudtrace.googleapis.com",
    "eventarc.googleapis.com",
    "firestore.googleapis.com",
    "iam.googleapis.com",
    "monitoring.googleapis.com",
    "pubsub.googleapis.com",
    "run.googleapis.com",
    "secretmanager.googleapis.com",
    "telemetry.googleapis.com",
    "aiplatform.googleapis.com",
    "storage.googleapis.com",
  ]
}

resource "google_project_service" "api" {
  for_each = toset(local.apis)

  project            = var.project_id
  service            = each.key
  disable_on_destroy = false
}

# A service agent appears some time after its API is enabled; granting it a role before it exists
# fails a first apply. Creating the identity waits for it and yields its member. Pub/Sub's publishes
# dead letters and writes the BigQuery subscription; Eventarc's creates the functions' triggers,
# Cloud Functions' deploys them, and the Data Transfer Service's runs the events append.
resource "google_project_service_identity" "agent" {
  provider = google-beta
  for_each = toset(local.service_agents)

  project = var.project_id
  service = each.key

  depends_on = [google_project_service.api]
}

module "bigquery" {
  source = "../bigquery"

  project_id          = var.project_id
  location            = var.bigquery_location
  schemas_dir         = "${path.module}/../../../bigquery/schemas"
  views_dir           = "${path.module}/../../../bigquery/views"
  landing_dir         = "${path.module}/../../../bigquery/landing"
  tables              = local.warehouse_tables
  views               = local.dashboard_views
  events_landing      = local.events_landing
  deletion_protection = var.deletion_protection

  transfer_service_agent = google_project_service_identity.agent["bigquerydatatransfer.googleapis.com"].member
  labels                 = local.labels

  depends_on = [google_project_service.api]
}

module "pubsub" {
  source = "../pubsub"

  project_id            = var.project_id
  topics                = local.topics
  max_delivery_attempts = var.max_delivery_attempts
  pubsub_service_agent  = google_project_service_identity.agent["pubsub.googleapis.com"].member
  labels                = local.labels
  bigquery_export = {
    topic      = "events"
    dataset_id = module.bigquery.dataset_id
    table_id   = module.bigquery.events_raw_table_id
  }

  depends_on = [google_project_service.api]
}

module "firestore" {
  source = "../firestore"

  project_id        = var.project_id
  location_id       = var.firestore_location
  delete_protection = var.deletion_protection

  # DecisionLog.find looks a decision up by id under any user: a collection-group index
  collection_group_fields = {
    decision_by_id = { collection = "decisions", field = "decisionId" }
  }

  composite_indexes = {
    # the console's messages page: an app's sent messages, newest first (FirestoreMessageHistory)
    sent_messages_by_app = {
      collection = "sent_messages"
      fields = [
        { field_path = "appId", order = "ASCENDING" },
        { field_path = "sentAt", order = "DESCENDING" },
      ]
    }
    # The sweep's due query on the profiles of every app, per shard (FirestoreProfileStore.due):
    # the index writes of the clustered nextDueAt spread over the shards' key ranges instead of
    # one. Write rates at 100k events/s: docs/cost.md, "The sweep at 100k events/s".
    profiles_due = {
      collection  = "users"
      query_scope = "COLLECTION_GROUP"
      fields = [
        { field_path = "sweepShard", order = "ASCENDING" },
        { field_path = "nextDueAt", order = "ASCENDING" },
      ]
    }
  }

  # the app-wide bandit counts are read by document, never queried: no index on their 342 fields
  unindexed_fields = merge(
    {
      for collection in ["users", "decisions", "quarantine", "sent_messages", "uplift_tables", "app_configs", "app_config_versions"] :
      "${collection}_json" => { collection = collection, field = "json" }
    },
    {
      arm_statistics_arms = { collection = "arm_statistics", field = "arms" }
    },
    # only the composite (sweepShard, nextDueAt) index: a single-field index on a timestamp that
    # nearly every profile write moves forward would take them all in one key range (about 500
    # writes per second); nothing queries a profile's updatedAt or lastActiveAt
    {
      for field in ["nextDueAt", "updatedAt", "lastActiveAt"] :
      "users_${field}" => { collection = "users", field = field }
    },
    # ingest's rate-limit shards are read by id only; an index on the growing second would be a
    # hotspot of its own
    {
      for field in ["appId", "second", "used"] :
      "ingest_quota_${field}" => { collection = "ingest_quota", field = field }
    }
  )

  # the per-second shards of ingest's shared rate limit, the app-wide bandit counts of weeks past
  # their window, and the erasure tombstones once no event accepted before the erasure can still be
  # delivered: their expireAt is 15 days after the erasure (FirestoreErasureTombstones.RETENTION),
  # the 7 days the analyze worker's subscription of events keeps a message (Eventarc's keep 24 h),
  # then the 7 days events.dead-letter's hold subscription keeps it for a replay, and a day's margin
  ttl_fields = {
    ingest_quota       = { collection = "ingest_quota", field = "expireAt" }
    arm_statistics     = { collection = "arm_statistics", field = "expireAt" }
    erasure_tombstones = { collection = "erasure_tombstones", field = "expireAt" }
  }

  depends_on = [google_project_service.api]
}

module "secrets" {
  source = "../secrets"

  project_id = var.project_id
  secrets    = local.secrets
  labels     = local.labels

  depends_on = [google_project_service.api]
}

module "iam" {
  source = "../iam"

  project_id    = var.project_id
  name_prefix   = var.name_prefix
  topic_ids     = module.pubsub.topic_ids
  dataset_id    = module.bigquery.dataset_id
  source_bucket = var.source_bucket
  functions = {
    for name, f in local.functions : name => {
      publishes_to     = f.publishes
      writes_warehouse = f.warehouse
      reads_warehouse  = try(f.reads_warehouse, false)
      secret_ids       = values(f.secrets)
      # every function writes its meters to Cloud Monitoring and its spans to Cloud Trace
      project_roles = concat(f.roles, ["roles/monitoring.metricWriter", "roles/cloudtrace.agent"])
    }
  }

  depends_on = [google_project_service.api, module.secrets]
}

module "functions" {
  source = "../functions"

  project_id            = var.project_id
  region                = var.region
  source_bucket         = var.source_bucket
  build_service_account = module.iam.build_service_account
  topic_ids             = module.pubsub.topic_ids
  dead_letter_after     = var.dead_letter_after
  labels                = local.labels

  common_environment = local.common_environment

  functions = {
    for name, f in local.functions : name => {
      entry_point           = f.trigger == null ? var.entry_points["http"] : var.entry_points["event"]
      source_object         = "${name}/${var.source_version}.zip"
      service_account_email = module.iam.emails[name]
      trigger_topic         = f.trigger
      public                = f.public
      reachable             = try(f.reachable, false)
      memory                = f.memory
      min_instances         = f.min_instances
      max_instances         = min(f.max_instances, var.max_instances)
      concurrency           = f.concurrency
      environment           = merge({ SPRING_CLOUD_FUNCTION_DEFINITION = f.bean }, lookup(local.function_environment, name, {}))
      secrets               = f.secrets
    }
    # with the pull worker, analyze is no function and events trigger nothing
    if !(name == "analyze" && local.analyze_by_worker)
  }

  depends_on = [module.iam, module.secrets, google_project_service_identity.agent]
}

# analyze_mode = "pull-worker" (the default, which the counted cost favours: docs/cost.md): analyze
# runs as a Cloud Run pull worker on its own subscription of events instead of a triggered function.
module "analyze_worker" {
  source = "../analyze_worker"
  count  = local.analyze_by_worker ? 1 : 0

  project_id            = var.project_id
  region                = var.region
  image                 = var.analyze_worker_image
  service_account_email = module.iam.emails["analyze"]
  topic_id              = module.pubsub.topic_ids["events"]
  dead_letter_topic_id  = module.pubsub.dead_letter_topic_ids["events"]
  pubsub_service_agent  = google_project_service_identity.agent["pubsub.googleapis.com"].member
  max_delivery_attempts = var.max_delivery_attempts
  merge_window          = var.analyze_merge_window
  max_hold              = var.analyze_merge_max_hold
  min_instances         = 1
  max_instances         = min(local.analyze_worker_max_instances, var.max_instances)
  environment           = merge(local.common_environment, local.function_environment["analyze"])
  labels                = local.labels

  depends_on = [module.iam, google_project_service_identity.agent]
}

locals {
  analyze_by_worker = var.analyze_mode == "pull-worker"

  common_environment = {
    SPRING_PROFILES_ACTIVE    = "gcp"
    GOOGLE_CLOUD_PROJECT      = var.project_id
    WHISPERER_ENVIRONMENT     = var.environment
    WAREHOUSE_DATASET         = module.bigquery.dataset_id
    FIRESTORE_DATABASE        = module.firestore.database_name
    WHISPERER_PUBLIC_BASE_URL = var.public_base_url
    # secrets not mounted as environment variables are read from Secret Manager by id
    WHISPERER_SECRET_MANAGER_ENABLED = "true"
    # the pipeline's meters (docs/observability.md) as custom.googleapis.com/whisperer/* metrics
    WHISPERER_METRICS_EXPORT = "stackdriver"
    # the spans of each request and message, to Cloud Trace through its OTLP endpoint
    WHISPERER_TRACES_EXPORT = "cloudtrace"
  }
}

module "scheduler" {
  source = "../scheduler"

  project_id     = var.project_id
  region         = var.region
  name_prefix    = var.name_prefix
  job_name       = "sweep"
  schedule       = "* * * * *"
  target_uri     = module.functions.uris["sweep"]
  target_service = module.functions.services["sweep"]
}

# Daily at 03:00 UTC, after the day's decisions have landed in BigQuery; decide picks the new
# table up within five minutes.
module "learn_scheduler" {
  source = "../scheduler"

  project_id       = var.project_id
  region           = var.region
  name_prefix      = var.name_prefix
  invoker_name     = "learn-scheduler"
  job_name         = "learn"
  description      = "Calls learn: recomputes the uplift table from the warehouse's treated and held-out outcomes."
  schedule         = "0 3 * * *"
  retry_count      = 3
  attempt_deadline = "600s"
  target_uri       = module.functions.uris["learn"]
  target_service   = module.functions.services["learn"]
}

module "monitoring" {
  source = "../monitoring"

  project_id                  = var.project_id
  notification_channels       = var.notification_channels
  dead_letter_subscriptions   = values(module.pubsub.dead_letter_hold_subscriptions)
  services                    = concat(values(module.functions.services), module.analyze_worker[*].service)
  error_rate_threshold        = var.error_rate_threshold
  latency_p95_threshold_ms    = var.latency_p95_threshold_ms
  ingest_service              = module.functions.services["ingest"]
  availability_target         = var.availability_target
  ingest_latency_threshold_ms = var.ingest_latency_threshold_ms
  pipeline_lag_threshold_s    = var.pipeline_lag_threshold_s

  depends_on = [google_project_service.api]
}

module "console" {
  source = "../console"
  count  = var.console == null ? 0 : 1

  project_id    = var.project_id
  region        = var.region
  image         = var.console.image
  iap_members   = var.console.iap_members
  dataset_id    = module.bigquery.dataset_id
  models_bucket = google_storage_bucket.models.name
  labels        = local.labels

  depends_on = [google_project_service.api]
}
