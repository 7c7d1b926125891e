"""Validators for configuration samples: upstream JSON Schemas, CRD schemas, kubernetes-validate, promtool.

Usable alone while writing a sample: `python tests/example_validators.py <validator> <file>`;
`python tests/example_validators.py --summary` counts the samples validated, only parsed and unchecked.
CRD schemas (Argo Rollouts, Flagger) and flagd's schemas are upstream files that no package carries: the
project keeps no copy and reads them from ../shared/schemas/ beside the checkout (see PROVENANCE.md there).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tomllib
from functools import cache
from pathlib import Path

import hcl2
import jsonschema
import kubernetes_validate
import pydantic
import referencing
import yaml
from cloudcoil.models.fluxcd.helm import v2 as flux_helm
from cloudcoil.models.fluxcd.kustomize import v1 as flux_kustomize
from cloudcoil.models.fluxcd.source import v1 as flux_source
from cloudcoil.models.istio.networking import v1 as istio_networking
from cloudcoil.models.sealed_secrets import v1alpha1 as sealed_secrets

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


# ---------------------------------------------------------------------------
# Custom resources with pydantic models on PyPI (cloudcoil-models-*, generated from the upstream CRDs)
# ---------------------------------------------------------------------------

PYDANTIC_MODELS = {
    ("source.toolkit.fluxcd.io/v1", "GitRepository"): flux_source.GitRepository,
    ("kustomize.toolkit.fluxcd.io/v1", "Kustomization"): flux_kustomize.Kustomization,
    ("helm.toolkit.fluxcd.io/v2", "HelmRelease"): flux_helm.HelmRelease,
    ("networking.istio.io/v1", "VirtualService"): istio_networking.VirtualService,
    ("networking.istio.io/v1", "DestinationRule"): istio_networking.DestinationRule,
    ("networking.istio.io/v1", "Gateway"): istio_networking.Gateway,
    ("bitnami.com/v1alpha1", "SealedSecret"): sealed_secrets.SealedSecret,
}


def validate_models(path: Path) -> None:
    """Each document against the cloudcoil model of its kind, with extra="forbid": the models' own default
    ignores unknown fields, which would let a misspelt key through."""
    docs = [d for d in yaml.safe_load_all(path.read_text()) if d is not None]
    assert docs, f"{path} holds no manifest"
    for doc in docs:
        key = (doc.get("apiVersion"), doc.get("kind"))
        assert key in PYDANTIC_MODELS, f"{path}: no model for {key}; add it to PYDANTIC_MODELS"
        try:
            PYDANTIC_MODELS[key].model_validate(doc, extra="forbid")
        except pydantic.ValidationError as exc:
            raise AssertionError(f"{path}: {doc['kind']}: {exc}") from None


@cache
def ansible_playbook_schema() -> dict:
    """The playbook schema that ansible-lint carries (its `schema[playbook]` rule validates with it)."""
    import ansiblelint.schemas

    return json.loads((Path(ansiblelint.schemas.__file__).parent / "playbook.json").read_text())


def validate_playbook(path: Path) -> None:
    """Play keywords are checked strictly; a task's keys are module names, which the schema leaves open."""
    schema = ansible_playbook_schema()
    validator = jsonschema.validators.validator_for(schema)(schema)
    errors = [f"/{'/'.join(map(str, e.absolute_path))}: {e.message[:300]}" for e in validator.iter_errors(yaml.safe_load(path.read_text()))]
    assert not errors, "\n".join(errors)


