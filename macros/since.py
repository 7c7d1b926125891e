"""`render --since answers.json`: what this playbook version changes in a team's document.

The old playbook's data is not here, so its document cannot be rendered again. What can be compared
honestly: the CHANGELOG.md sections newer than the version the answers file records, and the
answers file's `playbook` record (what its document said when it was downloaded: strategies, tools,
parameter values) against what the same answers give now.
"""

from __future__ import annotations

import re
from pathlib import Path as FsPath
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from .engine import check_answers, param_text, playbook_record, problems_message

TEMPLATES = FsPath(__file__).parent / "templates"
SECTION = re.compile(r"^## \[(?P<name>[^\]]+)\](?: - (?P<date>\d{4}-\d{2}-\d{2}))?[ \t]*$", re.M)
VERSION = re.compile(r"^\d+(\.\d+){0,2}$")


class SinceError(Exception):
    """The answers file cannot be compared; the message says why and what to do."""


def version_key(text: str) -> tuple[int, int, int]:
    parts = [int(x) for x in text.split(".")]
    return tuple(parts + [0] * (3 - len(parts)))  # type: ignore[return-value]


def changelog_since(text: str, since: str) -> list[dict[str, str]]:
    """The sections of a Keep a Changelog file newer than `since` (Unreleased included), newest first."""
    matches = list(SECTION.finditer(text))
    out = []
    for i, match in enumerate(matches):
        name = match.group("name")
        body = text[match.end() : matches[i + 1].start() if i + 1 < len(matches) else len(text)]
        # Link references at the end of the file (`[2.0.0]: https://...`) are not part of a section.
        body = re.sub(r"^\[[^\]]+\]: \S+[ \t]*$", "", body, flags=re.M).strip()
        newer = name.lower() == "unreleased" or (VERSION.match(name) and version_key(name) > version_key(since))
        if newer and body:
            # One level down, under the report's own headings.
            out.append({"name": name, "date": match.group("date") or "", "body": re.sub(r"^(#{3,5}) ", r"#\1 ", body, flags=re.M)})
    return out


def _record(raw: Any) -> dict[str, Any]:
    """The answers file's `playbook` record, checked for shape (ids are not: old ones are the point)."""
    record = raw.get("playbook") if isinstance(raw, dict) else None
    if record is None:
        raise SinceError(
            'this answers file does not say which playbook version wrote it (no "playbook" record, which the wizard '
            'writes on download); add `"playbook": {"version": "X.Y.Z"}` with the version shown in the site\'s footer '
            "when it was made, and the changelog since then is listed"
        )
    if not isinstance(record, dict) or not isinstance(record.get("version"), str) or not VERSION.match(record["version"]):
        raise SinceError('"playbook" must be the record the wizard writes, with "version" like "2.0.0"')
    for key, kind in (("strategies", list), ("tools", list), ("parameters", dict)):
        if not isinstance(record.get(key, kind()), kind):
            raise SinceError(f'"playbook.{key}" must be a {"list of ids" if kind is list else "mapping of parameter ids to values"}')
    return record


def compare(raw: Any, bundle: dict[str, Any], changelog: str) -> dict[str, Any]:
    """Everything the report states, as data (the template words it)."""
    record = _record(raw)
    answers, problems = check_answers(raw, bundle)
    now = playbook_record(answers, bundle)
    names = {kind: {x["id"]: x["name"] for x in bundle[kind]} for kind in ("strategies", "tools")}
    params = {p["id"]: p for p in bundle["parameters"]["items"]}
    before_params = record.get("parameters", {})

    def listed(kind: str) -> dict[str, list[dict[str, str]]]:
        # A record without the list (written by hand with only a version) compares nothing.
        old, new = record.get(kind, now[kind]), now[kind]
        return {
            "added": [{"id": i, "name": names[kind][i]} for i in new if i not in old],
            "dropped": [{"id": i, "name": names[kind].get(i, i), "gone": i not in names[kind]} for i in old if i not in new],
        }

    def text(pid: str, value: Any) -> str:
        try:
            return param_text(params[pid], value, bundle)
        except (KeyError, TypeError, ValueError):
            return str(value)

    parameters = [
        {
            "id": pid,
            "label": params[pid]["label"] if pid in params else pid,
            "before": text(pid, before_params[pid]) if pid in before_params else "",
            "after": text(pid, now["parameters"][pid]) if pid in now["parameters"] else "",
            "gone": pid not in params,
        }
        for pid in [*now["parameters"], *(p for p in before_params if p not in now["parameters"])]
        if "parameters" in record and before_params.get(pid) != now["parameters"].get(pid)
    ]
    return {
        "missing": [k for k in ("strategies", "tools", "parameters") if k not in record],
        "before": record["version"],
        "after": bundle["version"],
        "playbook": bundle["name"],
        "older": version_key(record["version"]) < version_key(bundle["version"]),
        "newer": version_key(record["version"]) > version_key(bundle["version"]),
        "changelog": changelog_since(changelog, record["version"]),
        "choices": {"strategies": listed("strategies"), "tools": listed("tools")},
        "parameters": parameters,
        "unusable": problems_message(problems, bundle) if any(problems.values()) else "",
    }


def report(raw: Any, bundle: dict[str, Any], changelog: str) -> str:
    """The report as Markdown (macros/templates/since.md)."""
    env = Environment(loader=FileSystemLoader(TEMPLATES), undefined=StrictUndefined, keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True)
    return env.get_template("since.md").render(**compare(raw, bundle, changelog)).rstrip() + "\n"
