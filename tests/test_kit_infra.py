"""The starter kit's infrastructure files: CodeDeploy (AppSpecs, deployment configuration and group, the
error-rate alarm), Terraform / OpenTofu, and scripts/promote.sh; and the kit files shown on tool pages.

Validators, and how far each one goes:
- AWS CLI inputs (`--cli-input-yaml`): the CodeDeploy and CloudWatch API models that botocore carries, walked
  strictly (unknown fields, types, required fields, enumerations, lengths, ranges, patterns), plus botocore's
  own parameter validator.
- AppSpec files: no official schema exists, so a structural check written here from the AWS AppSpec
  reference (links beside each check); it knows the documented keys and refuses any other.
- Terraform / OpenTofu: python-hcl2 parses the files (parsed, not planned: no provider or backend is used).
- promote.sh: shellcheck, and a dry run.
"""

from __future__ import annotations

import importlib.util
import json
import math
import re
import shutil
import subprocess
from functools import cache
from pathlib import Path

import botocore.session
import botocore.validate
import pytest
import yaml
from example_validators import appspec_lambda_errors, appspec_server_errors, hcl_string, parse_hcl

# tests/vectors/regenerate.py is also called `regenerate`: load the kit's under its own name.
_spec = importlib.util.spec_from_file_location("kit_vectors_regenerate_infra", Path(__file__).parent / "kit_vectors" / "regenerate.py")
_vectors = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_vectors)

from macros.catalogue import load_catalogue  # noqa: E402
from macros.engine import chosen, duration_seconds, normalise_answers  # noqa: E402
from macros.kit import kit_files, slug  # noqa: E402

VECTORS = _vectors.load_vectors()
KITS = [(p, v) for p, v in VECTORS if p.with_suffix(".kit.json").is_file()]
TRICKY = _vectors.TRICKY


@cache
def kit() -> dict:
    return _vectors.bundle()


def files_of(answers: dict, date: str = "2026-12-03") -> dict[str, str]:
    return dict(kit_files(answers, kit(), date))


def vector(name: str) -> dict:
    return next(v for p, v in KITS if name in p.stem)


# ---------------------------------------------------------------------------
# AWS CLI input files against the API models botocore carries
# ---------------------------------------------------------------------------


@cache
def input_shape(service: str, operation: str):
    return botocore.session.get_session().get_service_model(service).operation_model(operation).input_shape


def shape_errors(value, shape, where: str = "") -> list[str]:
    """Every way `value` breaks `shape` (a botocore model shape): stricter than botocore's own validator,
    which checks neither enumerations nor maximum lengths nor patterns."""
    at = where or "/"
    kind = shape.type_name
    if kind == "structure":
        if not isinstance(value, dict):
            return [f"{at}: expected a mapping"]
        errors = [f"{at}: unknown field '{k}' (allowed: {', '.join(shape.members)})" for k in value if k not in shape.members]
        errors += [f"{at}: missing required field '{k}'" for k in shape.required_members if k not in value]
        for k, v in value.items():
            if k in shape.members:
                errors += shape_errors(v, shape.members[k], f"{where}/{k}")
        return errors
    if kind == "list":
        if not isinstance(value, list):
            return [f"{at}: expected a list"]
        errors = [] if len(value) <= shape.metadata.get("max", math.inf) else [f"{at}: more than {shape.metadata['max']} items"]
        for i, item in enumerate(value):
            errors += shape_errors(item, shape.member, f"{where}/{i}")
        return errors
    if kind == "string":
        if not isinstance(value, str):
            return [f"{at}: expected a string, got {value!r}"]
        errors = []
        if shape.enum and value not in shape.enum:
            errors.append(f"{at}: '{value}' is not one of {shape.enum}")
        if not shape.metadata.get("min", 0) <= len(value) <= shape.metadata.get("max", math.inf):
            errors.append(f"{at}: length {len(value)} outside {shape.metadata.get('min', 0)}..{shape.metadata.get('max')}")
        pattern = shape.metadata.get("pattern")
        if pattern and not re.fullmatch(pattern, value):
            errors.append(f"{at}: '{value}' does not match {pattern}")
        return errors
    if kind in ("integer", "long"):
        if not isinstance(value, int) or isinstance(value, bool):
            return [f"{at}: expected a whole number, got {value!r}"]
        ok = shape.metadata.get("min", -math.inf) <= value <= shape.metadata.get("max", math.inf)
        return [] if ok else [f"{at}: {value} outside {shape.metadata.get('min')}..{shape.metadata.get('max')}"]
    if kind in ("double", "float"):
        ok = isinstance(value, int | float) and not isinstance(value, bool)
        return [] if ok else [f"{at}: expected a number, got {value!r}"]
    if kind == "boolean":
        return [] if isinstance(value, bool) else [f"{at}: expected true or false, got {value!r}"]
    return [f"{at}: no check for {kind} values"]


