"""Diagrams, process pages and reading aids: drawn from the data, accessible, consistent, indexed sensibly."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from types import SimpleNamespace

import pytest
from conftest import ROOT, build_site

from macros import diagrams, reading
from macros.catalogue import load_catalogue
from macros.errors import CatalogueError

CATALOGUE = load_catalogue()
MINI = Path(__file__).parent / "fixtures" / "mini"


def page_html(site, path: str) -> str:
    return (site.path / path / "index.html").read_text(encoding="utf-8")


def figures(html: str) -> list[str]:
    return re.findall(r'<figure class="pb-diagram.*?</figure>', html, re.S)


# --- layouts follow the data ---------------------------------------------------


@pytest.mark.parametrize("d", CATALOGUE.diagrams.traffic, ids=lambda d: d.strategy)
def test_traffic_columns_are_drawn_from_the_phases(d):
    layout = diagrams.traffic_layout(d, CATALOGUE.diagrams.labels)
    plot_h = layout["plot_h"]
    total = sum(p.length for p in d.phases)
    widths = [c.w for c in layout["columns"]]
    assert sum(widths) == pytest.approx(layout["right_edge"] - layout["left"])
    for col, phase in zip(layout["columns"], d.phases, strict=True):
        bands = {b.kind: b for b in col.bands}
        assert col.w == pytest.approx(sum(widths) * phase.length / total)
        assert bands["new"].h == pytest.approx(plot_h * phase.new / 100)
        assert bands["old"].h == pytest.approx(plot_h * phase.old_share / 100)
        assert ("gap" in bands) == (phase.new + phase.old_share < 100)
        assert ("mirrored" in bands) == bool(phase.mirrored)
        # The stack never leaves the plot area.
        assert min(b.y for b in col.bands) >= layout["top"] - 0.01
        assert max(b.y + b.h for b in col.bands) <= layout["bottom"] + 0.01


def test_the_canary_chart_shows_the_canary_steps():
    canary = next(d for d in CATALOGUE.diagrams.traffic if d.strategy == "canary")
    svg = diagrams.render("traffic", CATALOGUE, "canary", lambda kind, ident: f"{ident}.md", "t")
    labels = re.findall(r'class="pb-value[^"]*"[^>]*>(\d+)%<', svg)
    assert labels == [str(p.new) for p in canary.phases if p.new]


def test_decision_tree_lists_every_answer_with_a_link():
    html = diagrams.render("decision", CATALOGUE, None, lambda kind, ident: f"LINK/{kind}/{ident}", "t")
    answers = []

    def walk(node):
        if node.strategy:
            answers.append(node.strategy)
        else:
            walk(node.if_yes)
            walk(node.if_no)

    walk(CATALOGUE.diagrams.decision.root)
    for sid in answers:
        assert f"(LINK/strategy/{sid})" in html
    # Every question appears in the text alternative as well as in the picture.
    questions = re.findall(r"question: (.+)", (CATALOGUE.data_dir / "diagrams.yml").read_text())
    text_part = html.split("</figure>", 1)[1]
    for q in questions:
        assert q.strip() in text_part.replace("&#39;", "'")


def test_pipeline_lists_the_gates_of_each_stage():
    html = diagrams.render("pipeline", CATALOGUE, None, lambda kind, ident: f"LINK/{kind}/{ident}", "t")
    for step in CATALOGUE.diagrams.pipeline.steps:
        if step.gates:
            stage = next(s for s in CATALOGUE.gate_stages if s.id == step.gates)
            for gate in stage.gates:
                assert f"(LINK/gate/{gate.id})" in html


def test_data_text_in_a_diagram_is_escaped(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(MINI, data)
    path = data / "diagrams.yml"
    path.write_text(path.read_text().replace("title: Canary steps", "title: 'Canary <script>alert(1)</script>'"))
    cat = load_catalogue(data)
    html = diagrams.render("traffic", cat, "canary", lambda kind, ident: "x", "t")
    assert "<script>" not in html and "&lt;script&gt;" in html


# --- bad diagram and process data: file, line and a fix ------------------------


def broken(tmp_path: Path, rel: str, old: str, new: str) -> Path:
    data = tmp_path / "data"
    shutil.copytree(MINI, data)
    text = (data / rel).read_text()
    assert old in text, f"fixture changed: {old!r} not in {rel}"
    (data / rel).write_text(text.replace(old, new, 1))
    return data


D, P = "diagrams.yml", "incidents.yml"
BAD = [
    pytest.param(
        D, "  - strategy: canary\n", "  - strategy: canery\n", r"diagrams\.yml:\d+: .*unknown strategy 'canery' \(did you mean", id="unknown-strategy"
    ),
    pytest.param(D, "  - strategy: canary\n", "  - strategy: canery\n", r"strategy 'canary' has no traffic diagram; add an entry", id="missing-diagram"),
    pytest.param(D, "{label: Step 1, new: 10,", "{label: Step 1, new: 10, old: 95,", r"diagrams\.yml:\d+: .*more than 100 percent", id="shares-over-100"),
    pytest.param(D, "gates: deployment", "gates: deploy", r"diagrams\.yml:\d+: .*unknown gate stage 'deploy'", id="unknown-stage"),
    pytest.param(
        D, "    if_no: {strategy: canary", "    if_no: {question: More, strategy: canary", r"diagrams\.yml:\d+: .*cannot also have", id="answer-and-question"
    ),
    pytest.param(P, "{approver: A, release-owner: I}", "{approver: A, release-owner: A}", r"incidents\.yml:\d+: .*one accountable", id="two-accountable"),
    pytest.param(P, "{approver: A, release-owner: I}", "{approver: A, release-ownr: I}", r"incidents\.yml:\d+: .*unknown role", id="unknown-role"),
    pytest.param(P, "  - id: SEV1\n", "  - id: SEV-1\n", r"incidents\.yml:\d+: .*'SEV-1' is not valid", id="severity-id"),
]


@pytest.mark.parametrize("rel, old, new, expected", BAD)
def test_bad_diagram_or_process_data_is_reported_with_file_and_line(tmp_path, rel, old, new, expected):
    data = broken(tmp_path, rel, old, new)
    with pytest.raises(CatalogueError) as info:
        load_catalogue(data)
    assert re.search(expected, str(info.value)), str(info.value)


# --- reading aids on their own ---------------------------------------------------


def test_long_code_blocks_are_excluded_from_search_and_short_ones_kept():
    short = '<div class="language-sh highlight"><pre><span></span><code>kubectl argo rollouts abort app\n</code></pre></div>'
    long = '<div class="language-yaml highlight"><pre><span></span><code>' + "a: 1\n" * 12 + "</code></pre></div>"
    out = reading.exclude_long_code(short + long)
    assert out.count("data-search-exclude") == 1
    assert '<div class="language-yaml highlight" data-search-exclude>' in out


def test_ids_wrap_after_underscores_only_in_inline_code():
    html = "<p><code>[CANARY_TRAFFIC_PERCENTAGE]</code> and <code>snake_case</code></p>"
    assert reading.wrap_ids(html) == "<p><code>[CANARY_<wbr>TRAFFIC_<wbr>PERCENTAGE]</code> and <code>snake_case</code></p>"


def test_tables_become_named_keyboard_scrollable_regions():
    html = reading.wrap_tables('<h2 id="x">Severity &amp; paging<a class="headerlink" href="#x">&para;</a></h2><table><tr><th>A</th></tr></table>')
    assert '<div class="pb-table" role="region" tabindex="0" aria-label="Severity &amp; paging"><table>' in html


def test_previous_and_next_stay_within_the_section():
    section, other = object(), object()
    page = SimpleNamespace(parent=section, previous_page=SimpleNamespace(parent=other), next_page=SimpleNamespace(parent=section))
    reading.pagination_within_section(page)
    assert page.previous_page is None and page.next_page is not None


# --- the built site ----------------------------------------------------------------


@pytest.mark.parametrize("strategy", [s.id for s in CATALOGUE.strategies])
def test_every_strategy_page_has_an_accessible_traffic_diagram(site, strategy):
    html = page_html(site, f"strategies/{strategy}")
    [figure] = figures(html)
    assert re.search(r'<svg [^>]*role="img" aria-labelledby="([^" ]+) ([^"]+)"', figure)
    assert "<title id=" in figure and "<desc id=" in figure
    assert "http" not in figure.replace('xmlns="http://www.w3.org/2000/svg"', "")
    # The text alternative: one table row per phase, right after the figure.
    d = next(x for x in CATALOGUE.diagrams.traffic if x.strategy == strategy)
    alternative = html.split("</figure>", 1)[1].split("</details>", 1)[0]
    assert alternative.count("<tr>") == len(d.phases) + 1


def test_strategies_index_has_the_decision_tree_and_home_the_pipeline_and_gitops_loop(site):
    assert any("pb-diagram--tree" in f for f in figures(page_html(site, "strategies")))
    home = figures((site.path / "index.html").read_text(encoding="utf-8"))
    assert len(home) == 2 and all("pb-diagram--flow" in f for f in home)


def test_process_pages_show_the_data(site):
    roles = page_html(site, "process/roles")
    for role in CATALOGUE.incidents.roles:
        assert f'id="{role.id}"' in roles
    severity = page_html(site, "process/severity")
    for sev in CATALOGUE.incidents.severities:
        assert f'id="{sev.id.lower()}"' in severity
    assert all(f'id="{x}"' in page_html(site, "start") for x in ("roll-back-now", "choose-a-strategy", "measure-dora", "publish-our-handbook"))


def test_search_index_boosts_answers_and_leaves_out_long_samples(site):
    index = json.loads((site.path / "search" / "search_index.json").read_text(encoding="utf-8"))
    by_page = {}
    for entry in index["docs"]:
        by_page.setdefault(entry["location"].split("#")[0], entry)
    assert by_page["strategies/canary/"].get("boost") == reading.BOOST
    assert by_page["dora/"].get("boost") == reading.BOOST
    assert "boost" not in by_page["tools/argo-rollouts/"]
    text = " ".join(e["text"] for e in index["docs"])
    for tool in CATALOGUE.tools:
        if not tool.example:
            continue
        lines = (CATALOGUE.data_dir / "examples" / tool.example.file).read_text(encoding="utf-8").splitlines()
        if len(lines) > reading.SEARCHABLE_CODE_LINES + 2:
            longest = max((line.strip() for line in lines if "<" not in line and "&" not in line), key=len)
            assert longest not in text, f"{tool.example.file}: a long sample is in the search index"


def test_last_updated_date_comes_from_git(site):
    date = subprocess.run(["git", "log", "-1", "--format=%cs", "--", "docs/dora.md"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    assert date, "docs/dora.md has no commit"
    assert date in page_html(site, "dora").split('class="md-source-file"', 1)[1][:2000]


def test_edit_links_only_with_a_repository_url(tmp_path, monkeypatch):
    result = build_site(tmp_path / "plain", "http://127.0.0.1:8000/", MINI)
    assert result.returncode == 0, result.stderr[-3000:]
    plain = (tmp_path / "plain" / "dora" / "index.html").read_text()
    assert "example/playbook" not in plain and 'class="md-source"' not in plain and "md-content__button" not in plain
    monkeypatch.setenv("REPO_URL", "https://github.com/example/playbook")
    monkeypatch.setenv("EDIT_URI", "edit/main/docs/")
    result = build_site(tmp_path / "repo", "http://127.0.0.1:8000/", MINI)
    assert result.returncode == 0, result.stderr[-3000:]
    html = (tmp_path / "repo" / "dora" / "index.html").read_text()
    assert 'href="https://github.com/example/playbook/edit/main/docs/dora.md"' in html
    assert 'class="md-source"' in html
    assert 'data-md-component="source"' not in html  # no statistics fetched from GitHub's API
