"""Regenerate the expected output of the shared engine vectors from the Python engine.

Run after an intended change to the engine or to the data it reads, then review the diff:
    .venv/bin/python tests/vectors/regenerate.py
Each NN-name.json holds {"date", "answers"} and optionally "catalogue": "mini" (the fixture
catalogue in tests/fixtures/mini, whose placeholders lack defaults, to exercise the TODO path) and
"site_url" (the site's address a runtime puts in the bundle, so sections link to the site's pages);
NN-name.md is the expected document, or NN-name.error.txt the expected message when the answers
must be refused.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))

from macros.bundle import make_bundle  # noqa: E402
from macros.catalogue import load_catalogue  # noqa: E402
from macros.engine import AnswersError, render  # noqa: E402
from macros.i18n import translated  # noqa: E402


def expected(vector: dict, bundle: dict) -> tuple[str, str]:
    """(suffix, text) of the expected result for one vector."""
    if "site_url" in vector:
        bundle = {**bundle, "site_url": vector["site_url"]}
    try:
        return ".md", render(vector["answers"], bundle, vector["date"])
    except AnswersError as exc:
        return ".error.txt", str(exc) + "\n"


CATALOGUES = {"data": None, "mini": HERE.parent / "fixtures" / "mini"}
LANGUAGES = ("es",)
"""Translations of the playbook's data that a vector may name as its "catalogue" (data/i18n/es/ merged over data/)."""


def bundles() -> dict[str, dict]:
    catalogues = {name: load_catalogue(path) for name, path in CATALOGUES.items()}
    out = {name: make_bundle(cat) for name, cat in catalogues.items()}
    out.update({lang: make_bundle(translated(catalogues["data"], lang)) for lang in LANGUAGES})
    return out


def load_vectors() -> list[tuple[Path, dict]]:
    return [(path, json.loads(path.read_text(encoding="utf-8"))) for path in sorted(HERE.glob("*.json"))]


def main() -> None:
    all_bundles = bundles()
    for path, vector in load_vectors():
        suffix, text = expected(vector, all_bundles[vector.get("catalogue", "data")])
        for old in (path.with_suffix(".md"), path.with_suffix(".error.txt")):
            old.unlink(missing_ok=True)
        path.with_suffix(suffix).write_text(text, encoding="utf-8")
        print(f"{path.with_suffix(suffix).name}")


if __name__ == "__main__":
    main()
