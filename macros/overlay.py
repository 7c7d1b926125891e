"""The organisation folder: `org/organisation.yml` and `org/data/` merged over `data/`.

A fork changes only its own folder, so pulling upstream never conflicts. Each file of `org/data/`
has the name of the `data/` file it changes (or adds: a new `tools/<category>.yml`), and is merged
over it before validation, so the merged catalogue passes exactly the checks `data/` passes and a
problem names the file and line the value came from (upstream or organisation):

- mappings merge key by key (`parameters: {coverage.new-code: 90}` changes one parameter);
- a list of items with ids merges by id: an entry with a known id changes the fields it gives, an
  entry with a new id is added at the end, and an entry `remove: [id, ...]` removes items (tools
  may be removed from any tools file); other lists (`tools: [a, b]`) are replaced as a whole;
- a removed tool or strategy is also dropped from the lists that recommend it (profiles' `tools`
  and `strategies`, gates' `tools`, tools' `strategies`, strategies' `related`); any other
  reference to it is reported by the usual cross-checks.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path as FsPath
from typing import Any

from pydantic import TypeAdapter, ValidationError

from . import models as m
from .errors import CatalogueError, Problem, did_you_mean
from .loader import FILE_KINDS, FileKind, _problems_from_validation, data_label, unread_files
from .yamlmap import LocatedYaml, YamlProblem, load_located

ORGANISATION_FILE = "organisation.yml"
OVERLAY_FOLDER = "data"
DOCS_FOLDER = "docs"
"""Hand-written pages added to the site, or replacing the upstream page at the same path (macros/hooks.py)."""
ORG_FOLDER_ITEMS = (ORGANISATION_FILE, OVERLAY_FOLDER, DOCS_FOLDER, "README.md")
IMAGE_SUFFIXES = (".svg", ".png", ".jpg", ".jpeg", ".webp")
"""What the organisation folder may hold; anything else is reported (it would be silently ignored)."""

Path = tuple[str | int, ...]


@dataclass
class MergedYaml(LocatedYaml):
    """Merged data with the file and line each value came from."""

    files: dict[Path, str] = field(default_factory=dict)
    default_file: str = ""

    def file_of(self, path: Path) -> str:
        """The file that gave the value at `path` (or its closest ancestor)."""
        for end in range(len(path), -1, -1):
            found = self.files.get(tuple(path[:end]))
            if found is not None:
                return found
        return self.default_file


@dataclass
class Overlay:
    """The merged files, the organisation and what the merge removed."""

    values: dict[str, Any]
    docs: dict[str, LocatedYaml]
    organisation: m.Organisation | None
    removed: dict[str, set[str]]
    """`tool` / `strategy` / ... -> ids removed by the organisation."""
    removed_examples: set[str]
    """Example files and kit templates of removed tools, shown as in problems (`data/examples/jenkins/Jenkinsfile`)."""

    def keep(self, problems: list[Problem]) -> list[Problem]:
        """Drop the complaints that only say a removed tool's example file is no longer named, and the
        upstream authoring rule that every tool and strategy is recommended somewhere: a fork that stops
        recommending an upstream item simply does not use it (its page stays, under its category)."""
        return [
            p
            for p in problems
            if not (p.file in self.removed_examples and ("example.file" in p.message or "no file of kit.yml uses this template" in p.message))
            and "is reachable only from its category page" not in p.message
            and "no profile recommends strategy" not in p.message
        ]


@dataclass
class _Src:
    doc: LocatedYaml
    path: Path
    file: str

    def __truediv__(self, step: str | int) -> _Src:
        return _Src(self.doc, self.path + (step,), self.file)


def _record(src: _Src, out: Path, acc: MergedYaml) -> None:
    if src.path in src.doc.lines:
        acc.lines[out] = src.doc.lines[src.path]
    elif out not in acc.lines:
        acc.lines[out] = src.doc.line_of(src.path)
    acc.files[out] = src.file


def _take(value: Any, src: _Src, out: Path, acc: MergedYaml) -> Any:
    """`value` as is, remembering where each part of it came from."""
    _record(src, out, acc)
    if isinstance(value, dict):
        return {k: _take(v, src / k, out + (k,), acc) for k, v in value.items()}
    if isinstance(value, list):
        return [_take(v, src / i, out + (i,), acc) for i, v in enumerate(value)]
    return value


def _is_removal(entry: Any) -> bool:
    return isinstance(entry, dict) and "remove" in entry and "id" not in entry


def _by_id(base: Any, over: Any) -> bool:
    """Both are lists of items with ids (the overlay may also hold `remove:` entries)."""
    return (
        isinstance(base, list)
        and isinstance(over, list)
        and bool(base)
        and all(isinstance(x, dict) and "id" in x for x in base)
        and all(isinstance(x, dict) and ("id" in x or _is_removal(x)) for x in over)
    )


def _removals(over: list[Any], src: _Src, problems: list[Problem]) -> list[tuple[str, _Src]]:
    """The ids named by `remove:` entries of an overlay list, each with where it was written."""
    out: list[tuple[str, _Src]] = []
    for j, entry in enumerate(over):
        if not _is_removal(entry):
            continue
        where = src / j
        extra = sorted(str(k) for k in entry if k != "remove")
        if extra:
            problems.append(
                Problem(
                    where.file, where.doc.line_of(where.path + (extra[0],)), "", f"a `remove:` entry holds only `remove:`; move '{extra[0]}' to its own entry"
                )
            )
        ids = entry["remove"]
        if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
            problems.append(
                Problem(where.file, where.doc.line_of(where.path + ("remove",)), "", "`remove:` takes a list of ids, e.g. `remove: [jenkins, spinnaker]`")
            )
            continue
        out += [(ident, where / "remove" / k) for k, ident in enumerate(ids)]
    return out


def _merge(base: Any, b: _Src, over: Any, o: _Src, out: Path, acc: MergedYaml, problems: list[Problem]) -> Any:
    if isinstance(base, dict) and isinstance(over, dict):
        _record(o, out, acc)
        merged = {k: _merge(v, b / k, over[k], o / k, out + (k,), acc, problems) if k in over else _take(v, b / k, out + (k,), acc) for k, v in base.items()}
        merged.update({k: _take(v, o / k, out + (k,), acc) for k, v in over.items() if k not in base})
        return merged
    if _by_id(base, over):
        return _merge_items(base, b, over, o, out, acc, problems, _checked_removals(base, over, o, problems))
    return _take(over, o, out, acc)


def _checked_removals(base: list[Any], over: list[Any], o: _Src, problems: list[Problem]) -> set[str]:
    """The ids an overlay list removes from `base`; an id `base` does not have is a problem."""
    known = {x["id"] for x in base if isinstance(x, dict) and "id" in x}
    found = _removals(over, o, problems)
    for ident, where in found:
        if ident not in known:
            problems.append(
                Problem(where.file, where.doc.line_of(where.path), "", f"cannot remove '{ident}': there is no such item here ({did_you_mean(ident, known)})")
            )
    return {ident for ident, _ in found}


def _merge_items(base: list[Any], b: _Src, over: list[Any], o: _Src, out: Path, acc: MergedYaml, problems: list[Problem], removed: set[str]) -> list[Any]:
    """Items with ids: change known ones in place, drop removed ones, add new ones (or ones without an id) at the end."""
    _record(o, out, acc)
    known = {x["id"] for x in base if isinstance(x, dict) and "id" in x}
    changes: dict[Any, int] = {}
    added: list[int] = []
    for j, entry in enumerate(over):
        if _is_removal(entry):
            continue
        ident = entry.get("id") if isinstance(entry, dict) else None
        if isinstance(ident, str) and ident in known and ident not in changes:
            changes[ident] = j
        else:
            added.append(j)
    result: list[Any] = []
    for i, item in enumerate(base):
        ident = item.get("id") if isinstance(item, dict) else None
        if ident in removed:
            continue
        at = out + (len(result),)
        j = changes.get(ident) if isinstance(ident, str) else None
        result.append(_take(item, b / i, at, acc) if j is None else _merge(item, b / i, over[j], o / j, at, acc, problems))
    for j in added:
        result.append(_take(over[j], o / j, out + (len(result),), acc))
    return result


def _drop_items(items: list[Any], out: Path, drop: Any, acc: MergedYaml) -> list[Any]:
    """`items` without those `drop` accepts; the lines and files of what stays (and all below it) move with it."""
    kept = [i for i, x in enumerate(items) if not drop(x)]
    if len(kept) == len(items):
        return items
    n = len(out)
    for table in (acc.lines, acc.files):
        moved = {}
        for key in [k for k in table if len(k) > n and k[:n] == out]:
            value = table.pop(key)
            if key[n] in kept:
                moved[out + (kept.index(key[n]),) + key[n + 1 :]] = value
        table.update(moved)
    return [items[i] for i in kept]


def _prune(items: Any, out: Path, ids: set[str], acc: MergedYaml, upstream: str) -> Any:
    """A list of ids without `ids` where upstream wrote them (the organisation's own lists are checked, not
    pruned); the lines of the items that stay move with them."""
    if not isinstance(items, list) or not ids & {x for x in items if isinstance(x, str)}:
        return items
    kept = [(i, x) for i, x in enumerate(items) if x not in ids or not acc.file_of(out + (i,)).startswith(upstream)]
    old = {i: (acc.lines.get(out + (i,)), acc.files.get(out + (i,))) for i in range(len(items))}
    for new, (i, _) in enumerate(kept):
        line, file = old[i]
        if line is not None:
            acc.lines[out + (new,)] = line
        if file is not None:
            acc.files[out + (new,)] = file
    for gone in range(len(kept), len(items)):
        acc.lines.pop(out + (gone,), None)
        acc.files.pop(out + (gone,), None)
    return [x for _, x in kept]


PRUNED: tuple[tuple[str, str, str], ...] = (
    ("tool", "profiles.yml", "*/tools"),
    ("tool", "gates.yml", "*/gates/*/tools"),
    ("strategy", "profiles.yml", "*/strategies"),
    ("strategy", "strategies.yml", "*/related"),
    ("strategy", "tools/*.yml", "*/strategies"),
    ("tool", "kit.yml", "files/*/tools"),
    ("strategy", "kit.yml", "files/*/strategies"),
)
"""Lists that recommend an item, from which a removed item is dropped: (kind, file pattern, path with `*` for any index)."""


def _prune_at(value: Any, steps: list[str], out: Path, ids: set[str], acc: MergedYaml, upstream: str) -> Any:
    if not steps:
        return _prune(value, out, ids, acc, upstream)
    step, rest = steps[0], steps[1:]
    if step == "*" and isinstance(value, list):
        return [_prune_at(v, rest, out + (i,), ids, acc, upstream) for i, v in enumerate(value)]
    if isinstance(value, dict) and step in value:
        return {**value, step: _prune_at(value[step], rest, out + (step,), ids, acc, upstream)}
    return value


def read_located(path: FsPath, shown: str, problems: list[Problem], empty: str = "add its entries or delete the file") -> LocatedYaml | None:
    """A YAML file with its lines, or None with the problem added (`shown` names it; `empty`: the fix for an empty file)."""
    try:
        doc = load_located(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(Problem(shown, 0, "", f"cannot read the file ({exc}); save it as UTF-8 text"))
        return None
    except YamlProblem as exc:
        problems.append(Problem(shown, exc.line, "", exc.message))
        return None
    if doc.data is None:
        problems.append(Problem(shown, 1, "", f"the file is empty; {empty}"))
        return None
    return doc


def _validate(kind: FileKind, rel: str, data: Any, doc: MergedYaml, problems: list[Problem]) -> Any:
    try:
        return TypeAdapter(kind.root).validate_python(data)
    except ValidationError as exc:
        problems.extend(_problems_from_validation(exc, rel, FsPath(rel).stem, kind.root, doc))
        return None


def _organisation(org_dir: FsPath, org_label: str, problems: list[Problem]) -> m.Organisation | None:
    path = org_dir / ORGANISATION_FILE
    shown = f"{org_label}/{ORGANISATION_FILE}"
    if not path.is_file():
        problems.append(Problem(shown, 0, "", "file is missing; an organisation folder starts with organisation.yml (at least `name:`)"))
        return None
    doc = read_located(path, shown, problems)
    if doc is None:
        return None
    try:
        org = m.Organisation.model_validate(doc.data)
    except ValidationError as exc:
        problems.extend(_problems_from_validation(exc, shown, "organisation", m.Organisation, doc))
        return None
    if org.logo and not (org_dir / org.logo).is_file():
        missing = f"'{org.logo}' is not a file in {org_label}/; put the image there or fix the name"
        problems.append(Problem(shown, doc.line_of(("logo",)), "organisation.logo", missing))
    return org


def read_overlay(data_dir: FsPath, org_dir: FsPath, label: str) -> Overlay:
    """Merge `org_dir/data/` over `data_dir` and validate the result; raise CatalogueError with every problem."""
    org_label = data_label(org_dir)
    overlay_dir = org_dir / OVERLAY_FOLDER
    over_label = f"{org_label}/{OVERLAY_FOLDER}"
    problems: list[Problem] = unread_files(data_dir, label)
    organisation = _organisation(org_dir, org_label, problems)
    logo = (organisation.logo,) if organisation and organisation.logo else ()
    for path in sorted(org_dir.iterdir()):
        # While organisation.yml cannot be read, an image beside it may be the logo it names.
        maybe_logo = organisation is None and path.suffix.lower() in IMAGE_SUFFIXES
        if path.name not in ORG_FOLDER_ITEMS + logo and not path.name.startswith(".") and not maybe_logo:
            problems.append(
                Problem(
                    f"{org_label}/{path.name}",
                    0,
                    "",
                    f"nothing reads this ({did_you_mean(path.name, ORG_FOLDER_ITEMS)}); rename it, or move it out of {org_label}/",
                )
            )
    if overlay_dir.is_dir():
        problems += unread_files(overlay_dir, over_label)
    raw: dict[str, tuple[FileKind, LocatedYaml | None, LocatedYaml | None]] = {}
    for kind in FILE_KINDS:
        rels = sorted(
            {p.relative_to(data_dir).as_posix() for p in data_dir.glob(kind.pattern)}
            | {p.relative_to(overlay_dir).as_posix() for p in overlay_dir.glob(kind.pattern)}
        )
        if not rels:
            problems.append(Problem(f"{label}/{kind.pattern}", 0, "", "file is missing; restore it from the upstream playbook"))
        for rel in rels:
            base = read_located(data_dir / rel, f"{label}/{rel}", problems) if (data_dir / rel).is_file() else None
            over = read_located(overlay_dir / rel, f"{over_label}/{rel}", problems) if (overlay_dir / rel).is_file() else None
            raw[rel] = (kind, base, over)
    # Tools live in one file per category, so a tool may be removed from any tools overlay.
    tool_removals = [
        (ident, where)
        for rel, (_, _, over) in raw.items()
        if rel.startswith("tools/") and over and isinstance(over.data, list)
        for ident, where in _removals(over.data, _Src(over, (), f"{over_label}/{rel}"), problems)
    ]
    tool_ids = {
        x["id"]
        for rel, (_, base, _) in raw.items()
        if rel.startswith("tools/") and base and isinstance(base.data, list)
        for x in base.data
        if isinstance(x, dict) and "id" in x
    }
    for ident, where in tool_removals:
        if ident not in tool_ids:
            problems.append(
                Problem(
                    where.file,
                    where.doc.line_of(where.path),
                    "",
                    f"cannot remove tool '{ident}': no file in {label}/tools/ has it ({did_you_mean(ident, tool_ids)})",
                )
            )
    removed: dict[str, set[str]] = {"tool": {ident for ident, _ in tool_removals}}
    merged: dict[str, tuple[FileKind, Any, MergedYaml]] = {}
    for rel, (kind, base, over) in raw.items():
        acc = MergedYaml(None, default_file=f"{over_label}/{rel}" if over else f"{label}/{rel}")
        if over is None and base is not None and rel.startswith("tools/") and isinstance(base.data, list):
            data = _merge_items(base.data, _Src(base, (), f"{label}/{rel}"), [], _Src(base, (), f"{label}/{rel}"), (), acc, problems, removed["tool"])
        elif over is None and base is not None:
            data = _take(base.data, _Src(base, (), f"{label}/{rel}"), (), acc)
        elif over is not None:
            o = _Src(over, (), f"{over_label}/{rel}")
            if base is None:
                base_data: Any = [] if isinstance(over.data, list) else {}
                b = _Src(LocatedYaml(base_data), (), f"{label}/{rel}")
            else:
                base_data, b = base.data, _Src(base, (), f"{label}/{rel}")
            if isinstance(base_data, list) and isinstance(over.data, list):
                # A list file: merged by id, whatever its entries hold (a missing id is reported by validation).
                gone = removed["tool"] if rel.startswith("tools/") else _checked_removals(base_data, over.data, o, problems)
                data = _merge_items(base_data, b, over.data, o, (), acc, problems, gone)
                if rel == "strategies.yml":
                    removed["strategy"] = gone
            else:
                data = _merge(base_data, b, over.data, o, (), acc, problems)
        else:
            continue
        acc.data = data
        merged[rel] = (kind, data, acc)
    removed_templates: set[str] = set()
    if removed["tool"] and "kit.yml" in merged:
        # A kit file that only removed tools bring leaves the kit with them (an empty `tools:` would mean
        # "in every kit"); a file that other tools bring too loses the removed ones (PRUNED below).
        kind, data, acc = merged["kit.yml"]
        if isinstance(data, dict) and isinstance(data.get("files"), list):

            def only_removed(f: Any) -> bool:
                tools = f.get("tools") if isinstance(f, dict) else None
                return isinstance(tools, list) and bool(tools) and all(t in removed["tool"] for t in tools)

            removed_templates = {f"{label}/kit/{f['template']}" for f in data["files"] if only_removed(f) and isinstance(f.get("template"), str)}
            data = {**data, "files": _drop_items(data["files"], ("files",), only_removed, acc)}
            acc.data = data
            merged["kit.yml"] = (kind, data, acc)
    for kind_name, pattern, path in PRUNED:
        ids = removed.get(kind_name, set())
        for rel, (kind, data, acc) in merged.items():
            if ids and FsPath(rel).match(pattern) and rel.count("/") == pattern.count("/"):
                data = _prune_at(data, path.split("/"), (), ids, acc, f"{label}/")
                acc.data = data
                merged[rel] = (kind, data, acc)
    values: dict[str, Any] = {}
    docs: dict[str, LocatedYaml] = {}
    removed_examples: set[str] = set()
    for rel, (_, base, _) in raw.items():
        if rel.startswith("tools/") and base and isinstance(base.data, list):
            removed_examples |= {
                f"{label}/examples/{x['example']['file']}"
                for x in base.data
                if isinstance(x, dict) and x.get("id") in removed["tool"] and isinstance(x.get("example"), dict) and "file" in x["example"]
            }
    for rel, (kind, data, acc) in merged.items():
        docs[rel] = acc
        value = _validate(kind, rel, data, acc, problems)
        if value is not None:
            values[rel] = value
    if problems:
        raise CatalogueError(problems, label)
    return Overlay(values, docs, organisation, removed, removed_examples | removed_templates)


def organisation_profile_values(org_dir: FsPath) -> set[tuple[str, str, str]]:
    """(profile id, `parameters` or `placeholders`, key) for every profile value written in `org/data/profiles.yml`."""
    path = org_dir / OVERLAY_FOLDER / "profiles.yml"
    doc = read_located(path, str(path), []) if path.is_file() else None
    entries = doc.data if doc and isinstance(doc.data, list) else []
    return {
        (entry["id"], part, key)
        for entry in entries
        if isinstance(entry, dict) and isinstance(entry.get("id"), str)
        for part in ("parameters", "placeholders")
        if isinstance(entry.get(part), dict)
        for key in entry[part]
    }


def overridden_profile_values(cat: Any, chosen: set[str] | None = None, only: set[tuple[str, str, str]] | None = None) -> list[str]:
    """Profile values that cannot take effect when two profiles of different dimensions are chosen together:
    a parameter where the other profile's value is stricter (or, for `stricter: none`, applied later),
    a placeholder default that a later profile (size, stack, industry) replaces. Only pairs among
    `chosen` profile ids when given (an organisation's own profiles), and only the values in `only`
    (profile id, part, key) when given (the values an organisation wrote)."""
    from .engine import PROFILE_ORDER, stricter

    params = {p["id"]: p for p in cat.bundle["parameters"]["items"]}
    profiles = [p for p in cat.profiles if chosen is None or p.id in chosen]
    ordered = sorted(profiles, key=lambda p: PROFILE_ORDER.index(p.dimension))
    out: list[str] = []
    for i, first in enumerate(ordered):
        for later in ordered[i + 1 :]:
            if later.dimension == first.dimension:
                continue
            pair = f"{first.name} + {later.name}"
            for key in sorted(first.parameters.keys() & later.parameters.keys()):
                a, b = first.parameters[key], later.parameters[key]
                if a == b or key not in params:
                    continue
                loser, winner = (first, later) if stricter(params[key], b, a) else (later, first)
                if only is None or (loser.id, "parameters", key) in only:
                    out.append(f"{loser.id}.parameters.{key} is overridden by {winner.id} for {pair}")
            for key in sorted(first.placeholders.keys() & later.placeholders.keys()):
                if first.placeholders[key] != later.placeholders[key] and (only is None or (first.id, "placeholders", key) in only):
                    out.append(f"{first.id}.placeholders.{key} is overridden by {later.id} for {pair}")
    return out


def organisation_profiles(cat: Any) -> set[str]:
    """The profile ids the organisation's answers choose (size, industry, stack)."""
    org = cat.organisation
    chosen = (org.answers or {}).get("organisation") if org else None
    if not isinstance(chosen, dict):
        return set()
    return {chosen[d] for d in ("size", "industry", "stack") if isinstance(chosen.get(d), str) and chosen[d] in cat.profile}


def ours(cat: Any) -> dict[str, set[str]]:
    """The tools and strategies the organisation's answers choose, as the engine resolves them
    (`tool` / `strategy` -> ids); empty without an organisation or its answers (the public playbook)."""
    from .engine import chosen, normalise_answers

    org = cat.organisation
    if not (org and org.answers):
        return {}

    def make() -> dict[str, set[str]]:
        answers = normalise_answers(org.answers, cat.bundle)
        return {"tool": {t["id"] for t in chosen("tools", answers, cat.bundle)}, "strategy": {s["id"] for s in chosen("strategies", answers, cat.bundle)}}

    return cat.memo("ours", make)


def alternatives(cat: Any) -> dict[str, set[str]]:
    """Tools and strategies the organisation does not use, when its file says to hide them (`alternatives: hide`)."""
    chosen = ours(cat)
    if not chosen or cat.organisation.alternatives != "hide":
        return {}
    return {"tool": set(cat.tool) - chosen["tool"], "strategy": set(cat.strategy) - chosen["strategy"]}
