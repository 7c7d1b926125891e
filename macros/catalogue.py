"""The validated catalogue: typed items, indexes by id and the links between them."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path as FsPath
from typing import Any

from . import models as m
from .errors import CatalogueError, Problem, did_you_mean, format_path
from .loader import data_label, read_catalogue_files
from .yamlmap import LocatedYaml, load_located

DATA_DIR = FsPath(__file__).resolve().parent.parent / "data"


@dataclass(frozen=True)
class Catalogue:
    """Everything in `data/`, validated and cross-checked; built once per build."""

    playbook: m.Playbook
    strategies: tuple[m.Strategy, ...]
    categories: tuple[m.Category, ...]
    tools: tuple[m.Tool, ...]
    tool_category: dict[str, str]
    gate_stages: tuple[m.GateStage, ...]
    profiles: tuple[m.Profile, ...]
    phases: tuple[m.Phase, ...]
    dora: m.Dora
    parameters: m.Parameters
    document: m.Document
    presets: tuple[m.Preset, ...]
    wizard: m.Wizard
    diagrams: m.Diagrams
    incidents: m.Incidents
    data_dir: FsPath
    organisation: m.Organisation | None = None
    """The organisation of `org/organisation.yml` when a fork has one (see macros/overlay.py)."""
    kit: m.Kit | None = None
    # Derived indexes, filled in __post_init__.
    strategy: dict[str, m.Strategy] = field(default_factory=dict)
    tool: dict[str, m.Tool] = field(default_factory=dict)
    category: dict[str, m.Category] = field(default_factory=dict)
    profile: dict[str, m.Profile] = field(default_factory=dict)
    gate: dict[str, m.Gate] = field(default_factory=dict)
    gate_stage_of: dict[str, m.GateStage] = field(default_factory=dict)
    placeholder: dict[str, m.Placeholder] = field(default_factory=dict)
    phase_of: dict[str, m.Phase] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.strategy.update({s.id: s for s in self.strategies})
        self.tool.update({t.id: t for t in self.tools})
        self.category.update({c.id: c for c in self.categories})
        self.profile.update({p.id: p for p in self.profiles})
        for stage in self.gate_stages:
            for gate in stage.gates:
                self.gate[gate.id] = gate
                self.gate_stage_of[gate.id] = stage
        for phase in self.phases:
            for ph in phase.placeholders:
                self.placeholder[ph.id] = ph
                self.phase_of[ph.id] = phase

    @cached_property
    def bundle(self) -> dict[str, Any]:
        """The plain-JSON view the document engines read (see macros/bundle.py), made once."""
        from .bundle import make_bundle

        return make_bundle(self)

    def memo(self, key: str, make: Any) -> Any:
        """`make()`, computed once per catalogue: `mkdocs serve` rebuilds reuse it while data/ is unchanged."""
        cache = self.__dict__.setdefault("_memo", {})
        if key not in cache:
            cache[key] = make()
        return cache[key]

    def items(self, kind: str) -> dict[str, Any]:
        """Every item of one kind by id (kinds as pages and links name them: `tool`, `gate`, ...)."""
        tables = self._tables
        if kind not in tables:
            raise KeyError(f"unknown kind of item '{kind}' (use one of: {', '.join(tables)})")
        return tables[kind]

    @cached_property
    def _tables(self) -> dict[str, dict[str, Any]]:
        return {
            "strategy": self.strategy,
            "category": self.category,
            "tool": self.tool,
            "profile": self.profile,
            "gate": self.gate,
            "placeholder": self.placeholder,
            "stage": {s.id: s for s in self.gate_stages},
            "phase": {p.id: p for p in self.phases},
            "preset": {p.id: p for p in self.presets},
            "metric": {x.id: x for x in self.dora.metrics},
        }

    # -- links that run the other way ----------------------------------------

    def tools_for_strategy(self, strategy_id: str) -> list[m.Tool]:
        return [t for t in self.tools if strategy_id in t.strategies]

    def tools_in_category(self, category_id: str) -> list[m.Tool]:
        return [t for t in self.tools if self.tool_category[t.id] == category_id]

    def profiles_recommending_tool(self, tool_id: str) -> list[m.Profile]:
        return [p for p in self.profiles if tool_id in p.tools]

    def profiles_recommending_strategy(self, strategy_id: str) -> list[m.Profile]:
        return [p for p in self.profiles if strategy_id in p.strategies]

    def gates_enforced_by(self, tool_id: str) -> list[m.Gate]:
        return [g for g in self.gate.values() if tool_id in g.tools]

    def gates_for_placeholder(self, placeholder_id: str) -> list[m.Gate]:
        return [g for g in self.gate.values() if g.placeholder == placeholder_id]

    def tools_filling(self, placeholder_id: str) -> list[m.Tool]:
        return [t for t in self.tools if placeholder_id in t.fills]

    def profiles_by_dimension(self) -> dict[str, list[m.Profile]]:
        out: dict[str, list[m.Profile]] = {d: [] for d in m.DIMENSIONS}
        for p in self.profiles:
            out[p.dimension].append(p)
        return out


PLACEHOLDER_TOKEN = re.compile(r"\[([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*)\]")
"""A `[PLACEHOLDER]` token in document text."""

# ---------------------------------------------------------------------------
# Cross-checks: ids unique, references resolve, everything reachable
# ---------------------------------------------------------------------------


RESERVED_IDS = {
    "strategy": {"index"},
    "category": {"index"},
    "tool": {"index", "categories"},
    "profile": {"index"},
    "stage": {"index"},
    "phase": {"index"},
    "preset": {"index"},
}
"""Ids that would give an item the address of a generated page (`strategies/index.md`, `tools/categories/`)."""

TEMPLATE_FIELDS: dict[tuple[str, tuple[str, ...]], set[str]] = {
    ("document.yml", ("title",)): {"organisation"},
    ("document.yml", ("subtitle",)): {"playbook", "version", "date", "profiles", "situation"},
    ("document.yml", ("messages", "foreign")): {"playbook"},
    ("document.yml", ("messages", "newer")): {"playbook"},
    ("document.yml", ("labels", "cluster")): {"cluster", "report"},
    ("document.yml", ("messages", "invalid")): {"detail"},
    ("wizard.yml", ("text", "step_status")): {"n", "total", "title"},
    ("wizard.yml", ("text", "sources", "*")): {"source"},
}
"""Texts the engines fill with `{field}` values, and the fields each one is given; any other `{field}` would be printed as typed."""


class _Checker:
    def __init__(self, docs: dict[str, LocatedYaml], label: str = "data"):
        self.docs = docs
        self.label = label
        self.problems: list[Problem] = []

    def file(self, rel: str, path: tuple[str | int, ...]) -> str:
        """The file a place is in: `<data>/rel`, or the organisation's file that gave the value (macros/overlay.py)."""
        doc = self.docs.get(rel)
        return doc.file_of(path) if hasattr(doc, "file_of") else f"{self.label}/{rel}"

    def where(self, rel: str, path: tuple[str | int, ...]) -> str:
        """`<data>/file.yml:line` of a place, for messages that point at a second place."""
        doc = self.docs.get(rel)
        return f"{self.file(rel, path)}:{doc.line_of(path) if doc else 0}"

    def add(self, rel: str, path: tuple[str | int, ...], message: str) -> None:
        doc = self.docs.get(rel)
        line = doc.line_of(path) if doc else 0
        shown = rel.split("/")[-1].removesuffix(".yml")
        self.problems.append(Problem(self.file(rel, path), line, format_path(shown, path), message))

    def reserved(self, rel_items: list[tuple[str, tuple[str | int, ...], str]], kind: str) -> None:
        for rel, path, ident in rel_items:
            if ident in RESERVED_IDS[kind]:
                self.add(rel, path, f"the id '{ident}' is reserved: its page would take the address of a generated index page; choose another id")

    def unique(self, rel_items: list[tuple[str, tuple[str | int, ...], str]], what: str) -> None:
        first: dict[str, tuple[str, tuple[str | int, ...]]] = {}
        for rel, path, ident in rel_items:
            if ident in first:
                self.add(rel, path, f"duplicate {what} '{ident}' (first used at {self.where(*first[ident])}); rename or remove one of them")
            else:
                first[ident] = (rel, path)

    def refs(self, rel: str, path: tuple[str | int, ...], ids: Any, known: dict[str, Any] | set[str], what: str) -> None:
        """Each id of a list (or each key of a mapping) names a known item, and a list names each once."""
        seen: set[str] = set()
        for index, ident in enumerate(ids):
            step = (ident,) if isinstance(ids, dict) else (index,)
            if ident not in known:
                self.add(rel, path + step, f"unknown {what} '{ident}' ({did_you_mean(ident, known)})")
            elif ident in seen:
                self.add(rel, path + step, f"{what} '{ident}' is listed twice; remove one")
            seen.add(ident)

    def ref(self, rel: str, path: tuple[str | int, ...], ident: str, known: dict[str, Any] | set[str], what: str) -> None:
        """A single id at `path` names a known item."""
        if ident not in known:
            self.add(rel, path, f"unknown {what} '{ident}' ({did_you_mean(ident, known)})")


