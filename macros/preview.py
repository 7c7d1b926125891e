"""Build-time HTML for the wizard's live preview: each text part of the document rendered once by
the site's Markdown engine, with every placeholder left as an empty element the script fills with text."""

from __future__ import annotations

import copy
import re
from typing import Any

import markdown

from .engine import TOKEN
from .text import md

SENTINEL = re.compile(r"rpph(\d+)rpph")
EXTENSIONS = ["tables", "attr_list", "def_list", "sane_lists", "pymdownx.tasklist"]


def part_html(text: str) -> str:
    """Markdown -> HTML with `[PLACEHOLDER]` tokens as `<span class="rp-ph" data-ph="ID"></span>`."""
    tokens: list[str] = []

    def hold(match: re.Match) -> str:
        tokens.append(match.group(1))
        return f"rpph{len(tokens) - 1}rpph"

    html = markdown.markdown(md(TOKEN.sub(hold, text.strip())), extensions=EXTENSIONS)
    html = html.replace('<input type="checkbox" disabled', '<input type="checkbox" aria-hidden="true" disabled')
    return SENTINEL.sub(lambda m: f'<span class="rp-ph" data-ph="{tokens[int(m.group(1))]}"></span>', html)


def with_preview(bundle: dict[str, Any]) -> dict[str, Any]:
    """A copy of the bundle whose text parts also carry their preview HTML."""
    out = copy.deepcopy(bundle)
    for section in out["document"]["sections"]:
        for part in section["parts"]:
            if part["text"] is not None:
                part["html"] = part_html(part["text"])
    return out
