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


# ---------------------------------------------------------------------------
# No sideways scrolling on a phone
# ---------------------------------------------------------------------------

SIDEWAYS = "(() => { const s = document.scrollingElement; return s.scrollWidth - s.clientWidth; })()"


@pytest.mark.parametrize("fonts", ["", WIDE_FONTS], ids=["own-fonts", "wide-fonts"])
def test_no_page_scrolls_sideways_on_a_phone(views, fonts):
    view = views.get(390, css=fonts)
    wider = {}
    for kind, path in KINDS.items():
        view.open(path)
        wider[kind] = view.page.evaluate(SIDEWAYS)
    for index, step in enumerate(STEPS):
        view.open_step(index)
        wider[f"wizard step {step.id}"] = view.page.evaluate(SIDEWAYS)
    assert {kind: f"{extra} px too wide" for kind, extra in wider.items() if extra > 0} == {}
    assert view.take_errors() == []


# ---------------------------------------------------------------------------
# The wizard at every width
# ---------------------------------------------------------------------------

# Every control of the current step and the preview's button: inside the page's width (in page
# coordinates, so that a page wider than the screen cannot hide the fault by scrolling) and the
# topmost element at its centre once scrolled to; every text of the step inside the width too.
OFF_SCREEN = """() => {
  const width = document.documentElement.clientWidth;
  const step = document.querySelector(".rp-step:not([hidden])");
  const problems = [];
  const name = (el) => el.id || el.textContent.trim().slice(0, 40) || el.localName;
  const outside = (r) => r.left + scrollX < -0.5 || r.right + scrollX > width + 0.5;
  for (const el of [...step.querySelectorAll("input, select, textarea, button"), document.querySelector(".rp-preview-head button")]) {
    if (!el.getClientRects().length) continue;
    el.scrollIntoView({ block: "center", inline: "nearest" });
    const r = el.getBoundingClientRect();
    if (outside(r)) {
      problems.push(`${name(el)}: from ${Math.round(r.left + scrollX)} to ${Math.round(r.right + scrollX)} px, the page is ${width} px`);
      continue;
    }
    const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    const labels = el.labels ? [...el.labels] : [];
    if (!hit || !(el.contains(hit) || labels.some((l) => l.contains(hit)))) problems.push(`${name(el)}: covered by ${hit && hit.outerHTML.slice(0, 80)}`);
  }
  for (const el of step.querySelectorAll("label, legend, p, h2, h3")) {
    const r = el.getBoundingClientRect();
    if (r.width && outside(r)) problems.push(`${el.localName} "${name(el)}": from ${Math.round(r.left + scrollX)} to ${Math.round(r.right + scrollX)} px`);
  }
  return problems;
}"""


@pytest.mark.parametrize("fonts", ["", WIDE_FONTS], ids=["own-fonts", "wide-fonts"])
def test_every_field_and_button_of_the_wizard_is_on_a_phone_screen(views, fonts):
    view = views.get(390, css=fonts)
    problems = {}
    for index, step in enumerate(STEPS):
        page = view.open_step(index)
        problems[step.id] = page.evaluate(OFF_SCREEN)
    assert {k: v for k, v in problems.items() if v} == {}

    # "Show Markdown" works by touch: tap it, and the raw Markdown replaces the formatted preview.
    page.get_by_role("button", name=T.show_markdown).click()
    expect(page.locator(".rp-preview-head button")).to_have_attribute("aria-pressed", "true")
    assert page.evaluate(SIDEWAYS) <= 0
    page.locator(".rp-preview-head button").click()
    expect(page.locator(".rp-preview-head button")).to_have_attribute("aria-pressed", "false")
    assert view.take_errors() == []


LAYOUT = """() => {
  const box = (s) => document.querySelector(s).getBoundingClientRect();
  const form = box(".rp-form"), preview = box(".rp-preview");
  return {form: [form.left, form.top, form.right, form.bottom], preview: [preview.left, preview.top, preview.right, preview.bottom],
          width: document.documentElement.clientWidth};
}"""