def _check_document(c: _Checker, doc: m.Document, playbook: m.Playbook, strategy_ids: set[str], tool_ids: set[str], placeholder_ids: set[str]) -> None:
    """The template names only known ids, and uses every placeholder at least once."""
    guide_ids = {g.id for g in playbook.guides}
    c.unique([("document.yml", ("sections", i, "id"), s.id) for i, s in enumerate(doc.sections)], "section id")
    c.ref("document.yml", ("checklist",), doc.checklist, {x.id for x in playbook.checklists}, "checklist")
    used: set[str] = set()
    for i, section in enumerate(doc.sections):
        c.refs("document.yml", ("sections", i, "when", "strategies"), section.when.strategies, strategy_ids, "strategy")
        c.refs("document.yml", ("sections", i, "when", "tools"), section.when.tools, tool_ids, "tool")
        c.refs("document.yml", ("sections", i, "when", "situations"), section.when.situations, guide_ids, "implementation guide")
        for j, part in enumerate(section.parts):
            for token in PLACEHOLDER_TOKEN.findall(part.text or ""):
                if token not in placeholder_ids:
                    c.add("document.yml", ("sections", i, "parts", j, "text"), f"unknown placeholder '[{token}]' ({did_you_mean(token, placeholder_ids)})")
                used.add(token)
    for ident in sorted(placeholder_ids - used):
        c.add("document.yml", ("sections",), f"placeholder '[{ident}]' is not used in any section; the document must use every placeholder")


