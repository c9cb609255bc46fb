locals {
  triggered = { for name, f in var.functions : name => f if f.trigger_topic != null }
  public    = { for name, f in var.functions : name => f if f.public }
  # A gen2 function runs as a Cloud Run service; the provider reports it by full resource name.
  services = { for name, f in google_cloudfunctions2_function.function : name => reverse(split("/", f.service_config[0].service))[0] }
}

resource "google_cloudfunctions2_function" "function" {
  for_each = var.functions

  project  = var.project_id
  location = var.region
  name     = each.key
  labels   = var.labels

  build_config {
    runtime         = "java17"
    entry_point     = each.value.entry_point
    service_account = var.build_service_account

    source {
      storage_source {
        bucket = var.source_bucket
        object = each.value.source_object
      }
    }
  }

  service_config {
    available_memory                 = each.value.memory
    available_cpu                    = each.value.cpu
    timeout_seconds                  = each.value.timeout_seconds
    min_instance_count               = each.value.min_instances
    max_instance_count               = each.value.max_instances
    max_instance_request_concurrency = each.value.concurrency
    service_account_email            = each.value.service_account_email
    ingress_settings                 = each.value.public || each.value.reachable ? "ALLOW_ALL" : "ALLOW_INTERNAL_ONLY"
    all_traffic_on_latest_revision   = true
    environment_variables            = merge(var.common_environment, each.value.environment)

    dynamic "secret_environment_variables" {
      for_each = each.value.secrets
      content {
        key        = secret_environment_variables.key
        project_id = var.project_id
        secret     = secret_environment_variables.value
        version    = "latest"
      }
    }
  }
}

resource "google_cloud_run_v2_service_iam_member" "public_invoker" {
  for_each = local.public

  project  = var.project_id
  location = var.region
  name     = local.services[each.key]
  role     = "roles/run.invoker"
  member   = "allUsers"
}

# Eventarc pushes each message of the topic to the function, as the function's own identity.
resource "google_cloud_run_v2_service_iam_member" "trigger_invoker" {
  for_each = local.triggered

  project  = var.project_id
  location = var.region
  name     = local.services[each.key]
  role     = "roles/run.invoker"
  member   = "serviceAccount:${each.value.service_account_email}"
}

resource "google_eventarc_trigger" "trigger" {
  for_each = local.triggered

  project         = var.project_id
  location        = var.region
  name            = "${each.key}-trigger"
  service_account = each.value.service_account_email
  labels          = var.labels

  matching_criteria {
    attribute = "type"
    value     = "google.cloud.pubsub.topic.v1.messagePublished"
  }

  destination {
    cloud_run_service {
      service = local.services[each.key]
      region  = var.region
    }
  }

  transport {
    pubsub {
      topic = var.topic_ids[each.value.trigger_topic]
    }
  }

  depends_on = [google_cloud_run_v2_service_iam_member.trigger_invoker]
}

resource "google_pubsub_subscription_iam_member" "service_agent_acks_dead_letters" {
  for_each = local.triggered

  project      = var.project_id
  subscription = google_eventarc_trigger.trigger[each.key].transport[0].pubsub[0].subscription
  role         = "roles/pubsub.subscriber"
  member       = var.pubsub_service_agent
}

# Eventarc owns the subscription it creates and offers no dead-letter setting; the policy is set on
# that subscription after creation, and set again whenever the subscription is replaced.
resource "terraform_data" "trigger_subscription_policy" {
  for_each = var.manage_trigger_subscriptions ? local.triggered : {}

  triggers_replace = [
    google_eventarc_trigger.trigger[each.key].transport[0].pubsub[0].subscription,
    var.dead_letter_topic_ids[each.value.trigger_topic],
    var.max_delivery_attempts,
    var.min_retry_delay,
    var.max_retry_delay,
  ]

  provisioner "local-exec" {
    command = join(" ", [
      "gcloud pubsub subscriptions update",
      google_eventarc_trigger.trigger[each.key].transport[0].pubsub[0].subscription,
      "--dead-letter-topic=${var.dead_letter_topic_ids[each.value.trigger_topic]}",
      "--max-delivery-attempts=${var.max_delivery_attempts}",
      "--min-retry-delay=${var.min_retry_delay}",
      "--max-retry-delay=${var.max_retry_delay}",
      "--quiet",
    ])
  }

  depends_on = [google_pubsub_subscription_iam_member.service_agent_acks_dead_letters]
}
