# One dashboard of the pipeline: Cloud Run's and Pub/Sub's own metrics, and the meters the functions
# write as custom.googleapis.com/whisperer/* (docs/observability.md lists them).

locals {
  custom = "custom.googleapis.com/whisperer"

  # title => [filter, per-series aligner, cross-series reducer, group-by fields]
  charts = [
    ["Ingest requests/s by status class", "${local.run_request_count} AND resource.labels.service_name = \"${var.ingest_service}\"", "ALIGN_RATE", "REDUCE_SUM", ["metric.labels.response_code_class"]],
    ["Ingest latency p99 (ms)", "${local.run_request_latency} AND resource.labels.service_name = \"${var.ingest_service}\"", "ALIGN_DELTA", "REDUCE_PERCENTILE_99", []],
    ["Events/s by result", "metric.type = \"${local.custom}/ingest/events\"", "ALIGN_RATE", "REDUCE_SUM", ["metric.labels.result"]],
    ["Stage lag p95 (publication to delivery)", "metric.type = \"${local.custom}/stage/lag\"", "ALIGN_DELTA", "REDUCE_PERCENTILE_95", ["metric.labels.stage"]],
    ["Stage throughput (acks/s per subscription)", "metric.type = \"pubsub.googleapis.com/subscription/ack_message_count\" AND resource.type = \"pubsub_subscription\" AND ${local.stage_subscriptions_filter}", "ALIGN_RATE", "REDUCE_SUM", ["resource.labels.subscription_id"]],
    ["Pipeline lag: oldest unacked message (s)", "${local.pubsub_oldest_unacked} AND ${local.stage_subscriptions_filter}", "ALIGN_MAX", "REDUCE_MAX", ["resource.labels.subscription_id"]],
    ["Bus backlog (undelivered messages)", "${local.pubsub_undelivered} AND ${local.stage_subscriptions_filter}", "ALIGN_MAX", "REDUCE_SUM", ["resource.labels.subscription_id"]],
    ["Dead letters waiting", "${local.pubsub_undelivered} AND ${local.dead_letters_filter}", "ALIGN_MAX", "REDUCE_SUM", ["resource.labels.subscription_id"]],
    ["Decisions/s by outcome", "metric.type = \"${local.custom}/decisions\"", "ALIGN_RATE", "REDUCE_SUM", ["metric.labels.outcome"]],
    ["Decisions/s by reason", "metric.type = \"${local.custom}/decisions\"", "ALIGN_RATE", "REDUCE_SUM", ["metric.labels.reason"]],
    ["Deliveries/s by channel and status", "metric.type = \"${local.custom}/deliveries\"", "ALIGN_RATE", "REDUCE_SUM", ["metric.labels.channel", "metric.labels.status"]],
    ["LLM writer latency p95", "metric.type = \"${local.custom}/llm/requests\"", "ALIGN_DELTA", "REDUCE_PERCENTILE_95", ["metric.labels.writer", "metric.labels.outcome"]],
    ["LLM tokens/s", "metric.type = \"${local.custom}/llm/tokens\"", "ALIGN_RATE", "REDUCE_SUM", ["metric.labels.writer", "metric.labels.direction"]],
    ["LLM fallbacks to the templates/s by reason", "metric.type = \"${local.custom}/llm/fallbacks\"", "ALIGN_RATE", "REDUCE_SUM", ["metric.labels.reason"]],
    ["Predictions/s by model version", "metric.type = \"${local.custom}/model/predictions\"", "ALIGN_RATE", "REDUCE_SUM", ["metric.labels.kind", "metric.labels.version"]],
    ["Function 5xx/s", "${local.run_request_count} AND ${local.services_filter} AND metric.labels.response_code_class = \"5xx\"", "ALIGN_RATE", "REDUCE_SUM", ["resource.labels.service_name"]],
  ]

  tiles = [
    for i, c in local.charts : {
      xPos   = (i % 2) * 24
      yPos   = floor(i / 2) * 16
      width  = 24
      height = 16
      widget = {
        title = c[0]
        xyChart = {
          dataSets = [{
            plotType = "LINE"
            timeSeriesQuery = {
              timeSeriesFilter = {
                filter = c[1]
                aggregation = {
                  alignmentPeriod    = "60s"
                  perSeriesAligner   = c[2]
                  crossSeriesReducer = c[3]
                  groupByFields      = c[4]
                }
              }
            }
          }]
        }
      }
    }
  ]
}

resource "google_monitoring_dashboard" "pipeline" {
  project = var.project_id
  dashboard_json = jsonencode({
    displayName  = "User Whisperer"
    mosaicLayout = { columns = 48, tiles = local.tiles }
  })
}
