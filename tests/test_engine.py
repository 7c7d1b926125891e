"""The Python document engine: resolution order, sections, escaping, and the shared vectors."""

from __future__ import annotations

import itertools
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from macros.engine import PARAM_TOKEN, TOKEN, AnswersError, _Render, blank_template, normalise_answers, render, unresolved
from macros.engine import nodes as engine_nodes

ROOT = Path(__file__).resolve().parent.parent
VECTORS = Path(__file__).parent / "vectors"
sys.path.insert(0, str(VECTORS))
from regenerate import bundles, expected, load_vectors  # noqa: E402

BUNDLES = bundles()
BUNDLE = BUNDLES["data"]
MINI = BUNDLES["mini"]
FORMAT = {"format": "release-playbook-answers", "version": 1}


def answers(**kw):
    return {**FORMAT, **kw}


# --- the shared vectors ------------------------------------------------------


def test_there_are_at_least_twenty_vectors_covering_every_profile():
    vectors = [v for _, v in load_vectors()]
    assert len(vectors) >= 20
    used = {
        v["answers"]["organisation"][d]
        for v in vectors
        if isinstance(v["answers"], dict) and "organisation" in v["answers"]
        for d in ("size", "industry", "stack")
        if d in v["answers"]["organisation"]
    }
    assert {p["id"] for p in BUNDLE["profiles"]} <= used


@pytest.mark.parametrize("path, vector", load_vectors(), ids=lambda x: x.stem if isinstance(x, Path) else "")
def test_python_engine_matches_the_vector(path, vector):
    suffix, text = expected(vector, BUNDLES[vector.get("catalogue", "data")])
    stored = path.with_suffix(suffix)
    assert stored.is_file(), f"{stored.name} missing: run tests/vectors/regenerate.py and review the diff"
    assert text == stored.read_text(encoding="utf-8"), f"{stored.name} is stale: run tests/vectors/regenerate.py and review the diff"


# --- resolution order ---------------------------------------------------------


def resolved(raw, bundle):
    """Placeholder id -> resolved entry, as one rendering sees them."""
    return _Render(normalise_answers(raw, bundle), bundle).resolved


def test_rule_first_then_how_the_tools_do_it_and_the_team_wins():
    base = dict(organisation={"size": "startup"}, strategies=["canary"])
    # The mini startup profile sets no canary value and the placeholder has no default.
    assert resolved(answers(**base, tools=[]), MINI)["CANARY_TRAFFIC_PERCENTAGE"]["source"] == ""
    # Tools follow the profile: argo-rollouts says how, with no rule to put before it.
    entry = resolved(answers(**base), MINI)["CANARY_TRAFFIC_PERCENTAGE"]
    assert (entry["value"], entry["source"], entry["from"]) == ("With **Argo Rollouts**: Argo Rollouts setWeight steps 10, 50, 100", "tools", "Argo Rollouts")
    assert resolved(answers(**base, values={"CANARY_TRAFFIC_PERCENTAGE": "1%"}), MINI)["CANARY_TRAFFIC_PERCENTAGE"]["value"] == "1%"
    r = resolved(answers(**base, tools=[]), MINI)
    assert (r["RELEASE_VERSION"]["value"], r["RELEASE_VERSION"]["source"], r["RELEASE_VERSION"]["review"]) == ("1.0.0", "profile", False)
    # A profile's gate entry adds to the gate's own threshold instead of replacing it.
    assert r["BUSINESS_METRIC_VALIDATION"]["value"] == "no drop over 2%; no drop over 5% (Startup)"
    r = resolved(answers(tools=[]), MINI)
    assert (r["RELEASE_VERSION"]["value"], r["RELEASE_VERSION"]["source"], r["RELEASE_VERSION"]["review"]) == (
        "Semantic version from the release tag",
        "default",
        True,
    )
    assert r["BUSINESS_METRIC_VALIDATION"]["value"] == "no drop over 2%"


