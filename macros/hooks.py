"""MkDocs hooks: load the catalogue once, expand the nav, add one generated page per catalogue item."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files

# MkDocs loads this file by path; make the `macros` package importable by name.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from macros.catalogue import catalogue_for_config  # noqa: E402
from macros.catalogue import data_dir_of_config as data_dir  # noqa: E402
from macros.engine import blank_template  # noqa: E402
from macros.errors import CatalogueError  # noqa: E402
from macros.kit import kit_data  # noqa: E402
from macros.pages import expand_nav, generated_pages  # noqa: E402
from macros.preview import with_preview  # noqa: E402

BUNDLE_URI = "assets/wizard/bundle.json"
KIT_URI = "assets/wizard/kit.json"
TEMPLATE_URI = "assets/wizard/release-process-template.txt"


def catalogue(config: MkDocsConfig):
    """The validated catalogue; its problems stop the build with their message, not a traceback."""
    try:
        return catalogue_for_config(config)
    except CatalogueError as exc:
        raise PluginError(str(exc)) from None


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Validate the data before anything renders; point snippets at its examples; expand the nav."""
    cat = catalogue(config)
    config.mdx_configs.setdefault("pymdownx.snippets", {})["base_path"] = [str(data_dir(config) / "examples")]
    try:
        config.nav = expand_nav(config.nav or [], cat)
    except KeyError as exc:
        raise PluginError(str(exc.args[0])) from None
    if DUMP:
        Path(DUMP).mkdir(parents=True, exist_ok=True)
        Path(DUMP, "nav.json").write_text(json.dumps(config.nav, ensure_ascii=False), encoding="utf-8")
    return config


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    """Add a virtual page for each strategy, tool, category, profile, gate stage and placeholder phase."""
    for page in generated_pages(catalogue(config)):
        existing = files.get_file_from_path(page.src_uri)
        if existing is not None and existing.generated_by:
            raise PluginError(f"two items would both be the page {page.src_uri}; give one of them another id")
        if existing is not None:
            raise PluginError(f"docs/{page.src_uri} would hide a generated page; delete the file (the page comes from the catalogue)")
        files.append(File.generated(config, page.src_uri, content=page.content()))
    cat = catalogue(config)
    files.append(
        File.generated(
            config, BUNDLE_URI, content=cat.memo("bundle.json", lambda: json.dumps(with_preview(cat.bundle), ensure_ascii=False, separators=(",", ":")))
        )
    )
    files.append(File.generated(config, TEMPLATE_URI, content=cat.memo("template", lambda: blank_template(cat.bundle))))
    if cat.kit is not None:
        # The starter kit's templates and words: fetched by the wizard's last step only (kit-download.js).
        kit_json = cat.memo("kit.json", lambda: json.dumps(kit_data(cat.data_dir, cat.kit), ensure_ascii=False, separators=(",", ":")))
        files.append(File.generated(config, KIT_URI, content=kit_json))
    return files


DUMP = os.environ.get("PLAYBOOK_DUMP_MARKDOWN")
"""A folder to write every page's Markdown into once macros have run (tests/bench.py builds plain Material from it)."""


@event_priority(-100)
def on_page_markdown(markdown: str, *, page, **kwargs) -> str:
    if DUMP:
        target = Path(DUMP, "docs", page.file.src_uri)
        target.parent.mkdir(parents=True, exist_ok=True)
        front = f"---\n{json.dumps(page.meta, ensure_ascii=False)}\n---\n\n" if page.meta else ""
        target.write_text(front + markdown, encoding="utf-8")
    return markdown


def on_page_content(html: str, **kwargs) -> str:
    """Checklists are static: hide their disabled boxes from assistive technology (axe-core: label)."""
    return html.replace('<input type="checkbox" disabled', '<input type="checkbox" aria-hidden="true" disabled')


def on_serve(server, *, config: MkDocsConfig, builder):
    """Rebuild on data edits during `mkdocs serve`."""
    server.watch(str(data_dir(config)))
    server.watch(str(Path(__file__).parent / "templates"))
    return server
