"""The Python document engine: resolution order, sections, escaping, and the shared vectors."""

from __future__ import annotations

import datetime
import itertools
import json
import math
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from macros.engine import PARAM_TOKEN, TOKEN, AnswersError, _Render, blank_template, check_answers, chosen, normalise_answers, render, unresolved
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
        if isinstance(v["answers"], dict) and isinstance(v["answers"].get("organisation"), dict)
        for d in ("size", "industry", "stack")
        if isinstance(v["answers"]["organisation"].get(d), str)
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


def run_cli(*args, cwd=ROOT, env=None):
    return subprocess.run([sys.executable, "-m", "macros", *args], cwd=cwd, capture_output=True, text=True, env={**os.environ, **(env or {})})


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
        ('{"format": "release-playbook-answers", "version": 1, "tools": ["nope"]}', "(tools.nope)"),
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


def test_cli_links_sections_to_the_site_only_when_told_its_address():
    args = ("render", "--preset", "startup-saas-microservices", "--date", "2026-11-28")
    plain = run_cli(*args, env={"SITE_URL": ""})
    assert plain.returncode == 0 and "More in the playbook" not in plain.stdout
    linked = run_cli(*args, "--site-url", "https://handbook.example.com/releases")
    assert "[Roles and responsibilities](https://handbook.example.com/releases/process/roles/)" in linked.stdout
    assert "[Roll back now](https://handbook.example.com/releases/start/#roll-back-now)" in linked.stdout
    # Without the option, $SITE_URL (as a publishing build sets it) gives the address.
    assert "](https://ci.example.org/process/severity/)" in run_cli(*args, env={"SITE_URL": "https://ci.example.org/"}).stdout
    bad = run_cli(*args, "--site-url", "handbook.example.com")
    assert bad.returncode != 0 and "is not a web address like https://" in bad.stderr and "Traceback" not in bad.stderr


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


# --- answers that cannot be misread (issue 10, part 3) -------------------------------


def test_misspelt_top_level_and_organisation_keys_are_refused_by_name():
    raw = answers(organization={"name": "Acme"}, tool=["argo-cd"], value={}, organisation={"sise": "startup"})
    with pytest.raises(AnswersError) as info:
        normalise_answers(raw, BUNDLE)
    assert "(organization, tool, value, organisation.sise)" in str(info.value)
    assert "check their spelling" in str(info.value)


@pytest.mark.parametrize(
    "raw, path",
    [
        (answers(values={"RELEASE_VERSION": 2}), "values.RELEASE_VERSION"),
        (answers(values={"RELEASE_VERSION": datetime.date(2026, 1, 2)}), "values.RELEASE_VERSION"),  # a YAML date
        (answers(organisation={"name": 5}), "organisation.name"),
        (answers(tools="argo-cd"), "tools"),
        (answers(parameters={"canary.steps": {"a": 1}}), "parameters.canary.steps"),
        (answers(parameters={"canary.steps": [1, math.inf]}), "parameters.canary.steps"),
        (answers(picks={"tools": {"argo-cd": "yes"}}), "picks.tools.argo-cd"),
    ],
)
def test_a_wrong_type_is_reported_as_a_wrong_type(raw, path):
    with pytest.raises(AnswersError, match=re.escape(f"wrong type ({path})")):
        normalise_answers(raw, BUNDLE)


@pytest.mark.parametrize("version", [math.inf, -math.inf, math.nan, 1e400, 10**400, True, None, "1"])
def test_a_version_that_is_not_a_finite_number_is_refused(version):
    with pytest.raises(AnswersError, match=re.escape("(version)")):
        normalise_answers({**FORMAT, "version": version}, BUNDLE)


def test_a_lone_surrogate_is_refused_not_written():
    with pytest.raises(AnswersError, match=re.escape("not valid Unicode (values.RELEASE_VERSION)")):
        normalise_answers(answers(values={"RELEASE_VERSION": "ok \ud83d"}), BUNDLE)
    with pytest.raises(AnswersError, match="organisation.\ufffd"):
        normalise_answers(answers(organisation={"\ud83d": "x"}), BUNDLE)


def test_empty_picks_are_no_picks():
    assert normalise_answers(answers(picks={"tools": None, "strategies": {}}), BUNDLE)["picks"] == {"strategies": {}, "tools": {}}


