# envs/production/main.tf: one root module per environment, built from shared modules.
terraform {
  required_version = ">= 1.10" # S3 native state locking needs 1.10 or later

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 6.0" # exact versions are recorded in .terraform.lock.hcl
    }
  }

  # Remote state: versioned, encrypted bucket; a lock file stops two applies at once.
  backend "s3" {
    bucket       = "acme-terraform-state"
    key          = "checkout/production/terraform.tfstate"
    region       = "eu-west-1"
    encrypt      = true
    use_lockfile = true # S3 native locking; DynamoDB locking is deprecated since Terraform 1.11
  }
}

provider "aws" {
  region = "eu-west-1"
  default_tags { # same tags on every resource: accurate cost and ownership reports
    tags = {
      environment = "production"
      service     = "checkout"
      managed-by  = "terraform"
    }
  }
}

module "checkout" {
  source = "git::https://github.com/acme/terraform-modules.git//service?ref=v3.2.0"

  name          = "checkout"
  instance_type = "m7g.large" # staging passes a smaller type to the same module
  min_size      = 3
  max_size      = 12
}
