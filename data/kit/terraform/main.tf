# Root module of «organisation.name|slug»'s infrastructure, for Terraform or OpenTofu: state in S3 with
# locking, pinned versions, the team's tags on every resource, and one versioned module per service.
# State locking: `use_lockfile = true` locks with a lock file in the bucket itself (S3 conditional writes).
# Terraform made it generally available in 1.11 and deprecated DynamoDB locking (`dynamodb_table`) there;
# OpenTofu added it in 1.10 and keeps both. Create the bucket first, with versioning and encryption on.
#   terraform init && terraform plan -out=tfplan   (OpenTofu: tofu init && tofu plan -out=tfplan)
# Reference: https://developer.hashicorp.com/terraform/language/backend/s3
#            https://opentofu.org/docs/language/settings/backends/s3/
terraform {
  required_version = ">= 1.11"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 6.0"
    }
  }

  backend "s3" {
    bucket       = "«organisation.name|slug»-infrastructure-state"
    key          = "production/terraform.tfstate"
    region       = "eu-west-1"
    encrypt      = true
    use_lockfile = true
  }
}

variable "team" {
  description = "The team that owns this infrastructure, as named in the release process."
  type        = string
  default     = «organisation.name|hcl»
}

variable "environment" {
  description = "Environment this root module manages; staging and production differ only in variables."
  type        = string
  default     = "production"
}

variable "region" {
  description = "AWS region of the environment."
  type        = string
  default     = "eu-west-1"
}

provider "aws" {
  region = var.region

  default_tags {
    tags = {
      owner       = "«organisation.name|slug»"
      environment = var.environment
      managed-by  = "infrastructure-as-code"
    }
  }
}

module "app" {
  source = "./modules/app"

  name        = "«organisation.name|slug»"
  environment = var.environment
}

output "app" {
  description = "What the service module created."
  value       = module.app.summary
}
