"""The wizard bundle: the part of the validated catalogue that the document engines need, as plain JSON.

Both engines (macros/engine.py and docs/assets/wizard/engine.js) read this same structure, so they
cannot disagree about the data; they only have to agree about the algorithm.
"""

from __future__ import annotations

from typing import Any

from .catalogue import Catalogue
from .engine import parse_parameter

BUNDLE_FORMAT = 1
RUNBOOK_ACTIONS = ("abort", "rollback", "disable")
"""Operate steps the document's rollback section lists for the chosen tools."""


def _default(cat: Catalogue, pid: str) -> str | None:
    """The catalogue default: the placeholder's own, else the threshold of the gate it belongs to."""
    ph = cat.placeholder[pid]
    if ph.default:
        return ph.default
    gates = cat.gates_for_placeholder(pid)
    return gates[0].threshold if gates else None


def _parameters(cat: Catalogue) -> dict[str, Any]:
    data = cat.parameters
    shell = {"parameters": {"units": data.units.model_dump(), "problems": data.problems.model_dump()}}
    items = []
    for p in data.parameters:
        item = p.model_dump(mode="json")
        if p.default is not None:
            item["default"] = parse_parameter(item, p.default, shell)[0]
        items.append(item)
    return {**shell["parameters"], "groups": [g.model_dump() for g in data.groups], "items": items}


def _canonical(cat: Catalogue, pid: str, value: Any) -> Any:
    """A profile's parameter value in the form answers use (validated when the catalogue loaded)."""
    param = next(p for p in cat.parameters.parameters if p.id == pid)
    shell = {"parameters": {"units": cat.parameters.units.model_dump(), "problems": cat.parameters.problems.model_dump()}}
    return parse_parameter(param.model_dump(mode="json"), value, shell)[0]


def make_bundle(cat: Catalogue) -> dict[str, Any]:
    """Plain data, in catalogue order; everything the engines and the wizard's forms need."""
    document = cat.document.model_dump(mode="json")
    return {
        "format": BUNDLE_FORMAT,
        # The name the playbook calls itself by; a fork's handbook speaks with its own (org/organisation.yml).
        "name": (cat.organisation.title or cat.organisation.name) if cat.organisation else cat.playbook.name,
        "version": cat.playbook.version,
        # A handbook's wizard starts from the organisation's answers (docs/assets/wizard/state.js).
        **({"organisation_answers": cat.organisation.answers} if cat.organisation and cat.organisation.answers else {}),
        "document": document,
        "parameters": _parameters(cat),
        "incidents": {
            "roles": [{"id": r.id, "name": r.name, "parameter": r.parameter, "summary": r.summary} for r in cat.incidents.roles],
            "raci": [x.model_dump(mode="json") for x in cat.incidents.raci],
            "severities": [x.model_dump(mode="json") for x in cat.incidents.severities],
        },
        "phases": [{"id": p.id, "name": p.name, "summary": p.summary, "placeholders": [ph.id for ph in p.placeholders]} for p in cat.phases],
        "placeholders": [
            {
                "id": ph.id,
                "phase": cat.phase_of[ph.id].id,
                "description": ph.description,
                "example": ph.example,
                "default": _default(cat, ph.id),
                "derived": ph.derived,
                "block": ph.block,
            }
            for phase in cat.phases
            for ph in phase.placeholders
        ],
        "profiles": [
            {
                "id": p.id,
                "dimension": p.dimension,
                "name": p.name,
                "focus": p.focus,
                "platform": p.platform,
                "parameters": {k: _canonical(cat, k, v) for k, v in p.parameters.items()},
                "strategies": list(p.strategies),
                "tools": list(p.tools),
                "gates": dict(p.gates),
                "compliance": list(p.compliance),
                "review_cadence": dict(p.review_cadence),
                "placeholders": dict(p.placeholders),
            }
            for p in cat.profiles
        ],
        "strategies": [
            {"id": s.id, "name": s.name, "summary": s.summary, "rollback": s.rollback, "runs_on": list(s.runs_on), "deploys": s.deploys} for s in cat.strategies
        ],
        "categories": [{"id": c.id, "name": c.name, "exclusive": c.exclusive} for c in cat.categories],
        "tools": [
            {
                "id": t.id,
                "name": t.name,
                "category": cat.tool_category[t.id],
                "summary": t.summary,
                "status": t.status,
                "fills": dict(t.fills),
                "runs_on": list(t.runs_on),
                # Only what the document's rollback runbook uses: abort, roll back, switch off.
                "operate": [s.model_dump() for s in t.operate if s.action in RUNBOOK_ACTIONS],
            }
            for t in cat.tools
        ],
        "gate_stages": [
            {
                "id": s.id,
                "name": s.name,
                "gates": [
                    {"id": g.id, "name": g.name, "threshold": g.threshold, "blocking": g.blocking, "placeholder": g.placeholder, "tools": list(g.tools)}
                    for g in s.gates
                ],
            }
            for s in cat.gate_stages
        ],
        "metrics": [
            {"id": x.id, "name": x.name, "placeholder": x.placeholder, "parameter": x.parameter, "scale": [o.model_dump() for o in x.scale]}
            for x in cat.dora.metrics
        ],
        "reports": [
            {"year": r.year, "title": r.title, "clusters": [{"id": c.id, "name": c.name, "levels": dict(c.levels)} for c in r.clusters]}
            for r in cat.dora.reports
        ],
        "guides": [g.model_dump() for g in cat.playbook.guides],
        "cadence": [c.model_dump() for c in cat.playbook.cadence],
        "related_documents": [d.model_dump() for d in cat.playbook.related_documents],
        "checklist": next(c.items for c in cat.playbook.checklists if c.id == cat.document.checklist),
        "wizard": cat.wizard.model_dump(mode="json"),
    }


