"""The starter kit: the chosen tools' configuration files, filled with the team's parameters.

Templates are data (`data/kit.yml` lists them, `data/kit/` holds them). docs/assets/wizard/kit.js is a
line-by-line port of this module: the two must produce byte-identical kits (tests/kit_vectors/).

The template language, one rule in both runtimes:

- `«NAME|FILTER|...»` inserts a value. NAME is a parameter id (`canary.steps`), `organisation.name`,
  or a loop variable (`step`, `step.commands`). Every insertion ends in a filter that makes the value
  safe for its format; the filters a value may go through depend on its kind (see FILTERS).
- A line holding only `«each LIST as VAR»` repeats the lines up to its `«end»` line for each item.
- A line holding only `«if any TOOL ...»` (or `«if none TOOL ...»`) keeps the lines up to its `«end»`
  line when one (or none) of the named tools is chosen. A file that fills to nothing is left out.
- `«` appears nowhere else in a template. Guillemets clash with none of `${{ }}` (GitHub Actions),
  `${x}` (shell), `{{ }}` (Helm, Jinja, mkdocs-macros, Argo Rollouts arguments) or `%{ }` (HCL).
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

from .bundle import RUNBOOK_ACTIONS
from .engine import (
    AnswersError,
    chosen,
    duration_seconds,
    normalise_answers,
    number_text,
    param_text,
    render,
    resolve_parameters,
    stack_platform,
    trim,
    value_markdown,
)

TOKEN = re.compile(r"«([^«»]*)»")
EACH = re.compile(r"^[ \t]*«each ([a-z][a-z0-9.-]*)((?:\|[a-z][a-z-]*)*) as ([a-z][a-z0-9]*)»[ \t]*$")
END = re.compile(r"^[ \t]*«end»[ \t]*$")
INSERT = re.compile(r"^([a-z][a-z0-9-]*(?:\.[a-z][a-z0-9-]*)?)((?:\|[a-z][a-z-]*)+)$")
ASCII_UPPER = re.compile(r"[A-Z]")
NOT_SLUG = re.compile(r"[^a-z0-9]+")
COMMAND_NAME = re.compile(r"<([a-z][a-z0-9-]*)>")
UNSAFE_CHAR = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")
TRAILING_SPACE = re.compile(r"[ \t]+$")
SLUG_MAX = 40
"""Room for suffixes such as `-success-rate` within Kubernetes' 63-character names."""

NUMBER_KINDS = ("percent", "points", "count", "step")
SCALAR_KINDS = ("text", "percent", "points", "count", "step", "duration", "enum")
FILTERS: dict[str, tuple[tuple[str, ...], str]] = {
    # filter: (kinds it takes, kind it gives); "out" is final text that no other filter may change.
    "yaml": ((*SCALAR_KINDS, "percent-list"), "out"),
    "json": ((*SCALAR_KINDS, "percent-list"), "out"),
    "shell": (SCALAR_KINDS, "out"),
    "hcl": (SCALAR_KINDS, "out"),
    "markdown": (SCALAR_KINDS, "out"),
    "number": (NUMBER_KINDS, "text"),
    "integer": (NUMBER_KINDS, "text"),
    "ratio": (("percent", "points", "step"), "text"),
    "seconds": (("duration",), "text"),
    "minutes": (("duration",), "text"),
    "go-duration": (("duration",), "text"),
    "words": (("percent", "points", "count", "step", "duration", "enum", "percent-list"), "text"),
    "slug": (("text",), "text"),
    "go-template": (("text",), "text"),
    "first": (("percent-list",), "step"),
    "complement": (("percent", "step"), "step"),
    "plus-one": (("count",), "count"),
    # exceedable: a limit as a list of itself when a value can pass it (below 100%), else an empty list:
    # «each dora.change-failure-rate|exceedable as limit» writes what only a reachable limit needs.
    "exceedable": (("percent",), "percent-list"),
    # present: a text as a list of itself when it is not empty, else an empty list:
    # «each organisation.name|present as name» writes lines only for a name the team gave.
    "present": (("text",), "list"),
}
SAFE_LAST = ("yaml", "json", "shell", "hcl", "markdown", "number", "integer", "ratio", "seconds", "minutes", "go-duration", "words", "slug")
"""Filters whose output may stand in a file as it is: numbers, slugs, quoted strings, the document's
wording of a number. Text a person typed always goes through a quoting filter."""
IF = re.compile(r"^[ \t]*«if ([a-z]+)((?: [a-z][a-z0-9-]*)+)»[ \t]*$")
CONDITIONS = {
    # «if any TOOL ...»: kept when one of the tools is chosen; «if none TOOL ...»: when none is.
    "any": lambda named, tools: any(t in tools for t in named),
    "none": lambda named, tools: not any(t in tools for t in named),
}