def aws_input(service: str, operation: str):
    def check(path: Path) -> None:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        shape = input_shape(service, operation)
        errors = shape_errors(data, shape)
        report = botocore.validate.ParamValidator().validate(data, shape)
        if report.has_errors():
            errors.append(report.generate_report())
        assert not errors, f"{path.name} ({service} {operation}):\n" + "\n".join(errors)

    check.__name__ = f"check_{operation}"
    return check


# ---------------------------------------------------------------------------
# AppSpec files: a structural check from the AWS AppSpec reference (no official schema exists)
# ---------------------------------------------------------------------------


def appspec(kind: str):
    find = appspec_lambda_errors if kind == "lambda" else appspec_server_errors

    def check(path: Path) -> None:
        errors = find(yaml.safe_load(path.read_text(encoding="utf-8")))
        assert not errors, f"{path.name} (AppSpec, {kind}):\n" + "\n".join(errors)

    check.__name__ = f"check_appspec_{kind}"
    return check


# ---------------------------------------------------------------------------
# Terraform / OpenTofu (parsed with python-hcl2) and shell
# ---------------------------------------------------------------------------


def check_root_module(path: Path) -> None:
    doc = parse_hcl(path)
    (terraform,) = doc["terraform"]
    assert hcl_string(terraform["required_version"]) == ">= 1.11"
    (backend,) = terraform["backend"]
    s3 = backend['"s3"']
    assert s3.get("use_lockfile") is True, "the S3 backend must lock with use_lockfile"
    assert "dynamodb_table" not in s3, "DynamoDB locking is deprecated since Terraform 1.11"
    assert s3["encrypt"] is True
    variables = {next(iter(v)): next(iter(v.values())) for v in doc["variable"]}
    for block in variables.values():
        hcl_string(block["default"])
    assert doc["module"] and doc["provider"]


def check_module(path: Path) -> None:
    doc = parse_hcl(path)
    variables = {next(iter(v)) for v in doc["variable"]}
    assert variables == {'"name"', '"environment"'}, variables
    assert doc["output"]


