"""The JavaScript engine (docs/assets/wizard/engine.js) in Chromium gives byte-identical documents
to the Python engine for every shared vector, and the same message for refused answers."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from playwright.sync_api import Page

sys.path.insert(0, str(Path(__file__).parent / "vectors"))
from regenerate import bundles, load_vectors  # noqa: E402

from macros.bundle import FIRST_VIEW, merge_bundle, split_bundle  # noqa: E402

RUN_ALL = """
async ([bundles, vectors]) => {
  const engine = await import(new URL("assets/wizard/engine.js", document.baseURI).href);
  return vectors.map((v) => {
    try {
      const bundle = bundles[v.catalogue || "data"];
      const withSite = "site_url" in v ? { ...bundle, site_url: v.site_url } : bundle;
      return { suffix: ".md", text: engine.render(v.answers, withSite, v.date) };
    } catch (error) {
      if (!(error instanceof engine.AnswersError)) throw error;
      return { suffix: ".error.txt", text: error.message + "\\n" };
    }
  });
}
"""


@pytest.fixture(scope="module")
def js_results(browser, site):
    page: Page = browser.new_page()
    page.goto(site.url)
    vectors = load_vectors()
    results = page.evaluate(RUN_ALL, [bundles(), [v for _, v in vectors]])
    page.close()
    return {path.stem: result for (path, _), result in zip(vectors, results, strict=True)}


@pytest.mark.parametrize("path", [p for p, _ in load_vectors()], ids=lambda p: p.stem)
def test_javascript_engine_matches_the_vector(js_results, path):
    result = js_results[path.stem]
    stored = path.with_suffix(result["suffix"])
    assert stored.is_file(), f"JavaScript gave {result['suffix']}, Python did not"
    assert result["text"] == stored.read_text(encoding="utf-8")


PARTS = ("bundle-first.json", "bundle-rest.json")


def served_parts(site) -> list[dict]:
    return [json.loads((site.path / "assets" / "wizard" / name).read_text(encoding="utf-8")) for name in PARTS]


def test_the_site_serves_the_bundle_the_python_engine_reads(site):
    served = merge_bundle(*served_parts(site))
    python = bundles()["data"]
    for section in served["document"]["sections"]:
        for part in section["parts"]:
            part.pop("html", None)
    assert served == json.loads(json.dumps(python))


def test_the_wizard_puts_its_bundle_together_as_the_python_engine_does(browser, site):
    """wizard.js joins the two parts it fetches into the very bundle the Python side split."""
    page: Page = browser.new_page()
    page.goto(site.url)
    joined = page.evaluate(
        """async (names) => {
          const wizard = await import(new URL("assets/wizard/wizard.js", document.baseURI).href);
          const parts = await Promise.all(names.map((n) => fetch(new URL("assets/wizard/" + n, document.baseURI)).then((r) => r.json())));
          return wizard.mergeBundle(...parts);
        }""",
        list(PARTS),
    )
    page.close()
    assert joined == merge_bundle(*served_parts(site))


def test_the_first_view_part_holds_only_what_the_first_step_draws(site):
    first, rest = served_parts(site)
    assert set(first) == set(FIRST_VIEW)
    assert set(first["document"]) == {"labels"}
    assert all(set(p) == {"id", "dimension", "name", "focus"} for p in first["profiles"])
    # The document's text and its preview HTML, the tools and the placeholders come after the first view.
    assert "sections" in rest["document"] and {"tools", "placeholders", "strategies"} <= set(rest)
    assert all("html" in part for section in rest["document"]["sections"] for part in section["parts"] if part["text"] is not None)


def test_a_new_field_of_the_bundle_goes_to_the_rest_and_new_words_to_the_first_view():
    """Whatever is added later lands in a part without editing FIRST_VIEW: new strings of the wizard
    (data/wizard.yml) in the first view, any other new field in the rest."""
    bundle = json.loads(json.dumps(bundles()["data"]))
    bundle["organisation_answers"] = {"name": "Acme"}
    bundle["wizard"]["text"]["new_words"] = "Nuevas palabras"
    bundle["profiles"][0]["new_rule"] = [1, 2]
    first, rest = split_bundle(bundle)
    assert "organisation_answers" in rest and "organisation_answers" not in first
    assert first["wizard"]["text"]["new_words"] == "Nuevas palabras" and "wizard" not in rest
    assert rest["profiles"][0]["new_rule"] == [1, 2] and "new_rule" not in first["profiles"][0]
    assert merge_bundle(first, rest) == bundle
