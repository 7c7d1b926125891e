"""Benchmark the wizard and print figures (not a test: nothing here passes or fails).

    ./dev bench            (or .venv/bin/python tests/bench_wizard.py)

Prints: gzip size of the wizard's own JavaScript and data, in the order the browser loads them: the
first view (every file received before the wizard drew its first step: the `rp-wizard-first-view`
performance mark), what it fetches right after (the other steps, the document, the preview HTML) and
what only the last step loads (the starter kit); time from an edit to the updated preview over 200
edits (median and 95th percentile); time from the download click to the file.
Targets from issues #3 and #11: first view under 60 KB gzip, under 16 ms at the 95th percentile.
"""

from __future__ import annotations

import gzip
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from conftest import CHROMIUM, build_site, free_port, serve_at  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

EDITS = 200
DOWNLOADS = 8  # Chromium stops a page's automatic downloads after about ten in a row

# Every file the page fetched: when it was fully received, relative to the wizard's first view.
RESOURCES = """
() => {
  const mark = performance.getEntriesByName("rp-wizard-first-view")[0].startTime;
  return performance.getEntriesByType("resource").map((e) => ({ url: e.name, first: e.responseEnd <= mark }));
}
"""
OWN = ("assets/wizard/", "assets/vendor/", "assets/playbook.js")
"""The wizard's own files (playbook.js is the site's script, on every page: it starts the wizard)."""

EDIT_LOOP = """
([count]) => {
  const input = document.querySelector('[data-ph="RELEASE_VERSION"][data-field="values"]');
  const preview = document.querySelector(".rp-document");
  const times = [];
  for (let i = 0; i < count; i++) {
    const start = performance.now();
    input.value = "1." + i + ".0";
    input.dispatchEvent(new Event("input", { bubbles: true }));
    preview.getBoundingClientRect(); // include style and layout of the updated preview
    times.push(performance.now() - start);
  }
  if (!preview.textContent.includes("1." + (count - 1) + ".0")) throw new Error("preview did not update");
  return times;
}
"""


def gzip_size(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=9))


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def loaded(page, url: str, out: Path, seen: set[str]) -> dict[str, dict]:
    """The wizard's own files the page has fetched and `seen` does not hold yet: gzip KB and whether before the first view."""
    files = {}
    for entry in page.evaluate(RESOURCES):
        path = entry["url"].split("?")[0].removeprefix(url)
        if path.startswith(OWN) and path not in seen:
            seen.add(path)
            files[path] = {"kb": gzip_size(out / path) / 1024, "first": entry["first"]}
    return files


def wizard_figures(edits: int = EDITS, downloads: int = DOWNLOADS) -> dict:
    """Build the site, then measure the wizard: payload sizes, edit -> preview times, downloads (when asked)."""
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    figures: dict = {"files": {}}
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "site"
        result = build_site(out, url)
        if result.returncode != 0:
            sys.exit(result.stderr[-3000:])
        server = serve_at(out, port)
        try:
            with sync_playwright() as p:
                launch = {"executable_path": str(CHROMIUM)} if CHROMIUM.exists() else {}
                browser = p.chromium.launch(args=["--disable-background-networking"], **launch)
                page = browser.new_page(accept_downloads=True)
                page.goto(url + "wizard/")
                page.wait_for_selector('[data-module="rp-wizard"][data-ready="true"]', state="attached")
                seen: set[str] = set()
                opening = loaded(page, url, out, seen)
                first = {name: f["kb"] for name, f in opening.items() if f["first"]}
                figures["files"] = first
                figures["payload_kb"] = sum(first.values())
                figures["site_script_kb"] = first.get("assets/playbook.js", 0.0)
                figures["after"] = {name: f["kb"] for name, f in opening.items() if not f["first"]}
                for name in ("Startup", "SaaS", "Microservices"):
                    page.get_by_role("radio", name=name, exact=False).first.check()
                page.locator(".rp-progress button").last.click()
                page.evaluate(EDIT_LOOP, [20])  # warm-up
                times = page.evaluate(EDIT_LOOP, [edits])
                figures["edit_median_ms"] = statistics.median(times)
                figures["edit_p95_ms"] = percentile(times, 95)
                figures["edit_max_ms"] = max(times)
                page.locator(".rp-progress button").last.click()
                page.locator(".rp-kit-files li").first.wait_for()
                figures["last_step"] = {name: f["kb"] for name, f in loaded(page, url, out, seen).items()}
                figures["zip_kb"] = gzip_size(out / "assets" / "vendor" / "fflate.min.js") / 1024
                waits = []
                button = page.get_by_role("button", name="Download release-process.md")
                for _ in range(downloads):
                    start = time.perf_counter()
                    with page.expect_download() as info:
                        button.click()
                    info.value.path()  # returns once the file is complete
                    waits.append((time.perf_counter() - start) * 1000)
                figures["download_ms"] = waits
                browser.close()
        finally:
            server.shutdown()
    return figures


def print_payload(figures: dict) -> None:
    """The wizard's files by when they load, gzip -9."""
    for title, key in (("first view", "files"), ("right after the first view", "after"), ("last step (starter kit)", "last_step")):
        files = figures[key]
        names = ", ".join(f"{name.removeprefix('assets/')} {kb:.1f}" for name, kb in files.items())
        print(f"  {title}: {sum(files.values()):.1f} KB gzip ({names})")
    print(f"  the ZIP library (vendor/fflate.min.js) loads on the starter kit's download click: {figures['zip_kb']:.1f} KB gzip")
    print(
        f"wizard's first view, own JavaScript + data, gzip: {figures['payload_kb']:.1f} KB, of which the site's script "
        f"(playbook.js, on every page) {figures['site_script_kb']:.1f} KB (aim < 60 KB)"
    )


def main() -> None:
    figures = wizard_figures()
    print_payload(figures)
    print(
        f"Edit -> updated preview over {EDITS} edits: median {figures['edit_median_ms']:.2f} ms, "
        f"p95 {figures['edit_p95_ms']:.2f} ms, max {figures['edit_max_ms']:.2f} ms (target p95 < 16 ms)"
    )
    waits = figures["download_ms"]
    print(f"Download click -> file over {DOWNLOADS} downloads: median {statistics.median(waits):.1f} ms, max {max(waits):.1f} ms")


if __name__ == "__main__":
    main()
