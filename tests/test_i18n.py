"""Languages: the Spanish build (PLAYBOOK_LANG=es) passes strict and axe, says lang="es", leaves no
English interface string in the wizard or in the document's headings, marks the catalogue's English
text lang="en"; a translation that drifts from the English files is refused at its file and line."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from conftest import ROOT, free_port, serve_at
from playwright.sync_api import Page, expect
from site_pages import settle

from macros.catalogue import DATA_DIR, load_catalogue
from macros.errors import CatalogueError
from macros.i18n import ENGLISH, check_all, check_nav, english_anchors, english_pages, headings, language_of, page_problems, read_translation, translated

LANG = "es"
ENGLISH_CAT = load_catalogue()
SPANISH_CAT = translated(ENGLISH_CAT, LANG)
TOOL = ENGLISH_CAT.tools[0].id
PAGES = {"home": "", "wizard": "wizard/", "tool": f"tools/{TOOL}/"}
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
ENV.pop("PLAYBOOK_LANG", None)


# ---------------------------------------------------------------------------
# What counts as an English interface string: every text the translation changed
# ---------------------------------------------------------------------------


def _pairs(en, es, out: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """(English, Spanish) for every string at the same place of the two data trees."""
    if isinstance(en, dict):
        for key in en:
            _pairs(en[key], es.get(key) if isinstance(es, dict) else None, out)
    elif isinstance(en, list) and isinstance(es, list):
        for a, b in zip(en, es, strict=False):
            _pairs(a, b, out)
    elif isinstance(en, str) and isinstance(es, str):
        out.append((en, es))
    return out


def translated_strings(*fields: str) -> list[str]:
    """The English texts of these catalogue fields that the Spanish translation replaces (a text that
    is the same in both languages, such as "Pipeline" or "{n}%", is not a leftover)."""
    out: list[tuple[str, str]] = []
    for name in fields:
        _pairs(getattr(ENGLISH_CAT, name).model_dump(mode="json"), getattr(SPANISH_CAT, name).model_dump(mode="json"), out)
    return sorted({en for en, es in out if en != es})


def fragments(text: str) -> list[str]:
    """The literal pieces of an interface string (values in braces are filled in at run time)."""
    pieces = (p.strip(" .:;,") for p in re.split(r"\{[^}]*\}", text))
    pieces = (p[1:-1] if p.startswith("(") and p.endswith(")") else p.strip("()") if p.count("(") != p.count(")") else p for p in pieces)
    return [p for p in pieces if len(p) >= 4 and re.search(r"[A-Za-z]{3}", p)]


def leftovers(text: str, strings: list[str]) -> list[str]:
    """English strings (or their literal pieces) found as whole words in `text`."""
    found = []
    for s in strings:
        for piece in fragments(s):
            if re.search(r"(?<![\w-])" + re.escape(piece) + r"(?![\w-])", text):
                found.append(piece)
    return sorted(set(found))


def test_the_english_strings_list_is_not_empty():
    """The comparisons below mean something: the translation replaces the wizard's and the document's words."""
    assert len(translated_strings("wizard")) > 80
    assert len(translated_strings("document")) > 150
    assert "Download answers (JSON)" in translated_strings("wizard")
    assert leftovers("Press Back to go on", ["Back"]) == ["Back"]
    assert leftovers("Retroceder", ["Back"]) == []


# ---------------------------------------------------------------------------
# The Spanish site, built strictly and served
# ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def es_site(tmp_path_factory):
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    out = tmp_path_factory.mktemp("site-es")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(out)],
        cwd=ROOT,
        env={**ENV, "SITE_URL": url, "PLAYBOOK_LANG": LANG},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr[-4000:]
    server = serve_at(out, port)
    yield url, out
    server.shutdown()


@pytest.mark.parametrize("kind", PAGES)
def test_every_page_says_it_is_spanish(es_site, kind):
    _, out = es_site
    html = (out / PAGES[kind] / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<html lang="es"', html)


def test_the_site_words_and_navigation_are_spanish(es_site):
    _, out = es_site
    html = (out / "index.html").read_text(encoding="utf-8")
    pages = read_translation(ENGLISH_CAT, LANG).pages
    assert pages["nav"]["Strategies"] in html and ">Strategies<" not in html
    assert pages["site"]["dark_mode"] in html and "Switch to dark mode" not in html
    assert f"{pages['site']['version']} {ENGLISH_CAT.playbook.version}" in html


def test_catalogue_text_is_marked_english_on_a_tool_page(es_site):
    _, out = es_site
    html = (out / PAGES["tool"] / "index.html").read_text(encoding="utf-8")
    summary = ENGLISH_CAT.tools[0].summary.split()[0]
    assert re.search(r'<div lang="en">\s*<p>' + re.escape(summary), html), "the tool's summary is not marked lang=en"
    assert read_translation(ENGLISH_CAT, LANG).pages["tool"]["strengths"] in html


def test_the_english_build_marks_nothing(site):
    html = (site.path / PAGES["tool"] / "index.html").read_text(encoding="utf-8")
    assert 'lang="en"' not in html.replace('<html lang="en"', "")


def open_wizard(page: Page, url: str) -> Page:
    page.goto(url + PAGES["wizard"])
    expect(page.locator('[data-module="rp-wizard"][data-ready="true"]')).to_be_attached()
    return settle(page)


# The wizard's own words: the form, the buttons and notices, the page around it (header, navigation,
# footer); the text the catalogue gives (marked lang="en") and the document preview (checked by heading
# below) are left out.
WIZARD_TEXT = """() => {
  const article = document.body.cloneNode(true);
  for (const node of article.querySelectorAll('[lang="en"], .rp-preview, script')) node.remove();
  // Each text node and each accessible name on its own line, hidden steps included.
  const out = [];
  const walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) out.push(walker.currentNode.data);
  for (const node of article.querySelectorAll("[aria-label], [title], [placeholder]")) {
    out.push(node.getAttribute("aria-label") || "", node.getAttribute("title") || "", node.getAttribute("placeholder") || "");
  }
  return out.join("\\n");
}"""


def test_no_english_interface_string_is_left_in_the_wizard(browser, es_site):
    url, _ = es_site
    page = open_wizard(browser.new_page(), url)
    text = page.evaluate(WIZARD_TEXT)
    site_words = [en for en, es in _pairs(english_pages(DATA_DIR)["site"], read_translation(ENGLISH_CAT, LANG).pages["site"], []) if en != es]
    strings = translated_strings("wizard", "parameters", "dora") + list(ENGLISH_CAT.document.labels.dimension_names.model_dump().values()) + site_words
    assert "Permanent link" in site_words
    assert "Siguiente" in text
    assert leftovers(text, strings) == []
    # The last step loads the starter kit's panel, with words of its own.
    page.locator(".rp-progress button").last.click()
    expect(page.locator("[data-kit]")).to_be_attached()
    text = page.evaluate(WIZARD_TEXT)
    assert read_translation(ENGLISH_CAT, LANG).fields["kit"].wizard.download in text
    assert leftovers(text, strings + translated_strings("kit")) == []
    # Catalogue text is there, marked as English for screen readers.
    tool = ENGLISH_CAT.tools[0]
    assert page.locator(f'.rp-choice-summary[lang="en"]:text-is("{tool.summary}")').count() == 1
    page.close()


def test_the_same_check_finds_the_english_wizard(browser, site):
    """The leftover check above can fail: on the English site it finds the wizard's words."""
    page = open_wizard(browser.new_page(), site.url)
    found = leftovers(page.evaluate(WIZARD_TEXT), translated_strings("wizard"))
    assert {"Next", "Download answers (JSON)", "Your organisation"} <= set(found)
    page.close()