def test_parameters_are_checked_by_their_type_and_kept_in_canonical_form():
    params = {"canary.steps": "10, 50,100", "canary.step-time": " 5m ", "coverage.new-code": "90%", "approvals.production": "2", "roles.release-owner": " Ana "}
    assert normalise_answers(answers(parameters=params), BUNDLE)["parameters"] == {
        "canary.steps": [10, 50, 100],
        "canary.step-time": "5m",
        "coverage.new-code": 90,
        "approvals.production": 2,
        "roles.release-owner": "Ana",
    }
    # An empty value is no answer; an unknown id and a bad value are both named, nothing is kept.
    assert normalise_answers(answers(parameters={"canary.steps": "  "}), BUNDLE)["parameters"] == {}
    with pytest.raises(AnswersError) as info:
        normalise_answers(answers(parameters={"canary.step_minutes": 5, "canary.steps": "50, 25", "canary.step-time": "2d"}), BUNDLE)
    message = str(info.value)
    assert "parameters.canary.step_minutes" in message
    assert "Canary traffic steps (canary.steps) must be a list of steps from 1 to 100 that rises" in message
    assert "Time at each canary step (canary.step-time) must be between 1 minute and 1 day" in message


@pytest.mark.parametrize(
    "kind, raw, expected",
    [
        ("percent", 0.5, 0.5),
        ("percent", "0.50 %", 0.5),
        ("percent", 100, 100),
        ("percent", 100.1, None),
        ("percent", -1, None),
        ("percent", 0.25, None),
        ("percent", True, None),
        ("percent-list", [5, 5, 100], None),
        ("percent-list", [], None),
        ("percent-list", "0.5, 100", None),
        ("duration", "007d", "7d"),
        ("duration", "10 m", "10m"),
        ("duration", "10min", None),
        ("duration", 10, None),
        ("count", 2.0, 2),
        ("count", 2.5, None),
        ("count", "6", None),
        ("enum", " medium ", "medium"),
        ("enum", "severe", None),
        ("text", "a\nb", None),
    ],
)
def test_one_rule_per_parameter_type(kind, raw, expected):
    from macros.engine import parse_parameter

    examples = {
        "percent": "coverage.new-code",
        "percent-list": "canary.steps",
        "duration": "blue-green.keep-previous",
        "count": "approvals.production",
        "enum": "security.block-severity",
        "text": "roles.approvers",
    }
    param = next(p for p in BUNDLE["parameters"]["items"] if p["id"] == examples[kind])
    value, problem = parse_parameter(param, raw.replace("\\n", "\n") if isinstance(raw, str) else raw, BUNDLE)
    assert (value if not problem else None) == expected
    assert bool(problem) == (expected is None)


def test_the_stricter_profile_value_wins_whatever_the_order():
    from macros.engine import resolve_parameters

    # Financial services asks for more coverage and blocks at a lower severity than the startup profile.
    a = normalise_answers(answers(organisation={"size": "startup", "industry": "financial-services"}), BUNDLE)
    params = resolve_parameters(a, BUNDLE)
    fin = next(p for p in BUNDLE["profiles"] if p["id"] == "financial-services")["parameters"]
    for pid, value in fin.items():
        param = next(p for p in BUNDLE["parameters"]["items"] if p["id"] == pid)
        from macros.engine import stricter

        assert not stricter(param, value, params[pid]["value"]), (pid, value, params[pid])


def test_check_answers_keeps_every_usable_part():
    raw = answers(
        organisation={"name": "Acme", "size": "startup", "stack": "gone"}, tools=["argo-cd", "gone-tool"], values={"RELEASE_VERSION": "2.0", "GONE": "x"}
    )
    kept, problems = check_answers(raw, BUNDLE)
    assert kept["organisation"]["name"] == "Acme" and kept["organisation"]["size"] == "startup" and kept["organisation"]["stack"] == ""
    assert kept["tools"] == ["argo-cd"] and kept["values"] == {"RELEASE_VERSION": "2.0"}
    assert problems["invalid"] == ["organisation.stack", "tools.gone-tool", "values.GONE"]


