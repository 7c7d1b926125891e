"""Read every file in `data/`, validate it against its model and report all problems together."""

from __future__ import annotations

import typing
from dataclasses import dataclass
from pathlib import Path as FsPath
from typing import Any

from pydantic import BaseModel, TypeAdapter, ValidationError

from . import models as m
from .errors import CatalogueError, Problem, did_you_mean, format_path
from .yamlmap import LocatedYaml, YamlProblem, load_located


@dataclass(frozen=True)
class FileKind:
    """What one data file (or one file of a folder) holds."""

    pattern: str
    """Path below `data/`; `*` stands for a category id."""
    root: Any
    """The type of the whole file."""
    schema: str
    """File name of its JSON Schema in `data/schemas/`."""
    optional: bool = False
    """A catalogue may leave it out (a test catalogue without a starter kit)."""


FILE_KINDS: tuple[FileKind, ...] = (
    FileKind("playbook.yml", m.Playbook, "playbook.schema.json"),
    FileKind("strategies.yml", list[m.Strategy], "strategies.schema.json"),
    FileKind("categories.yml", list[m.Category], "categories.schema.json"),
    FileKind("tools/*.yml", list[m.Tool], "tools.schema.json"),
    FileKind("gates.yml", list[m.GateStage], "gates.schema.json"),
    FileKind("profiles.yml", list[m.Profile], "profiles.schema.json"),
    FileKind("placeholders.yml", list[m.Phase], "placeholders.schema.json"),
    FileKind("dora.yml", m.Dora, "dora.schema.json"),
    FileKind("parameters.yml", m.Parameters, "parameters.schema.json"),
    FileKind("document.yml", m.Document, "document.schema.json"),
    FileKind("presets.yml", list[m.Preset], "presets.schema.json"),
    FileKind("wizard.yml", m.Wizard, "wizard.schema.json"),
    FileKind("diagrams.yml", m.Diagrams, "diagrams.schema.json"),
    FileKind("incidents.yml", m.Incidents, "incidents.schema.json"),
    FileKind("kit.yml", m.Kit, "kit.schema.json", optional=True),
)

_PATTERN_HINTS = {
    m.Slug: "use lower-case words joined by hyphens, e.g. 'blue-green'",
    m.PlaceholderId: "write it in UPPER_SNAKE_CASE exactly as the specification does, e.g. 'RELEASE_VERSION'",
    m.Url: "use an absolute https:// URL",
    m.ExamplePath: "give a path below data/examples/, e.g. 'argo-cd/application.yaml', without '..' or a leading '/'",
    m.Line: "keep it on one line: it fills a placeholder and must fit in a table cell",
    m.SiteUrl: "give the published address with its scheme, ending in '/', e.g. 'https://handbook.example.com/'",
}


def _pattern_hint(pattern: str) -> str:
    for annotated, hint in _PATTERN_HINTS.items():
        for meta in typing.get_args(annotated)[1:]:
            if getattr(meta, "pattern", None) == pattern:
                return hint
    return f"it must match the pattern {pattern}"


def _unwrap(tp: Any) -> list[Any]:
    """The concrete types an annotation allows (Optional and Annotated peeled off)."""
    origin = typing.get_origin(tp)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(tp)[0])
    if origin in (typing.Union, getattr(__import__("types"), "UnionType", None)):
        return [t for arg in typing.get_args(tp) if arg is not type(None) for t in _unwrap(arg)]
    return [tp]


def _model_at(root: Any, loc: tuple[str | int, ...]) -> type[BaseModel] | None:
    """The model whose fields are valid at `loc`, following lists, dicts and nested models."""
    current = [root]
    for part in loc:
        following: list[Any] = []
        for tp in (t for c in current for t in _unwrap(c)):
            origin = typing.get_origin(tp)
            if origin is list and isinstance(part, int):
                following.append(typing.get_args(tp)[0])
            elif origin is dict:
                following.append(typing.get_args(tp)[1])
            elif isinstance(tp, type) and issubclass(tp, BaseModel) and part in tp.model_fields:
                following.append(tp.model_fields[part].annotation)
        current = following
    for tp in (t for c in current for t in _unwrap(c)):
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            return tp
    return None


def _describe(value: Any) -> str:
    names = {str: "text", int: "a number", float: "a number", bool: "true/false", list: "a list", dict: "a mapping", type(None): "nothing"}
    return names.get(type(value), type(value).__name__)