def test_the_wizard_preview_headings_are_spanish(browser, es_site):
    url, _ = es_site
    page = open_wizard(browser.new_page(), url)
    shown = page.locator(".rp-preview").locator("h1, h2, h3, h4").all_inner_texts()
    assert shown, "the preview has no headings"
    english = english_headings()
    assert [h for h in shown if h.strip() in english] == []
    page.close()


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("kind", PAGES)
def test_axe_on_spanish_pages(browser, es_site, kind, width):
    url, _ = es_site
    page: Page = browser.new_page(viewport={"width": width, "height": 900})
    if kind == "wizard":
        open_wizard(page, url)
    else:
        page.goto(url + PAGES[kind])
        settle(page)
    results = Axe().run(page)
    severe = [f"{v['id']}: {[n['target'] for n in v['nodes']][:3]}" for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert severe == []
    page.close()


# ---------------------------------------------------------------------------
# The Spanish document, from the command line
# ---------------------------------------------------------------------------

ANSWERS = {
    "format": "release-playbook-answers",
    "version": 2,
    "organisation": {"name": "Banco del Norte", "size": "enterprise", "industry": "financial-services", "situation": "existing-organizations"},
    "strategies": [s.id for s in ENGLISH_CAT.strategies],
    "tools": ["github-actions", "argo-cd", "flux", "argo-rollouts", "terraform", "ansible", "helm"],
}


def english_headings() -> set[str]:
    """Every heading the English document template can write (section titles and Markdown headings)."""
    doc = ENGLISH_CAT.document
    spanish = SPANISH_CAT.document
    out = {doc.still_to_decide.title, doc.review.title}
    for section in doc.sections:
        out.add(section.title)
        for part in section.parts:
            out.update(re.findall(r"^#{1,6} (.+)$", re.sub(r"^```.*?^```", "", part.text or "", flags=re.M | re.S), re.M))
    same = {s.title for s in spanish.sections} & out  # "4.1 Argo CD" is the same in both languages
    return out - same


def render(*args: str, tmp_path: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps(ANSWERS), encoding="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "macros", "render", str(answers), "--date", "2026-11-28", *args],
        cwd=ROOT,
        env={**ENV, **(env or {})},
        capture_output=True,
        text=True,
    )


def test_the_spanish_document_renders_with_spanish_headings(tmp_path):
    result = render("--lang", LANG, tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    found = re.findall(r"^#{1,6} (.+)$", re.sub(r"^```.*?^```", "", result.stdout, flags=re.M | re.S), re.M)
    assert found[0] == SPANISH_CAT.document.title.replace("{organisation}", "Banco del Norte")
    assert len(found) > 60
    english = english_headings()
    assert [h for h in found if h in english] == []
    # Every section the answers bring in is there, under its Spanish title.
    assert {s.title for s in SPANISH_CAT.document.sections if s.id in ("canary-releases", "argo-cd", "flux")} <= set(found)


def test_the_language_comes_from_the_environment_too(tmp_path):
    by_option = render("--lang", LANG, tmp_path=tmp_path)
    by_env = render(tmp_path=tmp_path, env={"PLAYBOOK_LANG": LANG})
    assert by_env.returncode == 0 and by_env.stdout == by_option.stdout
    english = render(tmp_path=tmp_path)
    assert english.stdout.startswith("# Release process: Banco del Norte")


def test_an_unknown_language_is_refused_with_a_message(tmp_path):
    result = render("--lang", "fr", tmp_path=tmp_path)
    assert result.returncode == 1
    assert "no translation for 'fr'" in result.stderr and "data/i18n/fr/" in result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""


def test_the_organisation_file_chooses_the_language(tmp_path):
    org = tmp_path / "org"
    org.mkdir()
    (org / "organisation.yml").write_text("name: Banco del Norte\nlanguage: es\n", encoding="utf-8")
    cat = load_catalogue(DATA_DIR, org)
    assert language_of(cat, {}) == LANG
    assert translated(cat, language_of(cat, {})).document.title == SPANISH_CAT.document.title
    # The environment wins, as SITE_URL does over the organisation's address.
    assert language_of(cat, {"PLAYBOOK_LANG": ENGLISH}) == ENGLISH


def test_a_handbook_in_spanish_builds_strictly(tmp_path):
    """An organisation that says `language: es` gets its handbook in Spanish: its process as the home page
    (whose headings keep the ids the hand-written pages link to), the navigation and the theme."""
    org = tmp_path / "org"
    shutil.copytree(ROOT / "tests" / "fixtures" / "org-bank", org)
    path = org / "organisation.yml"
    text = path.read_text(encoding="utf-8")
    assert "\nlanguage: en\n" in text
    path.write_text(text.replace("\nlanguage: en\n", "\nlanguage: es\n"), encoding="utf-8")
    out = tmp_path / "site"
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(out)],
        cwd=ROOT,
        env={**ENV, "PLAYBOOK_ORG": str(org)},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr[-4000:]
    home = (out / "index.html").read_text(encoding="utf-8")
    name = load_catalogue(DATA_DIR, org).organisation.name
    assert '<html lang="es"' in home
    assert SPANISH_CAT.document.title.replace("{organisation}", name) in home
    assert read_translation(ENGLISH_CAT, LANG).pages["nav"]["Our process"] in home
    assert re.search(r'<h3 id="how-a-change-reaches-production">[^<]*producción', home)


# ---------------------------------------------------------------------------
# A translation cannot drift silently: each problem at its file and line
# ---------------------------------------------------------------------------


@pytest.fixture
def data(tmp_path):
    """A copy of the catalogue whose translation a test may break."""
    copy = tmp_path / "data"
    shutil.copytree(DATA_DIR, copy, ignore=shutil.ignore_patterns("examples", "kit", "schemas"))
    shutil.copytree(DATA_DIR / "examples", copy / "examples")
    shutil.copytree(DATA_DIR / "kit", copy / "kit")
    return copy


def problems_after(data: Path, rel: str, old: str, new: str) -> str:
    path = data / "i18n" / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(CatalogueError) as exc:
        check_all(load_catalogue(data))
    return str(exc.value)


def line_of(data: Path, rel: str, needle: str) -> int:
    lines = (data / "i18n" / rel).read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if needle in line)


