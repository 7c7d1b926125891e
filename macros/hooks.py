"""MkDocs hooks: load the catalogue once, expand the nav, add one generated page per catalogue item."""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import logging
import os
import sys
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel

# MkDocs loads this file by path; make the `macros` package importable by name.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from macros import branding, bundlecache  # noqa: E402
from macros.bundle import split_bundle  # noqa: E402
from macros.catalogue import catalogue_for_config  # noqa: E402
from macros.catalogue import data_dir_of_config as data_dir  # noqa: E402
from macros.catalogue import org_dir_of_config as org_dir  # noqa: E402
from macros.engine import blank_template  # noqa: E402
from macros.errors import CatalogueError  # noqa: E402
from macros.i18n import ENGLISH, check_nav, mark_untranslated, nav_titles, page_problems, translate_nav, translation_of  # noqa: E402
from macros.kit import kit_data  # noqa: E402
from macros.loader import data_label  # noqa: E402
from macros.overlay import DOCS_FOLDER, alternatives  # noqa: E402
from macros.pages import expand_nav, generated_pages, src_uri  # noqa: E402
from macros.preview import with_preview  # noqa: E402
from macros.reading import page_html, page_meta, pagination_within_section, wrap_toc  # noqa: E402

BUNDLE_URIS = ("assets/wizard/bundle-first.json", "assets/wizard/bundle-rest.json")
"""The wizard's bundle in two parts (macros/bundle.py FIRST_VIEW): its first view, then the rest."""
KIT_URI = "assets/wizard/kit.json"
TEMPLATE_URI = "assets/wizard/release-process-template.txt"


NO_SITE_URL = (
    "site_url is not set: set SITE_URL to the address the site is published at (SITE_URL=https://handbook.example.com/ ./dev build), "
    "or `site_url:` in org/organisation.yml; `./dev serve` needs neither"
)
log = logging.getLogger("mkdocs.plugins.release_playbook")
LOCAL_URL = "http://127.0.0.1:8000/"
PUBLISH = os.environ.get("PLAYBOOK_PUBLISH") == "1"
"""Set by `./dev build` (which the Pages pipelines run): a build to publish must know its address."""


_build: list = [None, None]
"""[config, catalogue] of the build running: each build (each `mkdocs serve` rebuild has a new config)
checks the data folder once, not once per page (that check lists and stats every data file)."""


