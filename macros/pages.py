"""Which pages the catalogue makes, where each item lives, and how the nav lists them."""

from __future__ import annotations

import json
import posixpath
import re
from dataclasses import dataclass

from .catalogue import Catalogue


@dataclass(frozen=True)
class GeneratedPage:
    """A page made from the catalogue: a Jinja template of macros/templates rendered for one item."""

    src_uri: str
    template: str
    item: str | None = None
    title: str | None = None

    def content(self) -> str:
        """Markdown source: front matter naming the item, then the template (rendered by mkdocs-macros)."""
        meta = {"item": self.item} if self.item else {}
        if self.title:
            meta["title"] = self.title
        front = "".join(f"{k}: {json.dumps(v, ensure_ascii=False)}\n" for k, v in meta.items())
        header = f"---\n{front}---\n\n" if front else ""
        return f'{header}{{% include "{self.template}" %}}\n'


def generated_pages(cat: Catalogue) -> list[GeneratedPage]:
    """Every generated page, index pages first; no Markdown stub is committed for any of them."""
    pages = [
        GeneratedPage("strategies/index.md", "strategies_index.md"),
        GeneratedPage("tools/index.md", "tools_index.md"),
        GeneratedPage("profiles/index.md", "profiles_index.md"),
        GeneratedPage("gates/index.md", "gates_index.md"),
        GeneratedPage("placeholders/index.md", "placeholders_index.md"),
        GeneratedPage("examples/index.md", "examples_index.md"),
    ]
    pages += [GeneratedPage(src_uri("strategy", s.id, cat), "strategy.md", s.id, s.name) for s in cat.strategies]
    pages += [GeneratedPage(src_uri("category", c.id, cat), "category.md", c.id, c.name) for c in cat.categories]
    pages += [GeneratedPage(src_uri("tool", t.id, cat), "tool.md", t.id, t.name) for t in cat.tools]
    pages += [GeneratedPage(src_uri("profile", p.id, cat), "profile.md", p.id, p.name) for p in cat.profiles]
    pages += [GeneratedPage(src_uri("stage", s.id, cat), "gate_stage.md", s.id, s.name) for s in cat.gate_stages]
    pages += [GeneratedPage(src_uri("phase", p.id, cat), "phase.md", p.id, p.name) for p in cat.phases]
    pages += [GeneratedPage(src_uri("preset", p.id, cat), "example.md", p.id, p.title) for p in cat.presets]
    return pages


def anchor(ident: str) -> str:
    """The heading id an item gets inside a shared page, e.g. a placeholder or a gate."""
    return ident.lower().replace("_", "-")


# Where each kind of item lives; items on shared pages (gates, placeholders, metrics) are anchors.
LOCATIONS = {
    "strategy": "strategies/{id}.md",
    "category": "tools/{id}/index.md",
    "tool": "tools/{id}.md",
    "profile": "profiles/{id}.md",
    "stage": "gates/{id}.md",
    "gate": "gates/{stage}.md#{anchor}",
    "phase": "placeholders/{id}.md",
    "placeholder": "placeholders/{phase}.md#{anchor}",
    "preset": "examples/{id}.md",
    "metric": "dora.md#{id}",
}


def src_uri(kind: str, ident: str, cat: Catalogue) -> str:
    """Where an item lives, as `path.md` or `path.md#anchor`; unknown kinds and ids raise KeyError."""
    cat.items(kind)[ident]  # unknown ids fail here, not as a broken link later
    stage = cat.gate_stage_of[ident].id if kind == "gate" else ""
    phase = cat.phase_of[ident].id if kind == "placeholder" else ""
    return LOCATIONS[kind].format(id=ident, anchor=anchor(ident), stage=stage, phase=phase)


def relative(target: str, from_src_uri: str) -> str:
    """A Markdown link target from one page to another (MkDocs then checks and rewrites it)."""
    path, _, frag = target.partition("#")
    rel = posixpath.relpath(path, posixpath.dirname(from_src_uri) or ".")
    return f"{rel}#{frag}" if frag else rel


