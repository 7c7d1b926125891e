"""JSON Schemas for the data files, generated from the models so editors validate while typing."""

from __future__ import annotations

import json
from pathlib import Path as FsPath

from pydantic import TypeAdapter

from .loader import FILE_KINDS
from .models import Organisation

ORGANISATION_SCHEMA = "organisation.schema.json"


def schema_texts() -> dict[str, str]:
    """File name in data/schemas/ -> the JSON text it must hold."""
    out = {}
    for kind in FILE_KINDS:
        schema = TypeAdapter(kind.root).json_schema()
        schema = {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "title": f"Release Playbook: data/{kind.pattern}",
            "$comment": "Generated from macros/models.py by `python -m macros schemas`; do not edit.",
            **schema,
        }
        out[kind.schema] = json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=False) + "\n"
    # A fork's org/organisation.yml (macros/overlay.py) names this one: `$schema=../data/schemas/organisation.schema.json`.
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        **TypeAdapter(Organisation).json_schema(),
        "title": "Release Playbook: org/organisation.yml",
        "$comment": "Generated from macros/models.py by `python -m macros schemas`; do not edit.",
    }
    out[ORGANISATION_SCHEMA] = json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=False) + "\n"
    return out


def stale_schemas(schema_dir: FsPath) -> list[str]:
    """Names of schema files that are missing or differ from what the models generate."""
    return [name for name, text in schema_texts().items() if not (schema_dir / name).is_file() or (schema_dir / name).read_text(encoding="utf-8") != text]


def write_schemas(schema_dir: FsPath) -> list[str]:
    """Write every schema that changed; return their names."""
    schema_dir.mkdir(parents=True, exist_ok=True)
    changed = stale_schemas(schema_dir)
    texts = schema_texts()
    for name in changed:
        tmp = schema_dir / f".{name}.tmp"
        tmp.write_text(texts[name], encoding="utf-8")
        tmp.replace(schema_dir / name)
    return changed
