"""Layout in Chromium: comparison tables fit at 1280 px and scroll by keyboard on a phone; the new
pages (start, process, strategies with diagrams) pass axe in light and dark at both widths; the
tools sidebar lists each category once; previous/next stays within a section."""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from macros.catalogue import load_catalogue

CATALOGUE = load_catalogue()
WIDE_TABLE_PAGES = ["strategies/", "profiles/", "dora/", "process/roles/", "process/severity/", "start/"]
# One page of each new kind: start, a process page with a RACI, one with severity tables, the
# strategies index (decision tree), a strategy (traffic chart) and home (pipeline, GitOps loop).
NEW_PAGES = ["start/", "process/roles/", "process/severity/", "strategies/", "strategies/canary/", ""]

OVERFLOWING = """() => [...document.querySelectorAll('article table')]
  .filter(t => t.scrollWidth > t.closest('.pb-table').clientWidth + 1)
  .map(t => t.querySelector('th').textContent.trim())"""


@pytest.mark.parametrize("path", WIDE_TABLE_PAGES)
def test_every_column_shows_at_1280_px(browser, site, path):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(site.url + path)
    assert page.locator("article table").count() > 0
    assert page.evaluate(OVERFLOWING) == []
    page.close()


def test_a_wide_table_scrolls_by_keyboard_on_a_phone(browser, site):
    page = browser.new_page(viewport={"width": 390, "height": 800})
    page.goto(site.url + "strategies/")
    region = page.locator(".pb-table").first
    assert region.evaluate("r => r.scrollWidth > r.clientWidth"), "the table should be wider than a phone"
    region.focus()
    expect(region).to_be_focused()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    page.wait_for_function("r => r.scrollLeft > 0", arg=region.element_handle())
    page.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("path", NEW_PAGES)
def test_axe_on_new_pages(browser, site, path, width, scheme):
    page: Page = browser.new_page(viewport={"width": width, "height": 900}, color_scheme=scheme)
    page.goto(site.url + path)
    page.wait_for_function("document.getAnimations().every((a) => a.playState !== 'running')")
    results = Axe().run(page)
    severe = [f"{v['id']}: {[n['target'] for n in v['nodes']][:3]}" for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert severe == []
    page.close()


def test_tools_sidebar_lists_each_category_once(browser, site):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(site.url + "tools/")
    nav = page.locator(".md-nav--primary")
    for category in CATALOGUE.categories:
        assert nav.get_by_role("link", name=category.name, exact=True).count() == 1, category.name
    page.close()


def test_previous_and_next_stay_within_the_section(browser, site):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    first_tool = CATALOGUE.tools_in_category(CATALOGUE.categories[1].id)[0]
    page.goto(site.url + f"tools/{first_tool.id}/")
    footer = page.locator(".md-footer__inner")
    prev = footer.locator(".md-footer__link--prev")
    # The previous page is the category's own index, not the last tool of the category before it.
    expect(prev).to_have_attribute("href", re.compile(f"/tools/{CATALOGUE.categories[1].id}/$"))
    page.goto(site.url + "process/roles/")
    expect(footer.locator(".md-footer__link--prev")).to_have_count(0)
    page.close()


def test_breadcrumbs_show_the_section(browser, site):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(site.url + "tools/argo-rollouts/")
    crumbs = page.locator(".md-path")
    expect(crumbs).to_contain_text("Tools")
    expect(crumbs).to_contain_text(CATALOGUE.category[CATALOGUE.tool_category["argo-rollouts"]].name)
    page.close()