def _check_wizard(c: _Checker, wizard: m.Wizard, category_ids: set[str], phase_ids: set[str]) -> None:
    """Every tool category and placeholder phase is asked about in exactly one step."""
    c.unique([("wizard.yml", ("steps", i, "id"), s.id) for i, s in enumerate(wizard.steps)], "step id")
    c.unique(
        [("wizard.yml", ("steps", i, "categories", j), x) for i, s in enumerate(wizard.steps) for j, x in enumerate(s.categories)],
        "category in the wizard's steps",
    )
    c.unique([("wizard.yml", ("steps", i, "phases", j), x) for i, s in enumerate(wizard.steps) for j, x in enumerate(s.phases)], "phase in the wizard's steps")
    for i, step in enumerate(wizard.steps):
        c.refs("wizard.yml", ("steps", i, "categories"), step.categories, category_ids, "category")
        c.refs("wizard.yml", ("steps", i, "phases"), step.phases, phase_ids, "placeholder phase")
    for missing in sorted(category_ids - {x for s in wizard.steps for x in s.categories}):
        c.add("wizard.yml", ("steps",), f"tool category '{missing}' is in no step; add it to the `categories:` of one step")
    for missing in sorted(phase_ids - {x for s in wizard.steps for x in s.phases}):
        c.add("wizard.yml", ("steps",), f"placeholder phase '{missing}' is in no step; add it to the `phases:` of one step")
    for special in ("organisation", "review"):
        if not any(s.special == special for s in wizard.steps):
            c.add("wizard.yml", ("steps",), f"no step has `special: {special}`; the wizard needs one")


def _check_playbook(c: _Checker, playbook: m.Playbook, dora: m.Dora) -> None:
    """Lists whose entries have ids name each id once."""
    for key in ("standards", "guides", "cadence", "success_metrics", "checklists", "related_documents"):
        entries = getattr(playbook, key)
        c.unique([("playbook.yml", (key, i, "id"), x.id) for i, x in enumerate(entries)], f"{key.replace('_', ' ')} id")
    for i, x in enumerate(dora.metrics):
        c.unique([("dora.yml", ("metrics", i, "scale", j, "id"), o.id) for j, o in enumerate(x.scale)], f"scale option id of metric '{x.id}'")
    c.unique([("dora.yml", ("reports", r, "year"), str(x.year)) for r, x in enumerate(dora.reports)], "report year")
    for r, report in enumerate(dora.reports):
        c.unique([("dora.yml", ("reports", r, "clusters", k, "id"), x.id) for k, x in enumerate(report.clusters)], f"cluster id of the {report.year} report")


def _check_templates(c: _Checker) -> None:
    """Texts the engines fill use only the `{fields}` they are given."""
    from .engine import FORMAT_KEY

    for (rel, path), allowed in TEMPLATE_FIELDS.items():
        doc = c.docs.get(rel)
        if doc is None:
            continue
        places: list[tuple[tuple[str | int, ...], Any]] = [((), doc.data)]
        for step in path:
            following = []
            for where, value in places:
                if not isinstance(value, dict):
                    continue
                keys = list(value) if step == "*" else [step] if step in value else []
                following += [(where + (k,), value[k]) for k in keys]
            places = following
        for where, text in places:
            for name in FORMAT_KEY.findall(text if isinstance(text, str) else ""):
                if name not in allowed:
                    fields = ", ".join(f"{{{a}}}" for a in sorted(allowed))
                    c.add(rel, where, f"unknown field '{{{name}}}' would be printed as typed ({did_you_mean(name, allowed)}; this text can use {fields})")


def _usable_name(path: FsPath) -> bool:
    """Whether the file system can even look the path up (a name may be at most 255 bytes)."""
    try:
        path.is_file()
    except OSError:
        return False
    return True


def _check_examples(c: _Checker, tool_files: dict[str, list[m.Tool]], data_dir: FsPath) -> None:
    """Each example file exists inside data/examples/, and every file there is some tool's example."""
    root = (data_dir / "examples").resolve()
    used: set[FsPath] = set()
    for rel, ts in tool_files.items():
        for i, t in enumerate(ts):
            if not t.example:
                continue
            path = (root / t.example.file).resolve()
            if not _usable_name(path):
                c.add(rel, (i, "example", "file"), f"'{t.example.file[:40]}...' cannot be a file name (too long); give the example's real path")
            elif not path.is_relative_to(root):
                c.add(rel, (i, "example", "file"), f"'{t.example.file}' is outside {c.label}/examples/; examples must be files in that folder")
            elif not path.is_file():
                c.add(rel, (i, "example", "file"), f"example file '{c.label}/examples/{t.example.file}' does not exist; add it or fix the path")
            else:
                used.add(path)
    if root.is_dir():
        for path in sorted(p for p in root.rglob("*") if p.is_file() and p.resolve() not in used and not p.name.startswith(".")):
            shown = f"{c.label}/examples/{path.relative_to(root).as_posix()}"
            c.problems.append(Problem(shown, 0, "", "no tool's `example.file` names this file, so nothing shows it; name it in a tool or delete it"))


