"""The catalogue in data/: complete against the specification, valid, and with usable errors for bad input."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from macros.catalogue import DATA_DIR, load_catalogue
from macros.errors import CatalogueError
from macros.loader import FILE_KINDS
from macros.schemas import stale_schemas

ROOT = Path(__file__).resolve().parent.parent
MINI = Path(__file__).parent / "fixtures" / "mini"
SPEC_PLACEHOLDERS = [
    line for line in (Path(__file__).parent / "fixtures" / "spec_placeholders.txt").read_text().splitlines() if line and not line.startswith("#")
]
# Every tool the specification names (Herramientas Recomendadas) and those issue #2 lists.
SPEC_TOOLS = {
    "github-actions",
    "gitlab-ci",
    "jenkins",
    "azure-devops",
    "argo-cd",
    "flux",
    "rancher-fleet",
    "weave-gitops",
    "flagger",
    "argo-rollouts",
    "istio",
    "linkerd",
    "prometheus",
    "grafana",
    "datadog",
    "new-relic",
    "terraform",
    "opentofu",
    "ansible",
    "kubernetes",
    "helm",
    "openfeature",
    "opentelemetry",
}


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue()


# --- the real catalogue ------------------------------------------------------


def test_placeholders_are_exactly_the_specifications(catalogue):
    ids = [p.id for phase in catalogue.phases for p in phase.placeholders]
    assert len(SPEC_PLACEHOLDERS) == 111
    assert sorted(ids) == sorted(SPEC_PLACEHOLDERS)


def test_required_strategies_tools_and_profiles_exist(catalogue):
    assert {"rolling", "blue-green", "canary", "feature-flags", "ab-testing", "shadow", "recreate"} <= set(catalogue.strategy)
    assert SPEC_TOOLS <= set(catalogue.tool)
    assert len(catalogue.tools) >= 45
    dims = {d: {p.id for p in ps} for d, ps in catalogue.profiles_by_dimension().items()}
    assert dims == {
        "size": {"startup", "scale-up", "enterprise"},
        "industry": {"financial-services", "healthcare", "e-commerce", "saas"},
        "stack": {"microservices", "monolith", "serverless", "mobile"},
    }


def test_dora_includes_rework_rate_and_both_reports(catalogue):
    assert {m.id for m in catalogue.dora.metrics} >= {"deployment-frequency", "deployment-rework-rate"}
    assert {r.year for r in catalogue.dora.reports} >= {2023, 2024}


def test_every_placeholder_has_a_value_source(catalogue):
    """Three profile choices give a complete document: each placeholder has a catalogue default."""
    missing = [p.id for p in catalogue.placeholder.values() if not p.default and not p.derived]
    assert missing == []


def test_weave_gitops_status_is_not_active(catalogue):
    assert catalogue.tool["weave-gitops"].status != "active"


def test_schemas_are_current():
    assert stale_schemas(DATA_DIR / "schemas") == [], "run `./dev schemas` and commit data/schemas/"


@pytest.mark.parametrize("path", sorted(p.relative_to(DATA_DIR).as_posix() for k in FILE_KINDS for p in DATA_DIR.glob(k.pattern)))
def test_each_file_points_editors_at_its_schema(path):
    kind = next(k for k in FILE_KINDS if Path(path).match(k.pattern))
    first = (DATA_DIR / path).read_text(encoding="utf-8").splitlines()[0]
    prefix = "../" if "/" in path else ""
    assert first == f"# yaml-language-server: $schema={prefix}schemas/{kind.schema}"


def test_the_minimal_fixture_is_valid():
    load_catalogue(MINI)


# --- bad input: each class fails with file:line and a fix ---------------------


def broken_copy(tmp_path: Path, rel: str, old: str, new: str) -> Path:
    data = tmp_path / "data"
    shutil.copytree(MINI, data)
    target = data / rel
    text = target.read_text()
    assert old in text, f"fixture changed: {old!r} not in {rel}"
    target.write_text(text.replace(old, new, 1))
    return data


BAD_INPUT = [
    pytest.param("strategies.yml", "  risk: low\n", "  risk: [low\n", r"^data/strategies\.yml:\d+: YAML syntax error: .*\(check indentation", id="yaml-syntax"),
    pytest.param(
        "strategies.yml",
        "  cost: medium\n",
        "  cost: medium\n  costs: high\n",
        r"^data/strategies\.yml:9: strategies\[0\]\.costs: unknown key 'costs' \(did you mean 'cost'\?\)",
        id="unknown-key",
    ),
    pytest.param(
        "strategies.yml",
        "  risk: low\n",
        "  risk: [low]\n",
        r"^data/strategies\.yml:7: strategies\[0\]\.risk: expected one of 'low', 'medium', 'high', got a list",
        id="wrong-type",
    ),
    pytest.param(
        "tools/progressive-delivery.yml",
        "  licence: Apache-2.0\n",
        "",
        r"^data/tools/progressive-delivery\.yml:1: progressive-delivery\[0\]\.licence: required key 'licence' is missing",
        id="missing-field",
    ),
    pytest.param(
        "strategies.yml",
        "- id: canary\n",
        "- id: canary\n  name: Canary\n  summary: x\n  description: x\n  when_to_use: [x]\n  when_not_to_use: [x]\n  risk: low\n"
        "  cost: low\n  complexity: low\n  infrastructure: [x]\n  rollback: x\n  metrics: [x]\n  pitfalls: [x]\n"
        "  operate: [{action: abort, how: x}]\n  checked: 2026-12-03\n"
        "  sources: [{title: x, url: 'https://example.org'}]\n- id: canary\n",
        r"^data/strategies\.yml:17: strategies\[1\]\.id: duplicate strategy id 'canary' \(first used at data/strategies\.yml:1\)",
        id="duplicate-id",
    ),
    pytest.param(
        "profiles.yml",
        "  strategies: [canary]\n",
        "  strategies: [canery]\n",
        r"^data/profiles\.yml:10: profiles\[0\]\.strategies\[0\]: unknown strategy 'canery' \(did you mean 'canary'\?\)",
        id="unknown-reference",
    ),
]


@pytest.mark.parametrize("rel, old, new, expected", BAD_INPUT)
def test_bad_input_is_reported_with_file_and_line(tmp_path, rel, old, new, expected):
    data = broken_copy(tmp_path, rel, old, new)
    with pytest.raises(CatalogueError) as info:
        load_catalogue(data)
    lines = str(info.value).replace(str(tmp_path) + "/", "").splitlines()
    assert any(re.search(expected, line) for line in lines), lines


@pytest.mark.parametrize("rel, old, new, expected", BAD_INPUT)
def test_bad_input_fails_the_build_without_a_traceback(tmp_path, rel, old, new, expected):
    data = broken_copy(tmp_path, rel, old, new)
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(tmp_path / "site")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**__import__("os").environ, "PLAYBOOK_DATA": str(data)},
    )
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert re.search(expected.lstrip("^"), result.stderr.replace(str(tmp_path) + "/", ""), re.M), result.stderr
    assert not (tmp_path / "site" / "index.html").exists()


def test_all_problems_are_reported_together(tmp_path):
    data = broken_copy(tmp_path, "profiles.yml", "  strategies: [canary]\n", "  strategies: [canery]\n  tools: [argo-rollout]\n")
    (data / "profiles.yml").write_text((data / "profiles.yml").read_text().replace("  tools: [argo-rollouts]\n", ""))
    with pytest.raises(CatalogueError) as info:
        load_catalogue(data)
    messages = [p.message for p in info.value.problems]
    assert any("unknown strategy 'canery'" in m for m in messages)
    assert any("unknown tool 'argo-rollout'" in m for m in messages)
    assert str(info.value).endswith(f"{len(messages)} problems in the catalogue ({data}/); fix them and build again.")


def test_cli_validate_reports_without_traceback(tmp_path):
    data = broken_copy(tmp_path, "profiles.yml", "  strategies: [canary]\n", "  strategies: [canery]\n")
    result = subprocess.run([sys.executable, "-m", "macros", "--data", str(data), "validate"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "unknown strategy 'canery'" in result.stderr


def test_duplicate_yaml_keys_are_errors(tmp_path):
    data = broken_copy(tmp_path, "strategies.yml", "  cost: medium\n", "  cost: medium\n  cost: high\n")
    with pytest.raises(CatalogueError, match=r"strategies\.yml:9: key 'cost' appears twice in one mapping \(first on line 8\)"):
        load_catalogue(data)


def test_a_python_tag_in_data_is_an_error_not_code(tmp_path):
    """Data is loaded with the safe loader only."""
    marker = tmp_path / "ran"
    data = broken_copy(tmp_path, "strategies.yml", "  cost: medium\n", f"  cost: !!python/object/apply:os.system ['touch {marker}']\n")
    with pytest.raises(CatalogueError, match=r"strategies\.yml:8: the tag '!!python/object/apply:os\.system' is not allowed"):
        load_catalogue(data)
    assert not marker.exists()


def test_messages_name_the_data_folder_given(tmp_path):
    """With `--data DIR`, every message names DIR, not data/."""
    fork = tmp_path / "forks" / "acme"
    shutil.copytree(MINI, fork)
    profiles = fork / "profiles.yml"
    profiles.write_text(profiles.read_text().replace("  strategies: [canary]\n", "  strategies: [canery]\n", 1))
    env = {**__import__("os").environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run([sys.executable, "-m", "macros", "--data", "forks/acme", "validate"], cwd=tmp_path, capture_output=True, text=True, env=env)
    assert result.returncode == 1
    assert result.stderr.startswith("forks/acme/profiles.yml:10: profiles[0].strategies[0]: unknown strategy 'canery'"), result.stderr
    assert result.stderr.rstrip().endswith("2 problems in the catalogue (forks/acme/); fix them and build again.")
    assert "data/" not in result.stderr


def test_the_command_line_does_not_import_mkdocs():
    """`python -m macros` answers at once: the package imports nothing of MkDocs on this path."""
    code = "import sys, runpy; sys.argv = ['macros', 'validate']\ntry:\n    runpy.run_module('macros', run_name='__main__')\nexcept SystemExit:\n    pass\n"
    code += "print(sorted(m for m in sys.modules if m.split('.')[0] in ('mkdocs', 'mkdocs_macros', 'material')))"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "[]"


def test_render_reuses_the_validated_bundle_only_while_nothing_changed(tmp_path):
    """The command line keeps the last validated bundle; any edit to the data is validated again."""
    data = tmp_path / "data"
    shutil.copytree(MINI, data)
    env = {**__import__("os").environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}

    def render() -> subprocess.CompletedProcess:
        cmd = [sys.executable, "-m", "macros", "--data", str(data), "render", "--preset", "startup", "--date", "2026-01-01"]
        return subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, env=env)

    first = render()
    assert first.returncode == 0, first.stderr
    assert len(list((tmp_path / "cache" / "release-playbook").glob("*.view.json"))) == 1
    assert render().stdout == first.stdout
    document = data / "document.yml"
    document.write_text(document.read_text().replace('title: "Release process: {organisation}"', 'title: "Release plan: {organisation}"', 1))
    changed = render()
    assert changed.returncode == 0 and changed.stdout.startswith("# Release plan: Tiny"), changed.stdout[:200]
    document.write_text(document.read_text().replace('title: "Release plan: {organisation}"', 'title: "Release plan: {organisaton}"', 1))
    broken = render()
    assert broken.returncode == 1 and "unknown field '{organisaton}'" in broken.stderr, broken.stderr


def test_the_catalogue_is_reused_across_rebuilds_until_a_data_file_changes(tmp_path):
    """`mkdocs serve` rebuilds reuse the validated catalogue (and what is made from it) while data/ is unchanged."""
    import os

    from macros.catalogue import cached_catalogue

    data = tmp_path / "data"
    shutil.copytree(MINI, data)
    first = cached_catalogue(data)
    made = first.memo("bundle.json", lambda: object())
    assert cached_catalogue(data) is first
    assert first.memo("bundle.json", lambda: object()) is made
    strategies = data / "strategies.yml"
    stat = strategies.stat()
    os.utime(strategies, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    assert cached_catalogue(data) is not first
