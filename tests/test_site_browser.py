"""The handbook in Chromium: it renders, search finds generated pages, instant navigation works,
nothing is requested from another origin, and axe-core finds no serious or critical violation on
any page kind or wizard step, on a phone, a tablet and a laptop, in the light and dark schemes."""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect
from site_pages import SCHEMES, STEPS, WIDTHS, page_kinds

SEVERE = {"serious", "critical"}


def axe_violations(page: Page, impacts=SEVERE, context: dict | None = None) -> list[str]:
    results = Axe().run(page, context=context)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} -> {[n['target'] for n in v['nodes']][:3]}" for v in results.response["violations"] if v["impact"] in impacts
    ]


@pytest.fixture
def visit(page: Page, site):
    """Open a page of the built site; record any request that leaves its origin."""
    outside: list[str] = []
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith((site.url, "data:", "blob:")) else None)

    def go(path: str = "") -> Page:
        page.goto(site.url + path)
        return page

    yield go
    assert outside == [], f"requests to other origins: {outside}"


def test_home_page_renders(visit):
    page = visit()
    expect(page).to_have_title(re.compile("Release Playbook"))
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("Release Playbook"))
    expect(page.get_by_role("link", name="deployment strategies")).to_be_visible()


def test_search_finds_a_generated_tool_page(visit):
    page = visit()
    page.get_by_label("Search", exact=False).first.click()
    page.keyboard.type("Argo Rollouts")
    result = page.locator(".md-search-result__link").filter(has_text="Argo Rollouts").first
    expect(result).to_be_visible(timeout=10_000)
    assert "tools/argo-rollouts/" in result.get_attribute("href")


def test_instant_navigation_swaps_pages_without_reload(visit):
    page = visit()
    page.evaluate("window.__sameDocument = true")
    page.get_by_role("link", name="deployment strategies").first.click()
    expect(page).to_have_url(re.compile(r"/strategies/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("^Deployment strategies"))
    assert page.evaluate("window.__sameDocument === true"), "the click reloaded the page"
    page.go_back()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("Release Playbook"))


def test_light_dark_toggle(visit):
    page = visit()
    before = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
    page.get_by_title(re.compile("Switch to (dark|light) mode")).first.click()
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") != before


def targets():
    """Every page kind, then every wizard step, at each width in each scheme: what overflows, wraps
    or changes colour depends on the width and the fonts, so each is measured, not assumed."""
    out = []
    for width in WIDTHS:
        for scheme in SCHEMES:
            out += [pytest.param(width, scheme, path, None, id=f"{width}-{scheme}-{kind}") for kind, path in page_kinds().items()]
            out += [pytest.param(width, scheme, None, i, id=f"{width}-{scheme}-wizard-{step.id}") for i, step in enumerate(STEPS)]
    return out


@pytest.mark.parametrize(("width", "scheme", "path", "step"), targets())
def test_axe_finds_no_serious_violation(views, width, scheme, path, step):
    view = views.get(width, scheme)
    page = view.open(path) if step is None else view.open_step(step)
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == ("slate" if scheme == "dark" else "default")
    # The first step is checked with the whole page around it (header, preview with every table);
    # later steps change only the step and the progress row, which is all that axe checks again
    # there: the wizard's page costs about ten times a handbook page.
    context = {"include": [".rp-progress", ".rp-step:not([hidden])"]} if step else None
    assert axe_violations(page, context=context) == []
    assert view.take_errors() == []
