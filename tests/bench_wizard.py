"""Benchmark the wizard and print figures (not a test: nothing here passes or fails).

    ./dev bench            (or .venv/bin/python tests/bench_wizard.py)

Prints: gzip size of the wizard's own JavaScript and data; time from an edit to the updated
preview over 200 edits (median and 95th percentile); time from the download click to the file.
Targets from issue #3: under 60 KB gzip, under 16 ms at the 95th percentile.
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
        files = sorted((out / "assets" / "wizard").glob("*.js")) + [out / "assets" / "playbook.js", out / "assets" / "wizard" / "bundle.json"]
        total = 0
        for f in files:
            size = gzip_size(f)
            total += size
            figures["files"][str(f.relative_to(out))] = size / 1024
        figures["payload_kb"] = total / 1024

        server = serve_at(out, port)
        try:
            with sync_playwright() as p:
                launch = {"executable_path": str(CHROMIUM)} if CHROMIUM.exists() else {}
                browser = p.chromium.launch(args=["--disable-background-networking"], **launch)
                page = browser.new_page(accept_downloads=True)
                page.goto(url + "wizard/")
                page.wait_for_selector('[data-module="rp-wizard"][data-ready="true"]', state="attached")
                for name in ("Startup", "SaaS", "Microservices"):
                    page.get_by_role("radio", name=name, exact=False).first.check()
                page.locator(".rp-progress button").last.click()
                page.evaluate(EDIT_LOOP, [20])  # warm-up
                times = page.evaluate(EDIT_LOOP, [edits])
                figures["edit_median_ms"] = statistics.median(times)
                figures["edit_p95_ms"] = percentile(times, 95)
                figures["edit_max_ms"] = max(times)
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


def main() -> None:
    figures = wizard_figures()
    print("Wizard payload (gzip -9):")
    for name, kb in figures["files"].items():
        print(f"  {name}: {kb:.1f} KB gzip")
    print(f"  total: {figures['payload_kb']:.1f} KB gzip (target < 60 KB)")
    print(
        f"Edit -> updated preview over {EDITS} edits: median {figures['edit_median_ms']:.2f} ms, "
        f"p95 {figures['edit_p95_ms']:.2f} ms, max {figures['edit_max_ms']:.2f} ms (target p95 < 16 ms)"
    )
    waits = figures["download_ms"]
    print(f"Download click -> file over {DOWNLOADS} downloads: median {statistics.median(waits):.1f} ms, max {max(waits):.1f} ms")


if __name__ == "__main__":
    main()
