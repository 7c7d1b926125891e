"""Benchmark the whole project and print every figure of issue #11 (not a test: nothing here passes or fails).

    ./dev bench             every figure (about 10 minutes on 2 cores)
    ./dev bench --small     each figure once, on the small fixture catalogue (what the test suite runs)

Figures, as ratios or medians of whole-process runs so that the machine's speed matters less. Times
are CPU seconds (user + system) of the process measured, which other work on the machine barely
changes; the serve figure is wall time (it waits for a file watcher):

- build ratio: `mkdocs build --strict` of the site / the same build of plain Material, made in the
  same run from the site's own pages as rendered Markdown (same theme, features, extensions, nav
  and assets; no macros, no hooks); the site's build with its caches warm (~/.cache/release-playbook:
  the wizard bundle, compiled templates), and without them (PLAYBOOK_NO_CACHE=1);
- scaling: the site built with every tool copied x1, x4 and x8: pages, seconds, seconds per page,
  what each page past x1 adds (the build's fixed cost left out) and the share of the time Material
  spends rendering the navigation (the same build with an empty navigation partial);
- `python -m macros render --preset ...` and `python -m macros validate`: whole-process medians;
- the wizard's JavaScript and data (gzip) of its first view, of what it fetches right after and of its
  last step, and edit -> updated preview p95 (tests/bench_wizard.py);
- `mkdocs serve`: a page-only edit -> the page served with the change.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

from conftest import free_port  # noqa: E402

PY = sys.executable
# Benchmark builds are never published: a local site URL (a production build without one fails).
ENV = {"SITE_URL": "http://127.0.0.1:8000/", **os.environ, "NO_MKDOCS_2_WARNING": "1"}
AIMS = {"ratio": 1.15, "render": 0.3, "validate": 0.5, "payload_kb": 60, "edit_p95_ms": 16}


def run(cmd: list[str], env: dict | None = None, cwd: Path = ROOT) -> float:
    """CPU seconds (user + system) one whole process takes; stops the benchmark if it fails.

    CPU time rather than wall time: on a shared machine the wall time mostly measures the other
    processes; the CPU time of the process itself is what the code costs.
    """
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = subprocess.run(cmd, cwd=cwd, env=env or ENV, capture_output=True, text=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        sys.exit(f"{' '.join(map(str, cmd))} failed:\n{result.stderr[-3000:]}")
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def build(out: Path, config: Path | None = None, data: Path | None = None, extra_env: dict | None = None) -> float:
    env = {**ENV, **(extra_env or {})}
    if data:
        env["PLAYBOOK_DATA"] = str(data)
    cmd = [PY, "-m", "mkdocs", "build", "--strict", "-d", str(out)]
    if config:
        cmd += ["-f", str(config)]
    return run(cmd, env, cwd=config.parent if config else ROOT)


def median_of(times: list[float]) -> float:
    return statistics.median(times)


# --- plain Material baseline ------------------------------------------------------


class EnvTag(yaml.SafeLoader):
    """Reads mkdocs.yml: `!ENV [NAME, default]` gives the default."""


EnvTag.add_constructor("!ENV", lambda loader, node: loader.construct_sequence(node)[-1] if isinstance(node, yaml.SequenceNode) else None)


def baseline_project(work: Path, data: Path) -> Path:
    """A plain-Material project with the site's rendered pages: returns its mkdocs.yml."""
    dump = work / "dump"
    site = work / "dump-site"
    build(site, data=data, extra_env={"PLAYBOOK_DUMP_MARKDOWN": str(dump)})
    base = work / "baseline"
    docs = base / "docs"
    shutil.copytree(ROOT / "docs", docs, ignore=shutil.ignore_patterns("*.md"))
    shutil.copytree(dump / "docs", docs, dirs_exist_ok=True)
    for generated in (site / "assets" / "wizard").glob("*"):
        if not (docs / "assets" / "wizard" / generated.name).exists():
            shutil.copy(generated, docs / "assets" / "wizard" / generated.name)
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=EnvTag)
    config.pop("hooks", None)
    config["plugins"] = [p for p in config["plugins"] if not (isinstance(p, dict) and "macros" in p)]
    config["theme"]["custom_dir"] = str(ROOT / config["theme"]["custom_dir"])
    config["nav"] = json.loads((dump / "nav.json").read_text(encoding="utf-8"))
    config["extra"].pop("data_dir", None)
    for ext in config["markdown_extensions"]:
        if isinstance(ext, dict) and "pymdownx.snippets" in ext:
            ext["pymdownx.snippets"]["base_path"] = [str(data / "examples")]
    path = base / "mkdocs.yml"
    path.write_text(json.dumps(config, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def figure_build_ratio(work: Path, data: Path, rounds: int) -> dict:
    """The site's build (its caches warm, as on every build after the first) and the same without its
    caches (PLAYBOOK_NO_CACHE=1: a first build, or a fresh checkout), each against plain Material."""
    config = baseline_project(work, data)  # its dump build also warms the caches
    ours, cold, plain = [], [], []
    for i in range(rounds):  # alternate, so that a busy moment hits all three
        ours.append(build(work / f"ours-{i}", data=data))
        cold.append(build(work / f"cold-{i}", data=data, extra_env={"PLAYBOOK_NO_CACHE": "1"}))
        plain.append(build(work / f"plain-{i}", config=config))
    pages = len(list((work / "ours-0").rglob("index.html")))
    # The median of each round's ratio: builds of one round ran side by side, under the same load.
    ratio = median_of([a / b for a, b in zip(ours, plain, strict=True)])
    cold_ratio = median_of([a / b for a, b in zip(cold, plain, strict=True)])
    print(
        f"build ratio (site / plain Material, {pages} pages, median of {rounds} rounds): {ratio:.2f}x "
        f"({median_of(ours):.1f} s vs {median_of(plain):.1f} s CPU; aim <= {AIMS['ratio']}x); "
        f"without the build caches {cold_ratio:.2f}x ({median_of(cold):.1f} s)"
    )
    return {"ratio": ratio, "ours": median_of(ours), "plain": median_of(plain), "pages": pages, "cold_ratio": cold_ratio}


# --- scaling with the catalogue ---------------------------------------------------


def scaled_data(work: Path, source: Path, factor: int) -> Path:
    """A copy of the catalogue with every tool copied `factor` times in all (ids and names suffixed)."""
    data = work / f"data-x{factor}"
    shutil.copytree(source, data)
    first_strategy = yaml.safe_load((data / "strategies.yml").read_text(encoding="utf-8"))[0]["id"]
    for path in sorted((data / "tools").glob("*.yml")):
        tools = yaml.safe_load(path.read_text(encoding="utf-8"))
        copies = []
        for n in range(2, factor + 1):
            for tool in tools:
                copy = {**tool, "id": f"{tool['id']}-{n}", "name": f"{tool['name']} {n}"}
                copy["strategies"] = tool.get("strategies") or [first_strategy]
                copies.append(copy)
        path.write_text(yaml.safe_dump(tools + copies, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return data


def no_nav_config(work: Path) -> Path:
    """mkdocs.yml with an empty navigation partial (the config must sit next to mkdocs.yml for its paths)."""
    overrides = work / "overrides-no-nav"
    shutil.copytree(ROOT / "overrides", overrides)
    (overrides / "partials" / "nav.html").write_text('<nav class="md-nav md-nav--primary" aria-label="Navigation"></nav>\n', encoding="utf-8")
    config = ROOT / f".bench-no-nav-{os.getpid()}.yml"
    config.write_text(f"INHERIT: mkdocs.yml\ntheme:\n  custom_dir: {json.dumps(str(overrides))}\n", encoding="utf-8")
    return config


def figure_scaling(work: Path, source: Path, factors: tuple[int, ...], rounds: int) -> list[dict]:
    config = no_nav_config(work)
    rows = []
    try:
        for factor in factors:
            data = scaled_data(work, source, factor)
            with_nav, without_nav = [], []
            for i in range(rounds):  # alternate, so that a busy moment hits both
                with_nav.append(build(work / f"scaled-{factor}-{i}", data=data))
                without_nav.append(build(work / f"scaled-{factor}-no-nav-{i}", config=config, data=data))
            seconds, bare = median_of(with_nav), median_of(without_nav)
            pages = len(list((work / f"scaled-{factor}-0").rglob("index.html")))
            rows.append({"factor": factor, "pages": pages, "seconds": seconds, "per_page": seconds / pages, "nav_share": 1 - bare / seconds, "bare": bare})
    finally:
        config.unlink(missing_ok=True)
    base = rows[0]
    print(f"scaling (tools copied, medians of {rounds}; per-page cost relative to x1; navigation's share of the build):")
    for r in rows:
        # What each page past x1 costs: the fixed cost of a build (imports, catalogue) left out.
        extra = r["pages"] - base["pages"]
        marginal = f", {(r['seconds'] - base['seconds']) / extra * 1000:.0f} ms per page added" if extra else ""
        marginal_bare = f" ({(r['bare'] - base['bare']) / extra * 1000:.0f} ms without navigation)" if extra else ""
        print(
            f"  x{r['factor']}: {r['pages']} pages, {r['seconds']:.1f} s CPU, {r['per_page'] * 1000:.0f} ms/page "
            f"({r['per_page'] / base['per_page']:.2f}x of x1){marginal}{marginal_bare}, navigation {r['nav_share'] * 100:.0f}% of the build"
        )
    return rows


# --- command line --------------------------------------------------------------------


def figure_cli(data: Path, runs: int) -> dict:
    presets = yaml.safe_load((data / "presets.yml").read_text(encoding="utf-8"))
    render = [run([PY, "-m", "macros", "--data", str(data), "render", "--preset", presets[0]["id"], "--date", "2026-01-01"]) for _ in range(runs)]
    validate = [run([PY, "-m", "macros", "--data", str(data), "validate"]) for _ in range(runs)]
    print(f"render --preset (whole process, median of {runs}): {median_of(render):.2f} s CPU (aim < {AIMS['render']} s)")
    print(f"validate (whole process, median of {runs}): {median_of(validate):.2f} s CPU (aim < {AIMS['validate']} s)")
    return {"render": median_of(render), "validate": median_of(validate)}


# --- mkdocs serve: page-only edit -> served page -----------------------------------------


def figure_serve(work: Path, data: Path, edits: int) -> dict:
    """Start `mkdocs serve` on a copy of docs/, edit one hand-written page, wait until the server sends the change."""
    docs = work / "serve-docs"
    shutil.copytree(ROOT / "docs", docs)
    config = ROOT / f".bench-serve-{os.getpid()}.yml"
    config.write_text(f"INHERIT: mkdocs.yml\ndocs_dir: {json.dumps(str(docs))}\n", encoding="utf-8")
    port = free_port()
    url = f"http://127.0.0.1:{port}/glossary/"
    server = subprocess.Popen(
        [PY, "-m", "mkdocs", "serve", "-f", str(config), "-a", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env={**ENV, "SITE_URL": f"http://127.0.0.1:{port}/", "PLAYBOOK_DATA": str(data)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    times = []
    try:
        page = docs / "glossary.md"
        original = page.read_text(encoding="utf-8")
        wait_for(url, lambda body: True, 300)
        for n in range(edits):
            marker = f"bench-edit-{n}-{time.time_ns()}"
            start = time.perf_counter()
            page.write_text(original + f"\n\n{marker}\n", encoding="utf-8")
            wait_for(url, lambda body, m=marker: m in body, 300)
            times.append(time.perf_counter() - start)
            time.sleep(1)
    finally:
        server.terminate()
        server.wait(30)
        config.unlink(missing_ok=True)
    print(f"mkdocs serve, page-only edit -> page served with the change (median of {edits}): {median_of(times):.1f} s")
    return {"serve_edit": median_of(times)}


def wait_for(url: str, ready, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if ready(response.read().decode("utf-8", "replace")):
                    return
        except OSError:
            pass
        time.sleep(0.05)
    raise TimeoutError(f"{url} did not answer as expected within {timeout} s")


# --- the wizard ----------------------------------------------------------------------------


def figure_wizard(edits: int) -> dict:
    from bench_wizard import print_payload, wizard_figures

    figures = wizard_figures(edits=edits, downloads=0)
    print("wizard files as they load (gzip -9):")
    print_payload(figures)
    print(f"edit -> updated preview over {edits} edits: p95 {figures['edit_p95_ms']:.2f} ms (aim < {AIMS['edit_p95_ms']} ms)")
    return figures


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true", help="each figure once, on small inputs (for the test suite)")
    parser.add_argument("--only", default="cli,ratio,scaling,wizard,serve", help="figures to measure, comma-separated (default: all)")
    args = parser.parse_args(argv)
    only = set(args.only.split(","))
    data = HERE / "fixtures" / "mini" if args.small else ROOT / "data"
    figures: dict = {}
    print(f"catalogue: {data.relative_to(ROOT)}/; Python {sys.version.split()[0]}, {os.cpu_count()} CPUs")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        if "cli" in only:
            figures.update(figure_cli(data, runs=1 if args.small else 7))
        if "ratio" in only:
            figures.update(figure_build_ratio(work, data, rounds=1 if args.small else 5))
        if "scaling" in only:
            figures["scaling"] = figure_scaling(work, data, (1, 2) if args.small else (1, 4, 8), rounds=1 if args.small else 3)
        if "wizard" in only:
            figures.update(figure_wizard(edits=5 if args.small else 200))
        if "serve" in only:
            figures.update(figure_serve(work, data, edits=1 if args.small else 3))
    return figures


if __name__ == "__main__":
    main()
