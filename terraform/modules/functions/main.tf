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

  # A function with an event trigger is built and served as a CloudEvent function (the platform sets
  # FUNCTION_SIGNATURE_TYPE=cloudevent); without one it would be an HTTP function, and the Functions
  # Framework could not serve PubSubEntryPoint. The trigger's subscription belongs to Eventarc: it
  # retries with exponential backoff (10 s to 600 s) and keeps a message 24 h; the function itself
  # dead-letters a message that still fails dead_letter_after its publication (PubSubStage).
  dynamic "event_trigger" {
    for_each = each.value.trigger_topic == null ? [] : [each.value.trigger_topic]
    content {
      trigger_region        = var.region
      event_type            = "google.cloud.pubsub.topic.v1.messagePublished"
      pubsub_topic          = var.topic_ids[event_trigger.value]
      retry_policy          = "RETRY_POLICY_RETRY"
      service_account_email = each.value.service_account_email
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
    environment_variables = merge(
      var.common_environment,
      each.value.trigger_topic == null ? {} : { WHISPERER_DEAD_LETTER_AFTER = var.dead_letter_after },
      each.value.environment,
    )

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
