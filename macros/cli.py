"""Command line: `python -m macros <command>`; see `python -m macros --help`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path as FsPath

from .catalogue import DATA_DIR, load_catalogue
from .errors import CatalogueError
from .schemas import stale_schemas, write_schemas


def _validate(args: argparse.Namespace) -> int:
    catalogue = load_catalogue(args.data)
    placeholders = len(catalogue.placeholder)
    print(
        f"{args.data}: valid: {len(catalogue.strategies)} strategies, {len(catalogue.tools)} tools in "
        f"{len(catalogue.categories)} categories, {len(catalogue.profiles)} profiles, {len(catalogue.gate)} gates, "
        f"{placeholders} placeholders in {len(catalogue.phases)} phases"
    )
    return 0


def _schemas(args: argparse.Namespace) -> int:
    schema_dir = FsPath(args.data) / "schemas"
    if args.check:
        stale = stale_schemas(schema_dir)
        for name in stale:
            print(f"data/schemas/{name} is stale; run `python -m macros schemas` and commit the result", file=sys.stderr)
        return 1 if stale else 0
    for name in write_schemas(schema_dir):
        print(f"wrote data/schemas/{name}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m macros", description="Release Playbook catalogue tools.")
    parser.add_argument("--data", type=FsPath, default=DATA_DIR, help="catalogue folder (default: data/ of this checkout)")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("validate", help="check every data file and cross-reference; list all problems").set_defaults(run=_validate)
    p = sub.add_parser("schemas", help="regenerate data/schemas/*.json from the models")
    p.add_argument("--check", action="store_true", help="only report stale schemas (exit 1)")
    p.set_defaults(run=_schemas)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except CatalogueError as exc:
        print(str(exc), file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
