variable "project_id" {
  type        = string
  description = "Project of the database."
}

variable "database_id" {
  type        = string
  description = "Firestore database id; the client libraries use \"(default)\" unless told otherwise."
  default     = "(default)"
}

variable "location_id" {
  type        = string
  description = "Firestore location (e.g. eur3, nam5, europe-west1); it cannot change later."
}

variable "delete_protection" {
  type        = bool
  description = "Refuse deletion of the database."
  default     = true
}

variable "composite_indexes" {
  type = map(object({
    collection  = string
    query_scope = optional(string, "COLLECTION")
    fields = list(object({
      field_path = string
      order      = string
    }))
  }))
  description = "Composite indexes by name: the collection and its ordered fields (order ASCENDING or DESCENDING), and the query scope (COLLECTION, or COLLECTION_GROUP for a query across every collection of that name)."
  default     = {}
}

variable "ttl_fields" {
  type = map(object({
    collection = string
    field      = string
  }))
  description = "TTL policies by name: documents of the collection are deleted once the timestamp in field has passed (e.g. dedup keys' expireAt). The field's single-field indexes are dropped, as nothing queries it."
  default     = {}
}

variable "collection_group_fields" {
  type = map(object({
    collection = string
    field      = string
  }))
  description = "Fields queried across every collection of that name (collection-group equality queries, e.g. a decision found by its id under any user): each gets an ascending COLLECTION_GROUP single-field index."
  default     = {}
}

variable "unindexed_fields" {
  type = map(object({
    collection = string
    field      = string
  }))
  description = "Fields never queried (e.g. whole documents kept as one JSON string): their single-field indexes are dropped, since each index entry is a billed write and long strings index poorly."
  default     = {}
}