class KitError(Exception):
    """A template that cannot be filled (a catalogue mistake, or a value its format cannot hold)."""


# ---------------------------------------------------------------------------
# Escaping: one function per format
# ---------------------------------------------------------------------------


def _escape_char(match: re.Match[str]) -> str:
    return "\\u" + format(ord(match.group(0)), "04x")


def quoted(text: str) -> str:
    """A double-quoted string that JSON and YAML both read back as `text`: quotes, backslashes and
    every control or non-printable character escaped, nothing else touched (Unicode stays as it is)."""
    return '"' + UNSAFE_CHAR.sub(_escape_char, text.replace("\\", "\\\\").replace('"', '\\"')) + '"'


def shell_quoted(text: str) -> str:
    """A single-quoted shell word: nothing inside is expanded; a quote is closed, escaped and reopened."""
    return "'" + text.replace("'", "'\\''") + "'"


def hcl_quoted(text: str) -> str:
    """An HCL string: JSON-style escapes, and `${` / `%{` doubled so no template sequence starts."""
    return quoted(text).replace("${", "$${").replace("%{", "%%{")


def slug(text: str, fallback: str) -> str:
    """Lower-case ASCII letters, digits and single hyphens, at most SLUG_MAX characters (a Kubernetes name)."""
    lower = ASCII_UPPER.sub(lambda m: m.group(0).lower(), text)
    out = NOT_SLUG.sub("-", lower).strip("-")[:SLUG_MAX].strip("-")
    return out or fallback


def ratio_text(value: int | float) -> str:
    """A percentage as a fraction of one: 1 -> 0.01, 0.5 -> 0.005, 100 -> 1 (exact, from tenths)."""
    tenths = round(value * 10)
    whole, rest = tenths // 1000, tenths % 1000
    return str(whole) if rest == 0 else f"{whole}." + f"{rest:03d}".rstrip("0")


def go_duration(seconds: int) -> str:
    """Seconds in the largest of h, m, s that divides them: the form Go, Kubernetes and Prometheus read."""
    if seconds % 3600 == 0:
        return f"{seconds // 3600}h"
    if seconds % 60 == 0:
        return f"{seconds // 60}m"
    return f"{seconds}s"


# ---------------------------------------------------------------------------
# Values a template can name
# ---------------------------------------------------------------------------


def _plain(kind: str, value: Any) -> str:
    """A value's own text, before quoting: numbers without `.0`, durations as typed (`10m`), enum ids."""
    if kind in NUMBER_KINDS:
        return number_text(value)
    return value


