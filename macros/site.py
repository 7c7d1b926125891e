"""mkdocs-macros entry point: the catalogue and link helpers that page templates use."""

from __future__ import annotations

import html
import re

from markupsafe import Markup

from .catalogue import catalogue_for_config
from .pages import anchor, relative, src_uri


def define_env(env) -> None:
    """Expose `catalogue` and the helpers below to every page (and so to generated pages' templates)."""
    cat = catalogue_for_config(env.conf)
    env.variables["catalogue"] = cat

    def current() -> str:
        return env.page.file.src_uri

    @env.macro
    def url(kind: str, ident: str) -> str:
        """Relative link target from the current page to an item (MkDocs validates it)."""
        return relative(src_uri(kind, ident, cat), current())

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

    env.macro(anchor, "anchor")
    env.filter(md)
    env.filter(cell)

    def _name(kind: str, ident: str) -> str:
        table = {
            "strategy": cat.strategy, "tool": cat.tool, "category": cat.category, "profile": cat.profile,
            "gate": cat.gate, "placeholder": None, "stage": {s.id: s for s in cat.gate_stages},
            "phase": {p.id: p for p in cat.phases}, "metric": {m.id: m for m in cat.dora.metrics},
        }[kind]
        return f"[{ident}]" if table is None else table[ident].name


_CODE_SPAN = re.compile(r"(`+)(.+?)\1", re.S)


def md(text: object) -> str:
    """Data text as Markdown, with raw HTML neutralised: a data file cannot inject markup or script.

    Code spans are left alone: Markdown already shows their content literally.
    """
    text, out, last = str(text), [], 0
    for match in _CODE_SPAN.finditer(text):
        out.append(html.escape(text[last:match.start()], quote=False))
        out.append(match.group(0))
        last = match.end()
    out.append(html.escape(text[last:], quote=False))
    return "".join(out)


def cell(text: object) -> str:
    """Data text for a Markdown table cell: no raw HTML, no column breaks, one line."""
    return " ".join(md(text).replace("|", "\\|").split())


def _escape_md(text: str) -> str:
    """Keep a name literal inside link text."""
    return text.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")
