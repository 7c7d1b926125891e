"""Layout whatever the machine's fonts and the window's width: every region that scrolls can be
reached by keyboard (also when it appears after load), no page scrolls sideways on a phone, and the
wizard's fields, buttons and preview stay on screen at every width."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect
from site_pages import CATALOGUE, STEPS, UNREACHABLE, WIDE_FONTS, page_kinds, settle

T = CATALOGUE.wizard.text
KINDS = page_kinds()


def visible_focus_ring(page: Page) -> dict:
    """How the focused element is drawn: a ring needs a style, a width and a colour."""
    return page.evaluate(
        """() => {
          const el = document.activeElement;
          const s = getComputedStyle(el);
          return {focusVisible: el.matches(":focus-visible"), style: s.outlineStyle, width: parseFloat(s.outlineWidth), color: s.outlineColor};
        }"""
    )


def assert_ring(ring: dict) -> None:
    assert ring["focusVisible"], ring
    assert ring["style"] not in ("none", "hidden") and ring["width"] >= 1.5, ring
    assert ring["color"] not in ("transparent", "rgba(0, 0, 0, 0)"), ring


# ---------------------------------------------------------------------------
# Scrollable regions
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("width", [390, 1280])
def test_every_scrolling_region_is_reachable_with_wide_fonts(views, width):
    """With fonts wider than any machine's, whatever overflows can still be reached by keyboard."""
    view = views.get(width, css=WIDE_FONTS)
    found = {}
    for kind, path in KINDS.items():
        view.open(path)
        found[kind] = view.page.evaluate(UNREACHABLE)
    for index, step in enumerate(STEPS):
        view.open_step(index)
        found[f"wizard step {step.id}"] = view.page.evaluate(UNREACHABLE)
    assert {k: v for k, v in found.items() if v} == {}
    assert view.errors == [] and view.outside == []


def test_a_region_that_overflows_after_load_becomes_a_named_tab_stop(views):
    view = views.get(1280)
    page = view.open(KINDS["glossary"])
    page.evaluate(
        """() => {
          const heading = Object.assign(document.createElement("h2"), {id: "added-later", textContent: "Added later", tabIndex: -1});
          const box = Object.assign(document.createElement("div"), {id: "late"});
          box.style.overflowX = "auto";
          box.append(Object.assign(document.createElement("p"), {textContent: "wide"}));
          box.firstChild.style.width = "3000px";
          document.querySelector(".md-content__inner").append(heading, box);
        }"""
    )
    settle(page)
    box = page.locator("#late")
    expect(box).to_have_attribute("tabindex", "0")
    expect(box).to_have_attribute("role", "region")
    expect(box).to_have_attribute("aria-label", "Added later")
    page.locator("#added-later").focus()
    page.keyboard.press("Tab")
    expect(box).to_be_focused()
    assert_ring(visible_focus_ring(page))
    page.keyboard.press("ArrowRight")
    page.wait_for_function("document.querySelector('#late').scrollLeft > 0")

    # Once it fits, it is no tab stop any more, and what was added goes again.
    page.evaluate("document.querySelector('#late p').style.width = '10px'")
    settle(page)
    for attribute in ("tabindex", "role", "aria-label", "data-rp-scroll"):
        assert box.get_attribute(attribute) is None, attribute


def test_the_wizard_preview_tables_take_focus_and_scroll_by_keyboard(views):
    """The preview is redrawn on every edit: its tables are new elements, found after load."""
    view = views.get(1280, css=WIDE_FONTS)
    page = view.open_step(0)
    toggle = page.get_by_role("button", name=T.show_markdown)
    toggle.focus()
    page.keyboard.press("Tab")
    # Wrapped as Material wraps a page's tables: the wrapper scrolls and takes focus.
    focused = page.evaluate(
        """() => {
          const el = document.activeElement;
          return [el.closest(".rp-document") !== null, el.querySelector("table") !== null, el.getAttribute("role"), el.getAttribute("aria-label")];
        }"""
    )
    assert focused[:3] == [True, True, "region"] and focused[3], focused
    assert_ring(visible_focus_ring(page))
    page.keyboard.press("ArrowRight")
    page.wait_for_function("document.activeElement.scrollLeft > 0")
