"""The site's own search, typed into Material's search box in Chromium: realistic questions find the
page that answers them, ahead of tool pages that merely mention the same words."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest
from playwright.sync_api import Page, expect

# (query, the page that must come first or within the first `within` distinct pages)
EXPECTED = [
    ("roll back a canary with argo rollouts", "tools/argo-rollouts/", 3),
    ("change failure rate", "dora/", 1),
    ("postmortem", "process/postmortems/", 1),
    ("blue green database migration", "strategies/blue-green/", 1),
    ("feature flag cleanup", "strategies/feature-flags/", 1),
    ("terraform drift", "tools/terraform/", 1),
    ("code freeze", "process/release-windows/", 1),
]


def search(page: Page, base: str, query: str) -> list[str]:
    """Type a query into the search box and return the distinct result pages, best first."""
    page.goto(base)
    page.get_by_label("Search", exact=False).first.click()
    box = page.get_by_role("textbox", name="Search")
    box.fill(query)
    results = page.locator(".md-search-result__link")
    expect(results.first).to_be_visible(timeout=15_000)
    # Results come from a web worker; the meta line counts them once this query is answered.
    expect(page.locator(".md-search-result__meta")).to_contain_text("matching", timeout=15_000)
    pages: list[str] = []
    for href in results.evaluate_all("links => links.map(a => a.href)"):
        path = urlparse(href).path.removeprefix(urlparse(base).path)
        if path not in pages:
            pages.append(path)
    return pages


@pytest.mark.parametrize(("query", "expected", "within"), EXPECTED, ids=[q for q, _, _ in EXPECTED])
def test_search_finds_the_page_that_answers(page: Page, site, query, expected, within):
    pages = search(page, site.url, query)
    assert expected in pages[:within], f"{query!r}: expected {expected} in the first {within}, got {pages[:5]}"


def test_rollback_finds_strategy_pages_before_tools(page: Page, site):
    pages = search(page, site.url, "rollback")
    assert pages[0].startswith(("strategies/", "start/")), pages[:5]
    first_tool = next((i for i, p in enumerate(pages) if p.startswith("tools/")), len(pages))
    first_strategy = next(i for i, p in enumerate(pages) if p.startswith("strategies/"))
    assert first_strategy < first_tool, pages[:8]
