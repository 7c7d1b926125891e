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
ANSWERS_VERSION = 1
PROFILE_ORDER = ("size", "stack", "industry")
"""Order in which profiles apply their defaults: the later one wins."""
DIMENSION_ORDER = ("size", "industry", "stack")
"""Order in which profiles are shown."""
TOOL_ORDER = ("stack", "industry", "size")
"""Order in which profiles are asked for tool picks: the technology stack knows its tools best."""
TOKEN = re.compile(r"\[([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*)\]")
FORMAT_KEY = re.compile(r"\{([a-z_]+)\}")
EDGE_WS = re.compile(r"^[ \t\r\n]+|[ \t\r\n]+$")


class AnswersError(Exception):
    """An answers file the engine cannot use; the message is for people (from document.yml)."""


def trim(text: str) -> str:
    """Strip spaces, tabs and line breaks at both ends (same set as the JavaScript port)."""
    return EDGE_WS.sub("", text)


def fill(template: str, values: dict[str, str]) -> str:
    """Replace `{key}` for the keys given, in one pass (a value containing `{key}` stays as typed)."""
    return FORMAT_KEY.sub(lambda m: values[m.group(1)] if m.group(1) in values else m.group(0), template)


def cell(text: str) -> str:
    """Text for a Markdown table cell: one line, pipes escaped."""
    return re.sub(r"[\r\n]+", " ", text).replace("|", "\\|")


# ---------------------------------------------------------------------------
# Answers: check a raw object and normalise it
# ---------------------------------------------------------------------------
# The check never trusts the file: unknown keys, wrong types, text that is not valid Unicode and
# ids this catalogue does not know are each reported by path, in one fixed order (keys sorted by
# code point) so that both engines list them alike. `check_answers` keeps every usable part (the
# wizard uses it for saved answers and links); `normalise_answers` refuses anything with a problem.

ANSWERS_KEYS = ("format", "version", "organisation", "strategies", "tools", "picks", "current", "values", "parameters")
ORGANISATION_KEYS = ("name", "size", "industry", "stack", "situation")
PICK_KINDS = ("strategies", "tools")
PROBLEM_KINDS = ("unknown_keys", "wrong_type", "bad_text", "invalid")
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
        raise AnswersError(messages["foreign"])
    version = raw.get("version")
    if not _is_number(version):
        raise AnswersError(fill(messages["wrong_type"], {"detail": "version"}) + " " + messages["unchanged"])
    # JSON has one number type: 1 and 1.0 are the same version (as in the JavaScript port).
    if version != int(version) or version < 1:
        raise AnswersError(fill(messages["invalid"], {"detail": "version"}) + " " + messages["unchanged"])
    if version > ANSWERS_VERSION:
        raise AnswersError(messages["newer"])

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

    # Typed parameters (id -> text, number, or a list of them): passed through as given.
    parameters: dict[str, Any] = {}
    parameters_raw = section("parameters")
    for key in sorted_keys(parameters_raw):
        value = parameters_raw[key]
        items = value if isinstance(value, list) else [value]
        if not all(_is_str(v) or _is_number(v) for v in items):
            problems["wrong_type"].append(f"parameters.{shown(key)}")
        elif not all(_well_formed(v) for v in items if _is_str(v)) or not _well_formed(str(key)):
            problems["bad_text"].append(f"parameters.{shown(key)}")
        else:
            parameters[key] = value

    answers = {
        "organisation": org,
        "strategies": strategies,
        "tools": tools,
        "picks": picks,
        "current": current,
        "values": values,
        "parameters": parameters,
    }
    return answers, problems


def problems_message(problems: dict[str, list[str]], bundle: dict[str, Any]) -> str:
    """One sentence per kind of problem, in PROBLEM_KINDS order."""
    messages = bundle["document"]["messages"]
    return " ".join(fill(messages[kind], {"detail": ", ".join(problems[kind])}) for kind in PROBLEM_KINDS if problems[kind])


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


def default_tools(answers: dict[str, Any], bundle: dict[str, Any]) -> list[str]:
    """Tools preselected from the profiles: per category, the picks of the most specific profile that
    recommends one (stack, then industry, then size); only the first for an exclusive category."""
    profiles = chosen_profiles(answers, bundle, TOOL_ORDER)
    active = {t["id"]: t["category"] for t in bundle["tools"] if t["status"] == "active"}
    picked: list[str] = []
    for category in bundle["categories"]:
        for profile in profiles:
            ids = [i for i in profile["tools"] if active.get(i) == category["id"]]
            if ids:
                picked.extend(ids[:1] if category["exclusive"] else ids)
                break
    return picked


