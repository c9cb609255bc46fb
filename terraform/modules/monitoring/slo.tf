# Service-level objectives of the ingest API (the seed's 99.95 % availability, and latency), on the
# requests Cloud Run counts for the ingest function, with burn-rate alerts on their error budgets.

locals {
  ingest_requests = "${local.run_request_count} AND resource.labels.service_name = \"${var.ingest_service}\""
  slos = {
    availability = google_monitoring_slo.ingest_availability
    latency      = google_monitoring_slo.ingest_latency
  }
}

resource "google_monitoring_custom_service" "ingest" {
  project      = var.project_id
  service_id   = "whisperer-ingest"
  display_name = "User Whisperer ingest API"
}

resource "google_monitoring_slo" "ingest_availability" {
  project             = var.project_id
  service             = google_monitoring_custom_service.ingest.service_id
  slo_id              = "ingest-availability"
  display_name        = "Ingest requests answered without a server error"
  goal                = var.availability_target
  rolling_period_days = var.slo_rolling_days

  request_based_sli {
    good_total_ratio {
      bad_service_filter   = "${local.ingest_requests} AND metric.labels.response_code_class = \"5xx\""
      total_service_filter = local.ingest_requests
    }
  }
}

resource "google_monitoring_slo" "ingest_latency" {
  project             = var.project_id
  service             = google_monitoring_custom_service.ingest.service_id
  slo_id              = "ingest-latency"
  display_name        = "Ingest requests answered within ${var.ingest_latency_threshold_ms} ms"
  goal                = var.ingest_latency_target
  rolling_period_days = var.slo_rolling_days

  request_based_sli {
    distribution_cut {
      distribution_filter = "${local.run_request_latency} AND resource.labels.service_name = \"${var.ingest_service}\""

      range {
        max = var.ingest_latency_threshold_ms
      }
    }
  }
}

resource "google_monitoring_alert_policy" "slo_burn_rate" {
  for_each = { for pair in setproduct(keys(local.slos), keys(var.burn_rates)) : "${pair[0]}-${pair[1]}" => { slo = pair[0], window = pair[1] } }

  project               = var.project_id
  display_name          = "Ingest ${each.value.slo} SLO: ${each.value.window} burn of the error budget"
  combiner              = "OR"
  notification_channels = var.notification_channels

  documentation {
    content   = "The ingest ${each.value.slo} SLO (${local.slos[each.value.slo].goal * 100} % over ${var.slo_rolling_days} days) is spending its error budget ${var.burn_rates[each.value.window].threshold} times faster than it can afford, over ${var.burn_rates[each.value.window].lookback}. See the dashboard \"User Whisperer\" and docs/observability.md."
    mime_type = "text/markdown"
  }

  conditions {
    display_name = "Burn rate over ${var.burn_rates[each.value.window].lookback}"

    condition_threshold {
      filter          = "select_slo_burn_rate(\"${local.slos[each.value.slo].id}\", \"${var.burn_rates[each.value.window].lookback}\")"
      comparison      = "COMPARISON_GT"
      threshold_value = var.burn_rates[each.value.window].threshold
      duration        = "0s"
    }
  }
}

resource "google_monitoring_alert_policy" "pipeline_lag" {
  project               = var.project_id
  display_name          = "Pipeline lag"
  combiner              = "OR"
  notification_channels = var.notification_channels

  documentation {
    content   = "A stage's oldest unacknowledged message has waited more than ${var.pipeline_lag_threshold_s} s: the stage is failing (see its logs and the dead letters) or cannot keep up (see its instances and whisperer/stage/lag on the dashboard)."
    mime_type = "text/markdown"
  }

  conditions {
    display_name = "Oldest unacknowledged message of a stage's subscription"

    condition_threshold {
      filter          = "${local.pubsub_oldest_unacked} AND ${local.stage_subscriptions_filter}"
      comparison      = "COMPARISON_GT"
      threshold_value = var.pipeline_lag_threshold_s
      duration        = var.alert_duration

      aggregations {
        alignment_period   = "60s"
        per_series_aligner = "ALIGN_MAX"
      }
    }
  }
}
