# Vault policy for the deployment pipeline of the checkout service. The pipeline logs in
# with its CI identity token (JWT/OIDC auth), so no long-lived Vault token is stored in CI:
#   vault write auth/jwt/role/checkout-deploy token_policies=checkout-deploy ...
# Anything not granted here is denied by default.

# Read the service's static secrets (KV version 2 puts data under secret/data/).
path "secret/data/checkout/production/*" {
  capabilities = ["read"]
}

# Issue short-lived database credentials for migrations; Vault revokes them on lease expiry.
path "database/creds/checkout-migrate" {
  capabilities = ["read"]
}

# Sign the release artefact's checksum with a key the pipeline can use but never read.
path "transit/sign/release-signing" {
  capabilities = ["update"]
}

# Explicitly keep the pipeline away from other teams' secrets, even if a broader grant appears.
path "secret/data/payments/*" {
  capabilities = ["deny"]
}