def _check_gate_placeholders(c: _Checker, gate_stages: list[m.GateStage], phases: list[m.Phase], dora: m.Dora) -> None:
    """A gate's threshold fills its placeholder: one gate per placeholder, and not one that a DORA target fills."""
    targeted = {x.placeholder: x.parameter or x.id for x in dora.metrics if x.placeholder}
    first: dict[str, tuple[str, tuple[str | int, ...], str]] = {}
    for i, s in enumerate(gate_stages):
        for j, g in enumerate(s.gates):
            if not g.placeholder:
                continue
            path = (i, "gates", j, "placeholder")
            if g.placeholder in targeted:
                target = targeted[g.placeholder]
                c.add("gates.yml", path, f"placeholder '{g.placeholder}' holds the DORA target '{target}', not a threshold; use the gate's own placeholder")
            elif g.placeholder in first:
                other = first[g.placeholder]
                c.add(
                    "gates.yml",
                    path,
                    f"placeholder '{g.placeholder}' already takes the threshold of gate '{other[2]}' ({c.where(other[0], other[1])}); "
                    "each placeholder belongs to one gate",
                )
            else:
                first[g.placeholder] = ("gates.yml", path, g.id)


def _check_diagrams(c: _Checker, diagrams: m.Diagrams, strategy_ids: list[str], stage_ids: set[str]) -> None:
    """Every strategy has one traffic diagram; pipeline steps and tree answers name real items."""
    c.unique([("diagrams.yml", ("traffic", i, "strategy"), d.strategy) for i, d in enumerate(diagrams.traffic)], "traffic diagram for strategy")

    def known(path: tuple[str | int, ...], ident: str, ids: set[str] | list[str], what: str) -> None:
        if ident not in ids:
            c.add("diagrams.yml", path, f"unknown {what} '{ident}' ({did_you_mean(ident, ids)})")

    for i, d in enumerate(diagrams.traffic):
        known(("traffic", i, "strategy"), d.strategy, strategy_ids, "strategy")
    drawn = {d.strategy for d in diagrams.traffic}
    for sid in strategy_ids:
        if sid not in drawn:
            c.add("diagrams.yml", ("traffic",), f"strategy '{sid}' has no traffic diagram; add an entry `- strategy: {sid}` with its phases")
    for name in ("pipeline", "gitops"):
        for i, step in enumerate(getattr(diagrams, name).steps):
            if step.gates:
                known((name, "steps", i, "gates"), step.gates, stage_ids, "gate stage")

    def walk(node: m.DecisionNode, path: tuple[str, ...]) -> None:
        if node.strategy:
            known((*path, "strategy"), node.strategy, strategy_ids, "strategy")
        for branch in ("if_yes", "if_no"):
            if getattr(node, branch):
                walk(getattr(node, branch), (*path, branch))

    walk(diagrams.decision.root, ("decision", "root"))


def _check_incidents(c: _Checker, process: m.Incidents, placeholder_ids: set[str]) -> None:
    """Role and severity ids are unique; each RACI row names known roles and has one accountable."""
    c.unique([("incidents.yml", ("roles", i, "id"), r.id) for i, r in enumerate(process.roles)], "role id")
    c.unique([("incidents.yml", ("severities", i, "id"), s.id) for i, s in enumerate(process.severities)], "severity id")
    role_ids = {r.id for r in process.roles}
    for page, ids in process.placeholders.items():
        c.refs("incidents.yml", ("placeholders", page), ids, placeholder_ids, "placeholder")
    for i, row in enumerate(process.raci):
        c.refs("incidents.yml", ("raci", i, "roles"), row.roles, role_ids, "role")
        accountable = [r for r, v in row.roles.items() if v in ("A", "R/A")]
        if len(accountable) != 1:
            found = ", ".join(accountable) or "none"
            c.add("incidents.yml", ("raci", i, "roles"), f"'{row.activity}' needs exactly one accountable role (A or R/A), found {len(accountable)}: {found}")