def catalogue(config: MkDocsConfig):
    """The validated catalogue; its problems stop the build with their message, not a traceback."""
    if _build[0] is config:
        return _build[1]
    try:
        cat = catalogue_for_config(config)
    except CatalogueError as exc:
        raise PluginError(str(exc)) from None
    _build[:] = [config, cat]
    return cat


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Validate the data before anything renders; point snippets at its examples; expand the nav."""
    cat = catalogue(config)
    config.mdx_configs.setdefault("pymdownx.snippets", {})["base_path"] = [str(data_dir(config) / "examples")]
    config.extra["playbook_version"] = cat.playbook.version
    org = cat.organisation
    if org:
        config.site_name = org.title or org.name
        config.repo_url = config.repo_url or org.repo_url
        brand(config, org)
        config.nav = with_org_pages(config.nav or [], org_pages(config), Path(config.docs_dir))
    config.site_url = config.site_url or (org.site_url if org else None)
    if not config.site_url:
        # A build to publish never writes localhost links; a local check of the site may.
        if PUBLISH:
            raise PluginError(NO_SITE_URL)
        log.info("site_url is not set: this local build uses %s (a build to publish, ./dev build, needs SITE_URL)", LOCAL_URL)
        config.site_url = LOCAL_URL
    written = tuple(nav_titles(config.nav or []))
    if handbook(cat):
        config.nav = handbook_nav(config.nav or [])
    in_language(config, cat, written)
    try:
        config.nav = expand_nav(config.nav or [], cat)
    except KeyError as exc:
        raise PluginError(str(exc.args[0])) from None
    config.nav = without(config.nav, hidden_pages(cat))
    if DUMP:
        Path(DUMP).mkdir(parents=True, exist_ok=True)
        Path(DUMP, "nav.json").write_text(json.dumps(config.nav, ensure_ascii=False), encoding="utf-8")
    return config


ORG_CSS_URI = "assets/organisation.css"
ORG_ASSETS = "assets/organisation"


def brand(config: MkDocsConfig, org) -> None:
    """The organisation's colours (Material's palette, a stylesheet for hex colours) and logo."""
    if org.colours:
        primary, accent = org.colours.primary, org.colours.accent
        config.theme["palette"] = branding.palette(config.theme.get("palette"), primary, accent)
        if branding.stylesheet(primary, accent):
            config.extra_css.append(ORG_CSS_URI)
    if org.logo:
        config.theme["logo"] = config.theme["favicon"] = f"{ORG_ASSETS}/{org.logo}"


def hidden_pages(cat) -> set[str]:
    """Pages of the tools and strategies an organisation does not use, with `alternatives: hide`: out of the
    navigation (and the indexes, macros/site.py), still there for the links that lead to them."""
    return {src_uri(kind, ident, cat) for kind, ids in alternatives(cat).items() for ident in ids}


def without(nav: list, uris: set[str]) -> list:
    """The nav without the entries for `uris`, at any depth."""
    if not uris:
        return nav
    out = []
    for entry in nav:
        if isinstance(entry, str) and entry in uris:
            continue
        if isinstance(entry, dict):
            entry = {k: without(v, uris) if isinstance(v, list) else v for k, v in entry.items() if not (isinstance(v, str) and v in uris)}
            if not entry:
                continue
        out.append(entry)
    return out


def in_language(config: MkDocsConfig, cat, written: tuple[str, ...] = ()) -> None:
    """Another language's build: Material's own words, the site's words and the navigation titles
    translated (`written`: the titles mkdocs.yml gives, before handbook mode changed the nav)."""
    translation = translation_of(cat)
    config.theme["language"] = translation.language
    config.extra["version_label"] = translation.pages["site"]["version"]
    if translation.language == ENGLISH:
        return
    site = translation.pages["site"]
    config.site_description = site["description"]
    config.copyright = site["copyright"]
    config.mdx_configs.setdefault("toc", {})["permalink_title"] = site["permalink"]
    for palette in config.theme["palette"] if isinstance(config.theme["palette"], list) else []:
        palette["toggle"]["name"] = site["dark_mode" if palette.get("scheme") == "default" else "light_mode"]
    problems = check_nav(config.nav or [], translation.pages["nav"], f"data/i18n/{translation.language}/pages.yml", (handbook_title(), *written))
    if problems:
        raise PluginError("\n".join(problems))
    config.nav = translate_nav(config.nav or [], translation.pages["nav"])


def handbook(cat) -> bool:
    """Handbook mode: a fork's organisation file gives its answers, so the site is its handbook."""
    return bool(cat.organisation and cat.organisation.answers)


def handbook_nav(nav: list, top: bool = True) -> list:
    """The organisation's process first (the home page, titled by its template), public examples left
    out of the navigation at any depth (their pages stay reachable by link, outside the nav)."""
    out = []
    for entry in nav:
        value = next(iter(entry.values())) if isinstance(entry, dict) and len(entry) == 1 else entry
        if isinstance(value, str) and value.startswith("examples/"):
            continue
        if isinstance(value, list) and ("examples/*" in value or "examples/index.md" in value):
            continue
        if isinstance(value, list):
            entry = {next(iter(entry)): handbook_nav(value, False)} if isinstance(entry, dict) else handbook_nav(value, False)
        if top and value == "index.md":
            out.insert(0, "index.md")
        elif top and isinstance(value, list) and "index.md" in value:
            # The section that holds the home page leads, named as the organisation's process page.
            out.insert(0, {handbook_title(): value})
        else:
            out.append(entry)
    return out


def handbook_title() -> str:
    """The title in the front matter of the handbook's home page template (its `title:` line)."""
    text = HANDBOOK_HOME.read_text(encoding="utf-8")
    return next(line.split(":", 1)[1].strip() for line in text.splitlines() if line.startswith("title:"))


