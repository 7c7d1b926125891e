"""The benchmark runs and prints every figure of issue #11 (how fast is its business, not the suite's)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIGURES = [
    "render --preset (whole process",
    "validate (whole process",
    "build ratio (site / plain Material",
    "without the build caches",
    "scaling (tools copied",
    "  x1: ",
    "  x2: ",
    "navigation",
    "  first view: ",
    "  right after the first view: ",
    "  last step (starter kit): ",
    "wizard's first view, own JavaScript + data, gzip",
    "edit -> updated preview",
    "mkdocs serve, page-only edit",
]


def test_the_benchmark_prints_every_figure():
    before = set(ROOT.glob(".bench-*.yml"))
    result = subprocess.run([sys.executable, "tests/bench.py", "--small"], cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stderr[-3000:]
    for figure in FIGURES:
        assert figure in result.stdout, f"{figure!r} missing from:\n{result.stdout}"
    assert set(ROOT.glob(".bench-*.yml")) <= before, "the benchmark left a config file behind"