def apply_filter(name: str, kind: str, value: Any, param: dict[str, Any], bundle: dict[str, Any], where: str) -> tuple[str, Any]:
    """One filter on one value; returns (kind, value) of the result."""
    kit = bundle["kit"]
    if name in ("yaml", "json"):
        if kind == "percent-list":
            return "out", "[" + ", ".join(number_text(v) for v in value) + "]"
        return "out", quoted(_plain(kind, value))
    if name == "shell":
        return "out", shell_quoted(_plain(kind, value))
    if name == "hcl":
        return "out", hcl_quoted(_plain(kind, value))
    if name == "markdown":
        return "out", value_markdown(_plain(kind, value), "line")
    if name == "number":
        return "text", number_text(value)
    if name == "integer":
        if value != int(value):
            raise KitError(kit["messages"]["whole"].replace("{where}", where).replace("{value}", number_text(value)))
        return "text", str(int(value))
    if name == "ratio":
        return "text", ratio_text(value)
    if name == "seconds":
        return "text", str(duration_seconds(value))
    if name == "minutes":
        return "text", str(math.ceil(duration_seconds(value) / 60))
    if name == "go-duration":
        return "text", go_duration(duration_seconds(value))
    if name == "words":
        return "text", param_text({**param, "type": "percent" if kind == "step" else kind}, value, bundle)
    if name == "go-template":
        return "text", value.replace("{{", '{{ "{{" }}')
    if name == "first":
        return "step", value[0]
    if name == "complement":
        return "step", round((100 - value) * 10) / 10
    if name == "plus-one":
        return "count", value + 1
    if name == "exceedable":
        return "percent-list", [value] if value < 100 else []
    if name == "present":
        return "list", [value] if value else []
    # slug
    return "text", slug(value, kit["default_name"])


class _Scope:
    """The values a template names: parameters, the organisation's name, the runbook, loop variables."""

    def __init__(
        self,
        answers: dict[str, Any],
        bundle: dict[str, Any],
        params: dict[str, dict[str, Any]],
        runbook: list[dict[str, Any]],
        operate: dict[str, list[dict[str, Any]]],
    ):
        self.bundle = bundle
        self.param_of = {p["id"]: p for p in bundle["parameters"]["items"]}
        self.tool_ids = {t["id"] for t in bundle["tools"]}
        self.values: dict[str, tuple[str, Any, dict[str, Any]]] = {}
        for pid, entry in params.items():
            param = self.param_of[pid]
            if entry["value"] is not None:
                self.values[pid] = (param["type"], entry["value"], param)
        self.values["organisation.name"] = ("text", answers["organisation"]["name"], {})
        self.values["runbook"] = ("list", runbook, {})
        for action, steps in operate.items():
            self.values["operate." + action] = ("list", steps, {})
        self.tools: list[str] = []
        """Ids of the chosen tools, for «if any/none» blocks."""
        self.every_branch = False
        """Fill the lines of every «if» block whatever the tools (to check templates)."""

    def lookup(self, name: str, local: dict[str, tuple[str, Any, dict[str, Any]]]) -> tuple[str, Any, dict[str, Any]] | None:
        head, _, field = name.partition(".")
        if head in local:
            kind, value, param = local[head]
            if not field:
                return kind, value, param
            if kind == "object" and field in value:
                item = value[field]
                return ("list" if isinstance(item, list) else "text"), item, {}
            return None
        return self.values.get(name)


def _item(kind: str, value: Any, param: dict[str, Any]) -> tuple[str, Any, dict[str, Any]]:
    """A loop item: a step of a percent list, an object of the runbook, or a text."""
    if kind == "percent-list":
        return "step", value, param
    return ("object" if isinstance(value, dict) else "text"), value, {}


def fill_template(text: str, where: str, scope: _Scope) -> str:
    """A template filled with the scope's values; KitError (saying file:line) on a mistake."""
    lines = text.split("\n")
    out: list[str] = []

    def run(start: int, stop: int, local: dict[str, tuple[str, Any, dict[str, Any]]]) -> None:
        i = start
        while i < stop:
            line = lines[i]
            each = EACH.match(line)
            if each:
                end = _matching_end(lines, i, where)
                found = scope.lookup(each.group(1), local)
                for f in each.group(2)[1:].split("|") if each.group(2) else []:
                    if f not in FILTERS or found is None or found[0] not in FILTERS[f][0] or FILTERS[f][1] not in ("percent-list", "list"):
                        loop = each.group(1) + each.group(2)
                        raise KitError(
                            f"{where}:{i + 1}: «each {loop}» cannot use the filter '{f}'; a loop takes only a filter giving a list (exceedable, present)"
                        )
                    found = (*apply_filter(f, found[0], found[1], found[2], scope.bundle, f"{where}:{i + 1}"), found[2])
                if found is None or found[0] not in ("percent-list", "list"):
                    raise KitError(f"{where}:{i + 1}: «each {each.group(1)}» needs a list (a percent list, `runbook` or a runbook step's `commands`)")
                for value in found[1]:
                    run(i + 1, end, {**local, each.group(3): _item(found[0], value, found[2])})
                i = end + 1
                continue
            cond = IF.match(line)
            if cond:
                end = _matching_end(lines, i, where)
                named = cond.group(2).split()
                if cond.group(1) not in CONDITIONS:
                    raise KitError(f"{where}:{i + 1}: «if {cond.group(1)}» is not a condition; write «if any TOOL ...» or «if none TOOL ...»")
                unknown = [t for t in named if t not in scope.tool_ids]
                if unknown:
                    raise KitError(f"{where}:{i + 1}: unknown tool '{unknown[0]}' in «if {cond.group(1)}»; name a tool id of data/tools/")
                if scope.every_branch or CONDITIONS[cond.group(1)](named, scope.tools):
                    run(i + 1, end, local)
                i = end + 1
                continue
            if END.match(line):
                raise KitError(f"{where}:{i + 1}: «end» without its «each ... as ...» or «if ...» line")
            out.append(_fill_line(line, f"{where}:{i + 1}", scope, local))
            i += 1

    run(0, len(lines), {})
    return "\n".join(out)