HANDBOOK_HOME = Path(__file__).parent / "templates" / "our_process.md"


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    """Add a virtual page for each strategy, tool, category, profile, gate stage and placeholder phase."""
    cat = catalogue(config)
    if handbook(cat):
        files.remove(files.get_file_from_path("index.md"))
        files.append(File.generated(config, "index.md", content=HANDBOOK_HOME.read_text(encoding="utf-8")))
    out_of_nav = hidden_pages(cat)
    for page, path in translation_of(cat).docs.items():
        # A translated hand-written page (data/i18n/<lang>/docs/) takes the English page's place,
        # unless the page is generated already (a handbook's home page is the organisation's process).
        existing = files.get_file_from_path(page)
        if existing is None:
            raise PluginError(
                f"data/i18n/{translation_of(cat).language}/docs/{page}: there is no docs/{page} to translate; name the file like the English page"
            )
        if existing.generated_by:
            continue
        text = path.read_text(encoding="utf-8")
        drift = page_problems(existing.content_string, text, f"data/i18n/{translation_of(cat).language}/docs/{page}", page)
        if drift:
            raise PluginError("\n".join(str(p) for p in drift))
        files.remove(existing)
        files.append(File.generated(config, page, content=text))
    for page in generated_pages(cat):
        # In handbook mode the public examples leave the navigation (and with `alternatives: hide` the
        # tools and strategies the organisation does not use); links to them still work.
        hidden = (handbook(cat) and page.src_uri.startswith("examples/")) or page.src_uri in out_of_nav
        existing = files.get_file_from_path(page.src_uri)
        if existing is not None and existing.generated_by:
            raise PluginError(f"two items would both be the page {page.src_uri}; give one of them another id")
        if existing is not None:
            raise PluginError(f"docs/{page.src_uri} would hide a generated page; delete the file (the page comes from the catalogue)")
        inclusion = InclusionLevel.NOT_IN_NAV if hidden else InclusionLevel.UNDEFINED
        files.append(File.generated(config, page.src_uri, content=page.content(), inclusion=inclusion))
    org_files(files, config, cat)

    for section in cat.document.sections:
        for see in section.see:
            if files.get_file_from_path(see.page.partition("#")[0]) is None:
                raise PluginError(
                    f"document.yml: section '{section.id}' links to {see.page}, which is not a page of the site; "
                    "name a page under docs/ or a generated one (strategies/index.md)"
                )

    def bundle_json() -> str:
        # Compact JSON has no line break: one line per part.
        return "\n".join(json.dumps(part, ensure_ascii=False, separators=(",", ":")) for part in split_bundle(with_preview(cat.bundle)))

    # The preview HTML comes from Python-Markdown: its version is part of what the cached file depends on.
    salt = f"markdown {importlib.metadata.version('markdown')} pymdown-extensions {importlib.metadata.version('pymdown-extensions')}"
    salt += f" language {translation_of(cat).language}"
    parts = lambda: bundlecache.text(cat.data_dir, "bundle-parts.json", bundle_json, salt, org_dir(config))  # noqa: E731
    content = cat.memo("bundle.json", parts if CACHE else bundle_json)
    for uri, part in zip(BUNDLE_URIS, content.split("\n"), strict=True):
        files.append(File.generated(config, uri, content=part))
    files.append(File.generated(config, TEMPLATE_URI, content=cat.memo("template", lambda: blank_template(cat.bundle))))
    if cat.kit is not None:
        # The starter kit's templates and words: fetched by the wizard's last step only (kit-download.js).
        kit_json = cat.memo("kit.json", lambda: json.dumps(kit_data(cat.data_dir, cat.kit, cat.tools), ensure_ascii=False, separators=(",", ":")))
        files.append(File.generated(config, KIT_URI, content=kit_json))
    return files


def org_pages(config: MkDocsConfig) -> dict[str, Path]:
    """The organisation's own files under org/docs/, by their path in the site (`process/roles.md`)."""
    folder = org_dir(config)
    pages = folder / DOCS_FOLDER if folder else None
    if pages is None or not pages.is_dir():
        return {}
    return {p.relative_to(pages).as_posix(): p for p in sorted(pages.rglob("*")) if p.is_file() and not p.name.startswith(".")}


