"""Reading aids applied to every page by the hooks: tags, search ranking, dates, wrapping, pagination.

Each function does one thing to one page. Nothing here writes a sentence a reader sees: tag names
come from the catalogue, and the words around them from Material's own templates.
"""

from __future__ import annotations

import html as html_lib
import re
import subprocess
from functools import cache
from pathlib import Path

from .catalogue import Catalogue

# Pages that answer a reader's question rank above tool pages that merely mention the same words.
BOOSTED = ("strategies/", "dora.md", "process/", "start.md", "glossary.md")
BOOST = 2

# Code blocks longer than this many lines are left out of the search index (a whole YAML sample
# would otherwise fill the results panel); short commands stay findable.
SEARCHABLE_CODE_LINES = 6


# ---------------------------------------------------------------------------
# Front matter: tags, search boost, last-updated date
# ---------------------------------------------------------------------------


def page_meta(page, cat: Catalogue, config) -> None:
    """Fill `tags`, `search.boost` and `revision_date` unless the page's front matter sets them."""
    src = page.file.src_uri
    tags = tags_for(src, page.meta.get("item"), cat)
    if tags and "tags" not in page.meta:
        page.meta["tags"] = tags
    if src.startswith(BOOSTED) and "search" not in page.meta:
        page.meta["search"] = {"boost": BOOST}
    if "revision_date" not in page.meta:
        date = last_changed(Path(config["config_file_path"]).parent, source_files(src, page.meta.get("item"), cat, config))
        if date:
            page.meta["revision_date"] = date


def tags_for(src: str, item: str | None, cat: Catalogue) -> list[str]:
    """Strategy pages carry their own name; tool pages their strategies' names and their licence."""
    if not item:
        return []
    if src.startswith("strategies/") and item in cat.strategy:
        return [cat.strategy[item].name]
    if src.startswith("tools/") and item in cat.tool:
        tool = cat.tool[item]
        return [*(cat.strategy[s].name for s in tool.strategies if s in cat.strategy), tool.licence]
    return []


def source_files(src: str, item: str | None, cat: Catalogue, config) -> list[Path]:
    """The files a page is made from: its Markdown, or for a generated page the data file of its item."""
    root = Path(config["config_file_path"]).parent
    data = cat.data_dir
    docs = Path(config["docs_dir"]) / src
    if docs.is_file():
        return [docs]
    top = src.split("/")[0]
    by_folder = {
        "strategies": ["strategies.yml", "diagrams.yml"],
        "profiles": ["profiles.yml"],
        "gates": ["gates.yml"],
        "placeholders": ["placeholders.yml"],
        "examples": ["presets.yml", "document.yml"],
    }
    if top == "tools" and item in cat.tool:
        names = [f"tools/{cat.tool_category[item]}.yml"]
    elif top == "tools" and item in cat.category:
        names = ["categories.yml", f"tools/{item}.yml"]
    elif top == "tools":
        names = ["categories.yml"]
    else:
        names = by_folder.get(top, [])
    return [p for p in (data / n for n in names) if p.is_file()] or [root / "mkdocs.yml"]


def last_changed(root: Path, paths: list[Path]) -> str | None:
    """The newest commit date (YYYY-MM-DD) among `paths`, or None outside a Git checkout."""
    dates = _commit_dates(str(root))
    found = [dates[p.resolve().as_posix()] for p in paths if p.resolve().as_posix() in dates]
    return max(found) if found else None


@cache
def _commit_dates(root: str) -> dict[str, str]:
    """Absolute path -> date of the last commit that touched it, from one `git log` over the tree."""
    try:
        top = subprocess.run(["git", "rev-parse", "--show-toplevel"], cwd=root, capture_output=True, text=True, check=True).stdout.strip()
        log = subprocess.run(
            ["git", "log", "--format=@%cs", "--name-only", "--no-renames", "--", "."], cwd=root, capture_output=True, text=True, check=True
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return {}
    dates: dict[str, str] = {}
    current = ""
    for line in log.splitlines():
        if line.startswith("@"):
            current = line[1:]
        elif line and current:
            # `git log` lists newest first: keep the first date seen for each file.
            dates.setdefault((Path(top) / line).as_posix(), current)
    return dates


# ---------------------------------------------------------------------------
# Rendered HTML: code blocks out of the index, ids that wrap, tables that scroll by keyboard
# ---------------------------------------------------------------------------

_HIGHLIGHT = re.compile(r'<div class="(?:language-[\w-]+ )?highlight">')
_INLINE_ID = re.compile(r"(?<!</span>)<code>(\[?[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\]?)</code>")
_TABLE = re.compile(r"<table>(.*?)</table>", re.S)
_HEADING = re.compile(r"<h[1-6][^>]*>(.*?)</h[1-6]>", re.S)


def page_html(html: str) -> str:
    """Apply the three HTML rewrites below."""
    return wrap_tables(wrap_ids(exclude_long_code(html)))


def exclude_long_code(html: str) -> str:
    """Mark code blocks longer than SEARCHABLE_CODE_LINES lines with `data-search-exclude`."""
    out, last = [], 0
    for match in _HIGHLIGHT.finditer(html):
        end = html.find("</pre>", match.end())
        if end != -1 and html.count("\n", match.end(), end) > SEARCHABLE_CODE_LINES:
            out.append(html[last : match.end() - 1] + " data-search-exclude>")
            last = match.end()
    out.append(html[last:])
    return "".join(out)


def wrap_ids(html: str) -> str:
    """Let long UPPER_SNAKE ids in inline code break after underscores, not in the middle of a word."""
    return _INLINE_ID.sub(lambda m: "<code>" + m.group(1).replace("_", "_<wbr>") + "</code>", html)


def wrap_tables(html: str) -> str:
    """Wrap each table in a focusable region so that a keyboard can scroll it on a narrow screen."""
    return _TABLE.sub(lambda m: f'<div class="pb-table" role="region" tabindex="0" aria-label="{_name(html, m)}">{m.group(0)}</div>', html)


def _name(html: str, table: re.Match) -> str:
    """A region needs a name: the heading above the table, else the table's column headings."""
    headings = _HEADING.findall(html, 0, table.start())
    text = headings[-1] if headings else ", ".join(re.findall(r"<th[^>]*>(.*?)</th>", table.group(1), re.S))
    return html_lib.escape(html_lib.unescape(re.sub(r"<[^>]+>", "", text)).replace("¶", "").strip(), quote=True)


# ---------------------------------------------------------------------------
# Navigation
# ---------------------------------------------------------------------------


def pagination_within_section(page) -> None:
    """Drop previous/next links that would leave the page's section of the nav."""
    if page.previous_page is not None and page.previous_page.parent is not page.parent:
        page.previous_page = None
    if page.next_page is not None and page.next_page.parent is not page.parent:
        page.next_page = None


def wrap_toc(toc) -> None:
    """Table-of-contents titles made of UPPER_SNAKE ids may break after their underscores."""
    for link in toc:
        if re.search(r"[A-Z0-9]_[A-Z0-9]", link.title):
            link.title = re.sub(r"([A-Z0-9]_)(?=[A-Z0-9])", r"\1<wbr>", link.title)
        wrap_toc(link.children)