def test_every_chosen_profile_rule_reaches_its_value():
    """No profile's rule is dropped for another dimension's, whatever the combination."""
    missing = []
    dims = [[p["id"] for p in BUNDLE["profiles"] if p["dimension"] == d] for d in ("size", "industry", "stack")]
    for size, industry, stack in itertools.product(*dims):
        render = _Render(normalise_answers(answers(organisation={"size": size, "industry": industry, "stack": stack}, tools=[]), BUNDLE), BUNDLE)
        for profile in BUNDLE["profiles"]:
            if profile["id"] not in (size, industry, stack):
                continue
            for pid, sentence in profile["placeholders"].items():
                if render.expand(sentence) not in render.resolved[pid]["value"]:
                    missing.append((size, industry, stack, profile["id"], pid))
    assert missing == []


@pytest.mark.parametrize(
    "size, industry, stack",
    list(
        itertools.product(
            ["startup", "scale-up", "enterprise"],
            ["financial-services", "healthcare", "e-commerce", "saas"],
            ["microservices", "monolith", "serverless", "mobile"],
        )
    ),
)
def test_three_choices_give_a_complete_document(size, industry, stack):
    a = answers(organisation={"size": size, "industry": industry, "stack": stack})
    assert unresolved(a, BUNDLE) == []
    document = render(a, BUNDLE, "2026-11-28")
    # Only the names no profile can know are left: who holds each role.
    names = {p["label"] for p in BUNDLE["parameters"]["items"] if p["type"] == "text"}
    left = set(re.findall(r"\*\*TODO: ([^*]+)\*\*", document))
    assert left and left <= names
    assert not PARAM_TOKEN.search(document)


# --- sections, escaping, header -------------------------------------------------


def test_blue_green_section_only_when_chosen():
    title = next(s["title"] for s in BUNDLE["document"]["sections"] if s["when"]["strategies"] == ["blue-green"])
    assert f"## {title}" in render(answers(strategies=["blue-green"]), BUNDLE, "2026-11-28")
    assert f"## {title}" not in render(answers(strategies=["canary"]), BUNDLE, "2026-11-28")


def test_header_states_version_and_date():
    doc = render(answers(organisation={"name": "Acme"}), BUNDLE, "2031-02-03")
    assert doc.startswith("# Release process: Acme\n")
    assert BUNDLE["version"] in doc.splitlines()[2] and "2031-02-03" in doc.splitlines()[2]


def test_typed_text_is_kept_exactly():
    typed = "<script>alert(1)</script> **x** [ENVIRONMENT_NAME] {date} ü 🚀"
    doc = render(answers(values={"RELEASE_VERSION": typed}), BUNDLE, "2026-11-28")
    assert typed in doc
    assert "{date}" in doc  # not substituted again


def test_pipes_in_table_cells_are_escaped_but_kept():
    doc = render(answers(values={"CODE_COVERAGE_THRESHOLDS": "a | b"}), BUNDLE, "2026-11-28")
    assert "| a \\| b |" in doc
    assert "a | b" in doc  # the text part keeps it as typed


def test_todo_is_listed_in_still_to_decide():
    doc = render(answers(strategies=["canary"], tools=[]), MINI, "2026-11-28")
    assert "**TODO: [CANARY_TRAFFIC_PERCENTAGE]**" in doc
    todo = doc.split("## Still to decide")[1]
    assert "`[CANARY_TRAFFIC_PERCENTAGE]`" in todo and "Share of traffic for the canary." in todo


def test_blank_template_uses_every_placeholder():
    template = blank_template(BUNDLE)
    assert set(TOKEN.findall(template)) == {p["id"] for p in BUNDLE["placeholders"]}


# --- answers checking ------------------------------------------------------------