def with_org_pages(nav: list, pages: dict[str, Path], docs_dir: Path) -> list:
    """The organisation's new pages (those replacing no upstream page) at the end of the nav's first section."""
    new = [uri for uri in pages if uri.endswith(".md") and not (docs_dir / uri).exists()]
    if not new:
        return nav
    first = nav[0] if nav else None
    if isinstance(first, dict) and len(first) == 1 and isinstance(next(iter(first.values())), list):
        title, entries = next(iter(first.items()))
        return [{title: [*entries, *new]}, *nav[1:]]
    return [*nav, *new]


def org_files(files: Files, config: MkDocsConfig, cat) -> None:
    """The organisation's pages (org/docs/, each replacing the upstream page at its path), logo and stylesheet."""
    folder = org_dir(config)
    if folder is None or cat.organisation is None:
        return
    pages = folder / DOCS_FOLDER
    for uri in org_pages(config):
        existing = files.get_file_from_path(uri)
        # The handbook's home (the organisation's process) may be replaced; catalogue pages may not.
        if existing is not None and existing.generated_by and uri != "index.md":
            raise PluginError(f"{data_label(folder)}/{DOCS_FOLDER}/{uri} would hide a generated page; give it another name (the page comes from the catalogue)")
        if existing is not None:
            files.remove(existing)
        files.append(File(uri, str(pages), config.site_dir, config.use_directory_urls))
    org = cat.organisation
    if org.logo:
        files.append(File.generated(config, f"{ORG_ASSETS}/{org.logo}", abs_src_path=str(folder / org.logo)))
    css = branding.stylesheet(org.colours.primary, org.colours.accent) if org.colours else ""
    if css:
        files.append(File.generated(config, ORG_CSS_URI, content=css))


DUMP = os.environ.get("PLAYBOOK_DUMP_MARKDOWN")
"""A folder to write every page's Markdown into once macros have run (tests/bench.py builds plain Material from it)."""


def on_page_content(html: str, *, page, **kwargs) -> str:
    """Checklists are static: hide their disabled boxes from assistive technology (axe-core: label)."""
    if DUMP:
        # The page's Markdown once macros and every other hook have run (tests/bench.py builds plain Material from it).
        target = Path(DUMP, "docs", page.file.src_uri)
        target.parent.mkdir(parents=True, exist_ok=True)
        front = f"---\n{json.dumps(page.meta, ensure_ascii=False)}\n---\n\n" if page.meta else ""
        target.write_text(front + page.markdown, encoding="utf-8")
    html = html.replace('<input type="checkbox" disabled', '<input type="checkbox" aria-hidden="true" disabled')
    return mark_untranslated(page_html(html), page, translation_of(catalogue(kwargs["config"])))


CACHE = not os.environ.get("PLAYBOOK_NO_CACHE")
"""PLAYBOOK_NO_CACHE=1 builds without the caches kept in ~/.cache/release-playbook (the wizard bundle,
compiled templates, rendered pages): as a first build does (tests/bench.py measures both)."""


def on_pre_build(*, config: MkDocsConfig) -> None:
    """The page templates of macros/templates compile once, not on every build (mkdocs-macros has made
    its Jinja environment by now: hooks run after the plugins)."""
    macros = config.plugins.get("macros")
    if CACHE and macros is not None:
        cache = macros.env.bytecode_cache = bundlecache.jinja_cache("macros", macros.env)
        if cache is not None:
            macros.env.from_string = page_templates(macros, cache, render_context(config, macros))
    if CACHE:
        from macros.diagrams import _env as diagrams_env  # the SVG diagrams' own templates

        diagrams_env().bytecode_cache = bundlecache.jinja_cache("diagrams", diagrams_env())


