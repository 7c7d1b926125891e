"""The wizard in Chromium: keyboard-only use, downloads that match the command line, answers that
survive export/import, URLs and reloads, refusal of bad files, instant navigation, accessibility."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from macros.catalogue import load_catalogue

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = load_catalogue()
STEPS = CATALOGUE.wizard.steps
T = CATALOGUE.wizard.text


class Wizard:
    """Page object: the wizard page and the few things tests do with it."""

    def __init__(self, page: Page, site):
        self.page = page
        self.site = site

    def open(self, suffix: str = "") -> Wizard:
        self.page.goto(self.site.url + "wizard/" + suffix)
        return self.ready()

    def ready(self) -> Wizard:
        expect(self.page.locator('[data-module="rp-wizard"][data-ready="true"]')).to_be_attached()
        return self

    def markdown(self) -> str:
        return self.page.evaluate("document.querySelector('[data-module=\"rp-wizard\"]').wizard.markdown")

    def go_to_step(self, index: int) -> None:
        self.page.locator(".rp-progress button").nth(index).click()
        expect(self.page.get_by_role("heading", level=2, name=f"{index + 1}. {STEPS[index].title}")).to_be_focused()

    def choose_profiles(self, size: str, industry: str, stack: str) -> None:
        names = {p.id: p.name for p in CATALOGUE.profiles}
        for pid in (size, industry, stack):
            self.page.get_by_role("radio", name=re.compile("^" + re.escape(names[pid]))).check()

    def download(self, label: str, tmp_path: Path) -> Path:
        with self.page.expect_download() as info:
            self.page.get_by_role("button", name=label).click()
        target = tmp_path / info.value.suggested_filename
        info.value.save_as(target)
        return target


@pytest.fixture
def wizard(page: Page, site) -> Wizard:
    outside: list[str] = []
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith((site.url, "data:", "blob:")) else None)
    page.on("pageerror", lambda e: pytest.fail(f"JavaScript error: {e}"))
    yield Wizard(page, site)
    assert outside == [], f"requests to other origins: {outside}"


def cli_render(answers_file: Path, date: str, site_url: str) -> str:
    """`./dev render` as the wizard on `site_url` renders: its sections link to that site's pages."""
    result = subprocess.run(
        [sys.executable, "-m", "macros", "render", str(answers_file), "--date", date, "--site-url", site_url],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout


def browser_date(page: Page) -> str:
    return page.evaluate(
        "(() => { const d = new Date(); const pad = (n) => String(n).padStart(2, '0');"
        " return d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate()); })()"
    )


def tab_to(page: Page, predicate: str, limit: int = 400) -> None:
    """Press Tab until the focused element satisfies `predicate` (a JS expression over `el`)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"(() => {{ const el = document.activeElement; return !!({predicate}); }})()"):
            return
    raise AssertionError(f"Tab never reached an element where {predicate}")


# --- the whole flow, by keyboard alone ------------------------------------------


def test_keyboard_only_from_home_page_to_downloaded_document(page: Page, site, tmp_path):
    page.goto(site.url)
    tab_to(page, "el.matches('a.md-tabs__link') && el.textContent.trim() === 'Wizard'")
    page.keyboard.press("Enter")
    Wizard(page, site).ready()

    tab_to(page, "el.dataset.field === 'organisation.name'")
    page.keyboard.type("Keyboard & Co <b>")
    # Radio groups: Tab enters the group on its checked option, arrows choose.
    for field, presses in (("organisation.size", 1), ("organisation.industry", 4), ("organisation.stack", 1), ("organisation.situation", 1)):
        tab_to(page, f"el.dataset.field === '{field}'")
        for _ in range(presses):
            page.keyboard.press("ArrowDown")
    # Who holds each role: typed parameters, the names no profile can know.
    roles = [r.parameter for r in CATALOGUE.incidents.roles if r.parameter]
    for pid in roles:
        tab_to(page, f"el.dataset.param === '{pid}'")
        page.keyboard.type(f"Team {pid.split('.')[1]}")
    for index in range(1, len(STEPS)):
        tab_to(page, f"el.dataset.go === '{index}' && el.textContent === '{T.next}'")
        page.keyboard.press("Enter")
        heading = page.get_by_role("heading", level=2, name=f"{index + 1}. {STEPS[index].title}")
        expect(heading).to_be_focused()
        expect(page.get_by_role("status")).to_have_text(f"Step {index + 1} of {len(STEPS)}: {STEPS[index].title}")

    tab_to(page, f"el.textContent === {json.dumps(T.download_document)}")
    with page.expect_download() as doc_info:
        page.keyboard.press("Enter")
    tab_to(page, f"el.textContent === {json.dumps(T.download_answers)}")
    with page.expect_download() as answers_info:
        page.keyboard.press("Enter")
    assert doc_info.value.suggested_filename == "release-process.md"
    doc_path, answers_path = tmp_path / "release-process.md", tmp_path / "answers.json"
    doc_info.value.save_as(doc_path)
    answers_info.value.save_as(answers_path)

    answers = json.loads(answers_path.read_text(encoding="utf-8"))
    assert answers["organisation"] == {
        "name": "Keyboard & Co <b>",
        "size": "startup",
        "industry": "saas",
        "stack": "microservices",
        "situation": "new-organizations",
    }
    assert answers["parameters"] == {pid: f"Team {pid.split('.')[1]}" for pid in roles}
    document = doc_path.read_text(encoding="utf-8")
    assert document.startswith("# Release process: Keyboard & Co <b>\n")
    assert f"[Roles and responsibilities]({site.url}process/roles/)" in document
    assert document == cli_render(answers_path, browser_date(page), site.url)
    assert "**TODO:" not in document


# --- answers: export/import, URL, reload, bad files --------------------------------


def test_export_then_import_restores_everything(wizard: Wizard, tmp_path):
    wizard.open()
    wizard.choose_profiles("enterprise", "financial-services", "monolith")
    wizard.go_to_step(len(STEPS) - 1)
    field = wizard.page.get_by_label("[RELEASE_VERSION]")
    field.fill("9.9.9-ü")
    before = wizard.markdown()
    exported = wizard.download(T.download_answers, tmp_path)

    wizard.page.once("dialog", lambda d: d.accept())
    wizard.page.get_by_role("button", name=T.reset).click()
    expect(wizard.page.get_by_role("heading", level=2, name=f"1. {STEPS[0].title}")).to_be_focused()
    assert wizard.markdown() != before

    wizard.go_to_step(len(STEPS) - 1)
    wizard.page.get_by_label(T.import_answers).set_input_files(exported)
    expect(wizard.page.get_by_role("status")).to_have_text(T.import_done)
    assert wizard.markdown() == before
    expect(wizard.page.get_by_label("[RELEASE_VERSION]")).to_have_value("9.9.9-ü")


def test_reset_asks_first(wizard: Wizard):
    wizard.open()
    wizard.choose_profiles("startup", "saas", "serverless")
    before = wizard.markdown()
    wizard.go_to_step(len(STEPS) - 1)
    wizard.page.once("dialog", lambda d: d.dismiss())
    wizard.page.get_by_role("button", name=T.reset).click()
    assert wizard.markdown() == before


def test_shared_url_carries_the_answers(wizard: Wizard, browser):
    wizard.open()
    wizard.choose_profiles("scale-up", "healthcare", "mobile")
    wizard.go_to_step(0)
    wizard.page.get_by_label(T.organisation_name).fill("Share ✓ | co")
    wizard.go_to_step(len(STEPS) - 1)
    wizard.page.get_by_role("button", name=T.share_link).click()
    url = wizard.page.locator("#rp-share").input_value()
    assert "#answers=" in url
    other = browser.new_context().new_page()  # fresh storage: only the URL can carry the answers
    other.goto(url)
    Wizard(other, wizard.site).ready()
    assert Wizard(other, wizard.site).markdown() == wizard.markdown()
    # Edits made after opening the link survive a reload: the link does not win again.
    other.get_by_label(T.organisation_name).fill("Edited later")
    other.reload()
    Wizard(other, wizard.site).ready()
    expect(other.get_by_label(T.organisation_name)).to_have_value("Edited later")
    other.context.close()


def test_answers_survive_a_reload(wizard: Wizard):
    wizard.open()
    wizard.choose_profiles("startup", "e-commerce", "monolith")
    before = wizard.markdown()
    wizard.page.reload()
    wizard.ready()
    assert wizard.markdown() == before
    expect(wizard.page.get_by_role("radio", name=re.compile("^E-commerce"))).to_be_checked()


@pytest.mark.parametrize(
    "content, message",
    [
        ('{"hello": "world"}', "not a Release Playbook answers file"),
        ("this is not json", "not valid JSON"),
        ('{"format": "release-playbook-answers", "version": 1, "organisation": {"size": "gigantic"}}', "organisation.size"),
    ],
)
def test_a_bad_import_is_refused_and_changes_nothing(wizard: Wizard, tmp_path, content, message):
    wizard.open()
    wizard.choose_profiles("startup", "saas", "microservices")
    before = wizard.markdown()
    wizard.go_to_step(len(STEPS) - 1)
    bad = tmp_path / "answers.json"
    bad.write_text(content, encoding="utf-8")
    wizard.page.get_by_label(T.import_answers).set_input_files(bad)
    error = wizard.page.locator(".rp-error")
    expect(error).to_be_visible()
    expect(error).to_contain_text(message)
    expect(error).to_be_focused()
    assert wizard.markdown() == before


def test_a_bad_shared_url_says_so_once_and_keeps_stored_answers(wizard: Wizard):
    wizard.open()
    wizard.choose_profiles("enterprise", "healthcare", "serverless")
    before = wizard.markdown()
    for garbage in ("bm90LWFuc3dlcnM", "eyJmb3JtYXQiOiAicmVsZWFzZS1w", "%%%"):  # "not-answers", a link cut short, not base64
        wizard.page.goto("about:blank")  # a fresh load, as when the link is opened from a mail
        wizard.page.goto(wizard.site.url + "wizard/#answers=" + garbage)
        wizard.ready()
        expect(wizard.page.locator(".rp-error")).to_contain_text(T.bad_link)
        assert "#" not in wizard.page.url  # the bad link is gone from the address bar...
        assert wizard.markdown() == before
        wizard.page.reload()
        wizard.ready()
        expect(wizard.page.locator(".rp-error")).to_be_hidden()  # ...so a reload does not repeat the error
    # The same link opened in the tab that shows the wizard (only the hash changes).
    wizard.page.evaluate("location.hash = '#answers=bm90LWFuc3dlcnM'")
    expect(wizard.page.locator(".rp-error")).to_contain_text(T.bad_link)
    assert wizard.markdown() == before


# --- what users type stays text -------------------------------------------------------


def test_typed_markup_is_shown_as_text_and_downloaded_verbatim(wizard: Wizard, tmp_path):
    wizard.open()
    payload = '"><img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>'
    wizard.page.get_by_label(T.organisation_name).fill(payload)
    wizard.go_to_step(len(STEPS) - 1)
    wizard.page.get_by_label("[ENVIRONMENT_NAME]").fill(payload)
    preview = wizard.page.locator(".rp-document")
    expect(preview).to_contain_text(payload)
    assert preview.locator("img, script").count() == 0
    assert wizard.page.evaluate("window.__pwned === undefined")
    document = wizard.download(T.download_document, tmp_path).read_text(encoding="utf-8")
    assert f"# Release process: {payload}\n" in document
    assert payload in document.split("**Target environment:**")[1].splitlines()[0]


# --- the page itself ---------------------------------------------------------------------


def test_reached_by_instant_navigation(page: Page, site):
    page.goto(site.url)
    page.evaluate("window.__sameDocument = true")
    page.get_by_role("link", name="Wizard").first.click()
    Wizard(page, site).ready()
    assert page.evaluate("window.__sameDocument === true"), "the wizard page was loaded with a full reload"
    expect(page.get_by_role("heading", level=2, name=f"1. {STEPS[0].title}")).to_be_visible()
    # Away and back again: the wizard starts again on the new page.
    page.get_by_role("link", name="Home").first.click()
    page.get_by_role("link", name="Wizard").first.click()
    Wizard(page, site).ready()
    assert page.evaluate("window.__sameDocument === true")


def test_answers_typed_just_before_leaving_are_kept(wizard: Wizard):
    wizard.open()
    wizard.page.get_by_label(T.organisation_name).fill("Typed then gone")
    wizard.page.get_by_role("link", name="Home").first.click()  # instant navigation, no pagehide
    wizard.page.get_by_role("link", name="Wizard").first.click()
    wizard.ready()
    expect(wizard.page.get_by_label(T.organisation_name)).to_have_value("Typed then gone")


def test_back_and_forward_keep_answers(wizard: Wizard):
    wizard.open()
    wizard.choose_profiles("scale-up", "saas", "microservices")
    wizard.page.get_by_role("button", name=T.next, exact=True).click()
    wizard.page.get_by_role("button", name=T.back, exact=True).click()
    expect(wizard.page.get_by_role("radio", name=re.compile("^Scale-up"))).to_be_checked()


def test_tools_follow_the_profile_until_edited(wizard: Wizard):
    wizard.open()
    wizard.choose_profiles("startup", "saas", "monolith")
    delivery = next(i for i, s in enumerate(STEPS) if s.special == "strategies")
    wizard.go_to_step(delivery)
    blue_green = wizard.page.get_by_role("checkbox", name=re.compile("^Blue-green"))
    expect(blue_green).to_be_checked()
    section = next(s["title"] for s in CATALOGUE.document.model_dump()["sections"] if s["when"]["strategies"] == ["blue-green"])
    assert f"## {section}" in wizard.markdown()
    blue_green.uncheck()
    assert f"## {section}" not in wizard.markdown()
    # Now explicit: a new stack does not bring blue-green back...
    wizard.go_to_step(0)
    wizard.page.get_by_role("radio", name=re.compile("^Microservices")).check()
    assert f"## {section}" not in wizard.markdown()
    # ...until the team asks to follow the profiles again: one control, which says what will change.
    wizard.go_to_step(0)
    wizard.page.get_by_role("radio", name=re.compile("^Monolith")).check()
    assert wizard.page.get_by_role("button", name=T.use_recommended).count() == 1
    messages: list[str] = []
    wizard.page.once("dialog", lambda d: (messages.append(d.message), d.dismiss()))
    wizard.page.get_by_role("button", name=T.use_recommended).click()
    assert "Blue-green" in messages[0] and T.source_removed in messages[0]
    assert f"## {section}" not in wizard.markdown()  # dismissed: nothing changed
    wizard.page.once("dialog", lambda d: d.accept())
    wizard.page.get_by_role("button", name=T.use_recommended).click()
    wizard.go_to_step(delivery)
    expect(blue_green).to_be_checked()
    assert f"## {section}" in wizard.markdown()


def test_raw_markdown_is_one_click_away(wizard: Wizard):
    wizard.open()
    toggle = wizard.page.get_by_role("button", name=T.show_markdown)
    toggle.click()
    expect(wizard.page.locator(".rp-raw")).to_be_visible()
    expect(wizard.page.locator(".rp-document")).to_be_hidden()
    expect(wizard.page.get_by_role("button", name=T.show_formatted)).to_have_attribute("aria-pressed", "true")


def test_print_shows_only_the_document(wizard: Wizard):
    wizard.open()
    wizard.page.emulate_media(media="print")
    expect(wizard.page.locator(".rp-document")).to_be_visible()
    for hidden in (".rp-form", ".rp-progress", ".md-header", ".rp-preview-head"):
        expect(wizard.page.locator(hidden)).to_be_hidden()


def test_without_javascript_the_page_offers_the_blank_template(browser, site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site.url + "wizard/")
    expect(page.get_by_text("The wizard needs JavaScript")).to_be_visible()
    link = page.get_by_role("link", name=re.compile("download the blank template"))
    response = page.request.get(link.evaluate("a => a.href"))
    assert response.ok and "[RELEASE_VERSION]" in response.text()
    context.close()


@pytest.mark.parametrize("index", range(len(STEPS)), ids=[s.id for s in STEPS])
def test_axe_finds_no_violation_on_any_step(wizard: Wizard, index):
    wizard.open()
    wizard.choose_profiles("startup", "saas", "microservices")
    wizard.go_to_step(index)
    # Focusing the step scrolls the page and Material fades its tabs out: measure after that.
    wizard.page.wait_for_function("document.getAnimations().every((a) => a.playState !== 'running')")
    violations = Axe().run(wizard.page).response["violations"]
    assert [f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}" for v in violations] == []


def test_the_date_in_the_document_is_the_visitors(wizard: Wizard):
    wizard.open()
    header = wizard.markdown().splitlines()[2]
    assert re.search(r"\b\d{4}-\d{2}-\d{2}\b", header).group(0) == browser_date(wizard.page)


def test_an_example_opens_in_the_wizard(page: Page, site):
    preset = CATALOGUE.presets[0]
    page.goto(site.url + f"examples/{preset.id}/")
    page.get_by_role("link", name="Open these answers in the wizard").click()
    wizard = Wizard(page, site).ready()
    expect(page.get_by_label(T.organisation_name)).to_have_value(preset.answers["organisation"]["name"])
    assert wizard.markdown().startswith(f"# Release process: {preset.answers['organisation']['name']}\n")


# --- typed parameters ----------------------------------------------------------------


def test_parameters_are_typed_fields_with_messages_and_one_value_everywhere(wizard: Wizard):
    wizard.open()
    wizard.choose_profiles("startup", "saas", "microservices")
    delivery = next(i for i, s in enumerate(STEPS) if "canary" in s.parameters)
    wizard.go_to_step(delivery)
    steps = wizard.page.get_by_role("textbox", name=re.compile(r"^Canary traffic steps"))
    before = wizard.markdown()
    # A list that does not rise is refused: a message tied to the field, and the document is unchanged.
    steps.fill("50, 25")
    expect(steps).to_have_attribute("aria-invalid", "true")
    error = wizard.page.locator("[data-param-error='canary.steps']")
    expect(error).to_be_visible()
    expect(error).to_contain_text("rises")
    assert wizard.markdown() == before
    # A good value is used everywhere the document states the canary steps.
    steps.fill("3, 30, 100")
    expect(steps).not_to_have_attribute("aria-invalid", "true")
    expect(error).to_be_hidden()
    document = wizard.markdown()
    assert "| Canary traffic steps | 3%, 30%, 100% | our choice |" in document
    assert "**Our canary plan:** 3%, 30%, 100% of traffic" in document
    assert "5%, 25%, 50%, 100%" not in document
    # A duration that is not one is refused the same way; the label is plain language, the id small beside it.
    time = wizard.page.get_by_role("textbox", name=re.compile(r"^Time at each canary step"))
    time.fill("abc")
    expect(time).to_have_attribute("aria-invalid", "true")
    assert wizard.markdown() == document
    expect(wizard.page.locator("label", has_text="Time at each canary step").locator("code")).to_have_text(" canary.step-time")


# --- the wizard never loses or mangles work (issue 10, part 3) ---------------------------

STORAGE_KEY = "release-playbook:answers:v1"
KEPT_KEY = "release-playbook:answers:v1:kept"
FORMAT = {"format": "release-playbook-answers", "version": 1}


def stored(page: Page, key: str = STORAGE_KEY):
    return page.evaluate("(key) => localStorage.getItem(key)", key)


def open_with_stored(wizard: Wizard, text: str) -> Wizard:
    """Open the wizard with `text` saved in localStorage as if by an earlier visit."""
    wizard.page.goto(wizard.site.url)
    wizard.page.evaluate("([key, text]) => localStorage.setItem(key, text)", [STORAGE_KEY, text])
    return wizard.open()


def test_saved_answers_with_an_unknown_id_keep_every_valid_part(wizard: Wizard, tmp_path):
    """What happens after a fork removes a tool: the rest of the answers stay, and the page says what went."""
    saved = json.dumps({**FORMAT, "organisation": {"name": "Forked Co", "size": "startup"}, "tools": ["argo-cd", "removed-tool"]})
    open_with_stored(wizard, saved)
    expect(wizard.page.get_by_label(T.organisation_name)).to_have_value("Forked Co")
    notice = wizard.page.locator(".rp-notice")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text("tools.removed-tool")
    violations = Axe().run(wizard.page, context=".rp-notice").response["violations"]
    assert [v["id"] for v in violations] == []
    wizard.page.get_by_label(T.organisation_name).fill("Forked Co 2")
    wizard.page.wait_for_function(f"localStorage.getItem({json.dumps(STORAGE_KEY)}).includes('Forked Co 2')")
    assert stored(wizard.page, KEPT_KEY) == saved  # the original is kept aside, byte for byte
    kept = wizard.download(T.kept_download, tmp_path)
    assert kept.read_text(encoding="utf-8") == saved
    expect(notice).to_be_hidden()
    assert stored(wizard.page, KEPT_KEY) is None


@pytest.mark.parametrize(
    "text",
    [
        "{",
        "null",
        '"answers"',
        "[]",
        '{"format": "release-playbook-answers", "version": 3}',
        '{"format": "something-else", "version": 1}',
        '{"format": "release-playbook-answers", "version": 1, "organisation": "Acme"}',
    ],
    ids=["truncated", "null", "string", "list", "newer", "foreign", "wrong-type"],
)
def test_unreadable_saved_answers_are_offered_for_download_before_anything_replaces_them(wizard: Wizard, tmp_path, text):
    open_with_stored(wizard, text)
    expect(wizard.page.locator(".rp-notice")).to_be_visible()
    wizard.page.get_by_label(T.organisation_name).fill("New work")
    wizard.page.wait_for_function(f"(localStorage.getItem({json.dumps(STORAGE_KEY)}) || '').includes('New work')")
    assert stored(wizard.page, KEPT_KEY) == text
    wizard.page.reload()
    wizard.ready()
    expect(wizard.page.locator(".rp-notice")).to_contain_text(T.kept_still)  # still offered after a reload
    assert wizard.download(T.kept_download, tmp_path).read_text(encoding="utf-8") == text


def test_with_no_room_to_keep_them_unreadable_answers_are_not_overwritten(wizard: Wizard, tmp_path):
    wizard.page.add_init_script(
        f"""const setItem = Storage.prototype.setItem;
        Storage.prototype.setItem = function (key, value) {{
          if (key === {json.dumps(KEPT_KEY)}) throw new DOMException("full", "QuotaExceededError");
          return setItem.call(this, key, value);
        }};"""
    )
    open_with_stored(wizard, "{not json")
    expect(wizard.page.locator(".rp-notice")).to_contain_text(T.kept_unsaved)
    wizard.page.get_by_label(T.organisation_name).fill("Not saved yet")
    wizard.page.wait_for_timeout(500)  # longer than the save delay
    assert stored(wizard.page) == "{not json"
    wizard.page.get_by_role("button", name=T.kept_discard).click()
    wizard.page.wait_for_function(f"localStorage.getItem({json.dumps(STORAGE_KEY)}).includes('Not saved yet')")


def share_hash(answers: dict) -> str:
    import base64

    return "#answers=" + base64.urlsafe_b64encode(json.dumps(answers).encode("utf-8")).decode("ascii").rstrip("=")


def test_a_share_link_asks_before_replacing_work_in_progress(wizard: Wizard, tmp_path):
    wizard.open()
    wizard.page.get_by_label(T.organisation_name).fill("My work")
    wizard.page.wait_for_function(f"(localStorage.getItem({json.dumps(STORAGE_KEY)}) || '').includes('My work')")
    link = wizard.site.url + "wizard/" + share_hash({**FORMAT, "organisation": {"name": "From the link"}})

    asked: list[str] = []
    wizard.page.once("dialog", lambda d: (asked.append(d.message), d.dismiss()))
    wizard.page.goto(link)
    wizard.ready()
    assert asked == [T.link_replace_confirm]
    expect(wizard.page.get_by_label(T.organisation_name)).to_have_value("My work")
    assert "#" not in wizard.page.url

    wizard.page.once("dialog", lambda d: d.accept())
    wizard.page.goto(link)
    wizard.ready()
    expect(wizard.page.get_by_label(T.organisation_name)).to_have_value("From the link")
    # Material may reload the content once after the hash change; the wizard then shows the outcome again.
    expect(wizard.page.locator(".rp-notice")).to_contain_text(T.link_replaced, timeout=15_000)
    previous = json.loads(wizard.download(T.kept_download, tmp_path).read_text(encoding="utf-8"))
    assert previous["organisation"]["name"] == "My work"


def test_an_example_link_asks_too(page: Page, site):
    preset = CATALOGUE.presets[0]
    wizard = Wizard(page, site).open()
    page.get_by_label(T.organisation_name).fill("Mine")
    page.wait_for_function(f"(localStorage.getItem({json.dumps(STORAGE_KEY)}) || '').includes('Mine')")
    page.goto(site.url + f"examples/{preset.id}/")
    asked: list[str] = []
    page.once("dialog", lambda d: (asked.append(d.message), d.dismiss()))
    page.get_by_role("link", name="Open these answers in the wizard").click()
    wizard.ready()
    assert asked == [T.link_replace_confirm]
    expect(page.get_by_label(T.organisation_name)).to_have_value("Mine")


def test_two_tabs_keep_each_others_edits(wizard: Wizard):
    first = wizard.open().page
    second = first.context.new_page()
    Wizard(second, wizard.site).open()
    first.get_by_label(T.organisation_name).fill("Edited in tab one")
    expect(second.get_by_label(T.organisation_name)).to_have_value("Edited in tab one")
    Wizard(second, wizard.site).choose_profiles("scale-up", "healthcare", "mobile")
    expect(first.get_by_role("radio", name=re.compile("^Healthcare"))).to_be_checked()
    first.reload()
    wizard.ready()
    expect(first.get_by_label(T.organisation_name)).to_have_value("Edited in tab one")
    expect(first.get_by_role("radio", name=re.compile("^Healthcare"))).to_be_checked()
    second.close()


def test_own_picks_stay_and_the_rest_follows_the_profiles(wizard: Wizard):
    wizard.open()
    wizard.choose_profiles("startup", "saas", "microservices")
    delivery = next(i for i, s in enumerate(STEPS) if s.special == "strategies")
    wizard.go_to_step(delivery)
    # The profiles' pick in the service-mesh category, and another tool of that one-tool category.
    from macros.engine import chosen, normalise_answers

    startup = normalise_answers(
        {"format": "release-playbook-answers", "version": 2, "organisation": {"size": "startup", "industry": "saas", "stack": "microservices"}},
        CATALOGUE.bundle,
    )
    given = next(t for t in chosen("tools", startup, CATALOGUE.bundle) if t["category"] == "service-mesh")
    other = next(t for t in CATALOGUE.bundle["tools"] if t["category"] == "service-mesh" and t["id"] != given["id"] and t["id"] == "linkerd")
    given_box = wizard.page.get_by_role("checkbox", name=re.compile("^" + re.escape(given["name"])))
    other_box = wizard.page.get_by_role("checkbox", name=re.compile("^" + re.escape(other["name"])))
    expect(given_box).to_be_checked()
    expect(wizard.page.locator(".rp-choice", has=given_box)).to_contain_text(T.source_profile)
    other_box.check()  # service mesh is a one-tool category: the team's pick replaces the profiles' one
    expect(other_box).to_be_checked()
    expect(given_box).not_to_be_checked()
    assert T.source_own in wizard.page.locator(".rp-choice", has=other_box).inner_text()
    flagger_before = wizard.page.get_by_role("checkbox", name=re.compile("^Flagger")).is_checked()
    wizard.go_to_step(0)
    wizard.page.get_by_role("radio", name=re.compile("^Serverless")).check()
    wizard.go_to_step(delivery)
    expect(other_box).to_be_checked()  # the team's own pick stays...
    mine = {"tools": {"linkerd": True}}
    wizard.page.wait_for_function(f"(localStorage.getItem({json.dumps(STORAGE_KEY)}) || '').includes('serverless')")
    serverless = json.loads(stored(wizard.page))
    assert serverless["picks"]["tools"] == mine["tools"] and serverless["tools"] is None
    # ...and the others follow the new stack: what the profiles give for serverless, not for microservices.
    flagger = wizard.page.get_by_role("checkbox", name=re.compile("^Flagger"))
    assert flagger_before and not flagger.is_checked()


def test_spaces_alone_are_no_answer(wizard: Wizard):
    wizard.open()
    wizard.go_to_step(len(STEPS) - 1)
    wizard.page.get_by_label("[RELEASE_VERSION]").fill("   ")
    now = wizard.page.locator('[data-now="RELEASE_VERSION"]')
    expect(now).not_to_contain_text(T.sources.user)
    wizard.go_to_step(0)
    wizard.page.get_by_label(T.organisation_name).fill("   ")
    assert wizard.markdown().startswith("# Release process: our organisation\n")


def preview_structure(page: Page) -> dict[str, int]:
    return page.evaluate(
        "() => Object.fromEntries(['h3', 'h4', 'h5', 'li', 'table', 'pre', 'blockquote'].map("
        "(t) => [t, document.querySelectorAll('.rp-document ' + t).length]))"
    )


def test_a_block_value_keeps_its_lines_and_cannot_change_the_document(wizard: Wizard):
    wizard.open()
    before = preview_structure(wizard.page)
    phase = next(p.id for p in CATALOGUE.phases if "ROLLBACK_PROCEDURE" in [x.id for x in p.placeholders])
    rollback_step = next(i for i, s in enumerate(STEPS) if phase in s.phases)
    wizard.go_to_step(rollback_step)
    field = wizard.page.get_by_label("[ROLLBACK_PROCEDURE]")
    assert field.evaluate("el => el.tagName") == "TEXTAREA"
    field.fill("Run ./rollback.sh\n## Injected heading\n- not an item\n```")
    markdown = wizard.markdown()
    assert "Procedure: Run ./rollback.sh\\\n   \\## Injected heading\\\n   \\- not an item\\\n   \\```\n" in markdown
    assert preview_structure(wizard.page) == before
    span = wizard.page.locator('.rp-document span.rp-ph[data-ph="ROLLBACK_PROCEDURE"]').first
    assert span.locator("br").count() == 3
    expect(span).to_contain_text("## Injected heading")
    wizard.page.reload()
    wizard.ready()
    expect(wizard.page.get_by_label("[ROLLBACK_PROCEDURE]")).to_have_value("Run ./rollback.sh\n## Injected heading\n- not an item\n```")


def test_values_show_in_the_preview_as_the_document_shows_them(wizard: Wizard):
    wizard.open()
    wizard.go_to_step(0)
    wizard.page.get_by_label(T.organisation_name).fill("#")
    assert wizard.markdown().startswith("# Release process: \\#\n")
    expect(wizard.page.locator(".rp-document h3").first).to_have_text("Release process: #")
    wizard.go_to_step(len(STEPS) - 1)
    wizard.page.get_by_label("[RELEASE_VERSION]").fill("**2.0** with `code`")
    version = wizard.page.locator('.rp-document span.rp-ph[data-ph="RELEASE_VERSION"]').first
    expect(version.locator("strong")).to_have_text("2.0")  # Markdown renders in lists as in tables
    expect(version.locator("code")).to_have_text("code")
    gates = next(i for i, s in enumerate(STEPS) if "quality-gates" in s.phases)
    wizard.go_to_step(gates)
    wizard.page.get_by_label("[CODE_COVERAGE_THRESHOLDS]").fill("a\\|b")
    expect(wizard.page.locator('.rp-document span.rp-ph[data-ph="CODE_COVERAGE_THRESHOLDS"]').first).to_have_text("a\\|b")
    expect(wizard.page.locator(".rp-document td", has_text="a\\|b")).to_have_count(1)  # the backslash stays in tables too


def test_the_cluster_hint_shows_emphasis_not_asterisks(wizard: Wizard):
    wizard.open()
    wizard.go_to_step(1)
    cluster = wizard.page.locator("[data-cluster]")
    expect(cluster.locator("em")).to_have_count(1)
    assert "*" not in cluster.inner_text()


def test_a_category_where_one_tool_is_expected_says_so(wizard: Wizard):
    wizard.open()
    exclusive = [c for c in CATALOGUE.categories if c.exclusive]
    other = [c for c in CATALOGUE.categories if not c.exclusive]
    assert exclusive and other
    for category, says in ((exclusive[0], True), (other[0], False)):
        step = next(i for i, s in enumerate(STEPS) if category.id in s.categories)
        wizard.go_to_step(step)
        group = wizard.page.get_by_role("group", name=category.name)
        assert (T.tools_hint_exclusive in group.inner_text()) is says


def test_the_step_is_in_the_url_so_reload_back_and_forward_work(wizard: Wizard):
    wizard.open()
    wizard.go_to_step(2)
    assert f"step={STEPS[2].id}" in wizard.page.url
    wizard.page.reload()
    wizard.ready()
    expect(wizard.page.get_by_role("heading", level=2, name=f"3. {STEPS[2].title}")).to_be_visible()
    wizard.go_to_step(4)
    wizard.page.go_back()
    expect(wizard.page.get_by_role("heading", level=2, name=f"3. {STEPS[2].title}")).to_be_visible()
    expect(wizard.page.get_by_role("heading", level=2, name=f"5. {STEPS[4].title}")).to_be_hidden()
    wizard.page.go_back()
    expect(wizard.page.get_by_role("heading", level=2, name=f"1. {STEPS[0].title}")).to_be_visible()
    assert "/wizard/" in wizard.page.url  # still in the wizard
    wizard.page.go_forward()
    expect(wizard.page.get_by_role("heading", level=2, name=f"3. {STEPS[2].title}")).to_be_visible()


def test_the_share_box_has_a_visible_label_and_a_failed_copy_says_what_to_do(wizard: Wizard):
    wizard.page.add_init_script("navigator.clipboard.writeText = () => Promise.reject(new Error('denied'))")
    wizard.open()
    wizard.go_to_step(len(STEPS) - 1)
    wizard.page.get_by_role("button", name=T.share_link).click()
    expect(wizard.page.get_by_text(T.share_field_label, exact=True)).to_be_visible()
    expect(wizard.page.get_by_label(T.share_field_label)).to_have_value(re.compile("#answers="))
    expect(wizard.page.get_by_role("status")).to_have_text(T.share_copy_failed)


def test_a_full_storage_quota_is_reported_as_such(wizard: Wizard):
    wizard.page.add_init_script("Storage.prototype.setItem = function () { throw new DOMException('full', 'QuotaExceededError'); }")
    wizard.open()
    wizard.page.get_by_label(T.organisation_name).fill("Too much")
    expect(wizard.page.get_by_role("status")).to_have_text(T.storage_full)


def test_with_storage_blocked_nothing_throws_and_the_wizard_says_answers_are_not_saved(page: Page, site):
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.add_init_script(
        "for (const name of ['localStorage', 'sessionStorage']) Object.defineProperty(window, name, "
        "{ get() { throw new DOMException('The operation is insecure.', 'SecurityError'); } });"
    )
    page.goto(site.url)
    wizard = Wizard(page, site).open()
    page.get_by_label(T.organisation_name).fill("No storage")
    expect(page.get_by_role("status")).to_have_text(T.storage_unavailable)
    assert wizard.markdown().startswith("# Release process: No storage\n")
    assert errors == []


IMPORTS = [
    ("bom", b"\xef\xbb\xbf" + json.dumps({**FORMAT, "organisation": {"name": "Café"}}).encode("utf-8"), None),
    ("utf-16", json.dumps({**FORMAT, "organisation": {"name": "Café"}}).encode("utf-16"), "not UTF-8 text"),
    ("latin-1", json.dumps({**FORMAT, "organisation": {"name": "Café"}}, ensure_ascii=False).encode("latin-1"), "not UTF-8 text"),
    ("misspelt", json.dumps({**FORMAT, "organization": {"name": "x"}, "tool": []}).encode(), "(organization, tool)"),
    ("wrong-type", json.dumps({**FORMAT, "values": {"RELEASE_VERSION": 2}}).encode(), "wrong type (values.RELEASE_VERSION)"),
    ("infinite", b'{"format": "release-playbook-answers", "version": 1e400}', "wrong type (version)"),
    ("surrogate", b'{"format": "release-playbook-answers", "version": 1, "values": {"RELEASE_VERSION": "\\ud83d"}}', "not valid Unicode"),
    ("too-big", b" " * 1_000_001, "at most 1,000,000 bytes"),
]


@pytest.mark.parametrize("name, content, message", IMPORTS, ids=[i[0] for i in IMPORTS])
def test_imports_follow_the_command_lines_rule(wizard: Wizard, tmp_path, name, content, message):
    """One rule in both runtimes: the wizard accepts what the CLI accepts and refuses what it refuses."""
    path = tmp_path / "answers.json"
    path.write_bytes(content)
    cli = subprocess.run([sys.executable, "-m", "macros", "render", str(path), "--date", "2026-11-28"], cwd=ROOT, capture_output=True, text=True)
    wizard.open()
    wizard.choose_profiles("startup", "saas", "microservices")
    before = wizard.markdown()
    wizard.go_to_step(len(STEPS) - 1)
    wizard.page.get_by_label(T.import_answers).set_input_files(path)
    if message is None:
        expect(wizard.page.get_by_role("status")).to_have_text(T.import_done)
        assert cli.returncode == 0
        assert wizard.markdown().split("\n", 1)[0] == cli.stdout.split("\n", 1)[0] == "# Release process: Café"
    else:
        expect(wizard.page.locator(".rp-error")).to_contain_text(message)
        assert cli.returncode == 1 and message in cli.stderr
        assert wizard.markdown() == before


def test_a_new_profile_keeps_own_values_and_says_what_it_changed(wizard: Wizard):
    wizard.open()
    wizard.choose_profiles("startup", "saas", "microservices")
    wizard.go_to_step(0)
    owner = wizard.page.get_by_role("textbox", name=re.compile(r"^Release owner"))
    owner.fill("Platform team")
    before = wizard.page.evaluate("document.querySelector('[data-module=\"rp-wizard\"]').wizard.normalised()")
    wizard.page.get_by_role("radio", name=re.compile("^Serverless")).check()
    changes = wizard.page.locator(".rp-changes")
    expect(changes).to_be_visible()
    after = wizard.page.evaluate("document.querySelector('[data-module=\"rp-wizard\"]').wizard.normalised()")
    from macros.engine import chosen

    def tools(answers):
        return {t["name"] for t in chosen("tools", answers, CATALOGUE.bundle)}

    gone = tools(before) - tools(after)
    assert gone, "the stack change should drop some Kubernetes tools"
    for name in gone:
        expect(changes).to_contain_text(name)
    # The team's own value stayed.
    expect(owner).to_have_value("Platform team")
    assert "| Release owner | Platform team |" in wizard.markdown()