def amtool(path: Path) -> None:
    exe = shutil.which("amtool")
    assert exe, "amtool is missing: install Debian's prometheus-alertmanager package (./dev test does it)"
    result = subprocess.run([exe, "check-config", str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


# ---------------------------------------------------------------------------
# CodeDeploy AppSpec files: no official schema exists, so a structural check written from the AWS AppSpec
# reference (the link beside each rule); it knows the documented keys and refuses any other.
# ---------------------------------------------------------------------------

LAMBDA_NAME = re.compile(r"[a-zA-Z0-9_-]{1,64}")
"""Function names (https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html#lambda-CreateFunction-request-FunctionName)."""
LAMBDA_HOOKS = ("BeforeAllowTraffic", "AfterAllowTraffic")
"""https://docs.aws.amazon.com/codedeploy/latest/userguide/reference-appspec-file-structure-hooks.html#appspec-hooks-lambda"""
SERVER_HOOKS = (
    "ApplicationStop",
    "BeforeInstall",
    "AfterInstall",
    "ApplicationStart",
    "ValidateService",
    "BeforeBlockTraffic",
    "AfterBlockTraffic",
    "BeforeAllowTraffic",
    "AfterAllowTraffic",
)
"""Events a script may run at (https://docs.aws.amazon.com/codedeploy/latest/userguide/reference-appspec-file-structure-hooks.html#appspec-hooks-server);
DownloadBundle, Install, AllowTraffic and BlockTraffic are CodeDeploy's own and take no script."""
SERVER_KEYS = ("version", "os", "files", "permissions", "hooks", "file_exists_behavior")
"""https://docs.aws.amazon.com/codedeploy/latest/userguide/reference-appspec-file-structure.html#server-appspec-structure"""


def _version_ok(value) -> bool:
    # "the only allowed value is 0.0" (reference-appspec-file-structure.html); YAML reads 0.0 as a number.
    return value == 0.0 and not isinstance(value, bool)


def appspec_lambda_errors(doc) -> list[str]:
    """https://docs.aws.amazon.com/codedeploy/latest/userguide/reference-appspec-file-structure-resources.html#reference-appspec-file-structure-resources-lambda"""
    if not isinstance(doc, dict):
        return ["the AppSpec is not a mapping"]
    errors = [f"unknown top-level key '{k}'" for k in doc if k not in ("version", "Resources", "Hooks")]
    if not _version_ok(doc.get("version")):
        errors.append("version must be 0.0")
    resources = doc.get("Resources")
    if not isinstance(resources, list) or len(resources) != 1 or not isinstance(resources[0], dict) or len(resources[0]) != 1:
        return [*errors, "Resources must list exactly one function, as `- name: {Type, Properties}`"]
    ((name, resource),) = resources[0].items()
    if not isinstance(resource, dict) or set(resource) != {"Type", "Properties"}:
        return [*errors, f"Resources/{name}: needs exactly Type and Properties"]
    if resource["Type"] != "AWS::Lambda::Function":
        errors.append(f"Resources/{name}/Type: must be AWS::Lambda::Function")
    props = resource["Properties"]
    wanted = {"Name", "Alias", "CurrentVersion", "TargetVersion"}
    if not isinstance(props, dict) or set(props) != wanted:
        errors.append(f"Resources/{name}/Properties: needs exactly {sorted(wanted)}, got {sorted(props) if isinstance(props, dict) else props!r}")
    else:
        errors += [f"Resources/{name}/Properties/{k}: must be a string" for k, v in props.items() if not isinstance(v, str)]
        if isinstance(props["Name"], str) and not LAMBDA_NAME.fullmatch(props["Name"]):
            errors.append(f"Resources/{name}/Properties/Name: '{props['Name']}' is not a function name")
    hooks = doc.get("Hooks", [])
    if not isinstance(hooks, list):
        return [*errors, "Hooks must be a list of `- Event: function-name`"]
    seen = []
    for i, hook in enumerate(hooks):
        if not isinstance(hook, dict) or len(hook) != 1:
            errors.append(f"Hooks/{i}: must be one `Event: function-name`")
            continue
        ((event, function),) = hook.items()
        if event not in LAMBDA_HOOKS or event in seen:
            errors.append(f"Hooks/{i}: '{event}' is not a Lambda hook event (or repeats one): {', '.join(LAMBDA_HOOKS)}")
        if not isinstance(function, str) or not LAMBDA_NAME.fullmatch(function):
            errors.append(f"Hooks/{i}: '{function}' is not a function name")
        seen.append(event)
    return errors


def appspec_server_errors(doc) -> list[str]:
    """https://docs.aws.amazon.com/codedeploy/latest/userguide/reference-appspec-file-structure.html (EC2/on-premises)"""
    if not isinstance(doc, dict):
        return ["the AppSpec is not a mapping"]
    errors = [f"unknown top-level key '{k}'" for k in doc if k not in SERVER_KEYS]
    if not _version_ok(doc.get("version")):
        errors.append("version must be 0.0")
    if doc.get("os") not in ("linux", "windows"):
        errors.append("os must be linux or windows")
    # https://docs.aws.amazon.com/codedeploy/latest/userguide/reference-appspec-file-structure-files.html
    for i, entry in enumerate(doc.get("files", [])):
        if not isinstance(entry, dict) or set(entry) != {"source", "destination"} or not all(isinstance(v, str) for v in entry.values()):
            errors.append(f"files/{i}: needs exactly source and destination (strings)")
    if doc.get("file_exists_behavior", "DISALLOW") not in ("DISALLOW", "OVERWRITE", "RETAIN"):
        errors.append("file_exists_behavior must be DISALLOW, OVERWRITE or RETAIN")
    hooks = doc.get("hooks", {})
    if not isinstance(hooks, dict):
        return [*errors, "hooks must map lifecycle events to script lists"]
    for event, scripts in hooks.items():
        if event not in SERVER_HOOKS:
            errors.append(f"hooks: '{event}' is not an event that runs scripts: {', '.join(SERVER_HOOKS)}")
        if not isinstance(scripts, list) or not scripts:
            errors.append(f"hooks/{event}: must list scripts")
            continue
        total = 0
        for i, script in enumerate(scripts):
            if not isinstance(script, dict) or "location" not in script or set(script) - {"location", "timeout", "runas"}:
                errors.append(f"hooks/{event}/{i}: takes location (required), timeout and runas only")
                continue
            timeout = script.get("timeout", 3600)
            if not isinstance(timeout, int) or isinstance(timeout, bool) or timeout < 1:
                errors.append(f"hooks/{event}/{i}/timeout: must be whole seconds")
            else:
                total += timeout
        # "The maximum timeout is 3600 seconds (1 hour) for each deployment lifecycle event" (hooks reference).
        if total > 3600:
            errors.append(f"hooks/{event}: the scripts' timeouts add up to {total} s, more than 3600 s")
    return errors


def validate_appspec(path: Path) -> None:
    """A Lambda AppSpec (it has Resources) or an EC2/on-premises one, by the structural checks above."""
    doc = yaml.safe_load(path.read_text())
    errors = appspec_lambda_errors(doc) if isinstance(doc, dict) and "Resources" in doc else appspec_server_errors(doc)
    assert not errors, f"{path} (AppSpec):\n" + "\n".join(errors)


# ---------------------------------------------------------------------------
# HCL (Terraform, OpenTofu, Vault policies) and TOML: parsed only
# ---------------------------------------------------------------------------

HCL_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", '"': '"', "\\": "\\"}


def hcl_string(raw: str) -> str:
    """An HCL quoted string as python-hcl2 returns it (quotes and escapes kept), read back to its value:
    escapes decoded, `$${` and `%%{` back to `${` and `%{`. Refuses a live `${` or `%{` (a template)."""
    assert raw.startswith('"') and raw.endswith('"'), raw
    body = raw[1:-1]
    live = re.sub(r"\$\$\{|%%\{", "", body)
    assert "${" not in live and "%{" not in live, f"{raw}: an interpolation or directive would run"
    out = re.sub(r"\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)", lambda m: chr(int(m.group(1)[1:], 16)) if m.group(1)[0] in "uU" else HCL_ESCAPES[m.group(1)], body)
    return out.replace("$${", "${").replace("%%{", "%{")


def parse_hcl(path: Path) -> dict:
    try:
        return hcl2.loads(path.read_text(encoding="utf-8"))
    except Exception as exc:  # lark's errors: any of them means the file is not HCL
        raise AssertionError(f"{path.name}: not valid HCL: {exc}") from None


def validate_toml(path: Path) -> None:
    try:
        tomllib.loads(path.read_text())
    except tomllib.TOMLDecodeError as exc:
        raise AssertionError(f"{path}: not valid TOML: {exc}") from None


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
    "flux": validate_models,
    "istio": validate_models,
    "sealed-secrets": validate_models,
    "alertmanager-config": amtool,
    "ansible-playbook": validate_playbook,
    "codedeploy-appspec": validate_appspec,
    "hcl": lambda p: parse_hcl(p),
    "toml": validate_toml,
    "yaml": lambda p: list(yaml.safe_load_all(p.read_text())),
    "json": lambda p: json.loads(p.read_text()),
}


PARSE_ONLY = ("yaml", "json", "hcl", "toml")
"""Validators that only parse the file: its syntax is checked, not what its keys mean."""


def validate(validator: str, path: Path) -> None:
    """Raise (AssertionError or a validation error) unless `path` passes `validator`."""
    VALIDATORS[validator](Path(path))


def summary() -> dict[str, list[str]]:
    """The site's samples by how far they are checked: validated, parsed (only), unchecked."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from macros.catalogue import load_catalogue

    out: dict[str, list[str]] = {"validated": [], "parsed": [], "unchecked": []}
    for tool in load_catalogue().tools:
        if tool.example:
            v = tool.example.validator
            out["unchecked" if v is None else "parsed" if v in PARSE_ONLY else "validated"].append(tool.example.file)
    return out


if __name__ == "__main__":
    if sys.argv[1:] == ["--summary"]:
        for how, files in summary().items():
            print(f"{how}: {len(files)}")
        sys.exit(0)
    if len(sys.argv) != 3 or sys.argv[1] not in VALIDATORS:
        sys.exit(f"usage: python tests/example_validators.py <{'|'.join(VALIDATORS)}> FILE")
    try:
        validate(sys.argv[1], Path(sys.argv[2]))
    except Exception as exc:  # a person reads this: show the reason, not a traceback
        sys.exit(f"{sys.argv[2]}: invalid ({sys.argv[1]}): {exc}")
    print(f"{sys.argv[2]}: valid ({sys.argv[1]})")
