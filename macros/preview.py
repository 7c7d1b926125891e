"""Build-time HTML for the wizard's live preview: each text part of the document rendered once by
the site's Markdown engine, with every placeholder left as an empty element the script fills with text."""

from __future__ import annotations

import copy
import re
from typing import Any

import markdown

from .engine import PARAM_TOKEN, TOKEN
from .text import md

SENTINEL = re.compile(r"rp(ph|pa)(\d+)rp(?:ph|pa)")
EXTENSIONS = ["tables", "attr_list", "def_list", "sane_lists", "pymdownx.tasklist"]


def part_html(text: str) -> str:
    """Markdown -> HTML with `[PLACEHOLDER]` tokens as `<span class="rp-ph" data-ph="ID"></span>` and `{group.name}`
    parameters as `<span class="rp-ph" data-param="group.name"></span>`."""
    tokens: list[str] = []

    def hold(kind: str) -> Any:
        def sub(match: re.Match) -> str:
            tokens.append(match.group(1))
            return f"rp{kind}{len(tokens) - 1}rp{kind}"

        return sub

    held = PARAM_TOKEN.sub(hold("pa"), TOKEN.sub(hold("ph"), text.strip()))
    html = markdown.markdown(md(held), extensions=EXTENSIONS)
    html = html.replace('<input type="checkbox" disabled', '<input type="checkbox" aria-hidden="true" disabled')
    attribute = {"ph": "data-ph", "pa": "data-param"}
    return SENTINEL.sub(lambda m: f'<span class="rp-ph" {attribute[m.group(1)]}="{tokens[int(m.group(2))]}"></span>', html)


def with_preview(bundle: dict[str, Any]) -> dict[str, Any]:
    """A copy of the bundle whose text parts also carry their preview HTML."""
    out = copy.deepcopy(bundle)
    for section in out["document"]["sections"]:
        for part in section["parts"]:
            if part["text"] is not None:
                part["html"] = part_html(part["text"])
    return out
