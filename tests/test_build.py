"""A strict build of the real catalogue: one page per item, every link resolves, nothing third-party."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

from conftest import build_site

from macros.catalogue import load_catalogue
from macros.pages import anchor, generated_pages

CATALOGUE = load_catalogue()
MINI = Path(__file__).parent / "fixtures" / "mini"


class Links(HTMLParser):
    """Collects ids, links and resource URLs of one HTML page."""

    def __init__(self):
        super().__init__()
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.resources: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        for key in ("src", "srcset"):
            if a.get(key):
                self.resources.append(a[key])
        if tag == "link" and a.get("href") and a.get("rel") not in ("canonical", "alternate"):
            self.resources.append(a["href"])


def parse(path: Path) -> Links:
    parser = Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def html_of(site, src_uri: str) -> Path:
    stem = src_uri.removesuffix(".md")
    stem = stem.removesuffix("index").rstrip("/")
    return site.path / stem / "index.html" if stem else site.path / "index.html"


def test_strict_build_has_no_warnings(site):
    assert "WARNING" not in site.log, site.log
    print(f"strict build: {site.seconds:.1f} s, {len(list(site.path.rglob('*.html')))} HTML pages")


def test_every_catalogue_item_has_exactly_one_page(site):
    pages = generated_pages(CATALOGUE)
    uris = [p.src_uri for p in pages]
    assert len(uris) == len(set(uris))
    for page in pages:
        assert html_of(site, page.src_uri).is_file(), page.src_uri
    expected = (
        len(CATALOGUE.strategies)
        + len(CATALOGUE.tools)
        + len(CATALOGUE.categories)
        + len(CATALOGUE.profiles)
        + len(CATALOGUE.gate_stages)
        + len(CATALOGUE.phases)
        + len(CATALOGUE.presets)
        + 6
    )
    assert len(pages) == expected
    tool_pages = [p for p in (site.path / "tools").glob("*/index.html") if p.parent.name not in CATALOGUE.category]
    assert len(tool_pages) == len(CATALOGUE.tools)


def test_every_placeholder_and_gate_has_an_entry(site):
    for phase in CATALOGUE.phases:
        ids = parse(site.path / "placeholders" / phase.id / "index.html").ids
        for ph in phase.placeholders:
            assert anchor(ph.id) in ids, ph.id
    for stage in CATALOGUE.gate_stages:
        ids = parse(site.path / "gates" / stage.id / "index.html").ids
        assert {anchor(g.id) for g in stage.gates} <= ids


def test_every_internal_link_resolves(site):
    pages = {p: parse(p) for p in site.path.rglob("*.html")}
    broken = []
    for page, parsed in pages.items():
        base = "/" + page.relative_to(site.path).as_posix()
        for href in parsed.links:
            # Documents rendered on the site link to its pages by the site's address.
            href = "/" + href[len(site.url) :] if href.startswith(site.url) else href
            url = urlparse(urljoin(base, href))
            if url.scheme or url.netloc or href.startswith("mailto:"):
                continue
            target = site.path / unquote(url.path).lstrip("/")
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file():
                broken.append(f"{base} -> {href}")
            # `#answers=...` carries wizard answers, not an anchor.
            elif url.fragment and not url.fragment.startswith("answers=") and target.suffix == ".html" and url.fragment not in pages[target].ids:
                broken.append(f"{base} -> {href} (no such anchor)")
    assert broken == []


def test_document_sections_link_to_the_site_pages_that_say_more(site):
    """Each section with `see:` pages links to them, by the site's address, in the documents shown on the site
    (test_every_internal_link_resolves checks that the pages and anchors exist)."""
    preset = CATALOGUE.presets[0]
    links = parse(html_of(site, f"examples/{preset.id}.md")).links
    shown = [s for s in CATALOGUE.document.sections if s.see and s.id in {"roles-and-responsibilities", "severity-levels", "rollback-and-recovery"}]
    assert len(shown) == 3
    for section in shown:
        for see in section.see:
            path, _, fragment = see.page.partition("#")
            expected = site.url + path.removesuffix(".md").removesuffix("index") + ("/" if not path.endswith("index.md") else "")
            assert expected + ("#" + fragment if fragment else "") in links, (section.id, see.page)


def test_links_go_both_ways(site):
    """A tool page links to its strategies and profiles, and those pages link back."""
    tool = CATALOGUE.tool["argo-rollouts"]
    links = parse(html_of(site, "tools/argo-rollouts.md")).links
    assert any("strategies/canary/" in h for h in links)
    assert "canary" in tool.strategies
    back = parse(html_of(site, "strategies/canary.md")).links
    assert any(h.rstrip("/").endswith("tools/argo-rollouts") for h in back)
    for profile in CATALOGUE.profiles_recommending_tool(tool.id):
        assert any(h.rstrip("/").endswith(f"tools/{tool.id}") for h in parse(html_of(site, f"profiles/{profile.id}.md")).links)


def test_no_third_party_resources(site):
    offenders = []
    for page in site.path.rglob("*.html"):
        for res in parse(page).resources:
            if urlparse(res).netloc and not res.startswith(site.url):
                offenders.append(f"{page.relative_to(site.path)}: {res}")
    for css in site.path.rglob("*.css"):
        for res in re.findall(r"url\((['\"]?)(https?:)?//[^)]*\)", css.read_text(encoding="utf-8")):
            offenders.append(f"{css.name}: {res}")
    assert offenders == []


def test_configuration_samples_are_included_verbatim(site):
    tool = next(t for t in CATALOGUE.tools if t.example)
    sample = (CATALOGUE.data_dir / "examples" / tool.example.file).read_text(encoding="utf-8")
    text = re.sub(r"<[^>]+>", "", html_of(site, f"tools/{tool.id}.md").read_text(encoding="utf-8"))
    first_line = next(line for line in sample.splitlines() if line.strip() and "<" not in line and "&" not in line)
    assert first_line.strip() in text


def test_data_text_cannot_inject_markup(tmp_path):
    data = tmp_path / "data"
    import shutil

    shutil.copytree(MINI, data)
    tools = data / "tools" / "progressive-delivery.yml"
    tools.write_text(
        tools.read_text().replace(
            "summary: A Kubernetes controller for canary and blue-green rollouts.",
            "summary: 'Rollouts <script>alert(1)</script> and \"><img src=x onerror=alert(2)> | `a<b`'",
        )
    )
    result = build_site(tmp_path / "site", "http://127.0.0.1:8000/", data)
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "site" / "tools" / "argo-rollouts" / "index.html").read_text()
    assert "<script>alert(1)" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<code>a&lt;b</code>" in html
