"""A fork publishes its own handbook from one organisation folder, and keeps pulling upstream updates.

The fixture organisation (tests/fixtures/org-bank/) is an enterprise bank: it removes Jenkins and
Spinnaker, adds an internal CI tool and changes an enterprise threshold, without touching data/.
"""

from __future__ import annotations

import base64
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from axe_playwright_python.sync_playwright import Axe
from conftest import ROOT, BuiltSite, free_port, serve_at
from example_validators import check_jsonschema
from playwright.sync_api import expect
from site_pages import settle

from macros.bundle import merge_bundle
from macros.catalogue import DATA_DIR, load_catalogue
from macros.engine import AnswersError, normalise_answers, playbook_record, render, resolve_parameters
from macros.errors import CatalogueError
from macros.overlay import ours

BANK = ROOT / "tests" / "fixtures" / "org-bank"
GIT_ENV = {
    **os.environ,
    "GIT_AUTHOR_NAME": "Test",
    "GIT_AUTHOR_EMAIL": "test@example.invalid",
    "GIT_COMMITTER_NAME": "Test",
    "GIT_COMMITTER_EMAIL": "test@example.invalid",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
}


# -- Publishing ----------------------------------------------------------------


@pytest.mark.parametrize("path", sorted((ROOT / ".github" / "workflows").glob("*.yml")), ids=lambda p: p.name)
def test_github_workflows_pass_the_official_schema(path):
    check_jsonschema("vendor.github-workflows", path)


def test_gitlab_pipeline_passes_the_official_schema_and_publishes_pages():
    check_jsonschema("vendor.gitlab-ci", ROOT / ".gitlab-ci.yml")
    pipeline = yaml.safe_load((ROOT / ".gitlab-ci.yml").read_text())
    assert pipeline["pages"]["artifacts"]["paths"] == ["public"]
    assert any("-d public" in line for line in pipeline["pages"]["script"])


def test_workflows_pin_every_action_by_commit_sha():
    for path in (ROOT / ".github" / "workflows").glob("*.yml"):
        for ref in re.findall(r"uses:\s*(\S+)", path.read_text()):
            assert re.fullmatch(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}", ref), f"{path.name}: {ref}: pin to a full commit SHA"


def test_pull_requests_run_the_checks_and_main_deploys_pages():
    check = yaml.safe_load((ROOT / ".github" / "workflows" / "check.yml").read_text())
    runs = [step.get("run", "") for job in check["jobs"].values() for step in job["steps"]]
    for task in ("./dev validate", "./dev build", "./dev test"):
        assert task in runs
    pages = yaml.safe_load((ROOT / ".github" / "workflows" / "pages.yml").read_text())
    assert pages[True]["push"]["branches"] == ["main"]  # YAML 1.1 reads the key `on` as true
    uses = [step.get("uses", "").split("@")[0] for job in pages["jobs"].values() for step in job["steps"]]
    assert {"actions/upload-pages-artifact", "actions/deploy-pages"} <= set(uses)


def test_a_production_build_without_a_site_url_fails_with_a_message(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("SITE_URL", "PLAYBOOK_ORG")}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(tmp_path / "site")],
        cwd=ROOT,
        env={**env, "NO_MKDOCS_2_WARNING": "1", "PLAYBOOK_PUBLISH": "1"},  # what `./dev build` sets
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert re.search(r"site_url is not set: set SITE_URL .*org/organisation.yml", result.stderr), result.stderr
    assert not (tmp_path / "site" / "index.html").exists()


