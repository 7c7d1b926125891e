"""Validators for configuration samples: upstream JSON Schemas, CRD schemas, kubernetes-validate, promtool.

Usable alone while writing a sample: `python tests/example_validators.py <validator> <file>`.
CRD schemas (Argo Rollouts, Flagger) and flagd's schemas are upstream files that no package carries: the
project keeps no copy and reads them from ../shared/schemas/ beside the checkout (see PROVENANCE.md there).
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
import referencing
import yaml

SCHEMAS = Path(__file__).resolve().parent.parent.parent / "shared" / "schemas"
"""Upstream schemas beside the checkout (the project keeps no copy)."""
KUBERNETES_VERSION = "1.33"


def strict(schema: dict) -> dict:
    """Reject unknown fields, as the API server does with strict field validation (`kubectl --validate=strict`)."""
    if not isinstance(schema, dict):
        return schema
    out = {
        k: (
            {n: strict(v) for n, v in val.items()}
            if k == "properties"
            else strict(val)
            if isinstance(val, dict)
            else [strict(i) for i in val]
            if isinstance(val, list)
            else val
        )
        for k, val in schema.items()
    }
    if "properties" in out and "additionalProperties" not in out and not out.get("x-kubernetes-preserve-unknown-fields"):
        out["additionalProperties"] = False
    return out


def shared_schemas() -> Path:
    """The folder of upstream schemas; a clear failure when it is not beside the checkout."""
    assert SCHEMAS.is_dir(), (
        f"{SCHEMAS} is missing: the upstream CRDs (Argo Rollouts, Flagger) and flagd schemas are read from "
        "../shared/schemas/ beside the checkout; put a copy there (see its PROVENANCE.md for the sources)"
    )
    return SCHEMAS


@cache
def crd_schemas() -> dict[tuple[str, str], dict]:
    """(apiVersion, kind) -> JSON Schema of that custom resource, from the upstream CRDs."""
    out = {}
    for path in sorted(shared_schemas().glob("*crd.yaml")):
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
            validator = jsonschema.Draft7Validator(crd_schemas()[key])
            errors = [f"{doc['kind']} /{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(doc)]
            assert not errors, "\n".join(errors)
        else:
            kubernetes_validate.validate(doc, KUBERNETES_VERSION, strict=True)


def validate_flagd(path: Path) -> None:
    flags = json.loads((shared_schemas() / "flagd" / "flags.json").read_text())
    targeting = json.loads((shared_schemas() / "flagd" / "targeting.json").read_text())
    registry = referencing.Registry().with_resources([(s["$id"], referencing.Resource.from_contents(s)) for s in (flags, targeting)])
    data = yaml.safe_load(path.read_text())
    # flags.json puts $id beside a top-level $ref, which draft 7 ignores; start from its $id so
    # that "./targeting.json" resolves against it.
    validator = jsonschema.Draft7Validator({"$ref": flags["$id"]}, registry=registry)
    errors = sorted(validator.iter_errors(data), key=str)
    assert not errors, "\n".join(f"/{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in errors)


def check_jsonschema(builtin: str, path: Path, *extra: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", builtin, *extra, str(path)],
        capture_output=True,
        text=True,
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
    # The vendored Azure schema has a pattern that the default (unicode) regex engine rejects.
    "azure-pipelines": lambda p: check_jsonschema("vendor.azure-pipelines", p, "--regex-variant", "nonunicode"),
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


def validate(validator: str, path: Path) -> None:
    """Raise (AssertionError or a validation error) unless `path` passes `validator`."""
    VALIDATORS[validator](Path(path))


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in VALIDATORS:
        sys.exit(f"usage: python tests/example_validators.py <{'|'.join(VALIDATORS)}> FILE")
    try:
        validate(sys.argv[1], Path(sys.argv[2]))
    except Exception as exc:  # a person reads this: show the reason, not a traceback
        sys.exit(f"{sys.argv[2]}: invalid ({sys.argv[1]}): {exc}")
    print(f"{sys.argv[2]}: valid ({sys.argv[1]})")
