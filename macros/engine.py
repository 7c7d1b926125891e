"""The document engine: answers + bundle -> release-process Markdown.

docs/assets/wizard/engine.js is a line-by-line port of this module; the shared vectors in
tests/vectors/ keep the two byte-identical. Keep them in step: same names, same order of
operations, no Python-only string behaviour (use `trim` below rather than str.strip).

Resolution of a placeholder: the user's value, else the values of the chosen tools (joined with
"; " in catalogue order), else the chosen profiles' defaults (applied size, stack, industry: the
later wins), else the catalogue default. A placeholder with none is written as a visible TODO and
listed in the still-to-decide table.
"""

from __future__ import annotations

import math
import re
from typing import Any

ANSWERS_FORMAT = "release-playbook-answers"
ANSWERS_VERSION = 2
"""Version 2 added `parameters` and `options`; version 1 files are read as they are (they have neither)."""
PROFILE_ORDER = ("size", "stack", "industry")
"""Order in which profiles apply their defaults: the later one wins."""
DIMENSION_ORDER = ("size", "industry", "stack")
"""Order in which profiles are shown."""
TOOL_ORDER = ("stack", "industry", "size")
"""Order in which profiles are asked for tool and strategy picks: the technology stack knows its tools best."""
RULE_ORDER = ("industry", "stack", "size")
"""Order in which the chosen profiles' rules are written: regulation first."""
TOKEN = re.compile(r"\[([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*)\]")
FORMAT_KEY = re.compile(r"\{([a-z_]+)\}")
GUIDANCE = re.compile(r"\n\n[ \t]*\*[^*\n][^\n]*\*[ \t]*(?=\n|$)")
"""Author guidance in the template: a paragraph that is one line of italics. Left out of the document
unless the answers ask to keep it (`options.guidance`)."""
EDGE_WS = re.compile(r"^[ \t\r\n]+|[ \t\r\n]+$")


class AnswersError(Exception):
    """An answers file the engine cannot use; the message is for people (from document.yml)."""


def trim(text: str) -> str:
    """Strip spaces, tabs and line breaks at both ends (same set as the JavaScript port)."""
    return EDGE_WS.sub("", text)


def fill(template: str, values: dict[str, str]) -> str:
    """Replace `{key}` for the keys given, in one pass (a value containing `{key}` stays as typed)."""
    return FORMAT_KEY.sub(lambda m: values[m.group(1)] if m.group(1) in values else m.group(0), template)


def code_span(text: str) -> str:
    """Text as inline code; a backtick inside gets a longer fence."""
    return "`` " + text + " ``" if "`" in text else "`" + text + "`"


def cell(text: str) -> str:
    """Text for a Markdown table cell: one line, pipes escaped."""
    return re.sub(r"[\r\n]+", " ", text).replace("|", "\\|")


# ---------------------------------------------------------------------------
# Parameters: typed values (parameters.yml), parsed, written and compared the same way everywhere
# ---------------------------------------------------------------------------

PARAM_TOKEN = re.compile(r"\{([a-z][a-z0-9]*(?:-[a-z0-9]+)*\.[a-z][a-z0-9]*(?:-[a-z0-9]+)*)\}")
"""A parameter named in catalogue text, e.g. `{canary.steps}`."""
DURATION = re.compile(r"^([0-9]{1,6}) ?(s|m|h|d|w|mo|y)$")
UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800, "mo": 2592000, "y": 31536000}
DECIMAL = re.compile(r"^([0-9]{1,6})(?:\.([0-9]+))?$")


def _tenths(raw: Any) -> int | str:
    """A number with at most one decimal as a whole number of tenths, else the problem's key."""
    if _is_number(raw):
        scaled = raw * 10
        rounded = round(scaled)
        return rounded if abs(scaled - rounded) < 1e-6 else "decimals"
    if _is_str(raw):
        text = trim(raw)
        if text.endswith("%"):
            text = trim(text[:-1])
        match = DECIMAL.match(text)
        if not match:
            return "number"
        decimals = re.sub(r"0+$", "", match.group(2) or "")
        if len(decimals) > 1:
            return "decimals"
        return int(match.group(1)) * 10 + (int(decimals) if decimals else 0)
    return "number"


def _from_tenths(tenths: int) -> int | float:
    return tenths // 10 if tenths % 10 == 0 else tenths / 10


