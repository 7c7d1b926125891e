"""Languages: one build per language, the English data with a translation merged over it.

A translation lives in `data/i18n/<lang>/` and never edits the English files:

- `<file>.yml` (document.yml, wizard.yml, parameters.yml, dora.yml, incidents.yml, kit.yml) mirrors
  `data/<file>.yml`: the same keys, lists of items with ids matched by id, other lists entry by entry.
  Only text changes; ids, block names and conditions stay as in English. A string left out keeps its
  English text, except headings (every `title:` and every Markdown heading), which a translation must
  give, so that a document never mixes the two languages in its outline.
- `pages.yml` mirrors `data/i18n/en/pages.yml`: the words of the page templates (macros/templates/),
  of the theme overrides and of the site configuration (`site:`), and the navigation titles (`nav:`,
  English title -> translated title).
- `docs/<page>.md` replaces `docs/<page>.md` in that language's build (the wizard page, for example).

The language of a build: `PLAYBOOK_LANG`, else `language:` of org/organisation.yml, else English.
Catalogue descriptions (tools, strategies, profiles...) may stay in English: the page templates mark
them with `lang="en"` in another language's build (the `en` and `en_block` filters), so that screen
readers read them right.
"""

from __future__ import annotations

import dataclasses
import os
import re
from pathlib import Path as FsPath
from typing import Any

from pydantic import TypeAdapter, ValidationError

from . import models as m
from .errors import CatalogueError, Problem, did_you_mean, format_path
from .yamlmap import LocatedYaml

ENGLISH = "en"
LANG_ENV = "PLAYBOOK_LANG"
FOLDER = "i18n"
PAGES = "pages.yml"
DOCS = "docs"

TRANSLATED: dict[str, tuple[str, Any]] = {
    "document.yml": ("document", m.Document),
    "wizard.yml": ("wizard", m.Wizard),
    "parameters.yml": ("parameters", m.Parameters),
    "dora.yml": ("dora", m.Dora),
    "incidents.yml": ("incidents", m.Incidents),
    "kit.yml": ("kit", m.Kit),
}
"""Data files a translation may mirror -> (Catalogue field, model)."""
OUTLINES = ("document.yml", "wizard.yml")
"""Files whose every heading (`title:` and Markdown headings) a translation must give."""

KEPT = frozenset(
    {
        "id",
        "block",
        "special",
        "categories",
        "phases",
        "parameters",
        "group",
        "type",
        "stricter",
        "placeholder",
        "checklist",
        "when",
        "path",
        "template",
        "tools",
        "named",
        "default_name",
        "runbook_actions",
        "zip_name",
        "url",
        "parameter",
        "page",
    }
)
"""Keys whose text is an id or a name the programs read, never prose: a translation keeps them as they are."""
KEPT_BELOW = frozenset({"when", "levels"})
"""Keys whose whole value (conditions, a cluster's levels by option id) holds only ids."""

_ID = re.compile(r"^(?:[a-z0-9][a-z0-9._/#-]*|[A-Z][A-Z0-9_]+)$")
"""What an id looks like (`canary`, `ci-cd`, `canary.steps`, `RELEASE_VERSION`): text under a kept key that is not is prose."""
_BRACES = re.compile(r"\{[^{}\s]+\}")
_TOKENS = re.compile(r"\[[A-Z][A-Z0-9_]+\]")
_HEADING = re.compile(r"^(#{1,6})[ \t]", re.M)


def _fence_free(text: str) -> str:
    """The text without fenced code blocks (a `#` inside a fence is not a heading)."""
    return re.sub(r"^```.*?^```", "", text, flags=re.M | re.S)


def headings(text: str) -> list[str]:
    """The levels of the Markdown headings of a text, in order (`##`, `###`, ...)."""
    return _HEADING.findall(_fence_free(text))


# ---------------------------------------------------------------------------
# Which language, which translations
# ---------------------------------------------------------------------------


def i18n_dir(data_dir: FsPath) -> FsPath:
    return FsPath(data_dir) / FOLDER


