locals {
  services_filter     = format("resource.labels.service_name = monitoring.regex.full_match(\"%s\")", join("|", var.services))
  dead_letters_filter = format("resource.labels.subscription_id = monitoring.regex.full_match(\"%s\")", join("|", [for s in var.dead_letter_subscriptions : replace(s, ".", "\\\\.")]))
  run_request_count   = "metric.type = \"run.googleapis.com/request_count\" AND resource.type = \"cloud_run_revision\""
  run_request_latency = "metric.type = \"run.googleapis.com/request_latencies\" AND resource.type = \"cloud_run_revision\""
  pubsub_undelivered  = "metric.type = \"pubsub.googleapis.com/subscription/num_undelivered_messages\" AND resource.type = \"pubsub_subscription\""
  # the stages' subscriptions are Eventarc's (eventarc-<region>-<trigger>-sub-<n>)
  pubsub_oldest_unacked      = "metric.type = \"pubsub.googleapis.com/subscription/oldest_unacked_message_age\" AND resource.type = \"pubsub_subscription\""
  stage_subscriptions_filter = "resource.labels.subscription_id = starts_with(\"eventarc-\")"
}

resource "google_monitoring_alert_policy" "dead_letter_backlog" {
  project               = var.project_id
  display_name          = "Dead letters waiting"
  combiner              = "OR"
  notification_channels = var.notification_channels

  documentation {
    content   = "Messages a stage could not process after every retry are held in <topic>.dead-letter.hold. Inspect them, fix the cause, then replay them to the topic (docs/deploy.md)."
    mime_type = "text/markdown"
  }

  conditions {
    display_name = "Messages in a dead-letter hold subscription"

    condition_threshold {
      filter          = "${local.pubsub_undelivered} AND ${local.dead_letters_filter}"
      comparison      = "COMPARISON_GT"
      threshold_value = 0
      duration        = "0s"

      aggregations {
        alignment_period   = "60s"
        per_series_aligner = "ALIGN_MAX"
      }
    }
  }
}

resource "google_monitoring_alert_policy" "error_rate" {
  project               = var.project_id
  display_name          = "Function error rate"
  combiner              = "OR"
  notification_channels = var.notification_channels

  documentation {
    content   = "More than ${var.error_rate_threshold * 100}% of a function's requests failed (5xx) for ${var.alert_duration}. Event functions fail on transient errors on purpose (Pub/Sub retries), so look at the logs for the cause."
    mime_type = "text/markdown"
  }

  conditions {
    display_name = "Share of 5xx responses per function"

    condition_threshold {
      filter             = "${local.run_request_count} AND ${local.services_filter} AND metric.labels.response_code_class = \"5xx\""
      denominator_filter = "${local.run_request_count} AND ${local.services_filter}"
      comparison         = "COMPARISON_GT"
      threshold_value    = var.error_rate_threshold
      duration           = var.alert_duration

      aggregations {
        alignment_period     = "60s"
        per_series_aligner   = "ALIGN_RATE"
        cross_series_reducer = "REDUCE_SUM"
        group_by_fields      = ["resource.labels.service_name"]
      }

      denominator_aggregations {
        alignment_period     = "60s"
        per_series_aligner   = "ALIGN_RATE"
        cross_series_reducer = "REDUCE_SUM"
        group_by_fields      = ["resource.labels.service_name"]
      }
    }
  }
}

resource "google_monitoring_alert_policy" "latency_p95" {
  project               = var.project_id
  display_name          = "Function p95 latency"
  combiner              = "OR"
  notification_channels = var.notification_channels

  documentation {
    content   = "A function's 95th percentile latency stayed above ${var.latency_p95_threshold_ms} ms for ${var.alert_duration}."
    mime_type = "text/markdown"
  }

  conditions {
    display_name = "p95 request latency per function"

    condition_threshold {
      filter          = "${local.run_request_latency} AND ${local.services_filter}"
      comparison      = "COMPARISON_GT"
      threshold_value = var.latency_p95_threshold_ms
      duration        = var.alert_duration

      aggregations {
        alignment_period     = "60s"
        per_series_aligner   = "ALIGN_DELTA"
        cross_series_reducer = "REDUCE_PERCENTILE_95"
        group_by_fields      = ["resource.labels.service_name"]
      }
    }
  }
}
