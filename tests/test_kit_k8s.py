"""Starter-kit files for Kubernetes progressive delivery, traffic routing, GitOps and policy
(data/kit/{flagger,istio,gateway-api,argo-cd,flux,kyverno,opa}/): every file passes its upstream
validator, made strict (an unknown field fails), for the three presets and for a matrix of every
progressive-delivery tool x every GitOps tool x every mesh or gateway choice with edge values; the
team's numbers land where each tool reads them; the kit's «if any/none» blocks work and are checked.

Validators: the Flagger and Argo Rollouts CRDs from ../shared/schemas/ (strict JSON Schema);
cloudcoil-models-istio and cloudcoil-models-fluxcd (PyPI, pydantic, validated with extra="forbid");
@kubernetes-models/argo-cd, @kubernetes-models/gateway-api and @kubernetes-models/kyverno (npm,
validate(), with the unknown-field probe of tests/kit_k8s_validate.mjs). The OPA Rego gate has none that
can run here (UNCHECKED says why); it is only checked for the values the kit writes into it.
"""

from __future__ import annotations

import importlib.util
import itertools
import json
import shutil
import subprocess
import sys
from functools import cache
from pathlib import Path

import jsonschema
import kubernetes_validate
import pydantic
import pytest
import yaml
from cloudcoil.models.fluxcd.kustomize import v1 as flux_kustomize
from cloudcoil.models.fluxcd.source import v1 as flux_source
from cloudcoil.models.istio.networking import v1 as istio
from conftest import refused_edit

sys.path.insert(0, str(Path(__file__).parent))
from example_validators import KUBERNETES_VERSION, strict  # noqa: E402

_spec = importlib.util.spec_from_file_location("kit_vectors_regenerate_k8s", Path(__file__).parent / "kit_vectors" / "regenerate.py")
_vectors = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_vectors)

from macros.catalogue import load_catalogue  # noqa: E402
from macros.engine import normalise_answers, resolve_parameters  # noqa: E402
from macros.kit import kit_files, slug  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SHARED_SCHEMAS = ROOT.parent / "shared" / "schemas"
CRD_FILES = ("argo-rollouts-rollout-crd.yaml", "argo-rollouts-analysis-template-crd.yaml", "flagger-crd.yaml")
"""Upstream CRDs read beside the checkout (the project keeps no copy; see PROVENANCE.md there)."""
NODE_VALIDATOR = Path(__file__).parent / "kit_k8s_validate.mjs"
DATE = "2026-12-03"


@cache
def bundle() -> dict:
    return _vectors.bundle()


def kit_of(answers: dict) -> dict[str, str]:
    return dict(kit_files(answers, bundle(), DATE))


# ---------------------------------------------------------------------------
# Validators
# ---------------------------------------------------------------------------


def docs_of(path: Path) -> list[dict]:
    docs = [d for d in yaml.safe_load_all(path.read_text(encoding="utf-8")) if d is not None]
    assert docs, f"{path} holds no object"
    return docs


@cache
def crd_schemas() -> dict[tuple[str, str], dict]:
    out = {}
    for name in CRD_FILES:
        path = SHARED_SCHEMAS / name
        assert path.is_file(), f"{path} is missing: the upstream CRDs are read from ../shared/schemas/ beside the checkout"
        for crd in yaml.safe_load_all(path.read_text(encoding="utf-8")):
            group, kind = crd["spec"]["group"], crd["spec"]["names"]["kind"]
            for version in crd["spec"]["versions"]:
                schema = strict(version["schema"]["openAPIV3Schema"])
                schema["properties"] = {**schema.get("properties", {}), "apiVersion": {"const": f"{group}/{version['name']}"}, "kind": {"const": kind}}
                out[(f"{group}/{version['name']}", kind)] = schema
    return out


def _crd(doc: dict) -> list[str]:
    """Flagger Canary and MetricTemplate, Argo Rollouts Rollout: the upstream CRD schema, unknown fields refused."""
    return [
        f"/{'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in jsonschema.Draft7Validator(crd_schemas()[(doc["apiVersion"], doc["kind"])]).iter_errors(doc)
    ]