@pytest.mark.parametrize(
    "raw, fragment",
    [
        ({"format": "something-else"}, "not a Release Playbook answers file"),
        ([], "not a Release Playbook answers file"),
        ({**FORMAT, "version": 99}, "newer version"),
        ({**FORMAT, "version": "1"}, "(version)"),
        ({**FORMAT, "organisation": {"size": "huge"}}, "organisation.size"),
        ({**FORMAT, "values": {"RELEASE_VERSION": 1}}, "values.RELEASE_VERSION"),
        ({**FORMAT, "current": {"deployment-frequency": "always"}}, "current.deployment-frequency"),
    ],
)
def test_bad_answers_are_refused_with_a_message(raw, fragment):
    with pytest.raises(AnswersError, match=re.escape(fragment)):
        normalise_answers(raw, BUNDLE)


def test_version_one_as_float_is_accepted_like_javascript():
    normalise_answers({**FORMAT, "version": 1.0}, BUNDLE)


# --- the command line ---------------------------------------------------------------


def run_cli(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "macros", *args], cwd=cwd, capture_output=True, text=True)


def test_cli_renders_json_and_yaml_alike(tmp_path):
    data = answers(organisation={"name": "Ünï", "size": "scale-up"})
    (tmp_path / "a.json").write_text(json.dumps(data), encoding="utf-8")
    (tmp_path / "a.yml").write_text("format: release-playbook-answers\nversion: 1\norganisation:\n  name: Ünï\n  size: scale-up\n", encoding="utf-8")
    out_json, out_yaml = tmp_path / "j.md", tmp_path / "y.md"
    assert run_cli("render", str(tmp_path / "a.json"), "-o", str(out_json), "--date", "2026-11-28").returncode == 0
    assert run_cli("render", str(tmp_path / "a.yml"), "-o", str(out_yaml), "--date", "2026-11-28").returncode == 0
    assert out_json.read_text(encoding="utf-8") == out_yaml.read_text(encoding="utf-8") == render(data, BUNDLE, "2026-11-28")


@pytest.mark.parametrize(
    "content, message",
    [
        ("{bad", "a.json:1: not valid JSON"),
        ('{"format": "x"}', "not a Release Playbook answers file"),
        ('{"format": "release-playbook-answers", "version": 1, "tools": ["nope"]}', "(tools)"),
    ],
)
def test_cli_refuses_bad_answers_without_writing(tmp_path, content, message):
    (tmp_path / "a.json").write_text(content, encoding="utf-8")
    out = tmp_path / "doc.md"
    result = run_cli("render", str(tmp_path / "a.json"), "-o", str(out))
    assert result.returncode == 1
    assert message in result.stderr and "Traceback" not in result.stderr
    assert not out.exists() and list(tmp_path.iterdir()) == [tmp_path / "a.json"]


def test_cli_renders_a_preset():
    result = run_cli("render", "--preset", "startup-saas-microservices", "--date", "2026-11-28")
    assert result.returncode == 0
    assert result.stdout.startswith("# Release process: Acme Cloud")
    assert run_cli("render", "--preset", "startup").stderr.startswith("unknown preset 'startup'")


# --- the Markdown renders as intended on GitHub and GitLab --------------------------


@pytest.mark.parametrize(
    "path, vector", [(p, v) for p, v in load_vectors() if p.with_suffix(".md").exists()], ids=lambda x: x.stem if isinstance(x, Path) else ""
)
def test_every_table_and_heading_survives_a_commonmark_parser(path, vector):
    """CommonMark with GFM tables (what GitHub and GitLab use): no table or heading falls apart."""
    from markdown_it import MarkdownIt

    bundle = BUNDLES[vector.get("catalogue", "data")]
    nodes = engine_nodes(vector["answers"], bundle, vector["date"])
    html = MarkdownIt("commonmark").enable("table").render(path.with_suffix(".md").read_text(encoding="utf-8"))
    assert html.count("<table>") == sum(1 for n in nodes if n["type"] == "table")
    for level in (1, 2):
        assert html.count(f"<h{level}>") == sum(1 for n in nodes if n["type"] == "heading" and n["level"] == level)
    assert not re.search(r"<p>\|", html), "a table row was read as a paragraph"