def test_the_shipped_translation_is_complete():
    assert check_all(ENGLISH_CAT, ROOT / "docs") == [ENGLISH, LANG]


def test_a_key_the_english_file_lacks_is_reported_at_its_line(data):
    message = problems_after(data, "es/wizard.yml", "  back: Atrás\n", "  back: Atrás\n  bakc: Atrás\n")
    line = line_of(data, "es/wizard.yml", "bakc:")
    assert f"i18n/es/wizard.yml:{line}: wizard.text.bakc: unknown key 'bakc'" in message
    assert "did you mean 'back'?" in message


def test_an_unknown_section_id_is_reported(data):
    message = problems_after(data, "es/document.yml", "  - id: observability\n", "  - id: observabilty\n")
    line = line_of(data, "es/document.yml", "id: observabilty")
    assert f"i18n/es/document.yml:{line}:" in message and "no entry with id 'observabilty'" in message


def test_a_missing_heading_is_reported(data):
    message = problems_after(data, "es/document.yml", "    title: 5. Observabilidad\n", "")
    line = line_of(data, "es/document.yml", "- id: observability")  # the section that lacks it
    assert f"i18n/es/document.yml:{line}: document.sections.observability.title: misses the heading '5. Observability'" in message


def test_a_heading_at_another_level_is_reported(data):
    message = problems_after(data, "es/document.yml", "          ### Nuestras cifras\n", "          #### Nuestras cifras\n")
    line = line_of(data, "es/document.yml", "#### Nuestras cifras") - 1  # the part's `- text: |`
    assert f"i18n/es/document.yml:{line}:" in message and "its headings differ from the English text's (###; here ####)" in message


