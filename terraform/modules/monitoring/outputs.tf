output "alert_policy_ids" {
  description = "Alert policy ids by purpose."
  value = merge(
    {
      dead_letter_backlog = google_monitoring_alert_policy.dead_letter_backlog.id
      error_rate          = google_monitoring_alert_policy.error_rate.id
      latency_p95         = google_monitoring_alert_policy.latency_p95.id
      pipeline_lag        = google_monitoring_alert_policy.pipeline_lag.id
    },
    { for k, p in google_monitoring_alert_policy.slo_burn_rate : "slo_burn_rate_${k}" => p.id },
  )
}

output "slo_ids" {
  description = "SLO ids (availability, latency) of the ingest service."
  value       = { for k, s in local.slos : k => s.id }
}

output "dashboard_id" {
  description = "Id of the pipeline's Cloud Monitoring dashboard."
  value       = google_monitoring_dashboard.pipeline.id
}
