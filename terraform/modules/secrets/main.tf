resource "google_secret_manager_secret" "secret" {
  for_each = var.secrets

  project   = var.project_id
  secret_id = each.key
  labels    = merge(var.labels, { purpose = "provider-credential" })
  annotations = {
    description = each.value
  }

  replication {
    auto {}
  }
}
