# What the platform is made of: topics, warehouse tables and views, secrets and functions. Plain
# values only, so that the terraform module's tests can read them and compare them with the code
# (core's Topics, bigquery/schemas, bigquery/views).
locals {
  # core's Topics.ALL; the terraform module's tests keep the two equal.
  topics = ["events", "signals", "decisions", "outbound.email", "outbound.sms", "outbound.push"]

  # One per bigquery/schemas/*.json. events is appended every hour from the subscription's raw
  # table (bigquery/landing) by a scheduled query; the others are streamed by the functions.
  # Retention, in days after a partition's day (docs/deploy.md, "Warehouse partitions"):
  # - 400 for what the dashboards show and the learn job trains on: a year of dashboards plus a
  #   month. The learn job's longest look-back is well inside it: churn training cut-offs up to 49
  #   days back with their label windows, uplift windows of 14 days after each decision (holdout
  #   lift 30), the spread estimator's 28 days of profile_snapshots; the uplift counts sum every
  #   decision kept, so a year of them is what they are learned from.
  # - 30 for quarantined events: a bad event is fixed and resent within days.
  # - erased_users as long as any row it hides: each of those is older than the erasure.
  # require_partition_filter on the big tables (a row per event, per analysed batch, per decision,
  # message or delivery): every query of the code and every view filters on the partition column,
  # which PartitionFiltersTest checks; erased_users and quarantined_events are small and read whole.
  warehouse_tables = {
    events             = { partition_field = "event_time", clustering = ["app_id", "user_id"], partition_expiration_days = 400, require_partition_filter = true }
    quarantined_events = { partition_field = "received_at", clustering = ["app_id"], partition_expiration_days = 30 }
    profile_snapshots  = { partition_field = "snapshot_at", clustering = ["app_id", "user_id"], partition_expiration_days = 400, require_partition_filter = true }
    decisions          = { partition_field = "decided_at", clustering = ["app_id", "user_id"], partition_expiration_days = 400, require_partition_filter = true }
    decision_features  = { partition_field = "decided_at", clustering = ["app_id", "user_id"], partition_expiration_days = 400, require_partition_filter = true }
    erased_users       = { partition_field = "erased_at", clustering = ["app_id", "user_id"], partition_expiration_days = 400 }
    messages           = { partition_field = "created_at", clustering = ["app_id", "user_id"], partition_expiration_days = 400, require_partition_filter = true }
    deliveries         = { partition_field = "at", clustering = ["app_id", "user_id"], partition_expiration_days = 400, require_partition_filter = true }
  }

  # One per bigquery/views/*.sql.
  dashboard_views = ["daily_events_by_type", "active_users_daily", "decisions_by_outcome", "channel_engagement", "uplift_outcomes", "churn_risk_daily", "channel_policy_values", "holdout_lift", "uplift_training_rows", "variant_performance"]

  # The subscription's raw table (kept 7 days: a missed hour can be appended again) and the
  # scheduled query that appends it to events.
  events_landing = { raw_table = "events_raw", append_query = "events_append" }

  # Environment variables of one function beyond the common ones (main.tf): analyze's churn
  # endpoint and threshold (functions/gcp VertexChurnConfiguration, functions/analyze
  # AnalyzeConfiguration), decide's holdout share (functions/decide DecideConfiguration); the model
  # bucket (models.tf) that learn trains the churn and uplift models into and registers from (Vertex
  # AI Model Registry in the region), that analyze (churn) and decide (uplift) score from in-process,
  # and that appconfig lists in GET /v1/models (functions/gcp GcpModelLearning). An empty endpoint
  # means apps without a churn model of their own are not scored.
  models_bucket = "gs://${google_storage_bucket.models.name}"
  model_readers = ["analyze", "decide", "appconfig"]

  function_environment = {
    # with the pull worker, ingest keys events by user: the worker's ordered subscription then
    # hands all of a user's batches to one instance (docs/cost.md, "Routing a user's events")
    ingest = {
      WHISPERER_EVENTS_ORDERING_KEYS = tostring(local.analyze_by_worker)
    }
    analyze = {
      WHISPERER_VERTEX_ENDPOINT = var.vertex_endpoint
      WHISPERER_CHURN_FEATURES  = join(",", var.churn_features)
      WHISPERER_CHURN_THRESHOLD = tostring(var.churn_threshold)
      WHISPERER_MODELS_BUCKET   = local.models_bucket
    }
    decide = {
      WHISPERER_DECIDE_HOLDOUT_PERCENT = tostring(var.holdout_percent)
      WHISPERER_MODELS_BUCKET          = local.models_bucket
    }
    learn = {
      WHISPERER_MODELS_BUCKET = local.models_bucket
      WHISPERER_VERTEX_REGION = var.region
    }
    appconfig = {
      WHISPERER_MODELS_BUCKET = local.models_bucket
    }
    # the sweep's bound per run (functions/sweep SweepConfiguration): 16 shards at a time, at
    # ~25 ms a Firestore transaction ~20,000 profiles in ~35 s of its 60 s timeout; the rest is
    # left due for the next minute's run (docs/cost.md, "The sweep at 100k events/s")
    sweep = {
      WHISPERER_SWEEP_PROFILES_PER_RUN = "20000"
      WHISPERER_SWEEP_PARALLELISM      = "16"
      WHISPERER_SWEEP_SHARDED          = "true"
    }
    deliver-email = local.delivery_environment
    deliver-sms   = local.delivery_environment
    deliver-push  = local.delivery_environment
  }

  # The provider settings of the deliver functions (functions/providers DeliverySettings).
  delivery_environment = {
    WHISPERER_DELIVERY_ROUTES             = var.delivery.routes
    WHISPERER_DELIVERY_SENDGRID_FROM      = var.delivery.sendgrid_from
    WHISPERER_DELIVERY_TWILIO_ACCOUNT_SID = var.delivery.twilio_account_sid
    WHISPERER_DELIVERY_TWILIO_SENDER      = var.delivery.twilio_sender
    WHISPERER_DELIVERY_FCM_PROJECT_ID     = var.delivery.fcm_project_id
  }

  secrets = {
    "sendgrid-api-key"                  = "SendGrid API key used by deliver-email"
    "twilio-auth-token"                 = "Twilio auth token used by deliver-sms"
    "fcm-service-account"               = "Service account key JSON of the apps' Firebase project, used by deliver-push"
    "sendgrid-webhook-verification-key" = "SendGrid Event Webhook verification key (base64 public key), used by feedback"
    "link-keys"                         = "Keys of the HMAC tokens in unsubscribe and tracking links (keyId:base64key,...; the first issues), used by compose, appconfig (previews) and feedback"
    "admin-token"                       = "Token of the apps-and-keys admin API (16 characters or more), used by admin"
  }

  # The analyze pull worker's instance cap (modules/analyze_worker, 2 vCPU and 2 GiB each), from the
  # counted CPU with events routed by user (docs/cost.md): 0.67 ms of CPU per event when a user
  # sends 3 events per window, 1.2 ms at 2, 4.0 ms at 1; at 100k events/s and 60 % CPU that is 56,
  # 100 and 333 instances, and whole 30 s windows need 75 (flow control). 200, the functions' cap,
  # covers 2 events a user per window (docs/deploy.md, "The analyze pull worker").
  analyze_worker_max_instances = 200

  # The stages. trigger: the topic that invokes it (null: HTTP). publishes: the only topics it may
  # publish to. warehouse: writes BigQuery tables. reads_warehouse (default false): queries them
  # without writing. secrets: env var => secret it may read. max_instances and concurrency: sized
  # for 100k events/s from throughput x latency / concurrency, the derivation in docs/deploy.md
  # ("Instance limits"); an environment caps them with var.max_instances.
  functions = {
    # ingest also serves the user API (GET /v1/users/{id}, its export, DELETE): the erasure's DML
    # deletes in the warehouse are query jobs, hence jobUser beside the dataset's dataEditor.
    ingest = {
      bean          = "ingest", trigger = null, public = true, publishes = ["events"], warehouse = true
      max_instances = 200, concurrency = 80
      secrets       = {}, roles = ["roles/bigquery.jobUser"], memory = "1Gi", min_instances = var.ingest_min_instances
    }
    # feedback verifies the providers' webhooks: SendGrid's signature, Twilio's (its auth token)
    feedback = {
      bean          = "feedback", trigger = null, public = true, publishes = ["events"], warehouse = true
      max_instances = 10, concurrency = 80
      secrets       = { SENDGRID_WEBHOOK_VERIFICATION_KEY = "sendgrid-webhook-verification-key", TWILIO_AUTH_TOKEN = "twilio-auth-token", WHISPERER_LINK_KEYS = "link-keys" }
      roles         = [], memory = "512Mi", min_instances = 0
    }
    analyze = {
      bean          = "analyze", trigger = "events", public = false, publishes = ["signals"], warehouse = true
      max_instances = 200, concurrency = 80
      secrets       = {}, roles = ["roles/aiplatform.user"], memory = "1Gi", min_instances = 0
    }
    decide = {
      bean          = "decide", trigger = "signals", public = false, publishes = ["decisions"], warehouse = true
      max_instances = 25, concurrency = 80
      secrets       = {}, roles = [], memory = "512Mi", min_instances = 0
    }
    compose = {
      bean          = "compose", trigger = "decisions", public = false, publishes = ["outbound.email", "outbound.sms", "outbound.push"], warehouse = true
      max_instances = 100, concurrency = 80
      secrets       = { WHISPERER_LINK_KEYS = "link-keys" }, roles = ["roles/aiplatform.user"], memory = "512Mi", min_instances = 0
    }
    # The three deliver functions run the one deliver bean: the topic that triggers each is its channel.
    deliver-email = {
      bean          = "deliver", trigger = "outbound.email", public = false, publishes = [], warehouse = true
      max_instances = 10, concurrency = 20
      secrets       = { SENDGRID_API_KEY = "sendgrid-api-key" }, roles = [], memory = "512Mi", min_instances = 0
    }
    deliver-sms = {
      bean          = "deliver", trigger = "outbound.sms", public = false, publishes = [], warehouse = true
      max_instances = 10, concurrency = 20
      secrets       = { TWILIO_AUTH_TOKEN = "twilio-auth-token" }, roles = [], memory = "512Mi", min_instances = 0
    }
    deliver-push = {
      bean          = "deliver", trigger = "outbound.push", public = false, publishes = [], warehouse = true
      max_instances = 10, concurrency = 20
      secrets       = { FCM_SERVICE_ACCOUNT = "fcm-service-account" }, roles = [], memory = "512Mi", min_instances = 0
    }
    sweep = {
      bean          = "sweep", trigger = null, public = false, publishes = ["signals"], warehouse = true
      max_instances = 1, concurrency = 1
      secrets       = {}, roles = [], memory = "512Mi", min_instances = 0
    }
    # The apps-and-keys admin API (create apps, issue, rotate and revoke keys, the audit log):
    # reachable by operators from outside the project, but only with IAM, and the admin token besides.
    admin = {
      bean      = "admin", trigger = null, public = false, publishes = [], warehouse = false
      secrets   = { WHISPERER_ADMIN_TOKEN = "admin-token" }, roles = [], memory = "512Mi", min_instances = 0
      reachable = true, max_instances = 2, concurrency = 20
    }
    # The app configuration's admin API (GET/PUT /v1/apps/{appId}/config) and the preview
    # (POST /v1/apps/{appId}/preview), behind the apps' config:read / config:write keys; the preview
    # composes with compose's own writer and signed links, and sends nothing. Also the app's models
    # (GET /v1/models, profiles:read keys), read from the model bucket.
    appconfig = {
      bean          = "appconfig", trigger = null, public = true, publishes = [], warehouse = false
      max_instances = 5, concurrency = 20
      secrets       = { WHISPERER_LINK_KEYS = "link-keys" }, roles = ["roles/aiplatform.user"], memory = "512Mi", min_instances = 0
    }
    # Daily: recomputes the uplift table (Firestore) from the view uplift_outcomes, trains each
    # app's per-user uplift models (view uplift_training_rows) and churn model (table events) into
    # the model bucket and registers the promoted ones in the Vertex AI Model Registry, then finishes the erasures whose rows were still in the streaming buffer (DML
    # deletes: writes the dataset).
    learn = {
      bean            = "learn", trigger = null, public = false, publishes = [], warehouse = true
      max_instances   = 1, concurrency = 1
      secrets         = {}, roles = ["roles/bigquery.jobUser", "roles/aiplatform.user"], memory = "1Gi", min_instances = 0
      reads_warehouse = true
    }
  }
}