def test_spaces_alone_are_no_answer():
    a = normalise_answers(answers(organisation={"name": "  \t"}, values={"RELEASE_VERSION": "   ", "ROLLBACK_PROCEDURE": "\n \n"}), BUNDLE)
    assert a["organisation"]["name"] == "" and a["values"] == {}
    assert render(answers(organisation={"name": "   "}), BUNDLE, "2026-11-28").startswith("# Release process: our organisation\n")


def test_a_one_line_value_keeps_one_line_and_a_block_keeps_its_lines():
    a = normalise_answers(answers(values={"RELEASE_VERSION": "a\nb", "ROLLBACK_PROCEDURE": "a\nb"}), BUNDLE)
    assert a["values"] == {"RELEASE_VERSION": "a b", "ROLLBACK_PROCEDURE": "a\nb"}


def test_block_placeholders_are_never_written_into_table_cells():
    in_tables = {g["placeholder"] for s in BUNDLE["gate_stages"] for g in s["gates"]} | {m["placeholder"] for m in BUNDLE["metrics"]}
    blocks = {p["id"] for p in BUNDLE["placeholders"] if p["block"]}
    assert blocks and not blocks & in_tables


HOSTILE = (
    "Run `./rollback.sh`\n## Injected heading\n- not an item\n1. not a step\n```\n> not a quote\n<div>\n---\n===\n"
    "| a | b |\n| --- | --- |\n[x]: http://example.com\n\n    indented\n+ plus\n***\n<!-- open\nlast \\"
)


def structure(markdown: str) -> list[str]:
    """The block structure of a document as markdown-it sees it (token types and levels, no text)."""
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark").enable("table").parse(markdown)
    return [f"{t.type}:{t.level}" for t in tokens if t.type not in ("inline", "softbreak", "hardbreak")]


def test_no_value_can_change_the_structure_of_the_document():
    """Every placeholder given a value full of block syntax: the document keeps the structure it has
    with plain values (same headings, lists, tables, no new code block, quote or HTML block)."""
    profile = {"size": "scale-up", "industry": "saas", "stack": "microservices"}
    everything = [s["id"] for s in BUNDLE["strategies"]]
    plain = answers(organisation=profile, strategies=everything, values={p["id"]: "plain" for p in BUNDLE["placeholders"]})
    hostile = answers(organisation=profile, strategies=everything, values={p["id"]: HOSTILE for p in BUNDLE["placeholders"]})
    assert structure(render(hostile, BUNDLE, "2026-11-28")) == structure(render(plain, BUNDLE, "2026-11-28"))


def test_a_block_value_keeps_its_lines_inside_its_list_item():
    doc = render(answers(values={"ROLLBACK_PROCEDURE": "first\n## second\n3. third"}), BUNDLE, "2026-11-28")
    assert "Procedure: first\\\n   \\## second\\\n   3\\. third\n" in doc


def test_backslashes_are_kept_as_typed_in_text_and_tables():
    from markdown_it import MarkdownIt

    doc = render(answers(values={"CODE_COVERAGE_THRESHOLDS": "a\\|b"}), BUNDLE, "2026-11-28")
    html = MarkdownIt("commonmark").enable("table").render(doc)
    assert "<td>a\\|b</td>" in html and "<strong>Code coverage:</strong> a\\|b</p>" in html


@pytest.mark.parametrize("name, title", [("#", "Release process: #"), ("Team ##", "Release process: Team ##"), ("  ", "Release process: our organisation")])
def test_the_organisation_name_always_shows_in_the_title(name, title):
    from markdown_it import MarkdownIt

    html = MarkdownIt("commonmark").render(render(answers(organisation={"name": name}), BUNDLE, "2026-11-28"))
    assert f"<h1>{title}</h1>" in html