def languages(data_dir: FsPath) -> list[str]:
    """English and every language with a folder in data/i18n/."""
    folder = i18n_dir(data_dir)
    found = sorted(p.name for p in folder.iterdir() if p.is_dir() and p.name != ENGLISH) if folder.is_dir() else []
    return [ENGLISH, *found]


def language_of(cat: Any, environ: Any = os.environ) -> str:
    """The build's language: PLAYBOOK_LANG, else the organisation file's `language:`, else English."""
    chosen = environ.get(LANG_ENV) or (cat.organisation.language if cat.organisation else ENGLISH)
    known = languages(cat.data_dir)
    if chosen not in known:
        where = f"{LANG_ENV}={chosen}" if environ.get(LANG_ENV) else "language: of the organisation file"
        raise CatalogueError([Problem(where, 0, "", f"no translation for '{chosen}' ({did_you_mean(chosen, known)}); add data/{FOLDER}/{chosen}/")])
    return chosen


# ---------------------------------------------------------------------------
# Merging a translation over the English data
# ---------------------------------------------------------------------------


@dataclasses.dataclass
class _Merge:
    """One translation file being merged: where it is, its line map, what it translated, what is wrong."""

    file: str
    english: str
    doc: LocatedYaml
    root: str
    problems: list[Problem] = dataclasses.field(default_factory=list)
    done: set[tuple] = dataclasses.field(default_factory=set)
    """English paths of the texts the translation gives (accepted or reported)."""
    where: dict[tuple, tuple] = dataclasses.field(default_factory=dict)
    """English path -> path in the translation file, for every mapping and list entry it has."""

    def add(self, tr_path: tuple, en_path: tuple, message: str) -> None:
        self.problems.append(Problem(self.file, self.doc.line_of(tr_path), format_path(self.root, en_path), message))

    def merge(self, en: Any, tr: Any, en_path: tuple = (), tr_path: tuple = ()) -> Any:
        self.where[en_path] = tr_path
        if isinstance(en, dict):
            return self._mapping(en, tr, en_path, tr_path)
        if isinstance(en, list):
            return self._list(en, tr, en_path, tr_path)
        if isinstance(en, str):
            return self._text(en, tr, en_path, tr_path)
        if tr != en:
            shown = "a block (`block:`)" if en is None and en_path and en_path[-1] == "text" else repr(en)
            self.add(tr_path, en_path, f"the English {self.english} has {shown} here; a translation changes only text, so keep it")
        return en

    def _mapping(self, en: dict, tr: Any, en_path: tuple, tr_path: tuple) -> dict:
        if not isinstance(tr, dict):
            self.add(tr_path, en_path, f"expected a mapping of `key: text` lines, as in the English {self.english}")
            return en
        out = dict(en)
        for key, value in tr.items():
            if key not in en:
                hint = did_you_mean(key, [str(k) for k in en])
                self.add(
                    tr_path + (key,),
                    en_path + (key,),
                    f"unknown key '{key}': the English {self.english} has no such key ({hint}); remove it or fix its spelling",
                )
                continue
            out[key] = self.merge(en[key], value, en_path + (key,), tr_path + (key,))
        return out

    def _list(self, en: list, tr: Any, en_path: tuple, tr_path: tuple) -> list:
        if not isinstance(tr, list):
            self.add(tr_path, en_path, f"expected a list, as in the English {self.english}")
            return en
        if en_path and (en_path[-1] in KEPT or KEPT_BELOW & set(en_path)) and all(isinstance(x, str) and _ID.match(x) for x in en):
            if tr != en:
                self.add(tr_path, en_path, f"'{en_path[-1]}' lists ids, not text: keep {en} as in the English {self.english}")
            return en
        if en and all(isinstance(x, dict) and "id" in x for x in en):
            index = {x["id"]: i for i, x in enumerate(en)}
            out = list(en)
            for j, item in enumerate(tr):
                ident = item.get("id") if isinstance(item, dict) else None
                if ident not in index:
                    hint = did_you_mean(ident, index) if ident else "give the `id:` of the English entry it translates"
                    self.add(tr_path + (j,), en_path + (j,), f"no entry with id '{ident}' in the English {self.english} ({hint})")
                    continue
                i = index[ident]
                out[i] = self.merge(en[i], item, en_path + (ident,), tr_path + (j,))
            return out
        if len(tr) != len(en):
            self.add(tr_path, en_path, f"has {len(tr)} entries; the English {self.english} has {len(en)} here: translate each one, in the same order")
            return en
        return [self.merge(a, b, en_path + (i,), tr_path + (i,)) for i, (a, b) in enumerate(zip(en, tr, strict=True))]

    def _text(self, en: str, tr: Any, en_path: tuple, tr_path: tuple) -> str:
        key = next((k for k in reversed(en_path) if isinstance(k, str)), "")
        self.done.add(en_path)
        if not isinstance(tr, str):
            self.add(tr_path, en_path, "expected text (put it in quotes if YAML reads it as something else)")
            return en
        if (key in KEPT or KEPT_BELOW & set(en_path)) and _ID.match(en) and tr != en:
            self.add(tr_path, en_path, f"'{key}' is an id or a name the programs read, not text: keep '{en}' as in the English {self.english}")
            return en
        for pattern, what in ((_BRACES, "values in braces"), (_TOKENS, "placeholders")):
            want, got = sorted(set(pattern.findall(en))), sorted(set(pattern.findall(tr)))
            if want != got:
                self.add(
                    tr_path,
                    en_path,
                    f"the {what} differ from the English text: it has {', '.join(want) or 'none'}, this has {', '.join(got) or 'none'}; keep them as they are",
                )
                return en
        if en.startswith("|") and en.count("|") != tr.count("|"):
            self.add(tr_path, en_path, f"a table row of {en.count('|') - 1} columns in English; keep that many (this one has {tr.count('|') - 1})")
            return en
        if headings(en) != headings(tr):
            want, got = " ".join(headings(en)) or "none", " ".join(headings(tr)) or "none"
            self.add(tr_path, en_path, f"its headings differ from the English text's ({want}; here {got}): translate each heading, at the same level")
            return en
        return tr

    def missing_headings(self, en: Any, en_path: tuple = ()) -> None:
        """Every title and every text with a Markdown heading must be translated."""
        if isinstance(en, dict):
            for key, value in en.items():
                self.missing_headings(value, en_path + (key,))
        elif isinstance(en, list):
            ids = en and all(isinstance(x, dict) and "id" in x for x in en)
            for i, value in enumerate(en):
                self.missing_headings(value, en_path + ((value["id"] if ids else i),))
        elif isinstance(en, str) and en_path and en_path not in self.done:
            key = next((k for k in reversed(en_path) if isinstance(k, str)), "")
            # A title of the file, of one of its parts or of an item with an id (a section, a step): not a link's title.
            if (key == "title" and len(en_path) <= 3) or headings(en):
                shown = en.strip().splitlines()[0] if key == "title" else _HEADING.split(_fence_free(en), maxsplit=1)[-1].split("\n", 1)[0].strip()
                near = next(self.where[en_path[:end]] for end in range(len(en_path), -1, -1) if en_path[:end] in self.where)
                self.problems.append(Problem(self.file, self.doc.line_of(near), format_path(self.root, en_path), f"misses the heading '{shown}': translate it"))