PYDANTIC_MODELS = {
    ("networking.istio.io/v1", "VirtualService"): istio.VirtualService,
    ("networking.istio.io/v1", "DestinationRule"): istio.DestinationRule,
    ("source.toolkit.fluxcd.io/v1", "GitRepository"): flux_source.GitRepository,
    ("kustomize.toolkit.fluxcd.io/v1", "Kustomization"): flux_kustomize.Kustomization,
}


def _pydantic(doc: dict) -> list[str]:
    """Istio and Flux: the cloudcoil-models pydantic models, validated with extra="forbid" (their default
    ignores unknown fields)."""
    try:
        PYDANTIC_MODELS[(doc["apiVersion"], doc["kind"])].model_validate(doc, extra="forbid")
    except pydantic.ValidationError as exc:
        return [str(exc)]
    return []


def _core(doc: dict) -> list[str]:
    """Kubernetes' own kinds (Service): kubernetes-validate, strict (unknown fields refused)."""
    try:
        kubernetes_validate.validate(doc, KUBERNETES_VERSION, strict=True)
    except kubernetes_validate.ValidationError as exc:
        return [str(exc)]
    return []


NPM_KINDS = {
    ("argoproj.io/v1alpha1", "ApplicationSet"),
    ("gateway.networking.k8s.io/v1", "HTTPRoute"),
    ("policies.kyverno.io/v1", "ValidatingPolicy"),
}
"""Kinds checked by tests/kit_k8s_validate.mjs: validate() of @kubernetes-models (npm), plus its unknown-field probe."""
CORE_KINDS = {("v1", "Service")}


