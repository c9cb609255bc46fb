terraform {
  required_version = ">= 1.9, < 2.0"

  required_providers {
    google = {
      source  = "hashicorp/google"
      version = "~> 6.30"
    }
    google-beta = {
      source  = "hashicorp/google-beta"
      version = "~> 6.30"
    }
  }

  # The bucket is given at init: terraform init -backend-config="bucket=<project>-tfstate"
  backend "gcs" {
    prefix = "user-whisperer/prod"
  }
}

provider "google" {
  project = var.project_id
  region  = var.region
}

# google_project_service_identity (modules/platform) exists only in the beta provider.
provider "google-beta" {
  project = var.project_id
  region  = var.region
}