def _read(path: FsPath, shown: str, problems: list[Problem]) -> LocatedYaml | None:
    from .overlay import read_located

    return read_located(path, shown, problems, empty="add its translations or delete the file")


def _label(data_dir: FsPath) -> str:
    from .loader import data_label

    return data_label(FsPath(data_dir))


CHECKOUT_DATA = FsPath(__file__).resolve().parent.parent / "data"


def english_pages(data_dir: FsPath) -> dict[str, Any]:
    """The English words of the page templates, theme and site (data/i18n/en/pages.yml); a catalogue
    folder without them (a test's small catalogue) uses this checkout's, which go with its templates."""
    path = i18n_dir(data_dir) / ENGLISH / PAGES
    if not path.is_file():
        path, data_dir = i18n_dir(CHECKOUT_DATA) / ENGLISH / PAGES, CHECKOUT_DATA
    shown = f"{_label(data_dir)}/{FOLDER}/{ENGLISH}/{PAGES}"
    problems: list[Problem] = []
    doc = _read(path, shown, problems)
    if doc is not None:
        problems += _words_problems(doc.data, doc, shown, ())
        if isinstance(doc.data, dict) and not isinstance(doc.data.get("site"), dict):
            problems.append(Problem(shown, 1, "pages.site", "the site's words are missing: restore `site:` from the upstream playbook"))
    if problems:
        raise CatalogueError(problems, _label(data_dir))
    return doc.data