def _crosscheck(values: dict[str, Any], docs: dict[str, LocatedYaml], data_dir: FsPath, label: str = "data") -> list[Problem]:
    c = _Checker(docs, label)
    strategies: list[m.Strategy] = values["strategies.yml"]
    categories: list[m.Category] = values["categories.yml"]
    gate_stages: list[m.GateStage] = values["gates.yml"]
    profiles: list[m.Profile] = values["profiles.yml"]
    phases: list[m.Phase] = values["placeholders.yml"]
    dora: m.Dora = values["dora.yml"]
    tool_files = {rel: v for rel, v in values.items() if rel.startswith("tools/")}

    c.unique([("strategies.yml", (i, "id"), s.id) for i, s in enumerate(strategies)], "strategy id")
    c.unique([("categories.yml", (i, "id"), x.id) for i, x in enumerate(categories)], "category id")
    c.unique([(rel, (i, "id"), t.id) for rel, ts in tool_files.items() for i, t in enumerate(ts)], "tool id")
    c.unique([("gates.yml", (i, "id"), s.id) for i, s in enumerate(gate_stages)], "gate stage id")
    c.unique([("gates.yml", (i, "gates", j, "id"), g.id) for i, s in enumerate(gate_stages) for j, g in enumerate(s.gates)], "gate id")
    c.unique([("profiles.yml", (i, "id"), p.id) for i, p in enumerate(profiles)], "profile id")
    c.unique([("placeholders.yml", (i, "id"), p.id) for i, p in enumerate(phases)], "phase id")
    c.unique([("placeholders.yml", (i, "placeholders", j, "id"), p.id) for i, ph in enumerate(phases) for j, p in enumerate(ph.placeholders)], "placeholder id")
    c.unique([("dora.yml", ("metrics", i, "id"), x.id) for i, x in enumerate(dora.metrics)], "metric id")
    c.reserved([("strategies.yml", (i, "id"), s.id) for i, s in enumerate(strategies)], "strategy")
    c.reserved([("categories.yml", (i, "id"), x.id) for i, x in enumerate(categories)], "category")
    c.reserved([(rel, (i, "id"), t.id) for rel, ts in tool_files.items() for i, t in enumerate(ts)], "tool")
    c.reserved([("gates.yml", (i, "id"), s.id) for i, s in enumerate(gate_stages)], "stage")
    c.reserved([("profiles.yml", (i, "id"), p.id) for i, p in enumerate(profiles)], "profile")
    c.reserved([("placeholders.yml", (i, "id"), p.id) for i, p in enumerate(phases)], "phase")
    _check_playbook(c, values["playbook.yml"], dora)
    _check_templates(c)
    _check_examples(c, tool_files, data_dir)
    _check_gate_placeholders(c, gate_stages, phases, dora)

    strategy_ids = {s.id for s in strategies}
    category_ids = {x.id for x in categories}
    tool_ids = {t.id for ts in tool_files.values() for t in ts}
    gate_ids = {g.id for s in gate_stages for g in s.gates}
    placeholder_ids = {p.id for ph in phases for p in ph.placeholders}
    metrics = {x.id: x for x in dora.metrics}

    for i, s in enumerate(strategies):
        c.refs("strategies.yml", (i, "related"), s.related, strategy_ids, "strategy")
        if s.id in s.related:
            c.add("strategies.yml", (i, "related", s.related.index(s.id)), f"strategy '{s.id}' is related to itself; remove it from its own `related:`")
    for rel, ts in tool_files.items():
        stem = rel.removeprefix("tools/").removesuffix(".yml")
        if stem not in category_ids:
            c.add(rel, (), f"'{rel}' names no category in {label}/categories.yml ({did_you_mean(stem, category_ids)}); rename the file or add the category")
        for i, t in enumerate(ts):
            c.refs(rel, (i, "strategies"), t.strategies, strategy_ids, "strategy")
            c.refs(rel, (i, "fills"), t.fills, placeholder_ids, "placeholder")
            if t.status != "active" and not t.status_note:
                c.add(rel, (i, "status"), f"status '{t.status}' needs a status_note saying what happened and what to use instead")
    for i, s in enumerate(gate_stages):
        for j, g in enumerate(s.gates):
            c.refs("gates.yml", (i, "gates", j, "tools"), g.tools, tool_ids, "tool")
            if g.placeholder:
                c.ref("gates.yml", (i, "gates", j, "placeholder"), g.placeholder, placeholder_ids, "placeholder")
    for i, p in enumerate(profiles):
        c.refs("profiles.yml", (i, "strategies"), p.strategies, strategy_ids, "strategy")
        c.refs("profiles.yml", (i, "tools"), p.tools, tool_ids, "tool")
        c.refs("profiles.yml", (i, "gates"), p.gates, gate_ids, "gate")
        c.refs("profiles.yml", (i, "placeholders"), p.placeholders, placeholder_ids, "placeholder")
    for i, x in enumerate(dora.metrics):
        if x.placeholder:
            c.ref("dora.yml", ("metrics", i, "placeholder"), x.placeholder, placeholder_ids, "placeholder")
    for r, report in enumerate(dora.reports):
        for k, cluster in enumerate(report.clusters):
            c.refs("dora.yml", ("reports", r, "clusters", k, "values"), cluster.values, metrics, "metric")
            c.refs("dora.yml", ("reports", r, "clusters", k, "levels"), cluster.levels, metrics, "metric")
            for metric_id, level in cluster.levels.items():
                if metric_id in metrics:
                    options = {o.id for o in metrics[metric_id].scale}
                    c.refs("dora.yml", ("reports", r, "clusters", k, "levels", metric_id), [level], options, f"{metric_id} scale option")

    _check_document(c, values["document.yml"], values["playbook.yml"], strategy_ids, tool_ids, placeholder_ids)

    _check_wizard(c, values["wizard.yml"], category_ids, {p.id for p in phases})
    _check_parameters(c, values, placeholder_ids)
    _check_diagrams(c, values["diagrams.yml"], [s.id for s in strategies], {s.id for s in gate_stages})
    _check_incidents(c, values["incidents.yml"], placeholder_ids)

    # Reachability: every strategy and tool is linked from somewhere besides its index.
    used_strategies = {s for ts in tool_files.values() for t in ts for s in t.strategies}
    for i, s in enumerate(strategies):
        if s.id not in used_strategies:
            c.add("strategies.yml", (i, "id"), f"no tool implements strategy '{s.id}'; list it under `strategies:` of at least one tool")
        if not any(s.id in p.strategies for p in profiles):
            c.add("strategies.yml", (i, "id"), f"no profile recommends strategy '{s.id}'; add it to the `strategies:` of at least one profile")
    linked_tools = {t for p in profiles for t in p.tools} | {t for s in gate_stages for g in s.gates for t in g.tools}
    for rel, ts in tool_files.items():
        for i, t in enumerate(ts):
            # A tool that is no longer active need not be recommended: its category page lists it.
            if t.id not in linked_tools and not t.strategies and t.status == "active":
                c.add(
                    rel,
                    (i, "id"),
                    f"tool '{t.id}' is reachable only from its category page; "
                    "recommend it in a profile, list it under a gate's `tools:` or give it `strategies:`",
                )
    for i, cat in enumerate(categories):
        if f"tools/{cat.id}.yml" not in tool_files:
            c.add("categories.yml", (i, "id"), f"category '{cat.id}' has no {label}/tools/{cat.id}.yml; add the file with its tools or remove the category")
    return c.problems