def test_own_picks_are_kept_and_the_rest_follows_the_profiles():
    picks = {"tools": {"flux": True, "grafana": True}, "strategies": {"canary": False}}
    serverless = normalise_answers(answers(organisation={"size": "startup", "stack": "serverless"}, picks=picks), BUNDLE)
    microservices = normalise_answers(answers(organisation={"size": "startup", "stack": "microservices"}, picks=picks), BUNDLE)
    for a in (serverless, microservices):
        tools = [t["id"] for t in chosen("tools", a, BUNDLE)]
        assert "flux" in tools and "grafana" in tools and "argo-cd" not in tools  # gitops is exclusive: flux replaces argo-cd
        assert "canary" not in [s["id"] for s in chosen("strategies", a, BUNDLE)]
    follow = lambda a: {t["id"] for t in chosen("tools", a, BUNDLE)} - {"flux", "grafana"}  # noqa: E731
    assert follow(serverless) != follow(microservices)  # the rest follows the stack
    assert "flagger" not in follow(serverless) and "flagger" in follow(microservices)


# --- the command line reads files by one rule ------------------------------------------


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("a.json", b'{"format": "release-playbook-answers", "version": 1e400}', "wrong type (version)"),
        ("a.json", b'{"format": "release-playbook-answers", "version": NaN}', "not valid JSON"),
        ("a.json", b'{"format": "release-playbook-answers", "version": Infinity}', "not valid JSON"),
        ("a.yml", b"format: release-playbook-answers\nversion: .inf\n", "wrong type (version)"),
        ("a.yml", b"format: release-playbook-answers\nversion: 1\nvalues:\n  RELEASE_VERSION: 2026-01-02\n", "wrong type (values.RELEASE_VERSION)"),
        ("a.json", b'{"format": "release-playbook-answers", "version": 1, "values": {"RELEASE_VERSION": "\\ud83d"}}', "not valid Unicode"),
        ("a.json", b'{"format": "release-playbook-answers", "version": 1, "organization": {}}', "(organization)"),
        ("a.json", b"[" * 100_000, "not valid JSON"),
        ("a.json", '{"format": "release-playbook-answers", "version": 1, "organisation": {"name": "Café"}}'.encode("utf-16"), "not UTF-8 text"),
        ("a.json", '{"format": "release-playbook-answers", "version": 1, "organisation": {"name": "Café"}}'.encode("latin-1"), "not UTF-8 text"),
        ("a.json", b" " * 1_000_001, "an answers file is at most 1,000,000 bytes"),
    ],
    ids=["1e400", "NaN", "Infinity", "yaml-inf", "yaml-date", "lone-surrogate", "misspelt-key", "deep-nesting", "utf-16", "latin-1", "too-big"],
)
def test_cli_refuses_unreadable_answers_cleanly_and_writes_nothing(tmp_path, name, content, message):
    (tmp_path / name).write_bytes(content)
    out = tmp_path / "doc.md"
    result = run_cli("render", str(tmp_path / name), "-o", str(out))
    assert result.returncode == 1, result.stdout
    assert message in result.stderr and "Traceback" not in result.stderr, result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]  # no document, no .doc.md.tmp


def test_cli_reads_utf8_with_or_without_a_byte_order_mark(tmp_path):
    text = '{"format": "release-playbook-answers", "version": 1, "organisation": {"name": "Café"}}'
    (tmp_path / "plain.json").write_bytes(text.encode("utf-8"))
    (tmp_path / "bom.json").write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    plain, bom = run_cli("render", str(tmp_path / "plain.json"), "--date", "2026-11-28"), run_cli("render", str(tmp_path / "bom.json"), "--date", "2026-11-28")
    assert plain.returncode == bom.returncode == 0
    assert plain.stdout == bom.stdout and plain.stdout.startswith("# Release process: Café\n")


@pytest.mark.parametrize(
    "params, said",
    [
        ({"canary.steps": "50, 25"}, "Canary traffic steps (canary.steps) must be a list of steps from 1 to 100 that rises"),
        ({"canary.step-time": "abc"}, "Time at each canary step (canary.step-time) is not a duration"),
        ({"canary.steps": [5, 150]}, "Canary traffic steps (canary.steps) must be a list of steps from 1 to 100"),
    ],
)
def test_the_command_line_refuses_bad_parameter_values_and_writes_nothing(tmp_path, params, said):
    (tmp_path / "a.json").write_text(json.dumps({**answers(), "version": 2, "parameters": params}), encoding="utf-8")
    out = tmp_path / "doc.md"
    result = run_cli("render", str(tmp_path / "a.json"), "-o", str(out))
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert said in result.stderr
    assert not out.exists() and list(tmp_path.iterdir()) == [tmp_path / "a.json"]