def _words_problems(value: Any, doc: LocatedYaml, shown: str, path: tuple) -> list[Problem]:
    """The English page words are mappings whose leaves are text (no lists, numbers or empty values)."""
    if isinstance(value, dict) and value:
        return [p for key, item in value.items() for p in _words_problems(item, doc, shown, path + (key,))]
    if isinstance(value, str) and path:
        return []
    what = "an empty mapping" if isinstance(value, dict) else repr(value)
    return [Problem(shown, doc.line_of(path), format_path("pages", path), f"expected `key: text` lines or text, got {what}")]


@dataclasses.dataclass(frozen=True)
class Translation:
    """One language's merged data: the catalogue fields it replaces, the page words, the replaced pages."""

    language: str
    fields: dict[str, Any]
    pages: dict[str, Any]
    docs: dict[str, FsPath]
    """Page path below docs/ -> the translated page's file."""


def read_translation(cat: Any, lang: str, docs_dir: FsPath | None = None) -> Translation:
    """Merge `data/i18n/<lang>/` over the English catalogue; raise CatalogueError with every problem."""
    data_dir = FsPath(cat.data_dir)
    label = _label(data_dir)
    pages_en = english_pages(data_dir)
    if lang == ENGLISH:
        return Translation(ENGLISH, {}, pages_en, {})
    folder = i18n_dir(data_dir) / lang
    shown_folder = f"{label}/{FOLDER}/{lang}"
    problems: list[Problem] = []
    fields: dict[str, Any] = {}
    pages = pages_en
    docs: dict[str, FsPath] = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        shown = f"{shown_folder}/{rel}"
        if path.is_dir() or any(part.startswith(".") for part in path.relative_to(folder).parts):
            continue
        if rel.startswith(f"{DOCS}/"):
            page = rel[len(DOCS) + 1 :]
            if docs_dir is not None and not (docs_dir / page).is_file():
                problems.append(Problem(shown, 0, "", f"there is no docs/{page} to translate; name the file like the English page"))
            elif docs_dir is not None:
                problems += page_problems((docs_dir / page).read_text(encoding="utf-8"), path.read_text(encoding="utf-8"), shown, page)
            docs[page] = path
            continue
        if rel not in TRANSLATED and rel != PAGES:
            hint = did_you_mean(rel, [*TRANSLATED, PAGES])
            problems.append(Problem(shown, 0, "", f"nothing reads this file ({hint}); a translation mirrors a file of {label}/ or {FOLDER}/{ENGLISH}/{PAGES}"))
            continue
        doc = _read(path, shown, problems)
        if doc is None:
            continue
        if rel == PAGES:
            english = f"{FOLDER}/{ENGLISH}/{PAGES}"
            merge = _Merge(shown, english, doc, "pages")
            en_pages = {k: v for k, v in pages_en.items() if k != "nav"}
            tr_pages = {k: v for k, v in doc.data.items() if k != "nav"} if isinstance(doc.data, dict) else doc.data
            pages = merge.merge(en_pages, tr_pages)
            pages["nav"] = _nav(doc, merge)
            merge.missing_headings(en_pages)
            problems += merge.problems
            continue
        field, model = TRANSLATED[rel]
        current = getattr(cat, field)
        if current is None:
            problems.append(Problem(shown, 0, "", f"{label}/{rel} does not exist, so there is nothing to translate; delete this file"))
            continue
        english = current.model_dump(mode="json")
        merge = _Merge(shown, rel, doc, FsPath(rel).stem)
        merged = merge.merge(english, doc.data)
        if rel in OUTLINES:
            merge.missing_headings(english)
        problems += merge.problems
        if not merge.problems:
            try:
                fields[field] = TypeAdapter(model).validate_python(merged)
            except ValidationError as exc:
                problems += [Problem(shown, 0, format_path(FsPath(rel).stem, e["loc"]), e["msg"]) for e in exc.errors(include_url=False)]
    # The English document's headings in a build of another language would mix the two.
    for rel in ("document.yml", "wizard.yml"):
        if not (folder / rel).is_file():
            problems.append(Problem(f"{shown_folder}/{rel}", 0, "", f"missing: translate {label}/{rel} (its headings and interface at least)"))
    if not (folder / PAGES).is_file():
        problems.append(Problem(f"{shown_folder}/{PAGES}", 0, "", f"missing: translate {label}/{FOLDER}/{ENGLISH}/{PAGES}"))
    if problems:
        raise CatalogueError(problems, label)
    return Translation(lang, fields, pages, docs)