def _param_texts(values: dict[str, Any]) -> list[tuple[str, tuple[str | int, ...], str]]:
    """Every catalogue text that may name a parameter as `{group.name}`: (file, path, text)."""
    out: list[tuple[str, tuple[str | int, ...], str]] = []
    for i, section in enumerate(values["document.yml"].sections):
        for j, part in enumerate(section.parts):
            if part.text:
                out.append(("document.yml", ("sections", i, "parts", j, "text"), part.text))
    for i, phase in enumerate(values["placeholders.yml"]):
        for j, ph in enumerate(phase.placeholders):
            if ph.default:
                out.append(("placeholders.yml", (i, "placeholders", j, "default"), ph.default))
    for i, p in enumerate(values["profiles.yml"]):
        for key, text in p.placeholders.items():
            out.append(("profiles.yml", (i, "placeholders", key), text))
        for key, text in p.gates.items():
            out.append(("profiles.yml", (i, "gates", key), text))
    for i, stage in enumerate(values["gates.yml"]):
        for j, gate in enumerate(stage.gates):
            out.append(("gates.yml", (i, "gates", j, "threshold"), gate.threshold))
    for i, sev in enumerate(values["incidents.yml"].severities):
        for key in ("paged", "acknowledge", "updates", "postmortem"):
            out.append(("incidents.yml", ("severities", i, key), getattr(sev, key)))
    for rel, tools in values.items():
        if rel.startswith("tools/"):
            for i, t in enumerate(tools):
                for key, text in t.fills.items():
                    out.append((rel, (i, "fills", key), text))
    return out


def _check_parameters(c: _Checker, values: dict[str, Any], placeholder_ids: set[str]) -> None:
    """Parameters are well typed, their values valid, and every `{group.name}` in the texts exists."""
    from .engine import DURATION, PARAM_TOKEN, parse_parameter

    data: m.Parameters = values["parameters.yml"]
    rel = "parameters.yml"
    shared = {"parameters": {"units": data.units.model_dump(), "problems": data.problems.model_dump()}}
    c.unique([(rel, ("groups", i, "id"), g.id) for i, g in enumerate(data.groups)], "parameter group id")
    c.unique([(rel, ("parameters", i, "id"), p.id) for i, p in enumerate(data.parameters)], "parameter id")
    groups = {g.id for g in data.groups}
    known: dict[str, dict[str, Any]] = {}
    for i, p in enumerate(data.parameters):
        param = p.model_dump(mode="json")
        known[p.id] = param
        where = ("parameters", i)
        c.refs(rel, where + ("group",), [p.group], groups, "parameter group")
        if p.placeholder:
            c.refs(rel, where, {p.placeholder: 0}, placeholder_ids, "placeholder")
        if (p.type == "enum") != bool(p.options):
            c.add(rel, where + ("options",), "give `options:` for an enum parameter, and only for one")
            continue
        for bound in ("min", "max"):
            needed = p.type in ("duration", "count")
            if needed and getattr(p, bound) is None:
                c.add(rel, where, f"a {p.type} parameter needs `{bound}:`")
            elif not needed and getattr(p, bound) is not None:
                c.add(rel, where + (bound,), f"`{bound}:` is only for duration and count parameters; remove it")
        bounds_ok = True
        for bound in ("min", "max"):
            value = getattr(p, bound)
            if value is None or p.type not in ("duration", "count"):
                continue
            valid = isinstance(value, int) and value >= 0 if p.type == "count" else isinstance(value, str) and DURATION.match(value)
            if not valid:
                bounds_ok = False
                c.add(rel, where + (bound,), f"{value!r} {data.problems.whole if p.type == 'count' else data.problems.duration}")
        if not bounds_ok or (p.type in ("duration", "count") and (p.min is None or p.max is None)):
            continue
        if p.default is None:
            if p.type != "text":
                c.add(rel, where, "give a `default:` (only text parameters may leave it out)")
        else:
            _, problem = parse_parameter(param, p.default, shared)
            if problem:
                c.add(rel, where + ("default",), f"{p.default!r} {problem}")
    for i, profile in enumerate(values["profiles.yml"]):
        c.refs("profiles.yml", (i, "parameters"), profile.parameters, known, "parameter")
        for key, value in profile.parameters.items():
            if key in known:
                _, problem = parse_parameter(known[key], value, shared)
                if problem:
                    c.add("profiles.yml", (i, "parameters", key), f"{value!r} {problem}")
    wizard: m.Wizard = values["wizard.yml"]
    asked = [(i, j, g) for i, step in enumerate(wizard.steps) for j, g in enumerate(step.parameters)]
    c.unique([("wizard.yml", ("steps", i, "parameters", j), g) for i, j, g in asked], "parameter group in the wizard's steps")
    for i, step in enumerate(wizard.steps):
        c.refs("wizard.yml", ("steps", i, "parameters"), step.parameters, groups, "parameter group")
    for missing in [g.id for g in data.groups if g.id not in {x for _, _, x in asked}]:
        c.add("wizard.yml", ("steps",), f"parameter group '{missing}' is in no step; add it to the `parameters:` of one step")
    for i, role in enumerate(values["incidents.yml"].roles):
        if role.parameter and (role.parameter not in known or known[role.parameter]["type"] != "text"):
            c.add("incidents.yml", ("roles", i, "parameter"), f"'{role.parameter}' is not a text parameter in parameters.yml; add one for this role")
    for file, path, text in _param_texts(values):
        for name in PARAM_TOKEN.findall(text):
            if name not in known:
                c.add(file, path, f"unknown parameter '{{{name}}}' ({did_you_mean(name, known)})")