def test_the_preview_sits_beside_the_step_from_960_px_and_below_it_on_narrower_screens(browser, site):
    """Two columns from Material's tablet-landscape width (60em), where each still has room for a
    field and a table; below that one column, the preview after the step, each as wide as the page."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(site.url + "wizard/")
    expect(page.locator('[data-module="rp-wizard"][data-ready="true"]')).to_be_attached()
    for width in (1280, 1219, 1100, 1024, 960):
        page.set_viewport_size({"width": width, "height": 900})
        settle(page)
        at = page.evaluate(LAYOUT)
        (fl, ft, fr, _), (pl, pt, pr, _) = at["form"], at["preview"]
        assert pl >= fr + 16 and abs(pt - ft) < 1, (width, at)
        assert fr - fl >= 0.4 * at["width"] and pr - pl >= 0.4 * at["width"], (width, at)
    for width in (959, 820, 390):
        page.set_viewport_size({"width": width, "height": 900})
        settle(page)
        at = page.evaluate(LAYOUT)
        (fl, _, fr, fb), (pl, pt, pr, _) = at["form"], at["preview"]
        assert pt >= fb and (pl, pr) == (fl, fr) and fr <= at["width"], (width, at)
    context.close()


def test_the_steps_take_one_row_on_a_phone_and_each_shows_when_focused(views):
    page = views.get(390).open("wizard/")
    buttons = page.locator(".rp-progress button")
    assert page.locator(".rp-progress").bounding_box()["height"] <= 60
    buttons.first.focus()
    for index in range(len(STEPS)):
        if index:
            page.keyboard.press("Tab")
        expect(buttons.nth(index)).to_be_focused()
        shown = buttons.nth(index).evaluate(
            """(b) => {
              const r = b.getBoundingClientRect(), row = b.closest("ol").getBoundingClientRect();
              return r.left >= row.left - 1 && r.right <= row.right + 1;
            }"""
        )
        assert shown, f"step {index + 1}'s button is out of sight when focused"
        assert_ring(visible_focus_ring(page))


# The heading of the step on screen: where it is, and what is drawn at three points of its line.
HEADING = """() => {
  const heading = document.querySelector(".rp-step:not([hidden]) h2");
  const r = heading.getBoundingClientRect();
  const header = document.querySelector(".md-header").getBoundingClientRect();
  const y = r.top + r.height / 2;
  const covered = [r.left + 4, r.left + r.width / 2, r.right - 4]
    .map((x) => document.elementFromPoint(x, y))
    .filter((hit) => !heading.contains(hit))
    .map((hit) => hit && hit.outerHTML.slice(0, 80));
  return {top: r.top, bottom: r.bottom, headerBottom: header.bottom, height: innerHeight, covered, text: heading.textContent};
}"""


def assert_near_the_top(page: Page, index: int) -> None:
    at = page.evaluate(HEADING)
    assert at["text"] == f"{index + 1}. {STEPS[index].title}"
    assert at["top"] >= at["headerBottom"] and at["bottom"] <= 0.4 * at["height"], at
    assert at["covered"] == [], at


@pytest.mark.parametrize("height", [844, 640])
def test_a_chosen_step_starts_near_the_top_of_a_phone_screen(browser, site, height):
    """Not at the bottom edge with the step out of sight, and not under "Back to top", which
    Material shows while the page scrolls up (as it does after "Next" at the end of a step)."""
    context = browser.new_context(viewport={"width": 390, "height": height})
    page = context.new_page()
    page.goto(site.url + "wizard/")
    expect(page.locator('[data-module="rp-wizard"][data-ready="true"]')).to_be_attached()
    for index in (2, 5, 0):
        page.locator(".rp-progress button").nth(index).click()
        settle(page)
        assert_near_the_top(page, index)
    for index in (1, 2):
        page.locator(".rp-step:not([hidden])").get_by_role("button", name=T.next).click()
        settle(page)
        assert_near_the_top(page, index)
    context.close()
