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


def test_the_site_serves_the_bundle_the_python_engine_reads(site):
    served = json.loads((site.path / "assets" / "wizard" / "bundle.json").read_text(encoding="utf-8"))
    python = bundles()["data"]
    for section in served["document"]["sections"]:
        for part in section["parts"]:
            part.pop("html", None)
    assert served == json.loads(json.dumps(python))
