"""The validated catalogue's plain-JSON view, kept on disk so the command line can render without re-validating.

`python -m macros render` needs only the wizard bundle and the presets. When every file of the data
folder and every module of this package are byte for byte what they were when the catalogue last
validated, the bundle saved then is the bundle a new validation would give: the command line reads it
instead of importing the models and validating again. Any change to either misses the cache, and a
cache that cannot be read or written is simply not used.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
from pathlib import Path
from typing import Any

PACKAGE = Path(__file__).resolve().parent
FORMAT = 1


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "release-playbook"


@functools.cache
def code_digest() -> str:
    """A digest of this package's code."""
    digest = hashlib.sha256()
    for path in sorted(PACKAGE.rglob("*.py")):
        digest.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def fingerprint(data_dir: Path) -> str:
    """A digest of every file of the data folder and of this package's code."""
    digest = hashlib.sha256(f"format {FORMAT}\n".encode())
    for root, names in ((data_dir, sorted(p for p in data_dir.rglob("*") if p.is_file())), (PACKAGE, sorted(PACKAGE.rglob("*.py")))):
        for path in names:
            digest.update(path.relative_to(root).as_posix().encode() + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    digest.update(str(data_dir.resolve()).encode())
    return digest.hexdigest()


def load(data_dir: Path) -> dict[str, Any] | None:
    """The saved {"bundle", "presets"} for this exact data and code, or None."""
    try:
        path = cache_dir() / f"{fingerprint(data_dir)}.view.json"
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def save(data_dir: Path, bundle: dict[str, Any], presets: dict[str, Any]) -> None:
    """Keep the view of a catalogue that has just validated (whole file or nothing; errors ignored)."""
    try:
        folder = cache_dir()
        folder.mkdir(parents=True, exist_ok=True)
        name = fingerprint(data_dir)
        for old in folder.glob("*.view.json"):
            old.unlink(missing_ok=True)
        tmp = folder / f".{name}.{os.getpid()}.tmp"
        tmp.write_text(json.dumps({"bundle": bundle, "presets": presets}, ensure_ascii=False), encoding="utf-8")
        tmp.replace(folder / f"{name}.view.json")
    except OSError:
        pass


def folder_digest(folder: Path | None) -> str:
    """A digest of every file of a folder (its paths and contents), or "" for none."""
    if folder is None:
        return ""
    digest = hashlib.sha256(str(folder.resolve()).encode())
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def text(data_dir: Path, name: str, make: Any, salt: str = "", org_dir: Path | None = None) -> str:
    """`make()` (a string made from the validated catalogue only), kept on disk under this data's fingerprint.

    The build's wizard bundle with its preview HTML is the same for the same data, organisation folder
    (merged over the data), code and `salt` (the versions of the libraries it comes from), so a build of
    an unchanged checkout reads it instead of rendering every text part again.
    """
    key = hashlib.sha256(f"{fingerprint(data_dir)} {folder_digest(org_dir)} {salt}".encode()).hexdigest()[:32]
    path = cache_dir() / f"{key}.{name}"
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        pass
    value = make()
    try:
        folder = cache_dir()
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.glob(f"*.{name}"):
            old.unlink(missing_ok=True)
        tmp = folder / f".{name}.{os.getpid()}.tmp"
        tmp.write_text(value, encoding="utf-8")
        tmp.replace(path)
    except OSError:
        pass
    return value


def jinja_cache(kind: str, environment: Any) -> Any:
    """A compiled-template cache for a Jinja environment, kept across builds (None when it cannot be made).

    Jinja keeps each template's compiled code under its name and checks it against a digest of the
    template's source, so an edited template compiles again; everything else the code depends on (the
    Jinja and Python versions, the environment's syntax and extensions) names the folder, so another
    environment or version never reads this one's code. `kind` keeps the theme's and the macros'
    environments apart.
    """
    import importlib.metadata
    import sys

    from jinja2 import FileSystemBytecodeCache

    e = environment
    autoescape = getattr(e.autoescape, "__qualname__", e.autoescape)
    settings = (
        kind,
        # What makes the environments (MkDocs, Material, mkdocs-macros and this package's code, where an
        # autoescape rule or a filter may change): any new version compiles everything once again.
        [(name, importlib.metadata.version(name)) for name in ("jinja2", "mkdocs", "mkdocs-material", "mkdocs-macros-plugin")],
        code_digest(),
        sys.version,
        sorted(e.extensions),
        e.block_start_string,
        e.block_end_string,
        e.variable_start_string,
        e.variable_end_string,
        e.comment_start_string,
        e.comment_end_string,
        e.line_statement_prefix,
        e.line_comment_prefix,
        e.trim_blocks,
        e.lstrip_blocks,
        e.newline_sequence,
        e.keep_trailing_newline,
        e.optimized,
        e.is_async,
        str(autoescape),
        e.undefined.__qualname__,
    )
    folder = cache_dir() / "jinja" / hashlib.sha256(repr(settings).encode()).hexdigest()[:24]
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return FileSystemBytecodeCache(str(folder))
