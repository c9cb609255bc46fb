output "alert_policy_ids" {
  description = "Alert policy ids by purpose."
  value = {
    dead_letter_backlog = google_monitoring_alert_policy.dead_letter_backlog.id
    error_rate          = google_monitoring_alert_policy.error_rate.id
    latency_p95         = google_monitoring_alert_policy.latency_p95.id
  }
}