def number_text(value: int | float) -> str:
    """A number as the document writes it: no trailing `.0`, at most one decimal."""
    tenths = round(value * 10)
    return str(tenths // 10) if tenths % 10 == 0 else f"{tenths // 10}.{tenths % 10}"


def duration_seconds(value: str) -> int:
    match = DURATION.match(value)
    return int(match.group(1)) * UNIT_SECONDS[match.group(2)] if match else -1


def parse_parameter(param: dict[str, Any], raw: Any, bundle: dict[str, Any]) -> tuple[Any, str]:
    """(canonical value, "") or (None, problem for people); the one rule for answers, profiles and defaults."""
    problems = bundle["parameters"]["problems"]
    kind = param["type"]
    if kind in ("percent", "points"):
        tenths = _tenths(raw)
        if not isinstance(tenths, int) or tenths < 0 or tenths > 1000:
            return None, problems["number" if not isinstance(tenths, str) or tenths == "number" else tenths]
        return _from_tenths(tenths), ""
    if kind == "percent-list":
        items = raw.split(",") if _is_str(raw) else raw
        if not isinstance(items, list) or not items:
            return None, problems["rising"]
        steps: list[int | float] = []
        for item in items:
            tenths = _tenths(item)
            if not isinstance(tenths, int) or tenths < 10 or tenths > 1000 or (steps and tenths <= round(steps[-1] * 10)):
                return None, problems["decimals" if tenths == "decimals" else "rising"]
            steps.append(_from_tenths(tenths))
        return steps, ""
    if kind == "duration":
        match = DURATION.match(trim(raw)) if _is_str(raw) else None
        if not match:
            return None, problems["duration"]
        value = str(int(match.group(1))) + match.group(2)
        low = duration_seconds(param["min"]) if param["min"] is not None else 0
        high = duration_seconds(param["max"]) if param["max"] is not None else -1
        if duration_seconds(value) < low or (high >= 0 and duration_seconds(value) > high):
            return None, fill(problems["range"], {"min": param_text(param, param["min"], bundle), "max": param_text(param, param["max"], bundle)})
        return value, ""
    if kind == "count":
        if _is_str(raw) and re.match(r"^[0-9]{1,6}$", trim(raw)):
            raw = int(trim(raw))
        if not _is_number(raw) or raw != int(raw):
            return None, problems["whole"]
        if raw < param["min"] or raw > param["max"]:
            return None, fill(problems["range"], {"min": str(param["min"]), "max": str(param["max"])})
        return int(raw), ""
    if kind == "enum":
        ids = [o["id"] for o in param["options"]]
        if not _is_str(raw) or trim(raw) not in ids:
            return None, fill(problems["option"], {"options": ", ".join(ids)})
        return trim(raw), ""
    # text: one line
    if not _is_str(raw) or re.search(r"[\r\n]", raw):
        return None, problems["line"]
    if trim(raw) == "":
        return None, problems["empty"]
    return trim(raw), ""


def param_text(param: dict[str, Any], value: Any, bundle: dict[str, Any]) -> str:
    """A canonical value as the document writes it."""
    units = bundle["parameters"]["units"]
    kind = param["type"]
    if kind in ("percent", "points"):
        return units[kind].replace("{n}", number_text(value))
    if kind == "percent-list":
        return units["list_separator"].join(units["percent"].replace("{n}", number_text(v)) for v in value)
    if kind == "duration":
        match = DURATION.match(value)
        count = int(match.group(1))
        forms = units["durations"][match.group(2)]
        return (forms[0] if count == 1 else forms[1]).replace("{n}", str(count))
    if kind == "count":
        return str(value)
    if kind == "enum":
        return next(o["label"] for o in param["options"] if o["id"] == value)
    return value


def _strictness(param: dict[str, Any], value: Any) -> list[int | float]:
    """A sort key: a larger key is a larger value in the parameter's own sense."""
    kind = param["type"]
    if kind == "duration":
        return [duration_seconds(value)]
    if kind == "enum":
        return [[o["id"] for o in param["options"]].index(value)]
    if kind == "percent-list":
        return [value[0], -len(value)]
    return [value]


def _key_less(a: list[int | float], b: list[int | float]) -> bool:
    for x, y in zip(a, b, strict=False):
        if x != y:
            return x < y
    return len(a) < len(b)


def stricter(param: dict[str, Any], a: Any, b: Any) -> bool:
    """Whether value `a` is stricter than `b` (for `none`, the later profile wins: always true)."""
    ka, kb = _strictness(param, a), _strictness(param, b)
    if param["stricter"] == "higher":
        return _key_less(kb, ka)
    if param["stricter"] == "lower":
        return _key_less(ka, kb)
    return True


# ---------------------------------------------------------------------------
# Answers: check a raw object and normalise it
# ---------------------------------------------------------------------------
# The check never trusts the file: unknown keys, wrong types, text that is not valid Unicode and
# ids this catalogue does not know are each reported by path, in one fixed order (keys sorted by
# code point) so that both engines list them alike. `check_answers` keeps every usable part (the
# wizard uses it for saved answers and links); `normalise_answers` refuses anything with a problem.

ANSWERS_KEYS = ("format", "version", "playbook", "organisation", "strategies", "tools", "picks", "current", "values", "parameters", "options")
ORGANISATION_KEYS = ("name", "size", "industry", "stack", "situation")
PICK_KINDS = ("strategies", "tools")
PROBLEM_KINDS = ("unknown_keys", "wrong_type", "bad_text", "invalid", "parameters")
"""Problem kinds in the order they are reported; each names a message in document.yml."""
LONE_SURROGATE = re.compile("[\ud800-\udfff]")
LINE_BREAKS = re.compile(r"[ \t]*(?:\r\n|\r|\n)[ \t\r\n]*")


def _is_str(value: Any) -> bool:
    return isinstance(value, str)


def _is_number(value: Any) -> bool:
    """A finite JSON number (booleans are not numbers; NaN and infinities are refused). An integer too
    big for a double is infinite, as JavaScript reads it."""
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        return False
    try:
        return math.isfinite(float(value))
    except OverflowError:
        return False


def _is_object(value: Any) -> bool:
    return isinstance(value, dict)


def _well_formed(text: str) -> bool:
    """Text without lone surrogates ("\\ud83d"): what cannot be written as UTF-8 is refused."""
    return not LONE_SURROGATE.search(text)


def shown(key: Any) -> str:
    """A key as it can be printed in a message (a lone surrogate becomes U+FFFD)."""
    return LONE_SURROGATE.sub("\ufffd", str(key))


def sorted_keys(obj: dict[Any, Any]) -> list[Any]:
    """An object's keys in code-point order of their text (JavaScript reorders integer-like keys)."""
    return sorted(obj, key=lambda k: str(k))


def placeholder_kind(pid: str, bundle: dict[str, Any]) -> str:
    """ "block" for a placeholder whose value may have several lines, else "line"."""
    return "block" if any(p["id"] == pid and p["block"] for p in bundle["placeholders"]) else "line"


def one_line(text: str) -> str:
    """Line breaks (and the spaces around them) become one space."""
    return LINE_BREAKS.sub(" ", text)


def check_answers(raw: Any, bundle: dict[str, Any]) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """Usable answers from `raw` and the problems found, by kind (paths such as `values.X`).

    Raise AnswersError when nothing can be used: not an answers file, a newer or invalid version."""
    messages = bundle["document"]["messages"]
    if not _is_object(raw) or raw.get("format") != ANSWERS_FORMAT:
        raise AnswersError(fill(messages["foreign"], {"playbook": bundle["name"]}))
    version = raw.get("version")
    if not _is_number(version):
        raise AnswersError(fill(messages["wrong_type"], {"detail": "version"}) + " " + messages["unchanged"])
    # JSON has one number type: 1 and 1.0 are the same version (as in the JavaScript port).
    if version != int(version) or version < 1:
        raise AnswersError(fill(messages["invalid"], {"detail": "version"}) + " " + messages["unchanged"])
    if version > ANSWERS_VERSION:
        raise AnswersError(fill(messages["newer"], {"playbook": bundle["name"]}))

    problems: dict[str, list[str]] = {kind: [] for kind in PROBLEM_KINDS}

    def text(value: Any, path: str) -> str | None:
        """`value` if it is valid text, else None with the problem recorded."""
        if not _is_str(value):
            problems["wrong_type"].append(path)
            return None
        if not _well_formed(value):
            problems["bad_text"].append(path)
            return None
        return value

    def section(key: str) -> dict[Any, Any]:
        """A top-level object, {} when absent or of the wrong type."""
        value = raw.get(key)
        if value is None:
            return {}
        if not _is_object(value):
            problems["wrong_type"].append(key)
            return {}
        return value

    problems["unknown_keys"].extend(shown(k) for k in sorted_keys(raw) if k not in ANSWERS_KEYS)
    # What the document said when the file was written (playbook_record): read by `render --since`, not here.
    section("playbook")

    org_raw = section("organisation")
    org = {"name": "", "size": "", "industry": "", "stack": "", "situation": ""}
    name = text(org_raw.get("name", ""), "organisation.name")
    if name is not None:
        org["name"] = trim(one_line(name))
    choices = {dim: [p["id"] for p in bundle["profiles"] if p["dimension"] == dim] for dim in DIMENSION_ORDER}
    choices["situation"] = [g["id"] for g in bundle["guides"]]
    for key in (*DIMENSION_ORDER, "situation"):
        value = text(org_raw.get(key, ""), f"organisation.{key}")
        if value is not None and value != "" and value not in choices[key]:
            problems["invalid"].append(f"organisation.{key}")
        elif value is not None:
            org[key] = value
    problems["unknown_keys"].extend(f"organisation.{shown(k)}" for k in sorted_keys(org_raw) if k not in ORGANISATION_KEYS)

    def id_list(key: str) -> list[str] | None:
        value = raw.get(key)
        if value is None:
            return None
        if not isinstance(value, list) or not all(_is_str(v) for v in value):
            problems["wrong_type"].append(key)
            return None
        known = [i["id"] for i in bundle[key]]
        problems["invalid"].extend(f"{key}.{shown(v)}" for v in sorted(set(value)) if v not in known)
        return [i for i in known if i in value]

    strategies = id_list("strategies")
    tools = id_list("tools")

    picks: dict[str, dict[str, bool]] = {kind: {} for kind in PICK_KINDS}
    picks_raw = section("picks")
    problems["unknown_keys"].extend(f"picks.{shown(k)}" for k in sorted_keys(picks_raw) if k not in PICK_KINDS)
    for kind in PICK_KINDS:
        own = picks_raw.get(kind)
        if own is None:
            own = {}
        if not _is_object(own):
            problems["wrong_type"].append(f"picks.{kind}")
            continue
        known = [i["id"] for i in bundle[kind]]
        for key in sorted_keys(own):
            if key not in known:
                problems["invalid"].append(f"picks.{kind}.{shown(key)}")
            elif not isinstance(own[key], bool):
                problems["wrong_type"].append(f"picks.{kind}.{key}")
        # Catalogue order, so that both engines hold the same object.
        picks[kind] = {i: own[i] for i in known if i in own and isinstance(own[i], bool)}

    current: dict[str, str] = {}
    current_raw = section("current")
    for key in sorted_keys(current_raw):
        metric = next((x for x in bundle["metrics"] if x["id"] == key), None)
        value = text(current_raw[key], f"current.{shown(key)}")
        if value is None:
            continue
        if metric is None or (value != "" and value not in [o["id"] for o in metric["scale"]]):
            problems["invalid"].append(f"current.{shown(key)}")
        elif value != "":
            current[key] = value

    values: dict[str, str] = {}
    values_raw = section("values")
    known_ids = [p["id"] for p in bundle["placeholders"]]
    for key in sorted_keys(values_raw):
        if key not in known_ids:
            problems["invalid"].append(f"values.{shown(key)}")
            continue
        value = text(values_raw[key], f"values.{key}")
        if value is None:
            continue
        # Spaces alone are no answer; a one-line field keeps one line.
        value = trim(value if placeholder_kind(key, bundle) == "block" else one_line(value))
        if value != "":
            values[key] = value

    # Typed parameters (id -> text, number, or a list of them), each checked by its type's rule.
    parameters: dict[str, Any] = {}
    parameters_raw = section("parameters")
    known_params = {p["id"]: p for p in bundle["parameters"]["items"]}
    for key in sorted_keys(parameters_raw):
        value = parameters_raw[key]
        items = value if isinstance(value, list) else [value]
        if key not in known_params:
            problems["invalid"].append(f"parameters.{shown(key)}")
        elif not all(_is_str(v) or _is_number(v) for v in items):
            problems["wrong_type"].append(f"parameters.{shown(key)}")
        elif not all(_well_formed(v) for v in items if _is_str(v)):
            problems["bad_text"].append(f"parameters.{shown(key)}")
        elif not (_is_str(value) and trim(value) == ""):
            parsed, problem = parse_parameter(known_params[key], value, bundle)
            if problem:
                problems["parameters"].append(fill(messages["parameter"], {"label": known_params[key]["label"], "id": key, "problem": problem}))
            else:
                parameters[key] = parsed

    options = {"guidance": False}
    options_raw = section("options")
    for key in sorted_keys(options_raw):
        if key != "guidance":
            problems["unknown_keys"].append(f"options.{shown(key)}")
        elif not isinstance(options_raw[key], bool):
            problems["wrong_type"].append("options.guidance")
        else:
            options["guidance"] = options_raw[key]

    answers = {
        "organisation": org,
        "strategies": strategies,
        "tools": tools,
        "picks": picks,
        "current": current,
        "values": values,
        "parameters": parameters,
        "options": options,
    }
    return answers, problems


def problems_message(problems: dict[str, list[str]], bundle: dict[str, Any]) -> str:
    """One sentence per kind of problem, in PROBLEM_KINDS order."""
    messages = bundle["document"]["messages"]
    return " ".join(
        fill(messages[kind], {"detail": "; ".join(problems[kind]) if kind == "parameters" else ", ".join(problems[kind])})
        for kind in PROBLEM_KINDS
        if problems[kind]
    )


def normalise_answers(raw: Any, bundle: dict[str, Any]) -> dict[str, Any]:
    """Check `raw` against the bundle and return complete answers; raise AnswersError on any problem."""
    answers, problems = check_answers(raw, bundle)
    if any(problems.values()):
        raise AnswersError(problems_message(problems, bundle) + " " + bundle["document"]["messages"]["unchanged"])
    return answers


def apply_picks(kind: str, ids: list[str], answers: dict[str, Any], bundle: dict[str, Any]) -> list[str]:
    """`ids` with the user's own picks applied: a pick adds or removes one item. In an exclusive tool
    category, a tool the user picked replaces the ones that came from the profiles."""
    own = answers["picks"][kind]
    if kind == "tools":
        category = {t["id"]: t["category"] for t in bundle["tools"]}
        exclusive = {c["id"] for c in bundle["categories"] if c["exclusive"]}
        replaced = {category[i] for i, on in own.items() if on and category[i] in exclusive}
        ids = [i for i in ids if category[i] not in replaced or own.get(i)]
    return [i for i in ids if own.get(i) is not False] + [i for i, on in own.items() if on and i not in ids]


# ---------------------------------------------------------------------------
# Writing a value into Markdown
# ---------------------------------------------------------------------------
# A value is inline Markdown (emphasis, code, links) typed by a person; it must never change the
# structure around it. Backslashes are kept as typed; a line may not start a block (heading, list,
# quote, fence, table, HTML); a block value keeps its lines as hard line breaks.

ORDERED_MARKER = re.compile(r"^(\d{1,9})([.)])(?=[ \t]|$)")
BLOCK_START = re.compile(r"^(?:#{1,6}(?=[ \t]|$)|[>|`~]|[-+*](?=[ \t]|$)|[-*_=](?=[-*_= \t]*$)|<[A-Za-z/!?]|\[[^\]]*\]:)")
LEAD = re.compile(r"[ \t]*(?:(?:[-+*]|\d{1,9}[.)])[ \t]+)?")


def escape_line_start(line: str) -> str:
    """A line that cannot open a block (heading, list, quote, fence, table, HTML, link definition)."""
    marker = ORDERED_MARKER.match(line)
    if marker:
        return marker.group(1) + "\\" + line[marker.end(1) :]
    return "\\" + line if BLOCK_START.match(line) else line


def continuation_indent(line: str) -> str:
    """Spaces that put a continuation line under the text of `line` (inside its list item)."""
    return " " * len(LEAD.match(line).group(0))


def value_markdown(value: str, kind: str, indent: str = "", line_start: bool = False) -> str:
    """`value` as Markdown for one field kind: "line" (one line), "block" (lines kept as hard line
    breaks, continuation lines indented by `indent`) or "heading" (one line in an ATX heading).
    `line_start`: the value begins a line, so its first line must not open a block either."""
    text = value.replace("\\", "\\\\")
    if kind == "block":
        lines = [line for line in (trim(x) for x in re.split(r"\r\n|\r|\n", text)) if line != ""]
        return ("\\\n" + indent).join(escape_line_start(x) if i or line_start else x for i, x in enumerate(lines))
    text = trim(one_line(text))
    if kind == "heading":
        # A closing run of # would be read as the end of the heading.
        text = re.sub(r"#+$", lambda m: "\\#" * len(m.group(0)), text)
    return escape_line_start(text) if line_start else text


# ---------------------------------------------------------------------------
# Choices and resolution
# ---------------------------------------------------------------------------


def chosen_profiles(answers: dict[str, Any], bundle: dict[str, Any], order: tuple[str, ...]) -> list[dict[str, Any]]:
    out = []
    for dim in order:
        ident = answers["organisation"][dim]
        out.extend(p for p in bundle["profiles"] if p["id"] == ident and p["dimension"] == dim)
    return out


def stack_platform(answers: dict[str, Any], bundle: dict[str, Any]) -> str:
    """Where the chosen stack runs (`kubernetes`, `vm`, `serverless`, `mobile`), or "" when no stack is chosen."""
    for profile in chosen_profiles(answers, bundle, ("stack",)):
        return profile["platform"] or ""
    return ""


def fits(item: dict[str, Any], platform: str) -> bool:
    """Whether a tool or strategy runs on the platform ("" fits everything; an item without `runs_on` runs anywhere)."""
    return platform == "" or not item["runs_on"] or platform in item["runs_on"]


def default_tools(answers: dict[str, Any], bundle: dict[str, Any]) -> list[str]:
    """Tools preselected from the profiles: per category, the picks of the most specific profile that
    recommends one (stack, then industry, then size); only the first for an exclusive category. A tool
    that does not run on the chosen stack is never preselected."""
    profiles = chosen_profiles(answers, bundle, TOOL_ORDER)
    platform = stack_platform(answers, bundle)
    active = {t["id"]: t["category"] for t in bundle["tools"] if t["status"] == "active" and fits(t, platform)}
    picked: list[str] = []
    for category in bundle["categories"]:
        for profile in profiles:
            ids = [i for i in profile["tools"] if active.get(i) == category["id"]]
            if ids:
                picked.extend(ids[:1] if category["exclusive"] else ids)
                break
    return picked


def recommended_strategies(answers: dict[str, Any], bundle: dict[str, Any]) -> list[str]:
    """Strategy ids to start from: the main deployment strategy of the most specific profile (the first it
    recommends that deploys and that the stack can run), then those every chosen profile recommends; a lean
    set a team can operate, most specific profile first, best first."""
    platform = stack_platform(answers, bundle)
    runs = {s["id"]: s for s in bundle["strategies"] if fits(s, platform)}
    profiles = chosen_profiles(answers, bundle, TOOL_ORDER)
    out: list[str] = []
    for profile in profiles:
        main = next((i for i in profile["strategies"] if i in runs and runs[i]["deploys"]), None)
        if main:
            out.append(main)
            break
    for profile in profiles:
        for ident in profile["strategies"]:
            if ident in runs and ident not in out and all(ident in p["strategies"] for p in profiles):
                out.append(ident)
    return out


def chosen(kind: str, answers: dict[str, Any], bundle: dict[str, Any]) -> list[dict[str, Any]]:
    """Chosen strategies or tools in catalogue order; when the answers give none, the profiles' picks."""
    picked = answers[kind]
    if picked is None and kind == "tools":
        picked = default_tools(answers, bundle)
    elif picked is None:
        picked = recommended_strategies(answers, bundle)
    picked = apply_picks(kind, picked, answers, bundle)
    return [item for item in bundle[kind] if item["id"] in picked]


def playbook_record(answers: dict[str, Any], bundle: dict[str, Any]) -> dict[str, Any]:
    """What the document says for these answers with this playbook (an answers file's `playbook`, written
    on download): its version, the chosen strategies and tools, every parameter's value."""
    params = resolve_parameters(answers, bundle)
    return {
        "version": bundle["version"],
        "strategies": [s["id"] for s in chosen("strategies", answers, bundle)],
        "tools": [t["id"] for t in chosen("tools", answers, bundle)],
        "parameters": {pid: p["value"] for pid, p in params.items() if p["value"] is not None},
    }


def resolve_parameters(answers: dict[str, Any], bundle: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Parameter id -> {"value", "text", "source", "from"}: the team's value, else the strictest value of the
    chosen profiles, else the playbook default; source is user, profile, default or "" (a name nobody gave)."""
    profiles = chosen_profiles(answers, bundle, PROFILE_ORDER)
    out: dict[str, dict[str, Any]] = {}
    for param in bundle["parameters"]["items"]:
        pid = param["id"]
        entry: dict[str, Any] | None = None
        if pid in answers["parameters"]:
            entry = {"value": answers["parameters"][pid], "source": "user", "from": ""}
        else:
            for profile in profiles:
                if pid in profile["parameters"]:
                    value = profile["parameters"][pid]
                    if entry is None or stricter(param, value, entry["value"]):
                        entry = {"value": value, "source": "profile", "from": profile["name"]}
        if entry is None:
            entry = {"value": param["default"], "source": "default" if param["default"] is not None else "", "from": ""}
        entry["text"] = param_text(param, entry["value"], bundle) if entry["value"] is not None else ""
        out[pid] = entry
    return out


def strategy_sentence(strategies: list[dict[str, Any]], answers: dict[str, Any], bundle: dict[str, Any]) -> str:
    """The default deployment strategy, written from the chosen strategies (never from text about others)."""
    labels = bundle["document"]["labels"]
    order = recommended_strategies(answers, bundle)
    ranked = sorted(strategies, key=lambda s: order.index(s["id"]) if s["id"] in order else len(order))
    main = next((s for s in ranked if s["deploys"]), None)
    if main is None:
        return ""
    others = [s["name"] for s in ranked if s is not main]
    if not others:
        return fill(labels["default_strategy_only"], {"strategy": main["name"]})
    return fill(labels["default_strategy"], {"strategy": main["name"], "others": ", ".join(others)})


def resolve(answers: dict[str, Any], bundle: dict[str, Any], params: dict[str, dict[str, Any]], expand: Any) -> dict[str, dict[str, Any]]:
    """Placeholder id -> {"value", "rule", "source", "from", "review"}.

    The rule is what the organisation requires: the team's own value, else every chosen profile's rule
    (industry, then stack, then size: none is dropped), else the playbook default. The chosen tools then
    say how they implement it (their `fills`), after the rule and never instead of it. `review` marks a
    value that only the playbook's default supplied. `expand` writes `{parameter}` names as values."""
    labels = bundle["document"]["labels"]
    tools = chosen("tools", answers, bundle)
    strategies = chosen("strategies", answers, bundle)
    profiles = chosen_profiles(answers, bundle, RULE_ORDER)
    gate_of: dict[str, str] = {}
    for stage in bundle["gate_stages"]:
        for gate in stage["gates"]:
            if gate["placeholder"] and gate["placeholder"] not in gate_of:
                gate_of[gate["placeholder"]] = gate["id"]
    out: dict[str, dict[str, Any]] = {}
    for ph in bundle["placeholders"]:
        pid = ph["id"]
        if pid in answers["values"]:
            value = answers["values"][pid]
            out[pid] = {"value": value, "rule": value, "source": "user", "from": "", "review": False}
            continue
        rules: list[tuple[str, str]] = []
        for profile in profiles:
            if pid in profile["placeholders"]:
                rules.append((expand(profile["placeholders"][pid]), profile["name"]))
        from_profiles = len(rules) > 0
        if ph["derived"] == "strategies":
            # Written from the chosen strategies, so it cannot name one the team did not choose.
            lead = strategy_sentence(strategies, answers, bundle)
            rules = ([(lead, "")] if lead else []) + rules
        elif not rules and ph["default"]:
            rules.append((expand(ph["default"]), ""))
        if pid in gate_of:
            for profile in profiles:
                if gate_of[pid] in profile["gates"]:
                    rules.append((expand(profile["gates"][gate_of[pid]]), profile["name"]))
                    from_profiles = True
        if len(rules) == 1:
            rule = rules[0][0]
        else:
            rule = labels["rule_separator"].join(fill(labels["rule_from"], {"rule": r, "profile": n}) if n else r for r, n in rules)
        how = [(t["name"], expand(t["fills"][pid])) for t in tools if pid in t["fills"]]
        value = rule
        for name, text in how:
            value += fill(labels["mechanism"] if value else labels["mechanism_only"], {"tool": name, "how": text})
        source = "profile" if from_profiles else ("tools" if how else ("default" if rule else ""))
        # A default sentence that only frames numbers the team or its profiles set is no guess.
        framed = ph["default"] is not None and any(params[r]["source"] in ("user", "profile") for r in PARAM_TOKEN.findall(ph["default"]))
        if ph["derived"] == "strategies" and rule:
            source = "user" if answers["strategies"] is not None else "profile"
        names = [p["name"] for p in profiles if any(p["name"] == r[1] for r in rules)] + [n for n, _ in how]
        out[pid] = {"value": value, "rule": rule, "source": source, "from": ", ".join(names), "review": source == "default" and not framed}
    return out


def closest_cluster(answers: dict[str, Any], bundle: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]] | None:
    """The cluster of the latest report nearest to the team's answers for today, or None without answers."""
    if not answers["current"] or not bundle["reports"]:
        return None
    report = bundle["reports"][0]
    for r in bundle["reports"]:
        if r["year"] > report["year"]:
            report = r
    best, best_distance = None, -1
    for cluster in report["clusters"]:
        distance, compared = 0, 0
        for metric in bundle["metrics"]:
            scale = [o["id"] for o in metric["scale"]]
            mine, theirs = answers["current"].get(metric["id"]), cluster["levels"].get(metric["id"])
            if mine in scale and theirs in scale:
                distance += abs(scale.index(mine) - scale.index(theirs))
                compared += 1
        if compared and (best is None or distance < best_distance):
            best, best_distance = cluster, distance
    return (report, best) if best else None


# ---------------------------------------------------------------------------
# Rendering
# ---------------------------------------------------------------------------


def block_markdown(block: dict[str, Any]) -> str:
    """A block's data as Markdown."""
    if block["type"] == "table":
        lines = ["| " + " | ".join(cell(h) for h in block["head"]) + " |", "|" + " --- |" * len(block["head"])]
        lines += ["| " + " | ".join(cell(c) for c in row) + " |" for row in block["rows"]]
        return "\n".join(lines)
    if block["type"] == "list":
        markers = {"bullet": "- ", "check": "- [ ] "}
        kind = block["kind"]
        return "\n".join((markers[kind] if kind in markers else f"{i + 1}. ") + item for i, item in enumerate(block["items"]))
    return block["text"]  # "text" and "markdown" nodes


class _Render:
    """One rendering: parameters and placeholders resolved, and what is still to decide or to review,
    each in order of first use."""

    def __init__(self, answers: dict[str, Any], bundle: dict[str, Any]):
        self.answers = answers
        self.bundle = bundle
        self.doc = bundle["document"]
        self.labels = self.doc["labels"]
        self.todo: list[tuple[str, str]] = []
        self.reviewed: list[str] = []
        self.section_title = ""
        self.params = resolve_parameters(answers, bundle)
        self.param_of = {p["id"]: p for p in bundle["parameters"]["items"]}
        self.resolved = resolve(answers, bundle, self.params, self.expand)
        self.strategies = chosen("strategies", answers, bundle)
        self.tools = chosen("tools", answers, bundle)
        self.platform = stack_platform(answers, bundle)
        self.site_url = bundle.get("site_url") or ""
        """The playbook site's address, for links to its pages; the bundle carries none until a runtime sets it."""

    def note_todo(self, key: str) -> None:
        if key not in [t[0] for t in self.todo]:
            self.todo.append((key, self.section_title))

    def param(self, pid: str) -> str:
        """A parameter's value as text; a name nobody gave is a visible TODO."""
        entry = self.params[pid]
        if entry["text"] != "":
            # A name the team typed is data: written so that it cannot change the document around it.
            return value_markdown(entry["text"], "line") if self.param_of[pid]["type"] == "text" else entry["text"]
        self.note_todo("{" + pid + "}")
        return f"**{self.labels['todo']}: {self.param_of[pid]['label']}**"

    def expand(self, text: str) -> str:
        """Catalogue text with every `{group.name}` written as that parameter's value."""
        return PARAM_TOKEN.sub(lambda m: self.param(m.group(1)) if m.group(1) in self.params else m.group(0), text)

    def value(self, pid: str, kind: str = "line", indent: str = "", line_start: bool = False) -> str:
        entry = self.resolved[pid]
        if entry["value"] != "":
            if not entry["review"]:
                return value_markdown(entry["value"], kind, indent, line_start)
            if pid not in self.reviewed:
                self.reviewed.append(pid)
            return value_markdown(entry["value"], kind, indent, line_start) + self.labels["review_mark"]
        self.note_todo(pid)
        return f"**{self.labels['todo']}: [{pid}]**"

    def rule(self, pid: str) -> str:
        """What the organisation requires for a placeholder, without the tools' part (for thresholds)."""
        entry = self.resolved[pid]
        if entry["rule"] == "":
            return self.value(pid)
        if not entry["review"]:
            return value_markdown(entry["rule"], "line")
        if pid not in self.reviewed:
            self.reviewed.append(pid)
        return value_markdown(entry["rule"], "line") + self.labels["review_mark"]

    def substitute(self, text: str) -> str:
        """Template text: guidance left out unless asked for, parameters and placeholders written in."""
        if not self.answers["options"]["guidance"]:
            text = GUIDANCE.sub("", text)
        text = self.expand(text)

        def one(m: re.Match[str]) -> str:
            pid = m.group(1)
            if pid not in self.resolved:
                return m.group(0)
            line = text[text.rfind("\n", 0, m.start()) + 1 : m.start()]
            return self.value(pid, placeholder_kind(pid, self.bundle), continuation_indent(line), LEAD.fullmatch(line) is not None)

        return TOKEN.sub(one, text)

    # -- blocks: structured data first, then Markdown ---------------------------
    # A block is {"type": "table", "head": [...], "rows": [[...]]}, {"type": "list", "kind":
    # "bullet"|"ordered"|"check", "items": [...]} or {"type": "text", "text": ...}; cells and items
    # are inline Markdown. The wizard draws the same data as its live preview.

    def table(self, head: list[str], rows: list[list[str]]) -> dict[str, Any]:
        if not rows:
            return {"type": "text", "text": self.labels["none"]}
        return {"type": "table", "head": head, "rows": rows}

    def listing(self, items: list[str], kind: str) -> dict[str, Any]:
        if not items:
            return {"type": "text", "text": self.labels["none"]}
        return {"type": "list", "kind": kind, "items": [trim(i) for i in items]}

    def block(self, name: str) -> dict[str, Any]:
        L, b, a = self.labels, self.bundle, self.answers
        if name == "profile":
            rows = [[L["dimension_names"][p["dimension"]], p["name"], p["focus"]] for p in chosen_profiles(a, b, DIMENSION_ORDER)]
            if not rows:
                return {"type": "text", "text": L["no_profile_chosen"]}
            return self.table([L["dimension"], L["choice"], L["guideline"]], rows)
        if name == "numbers":
            sources = L["sources"]
            rows = []
            for param in b["parameters"]["items"]:
                entry = self.params[param["id"]]
                if param["type"] == "text":
                    continue
                origin = entry["from"] if entry["source"] == "profile" else sources[entry["source"]]
                rows.append([param["label"], entry["text"], origin])
            return self.table([L["setting"], L["value"], L["source"]], rows)
        if name == "targets":
            rows = []
            for metric in b["metrics"]:
                if not metric["placeholder"] and not metric["parameter"]:
                    continue
                today = next((o["label"] for o in metric["scale"] if o["id"] == a["current"].get(metric["id"])), L["not_assessed"])
                target = self.value(metric["placeholder"]) if metric["placeholder"] else self.param(metric["parameter"])
                rows.append([metric["name"], today, target])
            return self.table([L["metric"], L["today"], L["target"]], rows)
        if name == "cluster":
            found = closest_cluster(a, b)
            if not found:
                return {"type": "text", "text": L["no_cluster"]}
            return {"type": "text", "text": fill(L["cluster"], {"cluster": found[1]["name"], "report": found[0]["title"]})}
        if name == "strategies":
            rows = [[s["name"] + self.unfit(s), s["summary"], s["rollback"]] for s in self.strategies]
            if not rows:
                return {"type": "text", "text": L["no_strategy"]}
            return self.table([L["strategy"], L["summary"], L["rollback"]], rows)
        if name == "tools":
            names = {c["id"]: c["name"] for c in b["categories"]}
            rows = [[names[t["category"]], t["name"] + self.unfit(t), t["summary"]] for t in self.tools]
            if not rows:
                return {"type": "text", "text": L["no_tool"]}
            return self.table([L["category"], L["tool"], L["role"]], rows)
        if name == "gates":
            profiles = chosen_profiles(a, b, RULE_ORDER)
            tool_names = {t["id"]: t["name"] for t in self.tools}
            rows = []
            for stage in b["gate_stages"]:
                for gate in stage["gates"]:
                    if gate["placeholder"]:
                        threshold = self.rule(gate["placeholder"])
                    else:
                        extra = [
                            fill(L["rule_from"], {"rule": self.expand(p["gates"][gate["id"]]), "profile": p["name"]})
                            for p in profiles
                            if gate["id"] in p["gates"]
                        ]
                        threshold = L["rule_separator"].join([self.expand(gate["threshold"])] + extra)
                    enforced = ", ".join(tool_names[t] for t in gate["tools"] if t in tool_names) or L["not_enforced"]
                    rows.append([stage["name"], gate["name"], threshold, L["yes"] if gate["blocking"] else L["no"], enforced])
            return self.table([L["stage"], L["gate"], L["threshold"], L["blocking"], L["enforced_by"]], rows)
        if name == "compliance":
            items: list[str] = []
            for p in chosen_profiles(a, b, DIMENSION_ORDER):
                items.extend(c for c in p["compliance"] if c not in items)
            if not items:
                return {"type": "text", "text": L["no_compliance"]}
            return self.listing(items, "bullet")
        if name == "cadence":
            profiles = chosen_profiles(a, b, DIMENSION_ORDER)
            rows = []
            for c in b["cadence"]:
                extra = " ".join(p["review_cadence"][c["id"]] for p in profiles if c["id"] in p["review_cadence"]) or L["none"]
                rows.append([c["name"], c["focus"], " ".join(c["activities"]), extra])
            return self.table([L["review"], L["focus"], L["activities"], L["profile_additions"]], rows)
        if name == "roadmap":
            guide = self.guide()
            if guide is None:
                return {"type": "text", "text": L["no_roadmap"]}
            return self.listing([f"**{trim(s['title'])}**: {s['detail']}" for s in guide["steps"]], "ordered")
        if name == "related":
            rows = []
            for d in b["related_documents"]:
                ours = self.params[d["parameter"]]["text"]
                if ours == "":
                    ours = L["not_named"]
                    self.reviewed.append("{" + d["parameter"] + "}")
                rows.append([d["title"], ours, L["relations"][d["relation"]], d["purpose"]])
            return self.table([L["document"], L["ours"], L["relation"], L["purpose"]], rows)
        if name == "roles":
            roles = b["incidents"]["roles"]
            rows = [[r["name"], self.param(r["parameter"]) if r["parameter"] else L["named_per_incident"], r["summary"]] for r in roles]
            return self.table([L["role_name"], L["who"], L["duties"]], rows)
        if name == "raci":
            roles = b["incidents"]["roles"]
            rows = [[row["activity"]] + [row["roles"].get(r["id"], "") for r in roles] for row in b["incidents"]["raci"]]
            return self.table([L["step"]] + [r["name"] for r in roles], rows)
        if name == "severity":
            rows = [
                [f"**{x['id']}** {x['name']}", x["definition"], x["examples"][0], x["paged"], self.expand(x["acknowledge"]), self.expand(x["updates"])]
                for x in b["incidents"]["severities"]
            ]
            return self.table([L["severity"], L["definition"], L["example"], L["paged"], L["response"], L["updates"]], rows)
        if name == "runbook":
            items = []
            for tool in self.tools:
                for step in tool["operate"]:
                    item = fill(L["runbook_item"], {"tool": tool["name"], "action": L["actions"][step["action"]], "how": trim(step["how"])})
                    if step["command"]:
                        # One shell command per line; a line ending in a backslash goes on in the next.
                        joined = re.sub(r"[ \t]*\\\n[ \t]*", " ", step["command"])
                        lines = [trim(x) for x in joined.split("\n") if trim(x) != ""]
                        item += fill(L["runbook_command"], {"commands": L["runbook_then"].join(code_span(x) for x in lines)})
                    if step["takes"]:
                        item += fill(L["runbook_takes"], {"takes": trim(step["takes"])})
                    if step["verify"]:
                        item += fill(L["runbook_verify"], {"verify": trim(step["verify"])})
                    items.append(item)
            if not items:
                return {"type": "text", "text": L["no_runbook"]}
            return self.listing(items, "bullet")
        if name == "checklist":
            return self.listing(b["checklist"], "check")
        raise ValueError(f"unknown block '{name}'")

    def unfit(self, item: dict[str, Any]) -> str:
        """A note after a tool or strategy the team chose although it does not run on the chosen stack."""
        if fits(item, self.platform):
            return ""
        names = self.labels["platforms"]
        return fill(self.labels["unfit"], {"platforms": ", ".join(names[p] for p in item["runs_on"]), "stack": names[self.platform]})

    def guide(self) -> dict[str, Any] | None:
        situation = self.answers["organisation"]["situation"]
        return next((g for g in self.bundle["guides"] if g["id"] == situation), None)

    def applies(self, when: dict[str, list[str]]) -> bool:
        strategy_ids = [s["id"] for s in self.strategies]
        tool_ids = [t["id"] for t in self.tools]
        if when["strategies"] and not any(i in strategy_ids for i in when["strategies"]):
            return False
        if when["tools"] and not any(i in tool_ids for i in when["tools"]):
            return False
        if when["situations"] and (self.guide() is None or self.guide()["id"] not in when["situations"]):
            return False
        if when["platforms"] and self.platform != "" and self.platform not in when["platforms"]:
            # Another stack: only a chosen tool that does not fit it, and runs there, brings the text back.
            return any(not fits(t, self.platform) and p in t["runs_on"] for t in self.tools for p in when["platforms"])
        return True

    def nodes(self, date: str) -> list[dict[str, Any]]:
        """The document as a list of nodes: headings, substituted Markdown parts and blocks."""
        doc, L = self.doc, self.labels
        org = self.answers["organisation"]
        profile_names = " · ".join(p["name"] for p in chosen_profiles(self.answers, self.bundle, DIMENSION_ORDER)) or L["no_profile"]
        guide = self.guide()
        out: list[dict[str, Any]] = [
            {
                "type": "heading",
                "level": 1,
                "text": fill(doc["title"], {"organisation": value_markdown(org["name"], "heading") or doc["default_organisation"]}),
            },
            {
                "type": "text",
                "text": trim(
                    fill(
                        doc["subtitle"],
                        {
                            "playbook": self.bundle["name"],
                            "version": self.bundle["version"],
                            "date": date,
                            "profiles": profile_names,
                            "situation": guide["name"] if guide else L["no_situation"],
                        },
                    )
                ),
            },
        ]
        # The starter kit renders its copy of the document with its files (bundle "kit_files": [path, sections]):
        # each is named under the first of its sections that the document shows.
        shown = [s["id"] for s in doc["sections"] if self.applies(s["when"])]
        kit_home = {}
        for path, sections in self.bundle.get("kit_files") or []:
            home = next((sid for sid in sections if sid in shown), None)
            if home is not None:
                kit_home[path] = home
        for si, section in enumerate(doc["sections"]):
            if not self.applies(section["when"]):
                continue
            self.section_title = section["title"]
            out.append({"type": "heading", "level": 2, "text": section["title"]})
            for pi, part in enumerate(section["parts"]):
                if not self.applies(part["when"]):
                    continue
                if part["text"] is not None:
                    out.append({"type": "markdown", "text": trim(self.substitute(part["text"])), "section": si, "part": pi})
                else:
                    out.append(self.block(part["block"]))
            kit_here = [path for path, where in kit_home.items() if where == section["id"]]
            if kit_here:
                out.append({"type": "text", "text": fill(L["kit_files"], {"files": L["see_separator"].join(code_span(p) for p in kit_here)})})
            if section["see"] and self.site_url:
                links = L["see_separator"].join(f"[{p['title']}]({page_url(self.site_url, p['page'])})" for p in section["see"])
                out.append({"type": "text", "text": fill(L["see"], {"links": links})})
        todo = doc["still_to_decide"]
        out.append({"type": "heading", "level": 2, "text": todo["title"]})
        if self.todo:
            out.append({"type": "text", "text": trim(todo["intro"])})
            rows = [[self.item_name(key), where, self.item_description(key)] for key, where in self.todo]
            out.append(self.table([todo["placeholder"], todo["section"], todo["decide"]], rows))
        else:
            out.append({"type": "text", "text": trim(todo["none"])})
        review = doc["review"]
        out.append({"type": "heading", "level": 2, "text": review["title"]})
        keys = ["{" + p["id"] + "}" for p in self.bundle["parameters"]["items"] if self.params[p["id"]]["source"] == "default"] + self.reviewed
        if keys:
            out.append({"type": "text", "text": trim(review["intro"])})
            out.append(self.table([review["item"], review["why"]], [[self.item_name(k), self.item_description(k)] for k in keys]))
        else:
            out.append({"type": "text", "text": trim(review["none"])})
        return out

    def item_name(self, key: str) -> str:
        """How the still-to-decide and review tables name a placeholder (`[ID]`) or a parameter (its label)."""
        if key.startswith("{"):
            return self.param_of[key[1:-1]]["label"]
        return f"`[{key}]`"

    def item_description(self, key: str) -> str:
        if key.startswith("{"):
            return self.param_of[key[1:-1]]["description"]
        return next(p["description"] for p in self.bundle["placeholders"] if p["id"] == key)


def page_url(site_url: str, page: str) -> str:
    """The address of a site page from its source path: process/roles.md -> SITE/process/roles/."""
    path, _, anchor = page.partition("#")
    path = path[: -len(".md")]
    if path == "index" or path.endswith("/index"):
        path = path[: -len("index")]
    else:
        path += "/"
    base = site_url if site_url.endswith("/") else site_url + "/"
    return base + path + ("#" + anchor if anchor else "")


def node_markdown(node: dict[str, Any]) -> str:
    if node["type"] == "heading":
        return "#" * node["level"] + " " + node["text"]
    return block_markdown(node)


def to_markdown(nodes: list[dict[str, Any]]) -> str:
    return "\n\n".join(node_markdown(n) for n in nodes) + "\n"


def blank_template(bundle: dict[str, Any]) -> str:
    """The whole template with its `[PLACEHOLDER]` tokens, every section included: for people without the wizard."""
    answers = {
        "organisation": {"name": "", "size": "", "industry": "", "stack": "", "situation": ""},
        "strategies": [],
        "tools": [],
        "picks": {"strategies": {}, "tools": {}},
        "current": {},
        "values": {},
        "parameters": {},
        "options": {"guidance": True},
    }
    r = _Render(answers, bundle)
    doc = bundle["document"]
    out = [f"# {fill(doc['title'], {'organisation': doc['default_organisation']})}"]
    for section in doc["sections"]:
        out.append("## " + section["title"])
        out.extend(trim(p["text"]) if p["text"] is not None else block_markdown(r.block(p["block"])) for p in section["parts"])
    return "\n\n".join(out) + "\n"


def nodes(raw_answers: Any, bundle: dict[str, Any], date: str) -> list[dict[str, Any]]:
    """The document's nodes for `raw_answers` (checked first)."""
    return _Render(normalise_answers(raw_answers, bundle), bundle).nodes(date)


def render(raw_answers: Any, bundle: dict[str, Any], date: str) -> str:
    """The release-process document for `raw_answers` (checked first), dated `date` (YYYY-MM-DD)."""
    answers = normalise_answers(raw_answers, bundle)
    return to_markdown(_Render(answers, bundle).nodes(date))


def unresolved(raw_answers: Any, bundle: dict[str, Any]) -> list[str]:
    """Placeholder ids without any value for these answers (whether or not their section applies)."""
    render = _Render(normalise_answers(raw_answers, bundle), bundle)
    return [pid for pid, entry in render.resolved.items() if entry["value"] == ""]
