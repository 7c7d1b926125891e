"""Diagrams drawn at build time as inline SVG from `data/diagrams.yml` (and gates.yml, strategies.yml).

This module only computes geometry; the SVG and the text alternatives are Jinja templates in
`macros/templates/diagrams/`. Colours come from CSS classes (`docs/assets/diagrams.css`) that use
Material's variables, so the pictures follow the light and dark schemes. Nothing is fetched.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from . import models as m
from .catalogue import Catalogue
from .text import cell, md

TEMPLATES = Path(__file__).parent / "templates" / "diagrams"
CHAR = 7.2
"""Average width of one character at the diagrams' 13 px font, to wrap text into boxes."""
LINE = 17
"""Line height of wrapped text."""


@cache
def _env() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["svg", "html"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["md"] = md
    env.filters["cell"] = cell
    env.filters["plain"] = plain
    env.filters["n"] = lambda v: f"{v:.1f}".removesuffix(".0")
    return env


def plain(text: str) -> str:
    """Data text for an SVG label: code-span backticks dropped (SVG shows no Markdown)."""
    return re.sub(r"`+([^`]+)`+", r"\1", text)


def wrap(text: str, width_px: float) -> list[str]:
    """Split text into lines that fit `width_px` at the diagrams' font size."""
    return textwrap.wrap(plain(text), max(8, int(width_px / CHAR))) or [""]


def _render(template: str, **context) -> str:
    # Raw HTML blocks must not contain blank lines, or Markdown would end them early.
    text = _env().get_template(template).render(**context)
    return "\n".join(line for line in text.splitlines() if line.strip())


# ---------------------------------------------------------------------------
# Traffic over time (one per strategy)
# ---------------------------------------------------------------------------


@dataclass
class Band:
    kind: str  # "new", "old", "gap" or "mirrored"
    x: float
    y: float
    w: float
    h: float


@dataclass
class Column:
    phase: m.TrafficPhase
    x: float
    w: float
    bands: list[Band] = field(default_factory=list)
    label_lines: list[str] = field(default_factory=list)
    value: tuple[float, float, str] | None = None  # x, y, css class of the "N%" label


def traffic_layout(d: m.TrafficDiagram, labels: m.DiagramLabels) -> dict:
    """Stacked columns per phase: new version at the bottom, old above, no service on top."""
    width, left, right, top, plot_h = 680, 52, 12, 58, 150
    plot_w = width - left - right
    bottom = top + plot_h
    total = sum(p.length for p in d.phases)
    x, columns = float(left), []
    for phase in d.phases:
        w = plot_w * phase.length / total
        col = Column(phase, x, w, label_lines=wrap(phase.label, w - 4)[:2])
        new_h, old_h = plot_h * phase.new / 100, plot_h * phase.old_share / 100
        col.bands.append(Band("new", x, bottom - new_h, w, new_h))
        col.bands.append(Band("old", x, bottom - new_h - old_h, w, old_h))
        if phase.new + phase.old_share < 100:
            col.bands.append(Band("gap", x, top, w, plot_h - new_h - old_h))
        if phase.mirrored:
            mh = plot_h * phase.mirrored / 100
            col.bands.append(Band("mirrored", x + 3, bottom - mh + 3, w - 6, mh - 6))
        if phase.new:
            inside = new_h >= 22
            col.value = (x + w / 2, bottom - new_h + 16 if inside else bottom - new_h - 6, "on-new" if inside else "on-old")
        columns.append(col)
        x += w
    legend, lx = [], float(left)
    for kind, text in _legend(d, labels):
        legend.append((kind, lx, text))
        lx += 22 + len(text) * CHAR + 18
    return {
        "d": d,
        "width": width,
        "height": bottom + 58,
        "left": left,
        "top": top,
        "bottom": bottom,
        "right_edge": width - right,
        "plot_h": plot_h,
        "columns": columns,
        "legend": legend,
    }


def _legend(d: m.TrafficDiagram, labels: m.DiagramLabels) -> list[tuple[str, str]]:
    out = [("old", d.old_label or labels.old), ("new", d.new_label or labels.new)]
    if any(p.mirrored for p in d.phases):
        out.append(("mirrored", labels.mirrored))
    if any(p.new + p.old_share < 100 for p in d.phases):
        out.append(("gap", labels.no_service))
    return out


# ---------------------------------------------------------------------------
# Flows: the pipeline (a column of steps) and the GitOps loop (a row closed by an arrow)
# ---------------------------------------------------------------------------


def pipeline_layout(flow: m.Flow, cat: Catalogue) -> dict:
    """Steps top to bottom; a step with `gates:` lists that stage's gates to its right."""
    width, box_w, gap, x = 680, 230, 26, 8
    notes_x = x + box_w + 24
    y, steps = 8.0, []
    for step in flow.steps:
        lines = wrap(step.label, box_w - 20)
        gates = [g.name for g in next(s for s in cat.gate_stages if s.id == step.gates).gates] if step.gates else []
        notes = wrap(", ".join(gates), width - notes_x - 8) if gates else []
        h = max(24 + LINE * len(lines), 26 + LINE * len(notes))
        steps.append({"step": step, "x": x, "y": y, "w": box_w, "h": h, "lines": lines, "notes": notes, "gate": bool(step.gates)})
        y += h + gap
    return {"flow": flow, "width": width, "height": y - gap + 8, "steps": steps, "notes_x": notes_x}


def loop_layout(flow: m.Flow) -> dict:
    """Steps left to right; when `loop` is set an arrow returns from the last to the first below them."""
    width, gap, x0, y0 = 680, 34, 8, 8
    n = len(flow.steps)
    box_w = (width - 2 * x0 - gap * (n - 1)) / n
    wrapped = [wrap(s.label, box_w - 16) for s in flow.steps]
    box_h = 24 + LINE * max(len(w) for w in wrapped)
    steps = [{"step": s, "x": x0 + i * (box_w + gap), "y": y0, "w": box_w, "h": box_h, "lines": wrapped[i]} for i, s in enumerate(flow.steps)]
    back_y = y0 + box_h + 30
    label_lines = wrap(flow.loop_label, width - 40) if flow.loop_label else []
    height = (back_y + 12 + LINE * len(label_lines) + 6) if flow.loop else y0 + box_h + 8
    return {"flow": flow, "width": width, "height": height, "steps": steps, "back_y": back_y, "label_lines": label_lines}


# ---------------------------------------------------------------------------
# Decision tree: an indented tree, one row per node
# ---------------------------------------------------------------------------


def decision_layout(tree: m.DecisionTree, cat: Catalogue, labels: m.DiagramLabels) -> dict:
    """One row per node, indented by depth; connectors run from each parent down its left edge."""
    width, indent, x0, gap = 680, 52, 8, 10
    rows: list[dict] = []
    edges: list[dict] = []
    y = 8.0

    def visit(node: m.DecisionNode, depth: int, branch: str | None, parent: dict | None) -> None:
        nonlocal y
        x = x0 + depth * indent
        w = width - x - 8
        if node.strategy:
            head = cat.strategy[node.strategy].name
            lines = wrap(head, w - 20)
            body = wrap(node.why or "", w - 20) if node.why else []
        else:
            lines, body = wrap(node.question or "", w - 20), []
        h = 16 + LINE * (len(lines) + len(body))
        row = {"node": node, "x": x, "y": y, "w": w, "h": h, "lines": lines, "body": body, "answer": bool(node.strategy)}
        rows.append(row)
        if parent is not None:
            px = parent["x"] + 18
            edges.append({"x1": px, "y1": parent["y"] + parent["h"], "x2": x, "y": y + min(h / 2, 20), "label": branch})
        y += h + gap
        if not node.strategy:
            visit(node.if_yes, depth + 1, labels.answer_yes, row)  # type: ignore[arg-type]
            visit(node.if_no, depth + 1, labels.answer_no, row)  # type: ignore[arg-type]

    visit(tree.root, 0, None, None)
    return {"tree": tree, "width": width, "height": y - gap + 8, "rows": rows, "edges": edges}


# ---------------------------------------------------------------------------
# Entry point for the page templates
# ---------------------------------------------------------------------------


def render(kind: str, cat: Catalogue, ident: str | None, link: Callable[[str, str], str], uid: str) -> Markup:
    """Figure (inline SVG with title and description) followed by its text alternative in Markdown.

    `link(kind, id)` gives a Markdown link target from the current page; `uid` keeps ids unique.
    """
    diagrams = cat.diagrams
    common = {"labels": diagrams.labels, "uid": uid, "link": link, "cat": cat}
    if kind == "traffic":
        by_strategy = {d.strategy: d for d in diagrams.traffic}
        if ident not in by_strategy:
            raise KeyError(f"diagram('traffic', {ident!r}): no traffic diagram for this strategy in data/diagrams.yml")
        layout = traffic_layout(by_strategy[ident], diagrams.labels)
        svg, alt = "traffic.svg", "traffic.md"
    elif kind == "pipeline":
        layout = pipeline_layout(diagrams.pipeline, cat)
        svg, alt = "pipeline.svg", "flow.md"
    elif kind == "gitops":
        layout = loop_layout(diagrams.gitops)
        svg, alt = "loop.svg", "flow.md"
    elif kind == "decision":
        layout = decision_layout(diagrams.decision, cat, diagrams.labels)
        svg, alt = "decision.svg", "decision.md"
    else:
        raise KeyError(f"diagram({kind!r}): unknown diagram (use traffic, pipeline, gitops or decision)")
    figure = _render(svg, **common, **layout)
    text = _env().get_template(alt).render(**common, **layout)
    return Markup(f"{figure}\n\n{text}\n")
