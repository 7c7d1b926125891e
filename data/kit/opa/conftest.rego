# Conftest policy for the kit's Kubernetes manifests, in Rego v1, run in every pull request:
#   conftest test deploy/ --policy policy/
# `deny` fails the build and `warn` only reports. It asks of each Deployment and Argo Rollouts
# Rollout what our admission policy would: images pinned and from our registry, probes and
# resource requests on every container. Replace registry.example.com/ with your registry.
# Reference: https://www.conftest.dev/
package main

team := «organisation.name|json»

workload_kinds := {"Deployment", "Rollout"}

containers contains container if {
	input.kind in workload_kinds
	some container in input.spec.template.spec.containers
}

deny contains msg if {
	some container in containers
	not startswith(container.image, "registry.example.com/")
	msg := sprintf("%s: %s: image %s does not come from our registry", [team, input.metadata.name, container.image])
}

deny contains msg if {
	some container in containers
	endswith(container.image, ":latest")
	msg := sprintf("%s: %s: image %s is not pinned (never :latest)", [team, input.metadata.name, container.image])
}

deny contains msg if {
	some container in containers
	not container.readinessProbe
	msg := sprintf("%s: %s: container %s has no readiness probe", [team, input.metadata.name, container.name])
}

deny contains msg if {
	some container in containers
	not container.livenessProbe
	msg := sprintf("%s: %s: container %s has no liveness probe", [team, input.metadata.name, container.name])
}

deny contains msg if {
	some container in containers
	not container.resources.requests
	msg := sprintf("%s: %s: container %s declares no resource requests", [team, input.metadata.name, container.name])
}

warn contains msg if {
	input.kind in workload_kinds
	input.spec.replicas < 2
	msg := sprintf("%s: %s runs a single replica", [team, input.metadata.name])
}