def chosen(kind: str, answers: dict[str, Any], bundle: dict[str, Any]) -> list[dict[str, Any]]:
    """Chosen strategies or tools in catalogue order; when the answers give none, the profiles' picks."""
    picked = answers[kind]
    if picked is None and kind == "tools":
        picked = default_tools(answers, bundle)
    elif picked is None:
        picked = [i for p in chosen_profiles(answers, bundle, PROFILE_ORDER) for i in p[kind]]
    picked = apply_picks(kind, picked, answers, bundle)
    return [item for item in bundle[kind] if item["id"] in picked]


def resolve(answers: dict[str, Any], bundle: dict[str, Any]) -> dict[str, dict[str, str]]:
    """Placeholder id -> {"value", "source", "from"}; source is user, tools, profile, default or "" (none)."""
    tools = chosen("tools", answers, bundle)
    profiles = chosen_profiles(answers, bundle, PROFILE_ORDER)
    gate_of: dict[str, str] = {}
    for stage in bundle["gate_stages"]:
        for gate in stage["gates"]:
            if gate["placeholder"] and gate["placeholder"] not in gate_of:
                gate_of[gate["placeholder"]] = gate["id"]
    out: dict[str, dict[str, str]] = {}
    for ph in bundle["placeholders"]:
        pid = ph["id"]
        if pid in answers["values"]:
            out[pid] = {"value": answers["values"][pid], "source": "user", "from": ""}
            continue
        filled = [t for t in tools if pid in t["fills"]]
        if filled:
            out[pid] = {"value": "; ".join(t["fills"][pid] for t in filled), "source": "tools", "from": ", ".join(t["name"] for t in filled)}
            continue
        found = None
        for profile in profiles:
            if pid in profile["placeholders"]:
                found = {"value": profile["placeholders"][pid], "source": "profile", "from": profile["name"]}
            elif ph["target"] and ph["target"] in profile["targets"]:
                found = {"value": profile["targets"][ph["target"]], "source": "profile", "from": profile["name"]}
            elif pid in gate_of and gate_of[pid] in profile["gates"]:
                found = {"value": profile["gates"][gate_of[pid]], "source": "profile", "from": profile["name"]}
        if found:
            out[pid] = found
        elif ph["default"]:
            out[pid] = {"value": ph["default"], "source": "default", "from": ""}
        else:
            out[pid] = {"value": "", "source": "", "from": ""}
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
    """One rendering: resolved values, and the placeholders still to decide in order of first use."""

    def __init__(self, answers: dict[str, Any], bundle: dict[str, Any]):
        self.answers = answers
        self.bundle = bundle
        self.doc = bundle["document"]
        self.labels = self.doc["labels"]
        self.resolved = resolve(answers, bundle)
        self.strategies = chosen("strategies", answers, bundle)
        self.tools = chosen("tools", answers, bundle)
        self.todo: list[tuple[str, str]] = []
        self.section_title = ""

    def value(self, pid: str, kind: str = "line", indent: str = "", line_start: bool = False) -> str:
        entry = self.resolved[pid]
        if entry["value"] != "":
            return value_markdown(entry["value"], kind, indent, line_start)
        if pid not in [t[0] for t in self.todo]:
            self.todo.append((pid, self.section_title))
        return f"**{self.labels['todo']}: [{pid}]**"

    def substitute(self, text: str) -> str:
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
            return self.table([L["dimension"], L["choice"], L["guideline"]], rows)
        if name == "targets":
            profiles = chosen_profiles(a, b, PROFILE_ORDER)
            rows = []
            for metric in b["metrics"]:
                if not metric["target"]:
                    continue
                today = next((o["label"] for o in metric["scale"] if o["id"] == a["current"].get(metric["id"])), L["not_assessed"])
                if metric["placeholder"]:
                    target = self.value(metric["placeholder"])
                else:
                    target = L["none"]
                    for p in profiles:
                        target = p["targets"].get(metric["target"], target)
                rows.append([metric["name"], today, target])
            return self.table([L["metric"], L["today"], L["target"]], rows)
        if name == "cluster":
            found = closest_cluster(a, b)
            if not found:
                return {"type": "text", "text": L["no_cluster"]}
            return {"type": "text", "text": fill(L["cluster"], {"cluster": found[1]["name"], "report": found[0]["title"]})}
        if name == "strategies":
            return self.table([L["strategy"], L["summary"], L["rollback"]], [[s["name"], s["summary"], s["rollback"]] for s in self.strategies])
        if name == "tools":
            names = {c["id"]: c["name"] for c in b["categories"]}
            return self.table([L["category"], L["tool"], L["role"]], [[names[t["category"]], t["name"], t["summary"]] for t in self.tools])
        if name == "gates":
            profiles = chosen_profiles(a, b, PROFILE_ORDER)
            tool_names = {t["id"]: t["name"] for t in self.tools}
            rows = []
            for stage in b["gate_stages"]:
                for gate in stage["gates"]:
                    if gate["placeholder"]:
                        threshold = self.value(gate["placeholder"])
                    else:
                        threshold = gate["threshold"]
                        for p in profiles:
                            threshold = p["gates"].get(gate["id"], threshold)
                    enforced = ", ".join(tool_names[t] for t in gate["tools"] if t in tool_names) or L["none"]
                    rows.append([stage["name"], gate["name"], threshold, L["yes"] if gate["blocking"] else L["no"], enforced])
            return self.table([L["stage"], L["gate"], L["threshold"], L["blocking"], L["enforced_by"]], rows)
        if name == "compliance":
            items: list[str] = []
            for p in chosen_profiles(a, b, DIMENSION_ORDER):
                items.extend(c for c in p["compliance"] if c not in items)
            return self.listing(items, "bullet")
        if name == "cadence":
            profiles = chosen_profiles(a, b, DIMENSION_ORDER)
            rows = []
            for c in b["cadence"]:
                extra = " ".join(p["review_cadence"][c["id"]] for p in profiles if c["id"] in p["review_cadence"]) or L["none"]
                rows.append([c["name"], c["focus"], " ".join(c["activities"]), extra])
            return self.table([L["review"], L["focus"], L["activities"], L["profile_additions"]], rows)
        if name == "roadmap":
            return self.listing([f"**{trim(s['title'])}**: {s['detail']}" for s in self.guide()["steps"]], "ordered")
        if name == "related":
            rows = [[f"{d['id']} {d['title']}", d["file"], L["relations"][d["relation"]], d["purpose"]] for d in b["related_documents"]]
            return self.table([L["document"], L["file"], L["relation"], L["purpose"]], rows)
        if name == "checklist":
            return self.listing(b["checklist"], "check")
        raise ValueError(f"unknown block '{name}'")

    def guide(self) -> dict[str, Any]:
        situation = self.answers["organisation"]["situation"]
        return next((g for g in self.bundle["guides"] if g["id"] == situation), self.bundle["guides"][0])

    def applies(self, when: dict[str, list[str]]) -> bool:
        strategy_ids = [s["id"] for s in self.strategies]
        tool_ids = [t["id"] for t in self.tools]
        if when["strategies"] and not any(i in strategy_ids for i in when["strategies"]):
            return False
        if when["tools"] and not any(i in tool_ids for i in when["tools"]):
            return False
        if when["situations"] and self.guide()["id"] not in when["situations"]:
            return False
        return True

    def nodes(self, date: str) -> list[dict[str, Any]]:
        """The document as a list of nodes: headings, substituted Markdown parts and blocks."""
        doc, L = self.doc, self.labels
        org = self.answers["organisation"]
        profile_names = " · ".join(p["name"] for p in chosen_profiles(self.answers, self.bundle, DIMENSION_ORDER)) or L["no_profile"]
        out: list[dict[str, Any]] = [
            {
                "type": "heading",
                "level": 1,
                "text": fill(doc["title"], {"organisation": value_markdown(org["name"], "heading") or doc["default_organisation"]}),
            },
            {
                "type": "text",
                "text": trim(
                    fill(doc["subtitle"], {"version": self.bundle["version"], "date": date, "profiles": profile_names, "situation": self.guide()["name"]})
                ),
            },
        ]
        for si, section in enumerate(doc["sections"]):
            if not self.applies(section["when"]):
                continue
            self.section_title = section["title"]
            out.append({"type": "heading", "level": 2, "text": section["title"]})
            for pi, part in enumerate(section["parts"]):
                if part["text"] is not None:
                    out.append({"type": "markdown", "text": trim(self.substitute(part["text"])), "section": si, "part": pi})
                else:
                    out.append(self.block(part["block"]))
        todo = doc["still_to_decide"]
        out.append({"type": "heading", "level": 2, "text": todo["title"]})
        if self.todo:
            out.append({"type": "text", "text": trim(todo["intro"])})
            descriptions = {p["id"]: p["description"] for p in self.bundle["placeholders"]}
            rows = [[f"`[{pid}]`", where, descriptions[pid]] for pid, where in self.todo]
            out.append(self.table([todo["placeholder"], todo["section"], todo["decide"]], rows))
        else:
            out.append({"type": "text", "text": trim(todo["none"])})
        return out


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
    answers = normalise_answers(raw_answers, bundle)
    return [pid for pid, entry in resolve(answers, bundle).items() if entry["value"] == ""]