def test_a_lost_placeholder_or_value_is_reported(data):
    message = problems_after(data, "es/document.yml", "[RELEASE_VERSION]", "[RELEASE_VERSON]")
    assert re.search(r"the placeholders differ from the English text: it has [^;]*\[RELEASE_VERSION\][^;]*, this has [^;]*\[RELEASE_VERSON\]", message)
    assert "misses the heading" not in message  # the part is there, only wrong
    message = problems_after(data, "es/wizard.yml", 'step_status: "Paso {n} de {total}: {title}"', 'step_status: "Paso {n} de {totl}: {title}"')
    assert "the values in braces differ" in message


def test_an_id_cannot_be_translated(data):
    message = problems_after(data, "es/document.yml", "      - block: profile\n", "      - block: perfil\n")
    assert "'block' is an id or a name the programs read, not text: keep 'profile'" in message


def test_a_translated_page_with_other_headings_is_reported(data, tmp_path):
    page = data / "i18n" / "es" / "docs" / "start.md"
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("## Medir DORA { #measure-dora }", "### Medir DORA { #measure-dora }"), encoding="utf-8")
    line = next(n for n, found in enumerate(page.read_text(encoding="utf-8").splitlines(), 1) if found.startswith("### Medir DORA"))
    with pytest.raises(CatalogueError) as exc:
        check_all(load_catalogue(data), ROOT / "docs")
    assert f"i18n/es/docs/start.md:{line}: its headings differ from docs/start.md (# ## ## ## ## ## ## ##; here # ## ## ## ### ## ## ##)" in str(exc.value)