def _matching_end(lines: list[str], start: int, where: str) -> int:
    depth = 0
    for i in range(start, len(lines)):
        if EACH.match(lines[i]) or IF.match(lines[i]):
            depth += 1
        elif END.match(lines[i]):
            depth -= 1
            if depth == 0:
                return i
    raise KitError(f"{where}:{start + 1}: «{'each' if EACH.match(lines[start]) else 'if'}» has no «end» line; close it")


def _fill_line(line: str, where: str, scope: _Scope, local: dict[str, tuple[str, Any, dict[str, Any]]]) -> str:
    def insert(match: re.Match[str]) -> str:
        token = INSERT.match(match.group(1))
        if not token:
            raise KitError(f"{where}: «{match.group(1)}» is not an insertion; write «name|filter», e.g. «canary.steps|yaml»")
        name, filters = token.group(1), token.group(2)[1:].split("|")
        found = scope.lookup(name, local)
        if found is None:
            raise KitError(f"{where}: unknown value '{name}' in «{match.group(1)}»; name a parameter of parameters.yml, organisation.name or a loop variable")
        kind, value, param = found
        for f in filters:
            if f not in FILTERS:
                raise KitError(f"{where}: unknown filter '{f}' in «{match.group(1)}»; use one of: {', '.join(FILTERS)}")
            if kind not in FILTERS[f][0]:
                raise KitError(f"{where}: the filter '{f}' cannot take {kind} '{name}' in «{match.group(1)}»")
            kind, value = apply_filter(f, kind, value, param, scope.bundle, where)
        if filters[-1] not in SAFE_LAST:
            raise KitError(f"{where}: «{match.group(1)}» must end in a filter that quotes or formats it")
        return value

    rest = TOKEN.sub("", line)
    if "«" in rest or "»" in rest:
        raise KitError(f"{where}: a lone « or »; every « opens an insertion «name|filter» closed by »")
    return TOKEN.sub(insert, line)


# ---------------------------------------------------------------------------
# The kit
# ---------------------------------------------------------------------------


def runbook(answers: dict[str, Any], bundle: dict[str, Any], actions: list[str] | None = None) -> list[dict[str, Any]]:
    """The chosen tools' abort, roll-back and switch-off commands (or those of `actions`), in that action
    order, with the names the kit gives (`<rollout>`, `<namespace>` ...) filled in and continuation lines joined."""
    kit = bundle["kit"]
    name = slug(answers["organisation"]["name"], kit["default_name"])
    tools = chosen("tools", answers, bundle)
    out = []
    for action in kit["runbook_actions"] if actions is None else actions:
        for tool in tools:
            for step in tool["operate"] + kit["operate"].get(tool["id"], []):
                if step["action"] != action or not step.get("command"):
                    continue
                commands: list[str] = []
                for raw in step["command"].split("\n"):
                    line = trim(raw)
                    if commands and commands[-1].endswith("\\"):
                        commands[-1] = TRAILING_SPACE.sub("", commands[-1][:-1]) + " " + line
                    elif line:
                        commands.append(line)
                filled = [COMMAND_NAME.sub(lambda m: name if m.group(1) in kit["named"] else m.group(0), c) for c in commands]
                out.append({"tool": tool["id"], "name": tool["name"], "action": action, "commands": filled})
    return out