def expand_nav(nav: list, cat: Catalogue) -> list:
    """Replace each `folder/*` entry of the configured nav with that folder's generated pages."""
    out: list = []
    for entry in nav:
        if isinstance(entry, str) and entry.endswith("/*"):
            out.extend(_folder_nav(entry[:-2], cat))
        elif isinstance(entry, dict):
            out.append({k: expand_nav(v, cat) if isinstance(v, list) else v for k, v in entry.items()})
        else:
            out.append(entry)
    return out


def _folder_nav(folder: str, cat: Catalogue) -> list:
    if folder == "strategies":
        return [src_uri("strategy", s.id, cat) for s in cat.strategies]
    if folder == "tools":
        return [{c.name: [src_uri("category", c.id, cat), *(src_uri("tool", t.id, cat) for t in cat.tools_in_category(c.id))]} for c in cat.categories]
    if folder == "profiles":
        return [src_uri("profile", p.id, cat) for p in cat.profiles]
    if folder == "gates":
        return [src_uri("stage", s.id, cat) for s in cat.gate_stages]
    if folder == "placeholders":
        return [src_uri("phase", p.id, cat) for p in cat.phases]
    if folder == "examples":
        return [src_uri("preset", p.id, cat) for p in cat.presets]
    raise KeyError(f"mkdocs.yml nav: '{folder}/*' is not a generated folder (use strategies, tools, profiles, gates, placeholders or examples)")


# ---------------------------------------------------------------------------
# Starter-kit files on tool pages
# ---------------------------------------------------------------------------

KIT_LANGUAGES = {".yaml": "yaml", ".yml": "yaml", ".json": "json", ".tf": "hcl", ".sh": "shell"}
"""Highlighting of a kit file on a tool page, by its extension."""


def kit_preset(cat: Catalogue, tool_id: str):
    """The preset a tool page shows the kit for: the first that chooses the tool, else the first whose stack
    the tool runs on, else the first."""
    from . import engine

    bundle = cat.bundle
    tool = next(t for t in bundle["tools"] if t["id"] == tool_id)
    for preset in cat.presets:
        answers = engine.normalise_answers(preset.answers, bundle)
        if any(t["id"] == tool_id for t in engine.chosen("tools", answers, bundle)):
            return preset
    for preset in cat.presets:
        if engine.fits(tool, engine.stack_platform(engine.normalise_answers(preset.answers, bundle), bundle)):
            return preset
    return cat.presets[0]


def tool_kit_files(cat: Catalogue, tool_id: str) -> list[dict]:
    """The kit files a tool brings, filled for its preset (with the tool picked): path, title, checked,
    text, language and the preset's id; empty for a tool without kit files."""
    if cat.kit is None or not any(tool_id in f.tools for f in cat.kit.files):
        return []
    from .kit import kit_bundle, kit_files

    def make() -> list[dict]:
        preset = kit_preset(cat, tool_id)
        answers = {**preset.answers, "picks": {"tools": {tool_id: True}}}
        texts = dict(kit_files(answers, cat.memo("kit-bundle", lambda: kit_bundle(cat)), "2000-01-01"))
        out = []
        for f in cat.kit.files:
            if tool_id in f.tools and f.path in texts:
                language = KIT_LANGUAGES.get(posixpath.splitext(f.path)[1], "text")
                out.append({"path": f.path, "title": f.title, "checked": f.checked, "text": texts[f.path], "language": language, "preset": preset.id})
        return out

    return cat.memo("kit-files:" + tool_id, make)


def code_block(text: str, language: str, title: str) -> str:
    """A fenced code block of `text` whose fence no backtick run inside can close."""
    longest = max([0, *(len(run) for run in re.findall(r"`+", text))])
    fence = "`" * max(3, longest + 1)
    return f'{fence} {language} title="{title}"\n{text.rstrip(chr(10))}\n{fence}'