def _nav(doc: LocatedYaml, merge: _Merge) -> dict[str, str]:
    """The `nav:` mapping of a translation's pages.yml: English navigation title -> translated title."""
    nav = doc.data.get("nav", {}) if isinstance(doc.data, dict) else {}
    if not isinstance(nav, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in nav.items()):
        merge.add(("nav",), ("nav",), "expected `English title: translated title` lines")
        return {}
    return dict(nav)


_DATA_ATTRIBUTE = re.compile(r'\bdata-[a-z-]+="[^"]*"')


def page_problems(english: str, text: str, shown: str, page: str) -> list[Problem]:
    """A translated page has the English page's headings, at the same levels and in the same order,
    so that a section added to or removed from the English page is noticed."""
    problems = []
    # The attributes that wire a page to scripts and data (data-module, data-bundle ...) are not words:
    # a translation keeps each one the English page has, as it is.
    for attribute in sorted(set(_DATA_ATTRIBUTE.findall(english)) - set(_DATA_ATTRIBUTE.findall(text))):
        problems.append(Problem(shown, 0, "", f"docs/{page} has {attribute} and this translation does not: copy it as it is"))
    want, got = headings(english), headings(text)
    if want == got:
        return problems
    lines = _fenced_apart(text).splitlines()
    heading_lines = [n for n, found in enumerate(lines, 1) if _HEADING.match(found)]
    at = next((i for i, (a, b) in enumerate(zip(want, got, strict=False)) if a != b), min(len(want), len(got)))
    line = heading_lines[at] if at < len(heading_lines) else len(lines)
    return problems + [
        Problem(shown, line, "", f"its headings differ from docs/{page} ({' '.join(want)}; here {' '.join(got)}): translate each heading, at the same level")
    ]


def nav_titles(nav: Any) -> list[str]:
    """Every title written in a MkDocs nav (sections and pages)."""
    out: list[str] = []
    for entry in nav if isinstance(nav, list) else []:
        if isinstance(entry, dict):
            for title, value in entry.items():
                out.append(title)
                out += nav_titles(value)
    return out


def translate_nav(nav: Any, words: dict[str, str]) -> Any:
    """The nav with each title translated (titles without a translation were reported by check_nav)."""
    if isinstance(nav, list):
        return [translate_nav(x, words) for x in nav]
    if isinstance(nav, dict):
        return {words.get(k, k): translate_nav(v, words) for k, v in nav.items()}
    return nav


def check_nav(nav: Any, words: dict[str, str], file: str, also: tuple[str, ...] = ()) -> list[str]:
    """Navigation titles with no translation, and translations of titles the nav does not have
    (`also`: titles a build may add, such as the handbook's home page)."""
    titles = set(nav_titles(nav))
    known = titles | set(also)
    out = [f"{file}: nav: no translation for the navigation title '{t}'; add `{t}: ...` under `nav:`" for t in sorted(titles - set(words))]
    out += [f"{file}: nav: '{t}' is not a navigation title of mkdocs.yml ({did_you_mean(t, known)}); remove it" for t in sorted(set(words) - known)]
    return out


def translated(cat: Any, lang: str) -> Any:
    """The catalogue in `lang`: the English one with the translated files merged over (made once)."""
    if lang == ENGLISH:
        return cat

    def make() -> Any:
        translation = read_translation(cat, lang)
        out = dataclasses.replace(cat, **translation.fields)
        out.__dict__.setdefault("_memo", {}).update(translation=translation, english=cat)
        return out

    return cat.memo(f"i18n:{lang}", make)


