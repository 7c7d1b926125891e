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
from .loader import read_catalogue_files
from .yamlmap import LocatedYaml

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
    document: m.Document
    presets: tuple[m.Preset, ...]
    wizard: m.Wizard
    diagrams: m.Diagrams
    incidents: m.Incidents
    data_dir: FsPath
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

    def items(self, kind: str) -> dict[str, Any]:
        """Every item of one kind by id (kinds as pages and links name them: `tool`, `gate`, ...)."""
        tables = {
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
        if kind not in tables:
            raise KeyError(f"unknown kind of item '{kind}' (use one of: {', '.join(tables)})")
        return tables[kind]

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


class _Checker:
    def __init__(self, docs: dict[str, LocatedYaml]):
        self.docs = docs
        self.problems: list[Problem] = []

    def add(self, rel: str, path: tuple[str | int, ...], message: str) -> None:
        doc = self.docs.get(rel)
        line = doc.line_of(path) if doc else 0
        shown = rel.split("/")[-1].removesuffix(".yml")
        self.problems.append(Problem(f"data/{rel}", line, format_path(shown, path), message))

    def unique(self, rel_items: list[tuple[str, tuple[str | int, ...], str]], what: str) -> None:
        first: dict[str, tuple[str, tuple[str | int, ...]]] = {}
        for rel, path, ident in rel_items:
            if ident in first:
                frel, fpath = first[ident]
                fline = self.docs[frel].line_of(fpath) if frel in self.docs else 0
                self.add(rel, path, f"duplicate {what} '{ident}' (first used at data/{frel}:{fline}); rename or remove one of them")
            else:
                first[ident] = (rel, path)

    def refs(self, rel: str, path: tuple[str | int, ...], ids: Any, known: dict[str, Any] | set[str], what: str) -> None:
        for index, ident in enumerate(ids):
            if ident not in known:
                step = (ident,) if isinstance(ids, dict) else (index,)
                self.add(rel, path + step, f"unknown {what} '{ident}' ({did_you_mean(ident, known)})")


def _check_document(c: _Checker, doc: m.Document, playbook: m.Playbook, strategy_ids: set[str], tool_ids: set[str], placeholder_ids: set[str]) -> None:
    """The template names only known ids, and uses every placeholder at least once."""
    guide_ids = {g.id for g in playbook.guides}
    c.unique([("document.yml", ("sections", i, "id"), s.id) for i, s in enumerate(doc.sections)], "section id")
    if doc.checklist not in {x.id for x in playbook.checklists}:
        c.refs("document.yml", (), {doc.checklist: 0}, {x.id for x in playbook.checklists}, "checklist")
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


def _crosscheck(values: dict[str, Any], docs: dict[str, LocatedYaml], data_dir: FsPath) -> list[Problem]:
    c = _Checker(docs)
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

    strategy_ids = {s.id for s in strategies}
    category_ids = {x.id for x in categories}
    tool_ids = {t.id for ts in tool_files.values() for t in ts}
    gate_ids = {g.id for s in gate_stages for g in s.gates}
    placeholder_ids = {p.id for ph in phases for p in ph.placeholders}
    metrics = {x.id: x for x in dora.metrics}

    for i, s in enumerate(strategies):
        c.refs("strategies.yml", (i, "related"), s.related, strategy_ids, "strategy")
    for rel, ts in tool_files.items():
        stem = rel.removeprefix("tools/").removesuffix(".yml")
        if stem not in category_ids:
            c.add(rel, (), f"'{rel}' names no category in data/categories.yml ({did_you_mean(stem, category_ids)}); rename the file or add the category")
        for i, t in enumerate(ts):
            c.refs(rel, (i, "strategies"), t.strategies, strategy_ids, "strategy")
            c.refs(rel, (i, "fills"), t.fills, placeholder_ids, "placeholder")
            if t.status != "active" and not t.status_note:
                c.add(rel, (i, "status"), f"status '{t.status}' needs a status_note saying what happened and what to use instead")
            if t.example and not (data_dir / "examples" / t.example.file).is_file():
                c.add(rel, (i, "example", "file"), f"example file 'data/examples/{t.example.file}' does not exist; add it or fix the path")
    for i, s in enumerate(gate_stages):
        for j, g in enumerate(s.gates):
            c.refs("gates.yml", (i, "gates", j, "tools"), g.tools, tool_ids, "tool")
            if g.placeholder:
                c.refs("gates.yml", (i, "gates", j), {g.placeholder: 0}, placeholder_ids, "placeholder")
    for i, p in enumerate(profiles):
        c.refs("profiles.yml", (i, "strategies"), p.strategies, strategy_ids, "strategy")
        c.refs("profiles.yml", (i, "tools"), p.tools, tool_ids, "tool")
        c.refs("profiles.yml", (i, "gates"), p.gates, gate_ids, "gate")
        c.refs("profiles.yml", (i, "placeholders"), p.placeholders, placeholder_ids, "placeholder")
        if p.dimension == "size":
            for target in ("deployment_frequency", "lead_time", "recovery_time", "change_failure_rate"):
                if getattr(p.targets, target) is None:
                    c.add("profiles.yml", (i, "targets"), f"size profile '{p.id}' must set targets.{target} (sizes supply every DORA target)")
    for i, x in enumerate(dora.metrics):
        if x.placeholder:
            c.refs("dora.yml", ("metrics", i), {x.placeholder: 0}, placeholder_ids, "placeholder")
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
            c.add("categories.yml", (i, "id"), f"category '{cat.id}' has no data/tools/{cat.id}.yml; add the file with its tools or remove the category")
    return c.problems


def _check_presets(cat: Catalogue, docs: dict[str, LocatedYaml]) -> list[Problem]:
    """Each preset is a valid answers file for this catalogue (checked by the engine itself)."""
    from .engine import AnswersError, normalise_answers

    c = _Checker(docs)
    c.unique([("presets.yml", (i, "id"), p.id) for i, p in enumerate(cat.presets)], "preset id")
    for i, preset in enumerate(cat.presets):
        try:
            normalise_answers(preset.answers, cat.bundle)
        except AnswersError as exc:
            c.add("presets.yml", (i, "answers"), str(exc))
    return c.problems


def load_catalogue(data_dir: FsPath | str | None = None) -> Catalogue:
    """Load, validate and cross-check `data_dir`; raise CatalogueError listing every problem."""
    data_dir = FsPath(data_dir) if data_dir else DATA_DIR
    if not data_dir.is_dir():
        raise CatalogueError([Problem(str(data_dir), 0, "", "no such folder; point --data (or extra.data_dir in mkdocs.yml) at the catalogue folder")])
    values, docs = read_catalogue_files(data_dir)
    problems = _crosscheck(values, docs, data_dir)
    if problems:
        raise CatalogueError(problems)
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
        document=values["document.yml"],
        presets=tuple(values["presets.yml"]),
        wizard=values["wizard.yml"],
        diagrams=values["diagrams.yml"],
        incidents=values["incidents.yml"],
        data_dir=data_dir,
    )
    problems = _check_presets(catalogue, docs)
    if problems:
        raise CatalogueError(problems)
    return catalogue


_cache: dict[tuple[str, tuple[tuple[str, int], ...]], Catalogue] = {}


def cached_catalogue(data_dir: FsPath | str | None = None) -> Catalogue:
    """load_catalogue, reused while no file in the folder has changed (live reload edits data)."""
    data_dir = FsPath(data_dir) if data_dir else DATA_DIR
    stamp = tuple(sorted((str(p), os.stat(p).st_mtime_ns) for p in data_dir.rglob("*") if p.is_file()))
    key = (str(data_dir), stamp)
    if key not in _cache:
        _cache.clear()
        _cache[key] = load_catalogue(data_dir)
    return _cache[key]


def data_dir_of_config(config: Any) -> FsPath:
    """The catalogue folder named by mkdocs.yml's `extra.data_dir`, relative to mkdocs.yml."""
    return (FsPath(config["config_file_path"]).parent / config["extra"].get("data_dir", "data")).resolve()


def catalogue_for_config(config: Any) -> Catalogue:
    """The validated catalogue of a MkDocs build (cached; reloaded when a data file changes)."""
    return cached_catalogue(data_dir_of_config(config))


__all__ = ["Catalogue", "CatalogueError", "cached_catalogue", "load_catalogue"]
