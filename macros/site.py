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

from . import diagrams, engine
from .catalogue import catalogue_for_config
from .errors import CatalogueError
from .pages import anchor, relative, src_uri
from .text import cell, md


def define_env(env) -> None:
    """Expose `catalogue` and the helpers below to every page (and so to generated pages' templates)."""
    try:
        cat = catalogue_for_config(env.conf)
    except CatalogueError as exc:
        raise PluginError(str(exc)) from None
    build_date = datetime.date.today().isoformat()
    env.variables["catalogue"] = cat
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
        return f"[{_escape_md(text or _name(kind, ident))}]({url(kind, ident)})"

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
        nodes = engine.nodes(preset.answers, cat.bundle, build_date)
        for node in nodes:
            if node["type"] == "heading":
                node["level"] += 1
        return md(engine.to_markdown(nodes))

    @env.macro
    def organisation_document() -> str:
        """The organisation's release process (org/organisation.yml `answers:`) as this page's content."""
        return md(engine.to_markdown(engine.nodes(cat.organisation.answers, cat.bundle, build_date)))

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

    env.macro(anchor, "anchor")
    env.filter(md)
    env.filter(cell)

    def _name(kind: str, ident: str) -> str:
        item = cat.items(kind)[ident]
        return getattr(item, "name", None) or item.title


def _escape_md(text: str) -> str:
    """Keep a name literal inside link text."""
    return text.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")
