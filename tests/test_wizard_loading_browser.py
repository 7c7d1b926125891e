"""The wizard's first view: drawn from the first part of its bundle only, usable before the rest
(the other steps, the document and its preview) arrives, and nothing done meanwhile is lost."""

from __future__ import annotations

import json
import re

from playwright.sync_api import Page, expect

from macros.catalogue import load_catalogue

CATALOGUE = load_catalogue()
T = CATALOGUE.wizard.text
STEPS = CATALOGUE.wizard.steps


def test_the_first_step_works_before_the_rest_of_the_bundle_arrives(page: Page, site):
    held = []
    fetched: list[str] = []
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: fetched.append(r.url.split("?")[0].rsplit("/", 1)[-1]))
    page.route("**/assets/wizard/bundle-rest.json", lambda route: held.append(route))
    # Saved answers from an earlier visit: read once the rest arrives, then what is typed now goes on top.
    organisation = {"name": "Saved Co", "size": "enterprise"}
    saved = {"format": "release-playbook-answers", "version": 2, "organisation": organisation, "values": {"RELEASE_VERSION": "7.7.7"}}
    page.add_init_script(f"localStorage.setItem('release-playbook:answers:v1', JSON.stringify({json.dumps(saved)}))")
    page.goto(site.url + "wizard/")
    root = page.locator('[data-module="rp-wizard"]')
    expect(root).to_have_attribute("data-first-view", "true")
    expect(root).to_have_attribute("data-ready", "loading")
    assert "bundle-first.json" in fetched and "kit.json" not in fetched and "kit.js" not in fetched

    # The first step is complete and usable; the others wait (busy), and so does the preview.
    names = {p.id: p.name for p in CATALOGUE.profiles}
    page.get_by_label(T.organisation_name).fill("Early Bird Ltd")
    page.get_by_role("radio", name=re.compile("^" + re.escape(names["saas"]))).check()
    expect(page.locator(".rp-document")).to_have_attribute("aria-busy", "true")
    page.locator(".rp-progress button").nth(1).click()
    expect(page.get_by_role("heading", level=2, name=f"2. {STEPS[1].title}")).to_be_focused()
    expect(page.locator(f'.rp-step[data-step="{STEPS[1].id}"]')).to_have_attribute("aria-busy", "true")

    held[0].continue_()
    expect(root).to_have_attribute("data-ready", "true")
    # The step that was waiting is built in place, still shown and focused; the preview is drawn.
    expect(page.locator(f'.rp-step[data-step="{STEPS[1].id}"]')).not_to_have_attribute("aria-busy", "true")
    expect(page.get_by_role("heading", level=2, name=f"2. {STEPS[1].title}")).to_be_focused()
    expect(page.locator(".rp-document")).not_to_have_attribute("aria-busy", "true")
    answers = page.evaluate("document.querySelector('[data-module=\"rp-wizard\"]').wizard.answers")
    # What was typed before the rest arrived wins over the saved answers; the rest of them stays.
    assert answers["organisation"]["name"] == "Early Bird Ltd"
    assert answers["organisation"]["industry"] == "saas" and answers["organisation"]["size"] == "enterprise"
    assert answers["values"] == {"RELEASE_VERSION": "7.7.7"}
    expect(page.locator(".rp-document")).to_contain_text("Early Bird Ltd")
    # And it is saved (shortly after the last change).
    page.wait_for_function("JSON.parse(localStorage.getItem('release-playbook:answers:v1')).organisation.name === 'Early Bird Ltd'")
    assert errors == []
