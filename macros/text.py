"""Catalogue text made safe for Markdown: data is content, never markup or script."""

from __future__ import annotations

import html
import re

_CODE_SPAN = re.compile(r"(`+)(.+?)\1", re.S)


def md(text: object) -> str:
    """Data text as Markdown, with raw HTML neutralised: a data file cannot inject markup or script.

    Code spans are left alone: Markdown already shows their content literally.
    """
    text, out, last = str(text), [], 0
    for match in _CODE_SPAN.finditer(text):
        out.append(html.escape(text[last : match.start()], quote=False))
        out.append(match.group(0))
        last = match.end()
    out.append(html.escape(text[last:], quote=False))
    return "".join(out)


def cell(text: object) -> str:
    """Data text for a Markdown table cell: no raw HTML, no column breaks, one line."""
    return " ".join(md(text).replace("|", "\\|").split())