def operate_actions(bundle: dict[str, Any]) -> list[str]:
    """Actions of the catalogue's operate steps, in order of first use: each is a list `operate.ACTION`."""
    out: list[str] = []
    for tool in bundle["tools"]:
        for step in tool["operate"] + bundle["kit"]["operate"].get(tool["id"], []):
            if step["action"] not in out:
                out.append(step["action"])
    return out


def operate_steps(answers: dict[str, Any], bundle: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """`operate.ACTION` lists: the chosen tools' steps of each action (as `runbook` gives them)."""
    return {action: runbook(answers, bundle, [action]) for action in operate_actions(bundle)}


def fits_file(entry: dict[str, Any], tools: list[dict[str, Any]], platform: str) -> bool:
    """Whether a kit file applies: one of its tools is chosen and, for a file with `platforms`, the stack
    runs on one of them; a stack that none of its chosen tools runs on (or no stack) takes every form."""
    mine = [t for t in tools if t["id"] in entry["tools"]]
    if entry["tools"] and not mine:
        return False
    if not entry["platforms"] or platform in entry["platforms"]:
        return True
    return not any(platform in t["runs_on"] for t in mine)


def template_names(text: str) -> list[str]:
    """Parameter ids a template inserts, in order of first use."""
    out: list[str] = []
    for match in TOKEN.finditer(text):
        token = INSERT.match(match.group(1))
        if token and "." in token.group(1) and token.group(1) not in out:
            out.append(token.group(1))
    return out


def kit_files(raw_answers: Any, bundle: dict[str, Any], date: str) -> list[tuple[str, str]]:
    """(path, text) of every file of the kit for these answers, in kit order; AnswersError for bad
    answers, KitError for a template mistake. `bundle` is the wizard bundle with its `kit` part."""
    answers = normalise_answers(raw_answers, bundle)
    kit = bundle["kit"]
    params = resolve_parameters(answers, bundle)
    steps = runbook(answers, bundle)
    scope = _Scope(answers, bundle, params, steps, operate_steps(answers, bundle))
    tools = chosen("tools", answers, bundle)
    tool_ids = [t["id"] for t in tools]
    platform = stack_platform(answers, bundle)
    scope.tools = tool_ids
    strategy_ids = [s["id"] for s in chosen("strategies", answers, bundle)]
    files: list[tuple[str, str]] = []
    used: list[dict[str, Any]] = []
    for entry in kit["files"]:
        if not fits_file(entry, tools, platform):
            continue
        if entry["strategies"] and not any(s in strategy_ids for s in entry["strategies"]):
            continue
        text = fill_template(kit["templates"][entry["template"]], "data/kit/" + entry["template"], scope)
        if not trim(text):
            continue  # everything in it sits in «if» blocks whose tools are not chosen
        files.append((entry["path"], text))
        used.append(entry)
    # The kit's copy of the document names, in each section, the kit files that carry it out.
    linked = {**bundle, "kit_files": [[entry["path"], entry["sections"]] for entry in used]}
    files.append(("release-process.md", render(raw_answers, linked, date)))
    files.append(("answers.json", answers_json(raw_answers)))
    files.insert(0, ("README.md", readme(answers, bundle, params, used, tool_ids)))
    return files


def _js_numbers(value: Any) -> Any:
    """Whole floats as integers, as JavaScript writes them (1.0 -> 1)."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {k: _js_numbers(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_js_numbers(v) for v in value]
    return value


def answers_json(raw: Any) -> str:
    """The answers as the kit stores them: JSON, two-space indent, keys as given (checked already)."""
    return json.dumps(_js_numbers(raw), indent=2, ensure_ascii=False) + "\n"


def readme(answers: dict[str, Any], bundle: dict[str, Any], params: dict[str, dict[str, Any]], used: list[dict[str, Any]], tool_ids: list[str]) -> str:
    """The kit's README.md: each file, where it goes, the values in it and where each came from."""
    kit = bundle["kit"]
    text = kit["readme"]
    param_of = {p["id"]: p for p in bundle["parameters"]["items"]}
    name = answers["organisation"]["name"]
    title = text["title"].replace("{name}", value_markdown(name, "heading") if name else text["no_name"])
    lines = ["# " + title, "", text["intro"], ""]
    lines += ["## " + text["files_heading"], ""]
    for entry in used:
        lines.append(f"### `{entry['path']}`")
        lines += ["", entry["title"] + " " + entry["goes"], "", text["checked"].replace("{validator}", entry["checked"]), ""]
        names = [n for n in template_names(kit["templates"][entry["template"]]) if n in params]
        if names:
            lines += [f"| {text['value_head']} | {text['our_value_head']} | {text['source_head']} |", "| --- | --- | --- |"]
            for pid in names:
                entry_p = params[pid]
                source = text["sources"][entry_p["source"] or "default"].replace("{profile}", entry_p["from"])
                label = value_markdown(param_of[pid]["label"], "line")
                lines.append(f"| {label} (`{pid}`) | {value_markdown(entry_p['text'], 'line')} | {source} |")
            lines.append("")
    lines += ["### `release-process.md`", "", text["document"], "", "### `answers.json`", "", text["answers"], ""]
    missing = [t["name"] for t in bundle["tools"] if t["id"] in tool_ids and not any(t["id"] in e["tools"] for e in kit["files"])]
    if missing:
        lines += ["## " + text["missing_heading"], "", text["missing"].replace("{tools}", ", ".join(missing)), ""]
    lines += ["## " + text["regenerate_heading"], "", text["regenerate"], ""]
    return "\n".join(lines)


def kit_data(data_dir: Any, kit: Any, tools: Any = ()) -> dict[str, Any]:
    """The `kit` part of the bundle: data/kit.yml as plain data, with each template's text, and the tools'
    operate steps that the wizard bundle leaves out (promote, pause ...: only the kit's scripts use them)."""
    data = kit.model_dump(mode="json")
    data["templates"] = {f.template: (data_dir / "kit" / f.template).read_text(encoding="utf-8") for f in kit.files}
    data["operate"] = {}
    for tool in tools:
        steps = [{"action": s.action, "command": s.command} for s in tool.operate if s.action not in RUNBOOK_ACTIONS]
        if steps:
            data["operate"][tool.id] = steps
    return data


def kit_bundle(catalogue: Any) -> dict[str, Any]:
    """The wizard bundle with the kit (kept out of the wizard's first download: only the kit needs it)."""
    if catalogue.kit is None:
        raise KitError(f"{catalogue.data_dir}/kit.yml is missing: this catalogue has no starter kit")
    return {**catalogue.bundle, "kit": kit_data(catalogue.data_dir, catalogue.kit, catalogue.tools)}


def check_templates(bundle: dict[str, Any]) -> list[tuple[str, int, str]]:
    """(file, line, problem) for every template that names an unknown value or filter, misuses a filter or
    leaves a loop open: each is filled with the playbook's defaults and a sample runbook step."""
    answers = normalise_answers({"format": "release-playbook-answers", "version": 1}, bundle)
    params = resolve_parameters(answers, bundle)
    sample = [{"tool": "tool", "name": "Tool", "action": "abort", "commands": ["true"]}]
    scope = _Scope(answers, bundle, params, sample, {a: [{**sample[0], "action": a}] for a in operate_actions(bundle)})
    scope.every_branch = True
    problems = []
    for name, text in bundle["kit"]["templates"].items():
        try:
            fill_template(text, "data/kit/" + name, scope)
        except KitError as exc:
            where, _, detail = str(exc).partition(": ")
            file, _, line = where.rpartition(":")
            problems.append((file, int(line) if line.isdigit() else 0, detail))
    return problems


__all__ = ["AnswersError", "KitError", "check_templates", "kit_bundle", "kit_files"]
