# A service module of «organisation.name|slug»: the resources of one service, the same in every environment;
# only the variables differ. Add the service's resources here, and version the module (a Git tag or a
# registry version) so that staging and production move to a new version one after the other.
terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 6.0"
    }
  }
}

variable "name" {
  description = "Name of the service; prefixes its resources."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9-]{0,39}$", var.name))
    error_message = "The name must be lower-case letters, digits and hyphens, at most 40 characters."
  }
}

variable "environment" {
  description = "Environment the resources belong to."
  type        = string
}

locals {
  prefix = "${var.name}-${var.environment}"
}

output "summary" {
  description = "Names the module gives its resources."
  value = {
    prefix = local.prefix
  }
}