def _named_in(message: str, answers: dict[str, Any]) -> tuple[str, ...]:
    """The first key of an answers object (`organisation`, or `organisation.size`) that an engine message names."""

    # Messages list the keys they mean in parentheses ("... does not have (organisation.sise) ..."),
    # so only that part is searched: a word of the sentence itself ("format") is not a key.
    details = " ".join(re.findall(r"\(([^()]*)\)", message))

    def named(name: str) -> bool:
        return re.search(rf"(?<![\w.-]){re.escape(name)}(?![\w-])", details) is not None

    nested = [(key, sub) for key, value in answers.items() if isinstance(value, dict) for sub in value]
    for found in (
        next(((k, s) for k, s in nested if named(f"{k}.{s}")), None),
        next(((k,) for k in answers if named(str(k)) and not isinstance(answers[k], dict)), None),
        next(((k, s) for k, s in nested if named(str(s))), None),
        next(((k,) for k in answers if named(str(k))), None),
    ):
        if found:
            return found
    return ()


def _check_presets(cat: Catalogue, docs: dict[str, LocatedYaml], label: str = "data") -> list[Problem]:
    """Each preset passes the same strict answers check as a user's file: the engine's own."""
    from .engine import AnswersError, normalise_answers

    c = _Checker(docs, label)
    c.unique([("presets.yml", (i, "id"), p.id) for i, p in enumerate(cat.presets)], "preset id")
    c.reserved([("presets.yml", (i, "id"), p.id) for i, p in enumerate(cat.presets)], "preset")
    for i, preset in enumerate(cat.presets):
        try:
            normalise_answers(preset.answers, cat.bundle)
        except AnswersError as exc:
            c.add("presets.yml", (i, "answers", *_named_in(str(exc), preset.answers)), str(exc))
    return c.problems


def _check_kit(cat: Catalogue, docs: dict[str, LocatedYaml], label: str = "data") -> list[Problem]:
    """kit.yml names existing tools and templates; every file in data/kit/ is a template of it; each
    template names only known values and filters (reported at the template's own line)."""
    from .kit import check_templates, kit_bundle

    c = _Checker(docs, label)
    root = (cat.data_dir / "kit").resolve()
    used: set[FsPath] = set()
    missing = False
    for i, f in enumerate(cat.kit.files):
        c.refs("kit.yml", ("files", i, "tools"), f.tools, cat.tool, "tool")
        c.refs("kit.yml", ("files", i, "sections"), f.sections, {s.id for s in cat.document.sections}, "document section")
        c.refs("kit.yml", ("files", i, "strategies"), f.strategies, cat.strategy, "strategy")
        path = (root / f.template).resolve()
        if not _usable_name(path) or not path.is_relative_to(root) or not path.is_file():
            c.add("kit.yml", ("files", i, "template"), f"template '{label}/kit/{f.template}' does not exist; add it or fix the path")
            missing = True
        else:
            used.add(path)
    c.unique([("kit.yml", ("files", i, "path"), f.path) for i, f in enumerate(cat.kit.files)], "kit file path")
    if root.is_dir():
        for path in sorted(p for p in root.rglob("*") if p.is_file() and p.resolve() not in used):
            shown = f"{label}/kit/{path.relative_to(root).as_posix()}"
            c.problems.append(Problem(shown, 0, "", "no file of kit.yml uses this template; name it in kit.yml or delete it"))
    if not missing:
        for file, line, detail in check_templates(kit_bundle(cat)):
            c.problems.append(Problem(file.replace("data/", f"{label}/", 1), line, "", detail))
    return c.problems


