"""Every configuration sample shown on the site is valid against its upstream schema or validator.

A reader who copies a sample from a tool page should find it valid: each tool's `example.validator`
names the check, and this module runs it. CRD schemas (Argo Rollouts, Flagger) and flagd's schemas
are upstream copies in tests/schemas/ (see PROVENANCE.md there).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from functools import cache
from pathlib import Path

import jsonschema
import kubernetes_validate
import pytest
import referencing
import yaml

from macros.catalogue import load_catalogue

SCHEMAS = Path(__file__).parent / "schemas"
CATALOGUE = load_catalogue()
EXAMPLES = [t for t in CATALOGUE.tools if t.example]
KUBERNETES_VERSION = "1.33"


def strict(schema: dict) -> dict:
    """Reject unknown fields, as the API server does with strict field validation (`kubectl --validate=strict`)."""
    if not isinstance(schema, dict):
        return schema
    out = {k: ({n: strict(v) for n, v in val.items()} if k == "properties" else strict(val) if isinstance(val, dict) else [strict(i) for i in val] if isinstance(val, list) else val) for k, val in schema.items()}
    if "properties" in out and "additionalProperties" not in out and not out.get("x-kubernetes-preserve-unknown-fields"):
        out["additionalProperties"] = False
    return out


@cache
def crd_schemas() -> dict[tuple[str, str], dict]:
    """(apiVersion, kind) -> JSON Schema of that custom resource, from the upstream CRDs."""
    out = {}
    for path in sorted(SCHEMAS.glob("*crd.yaml")):
        for crd in yaml.safe_load_all(path.read_text()):
            group, kind = crd["spec"]["group"], crd["spec"]["names"]["kind"]
            for version in crd["spec"]["versions"]:
                schema = strict(version["schema"]["openAPIV3Schema"])
                props = dict(schema.get("properties", {}))
                props["apiVersion"] = {"const": f"{group}/{version['name']}"}
                props["kind"] = {"const": kind}
                schema["properties"] = props
                out[(f"{group}/{version['name']}", kind)] = schema
    return out


def validate_manifests(path: Path) -> None:
    """Each document: a known custom resource against its CRD, anything else against Kubernetes' own schema."""
    docs = [d for d in yaml.safe_load_all(path.read_text()) if d is not None]
    assert docs, f"{path} holds no manifest"
    for doc in docs:
        key = (doc.get("apiVersion"), doc.get("kind"))
        if key in crd_schemas():
            jsonschema.validate(doc, crd_schemas()[key])
        else:
            kubernetes_validate.validate(doc, KUBERNETES_VERSION, strict=True)


def validate_flagd(path: Path) -> None:
    flags = json.loads((SCHEMAS / "flagd" / "flags.json").read_text())
    targeting = json.loads((SCHEMAS / "flagd" / "targeting.json").read_text())
    registry = referencing.Registry().with_resources(
        [(s["$id"], referencing.Resource.from_contents(s)) for s in (flags, targeting)]
    )
    data = yaml.safe_load(path.read_text())
    validator = jsonschema.Draft7Validator(flags, registry=registry)
    errors = sorted(validator.iter_errors(data), key=str)
    assert not errors, "\n".join(e.message for e in errors)


def check_jsonschema(builtin: str, path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", builtin, str(path)],
        capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def promtool(what: str, path: Path) -> None:
    exe = shutil.which("promtool")
    assert exe, "promtool is missing: install Debian's prometheus package (./dev test does it)"
    result = subprocess.run([exe, "check", what, str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


VALIDATORS = {
    "github-workflow": lambda p: check_jsonschema("vendor.github-workflows", p),
    "gitlab-ci": lambda p: check_jsonschema("vendor.gitlab-ci", p),
    "azure-pipelines": lambda p: check_jsonschema("vendor.azure-pipelines", p),
    "dependabot": lambda p: check_jsonschema("vendor.dependabot", p),
    "renovate": lambda p: check_jsonschema("vendor.renovate", p),
    "kubernetes": validate_manifests,
    "argo-rollouts": validate_manifests,
    "flagger": validate_manifests,
    "flagd": validate_flagd,
    "prometheus-rules": lambda p: promtool("rules", p),
    "prometheus-config": lambda p: promtool("config", p),
    "yaml": lambda p: list(yaml.safe_load_all(p.read_text())),
    "json": lambda p: json.loads(p.read_text()),
}


def test_every_validator_name_has_a_check():
    from macros.models import Validator

    assert set(Validator.__args__) == set(VALIDATORS)


@pytest.mark.parametrize("tool", [t for t in EXAMPLES if t.example.validator], ids=lambda t: t.id)
def test_example_is_valid(tool):
    path = CATALOGUE.data_dir / "examples" / tool.example.file
    VALIDATORS[tool.example.validator](path)


def test_a_broken_manifest_is_caught(tmp_path):
    """The CRD check is real: a Rollout with a misspelt field fails."""
    bad = tmp_path / "rollout.yaml"
    bad.write_text("apiVersion: argoproj.io/v1alpha1\nkind: Rollout\nmetadata: {name: x}\nspec:\n  strategy:\n    canary:\n      stepz: []\n")
    with pytest.raises(jsonschema.ValidationError):
        validate_manifests(bad)
