# OpenTofu reads the same HCL as Terraform; the encryption block is OpenTofu-only.
terraform {
  required_version = ">= 1.10" # S3 native locking; encryption needs 1.7+

  backend "s3" {
    bucket       = "acme-tofu-state"
    key          = "checkout/production/terraform.tfstate"
    region       = "eu-west-1"
    use_lockfile = true # S3 native locking, no DynamoDB table
  }

  # Client-side encryption: the backend only ever stores ciphertext.
  encryption {
    key_provider "aws_kms" "state" {
      kms_key_id = "alias/tofu-state" # enable automatic key rotation on this key
      region     = "eu-west-1"
      key_spec   = "AES_256"
    }

    method "aes_gcm" "state" { keys = key_provider.aws_kms.state }

    state {
      method   = method.aes_gcm.state
      enforced = true # refuse to write unencrypted state
    }

    plan {
      method   = method.aes_gcm.state
      enforced = true # saved plans hold secrets too
    }
  }
}

module "checkout" {
  source = "git::https://github.com/acme/tofu-modules.git//service?ref=v3.2.0"

  name     = "checkout"
  min_size = 3
  max_size = 12
}