def render_context(config: MkDocsConfig, macros) -> str:
    """A digest of everything a page's macros may read besides the page's own text and front matter:
    the catalogue (every file of the data and organisation folders, this package's code), the
    templates they include, the other hand-written pages, the site's settings and every variable
    mkdocs-macros gives the pages (the build's date that documents state, versions, Git commit)."""
    variables = {k: v for k, v in macros.variables.items() if k not in ("catalogue", "config")}
    settings = {k: config[k] for k in ("site_url", "site_name", "use_directory_urls", "repo_url", "edit_uri", "docs_dir", "nav", "extra")}
    folders = [*(Path(p) for p in getattr(macros.env.loader, "searchpath", [])), Path(config.docs_dir)]
    parts = [
        bundlecache.fingerprint(data_dir(config)),
        bundlecache.folder_digest(org_dir(config)),
        *(bundlecache.folder_digest(folder) for folder in folders),
        json.dumps([settings, config.theme["language"], variables], sort_keys=True, ensure_ascii=False, default=_plain),
    ]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _plain(value) -> str:
    """A value's text for render_context, without memory addresses (an object's type name then)."""
    text = str(value)
    return type(value).__qualname__ if " at 0x" in text else text


def page_templates(macros, cache, context: str):
    """mkdocs-macros' `env.from_string`, which it calls with each page's Markdown, then renders.

    The rendered Markdown is kept under the page's path with the digest of what made it (the page's
    text and front matter, and `context`): an unchanged page of an unchanged site is read, not rendered
    again. Otherwise the code compiled for the page's text is reused when that text has not changed.
    """
    env = macros.env
    plain = env.from_string
    folder = bundlecache.cache_dir() / "pages"

    def from_string(source, globals=None, template_class=None):
        page = getattr(macros, "_page", None)
        if not isinstance(source, str) or page is None or template_class is not None:
            return plain(source, globals, template_class)

        def compiled():
            bucket = cache.get_bucket(env, f"page:{page.file.src_uri}", None, source)
            if bucket.code is None:
                bucket.code = env.compile(source)
                cache.set_bucket(bucket)
            return env.template_class.from_code(env, bucket.code, env.make_globals(globals), None)

        meta = json.dumps(page.meta, sort_keys=True, ensure_ascii=False, default=_plain)
        key = hashlib.sha256(f"{context}\n{page.file.src_uri}\n{meta}\n{source}".encode()).hexdigest()
        return RenderedPage(compiled, folder / (hashlib.sha256(page.file.src_uri.encode()).hexdigest()[:32] + ".json"), key)

    return from_string


class RenderedPage:
    """What mkdocs-macros renders a page with: the kept text when its key matches, else the template's output (then kept)."""

    def __init__(self, compiled, path: Path, key: str):
        self.compiled, self.path, self.key = compiled, path, key

    def render(self, *args, **kwargs) -> str:
        try:
            kept = json.loads(self.path.read_text(encoding="utf-8"))
            if kept["key"] == self.key:
                return kept["text"]
        except (OSError, ValueError, KeyError, TypeError):
            pass
        text = self.compiled().render(*args, **kwargs)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
            tmp.write_text(json.dumps({"key": self.key, "text": text}, ensure_ascii=False), encoding="utf-8")
            tmp.replace(self.path)
        except OSError:
            pass
        return text


def on_env(env, *, config: MkDocsConfig, files: Files):
    """The theme's templates compile once, not on every build (bundlecache.jinja_cache)."""
    if CACHE:
        env.bytecode_cache = bundlecache.jinja_cache("theme", env)
    return env


def on_serve(server, *, config: MkDocsConfig, builder):
    """Rebuild on data edits during `mkdocs serve`."""
    server.watch(str(data_dir(config)))
    if org_dir(config):
        server.watch(str(org_dir(config)))
    server.watch(str(Path(__file__).parent / "templates"))
    return server


# ---------------------------------------------------------------------------
# Reading aids: tags, search ranking, last-updated dates, wrapping ids, tables, pagination
# ---------------------------------------------------------------------------


def on_page_markdown(markdown: str, *, page, config: MkDocsConfig, files: Files) -> str:
    """Tags, search boost and the last-updated date of a page, before the tags plugin reads them."""
    page_meta(page, catalogue(config), config)
    return markdown


def on_page_context(context, *, page, config: MkDocsConfig, nav):
    """Previous/next stay within the page's section; ids in the table of contents wrap at underscores."""
    pagination_within_section(page)
    wrap_toc(page.toc)
    return context