def _message(error: dict[str, Any], root: Any, loc: tuple[str | int, ...]) -> str:
    """Rewrite one pydantic error for a person editing YAML."""
    kind, value, ctx = error["type"], error.get("input"), error.get("ctx") or {}
    if kind == "missing":
        return f"required key '{loc[-1]}' is missing (add `{loc[-1]}:` to this entry)"
    if kind == "extra_forbidden":
        model = _model_at(root, loc[:-1])
        allowed = sorted(model.model_fields) if model else []
        hint = did_you_mean(loc[-1], allowed) if allowed else "remove it"
        return f"unknown key '{loc[-1]}' ({hint})"
    if kind == "literal_error":
        allowed = [a.strip().strip("'") for a in str(ctx.get("expected", "")).replace(" or ", ",").split(",")]
        if not isinstance(value, (str, int)):
            return f"expected one of {', '.join(repr(a) for a in allowed if a)}, got {_describe(value)}"
        return f"'{value}' is not allowed here ({did_you_mean(value, [a for a in allowed if a])})"
    if kind == "string_pattern_mismatch":
        return f"'{value}' is not valid ({_pattern_hint(ctx.get('pattern', ''))})"
    if kind == "list_type":
        return f"expected a list, got {_describe(value)} (write each item on its own line, starting with '- ')"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return f"expected a mapping of `key: value` lines, got {_describe(value)}"
    if kind == "string_type":
        return f"expected text, got {_describe(value)} (put the value in quotes if it should be text)"
    if kind == "string_too_long":
        return f"'{str(value)[:40]}...' is {len(str(value))} characters long; keep it to {ctx.get('max_length')} at most"
    if kind == "too_short":
        return f"needs at least {ctx.get('min_length', 1)} item(s); this one is empty"
    if kind == "value_error":
        return str(error["msg"]).removeprefix("Value error, ")
    if kind in ("int_parsing", "int_type", "bool_parsing", "bool_type"):
        return f"{error['msg'].lower()}, got '{value}'"
    return f"{error['msg']} (got {value!r})"


def _problems_from_validation(exc: ValidationError, rel: str, root_name: str, root: Any, doc: LocatedYaml) -> list[Problem]:
    problems = []
    for error in exc.errors(include_url=False):
        # Dict-key errors end in '[key]'; the key itself is the last real step.
        loc = tuple(p for p in error["loc"] if p != "[key]")
        # A merged file (macros/overlay.py) knows which file, upstream or the organisation's, gave each value.
        file = doc.file_of(loc) if hasattr(doc, "file_of") else rel
        problems.append(Problem(file, doc.line_of(loc), format_path(root_name, loc), _message(error, root, loc)))
    return problems


def load_file(path: FsPath, rel: str, kind: FileKind) -> tuple[Any, LocatedYaml | None, list[Problem]]:
    """Parse and validate one file; return its value (None when invalid), its line map and problems."""
    root_name = FsPath(rel).stem
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return None, None, [Problem(rel, 0, "", f"cannot read the file ({exc}); save it as UTF-8 text")]
    try:
        doc = load_located(text)
    except YamlProblem as exc:
        return None, None, [Problem(rel, exc.line, "", exc.message)]
    if doc.data is None:
        return None, doc, [Problem(rel, 1, "", "the file is empty; add its entries or delete the file")]
    try:
        value = TypeAdapter(kind.root).validate_python(doc.data)
    except ValidationError as exc:
        return None, doc, _problems_from_validation(exc, rel, root_name, kind.root, doc)
    return value, doc, []


def data_label(data_dir: FsPath) -> str:
    """How messages name the catalogue folder: as given, relative to the current folder where it can be."""
    try:
        return data_dir.resolve().relative_to(FsPath.cwd().resolve()).as_posix()
    except ValueError:
        return data_dir.as_posix()


READ_ELSEWHERE = ("examples/", "schemas/", "kit/", "i18n/")
"""Folders of data/ whose files are read by other checks (tool examples, editor schemas, kit templates, translations)."""


def unread_files(data_dir: FsPath, label: str) -> list[Problem]:
    """A file in data/ that no part of the playbook reads is a mistake (e.g. `tools/x.yaml`, `profile.yml`)."""
    known = [k.pattern for k in FILE_KINDS]
    problems = []
    for path in sorted(data_dir.rglob("*")):
        rel = path.relative_to(data_dir).as_posix()
        if path.is_dir() or any(part.startswith(".") for part in path.relative_to(data_dir).parts) or rel.startswith(READ_ELSEWHERE):
            continue
        if not any(FsPath(rel).match(pattern) and rel.count("/") == pattern.count("/") for pattern in known):
            hint = did_you_mean(rel, [k.replace("*", path.stem) for k in known])
            problems.append(Problem(f"{label}/{rel}", 0, "", f"nothing reads this file ({hint}); rename it, or move it out of {label}/"))
    return problems


def read_catalogue_files(data_dir: FsPath, label: str | None = None) -> tuple[dict[str, Any], dict[str, LocatedYaml]]:
    """Load every known file of `data_dir`; values and line maps keyed by path below data/
    (e.g. `tools/gitops.yml`). Raises CatalogueError with every problem of every file."""
    label = label or data_label(data_dir)
    values: dict[str, Any] = {}
    docs: dict[str, LocatedYaml] = {}
    problems: list[Problem] = unread_files(data_dir, label)
    for kind in FILE_KINDS:
        paths = sorted(data_dir.glob(kind.pattern))
        if not paths and not kind.optional:
            problems.append(Problem(f"{label}/{kind.pattern}", 0, "", "file is missing; restore it from the upstream playbook"))
        for path in paths:
            rel = path.relative_to(data_dir).as_posix()
            value, doc, found = load_file(path, f"{label}/{rel}", kind)
            problems.extend(found)
            if doc is not None:
                docs[rel] = doc
            if value is not None:
                values[rel] = value
    if problems:
        raise CatalogueError(problems, label)
    return values, docs