# ---------------------------------------------------------------------------
# The wizard's chunks: what its first view needs, and the rest (loaded after the first paint)
# ---------------------------------------------------------------------------

FIRST_VIEW: dict[str, Any] = {
    "format": True,
    "name": True,
    "version": True,
    "wizard": True,
    "parameters": True,
    "document": {"labels": True},
    "profiles": ["id", "dimension", "name", "focus"],
    "guides": ["id", "name", "summary"],
}
"""What the wizard's first step draws (docs/assets/wizard/form.js, step "organisation"): its steps and
words (data/wizard.yml, whole, so that every new string is there), the labels, the typed parameters, and
the names of the profiles and situations. `True` takes a value whole; a list of keys takes those keys of
each item of a list. Everything not named here (the document's text and preview HTML, the rules of the
profiles and tools, the later steps' fields, any new field of the bundle) is in the rest, which the
wizard fetches right after its first paint; the starter kit (kit.json) loads on the last step only."""


def split_bundle(bundle: dict[str, Any], spec: dict[str, Any] = FIRST_VIEW) -> tuple[dict[str, Any], dict[str, Any]]:
    """(first view, rest): two disjoint parts that merge_bundle() puts back together exactly."""
    first, rest = _split(bundle, spec)
    return first, rest


def _split(value: Any, spec: Any) -> tuple[Any, Any]:
    if spec is True:
        return value, None
    if isinstance(spec, dict):
        first, rest = {}, {}
        for key, item in value.items():
            if key not in spec:
                rest[key] = item
                continue
            a, b = _split(item, spec[key])
            first[key] = a
            if b is not None:
                rest[key] = b
        return first, rest
    # A list of keys: the same list in both parts, each item cut into the named keys and the others.
    return [{k: v for k, v in item.items() if k in spec} for item in value], [{k: v for k, v in item.items() if k not in spec} for item in value]


def merge_bundle(first: Any, rest: Any) -> Any:
    """The bundle again from its two parts (the wizard's loader does the same in wizard.js: mergeBundle)."""
    if isinstance(first, dict) and isinstance(rest, dict):
        out = dict(first)
        for key, value in rest.items():
            out[key] = merge_bundle(out[key], value) if key in out else value
        return out
    if isinstance(first, list) and isinstance(rest, list):
        if len(first) != len(rest):
            raise ValueError("the two parts of a list differ in length")
        return [merge_bundle(a, b) for a, b in zip(first, rest, strict=True)]
    raise ValueError("the two parts overlap")
