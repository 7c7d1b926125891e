"""Starter-kit files of the CI/CD platforms and of alerting (issue #7): the GitLab CI, Azure Pipelines,
Jenkins and Tekton pipelines, the Alertmanager routing, the DORA recording rules and the promtool unit
tests of every alert, and the Grafana dashboard. Each is rendered for the three presets and for a matrix
(every CI/CD platform x the monitoring tools x every stack, with the smallest and largest parameters and
names with quotes, colons, `$` and Unicode), and every file passes its validator:

- .gitlab-ci.yml, azure-pipelines.yml: the schemas vendored by check-jsonschema;
- monitoring/alertmanager.yml: amtool check-config; rules: promtool check rules; tests: promtool test rules;
- Jenkinsfile, the Tekton Pipeline and the Grafana dashboard: no upstream validator can be had offline, so
  the checks below are structural (and promtool checks the dashboard's queries). They say what they check.

Each validator is first shown to refuse a broken file (an unknown field, a wrong type, a wrong value)."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest
import yaml
from conftest import refused_edit

_spec = importlib.util.spec_from_file_location("kit_vectors_regenerate_ci", Path(__file__).parent / "kit_vectors" / "regenerate.py")
_vectors = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_vectors)

from macros.catalogue import load_catalogue  # noqa: E402
from macros.engine import number_text  # noqa: E402
from macros.kit import kit_files  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
DATE = "2026-12-03"
CI_TOOLS = ["github-actions", "gitlab-ci", "azure-devops", "jenkins", "tekton"]
MONITORING = _vectors.MONITORING
STACKS = ["microservices", "monolith", "serverless"]
OWNED = (
    "gitlab-ci/",
    "azure-pipelines/",
    "jenkins/",
    "tekton/",
    "alertmanager/",
    "grafana/",
    "datadog/",
    "prometheus/dora-rules",
    "prometheus/release-rules.test",
)
"""Templates whose files this module validates (test_kit.py validates the others)."""

SMALLEST, LARGEST = _vectors.CI_SMALLEST, _vectors.CI_LARGEST
EDGES = {
    "smallest": ("Acme Cloud", SMALLEST),
    "largest": ("Acme Cloud", LARGEST),
    "tricky": (_vectors.TRICKY, {"security.block-severity": "medium", "canary.max-error-rate": 0.5}),
    "unicode": ("Ωμέγα 株式会社: «café» $x", {"dora.lead-time": "3d", "tests.unit-max-time": "61s"}),
    "no-name": ("", {}),
}


@cache
def bundle() -> dict:
    return _vectors.bundle()


def matrix() -> list[tuple[str, dict]]:
    """Every CI/CD platform x every edge, the stacks in turn, the canary strategy on every other case."""
    out = []
    for i, ci in enumerate(CI_TOOLS):
        for j, (edge, (name, params)) in enumerate(EDGES.items()):
            picks = {"tools": {ci: True, **MONITORING}, "strategies": {"canary": (i + j) % 2 == 0}}
            answers = _vectors.answers(name, stack=STACKS[(i + j) % 3], picks=picks, parameters=params)
            out.append((f"{ci}-{edge}", answers))
    return out


def cases() -> list[tuple[str, dict]]:
    presets = [(f"preset-{p.id}", p.answers) for p in load_catalogue().presets]
    return presets + matrix()


CASES = cases()


@cache
def files_of(name: str) -> dict[str, str]:
    answers = dict(CASES)[name]
    return dict(kit_files(answers, bundle(), DATE))


def run(*cmd: str, cwd: Path | None = None, **kw) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, capture_output=True, text=True, cwd=cwd, **kw)


def write_kit(files: dict[str, str], out: Path) -> None:
    for name, text in files.items():
        target = out / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")


# ---------------------------------------------------------------------------
# Validators
# ---------------------------------------------------------------------------


def check_schema(path: Path, schema: str) -> None:
    # The default regular-expression engine of check-jsonschema (regress) refuses a pattern of the
    # vendored Azure Pipelines schema ("Invalid character escape"); Python's engine reads it.
    result = run(sys.executable, "-m", "check_jsonschema", "--regex-variant", "python", "--builtin-schema", schema, str(path))
    assert result.returncode == 0, result.stdout + result.stderr


def check_gitlab(path: Path) -> None:
    check_schema(path, "vendor.gitlab-ci")


def check_azure(path: Path) -> None:
    check_schema(path, "vendor.azure-pipelines")


def check_alertmanager(path: Path) -> None:
    assert shutil.which("amtool"), "amtool is missing: install Debian's prometheus-alertmanager package (./dev test does it)"
    result = run("amtool", "check-config", str(path))
    assert result.returncode == 0, result.stdout + result.stderr


def check_rules(path: Path) -> None:
    assert shutil.which("promtool"), "promtool is missing: install Debian's prometheus package (./dev test does it)"
    result = run("promtool", "check", "rules", str(path))
    assert result.returncode == 0, result.stdout + result.stderr


def check_rule_tests(path: Path) -> None:
    """promtool test rules, with the rules file it names beside it (as in the kit)."""
    assert shutil.which("promtool"), "promtool is missing: install Debian's prometheus package (./dev test does it)"
    result = run("promtool", "test", "rules", path.name, cwd=path.parent)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "SUCCESS" in result.stdout


GROOVY_TOKEN = re.compile(r"'''.*?'''|\"\"\".*?\"\"\"|'(?:\\.|[^'\\\n])*'|\"(?:\\.|[^\"\\\n])*\"|//[^\n]*|/\*.*?\*/|[{}()\[\]]|[^'\"/{}()\[\]]+|/", re.S)
PIPELINE_DIRECTIVES = {"agent", "options", "environment", "stages", "post", "parameters", "triggers", "tools"}
STAGE_DIRECTIVES = {"steps", "when", "options", "post", "environment", "agent", "input", "tools"}


def groovy_blocks(text: str) -> dict:
    """The nesting of a Jenkinsfile's `name { ... }` and `name('arg') { ... }` blocks, strings and
    comments set aside: {"pipeline": {"children": [...]}} with each block's name, argument and children.
    AssertionError on an unclosed string or comment, or brackets that do not pair."""
    pos, tokens = 0, []
    for match in GROOVY_TOKEN.finditer(text):
        assert match.start() == pos, f"unreadable Groovy at offset {pos}: {text[pos : pos + 30]!r}"
        pos = match.end()
        tokens.append(match.group(0))
    assert pos == len(text), f"unclosed string or comment at offset {pos}: {text[pos : pos + 30]!r}"
    root: dict = {"name": "", "arg": None, "children": []}
    stack, pairs, opened = [root], {")": "(", "]": "[", "}": "{"}, []
    for i, tok in enumerate(tokens):
        if tok in "([{":
            opened.append(tok)
            if tok == "{":
                before = "".join(t for t in tokens[max(0, i - 6) : i] if not t.startswith("//"))
                head = re.search(r"([A-Za-z]+)\s*(?:\(\s*('(?:[^'\\]|\\.)*')\s*\))?\s*$", before)
                block = {"name": head.group(1) if head else "", "arg": head.group(2) if head else None, "children": []}
                stack[-1]["children"].append(block)
                stack.append(block)
        elif tok in ")]}":
            assert opened and opened[-1] == pairs[tok], f"'{tok}' closes nothing open (token {i})"
            opened.pop()
            if tok == "}":
                stack.pop()
    assert not opened, f"{len(opened)} bracket(s) left open: {''.join(opened)}"
    return root


def check_jenkins(path: Path) -> None:
    """No Jenkinsfile validator runs offline (Jenkins lints a pipeline only on a running controller): the
    file is tokenised as Groovy (strings, comments and brackets must close and pair), and its declarative
    structure is checked: one `pipeline` block with known directives, each stage named once and holding
    `steps` and known directives only."""
    root = groovy_blocks(path.read_text(encoding="utf-8"))
    assert [b["name"] for b in root["children"]] == ["pipeline"]
    pipeline = root["children"][0]
    names = [b["name"] for b in pipeline["children"]]
    assert set(names) <= PIPELINE_DIRECTIVES, f"unknown pipeline directives: {set(names) - PIPELINE_DIRECTIVES}"
    assert "stages" in names and len(names) == len(set(names))
    stages = next(b for b in pipeline["children"] if b["name"] == "stages")["children"]
    assert stages and all(s["name"] == "stage" and s["arg"] for s in stages), "every block in `stages` is stage('Name')"
    assert len({s["arg"] for s in stages}) == len(stages), "stage names repeat"
    for stage in stages:
        inner = [b["name"] for b in stage["children"]]
        assert "steps" in inner, f"stage {stage['arg']} has no steps"
        assert set(inner) <= STAGE_DIRECTIVES, f"stage {stage['arg']}: unknown directives {set(inner) - STAGE_DIRECTIVES}"


DNS_LABEL = re.compile(r"^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$")
GO_DURATION = re.compile(r"^(\d+(\.\d+)?(h|m|s|ms))+$")
PIPELINE_SPEC = {"params", "workspaces", "tasks", "finally", "results", "description", "displayName"}
PIPELINE_TASK = {"name", "displayName", "description", "taskRef", "taskSpec", "runAfter", "params", "workspaces", "timeout", "retries", "when", "matrix"}
TASK_SPEC = {"params", "workspaces", "steps", "results", "sidecars", "volumes", "stepTemplate", "description", "displayName"}
STEP = {"name", "image", "script", "workingDir", "env", "args", "command", "resources", "securityContext", "timeout", "onError", "volumeMounts"}
PARAM_REF = re.compile(r"\$\(params\.([a-z0-9-]+)\)")
WORKSPACE_REF = re.compile(r"\$\(workspaces\.([a-z0-9-]+)\.path\)")


def check_tekton(path: Path) -> None:
    """No Tekton schema can be had offline (its CRDs carry none): a structural check of a tekton.dev/v1
    Pipeline with inline task specs: known fields at each level, Kubernetes names, `runAfter` naming
    earlier tasks (so no cycle), every `$(params.x)` and `$(workspaces.x.path)` declared where it is
    used, each task given exactly the params its spec declares, and Go durations for timeouts."""
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert doc["apiVersion"] == "tekton.dev/v1" and doc["kind"] == "Pipeline"
    assert set(doc) == {"apiVersion", "kind", "metadata", "spec"}
    assert DNS_LABEL.match(doc["metadata"]["name"])
    spec = doc["spec"]
    assert set(spec) <= PIPELINE_SPEC, f"unknown Pipeline fields: {set(spec) - PIPELINE_SPEC}"
    params = {p["name"] for p in spec.get("params", [])}
    assert all(p.get("type", "string") == "string" and isinstance(p.get("default", ""), str) for p in spec.get("params", []))
    workspaces = {w["name"] for w in spec.get("workspaces", [])}
    seen: list[str] = []
    for task in spec["tasks"]:
        assert set(task) <= PIPELINE_TASK, f"task {task.get('name')}: unknown fields {set(task) - PIPELINE_TASK}"
        name = task["name"]
        assert DNS_LABEL.match(name) and name not in seen, f"task name {name!r} is not a unique Kubernetes name"
        for after in task.get("runAfter", []):
            assert after in seen, f"task {name} runs after {after!r}, which is not an earlier task"
        if "timeout" in task:
            assert GO_DURATION.match(task["timeout"]), f"task {name}: timeout {task['timeout']!r} is not a Go duration"
        given = {p["name"]: p["value"] for p in task.get("params", [])}
        for value in given.values():
            assert set(PARAM_REF.findall(value)) <= params, f"task {name} passes an undeclared pipeline param: {value}"
        for bound in task.get("workspaces", []):
            assert bound["workspace"] in workspaces, f"task {name} binds an undeclared workspace {bound['workspace']!r}"
        task_spec = task["taskSpec"]
        assert set(task_spec) <= TASK_SPEC, f"task {name}: unknown taskSpec fields {set(task_spec) - TASK_SPEC}"
        declared = {p["name"] for p in task_spec.get("params", [])}
        assert set(given) == declared, f"task {name} gives params {sorted(given)} to a spec that declares {sorted(declared)}"
        task_workspaces = {w["name"] for w in task_spec.get("workspaces", [])}
        assert task_workspaces == {b["name"] for b in task.get("workspaces", [])}
        assert task_spec["steps"]
        for step in task_spec["steps"]:
            assert set(step) <= STEP, f"task {name}: unknown step fields {set(step) - STEP}"
            assert step["image"] and DNS_LABEL.match(step["name"])
            text = json.dumps(step)
            assert set(PARAM_REF.findall(text)) <= declared, f"task {name} uses a param its spec does not declare"
            assert set(WORKSPACE_REF.findall(text)) <= task_workspaces, f"task {name} uses a workspace its spec does not declare"
        seen.append(name)


GRAFANA_PANELS = {"stat", "timeseries", "gauge", "table", "text", "bargauge", "row"}


def check_grafana(path: Path, tmp: Path | None = None) -> None:
    """No official Grafana dashboard schema can be had offline: the JSON is parsed and its structure
    checked (title, a uid of at most 40 characters, a whole schemaVersion, panels with unique whole ids,
    known types, a grid position inside the 24 columns, targets with unique refIds and a query, threshold
    steps that start at null and rise), and promtool checks every query as PromQL."""
    dash = json.loads(path.read_text(encoding="utf-8"))
    assert isinstance(dash["title"], str) and dash["title"]
    assert isinstance(dash["uid"], str) and 0 < len(dash["uid"]) <= 40
    assert isinstance(dash["schemaVersion"], int)
    ids, exprs = [], []
    for panel in dash["panels"]:
        assert isinstance(panel["id"], int) and panel["id"] not in ids, f"panel id {panel['id']!r} is not a unique whole number"
        ids.append(panel["id"])
        assert panel["type"] in GRAFANA_PANELS, f"unknown panel type {panel['type']!r}"
        grid = panel["gridPos"]
        assert set(grid) == {"h", "w", "x", "y"} and all(isinstance(v, int) and v >= 0 for v in grid.values())
        assert grid["x"] + grid["w"] <= 24
        refs = [t["refId"] for t in panel["targets"]]
        assert len(refs) == len(set(refs))
        exprs += [t["expr"] for t in panel["targets"]]
        steps = panel.get("fieldConfig", {}).get("defaults", {}).get("thresholds", {}).get("steps")
        if steps:
            assert steps[0]["value"] is None
            values = [s["value"] for s in steps[1:]]
            assert all(isinstance(v, int | float) for v in values) and values == sorted(values)
    assert exprs
    variables = {v["name"] for v in dash.get("templating", {}).get("list", [])}
    for expr in exprs:
        for used in re.findall(r"\$\{?([a-z_]+)", expr):
            assert used in variables, f"query uses an undefined variable ${used}"
    recorded = [{"record": f"panel:query:{i}", "expr": re.sub(r"\$\{?[a-z_]+\}?", ".*", e)} for i, e in enumerate(exprs)]
    rules = {"groups": [{"name": "dashboard", "rules": recorded}]}
    queries = path.with_name(path.name + ".queries.yaml")
    queries.write_text(yaml.safe_dump(rules), encoding="utf-8")
    try:
        check_rules(queries)
    finally:
        queries.unlink()


DATADOG_READ_ONLY = {"id", "created", "creator", "deleted", "modified", "overall_state", "state", "matching_downtimes", "draft_status", "assets"}
THRESHOLD = re.compile(r" > ([0-9.]+)$")


def _strict_keys(value: object, model: type, where: str) -> None:
    """Every key of `value` is a field of the datadog-api-client model (its models accept unknown keys)."""
    assert isinstance(value, dict), f"{where} is not an object"
    unknown = set(value) - set(model.attribute_map)
    assert not unknown, f"{where}: unknown fields {sorted(unknown)} for {model.__name__}"
    for key, item in value.items():
        types = model.openapi_types[key] if isinstance(model.openapi_types, dict) else model.openapi_types()[key]
        nested = [t for t in types if isinstance(t, type) and hasattr(t, "attribute_map")]
        if nested and isinstance(item, dict):
            _strict_keys(item, nested[0], f"{where}.{key}")


def check_datadog(path: Path) -> None:
    """datadog-api-client's Monitor model checks each known field's type (it accepts unknown fields and any
    `type` string, so the test adds those checks), and the query's threshold must equal the critical one,
    as Datadog's API requires. Datadog's query parser is not available offline."""
    from datadog_api_client import Configuration
    from datadog_api_client.exceptions import OpenApiException
    from datadog_api_client.model_utils import validate_and_convert_types
    from datadog_api_client.v1.model.monitor import Monitor
    from datadog_api_client.v1.model.monitor_type import MonitorType

    monitors = json.loads(path.read_text(encoding="utf-8"))
    assert isinstance(monitors, list) and monitors
    for i, body in enumerate(monitors):
        where = f"{path.name}[{i}]"
        try:
            validate_and_convert_types(body, (Monitor,), [where], True, True, Configuration())
        except OpenApiException as exc:
            raise AssertionError(f"{where}: {exc}") from exc
        _strict_keys(body, Monitor, where)
        assert not set(body) & DATADOG_READ_ONLY, f"{where}: read-only fields {sorted(set(body) & DATADOG_READ_ONLY)}"
        assert body["type"] in MonitorType.allowed_values, f"{where}: unknown monitor type {body['type']!r}"
        assert {"name", "type", "query"} <= set(body)
        threshold = THRESHOLD.search(body["query"])
        assert threshold and float(threshold.group(1)) == body["options"]["thresholds"]["critical"], (
            f"{where}: the query's threshold differs from thresholds.critical"
        )


CHECKS = {
    ".gitlab-ci.yml": check_gitlab,
    "azure-pipelines.yml": check_azure,
    "Jenkinsfile": check_jenkins,
    "tekton/release-pipeline.yaml": check_tekton,
    "monitoring/alertmanager.yml": check_alertmanager,
    "monitoring/dora-rules.yaml": check_rules,
    "monitoring/dora-rules.test.yaml": check_rule_tests,
    "monitoring/release-rules.test.yaml": check_rule_tests,
    "monitoring/release-dashboard.json": check_grafana,
    "monitoring/datadog-monitors.json": check_datadog,
}


def test_every_file_of_these_templates_has_a_validator():
    owned = {f["path"] for f in bundle()["kit"]["files"] if f["template"].startswith(OWNED)}
    assert owned == set(CHECKS)


def test_the_cases_cover_every_platform_stack_and_the_presets():
    names = [n for n, _ in CASES]
    assert sum(n.startswith("preset-") for n in names) == len(load_catalogue().presets) == 3
    for ci in CI_TOOLS:
        assert all(f"{ci}-{edge}" in names for edge in EDGES)
    stacks = {a["organisation"]["stack"] for n, a in CASES if not n.startswith("preset-")}
    assert stacks == set(STACKS)


# ---------------------------------------------------------------------------
# Every generated file passes its validator
# ---------------------------------------------------------------------------

PIPELINES = {
    "github-actions": ".github/workflows/release.yml",
    "gitlab-ci": ".gitlab-ci.yml",
    "azure-devops": "azure-pipelines.yml",
    "jenkins": "Jenkinsfile",
    "tekton": "tekton/release-pipeline.yaml",
}
_passed: set[tuple[str, str]] = set()
"""(file, SHA-256 of the kit's monitoring files and this file) already validated: the same text is checked once."""


@pytest.mark.parametrize("case", [n for n, _ in CASES])
def test_every_generated_file_passes_its_validator(case, tmp_path):
    files = files_of(case)
    write_kit(files, tmp_path)
    checked = []
    for name, check in CHECKS.items():
        if name not in files:
            continue
        context = "".join(files[n] for n in sorted(files) if n.startswith("monitoring/")) + files[name]
        key = (name, hashlib.sha256(context.encode("utf-8")).hexdigest())
        if key not in _passed:
            check(tmp_path / name)
            _passed.add(key)
        checked.append(name)
    ci = [t for t in CI_TOOLS if t in dict(CASES)[case].get("picks", {}).get("tools", {})]
    if ci:
        # The chosen platform's pipeline is there, and no other platform's.
        assert [p for t, p in PIPELINES.items() if p in files] == [PIPELINES[ci[0]]]
        assert {"monitoring/alertmanager.yml", "monitoring/dora-rules.yaml", "monitoring/dora-rules.test.yaml", "monitoring/release-dashboard.json"} <= set(
            checked
        )


# ---------------------------------------------------------------------------
# The team's numbers are in the files
# ---------------------------------------------------------------------------


def resolved(case: str) -> dict:
    from macros.engine import normalise_answers, resolve_parameters

    answers = normalise_answers(dict(CASES)[case], bundle())
    return {k: v["value"] for k, v in resolve_parameters(answers, bundle()).items()}


@pytest.mark.parametrize("case", ["gitlab-ci-largest", "azure-devops-smallest", "tekton-tricky", "jenkins-unicode"])
def test_the_pipelines_carry_our_gate_thresholds(case):
    files, values = files_of(case), resolved(case)
    gates = {"MIN_PASS_RATE": "tests.unit-pass-rate", "MIN_COVERAGE": "coverage.overall", "MIN_NEW_CODE_COVERAGE": "coverage.new-code"}
    minutes = str(-(-_seconds(values["tests.unit-max-time"]) // 60))
    if ".gitlab-ci.yml" in files:
        doc = yaml.safe_load(files[".gitlab-ci.yml"])
        assert {k: doc["quality-gates"]["variables"][k] for k in gates} == {k: number_text(values[p]) for k, p in gates.items()}
        assert doc["test"]["timeout"] == minutes + "m"
        assert doc["security-scan"]["variables"]["BLOCK_SEVERITY"] == values["security.block-severity"]
        assert doc["deploy-production"]["needs"] == ["quality-gates", "security-scan"]
    if "azure-pipelines.yml" in files:
        doc = yaml.safe_load(files["azure-pipelines.yml"])
        stages = {s["stage"]: s for s in doc["stages"]}
        assert {k: stages["QualityGates"]["jobs"][0]["variables"][k] for k in gates} == {k: number_text(values[p]) for k, p in gates.items()}
        assert stages["Test"]["jobs"][0]["timeoutInMinutes"] == minutes
        assert stages["Deploy"]["dependsOn"] == "QualityGates" and stages["QualityGates"]["dependsOn"] == "Test"
    if "tekton/release-pipeline.yaml" in files:
        doc = yaml.safe_load(files["tekton/release-pipeline.yaml"])
        defaults = {p["name"]: p["default"] for p in doc["spec"]["params"]}
        assert defaults["min-coverage"] == number_text(values["coverage.overall"])
        assert defaults["block-severity"] == values["security.block-severity"]
        assert next(t for t in doc["spec"]["tasks"] if t["name"] == "deploy")["runAfter"] == ["quality-gates", "security-scan"]
    if "Jenkinsfile" in files:
        text = files["Jenkinsfile"]
        for var, pid in gates.items():
            assert f"{var} = '{number_text(values[pid])}'" in text
        assert f"timeout(time: {minutes}, unit: 'MINUTES')" in text


def _seconds(duration: str) -> int:
    from macros.engine import duration_seconds

    return duration_seconds(duration)


GATE_SCRIPT = re.compile(r"read -r passed failed.*?new-code-coverage\.txt", re.S)


@pytest.mark.parametrize(("coverage", "passes"), [("85.0", True), ("79.9", False)])
def test_the_gitlab_quality_gate_blocks_below_our_coverage(coverage, passes, tmp_path):
    """The gate job's script, run by sh on sample reports: it fails below our coverage (80% here)."""
    answers = _vectors.answers(_vectors.TRICKY, picks={"tools": {"gitlab-ci": True}}, parameters={"coverage.overall": 80})
    job = yaml.safe_load(dict(kit_files(answers, bundle(), DATE))[".gitlab-ci.yml"])["quality-gates"]
    assert job["variables"]["MIN_COVERAGE"] == "80"
    (tmp_path / "reports").mkdir()
    (tmp_path / "reports" / "tests.txt").write_text("120 0\n")
    (tmp_path / "reports" / "coverage.txt").write_text(coverage + "\n")
    (tmp_path / "reports" / "new-code-coverage.txt").write_text("90\n")
    script = "set -e\n" + "\n".join(job["script"]) + "\n"
    result = run("sh", "-c", script, cwd=tmp_path, env={**os.environ, **job["variables"]})
    assert (result.returncode == 0) == passes, result.stdout + result.stderr
    assert f"coverage {coverage}% (gate 80%)" in result.stdout


SEVERITIES = [("critical", "CRITICAL"), ("high", "CRITICAL,HIGH"), ("medium", "CRITICAL,HIGH,MEDIUM"), ("low", "CRITICAL,HIGH,MEDIUM,LOW")]


@pytest.mark.parametrize(("severity", "blocked"), SEVERITIES)
def test_the_security_scan_blocks_our_severity_and_above(severity, blocked, tmp_path):
    """The scan job's script with a stand-in `trivy` that prints its arguments."""
    answers = _vectors.answers("Acme", picks={"tools": {"gitlab-ci": True}}, parameters={"security.block-severity": severity})
    job = yaml.safe_load(dict(kit_files(answers, bundle(), DATE))[".gitlab-ci.yml"])["security-scan"]
    fake = tmp_path / "bin" / "trivy"
    fake.parent.mkdir()
    fake.write_text('#!/bin/sh\necho "$@"\n')
    fake.chmod(0o755)
    env = {**os.environ, **job["variables"], "PATH": f"{fake.parent}:{os.environ['PATH']}"}
    result = run("sh", "-c", "set -e\n" + "\n".join(job["script"]), cwd=tmp_path, env=env)
    assert result.returncode == 0, result.stderr
    assert f"--exit-code 1 --severity {blocked} " in result.stdout


def test_alertmanager_repeats_pages_at_our_acknowledgement_times():
    for case in ("gitlab-ci-smallest", "gitlab-ci-largest"):
        doc = yaml.safe_load(files_of(case)["monitoring/alertmanager.yml"])
        values = resolved(case)
        routes = {r["matchers"][0]: r for r in doc["route"]["routes"]}
        assert _seconds(routes['severity="page"']["repeat_interval"]) == _seconds(values["alerts.ack-time"])
        assert _seconds(routes['severity="sev2"']["repeat_interval"]) == _seconds(values["alerts.ack-time-sev2"])
        receivers = {r["name"] for r in doc["receivers"]}
        assert {doc["route"]["receiver"], *(r["receiver"] for r in routes.values())} == receivers


def test_the_canary_rules_come_with_the_canary_strategy_only():
    with_canary = files_of("gitlab-ci-smallest")  # (1 + 0) % 2: no canary
    assert dict(CASES)["gitlab-ci-smallest"]["picks"]["strategies"] == {"canary": False}
    assert "monitoring/release-rules.yaml" not in with_canary and "monitoring/release-rules.test.yaml" not in with_canary
    canary = files_of("gitlab-ci-largest")
    assert "monitoring/release-rules.yaml" in canary and "monitoring/release-rules.test.yaml" in canary
    assert "monitoring/dora-rules.yaml" in with_canary  # DORA rules follow Prometheus alone


def test_a_limit_of_100_percent_keeps_only_the_quiet_tests():
    """A change fail rate target of 100% cannot be passed: its firing test is left out, the quiet one stays."""
    largest = yaml.safe_load(files_of("github-actions-largest")["monitoring/dora-rules.test.yaml"])
    smallest = yaml.safe_load(files_of("github-actions-smallest")["monitoring/dora-rules.test.yaml"])

    def alerts(doc: dict, firing: bool) -> list[str]:
        return sorted(t["alertname"] for case in doc["tests"] for t in case["alert_rule_test"] if bool(t.get("exp_alerts")) == firing)

    every = ["ChangeFailRateAboveTarget", "ChangeLeadTimeAboveTarget", "RecoveryTimeAboveTarget", "ReworkRateAboveTarget"]
    assert alerts(smallest, True) == every and alerts(smallest, False) == every
    assert alerts(largest, True) == ["ChangeLeadTimeAboveTarget", "RecoveryTimeAboveTarget"] and alerts(largest, False) == every
    rules = yaml.safe_load(files_of("github-actions-smallest")["monitoring/dora-rules.yaml"])
    assert sorted(r["alert"] for r in rules["groups"][0]["rules"] if "alert" in r) == every


# ---------------------------------------------------------------------------
# Each validator refuses a broken file
# ---------------------------------------------------------------------------

BROKEN = [
    (".gitlab-ci.yml", "  stage: build\n", "  stage: build\n  scirpt: [make]\n", check_gitlab),
    (".gitlab-ci.yml", "  interruptible: true\n", "  interruptible: maybe\n", check_gitlab),
    ("azure-pipelines.yml", "      - job: Test\n", "      - job: Test\n        timeoutInMinutez: '5'\n", check_azure),
    ("azure-pipelines.yml", "    dependsOn: Test\n", "    dependsOn: {Test: 1}\n", check_azure),
    ("Jenkinsfile", "        stage('Build') {\n", "        stage('Build') {\n            stepz {\n            }\n", check_jenkins),
    ("Jenkinsfile", "    agent any\n", "    agent any\n    stage('x') {\n", check_jenkins),
    ("Jenkinsfile", "sh 'make build'", "sh 'make build", check_jenkins),
    ("tekton/release-pipeline.yaml", "      runAfter: [test]\n", "      runAfter: [tests]\n", check_tekton),
    ("tekton/release-pipeline.yaml", "          value: $(params.min-coverage)\n", "          value: $(params.min-coverag)\n", check_tekton),
    ("tekton/release-pipeline.yaml", "    - name: deploy\n", "    - name: deploy\n      retry: 2\n", check_tekton),
    ("monitoring/alertmanager.yml", "  repeat_interval: 24h\n", "  repeat_interval: daily\n", check_alertmanager),
    ("monitoring/alertmanager.yml", "  group_wait: 30s\n", "  group_wait: 30s\n  group_waits: 30s\n", check_alertmanager),
    ("monitoring/dora-rules.yaml", "        for: 1h\n", "        fro: 1h\n", check_rules),
    ("monitoring/dora-rules.test.yaml", "              severity: ticket\n", "              severity: page\n", check_rule_tests),
    ("monitoring/release-rules.test.yaml", "              severity: page\n", "              severity: ticket\n", check_rule_tests),
    ("monitoring/release-dashboard.json", '"id": 2,', '"id": 1,', check_grafana),
    ("monitoring/datadog-monitors.json", '"renotify_interval": 5', '"renotify_interval": "5m"', check_datadog),
    ("monitoring/datadog-monitors.json", '"include_tags": true', '"include_tags": true, "renotify_every": 5', check_datadog),
    ("monitoring/datadog-monitors.json", '"type": "query alert"', '"type": "query alrt"', check_datadog),
    ("monitoring/datadog-monitors.json", '"thresholds": {"critical": 0.005}', '"thresholds": {"critical": 0.05}', check_datadog),
    (
        "monitoring/release-dashboard.json",
        '"expr": "sum by (service) (increase(release_rework',
        '"expr": "sum by (service (increase(release_rework',
        check_grafana,
    ),
    ("monitoring/release-dashboard.json", '"gridPos": {"h": 6, "w": 6, "x": 18, "y": 0}', '"gridPos": {"h": 6, "w": 12, "x": 18, "y": 0}', check_grafana),
]


@pytest.mark.parametrize(("name", "old", "new", "check"), BROKEN, ids=[f"{b[0]}-{i}" for i, b in enumerate(BROKEN)])
def test_each_validator_refuses_a_broken_file(name, old, new, check, tmp_path):
    case = {p: f"{t}-tricky" for t, p in PIPELINES.items()}.get(name, "tekton-tricky")
    files = files_of(case)
    write_kit(files, tmp_path)
    target = tmp_path / name
    check(target)  # the file as generated passes
    assert old in files[name]
    target.write_text(files[name].replace(old, new, 1), encoding="utf-8")
    with pytest.raises(AssertionError):
        check(target)


# ---------------------------------------------------------------------------
# Catalogue mistakes in these templates fail validation at file:line
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("file", "old", "new", "message"),
    [
        (
            "kit/prometheus/dora-rules.test.yaml",
            "|exceedable as limit»",
            "|ratio as limit»",
            "dora-rules.test.yaml:9: «each dora.change-failure-rate|ratio» cannot use the filter 'ratio'",
        ),
        (
            "kit/prometheus/dora-rules.test.yaml",
            "«each dora.rework-rate|exceedable",
            "«each dora.lead-time|exceedable",
            "dora-rules.test.yaml:27: «each dora.lead-time|exceedable» cannot use",
        ),
        (
            "kit/prometheus/release-rules.test.yaml",
            "organisation.name|present",
            "organisation.name|presnt",
            "release-rules.test.yaml:25: «each organisation.name|presnt» cannot use the filter 'presnt'",
        ),
        ("kit.yml", "    strategies: [canary]\n", "    strategies: [canry]\n", "canry"),
    ],
)
def test_loop_filter_and_strategy_mistakes_fail_validation(file, old, new, message, tmp_path):
    assert message in refused_edit(tmp_path, file, old, new)