def load_catalogue(data_dir: FsPath | str | None = None, org_dir: FsPath | str | None = None) -> Catalogue:
    """Load, validate and cross-check `data_dir` (with the organisation folder `org_dir` merged over it,
    when given); raise CatalogueError listing every problem."""
    data_dir = FsPath(data_dir) if data_dir else DATA_DIR
    if not data_dir.is_dir():
        problem = Problem(str(data_dir), 0, "", "no such folder; point --data (or extra.data_dir in mkdocs.yml) at the catalogue folder")
        raise CatalogueError([problem], str(data_dir))
    label = data_label(data_dir)
    overlay = _overlay(data_dir, org_dir, label)
    values, docs = (overlay.values, overlay.docs) if overlay else read_catalogue_files(data_dir, label)
    problems = _crosscheck(values, docs, data_dir, label)
    problems = overlay.keep(problems) if overlay else problems
    if problems:
        raise CatalogueError(problems, label)
    tool_files = {rel: v for rel, v in values.items() if rel.startswith("tools/")}
    category_order = [x.id for x in values["categories.yml"]]
    ordered = sorted(tool_files.items(), key=lambda kv: category_order.index(kv[0][6:-4]))
    catalogue = Catalogue(
        playbook=values["playbook.yml"],
        strategies=tuple(values["strategies.yml"]),
        categories=tuple(values["categories.yml"]),
        tools=tuple(t for _, ts in ordered for t in ts),
        tool_category={t.id: rel[6:-4] for rel, ts in ordered for t in ts},
        gate_stages=tuple(values["gates.yml"]),
        profiles=tuple(values["profiles.yml"]),
        phases=tuple(values["placeholders.yml"]),
        dora=values["dora.yml"],
        parameters=values["parameters.yml"],
        document=values["document.yml"],
        presets=tuple(values["presets.yml"]),
        wizard=values["wizard.yml"],
        diagrams=values["diagrams.yml"],
        incidents=values["incidents.yml"],
        data_dir=data_dir,
        organisation=overlay.organisation if overlay else None,
        kit=values.get("kit.yml"),
    )
    problems = _check_presets(catalogue, docs, label) + (_check_kit(catalogue, docs, label) if catalogue.kit else [])
    if overlay:
        problems = overlay.keep(problems) + check_organisation(catalogue, org_dir)
    if problems:
        raise CatalogueError(problems, label)
    return catalogue


def _overlay(data_dir: FsPath, org_dir: FsPath | str | None, label: str):
    """The organisation folder merged over the catalogue, or None without one (macros/overlay.py)."""
    if org_dir is None:
        return None
    from .overlay import read_overlay

    org_dir = FsPath(org_dir)
    if not org_dir.is_dir():
        raise CatalogueError([Problem(str(org_dir), 0, "", "no such folder; point --org (or extra.org_dir in mkdocs.yml) at the organisation folder")])
    return read_overlay(data_dir, org_dir, label)


def check_organisation(cat: Catalogue, org_dir: FsPath | str | None) -> list[Problem]:
    """The organisation's answers pass the same strict check as a user's file."""
    from .engine import AnswersError, normalise_answers

    org = cat.organisation
    if org is None or org.answers is None or org_dir is None:
        return []
    path = FsPath(org_dir) / "organisation.yml"
    try:
        normalise_answers(org.answers, cat.bundle)
    except AnswersError as exc:
        named = ("answers", *_named_in(str(exc), org.answers))
        line = load_located(path.read_text(encoding="utf-8")).line_of(named)
        return [Problem(f"{data_label(FsPath(org_dir))}/organisation.yml", line, format_path("organisation", named), str(exc))]
    return []


_cache: dict[tuple[str, str, tuple[tuple[str, int], ...]], Catalogue] = {}


def cached_catalogue(data_dir: FsPath | str | None = None, org_dir: FsPath | str | None = None) -> Catalogue:
    """load_catalogue, reused while no file in the folders has changed (live reload edits data)."""
    data_dir = FsPath(data_dir) if data_dir else DATA_DIR
    folders = [data_dir] + ([FsPath(org_dir)] if org_dir and FsPath(org_dir).is_dir() else [])
    stamp = tuple(sorted((str(p), os.stat(p).st_mtime_ns) for f in folders for p in f.rglob("*") if p.is_file()))
    key = (str(data_dir), str(org_dir or ""), stamp)
    if key not in _cache:
        _cache.clear()
        _cache[key] = load_catalogue(data_dir, org_dir)
    return _cache[key]


def data_dir_of_config(config: Any) -> FsPath:
    """The catalogue folder named by mkdocs.yml's `extra.data_dir`, relative to mkdocs.yml."""
    return (FsPath(config["config_file_path"]).parent / config["extra"].get("data_dir", "data")).resolve()


def org_dir_of_config(config: Any) -> FsPath | None:
    """The organisation folder named by `extra.org_dir` (relative to mkdocs.yml), or None when it does not exist."""
    folder = (FsPath(config["config_file_path"]).parent / (config["extra"].get("org_dir") or "org")).resolve()
    return folder if folder.is_dir() else None


def catalogue_for_config(config: Any) -> Catalogue:
    """The validated catalogue of a MkDocs build in the build's language (cached; reloaded when a data file changes)."""
    from .i18n import language_of, translated

    cat = cached_catalogue(data_dir_of_config(config), org_dir_of_config(config))
    return translated(cat, language_of(cat))


__all__ = ["Catalogue", "CatalogueError", "cached_catalogue", "load_catalogue"]