def test_a_file_nothing_reads_is_reported(data):
    (data / "i18n" / "es" / "strategies.yml").write_text("- id: canary\n  name: Canario\n", encoding="utf-8")
    with pytest.raises(CatalogueError) as exc:
        check_all(load_catalogue(data))
    assert "i18n/es/strategies.yml: nothing reads this file" in str(exc.value)


@pytest.mark.parametrize("value", ["[a, b]", "{a: b}", "12", "~", "true"])
@pytest.mark.parametrize(
    ("rel", "line"), [("es/wizard.yml", "  next: Siguiente"), ("es/pages.yml", "  docs: Documentación oficial"), ("en/pages.yml", "  docs: Official docs")]
)
def test_a_value_of_another_kind_is_a_located_error(data, rel, line, value):
    key = line.split(":")[0]
    message = problems_after(data, rel, line + "\n", f"{key}: {value}\n")
    # An English word turned into a mapping is what the translation no longer matches.
    where = "es/pages.yml" if rel == "en/pages.yml" and value == "{a: b}" else rel
    assert re.search(rf"i18n/{re.escape(where)}:{line_of(data, where, key + ':')}: ", message), message
    assert "Traceback" not in message


def test_validate_reports_translations_and_their_languages(data):
    result = subprocess.run([sys.executable, "-m", "macros", "--data", str(data), "validate"], cwd=ROOT, env=ENV, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "languages: en, es" in result.stdout
    path = data / "i18n" / "es" / "pages.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("  next:", "  nxt:").replace("  docs: Documentación", "  dcs: Documentación"), encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "macros", "--data", str(data), "validate"], cwd=ROOT, env=ENV, capture_output=True, text=True)
    assert result.returncode == 1
    assert re.search(r"i18n/es/pages.yml:\d+: pages.tool.dcs: unknown key 'dcs'", result.stderr), result.stderr


def test_every_navigation_title_needs_a_translation():
    nav = [{"Home": ["index.md", {"Start here": "start.md"}]}, {"Tools": ["tools/index.md"]}]
    problems = check_nav(nav, {"Home": "Inicio", "Tools": "Herramientas", "Toolz": "x"}, "data/i18n/es/pages.yml")
    assert problems == [
        "data/i18n/es/pages.yml: nav: no translation for the navigation title 'Start here'; add `Start here: ...` under `nav:`",
        "data/i18n/es/pages.yml: nav: 'Toolz' is not a navigation title of mkdocs.yml (did you mean 'Tools'?); remove it",
    ]


def test_translated_headings_keep_their_english_ids_on_the_site():
    english = {"sections": [{"parts": [{"text": "### How we release\n\n```text\n# not a heading\n```\n#### Who does what\n"}]}]}
    nodes = [{"type": "markdown", "section": 0, "part": 0, "text": "### Cómo lanzamos\n\n```text\n# no es un título\n```\n#### Quién hace qué"}]
    assert english_anchors(nodes, english)[0]["text"] == (
        "### Cómo lanzamos { #how-we-release }\n\n```text\n# no es un título\n```\n#### Quién hace qué { #who-does-what }"
    )


def test_validate_refuses_a_language_without_translation(tmp_path):
    org = tmp_path / "org"
    org.mkdir()
    (org / "organisation.yml").write_text("name: Banque du Nord\nlanguage: fr\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "macros", "--org", str(org), "validate"], cwd=ROOT, env=ENV, capture_output=True, text=True)
    assert result.returncode == 1
    assert "no translation for 'fr'" in result.stderr and "Traceback" not in result.stderr


def test_headings_inside_code_fences_do_not_count():
    assert headings("### A\n\n```text\n# not a heading\n```\n#### B\n") == ["###", "####"]


def test_a_translated_page_keeps_the_attributes_that_wire_it_to_scripts():
    """The Spanish wizard page once kept an old data-bundle address and never loaded: caught here."""
    english = (ROOT / "docs" / "wizard.md").read_text(encoding="utf-8")
    spanish = (DATA_DIR / "i18n" / "es" / "docs" / "wizard.md").read_text(encoding="utf-8")
    assert page_problems(english, spanish, "data/i18n/es/docs/wizard.md", "wizard.md") == []
    stale = spanish.replace("bundle-first.json", "bundle.json")
    problems = page_problems(english, stale, "data/i18n/es/docs/wizard.md", "wizard.md")
    expected = 'docs/wizard.md has data-bundle="../assets/wizard/bundle-first.json" and this translation does not: copy it as it is'
    assert [p.message for p in problems] == [expected]