def check_shell(path: Path) -> None:
    assert shutil.which("shellcheck"), "shellcheck is missing: install Debian's shellcheck package (./dev test does it)"
    result = subprocess.run(["shellcheck", str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


CHECKS = {
    "deploy/lambda-appspec.yaml": appspec("lambda"),
    "deploy/codedeploy-lambda-config.yaml": aws_input("codedeploy", "CreateDeploymentConfig"),
    "deploy/codedeploy-lambda-group.yaml": aws_input("codedeploy", "CreateDeploymentGroup"),
    "deploy/lambda-error-alarm.yaml": aws_input("cloudwatch", "PutMetricAlarm"),
    "appspec.yml": appspec("server"),
    "deploy/codedeploy-server-config.yaml": aws_input("codedeploy", "CreateDeploymentConfig"),
    "deploy/codedeploy-server-group.yaml": aws_input("codedeploy", "CreateDeploymentGroup"),
    "infra/main.tf": check_root_module,
    "infra/modules/app/main.tf": check_module,
    "scripts/promote.sh": check_shell,
}
"""The validator of each kit file this module owns (tests/test_kit.py checks that every kit file has one)."""


def test_these_files_are_in_the_kit():
    paths = [f["path"] for f in kit()["kit"]["files"]]
    assert set(CHECKS) <= set(paths)


@pytest.mark.parametrize("path", [p for p, _ in KITS], ids=lambda p: p.stem)
def test_every_generated_infra_file_passes_its_validator(path, tmp_path):
    files = files_of(json.loads(path.read_text(encoding="utf-8"))["answers"])
    for name, check in CHECKS.items():
        if name in files:
            target = tmp_path / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(files[name], encoding="utf-8")
            check(target)


BROKEN = [
    ("deploy/lambda-appspec.yaml", "      Type: AWS::Lambda::Function\n", "      Type: AWS::Lambda::Function\n      Typo: x\n"),
    ("deploy/lambda-appspec.yaml", "  - BeforeAllowTraffic:", "  - BeforeInstall:"),
    ("deploy/codedeploy-lambda-config.yaml", "computePlatform: Lambda\n", "computePlatform: Lambda\ncanaryPercentage: 5\n"),
    ("deploy/codedeploy-lambda-config.yaml", "type: TimeBasedCanary", "type: TimeBasedCanaries"),
    ("deploy/codedeploy-lambda-group.yaml", "    - DEPLOYMENT_STOP_ON_ALARM\n", "    - DEPLOYMENT_STOP_ON_ALARMS\n"),
    ("deploy/lambda-error-alarm.yaml", "EvaluationPeriods: 1\n", "EvaluationPeriods: 1\nEvaluationPeriod: 1\n"),
    ("appspec.yml", "  ValidateService:\n", "  Validate:\n"),
    ("appspec.yml", "      timeout: 600\n", "      timeout: 3601\n"),
    ("deploy/codedeploy-server-config.yaml", "  type: FLEET_PERCENT\n", "  type: FLEET_PERCENT\n  kind: x\n"),
    ("deploy/codedeploy-server-group.yaml", "  deploymentType: IN_PLACE", "  deploymentType: INPLACE"),
    ("infra/main.tf", "    use_lockfile = true\n", '    dynamodb_table = "locks"\n'),
    ("infra/main.tf", '  description = "AWS region', '  description = "AWS "region'),
    ("scripts/promote.sh", "DRY_RUN=0\n", "DRY_RUN=0\necho $UNQUOTED_x*\n"),
]


@pytest.mark.parametrize(("name", "old", "new"), BROKEN, ids=[f"{b[0]}:{i}" for i, b in enumerate(BROKEN)])
def test_each_validator_rejects_a_broken_file(name, old, new, tmp_path):
    text = files_of(vector("tricky")["answers"])[name]
    assert old in text
    target = tmp_path / Path(name).name
    target.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(AssertionError):
        CHECKS[name](target)


# ---------------------------------------------------------------------------
# Which forms a kit holds, and the team's numbers in them
# ---------------------------------------------------------------------------

LAMBDA = {"deploy/lambda-appspec.yaml", "deploy/codedeploy-lambda-config.yaml", "deploy/codedeploy-lambda-group.yaml", "deploy/lambda-error-alarm.yaml"}
SERVER = {"appspec.yml", "deploy/codedeploy-server-config.yaml", "deploy/codedeploy-server-group.yaml"}
INFRA = {"infra/main.tf", "infra/modules/app/main.tf"}


def preset_answers(preset_id: str, **picks: bool) -> dict:
    answers = next(p.answers for p in load_catalogue().presets if p.id == preset_id)
    return {**answers, "picks": {"tools": picks}} if picks else answers


def test_the_serverless_preset_deploys_its_functions_progressively():
    files = files_of(preset_answers("scale-up-ecommerce-serverless"))
    assert LAMBDA | INFRA | {"scripts/promote.sh"} <= set(files)
    assert not SERVER & set(files)
    config = yaml.safe_load(files["deploy/codedeploy-lambda-config.yaml"])
    group = yaml.safe_load(files["deploy/codedeploy-lambda-group.yaml"])
    alarm = yaml.safe_load(files["deploy/lambda-error-alarm.yaml"])
    # The group deploys with the canary configuration, stops on the alarm and rolls back.
    assert group["deploymentConfigName"] == config["deploymentConfigName"]
    assert group["alarmConfiguration"]["alarms"] == [{"name": alarm["AlarmName"]}]
    assert set(group["autoRollbackConfiguration"]["events"]) == {"DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_ALARM"}
    assert group["deploymentStyle"] == {"deploymentType": "BLUE_GREEN", "deploymentOption": "WITH_TRAFFIC_CONTROL"}
    assert config["trafficRoutingConfig"]["type"] == "TimeBasedCanary"
    readme = files["README.md"]
    assert "### `deploy/lambda-appspec.yaml`" in readme
    # CodeDeploy and Terraform are no longer among the chosen tools the kit has nothing for.
    missing = readme[readme.index("## " + kit()["kit"]["readme"]["missing_heading"]) :]
    assert "AWS CodeDeploy" not in missing and "Terraform" not in missing


def test_a_monolith_gets_the_server_forms_and_kubernetes_both():
    monolith = set(files_of(preset_answers("enterprise-financial-monolith", **{"aws-codedeploy": True})))
    assert SERVER <= monolith and not LAMBDA & monolith
    # CodeDeploy does not run on Kubernetes: a team that picks it anyway gets every form.
    kubernetes = set(files_of(preset_answers("startup-saas-microservices", **{"aws-codedeploy": True})))
    assert SERVER | LAMBDA <= kubernetes
    # OpenTofu (the startup preset's choice) brings the same root module as Terraform.
    assert INFRA <= set(files_of(preset_answers("startup-saas-microservices")))


STACKS = ["", *(p.id for p in load_catalogue().profiles if p.dimension == "stack")]
TOOL_SETS = [["aws-codedeploy"], ["terraform"], ["opentofu"], ["aws-codedeploy", "terraform"]]
EDGES = [
    ("defaults", "Acme Cloud", {}),
    ("smallest", TRICKY, _vectors.SMALLEST),
    ("largest", "Ωμέγα 株式会社 «x|yaml»", _vectors.LARGEST),
]


@pytest.mark.parametrize("stack", STACKS, ids=lambda s: s or "no-stack")
@pytest.mark.parametrize("tools", TOOL_SETS, ids="+".join)
@pytest.mark.parametrize("edge", EDGES, ids=lambda e: e[0])
def test_matrix_every_stack_tool_and_edge_value(stack, tools, edge, tmp_path):
    """Each stack, with the infrastructure tools picked, at the edges: the right forms, each one valid."""
    _, name, parameters = edge
    answers = _vectors.answers(name, stack=stack, picks={"tools": dict.fromkeys(tools, True)}, parameters=parameters)
    files = files_of(answers)
    platform = next((p.platform for p in load_catalogue().profiles if p.id == stack), "")
    forms = set(files) & (LAMBDA | SERVER)
    # The profiles may choose more tools (OpenTofu for a startup, CodeDeploy for serverless).
    chosen_ids = {t["id"] for t in chosen("tools", normalise_answers(answers, kit()), kit())}
    assert set(tools) <= chosen_ids
    if "aws-codedeploy" not in chosen_ids:
        assert not forms
    elif platform == "serverless":
        assert forms == LAMBDA
    elif platform == "vm":
        assert forms == SERVER
    else:  # Kubernetes, mobile or no stack: CodeDeploy does not run there, so every form comes
        assert forms == LAMBDA | SERVER
    assert (INFRA <= set(files)) == bool(chosen_ids & {"terraform", "opentofu"})
    for path in forms | (set(files) & INFRA) | {"scripts/promote.sh"}:
        target = tmp_path / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(files[path], encoding="utf-8")
        CHECKS[path](target)


@pytest.mark.parametrize("name", ["smallest-parameters", "largest-parameters", "odd-durations", "tricky-name"])
def test_the_deployment_configurations_carry_the_team_numbers(name):
    answers = vector(name)["answers"]
    files = files_of(answers)
    params = kit()["parameters"]["items"]
    from macros.engine import normalise_answers, resolve_parameters

    resolved = resolve_parameters(normalise_answers(answers, kit()), kit())
    first = resolved["canary.steps"]["value"][0]
    step_time = duration_seconds(resolved["canary.step-time"]["value"])
    assert params  # the catalogue has parameters
    lam = yaml.safe_load(files["deploy/codedeploy-lambda-config.yaml"])["trafficRoutingConfig"]["timeBasedCanary"]
    assert lam == {"canaryPercentage": first, "canaryInterval": math.ceil(step_time / 60)}
    server = yaml.safe_load(files["deploy/codedeploy-server-config.yaml"])
    assert server["minimumHealthyHosts"] == {"type": "FLEET_PERCENT", "value": 100 - first}
    assert server["zonalConfig"] == {"firstZoneMonitorDurationInSeconds": step_time, "monitorDurationInSeconds": step_time}
    alarm = yaml.safe_load(files["deploy/lambda-error-alarm.yaml"])
    assert alarm["Threshold"] == resolved["canary.max-error-rate"]["value"]


@pytest.mark.parametrize("name", ["tricky-name", "unicode-only-name", "no-name-no-profile"])
def test_names_are_escaped_for_hcl_and_slugged_for_aws(name, tmp_path):
    answers = vector(name)["answers"]
    files = files_of(answers)
    team = answers.get("organisation", {}).get("name", "")
    root = tmp_path / "main.tf"
    root.write_text(files["infra/main.tf"], encoding="utf-8")
    variables = {next(iter(v)): next(iter(v.values())) for v in parse_hcl(root)["variable"]}
    assert hcl_string(variables['"team"']["default"]) == team
    workload = slug(team, kit()["kit"]["default_name"])
    appspec_doc = yaml.safe_load(files["deploy/lambda-appspec.yaml"])
    assert appspec_doc["Resources"][0][workload]["Properties"]["Name"] == workload


# ---------------------------------------------------------------------------
# scripts/promote.sh
# ---------------------------------------------------------------------------


def run(*cmd: str, **kw) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, capture_output=True, text=True, **kw)


def test_promote_dry_run_prints_the_commands_with_the_team_values(tmp_path):
    answers = vector("tricky")["answers"]
    script = tmp_path / "promote.sh"
    script.write_text(files_of(answers)["scripts/promote.sh"], encoding="utf-8")
    name = slug(TRICKY, "app")
    promoted = run("bash", str(script), "--dry-run", "promote")
    assert promoted.returncode == 0, promoted.stderr
    assert f"kubectl argo rollouts promote {name} -n {name}" in promoted.stdout
    assert "aws deploy continue-deployment --deployment-id <deployment-id>" in promoted.stdout
    assert f"# promote: Argo Rollouts ({TRICKY})" in promoted.stdout  # printed as typed: nothing expanded
    assert "abort" not in promoted.stdout
    aborted = run("bash", str(script), "--dry-run", "abort")
    assert f"kubectl argo rollouts abort {name} -n {name}" in aborted.stdout
    assert "aws deploy stop-deployment --deployment-id <deployment-id> --auto-rollback-enabled" in aborted.stdout
    assert "promote" not in aborted.stdout.replace("scripts/promote.sh", "")
    helped = run("bash", str(script), "--help")
    assert helped.returncode == 0 and helped.stdout.startswith("Usage: scripts/promote.sh")
    for wrong in ([], ["--nope"]):
        refused = run("bash", str(script), *wrong)
        assert refused.returncode == 2 and "Usage: scripts/promote.sh" in refused.stderr


def test_promote_real_run_skips_unfilled_names_and_runs_only_on_yes(tmp_path):
    script = tmp_path / "promote.sh"
    script.write_text(files_of(vector("tricky")["answers"])["scripts/promote.sh"], encoding="utf-8")
    result = run("bash", str(script), "promote", input="n\n" * 20)
    assert result.returncode == 0
    assert "skipped: replace <deployment-id>" in result.stderr


def test_promote_without_a_promote_command_says_so(tmp_path):
    # GitHub Actions alone has an abort step (cancel the run) but nothing to promote.
    answers = {"format": "release-playbook-answers", "version": 2, "tools": ["github-actions"]}
    script = tmp_path / "promote.sh"
    script.write_text(files_of(answers)["scripts/promote.sh"], encoding="utf-8")
    result = run("bash", str(script), "--dry-run", "promote")
    assert result.returncode == 0 and "None of the chosen tools has a promote command" in result.stdout
    assert "gh run cancel" in run("bash", str(script), "--dry-run", "abort").stdout


# ---------------------------------------------------------------------------
# Tool pages show the kit files a tool brings
# ---------------------------------------------------------------------------


def page_text(site, tool_id: str) -> str:
    matches = list(site.path.glob(f"tools/**/{tool_id}/index.html"))
    assert len(matches) == 1, matches
    return matches[0].read_text(encoding="utf-8")


def test_tool_pages_show_their_kit_files(site):
    import html

    def section(tool_id: str) -> str:
        page = page_text(site, tool_id)
        return html.unescape(re.sub(r"<[^>]+>", "", page[page.index('id="in-the-starter-kit"') :]))

    rollouts = page_text(site, "argo-rollouts")
    assert '<span class="filename">deploy/rollout.yaml</span>' in rollouts
    # The whole file, as the kit gives it for the preset the page names (the startup one, which fits Kubernetes).
    expected = files_of(preset_answers("startup-saas-microservices", **{"argo-rollouts": True}))["deploy/rollout.yaml"]
    assert expected.strip() in section("argo-rollouts")
    assert "the Argo Rollouts Rollout CRD schema" in section("argo-rollouts")
    # CodeDeploy's page shows the serverless preset's Lambda forms, the preset that chooses it.
    codedeploy = section("aws-codedeploy")
    lambda_config = files_of(preset_answers("scale-up-ecommerce-serverless"))["deploy/codedeploy-lambda-config.yaml"]
    assert lambda_config.strip() in codedeploy
    assert '<span class="filename">appspec.yml</span>' not in page_text(site, "aws-codedeploy")  # no EC2 form there
    # A tool without kit files has no such section, not an empty heading.
    kit_tools = {t for f in kit()["kit"]["files"] for t in f["tools"]}
    without = next(t["id"] for t in kit()["tools"] if t["id"] not in kit_tools)
    assert 'id="in-the-starter-kit"' not in page_text(site, without)
