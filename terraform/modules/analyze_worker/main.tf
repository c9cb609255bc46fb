# The analyze stage as a pull worker (docs/cost.md, "The analyze pull worker"; docs/deploy.md,
# "The analyze pull worker"): a Cloud Run service with instance-based billing that streaming-pulls
# its own subscription of `events`, merges each user's batches over the merge window and runs the
# analyze stage once per user and window. It takes no requests (internal ingress, no invoker); its
# one HTTP endpoint is /healthz for Cloud Run's probes.

# The worker's subscription, with the dead-letter policy in Terraform's state: a message that fails
# max_delivery_attempts times goes to events.dead-letter, where the hold subscription keeps it.
resource "google_pubsub_subscription" "events" {
  project = var.project_id
  name    = var.subscription_name
  topic   = var.topic_id
  labels  = var.labels

  # held for the merge window, extended by the client meanwhile (lease extension 60 s)
  ack_deadline_seconds       = 60
  message_retention_duration = "604800s"

  # Routing: ingest publishes events with the user as ordering key, and an ordered subscription
  # sends each key's messages to one streaming-pull client, moving a key only when clients come or
  # go. So every batch of a user in a window meets the others, and the user's cached profile, on
  # one instance, however many run (docs/cost.md, "Routing a user's events to one worker").
  enable_message_ordering = true

  dead_letter_policy {
    dead_letter_topic     = var.dead_letter_topic_id
    max_delivery_attempts = var.max_delivery_attempts
  }

  retry_policy {
    minimum_backoff = "10s"
    maximum_backoff = "600s"
  }

  expiration_policy {
    ttl = ""
  }
}

# Pub/Sub's service agent acknowledges what it moves to the dead-letter topic (it publishes there
# by the pubsub module's grant on every dead-letter topic).
resource "google_pubsub_subscription_iam_member" "service_agent_acks_dead_letters" {
  project      = var.project_id
  subscription = google_pubsub_subscription.events.name
  role         = "roles/pubsub.subscriber"
  member       = var.pubsub_service_agent
}

resource "google_pubsub_subscription_iam_member" "worker_pulls" {
  project      = var.project_id
  subscription = google_pubsub_subscription.events.name
  role         = "roles/pubsub.subscriber"
  member       = "serviceAccount:${var.service_account_email}"
}

# A message that is no user batch is published to events.dead-letter by the worker itself, with the
# reason (PubSubStage), and acknowledged.
resource "google_pubsub_topic_iam_member" "worker_dead_letters" {
  project = var.project_id
  topic   = var.dead_letter_topic_id
  role    = "roles/pubsub.publisher"
  member  = "serviceAccount:${var.service_account_email}"
}

resource "google_cloud_run_v2_service" "worker" {
  project             = var.project_id
  location            = var.region
  name                = var.name
  ingress             = "INGRESS_TRAFFIC_INTERNAL_ONLY"
  deletion_protection = false
  labels              = var.labels

  template {
    service_account = var.service_account_email
    # nothing sends it requests; one would only be a probe
    max_instance_request_concurrency = 1

    # Instance-based billing scales on CPU (60 %); the limits come from the throughput figures in
    # docs/deploy.md ("The analyze pull worker").
    scaling {
      min_instance_count = var.min_instances
      max_instance_count = var.max_instances
    }

    containers {
      image = var.image

      ports {
        container_port = 8080
      }

      resources {
        limits = {
          cpu    = "2"
          memory = "2Gi"
        }
        # instance-based billing: the CPU stays allocated between requests, which a pull worker
        # needs (it never has a request in flight)
        cpu_idle          = false
        startup_cpu_boost = true
      }

      dynamic "env" {
        for_each = merge(
          var.environment,
          {
            WHISPERER_WORKER_SUBSCRIPTION        = google_pubsub_subscription.events.name
            WHISPERER_WORKER_MERGE_WINDOW        = var.merge_window
            WHISPERER_WORKER_MAX_HOLD            = var.max_hold
            WHISPERER_WORKER_PARALLELISM         = tostring(var.parallelism)
            WHISPERER_WORKER_MAX_EVENTS_PER_USER = tostring(var.max_events_per_user)
            WHISPERER_WORKER_PROFILE_CACHE       = tostring(var.profile_cache)
          },
        )
        content {
          name  = env.key
          value = env.value
        }
      }

      startup_probe {
        period_seconds    = 5
        failure_threshold = 24
        http_get {
          path = "/healthz"
        }
      }

      liveness_probe {
        period_seconds    = 30
        failure_threshold = 3
        http_get {
          path = "/healthz"
        }
      }
    }
  }

  depends_on = [
    google_pubsub_subscription_iam_member.worker_pulls,
    google_pubsub_topic_iam_member.worker_dead_letters,
  ]
}
