# policy/deployment.rego: checks rendered manifests in CI before they reach a cluster, e.g.
#   helm template ./checkout | conftest test -
# Conftest reads deny, warn and violation rules from package main (Rego v1 syntax).
package main

deny contains msg if {
	input.kind == "Deployment"
	some c in input.spec.template.spec.containers
	endswith(c.image, ":latest")
	msg := sprintf("%s: container %s uses the mutable :latest tag", [input.metadata.name, c.name])
}

deny contains msg if {
	input.kind == "Deployment"
	some c in input.spec.template.spec.containers
	not c.readinessProbe
	msg := sprintf("%s: container %s has no readinessProbe", [input.metadata.name, c.name])
}

deny contains msg if {
	input.kind == "Deployment"
	some c in input.spec.template.spec.containers
	not c.resources.limits.memory
	msg := sprintf("%s: container %s has no memory limit", [input.metadata.name, c.name])
}

# warn rules are reported but do not fail the run (unless --fail-on-warn is set).
warn contains msg if {
	input.kind == "Deployment"
	input.spec.replicas < 2
	msg := sprintf("%s: fewer than 2 replicas means downtime during a rollout", [input.metadata.name])
}
