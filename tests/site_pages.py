"""What the browser tests visit and how they look at it: one page of every kind, the viewport sizes
of a phone, a tablet and a laptop, and a page that has finished drawing."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from playwright.sync_api import Browser, Page, expect

from macros.catalogue import load_catalogue

CATALOGUE = load_catalogue()
STEPS = CATALOGUE.wizard.steps

# A phone (390 px: iPhone 12 to 15), a tablet in portrait and a laptop.
WIDTHS = {390: 844, 820: 1180, 1280: 800}
SCHEMES = ("light", "dark")


def page_kinds() -> dict[str, str]:
    """One page of every kind the site has, by kind; the path is relative to the site's root."""
    c = CATALOGUE
    return {
        "home": "",
        "strategies index": "strategies/",
        "strategy": f"strategies/{c.strategies[0].id}/",
        "tools index": "tools/",
        "tool": f"tools/{c.tools[0].id}/",
        "category": f"tools/{c.categories[0].id}/",
        "profiles index": "profiles/",
        "profile": f"profiles/{c.profiles[0].id}/",
        "gates index": "gates/",
        "gate stage": f"gates/{c.gate_stages[0].id}/",
        "placeholders index": "placeholders/",
        "placeholder phase": f"placeholders/{c.phases[0].id}/",
        "examples index": "examples/",
        "example": f"examples/{c.presets[0].id}/",
        "dora": "dora/",
        "glossary": "glossary/",
        "guides": "process/guides/",
        "cadence": "process/cadence/",
        "checklists": "process/checklists/",
        "start here": "start/",
        "roles": "process/roles/",
        "severity": "process/severity/",
        "postmortems": "process/postmortems/",
        "release windows": "process/release-windows/",
        "tags": "tags/",
        "wizard": "wizard/",
        "not found": "404.html",
    }


# Resolves when fonts are in, Material's fades have ended and playbook.js has marked the
# scrollable regions (it works one animation frame after a change, its ResizeObserver in the next).
SETTLE = """async () => {
  await document.fonts.ready;
  const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
  for (let i = 0; i < 3; i++) await frame();
  await Promise.all(document.getAnimations().map((a) => a.finished.catch(() => null)));
  for (let i = 0; i < 2; i++) await frame();
}"""


# Wider than any font a machine is likely to fall back to: DejaVu Sans (Debian's default, wider
# than Helvetica or Liberation Sans) with extra letter spacing. Whatever overflows then must still
# be reachable, and no page may scroll sideways.
WIDE_FONTS = """
:root { --md-text-font-family: "DejaVu Sans"; --md-code-font-family: "DejaVu Sans Mono"; }
body, input, button, select, textarea { font-family: "DejaVu Sans", sans-serif !important; }
* { letter-spacing: 0.06em !important; }
"""

# Every element that hides part of its content behind a scroll bar and that a keyboard cannot
# reach: not focusable itself and no visible control inside (from there the arrow keys scroll it).
# A region made focusable must also have a name for screen readers to announce.
UNREACHABLE = """() => {
  const focusable = 'a[href], button, input:not([type="hidden"]), select, textarea, summary, [contenteditable], [tabindex]:not([tabindex="-1"])';
  const scrolls = (v) => v === "auto" || v === "scroll";
  const describe = (el) =>
    el.localName + (el.id ? "#" + el.id : "") + (el.getAttribute("class") ? "." + el.getAttribute("class").trim().replaceAll(" ", ".") : "");
  const out = [];
  for (const el of document.body.querySelectorAll("*")) {
    const s = getComputedStyle(el);
    const x = scrolls(s.overflowX) && el.scrollWidth > el.clientWidth + 1;
    const y = scrolls(s.overflowY) && el.scrollHeight > el.clientHeight + 1;
    if (!x && !y) continue;
    if (el.tabIndex >= 0) {
      const named = (el.getAttribute("aria-label") || "").trim() || el.getAttribute("aria-labelledby") || el.querySelector("caption");
      if (!named && el.dataset.rpScroll !== undefined) out.push(describe(el) + ": focusable but has no name");
      continue;
    }
    const inside = [...el.querySelectorAll(focusable)].some((c) => !c.disabled && c.getClientRects().length);
    if (!inside) out.push(describe(el) + ` scrolls (${el.scrollWidth}x${el.scrollHeight} in ${el.clientWidth}x${el.clientHeight}) and cannot take focus`);
  }
  return out;
}"""


def settle(page: Page) -> Page:
    page.evaluate(SETTLE)
    return page


@dataclass
class View:
    """One browser page at one size and colour scheme, reused from test to test (opening a context
    costs more than a navigation). Records requests to other origins and JavaScript errors."""

    page: Page
    base: str
    outside: list[str]
    errors: list[str]
    profiles_chosen: bool = False

    def take_errors(self) -> list[str]:
        """JavaScript errors and requests to other origins since the last call."""
        found = [*(f"JavaScript error: {e}" for e in self.errors), *(f"request to another origin: {u}" for u in self.outside)]
        self.errors.clear()
        self.outside.clear()
        return found

    def open(self, path: str) -> Page:
        self.profiles_chosen = False
        self.page.goto(self.base + path)
        if path == "wizard/":
            expect(self.page.locator('[data-module="rp-wizard"][data-ready="true"]')).to_be_attached()
        return settle(self.page)

    def open_step(self, index: int) -> Page:
        """The wizard at step `index`, with profiles chosen so that the preview holds every table."""
        page = self.page
        if not self.profiles_chosen:
            self.open("wizard/")
            page.locator(".rp-progress button").first.click()
            names = {p.id: p.name for p in CATALOGUE.profiles}
            for pid in ("startup", "saas", "microservices"):
                page.get_by_role("radio", name=re.compile("^" + re.escape(names[pid]))).check()
            self.profiles_chosen = True
        page.locator(".rp-progress button").nth(index).click()
        expect(page.get_by_role("heading", level=2, name=f"{index + 1}. {STEPS[index].title}")).to_be_focused()
        return settle(page)


class Views:
    """Lazily opened views, one per (width, scheme, extra CSS)."""

    def __init__(self, browser: Browser, base: str):
        self.browser = browser
        self.base = base
        self.open: dict[tuple, View] = {}

    def get(self, width: int, scheme: str = "light", css: str = "") -> View:
        key = (width, scheme, css)
        if key not in self.open:
            context = self.browser.new_context(viewport={"width": width, "height": WIDTHS.get(width, 900)}, color_scheme=scheme)
            if css:
                # Added on every load; instant navigation keeps the <head>, so the style stays.
                context.add_init_script(
                    "document.addEventListener('DOMContentLoaded', () => {"
                    f" const s = document.createElement('style'); s.textContent = {json.dumps(css)}; document.head.append(s); }});"
                )
            page = context.new_page()
            view = View(page, self.base, [], [])
            page.on("request", lambda r: view.outside.append(r.url) if not r.url.startswith((self.base, "data:", "blob:")) else None)
            page.on("pageerror", lambda e: view.errors.append(str(e)))
            self.open[key] = view
        return self.open[key]

    def close(self) -> None:
        for view in self.open.values():
            view.page.context.close()