def test_a_local_check_build_without_a_site_url_uses_localhost_and_says_so(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("SITE_URL", "PLAYBOOK_ORG", "PLAYBOOK_PUBLISH")}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(tmp_path / "site")],
        cwd=ROOT,
        env={**env, "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "this local build uses http://127.0.0.1:8000/" in result.stderr
    assert '<link rel="canonical" href="http://127.0.0.1:8000/"' in (tmp_path / "site" / "index.html").read_text(encoding="utf-8")


def test_this_checkout_validates_with_its_own_organisation_folder():
    """In a fork, org/ is validated as the handbook builds it (the rest of the suite tests the upstream
    playbook, without org/); upstream, where there is none, the catalogue alone."""
    env = {k: v for k, v in os.environ.items() if k != "PLAYBOOK_ORG"}
    result = subprocess.run([sys.executable, "-m", "macros", "validate"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert ("org/" in result.stdout + result.stderr) == (ROOT / "org").is_dir()


def test_the_footer_shows_the_playbook_version(site):
    version = load_catalogue().playbook.version
    html = (site.path / "index.html").read_text()
    footer = html[html.index('<div class="md-copyright">') :]
    assert re.search(rf"Playbook version {re.escape(version)}\s*<", footer)


def test_the_changelog_has_the_current_version():
    version = load_catalogue().playbook.version
    text = (ROOT / "CHANGELOG.md").read_text()
    assert "keepachangelog.com" in text
    assert re.search(rf"^## \[{re.escape(version)}\] - \d{{4}}-\d{{2}}-\d{{2}}$", text, re.M)
    assert re.search(r"^## \[Unreleased\]$", text, re.M)


def served_bundle(site: Path) -> dict:
    """The wizard's bundle as the site serves it: its two parts joined (macros/bundle.py)."""
    first, rest = (json.loads((site / "assets" / "wizard" / name).read_text(encoding="utf-8")) for name in ("bundle-first.json", "bundle-rest.json"))
    return merge_bundle(first, rest)


# -- The organisation folder -----------------------------------------------------


@pytest.fixture(scope="module")
def bank():
    return load_catalogue(DATA_DIR, BANK)


def test_the_bank_removes_tools_and_adds_its_own(bank):
    assert "jenkins" not in bank.tool and "spinnaker" not in bank.tool
    assert bank.tool_category["northwind-pipelines"] == "ci-cd"
    # References upstream made to the removed tools are dropped with them.
    assert not [g.id for g in bank.gate.values() if {"jenkins", "spinnaker"} & set(g.tools)]
    assert not [p.id for p in bank.profiles if {"jenkins", "spinnaker"} & set(p.tools)]
    # Everything else is upstream's.
    upstream = load_catalogue()
    assert set(bank.tool) == set(upstream.tool) - {"jenkins", "spinnaker"} | {"northwind-pipelines"}
    assert bank.tool["gitlab-ci"] == upstream.tool["gitlab-ci"]


def test_a_removed_tool_takes_its_starter_kit_files_with_it_and_the_others_keep_their_lines():
    from macros.overlay import read_overlay

    overlay = read_overlay(DATA_DIR, BANK, "data")
    files = overlay.values["kit.yml"].files
    assert "Jenkinsfile" not in [f.path for f in files] and ".gitlab-ci.yml" in [f.path for f in files]
    assert not [f.path for f in files if {"jenkins", "spinnaker"} & set(f.tools)]
    upstream = (DATA_DIR / "kit.yml").read_text(encoding="utf-8").splitlines()
    doc = overlay.docs["kit.yml"]
    for k, f in enumerate(files):
        # A problem in a later file still names the line upstream wrote it on.
        assert upstream[doc.line_of(("files", k, "path")) - 1] == f"  - path: {f.path}"


def test_the_bank_changes_one_enterprise_threshold_and_it_takes_effect(bank):
    upstream = load_catalogue()
    enterprise, before = bank.profile["enterprise"], upstream.profile["enterprise"]
    assert enterprise.parameters == {**before.parameters, "coverage.new-code": 95}
    assert enterprise.name == before.name and enterprise.placeholders == before.placeholders
    answers = normalise_answers(bank.organisation.answers, bank.bundle)
    assert resolve_parameters(answers, bank.bundle)["coverage.new-code"]["value"] == 95
    assert (
        resolve_parameters(normalise_answers(bank.organisation.answers | {"picks": {}}, upstream.bundle), upstream.bundle)["coverage.new-code"]["value"] != 95
    )


def test_the_bank_process_keeps_gitlab_ci_beside_its_internal_tool(bank):
    document = render(bank.organisation.answers, bank.bundle, "2026-12-03")
    assert "Northwind Bank" in document
    for tool in ("GitLab CI", "Northwind Pipelines", "Argo CD", "Argo Rollouts", "Vault", "Datadog"):
        assert tool in document, tool
    assert "Jenkins" not in document and "Spinnaker" not in document


@pytest.fixture(scope="module")
def bank_site(tmp_path_factory):
    """The bank's site, built strictly from the organisation folder alone (no SITE_URL: its file gives it), served on loopback."""
    out = tmp_path_factory.mktemp("bank") / "site"
    env = {k: v for k, v in os.environ.items() if k != "SITE_URL"}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(out)],
        cwd=ROOT,
        env={**env, "PLAYBOOK_ORG": str(BANK), "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr[-4000:]
    port = free_port()
    server = serve_at(out, port)
    yield BuiltSite(f"http://127.0.0.1:{port}/", out, result.stderr, 0.0)
    server.shutdown()


def test_the_bank_site_builds_strictly_as_its_handbook(bank_site):
    out = bank_site.path
    assert not (out / "tools" / "jenkins").exists() and not (out / "tools" / "spinnaker").exists()
    tool_page = (out / "tools" / "northwind-pipelines" / "index.html").read_text()
    assert "Northwind Pipelines" in tool_page
    home = (out / "index.html").read_text()
    assert re.search(r"<title>[^<]*Northwind Bank release handbook[^<]*</title>", home)
    assert '<link rel="canonical" href="https://handbook.northwind-bank.example/"' in home
    assert "jenkins" not in (out / "tools" / "index.html").read_text().lower()
    # Handbook mode: the home page is the organisation's process, first in the nav; no public examples.
    assert re.search(r"<title>Our process - Northwind Bank release handbook</title>", home)
    assert re.search(r"<h1[^>]*>Release process: Northwind Bank", home)
    tabs = re.findall(r'class="md-tabs__link[^"]*"[^>]*>\s*([^<]*?)\s*<', home)
    assert tabs[0] == "Our process" and "Examples" not in tabs, tabs
    # The public examples are out of the navigation (their pages stay, reachable only by a link).
    nav_links = re.findall(r'class="md-(?:nav|tabs)__link[^"]*"[^>]*href="([^"]*)"|href="([^"]*)"[^>]*class="md-(?:nav|tabs)__link', home)
    assert nav_links and not any("examples/" in a or "examples/" in b for a, b in nav_links), nav_links
    assert "GitLab CI" in home and "Northwind Pipelines" in home
    link = re.search(r'href="(wizard/#answers=[^"]+)"', home).group(1)
    sent = json.loads(base64.urlsafe_b64decode(link.split("=", 1)[1] + "=" * (-len(link.split("=", 1)[1]) % 4)))
    assert sent == yaml.safe_load((BANK / "organisation.yml").read_text())["answers"]


def test_the_bank_pages_in_org_docs_are_added_and_replace_upstream_ones(bank_site):
    out = bank_site.path
    # A new page: built, and in the navigation of the home section ("Our process").
    assert "#release-help" in (out / "getting-help" / "index.html").read_text()
    home = (out / "index.html").read_text()
    assert re.search(r'href="getting-help/"[^>]*class="md-nav__link|class="md-nav__link[^"]*"[^>]*href="getting-help/"', home)
    # A replacement: the bank's page at the upstream page's path wins, and its links still resolve.
    windows = (out / "process" / "release-windows" / "index.html").read_text()
    upstream = (ROOT / "docs" / "process" / "release-windows.md").read_text()
    assert "Quarter-end freeze" in windows
    assert re.search(r"^## (.+?) \{", upstream, re.M).group(1) not in windows
    assert 'href="../roles/#release-owner"' in windows


def test_a_page_in_org_docs_that_would_hide_a_generated_page_is_refused(tmp_path):
    org = copy_org(tmp_path)
    (org / "docs" / "tools").mkdir()
    (org / "docs" / "tools" / "gitlab-ci.md").write_text("# Our GitLab\n")
    env = {k: v for k, v in os.environ.items() if k != "SITE_URL"}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(tmp_path / "site")],
        cwd=ROOT,
        env={**env, "PLAYBOOK_ORG": str(org), "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "org/docs/tools/gitlab-ci.md would hide a generated page" in result.stderr, result.stderr[-2000:]


def test_the_bank_name_stands_wherever_the_playbook_named_itself(bank_site):
    out = bank_site.path
    pages = sorted(out.rglob("*.html"))
    assert len(pages) > 50
    named = [p.relative_to(out).as_posix() for p in pages if "Release Playbook" in p.read_text(encoding="utf-8")]
    assert named == []
    bundle = served_bundle(out)
    assert bundle["name"] == "Northwind Bank release handbook"
    document = render(bundle["organisation_answers"], bundle, "2026-12-03")
    assert "*Generated with Northwind Bank release handbook " in document
    with pytest.raises(AnswersError, match="not a Northwind Bank release handbook answers file"):
        render({"format": "something-else"}, bundle, "2026-12-03")
    # The bundle is the bank's, not a cached upstream one.
    assert "jenkins" not in {t["id"] for t in bundle["tools"]}


def test_the_bank_colours_and_logo_are_on_every_page(bank_site):
    out = bank_site.path
    css = (out / "assets" / "organisation.css").read_text()
    assert "--md-primary-fg-color: #1f4e79;" in css and "--md-accent-fg-color: #c8102e;" in css
    assert (out / "assets" / "organisation" / "logo.svg").read_bytes() == (BANK / "logo.svg").read_bytes()
    for page in ("index.html", "tools/index.html", "wizard/index.html"):
        html = (out / page).read_text()
        assert 'data-md-color-primary="custom"' in html and 'data-md-color-accent="custom"' in html
        assert re.search(r'<link rel="stylesheet" href="(\.\./)*assets/organisation\.css', html), page
        assert re.search(r'<img src="(\.\./)*assets/organisation/logo\.svg"', html), page


@pytest.mark.parametrize(
    "colour",
    ["#1f4e79", "#ffd400", "#7fdbff", "#000000", "#ffffff", "#c8102e", "#777777"],
)
def test_a_generated_palette_keeps_text_readable(colour):
    from macros import branding

    css = branding.stylesheet(colour, colour)
    values = dict(re.findall(r"(--md-[\w-]+): (#[0-9a-f]{6})(?:[0-9a-f]{2})?;", css))
    assert branding.contrast(values["--md-primary-bg-color"], colour) >= 4.5
    assert branding.contrast(values["--md-accent-bg-color"], colour) >= 4.5
    light_link, dark_link = re.findall(r"--md-typeset-a-color: (#[0-9a-f]{6});", css)
    assert branding.contrast(light_link, branding.LIGHT_PAGE) >= 4.5 and branding.contrast(light_link, "#ffffff") >= 4.5
    assert branding.contrast(dark_link, branding.DARK_PAGE) >= 4.5
    assert branding.stylesheet("teal", "amber") == ""


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", ["", "tools/ci-cd/", "tools/northwind-pipelines/", "strategies/", "wizard/"])
def test_axe_on_the_bank_pages(browser, bank_site, path, scheme):
    page = browser.new_page(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    page.goto(bank_site.url + path)
    if path == "wizard/":
        # The wizard draws its preview when the rest of its data has arrived (then wide tables are made focusable).
        expect(page.locator('[data-module="rp-wizard"][data-ready="true"]')).to_be_attached()
    settle(page)
    assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).backgroundColor") == "rgb(31, 78, 121)"
    results = Axe().run(page)
    severe = [f"{v['id']}: {[n['target'] for n in v['nodes']][:3]}" for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert severe == []
    page.close()


# -- "Ours" -----------------------------------------------------------------------


def test_the_bank_tools_and_strategies_are_marked_ours_and_the_others_grouped(bank, bank_site):
    chosen = ours(bank)
    assert {"gitlab-ci", "northwind-pipelines", "argo-cd", "argo-rollouts", "hashicorp-vault", "datadog"} <= chosen["tool"]
    assert "github-actions" not in chosen["tool"] and chosen["strategy"]
    out = bank_site.path
    mark = '<span class="rp-ours">ours</span>'
    ci = (out / "tools" / "ci-cd" / "index.html").read_text()
    rows = re.findall(r"<tr>(.*?)</tr>", ci, re.S)
    names = [re.sub(r"<[^>]+>", "", r.split("</td>")[0]).strip() for r in rows[1:]]
    group = names.index("Alternatives we do not use")
    own = {t.name for t in bank.tools_in_category("ci-cd") if t.id in chosen["tool"]}
    assert {n.removesuffix("ours").strip() for n in names[:group]} == own
    assert all(mark in r for r in rows[1 : group + 1]) and not any(mark in r for r in rows[group + 1 :])
    assert "GitHub Actions" in names[group + 1 :]
    index = (out / "strategies" / "index.html").read_text()
    for sid in chosen["strategy"]:
        assert re.search(rf'href="{sid}/"[^>]*>[^<]*</a> {re.escape(mark)}', index), sid
    assert "Alternatives we do not use" in index
    assert ">Ours</p>" in (out / "tools" / "gitlab-ci" / "index.html").read_text()
    assert ">An alternative we do not use</p>" in (out / "tools" / "github-actions" / "index.html").read_text()
    assert (out / "tools" / "index.html").read_text().count(mark) == len(chosen["tool"])
    # A strategy's tools and a gate's enforcing tools: the bank's first, marked.
    canary = (out / "strategies" / "canary" / "index.html").read_text()
    tools_table = canary[canary.index('id="tools-that-implement-it"') :]
    assert tools_table.index(f'href="../../tools/argo-rollouts/">Argo Rollouts</a> {mark}') < tools_table.index("Alternatives we do not use")
    gates = (out / "gates" / "code" / "index.html").read_text()
    enforcing = [t for g in bank.gate_stages[0].gates for t in g.tools if t in chosen["tool"]]
    assert enforcing and gates.count(mark) == len(enforcing)


def test_the_public_playbook_marks_nothing(site):
    for page in ("tools/ci-cd/index.html", "strategies/index.html", "tools/gitlab-ci/index.html", "tools/index.html"):
        html = (site.path / page).read_text()
        assert "rp-ours" not in html and "Alternatives we do not use" not in html and "An alternative we do not use" not in html


def test_alternatives_hide_leaves_the_others_out_of_the_indexes_and_the_nav(tmp_path):
    org = copy_org(tmp_path)
    edit(org / "organisation.yml", "alternatives: group", "alternatives: hide")
    env = {k: v for k, v in os.environ.items() if k != "SITE_URL"}
    out = tmp_path / "site"
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(out)],
        cwd=ROOT,
        env={**env, "PLAYBOOK_ORG": str(org), "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    ci = (out / "tools" / "ci-cd" / "index.html").read_text()
    assert "GitLab CI" in ci and "GitHub Actions" not in ci and "Alternatives we do not use" not in ci
    # The page stays for links that lead to it, out of the navigation.
    assert (out / "tools" / "github-actions" / "index.html").exists()
    nav = ci[ci.index("md-nav--primary") :]
    assert 'href="../github-actions/"' not in nav and 'href="../gitlab-ci/"' in nav


# -- The wizard starts from the organisation's answers -------------------------------


def test_the_bank_wizard_starts_from_its_answers_unless_the_visitor_has_their_own(browser, bank_site):
    context = browser.new_context()
    page = context.new_page()
    page.goto(bank_site.url + "wizard/")
    ready = page.locator('[data-module="rp-wizard"][data-ready="true"]')
    expect(ready).to_be_attached()
    answers = page.evaluate("document.querySelector('[data-module=\"rp-wizard\"]').wizard.answers")
    assert answers["organisation"]["name"] == "Northwind Bank" and answers["organisation"]["industry"] == "financial-services"
    assert answers["picks"]["tools"]["northwind-pipelines"] is True
    markdown = page.evaluate("document.querySelector('[data-module=\"rp-wizard\"]').wizard.markdown")
    assert markdown.startswith("# Release process: Northwind Bank")
    assert "Northwind Pipelines" in markdown and "GitLab CI" in markdown
    # The downloaded answers record what the document says, as the Python engine states it (render --since reads it).
    page.locator(".rp-progress button").last.click()
    with page.expect_download() as info:
        page.get_by_role("button", name=load_catalogue().wizard.text.download_answers).click()
    downloaded = json.loads(Path(info.value.path()).read_text(encoding="utf-8"))
    bundle = served_bundle(bank_site.path)
    assert list(downloaded)[:3] == ["format", "version", "playbook"]
    assert downloaded["playbook"] == playbook_record(normalise_answers(downloaded, bundle), bundle)
    assert downloaded["playbook"]["version"] == bundle["version"] and "northwind-pipelines" in downloaded["playbook"]["tools"]
    # A visitor's own saved answers win over the organisation's.
    own = {"format": "release-playbook-answers", "version": 2, "organisation": {"name": "Team Kestrel", "size": "startup"}}
    page.goto(bank_site.url + "tools/")  # leaving the wizard saves its answers: store the visitor's after that
    page.evaluate("(text) => localStorage.setItem('release-playbook:answers:v1', text)", json.dumps(own))
    page.goto(bank_site.url + "wizard/")
    expect(ready).to_be_attached()
    answers = page.evaluate("document.querySelector('[data-module=\"rp-wizard\"]').wizard.answers")
    assert answers["organisation"]["name"] == "Team Kestrel" and answers["organisation"]["size"] == "startup"
    context.close()


def copy_org(tmp_path: Path) -> Path:
    org = tmp_path / "org"
    shutil.copytree(BANK, org)
    return org


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1))


def line_of(path: Path, text: str) -> int:
    return next(i for i, line in enumerate(path.read_text().splitlines(), 1) if text in line)


@pytest.mark.parametrize(
    "rel, old, new, marker, expected",
    [
        (
            "data/tools/ci-cd.yml",
            "  licence: Proprietary\n",
            "  licence: Proprietary\n  sumary: x\n",
            "sumary",
            r"ci-cd\[\d+\]\.sumary: unknown key 'sumary' \(did you mean 'summary'\?\)",
        ),
        (
            "data/tools/ci-cd.yml",
            "remove: [jenkins, spinnaker]",
            "remove: [jenkins, spinaker]",
            "remove:",
            r"cannot remove tool 'spinaker'.*did you mean 'spinnaker'",
        ),
        (
            "data/profiles.yml",
            "coverage.new-code: 95",
            "coverage.new-code: 150",
            "coverage.new-code",
            r"profiles\[\d+\]\.parameters\.coverage\.new-code: 150 is not a number from 0 to 100",
        ),
        ("data/profiles.yml", "    - gitlab-ci\n", "    - gitlab-ci\n    - jenkins\n", "- jenkins", r"profiles\[\d+\]\.tools\[1\]: unknown tool 'jenkins'"),
        (
            "data/profiles.yml",
            "- id: enterprise\n",
            "- remove: [enterprize]\n- id: enterprise\n",
            "enterprize",
            r"cannot remove 'enterprize'.*did you mean 'enterprise'",
        ),
        (
            "organisation.yml",
            "site_url: https://handbook.northwind-bank.example/",
            "site_url: handbook.example",
            "site_url",
            r"organisation\.site_url: 'handbook\.example' is not valid",
        ),
        (
            "organisation.yml",
            "    stack: microservices\n",
            "    stack: microservice\n",
            "stack: microservice",
            r"organisation\.answers\.organisation\.stack: .*\(organisation\.stack\)",
        ),
        (
            "organisation.yml",
            '  primary: "#1f4e79"',
            '  primary: "#1f4e7"',
            "primary:",
            r"organisation\.colours\.primary: .*'#1f4e7' is neither a Material colour name .* nor a hex colour like #1f4e79",
        ),
        ("organisation.yml", "logo: logo.svg", "logo: logo.png", "logo:", r"organisation\.logo: 'logo\.png' is not a file in org/"),
        (
            "organisation.yml",
            "alternatives: group",
            "alternatives: grouped",
            "alternatives:",
            r"organisation\.alternatives: 'grouped' is not allowed here \(did you mean 'group'\?\)",
        ),
        ("organisation.yml", '  primary: "#1f4e79"', "  primary: [1]", "primary: [1]", r"organisation\.colours\.primary: "),
    ],
    ids=[
        "unknown-key",
        "remove-unknown-tool",
        "bad-parameter",
        "reference-to-removed",
        "remove-unknown-profile",
        "site-url",
        "answers",
        "colour",
        "logo",
        "alternatives",
        "colour-type",
    ],
)
def test_a_problem_in_the_organisation_folder_names_its_file_and_line(tmp_path, rel, old, new, marker, expected):
    org = copy_org(tmp_path)
    edit(org / rel, old, new)
    with pytest.raises(CatalogueError) as info:
        load_catalogue(DATA_DIR, org)
    shown = str(info.value).replace(str(tmp_path) + "/", "")
    where = f"org/{rel}:{line_of(org / rel, marker)}: "
    assert any(line.startswith(where) and re.search(expected, line) for line in shown.splitlines()), shown


def test_the_organisation_schema_describes_the_bank_and_refuses_a_typo():
    import jsonschema

    schema = json.loads((ROOT / "data" / "schemas" / "organisation.schema.json").read_text())
    first = (BANK / "organisation.yml").read_text().splitlines()[0]
    assert first == "# yaml-language-server: $schema=../../../data/schemas/organisation.schema.json"
    bank = yaml.safe_load((BANK / "organisation.yml").read_text())
    jsonschema.validate(bank, schema)
    with pytest.raises(jsonschema.ValidationError, match="'colors' was unexpected"):
        jsonschema.validate({**bank, "colors": {}}, schema)
    with pytest.raises(jsonschema.ValidationError, match="'#1f4e7' does not match"):
        jsonschema.validate({**bank, "colours": {"primary": "#1f4e7"}}, schema)
    jsonschema.validate({**bank, "colours": {"primary": "blue-grey", "accent": "deep-orange"}}, schema)


def test_a_bad_organisation_file_is_refused_by_the_command_line_without_a_traceback(tmp_path):
    org = copy_org(tmp_path)
    edit(org / "organisation.yml", "alternatives: group", "alternatives: [group")
    result = subprocess.run([sys.executable, "-m", "macros", "--org", str(org), "validate"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert re.search(r"org/organisation\.yml:\d+: YAML syntax error", result.stderr), result.stderr


def test_a_file_in_the_organisation_folder_that_nothing_reads_is_reported(tmp_path):
    org = copy_org(tmp_path)
    (org / "data" / "tool").mkdir()
    (org / "data" / "tool" / "ci-cd.yml").write_text("[]\n")
    (org / "organization.yml").write_text("name: x\n")
    with pytest.raises(CatalogueError) as info:
        load_catalogue(DATA_DIR, org)
    shown = str(info.value).replace(str(tmp_path) + "/", "")
    assert "org/data/tool/ci-cd.yml: nothing reads this file" in shown
    assert "org/organization.yml: nothing reads this (did you mean 'organisation.yml'?)" in shown


def test_without_an_organisation_folder_the_catalogue_is_upstream_exactly(tmp_path):
    upstream = load_catalogue()
    assert upstream.organisation is None
    (tmp_path / "org").mkdir()
    (tmp_path / "org" / "organisation.yml").write_text("name: Only A Name\n")
    named = load_catalogue(DATA_DIR, tmp_path / "org")
    assert named.organisation.name == "Only A Name"
    # The same catalogue, named after the organisation.
    assert named.bundle["name"] == "Only A Name"
    assert {**named.bundle, "name": upstream.bundle["name"]} == upstream.bundle


def test_a_fork_with_only_an_organisation_folder_merges_upstream_changes_without_conflict(tmp_path):
    repo = tmp_path / "repo"
    repo.mkdir()
    # Upstream as it is: everything a build reads (the tests are not needed to build).
    for part in ("data", "docs", "macros", "overrides"):
        shutil.copytree(ROOT / part, repo / part, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "mkdocs.yml", repo / "mkdocs.yml")

    def git(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(["git", *args], cwd=repo, env=GIT_ENV, capture_output=True, text=True, check=False)

    assert git("init", "-q", "-b", "upstream").returncode == 0
    git("add", "-A")
    assert git("commit", "-qm", "upstream").returncode == 0
    git("checkout", "-q", "-b", "fork")
    shutil.copytree(BANK, repo / "org")
    git("add", "-A")
    assert git("commit", "-qm", "our organisation").returncode == 0
    git("checkout", "-q", "upstream")
    tools = repo / "data" / "tools" / "ci-cd.yml"
    edit(tools, "  docs_url: https://www.jenkins.io/doc/\n", "  docs_url: https://www.jenkins.io/doc/book/\n")  # a tool the fork removed
    edit(tools, "  docs_url: https://docs.github.com/en/actions\n", "  docs_url: https://docs.github.com/en/actions/get-started\n")
    # A page the fork replaced in org/docs/, and one it did not.
    edit(repo / "docs" / "process" / "release-windows.md", "# Release windows and code freezes\n", "# Release windows and code freezes\n\nUpstream edit.\n")
    edit(repo / "docs" / "process" / "roles.md", "\n## ", "\nUpstream roles edit.\n\n## ")
    git("add", "-A")
    assert git("commit", "-qm", "upstream content change").returncode == 0
    git("checkout", "-q", "fork")
    merged = git("merge", "--no-edit", "upstream")
    assert merged.returncode == 0, merged.stdout + merged.stderr
    assert "CONFLICT" not in merged.stdout
    assert git("diff", "--name-only", "--diff-filter=U").stdout == ""
    cat = load_catalogue(repo / "data", repo / "org")
    assert cat.tool["github-actions"].docs_url == "https://docs.github.com/en/actions/get-started"
    assert "jenkins" not in cat.tool and "northwind-pipelines" in cat.tool
    # The fork's site still builds strictly, from its org/ folder found where a fork keeps it.
    env = {k: v for k, v in os.environ.items() if k not in ("SITE_URL", "PLAYBOOK_ORG", "PLAYBOOK_DATA")}
    out = tmp_path / "site"
    built = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(out)], cwd=repo, env={**env, "NO_MKDOCS_2_WARNING": "1"}, capture_output=True, text=True
    )
    assert built.returncode == 0, built.stderr[-3000:]
    assert "Upstream roles edit." in (out / "process" / "roles" / "index.html").read_text()
    windows = (out / "process" / "release-windows" / "index.html").read_text()
    assert "Quarter-end freeze" in windows and "Upstream edit." not in windows
    assert "get-started" in (out / "tools" / "github-actions" / "index.html").read_text()
    assert re.search(r"<title>Our process - Northwind Bank release handbook</title>", (out / "index.html").read_text())


def test_validate_warns_about_an_organisation_value_another_profile_overrides(tmp_path):
    org = copy_org(tmp_path)
    edit(org / "data" / "profiles.yml", "    coverage.new-code: 95\n", "    coverage.new-code: 95\n    dora.change-failure-rate: 10\n")
    result = subprocess.run([sys.executable, "-m", "macros", "--org", str(org), "validate"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
    assert len(warnings) == 1, result.stderr
    assert "enterprise.parameters.dora.change-failure-rate is overridden by financial-services for Enterprise" in warnings[0]
    assert "+ Financial services" in warnings[0]
    # The bank as shipped edits nothing that has no effect.
    shipped = subprocess.run([sys.executable, "-m", "macros", "--org", str(BANK), "validate"], cwd=ROOT, capture_output=True, text=True)
    assert shipped.returncode == 0 and "warning:" not in shipped.stderr, shipped.stderr


def test_nested_items_merge_by_id_and_mappings_key_by_key(tmp_path):
    org = copy_org(tmp_path)
    (org / "data" / "gates.yml").write_text('- id: code\n  gates:\n    - id: static-analysis\n      threshold: "No new blocker issues (bank rule)"\n')
    (org / "data" / "playbook.yml").write_text("name: Northwind release handbook\n")
    cat = load_catalogue(DATA_DIR, org)
    upstream = load_catalogue()
    assert cat.gate["static-analysis"].threshold == "No new blocker issues (bank rule)"
    assert cat.gate["static-analysis"].name == upstream.gate["static-analysis"].name
    assert [g.id for g in cat.gate_stages[0].gates] == [g.id for g in upstream.gate_stages[0].gates]
    assert cat.playbook.name == "Northwind release handbook" and cat.playbook.guides == upstream.playbook.guides
    edit(org / "data" / "gates.yml", "      threshold:", "      treshold:")
    with pytest.raises(CatalogueError) as info:
        load_catalogue(DATA_DIR, org)
    shown = str(info.value).replace(str(tmp_path) + "/", "")
    assert "org/data/gates.yml:4: gates[0].gates[0].treshold: unknown key 'treshold' (did you mean 'threshold'?)" in shown, shown


# -- What changed since version X ---------------------------------------------------------


def since(answers: dict, tmp_path: Path, *extra: str) -> subprocess.CompletedProcess:
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(answers), encoding="utf-8")
    return subprocess.run([sys.executable, "-m", "macros", *extra, "render", "--since", str(path)], cwd=ROOT, capture_output=True, text=True)


BANK_ANSWERS = yaml.safe_load((BANK / "organisation.yml").read_text())["answers"]


def test_since_lists_what_the_organisations_data_changes_in_a_document_recorded_upstream(tmp_path):
    # The bank's answers, downloaded from the public playbook (which records what the document said)...
    upstream = load_catalogue().bundle
    answers = {k: v for k, v in BANK_ANSWERS.items() if k != "picks"} | {"picks": {"tools": {"gitlab-ci": True}}}
    answers["playbook"] = playbook_record(normalise_answers(answers, upstream), upstream)
    assert answers["playbook"]["parameters"]["coverage.new-code"] != 95
    # ...then read by the bank's handbook: its threshold and its tool lists changed.
    result = since(answers, tmp_path, "--org", str(BANK))
    assert result.returncode == 0, result.stderr
    report = result.stdout
    before = upstream["parameters"]["items"]
    label = next(p["label"] for p in before if p["id"] == "coverage.new-code")
    old = answers["playbook"]["parameters"]["coverage.new-code"]
    assert f"- **{label}** (`coverage.new-code`): {old}% → 95%." in report
    bank_now = playbook_record(normalise_answers(answers, load_catalogue(DATA_DIR, BANK).bundle), load_catalogue(DATA_DIR, BANK).bundle)
    for tool in set(bank_now["tools"]) - set(answers["playbook"]["tools"]):
        assert f"(`{tool}`) is now chosen." in report, tool
    for tool in set(answers["playbook"]["tools"]) - set(bank_now["tools"]):
        assert f"(`{tool}`) is no longer chosen" in report, tool
    changed = [line for line in report.splitlines() if line.startswith("- **")]
    expected = (
        len(set(bank_now["tools"]) ^ set(answers["playbook"]["tools"]))
        + len(
            {
                k
                for k in {*bank_now["parameters"], *answers["playbook"]["parameters"]}
                if bank_now["parameters"].get(k) != answers["playbook"]["parameters"].get(k)
            }
        )
        + len(set(bank_now["strategies"]) ^ set(answers["playbook"]["strategies"]))
    )
    assert len(changed) == expected, report


def test_since_names_what_an_older_version_chose_that_is_gone_and_the_changelog_since(tmp_path):
    bundle = load_catalogue().bundle
    answers = {"format": "release-playbook-answers", "version": 2, "organisation": {"size": "startup", "industry": "saas", "stack": "serverless"}}
    record = playbook_record(normalise_answers(answers, bundle), bundle)
    changelog = (ROOT / "CHANGELOG.md").read_text()
    released = re.findall(r"^## \[(\d+\.\d+\.\d+)\] - ", changelog, re.M)
    # The same version: nothing changed in the document; only unreleased changes are listed.
    report = since({**answers, "playbook": record}, tmp_path).stdout
    assert "Nothing: the same strategies, tools and numbers" in report
    assert "### Unreleased" in report and f"### {released[0]} (" not in report
    # An older version that chose a tool this version no longer has, and stated another threshold.
    old = {**record, "version": "0.9.0", "tools": [*record["tools"], "a-retired-tool"], "parameters": {**record["parameters"], "approvals.production": 7}}
    result = since({**answers, "playbook": old}, tmp_path)
    assert result.returncode == 0, result.stderr
    assert "- **Tools**: a-retired-tool (`a-retired-tool`) is no longer chosen: it is no longer in the playbook." in result.stdout
    assert re.search(r"\(`approvals\.production`\): 7\b.* → ", result.stdout), result.stdout
    for version in released:
        assert f"### {version} (" in result.stdout
    assert "Nothing: the same" not in result.stdout


@pytest.mark.parametrize(
    "record, message",
    [
        (None, 'does not say which playbook version wrote it (no "playbook" record'),
        ({"version": "latest"}, '"playbook" must be the record the wizard writes, with "version" like "2.0.0"'),
        ({"version": "2.0.0", "tools": "argo-cd"}, '"playbook.tools" must be a list of ids'),
    ],
    ids=["no-record", "bad-version", "bad-list"],
)
def test_since_refuses_an_answers_file_it_cannot_compare_with_a_message(tmp_path, record, message):
    answers = {"format": "release-playbook-answers", "version": 2} | ({"playbook": record} if record else {})
    result = since(answers, tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.stderr and result.stdout == ""
    assert message in result.stderr, result.stderr


def test_changelog_sections_since_a_version():
    from macros.since import changelog_since

    text = "# Changelog\n\n## [Unreleased]\n\n### Added\n\n- c\n\n## [1.10.0] - 2026-02-01\n\n- b\n\n## [1.9.0] - 2026-01-01\n\n- a\n\n[1.9.0]: https://example.com/1.9.0\n"
    assert [s["name"] for s in changelog_since(text, "1.9.0")] == ["Unreleased", "1.10.0"]
    assert [s["name"] for s in changelog_since(text, "1.2")] == ["Unreleased", "1.10.0", "1.9.0"]
    assert changelog_since(text, "1.9.0")[0]["body"] == "#### Added\n\n- c"
    assert changelog_since(text, "0.1.0")[2]["body"] == "- a"


# -- The "Fork this handbook" page ------------------------------------------------------------

FORK_PAGE = ROOT / "docs" / "fork.md"


def test_the_fork_page_sample_is_a_valid_organisation_folder(tmp_path):
    text = FORK_PAGE.read_text()
    sample = re.search(r'```yaml title="org/organisation.yml"\n(.*?)```', text, re.S).group(1)
    org = tmp_path / "org"
    org.mkdir()
    (org / "organisation.yml").write_text(sample)
    (org / "logo.svg").write_bytes((BANK / "logo.svg").read_bytes())
    cat = load_catalogue(DATA_DIR, org)
    assert cat.organisation.name == "Northwind Bank" and cat.organisation.colours.primary == "#1f4e79"
    assert render(cat.organisation.answers, cat.bundle, "2026-12-03").startswith("# Release process: Northwind Bank")


def test_every_command_and_file_the_fork_page_names_exists():
    text = FORK_PAGE.read_text()
    tasks = set(re.search(r"^\s*(\S+)\) \"cmd_\$task\"", (ROOT / "dev").read_text(), re.M).group(1).split("|"))
    commands = [line.split("#")[0].strip() for block in re.findall(r"```sh\n(.*?)```", text, re.S) for line in block.splitlines()]
    dev = [c for c in commands if "./dev " in c]
    assert len(dev) >= 5
    for command in dev:
        task = command.split("./dev ", 1)[1].split()[0]
        assert task in tasks, command
    help_text = subprocess.run([sys.executable, "-m", "macros", "render", "--help"], cwd=ROOT, capture_output=True, text=True).stdout
    assert "--since" in help_text
    for path in re.findall(r"`((?:\.github|\.gitlab-ci|tests/fixtures|requirements|CHANGELOG)[^`]*)`", text):
        assert (ROOT / path).exists(), path
    for replaced in re.findall(r"`org/docs/([\w/.-]+\.md)`", text):
        assert (ROOT / "docs" / replaced).exists(), replaced


def test_an_organisation_without_answers_keeps_the_public_playbook_under_its_own_name(tmp_path):
    org = tmp_path / "org"
    org.mkdir()
    (org / "organisation.yml").write_text("name: Only A Name\n")
    env = {k: v for k, v in os.environ.items() if k != "PLAYBOOK_ORG"}
    out = tmp_path / "site"
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(out)],
        cwd=ROOT,
        env={**env, "PLAYBOOK_ORG": str(org), "SITE_URL": "http://127.0.0.1:8000/", "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    home = (out / "index.html").read_text()
    assert re.search(r"<h1[^>]*>Only A Name<", home) and re.search(r"<title>Only A Name( - Only A Name)?</title>", home)
    assert [p.name for p in out.rglob("*.html") if "Release Playbook" in p.read_text(encoding="utf-8")] == []
    # Not a handbook: nothing is marked ours, the public examples stay in the navigation.
    assert "rp-ours" not in (out / "tools" / "ci-cd" / "index.html").read_text()
    assert 'href="examples/"' in home