def english_of(cat: Any) -> Any:
    """The English catalogue a translated one was made from (the catalogue itself when it is English)."""
    return cat.memo("english", lambda: cat)


def translation_of(cat: Any) -> Translation:
    """The translation a catalogue was made with (English for the catalogue as loaded)."""
    return cat.memo("translation", lambda: Translation(ENGLISH, {}, english_pages(cat.data_dir), {}))


def check_all(cat: Any, docs_dir: FsPath | None = None) -> list[str]:
    """Every translation of the catalogue merged once (what `./dev validate` reports); returns the languages."""
    problems: list[Problem] = []
    found = languages(cat.data_dir)
    for lang in found[1:]:
        try:
            read_translation(cat, lang, docs_dir)
        except CatalogueError as exc:
            problems += exc.problems
    if problems:
        raise CatalogueError(problems, _label(cat.data_dir))
    return found


# ---------------------------------------------------------------------------
# Page templates: words by key, catalogue text marked as English
# ---------------------------------------------------------------------------


def lookup(pages: dict[str, Any], key: str, values: dict[str, Any]) -> str:
    """The page words at a dotted key, with `{name}` values filled in; an unknown key is an error."""
    node: Any = pages
    for part in key.split("."):
        if not isinstance(node, dict) or part not in node:
            raise KeyError(f"no words '{key}' in data/{FOLDER}/{ENGLISH}/{PAGES}; add them there (and to each translation)")
        node = node[part]
    if not isinstance(node, str):
        return node
    for name, value in values.items():
        node = node.replace("{" + name + "}", str(value))
    return node


def mark_untranslated(html: str, page: Any, translation: Translation) -> str:
    """A hand-written page that has no translation, in another language's build: its content says it is English."""
    if translation.language == ENGLISH or page.file.generated_by:
        return html
    return f'<div lang="{ENGLISH}">\n{html}\n</div>'


def mark_inline(text: str, lang: str) -> str:
    """Catalogue text (English) inside a page of another language: a span that says its language."""
    return text if lang == ENGLISH or not str(text).strip() else f'<span lang="{ENGLISH}">{text}</span>'


def mark_block(text: str, lang: str) -> str:
    """Catalogue Markdown paragraphs (English) in a page of another language, in a block that says so."""
    return text if lang == ENGLISH or not str(text).strip() else f'<div lang="{ENGLISH}" markdown>\n\n{text}\n\n</div>'


def english_anchors(nodes: list[dict[str, Any]], english: dict[str, Any]) -> list[dict[str, Any]]:
    """The document's nodes with each Markdown heading of a translated text part given the id its English
    heading has, so that the site's links into a document (`index.md#how-a-change-reaches-production`)
    work in every language. Validation guarantees the same headings, in the same order, in both."""
    from markdown.extensions.toc import slugify

    out = []
    for node in nodes:
        if node["type"] == "markdown" and "section" in node:
            text = english["sections"][node["section"]]["parts"][node["part"]]["text"]
            ids = [slugify(title, "-") for title in re.findall(r"^#{1,6}[ \t]+(.+?)[ \t]*$", _fence_free(text), re.M)]
            node = {**node, "text": _with_ids(node["text"], ids)}
        out.append(node)
    return out


def _with_ids(text: str, ids: list[str]) -> str:
    """Each Markdown heading outside code fences followed by `{ #id }`, the ids in order."""
    given = iter(ids)
    marked = re.sub(r"^(#{1,6}[ \t].+?)[ \t]*$", lambda m: f"{m.group(1)} {{ #{next(given)} }}", _fenced_apart(text), flags=re.M)
    return marked.replace(_FENCE_MARK, "")


_FENCE_MARK = "\x00"


def _fenced_apart(text: str) -> str:
    """The text with each line inside a fenced code block prefixed by a mark, so no heading pattern matches it."""
    return re.sub(r"^```.*?^```", lambda m: "\n".join(_FENCE_MARK + line for line in m.group(0).split("\n")), text, flags=re.M | re.S)
