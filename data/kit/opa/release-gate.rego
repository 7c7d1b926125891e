# Release gate in Rego v1 (the default since OPA 1.0), evaluated by the pipeline before each deployment:
#   opa eval --fail-defined -d policy/release-gate.rego -i request.json "data.release.gate.deny[x]"
# request.json describes the release: {"environment", "approvals": [names], "images": [references],
# "vulnerabilities": [{"id", "severity"}]}. Replace registry.example.com/ with your registry.
# Reference: https://www.openpolicyagent.org/docs/policy-language
package release.gate

team := «organisation.name|json»

# Approvals a production release needs (our answer: «approvals.production|words»).
production_approvals := «approvals.production|integer»

# Open vulnerabilities of this severity or worse block a release.
block_from := «security.block-severity|json»

severities := ["low", "medium", "high", "critical"]

blocking contains severity if {
	some i, severity in severities
	some j, block_from_level in severities
	block_from_level == block_from
	i >= j
}

deny contains msg if {
	input.environment == "production"
	count(input.approvals) < production_approvals
	msg := sprintf("%s: production releases need %d approvals, this one has %d", [team, production_approvals, count(input.approvals)])
}

deny contains msg if {
	some image in input.images
	not startswith(image, "registry.example.com/")
	msg := sprintf("image %s does not come from our registry", [image])
}

deny contains msg if {
	some vulnerability in input.vulnerabilities
	vulnerability.severity in blocking
	msg := sprintf("vulnerability %s (%s) is open", [vulnerability.id, vulnerability.severity])
}

default allow := false

allow if count(deny) == 0
