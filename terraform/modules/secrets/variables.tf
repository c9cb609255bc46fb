variable "project_id" {
  type        = string
  description = "Project of the secrets."
}

variable "secrets" {
  type        = map(string)
  description = "Secret id => what it holds. Terraform creates the secret; its value is added as a version outside Terraform (docs/deploy.md), so that it never enters the state."
}

variable "labels" {
  type        = map(string)
  description = "Labels put on every secret."
  default     = {}
}