def _npm(docs: list[dict]) -> list[str]:
    assert shutil.which("node"), "node is missing: install Debian's nodejs package (./dev test does it)"
    assert (ROOT / "node_modules" / "@kubernetes-models").is_dir(), "node_modules is missing: run `npm ci` (./dev test does it)"
    result = subprocess.run(["node", str(NODE_VALIDATOR)], input=json.dumps(docs), capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def check_manifests(path: Path) -> None:
    """Every object of a file through the validator of its kind; a kind without one fails."""
    problems: list[str] = []
    npm_docs = []
    for doc in docs_of(path):
        key = (doc.get("apiVersion"), doc.get("kind"))
        if key in crd_schemas():
            problems += [f"{key[1]} {p}" for p in _crd(doc)]
        elif key in PYDANTIC_MODELS:
            problems += [f"{key[1]}: {p}" for p in _pydantic(doc)]
        elif key in CORE_KINDS:
            problems += [f"{key[1]}: {p}" for p in _core(doc)]
        elif key in NPM_KINDS:
            npm_docs.append(doc)
        else:
            problems.append(f"{key}: no validator for this kind")
    if npm_docs:
        problems += _npm(npm_docs)
    assert not problems, f"{path.name}:\n" + "\n".join(problems)


def parse_rego(path: Path) -> None:
    """No validator: Rego v1 with one package, and every value the kit filled is a literal Rego reads (JSON)."""
    text = path.read_text(encoding="utf-8")
    assert sum(1 for line in text.splitlines() if line.startswith("package ")) == 1
    for line in text.splitlines():
        name, sep, value = line.partition(" := ")
        if sep and name in ("team", "production_approvals", "block_from"):
            json.loads(value)


CHECKS = {
    "deploy/canary.yaml": check_manifests,
    "deploy/metric-templates.yaml": check_manifests,
    "deploy/istio-routing.yaml": check_manifests,
    "deploy/httproute.yaml": check_manifests,
    "gitops/applicationset.yaml": check_manifests,
    "gitops/flux-sync.yaml": check_manifests,
    "policy/release-readiness.yaml": check_manifests,
}
"""The files of this slice and their upstream validators (tests/test_kit.py runs them on the kit vectors too)."""
FLEET_KEYS = {
    # Top-level keys of fleet.yaml and of a target customization (https://fleet.rancher.io/ref-fleet-yaml).
    "": {"defaultNamespace", "namespace", "labels", "kustomize", "helm", "paused", "rolloutStrategy", "targetCustomizations", "dependsOn"},
    "target": {"name", "namespace", "defaultNamespace", "kustomize", "helm", "yaml", "clusterSelector", "clusterName", "clusterGroupSelector", "clusterGroup"},
}


def parse_fleet(path: Path) -> None:
    """No validator: fleet.yaml parses and uses only the keys of Fleet's reference."""
    (doc,) = docs_of(path)
    assert set(doc) <= FLEET_KEYS[""], f"unknown keys {set(doc) - FLEET_KEYS['']}"
    for target in doc.get("targetCustomizations", []):
        assert set(target) <= FLEET_KEYS["target"], f"unknown keys {set(target) - FLEET_KEYS['target']}"
        assert set(target["clusterSelector"]) <= {"matchLabels", "matchExpressions"}


UNCHECKED = {
    # No registry package carries Fleet's fleet.yaml schema (nor its Bundle CRD): keys checked against its reference.
    "deploy/fleet.yaml": parse_fleet,
    # No OPA or Conftest binary (opa check, opa test, conftest verify) can be installed from the registries the tests use.
    "policy/release-gate.rego": parse_rego,
    "policy/deployment.rego": parse_rego,
}
MATRIX_CHECKS = {**CHECKS, **UNCHECKED, "deploy/rollout.yaml": check_manifests, "deploy/analysis-template.yaml": check_manifests}


def validate_kit(files: dict[str, str], tmp_path: Path) -> list[str]:
    """Write the kit and run every validator this file knows on it; the paths checked."""
    checked = []
    for name, text in files.items():
        target = tmp_path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        if name in MATRIX_CHECKS:
            MATRIX_CHECKS[name](target)
            checked.append(name)
    return checked


def test_every_file_of_this_slice_has_a_validator_or_says_why_not():
    mine = {
        f["path"]
        for f in bundle()["kit"]["files"]
        if f["template"].split("/")[0] in ("flagger", "istio", "gateway-api", "linkerd", "argo-cd", "flux", "rancher-fleet", "kyverno", "opa")
    }
    assert mine == set(CHECKS) | set(UNCHECKED)
    for entry in bundle()["kit"]["files"]:
        if entry["path"] in UNCHECKED:
            assert entry["checked"].startswith("no "), f"{entry['path']}: the README must say it has no validator"


# ---------------------------------------------------------------------------
# Each validator refuses an unknown field (and a wrong value) before it is trusted
# ---------------------------------------------------------------------------

TRICKY_PICKS = {"argo-rollouts": True, "istio": True, "argo-cd": True}


def sample(picks: dict[str, bool]) -> dict[str, str]:
    return kit_of(_vectors.answers(_vectors.TRICKY, picks={"tools": picks}))


BROKEN = [
    # (picks, file, text replaced, replacement, check)
    ({"flagger": True}, "deploy/canary.yaml", "  targetRef:\n", "  targetRefs: {}\n  targetRef:\n", check_manifests),
    ({"flagger": True}, "deploy/canary.yaml", "    stepWeights:\n", "    stepWeightz: [1]\n    stepWeights:\n", check_manifests),
    ({"flagger": True}, "deploy/metric-templates.yaml", "    type: prometheus\n", "    type: prometheus\n    adress: x\n", check_manifests),
    (
        {"argo-rollouts": True, "istio": True},
        "deploy/rollout.yaml",
        "            canarySubsetName:",
        "            canarySubset: x\n            canarySubsetName:",
        check_manifests,
    ),
    ({"argo-rollouts": True, "istio": True}, "deploy/istio-routing.yaml", "    - name: primary\n", "    - name: primary\n      retriez: 3\n", check_manifests),
    ({"argo-rollouts": True, "istio": True}, "deploy/istio-routing.yaml", "  subsets:\n", "  subsetz: []\n  subsets:\n", check_manifests),
    ({"argo-rollouts": True, "istio": True}, "deploy/istio-routing.yaml", "          weight: 0\n", "          weight: lots\n", check_manifests),
    (
        {"argo-rollouts": True, "istio": True},
        "deploy/istio-routing.yaml",
        "      targetPort: 8080\n",
        "      targetPort: 8080\n      targetPorts: 8080\n",
        check_manifests,
    ),
    ({"argo-rollouts": True, "gateway-api": True}, "deploy/httproute.yaml", "  selector:\n", "  selectors: {}\n  selector:\n", check_manifests),
    ({"flux": True}, "gitops/flux-sync.yaml", "  prune: true\n", "  prune: true\n  prunne: true\n", check_manifests),
    ({"flux": True}, "gitops/flux-sync.yaml", "  ref:\n", "  ref:\n    brnch: x\n", check_manifests),
    (
        {"argo-rollouts": True, "gateway-api": True},
        "deploy/httproute.yaml",
        "          weight: 0\n",
        "          weight: 0\n          wieght: 1\n",
        check_manifests,
    ),
    ({"argo-rollouts": True, "gateway-api": True}, "deploy/httproute.yaml", "          weight: 0\n", "          weight: -1\n", check_manifests),
    ({"argo-cd": True}, "gitops/applicationset.yaml", "          selfHeal: true\n", "          selfHeal: true\n          selfHeel: true\n", check_manifests),
    ({"argo-cd": True}, "gitops/applicationset.yaml", "  goTemplate: true\n", "  goTemplate: true\n  gotemplate: true\n", check_manifests),
    ({"rancher-fleet": True}, "deploy/fleet.yaml", "  - name: staging\n", "  - name: staging\n    clusterSelecter: {}\n", parse_fleet),
    ({"kyverno": True}, "policy/release-readiness.yaml", "  validationActions:\n", "  validationAction: [Deny]\n  validationActions:\n", check_manifests),
    ({"kyverno": True}, "policy/release-readiness.yaml", "    - Audit\n", "    - Block\n", check_manifests),
]


@pytest.mark.parametrize(("picks", "name", "old", "new", "check"), BROKEN, ids=[f"{b[1]}-{i}" for i, b in enumerate(BROKEN)])
def test_each_validator_rejects_an_unknown_field(picks, name, old, new, check, tmp_path):
    text = sample(picks)[name]
    assert old in text
    good = tmp_path / "good.yaml"
    good.write_text(text, encoding="utf-8")
    check(good)  # the file as generated passes ...
    bad = tmp_path / "bad.yaml"
    bad.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(AssertionError):  # ... and the same file with the mistake does not
        check(bad)


# ---------------------------------------------------------------------------
# The presets
# ---------------------------------------------------------------------------

PRESET_FILES = {
    # Tools each preset chooses (tests/test_kit.py's vectors pin the whole kits): microservices on
    # Kubernetes with Flagger, the Gateway API and Argo CD; the other two with OPA.
    "startup-saas-microservices": {"deploy/canary.yaml", "deploy/metric-templates.yaml", "gitops/applicationset.yaml"},
    "enterprise-financial-monolith": {"policy/release-gate.rego"},
    "scale-up-ecommerce-serverless": {"policy/release-gate.rego"},
}


@pytest.mark.parametrize("preset", list(PRESET_FILES))
def test_preset_kits_hold_and_pass_the_files_of_their_tools(preset, tmp_path):
    answers = next(p.answers for p in load_catalogue().presets if p.id == preset)
    files = kit_of(answers)
    mine = {n for n in files if n in MATRIX_CHECKS and n not in ("deploy/rollout.yaml", "deploy/analysis-template.yaml")}
    assert mine == PRESET_FILES[preset]
    assert set(validate_kit(files, tmp_path)) >= mine


# ---------------------------------------------------------------------------
# The matrix: every progressive-delivery tool x every GitOps tool x every mesh or gateway, edge values
# ---------------------------------------------------------------------------


def tools_of(category: str) -> list[str]:
    return [t["id"] for t in bundle()["tools"] if t["category"] == category]


MESHES = [None, *tools_of("service-mesh")]
EDGES = [
    ("tricky", _vectors.TRICKY, {}),
    ("smallest", "a", _vectors.SMALLEST),
    ("largest", "Ωμέγα 株式会社: \"x\" $y 'z'", _vectors.LARGEST),
    (
        "odd",
        "Nested: 'a' \"b\" ${c}",
        {
            "canary.steps": [1, 2, 3, 99, 100],
            "canary.interval": "45s",
            "canary.failed-checks": 7,
            "canary.max-error-rate": 2.5,
            "canary.error-margin": 0.1,
            "canary.latency-margin": 33,
        },
    ),
]
MATRIX = [
    (pd, gitops, mesh, EDGES[i % len(EDGES)])
    for i, (pd, gitops, mesh) in enumerate(itertools.product(tools_of("progressive-delivery"), tools_of("gitops"), MESHES))
]


def matrix_answers(pd: str, gitops: str, mesh: str | None, name: str, parameters: dict) -> dict:
    picks = {pd: True, gitops: True, "kyverno": True} | ({mesh: True} if mesh else {m: False for m in MESHES if m})
    return _vectors.answers(name, picks={"tools": picks}, parameters=parameters)


@pytest.mark.parametrize(("pd", "gitops", "mesh", "edge"), MATRIX, ids=[f"{pd}-{g}-{m or 'no-mesh'}-{e[0]}" for pd, g, m, e in MATRIX])
def test_matrix_kits_pass_their_validators_with_the_team_values(pd, gitops, mesh, edge, tmp_path):
    _, name, parameters = edge
    answers = matrix_answers(pd, gitops, mesh, name, parameters)
    files = kit_of(answers)
    rollouts = pd == "argo-rollouts"
    expected = {
        "deploy/canary.yaml": pd == "flagger",
        "deploy/metric-templates.yaml": pd == "flagger",
        "deploy/istio-routing.yaml": rollouts and mesh == "istio",
        "deploy/httproute.yaml": rollouts and mesh == "gateway-api",
        "gitops/applicationset.yaml": gitops == "argo-cd",
        "gitops/flux-sync.yaml": gitops == "flux",
        "deploy/fleet.yaml": gitops == "rancher-fleet",
        "policy/release-readiness.yaml": True,
    }
    assert {n for n, present in expected.items() if present} == {n for n in expected if n in files}
    checked = validate_kit(files, tmp_path)
    assert set(checked) == {n for n in files if n in MATRIX_CHECKS}

    params = {pid: entry["value"] for pid, entry in resolve_parameters(normalise_answers(answers, bundle()), bundle()).items()}
    team = slug(name, "app")
    if pd == "flagger":
        canary = yaml.safe_load(files["deploy/canary.yaml"])
        provider = {None: None, "istio": "istio", "linkerd": "gatewayapi:v1beta1", "gateway-api": "gatewayapi:v1"}[mesh]
        assert canary["spec"].get("provider") == provider
        refs = canary["spec"]["service"].get("gatewayRefs")
        assert (
            refs is None
            if mesh in (None, "istio")
            else refs[0]["kind" if mesh == "linkerd" else "name"] == ("Service" if mesh == "linkerd" else f"{team}-gateway")
        )
        analysis = canary["spec"]["analysis"]
        assert analysis["stepWeights"] == params["canary.steps"]
        assert analysis["threshold"] == params["canary.failed-checks"] + 1
        limits = {m["templateRef"]["name"].removeprefix(team + "-"): m["thresholdRange"]["max"] for m in analysis["metrics"]}
        assert limits == {
            "error-rate": params["canary.max-error-rate"],
            "error-margin": params["canary.error-margin"],
            "latency-margin": params["canary.latency-margin"],
        }
        templates = [d["metadata"]["name"] for d in yaml.safe_load_all(files["deploy/metric-templates.yaml"])]
        assert templates == [m["templateRef"]["name"] for m in analysis["metrics"]]
        assert canary["metadata"]["annotations"]["release-playbook/team"] == name
    if rollouts:
        rollout = yaml.safe_load(files["deploy/rollout.yaml"])
        routing = rollout["spec"]["strategy"]["canary"].get("trafficRouting", {})
        assert set(routing) == ({"istio"} if mesh == "istio" else {"plugins"} if mesh == "gateway-api" else set())
        if mesh == "gateway-api":
            route, *services = yaml.safe_load_all(files["deploy/httproute.yaml"])
            named = {rollout["spec"]["strategy"]["canary"][k] for k in ("stableService", "canaryService")}
            assert {b["name"] for b in route["spec"]["rules"][0]["backendRefs"]} == named == {s["metadata"]["name"] for s in services}
            assert all(s["spec"]["selector"] == rollout["spec"]["selector"]["matchLabels"] for s in services)
            assert routing["plugins"]["argoproj-labs/gatewayAPI"]["httpRoute"] == route["metadata"]["name"]
        if mesh == "istio":
            service, rule, backend = yaml.safe_load_all(files["deploy/istio-routing.yaml"])
            assert routing["istio"]["virtualService"] == {"name": service["metadata"]["name"], "routes": [service["spec"]["http"][0]["name"]]}
            assert rule["spec"]["host"] == backend["metadata"]["name"] and backend["spec"]["selector"] == rollout["spec"]["selector"]["matchLabels"]
            assert {s["name"] for s in rule["spec"]["subsets"]} == {routing["istio"]["destinationRule"][k] for k in ("stableSubsetName", "canarySubsetName")}
    for path in ("gitops/applicationset.yaml", "gitops/flux-sync.yaml", "policy/release-readiness.yaml"):
        if path in files:
            assert next(yaml.safe_load_all(files[path]))["metadata"]["annotations"]["release-playbook/team"] == name


def test_the_matrix_covers_every_tool_and_edge():
    assert {pd for pd, *_ in MATRIX} == {"flagger", "argo-rollouts", *tools_of("progressive-delivery")}
    assert {g for _, g, *_ in MATRIX} >= {"argo-cd", "flux"} and {m for *_, m, _ in MATRIX} == set(MESHES)
    for pd in ("flagger", "argo-rollouts"):
        assert {e[0] for p, _, _, e in MATRIX if p == pd} == {e[0] for e in EDGES}


def test_a_decimal_step_is_refused_for_flagger_as_for_argo_rollouts():
    answers = matrix_answers("flagger", "flux", "istio", "x", {"canary.steps": [12.5, 50, 100]})
    with pytest.raises(Exception, match="whole percentages"):
        kit_of(answers)


# ---------------------------------------------------------------------------
# The OPA gate and the Flagger rollback step carry the team's values
# ---------------------------------------------------------------------------


def test_the_rego_gate_holds_the_team_values():
    text = kit_of(
        _vectors.answers(
            _vectors.TRICKY, picks={"tools": {"open-policy-agent": True}}, parameters={"approvals.production": 3, "security.block-severity": "medium"}
        )
    )["policy/release-gate.rego"]
    assert f"team := {json.dumps(_vectors.TRICKY, ensure_ascii=False)}\n" in text
    assert "production_approvals := 3\n" in text and 'block_from := "medium"\n' in text


def test_the_conftest_policy_names_the_team():
    text = kit_of(_vectors.answers(_vectors.TRICKY, picks={"tools": {"conftest": True}}))["policy/deployment.rego"]
    assert f"team := {json.dumps(_vectors.TRICKY, ensure_ascii=False)}\n" in text and "\npackage main\n" in text


def test_flagger_rollback_sets_the_previous_version_instead_of_closing_the_gate(tmp_path):
    script = tmp_path / "rollback.sh"
    script.write_text(sample({"flagger": True})["scripts/rollback.sh"], encoding="utf-8")
    team = slug(_vectors.TRICKY, "app")
    out = subprocess.run(["bash", str(script), "--dry-run", "rollback"], capture_output=True, text=True).stdout
    assert f"kubectl -n {team} set image deployment/{team} <container>=<previous-image>" in out
    assert "rollback/close" not in out


# ---------------------------------------------------------------------------
# «if any/none» blocks: checked in every branch, mistakes reported at file:line
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("«if any istio»\n", "«if any istioo»\n", "kit/flagger/canary.yaml:{line}: unknown tool 'istioo' in «if any»"),
        ("«if any istio»\n", "«if some istio»\n", "kit/flagger/canary.yaml:{line}: «if some» is not a condition"),
        ("«if any istio»\n  provider: istio\n«end»\n", "«if any istio»\n  provider: istio\n", "kit/flagger/canary.yaml:{line}: «if» has no «end» line"),
        ("«if any istio»\n", "", "kit/flagger/canary.yaml:{next}: «end» without its «each ... as ...» or «if ...» line"),
        # A mistake inside a block is found even though the defaults choose none of its tools.
        ("        kind: Service\n", "        kind: «canary.stepz|yaml»\n", "kit/flagger/canary.yaml:{line}: unknown value 'canary.stepz'"),
    ],
)
def test_condition_mistakes_fail_validation_with_file_and_line(old, new, message, tmp_path):
    text = (ROOT / "data" / "kit" / "flagger" / "canary.yaml").read_text(encoding="utf-8")
    line = text[: text.index(old)].count("\n") + 1
    assert message.format(line=line, next=line + 1) in refused_edit(tmp_path, "kit/flagger/canary.yaml", old, new)
