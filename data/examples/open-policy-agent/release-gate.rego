# Release gate evaluated by the pipeline before a deployment, e.g.
#   opa eval --fail-defined -d release-gate.rego -i request.json "data.release.gate.deny[x]"
# Rego v1 syntax (the default since OPA 1.0): `if` and `contains` are required keywords.
package release.gate

# Each rule adds a reason to the deny set; an empty set means the release may proceed.
deny contains msg if {
	input.environment == "production"
	not input.change.approved
	msg := "production deployments need an approved change request"
}

deny contains msg if {
	some image in input.images
	not startswith(image, "registry.example.com/")
	msg := sprintf("image %s does not come from the trusted registry", [image])
}

deny contains msg if {
	input.scan.critical_vulnerabilities > 0
	msg := sprintf("%d critical vulnerabilities are open", [input.scan.critical_vulnerabilities])
}

deny contains msg if {
	input.environment == "production"
	time.weekday(time.now_ns()) in {"Saturday", "Sunday"}
	msg := "no production releases at weekends without an exception"
}

# Convenience decision for callers that only want a yes or no.
default allow := false

allow if count(deny) == 0
