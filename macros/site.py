"""mkdocs-macros entry point: the catalogue and link helpers that page templates use."""

from __future__ import annotations

import base64
import datetime
import json
import posixpath
import re

from markupsafe import Markup
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

from . import diagrams, engine, overlay
from .catalogue import catalogue_for_config
from .errors import CatalogueError
from .i18n import ENGLISH, english_anchors, english_of, lookup, mark_block, mark_inline, translation_of
from .pages import anchor, code_block, relative, src_uri, tool_kit_files
from .text import cell, md


def define_env(env) -> None:
    """Expose `catalogue` and the helpers below to every page (and so to generated pages' templates)."""
    try:
        cat = catalogue_for_config(env.conf)
    except CatalogueError as exc:
        raise PluginError(str(exc)) from None
    build_date = datetime.date.today().isoformat()
    # Documents shown on the site link their sections to its pages (by the configured address).
    linked = {**cat.bundle, "site_url": env.conf["site_url"] or ""}
    env.variables["catalogue"] = cat
    translation = translation_of(cat)
    env.variables["build_date"] = build_date  # the date documents state (part of the page cache's key: macros/hooks.py)

    def current() -> str:
        return env.page.file.src_uri

    @env.macro
    def url(kind: str, ident: str) -> str:
        """Relative link target from the current page to an item (MkDocs validates it)."""
        return relative(src_uri(kind, ident, cat), current())

    @env.macro
    def url_to(src: str) -> str:
        """Relative link target from the current page to a hand-written page, e.g. `wizard.md`."""
        return relative(src, current())

    @env.macro
    def ref(kind: str, ident: str, text: str | None = None) -> str:
        """A Markdown link to an item, labelled with its name."""
        if text is None and kind == "placeholder":
            return f"[`[{ident}]`]({url(kind, ident)})"
        return f"[{mark_inline(_escape_md(text or _name(kind, ident)), translation.language)}]({url(kind, ident)})"

    @env.macro
    def refs(kind: str, idents, sep: str = ", ") -> str:
        """Links to several items, or an em dash when there are none."""
        return sep.join(ref(kind, i) for i in idents) or "—"

    @env.macro
    def snippet(path: str) -> str:
        """A snippets include line; pymdownx.snippets expands it after macros have run."""
        return Markup(f'--8<-- "{path}"')

    @env.macro
    def example_document(preset_id: str) -> str:
        """The document a preset gives, as this page's content: headings one level down, data escaped."""
        preset = next(p for p in cat.presets if p.id == preset_id)
        nodes = engine.nodes(preset.answers, linked, build_date)
        for node in nodes:
            if node["type"] == "heading":
                node["level"] += 1
        return md(engine.to_markdown(anchored(nodes)))

    @env.macro
    def organisation_document() -> str:
        """The organisation's release process (org/organisation.yml `answers:`) as this page's content."""
        return md(engine.to_markdown(anchored(engine.nodes(cat.organisation.answers, linked, build_date))))

    @env.macro
    def organisation_wizard_link() -> str:
        """URL of the wizard with the organisation's answers in its fragment."""
        return _answers_link(cat.organisation.answers)

    @env.macro
    def wizard_link(preset_id: str) -> str:
        """URL of the wizard with a preset's answers in its fragment (the wizard reads #answers=)."""
        preset = next(p for p in cat.presets if p.id == preset_id)
        return _answers_link(preset.answers)

    def _answers_link(answers: dict) -> str:
        data = json.dumps(answers, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        fragment = base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")
        # Raw HTML links are not rewritten by MkDocs: go from this page's URL to the wizard's.
        wizard_url = File("wizard.md", "", "", env.conf["use_directory_urls"]).url
        here = posixpath.dirname(env.page.url) if not env.page.url.endswith("/") else env.page.url
        return posixpath.relpath(wizard_url or ".", here or ".") + "/#answers=" + fragment

    @env.macro
    def param_value(profile_id: str, param_id: str) -> str:
        """A profile's value for a parameter as the document writes it, or "" when the profile leaves it."""
        bundle = cat.bundle
        profile = next(p for p in bundle["profiles"] if p["id"] == profile_id)
        if param_id not in profile["parameters"]:
            return ""
        param = next(x for x in bundle["parameters"]["items"] if x["id"] == param_id)
        return engine.param_text(param, profile["parameters"][param_id], bundle)

    @env.filter
    def params(text: str, profile_id: str | None = None) -> str:
        """Catalogue text with each `{group.name}` parameter written as the profile's value (when a
        profile is named and sets it) or the playbook default; a name without a value shows its label."""
        bundle = cat.bundle
        items = {x["id"]: x for x in bundle["parameters"]["items"]}
        own = next((p["parameters"] for p in bundle["profiles"] if p["id"] == profile_id), {})

        def value(match: re.Match) -> str:
            param = items[match.group(1)]
            chosen = own.get(param["id"], param["default"])
            return engine.param_text(param, chosen, bundle) if chosen is not None else param["label"]

        return engine.PARAM_TOKEN.sub(value, text)

    @env.macro
    def diagram(kind: str, ident: str | None = None) -> str:
        """An inline SVG diagram from data/diagrams.yml with its text alternative (macros/diagrams.py)."""
        return diagrams.render(kind, cat, ident, url, f"diagram-{kind}" + (f"-{ident}" if ident else ""))

    @env.macro
    def tool_kit(tool_id: str) -> list[dict]:
        """The starter-kit files a tool brings, filled for the preset that fits it best (macros/pages.py)."""
        return tool_kit_files(cat, tool_id)

    @env.macro
    def kit_code(file: dict) -> Markup:
        """A kit file as a fenced code block, returned whole so that nothing in it is read as a template."""
        return Markup(code_block(file["text"], file["language"], file["path"]))

    chosen = overlay.ours(cat)
    hidden = overlay.alternatives(cat)

    @env.macro
    def playbook_name() -> str:
        """The site's name: the organisation's handbook title (or name) in a fork, else the playbook's."""
        return cat.bundle["name"]

    @env.macro
    def is_ours(kind: str, ident: str) -> bool:
        """Whether the organisation's answers choose this tool or strategy (always False without an organisation)."""
        return ident in chosen.get(kind, ())

    @env.macro
    def handbook() -> bool:
        """Whether the site is an organisation's handbook (org/organisation.yml with answers)."""
        return bool(chosen)

    @env.macro
    def ours_first(kind: str, items) -> list:
        """Items (or ids) with the organisation's own first; the others after them, or left out with `alternatives: hide`."""
        items = list(items)

        def ident(x) -> str:
            return x if isinstance(x, str) else x.id

        own = [x for x in items if ident(x) in chosen.get(kind, ())]
        return own + [x for x in items if ident(x) not in chosen.get(kind, ()) and ident(x) not in hidden.get(kind, ())]

    def anchored(nodes: list) -> list:
        """In another language's build, the document's headings keep their English ids (links into it work)."""
        return nodes if translation.language == ENGLISH else english_anchors(nodes, english_of(cat).bundle["document"])

    @env.macro
    def tr(key: str, **values: object) -> str:
        """The page words at a dotted key (data/i18n/<lang>/pages.yml), with `{name}` values filled in."""
        return lookup(translation.pages, key, values)

    @env.filter
    def en(text: str) -> str:
        """Catalogue text (written in English) inline in a page: marked `lang="en"` in another language's build."""
        return mark_inline(text, translation.language)

    @env.filter
    def en_block(text: str) -> str:
        """Catalogue paragraphs (written in English) in a page: marked `lang="en"` in another language's build."""
        return mark_block(text, translation.language)

    env.macro(anchor, "anchor")
    env.filter(md)
    env.filter(cell)

    def _name(kind: str, ident: str) -> str:
        item = cat.items(kind)[ident]
        return getattr(item, "name", None) or item.title


def _escape_md(text: str) -> str:
    """Keep a name literal inside link text."""
    return text.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")
