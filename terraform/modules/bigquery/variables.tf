variable "project_id" {
  type        = string
  description = "Project that holds the dataset."
}

variable "dataset_id" {
  type        = string
  description = "The warehouse dataset."
  default     = "whisperer"
}

variable "location" {
  type        = string
  description = "BigQuery location of the dataset (e.g. EU, US, europe-west1)."
}

variable "schemas_dir" {
  type        = string
  description = "Directory of the table schema files (bigquery/schemas), one <table>.json per table."
}

variable "views_dir" {
  type        = string
  description = "Directory of the dashboard views (bigquery/views), one <view>.sql per view."
}

variable "landing_dir" {
  type        = string
  description = "Directory of the events landing files (bigquery/landing): <raw table>.json and <events view>.sql."
}

variable "tables" {
  type = map(object({
    partition_field           = string
    clustering                = list(string)
    partition_expiration_days = optional(number, 400)
    require_partition_filter  = optional(bool, false)
  }))
  description = "Tables made from <schemas_dir>/<name>.json: day-partitioned on partition_field, a partition dropped partition_expiration_days (default 400) after its day, clustered on clustering; require_partition_filter refuses queries that do not filter on partition_field (every query of the code and every view carries such a filter)."
}

variable "events_raw_expiration_days" {
  type        = number
  description = "Days a partition (publish hour) of the raw events table is kept after its hour: long enough to run the append again for a missed hour (docs/deploy.md, \"Warehouse partitions\")."
  default     = 7
}

variable "events_append_schedule" {
  type        = string
  description = "When the scheduled query appends events_raw to events (Data Transfer Service schedule syntax); each run takes the publish hour that closed an hour before it."
  default     = "every 1 hours"
}

variable "transfer_service_agent" {
  type        = string
  description = "IAM member of the BigQuery Data Transfer Service's service agent, which runs the scheduled query as its service account."
}

variable "views" {
  type        = list(string)
  description = "Dashboard views made from <views_dir>/<name>.sql; they read the tables."
}

variable "events_landing" {
  type = object({
    raw_table    = string
    append_query = string
  })
  description = "The raw table a Pub/Sub BigQuery subscription writes (schema <landing_dir>/<raw_table>.json) and the scheduled query (<landing_dir>/<append_query>.sql) that appends it, one row per event, to the events table of var.tables."
  default = {
    raw_table    = "events_raw"
    append_query = "events_append"
  }
}

variable "deletion_protection" {
  type        = bool
  description = "Refuse to destroy tables (and their data) through Terraform."
  default     = true
}

variable "labels" {
  type        = map(string)
  description = "Labels put on the dataset and its tables."
  default     = {}
}
