"""The handbook in Chromium: it renders, search finds generated pages, instant navigation works,
nothing is requested from another origin, and axe-core finds no serious or critical violation."""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from macros.catalogue import load_catalogue

CATALOGUE = load_catalogue()
SEVERE = {"serious", "critical"}


def axe_violations(page: Page, impacts=SEVERE) -> list[str]:
    results = Axe().run(page)
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


def kinds_to_check():
    strategy = CATALOGUE.strategies[0].id
    tool = CATALOGUE.tools[0].id
    return [
        "",
        "strategies/",
        f"strategies/{strategy}/",
        "tools/",
        f"tools/{tool}/",
        f"tools/{CATALOGUE.categories[0].id}/",
        "profiles/",
        f"profiles/{CATALOGUE.profiles[0].id}/",
        "gates/",
        f"gates/{CATALOGUE.gate_stages[0].id}/",
        "placeholders/",
        f"placeholders/{CATALOGUE.phases[0].id}/",
        "examples/",
        f"examples/{CATALOGUE.presets[0].id}/",
        "dora/",
        "glossary/",
        "process/checklists/",
    ]


@pytest.mark.parametrize("path", kinds_to_check())
def test_axe_finds_no_serious_violation(visit, path):
    page = visit(path)
    assert axe_violations(page) == []


@pytest.mark.parametrize("path", ["", f"tools/{CATALOGUE.tools[0].id}/", "wizard/", f"examples/{CATALOGUE.presets[0].id}/"])
def test_axe_in_the_dark_scheme(browser, site, path):
    page = browser.new_page(color_scheme="dark")
    page.goto(site.url + path)
    page.wait_for_function("document.getAnimations().every((a) => a.playState !== 'running')")
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
    assert axe_violations(page) == []
    page.close()
