"""Bad data never crashes anything: mutations of a copy of the real catalogue, each validated in-process.

Every outcome must be a clean, located error (`<data>/<file>:<line>: ...`, a CatalogueError) or a
valid catalogue that the engine, the wizard bundle and the page generator all accept; never a
traceback, a hang, or a mutation that is accepted and then ignored. A few accepted mutations are
also built with MkDocs (one strict build for all of them).

Mutations are placed by YAML path (via the loader's own line map), not by matching text, so they
keep working while the catalogue's content changes.
"""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import build_site

from macros import engine
from macros.catalogue import DATA_DIR, load_catalogue
from macros.errors import CatalogueError
from macros.pages import generated_pages
from macros.preview import with_preview
from macros.yamlmap import LocatedYaml, load_located

ROOT = Path(__file__).resolve().parent.parent
HANG_SECONDS = 30
"""A case still running after this long has hung (validation normally takes a fraction of a second)."""
LOCATED = re.compile(r"^(?P<file>\S+?)(:(?P<line>\d+))?: \S")


# --- placing a mutation by YAML path ------------------------------------------


def located(text: str) -> LocatedYaml:
    return load_located(text)


def _value_end(lines: list[str], start: int, item: bool) -> int:
    """Index after the last line of the value on line `start` (0-based): the lines indented past its key (or dash)."""
    line = lines[start]
    column = len(line) - len(line.lstrip(" ")) if item else len(line) - len(line.lstrip(" -"))
    end = start + 1
    while end < len(lines) and (not lines[end].strip() or len(lines[end]) - len(lines[end].lstrip(" ")) > column):
        end += 1
    while end > start + 1 and not lines[end - 1].strip():
        end -= 1
    return end


def line_index(text: str, path: tuple) -> int:
    lines = located(text).lines
    assert path in lines, f"the catalogue has no {path}; update this mutation"
    return lines[path] - 1


def delete(path: tuple) -> Callable[[str], str]:
    """Remove a key (and its whole value) or a list item."""

    def apply(text: str) -> str:
        lines = text.split("\n")
        i = line_index(text, path)
        item = isinstance(path[-1], int)
        end = _value_end(lines, i, item)
        dash = re.match(r"^(\s*)- ", lines[i])
        # A key on an item's dash line: keep the dash, so the item's other keys stay in it.
        lines[i:end] = [dash.group(1) + "-"] if dash and not item else []
        return "\n".join(lines)

    return apply


def set_value(path: tuple, new: str) -> Callable[[str], str]:
    """Replace the value of a key (or a list item) with the YAML text `new`."""

    def apply(text: str) -> str:
        lines = text.split("\n")
        i = line_index(text, path)
        m = re.match(r"^(\s*(?:- )?)(\"[^\"]*\"|[^:\s][^:]*):(\s|$)", lines[i]) if not isinstance(path[-1], int) else re.match(r"^(\s*)- ", lines[i])
        assert m, lines[i]
        head = m.group(0).rstrip() if not isinstance(path[-1], int) else m.group(0).rstrip()
        lines[i : _value_end(lines, i, isinstance(path[-1], int))] = [f"{head} {new}"]
        return "\n".join(lines)

    return apply


def rename_key(path: tuple, new_key: str) -> Callable[[str], str]:
    def apply(text: str) -> str:
        lines = text.split("\n")
        i = line_index(text, path)
        key = str(path[-1])
        lines[i] = re.sub(rf"^(\s*(?:- )?)\"?{re.escape(key)}\"?:", rf"\g<1>{new_key}:", lines[i], count=1)
        return "\n".join(lines)

    return apply


def insert_after(path: tuple, yaml_line: str) -> Callable[[str], str]:
    """Add `key: value` as a sibling of the key at `path` (same indentation)."""

    def apply(text: str) -> str:
        lines = text.split("\n")
        i = line_index(text, path)
        indent = re.match(r"^(\s*)(- )?", lines[i])
        pad = " " * (len(indent.group(1)) + (2 if indent.group(2) else 0))
        lines.insert(_value_end(lines, i, isinstance(path[-1], int)), pad + yaml_line)
        return "\n".join(lines)

    return apply


def copy_value(src: tuple, dst: tuple) -> Callable[[str], str]:
    """Give the key at `dst` the (one-line) value of `src`: a duplicate id, a shared placeholder."""

    def apply(text: str) -> str:
        value = located(text).data
        for step in src:
            value = value[step]
        return set_value(dst, json.dumps(value))(text)

    return apply


def replace_text(old: str, new: str) -> Callable[[str], str]:
    def apply(text: str) -> str:
        assert old in text, f"{old!r} is no longer in the file; update this mutation"
        return text.replace(old, new, 1)

    return apply


def nested(depth: int) -> str:
    return "[" * depth + "]" * depth


def laughs(levels: int) -> str:
    """The 'billion laughs' alias bomb: each level lists the previous one nine times."""
    parts = ["&l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    parts += [f"&l{k} [" + ", ".join([f"*l{k - 1}"] * 9) + "]" for k in range(1, levels)]
    return "[" + ", ".join(parts) + "]"


# --- the outcome of one mutation ----------------------------------------------


@dataclass
class Case:
    id: str
    file: str
    """Path below data/; a new file when `mutate` is None and `content` is given."""
    mutate: Callable[[str], str] | None = None
    expect: str | None = None
    """Regex one error line must match (after the data folder); None when the mutation is valid."""
    content: bytes | None = None


class Hang(Exception):
    pass


@contextmanager
def hang_guard(seconds: int = HANG_SECONDS):
    def stop(*_):
        raise Hang(f"still running after {seconds} s")

    old = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


@pytest.fixture(scope="module")
def data(tmp_path_factory) -> Path:
    copy = tmp_path_factory.mktemp("fuzz") / "data"
    shutil.copytree(DATA_DIR, copy)
    return copy


@pytest.fixture(scope="module")
def original():
    return load_catalogue(DATA_DIR)


@contextmanager
def mutated(data: Path, case: Case):
    """Apply one case to the copy; restore the copy afterwards."""
    target = data / case.file
    before = target.read_bytes() if target.exists() else None
    if case.mutate:
        target.write_text(case.mutate(before.decode("utf-8")), encoding="utf-8")
    else:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(case.content or b"")
    try:
        yield target
    finally:
        if before is None:
            target.unlink()
        else:
            target.write_bytes(before)


def outcome(data: Path) -> tuple[object, list[str]]:
    """(catalogue, []) when valid, (None, error lines without the data folder) when refused."""
    try:
        with hang_guard():
            return load_catalogue(data), []
    except CatalogueError as exc:
        return None, [line.replace(str(data.parent) + "/", "") for line in str(exc).splitlines()]


def assert_located(lines: list[str], data: Path) -> None:
    """Every problem names a file of the catalogue (with a line where the file has one)."""
    *problems, summary = lines
    assert problems and re.match(r"^\d+ problems? in the catalogue \(.*data/\); fix them", summary), lines
    for line in problems:
        m = LOCATED.match(line)
        assert m and m.group("file").startswith("data/"), line
        whole_file = m.group("file").startswith("data/examples/") or re.search(r": (nothing reads this file|cannot read the file|file is missing)", line)
        if not whole_file:
            assert m.group("line") and int(m.group("line")) >= 1, f"no line: {line}"


def assert_usable(cat) -> None:
    """What the build, the CLI and the wizard do with a valid catalogue works."""
    bundle = cat.bundle
    for preset in cat.presets:
        engine.render(preset.answers, bundle, "2026-01-01")
    engine.blank_template(bundle)
    json.dumps(with_preview(bundle))
    for page in generated_pages(cat):
        assert len(page.src_uri) < 200 and ".." not in page.src_uri, page.src_uri


# --- the classes, each a mutation with the error it must give -------------

CASES = [
    # Recursion, depth and alias bombs: refused with a line, in well under a second.
    Case("recursive-alias", "strategies.yml", set_value((0, "related"), "&loop [*loop]"), r"strategies\.yml:\d+: alias '\*loop' is inside the value"),
    Case("self-referencing-mapping", "strategies.yml", set_value((0, "rollback"), "&m {self: *m}"), r"alias '\*m' is inside the value its anchor"),
    Case("5000-nested-lists", "strategies.yml", set_value((0, "related"), nested(5000)), r"strategies\.yml:\d+: lists and mappings nest more than \d+ levels"),
    Case("100000-nested-lists", "strategies.yml", set_value((0, "related"), nested(100_000)), r"nest more than \d+ levels"),
    Case("billion-laughs-7", "strategies.yml", set_value((0, "related"), laughs(7)), r"strategies\.yml:\d+: aliases in this file expand to more than"),
    Case("billion-laughs-9", "strategies.yml", set_value((0, "related"), laughs(9)), r"aliases in this file expand to more than"),
    Case("undefined-alias", "strategies.yml", set_value((0, "related"), "*nowhere"), r"strategies\.yml:\d+: alias '\*nowhere' names no anchor"),
    Case("merge-key", "strategies.yml", insert_after((1, "risk"), "<<: {cost: low}"), r"merge keys \('<<'\) are not supported"),
    Case("set-tag", "strategies.yml", set_value((0, "related"), "!!set {canary: null, shadow: null}"), r"strategies\.yml:\d+: the tag '!!set' is not allowed"),
    Case("omap-tag", "strategies.yml", set_value((0, "related"), "!!omap [{a: 1}]"), r"the tag '!!omap' is not allowed"),
    Case("binary-tag", "strategies.yml", set_value((0, "summary"), "!!binary aGVsbG8="), r"the tag '!!binary' is not allowed"),
    Case("python-tag", "strategies.yml", set_value((0, "summary"), "!!python/name:os.system"), r"the tag '!!python/name:os\.system' is not allowed"),
    Case("second-document", "strategies.yml", lambda t: t + "\n---\n- id: x\n", r"strategies\.yml:\d+: a second YAML document starts here"),
    # Validate passed, then the build, the CLI or the wizard crashed.
    Case(
        "300-character-id",
        "tools/gitops.yml",
        set_value((0, "id"), "a" * 300),
        r"gitops\.yml:\d+: gitops\[0\]\.id: 'a+\.\.\.' is 300 characters long; keep it to 64",
    ),
    Case(
        "example-outside",
        "tools/gitops.yml",
        set_value((0, "example", "file"), "/etc/passwd"),
        r"example\.file: '/etc/passwd' is not valid \(give a path below data/examples/",
    ),
    Case(
        "example-dotdot",
        "tools/gitops.yml",
        set_value((0, "example", "file"), "../../macros/cli.py"),
        r"example\.file: '\.\./\.\./macros/cli\.py' is not valid",
    ),
    Case("example-folder", "tools/gitops.yml", set_value((0, "example", "file"), "argo-cd"), r"example file 'data/examples/argo-cd' does not exist"),
    Case(
        "no-dimension-name",
        "document.yml",
        delete(("labels", "dimension_names", "size")),
        r"document\.yml:\d+: document\.labels\.dimension_names\.size: required key 'size' is missing",
    ),
    Case(
        "no-relation-name",
        "document.yml",
        delete(("labels", "relations", "required")),
        r"document\.labels\.relations\.required: required key 'required' is missing",
    ),
    Case("no-source-user", "wizard.yml", delete(("text", "sources", "user")), r"wizard\.yml:\d+: wizard\.text\.sources\.user: required key 'user' is missing"),
    # Misleading messages.
    Case("id-index", "strategies.yml", set_value((0, "id"), "index"), r"strategies\.yml:\d+: strategies\[0\]\.id: the id 'index' is reserved"),
    Case("tool-id-categories", "tools/gitops.yml", set_value((0, "id"), "categories"), r"gitops\[0\]\.id: the id 'categories' is reserved"),
    Case(
        "unquoted-yes",
        "document.yml",
        rename_key(("labels", "yes"), "yes"),
        r"document\.yml:\d+: the key 'yes' is read by YAML as the boolean true, not as text; put it in quotes",
    ),
    Case("null-key", "document.yml", rename_key(("labels", "none"), "~"), r"the key '~' is read by YAML as null"),
    Case("number-key", "profiles.yml", insert_after((0, "id"), "2024: x"), r"the key '2024' is read by YAML as a int"),
    # Accepted but wrong.
    Case(
        "template-field",
        "document.yml",
        set_value(("subtitle",), '"Version {versoin} of {date}"'),
        r"document\.yml:\d+: document\.subtitle: unknown field '\{versoin\}'",
    ),
    Case(
        "template-field-title",
        "document.yml",
        set_value(("title",), '"Release process: {organization}"'),
        r"unknown field '\{organization\}' .*did you mean 'organisation'",
    ),
    Case("wizard-field", "wizard.yml", set_value(("text", "sources", "tools"), '"from {tool}"'), r"wizard\.text\.sources\.tools: unknown field '\{tool\}'"),
    Case(
        "gate-shared-placeholder",
        "gates.yml",
        copy_value((0, "gates", 0, "placeholder"), (0, "gates", 1, "placeholder")),
        r"gates\.yml:\d+: .*already takes the threshold of gate",
    ),
    Case("gate-target-placeholder", "gates.yml", set_value((0, "gates", 0, "placeholder"), "DEPLOYMENT_FREQUENCY_TARGET"), r"holds the DORA target"),
    Case(
        "duplicate-cadence",
        "playbook.yml",
        copy_value(("cadence", 0, "id"), ("cadence", 1, "id")),
        r"playbook\.yml:\d+: playbook\.cadence\[1\]\.id: duplicate cadence id",
    ),
    Case("duplicate-checklist", "playbook.yml", copy_value(("checklists", 0, "id"), ("checklists", 1, "id")), r"duplicate checklists id"),
    Case(
        "duplicate-related-document",
        "playbook.yml",
        copy_value(("related_documents", 0, "id"), ("related_documents", 1, "id")),
        r"duplicate related documents id",
    ),
    Case("duplicate-standard", "playbook.yml", copy_value(("standards", 0, "id"), ("standards", 1, "id")), r"duplicate standards id"),
    Case("duplicate-scale-option", "dora.yml", copy_value(("metrics", 0, "scale", 0, "id"), ("metrics", 0, "scale", 1, "id")), r"duplicate scale option id"),
    Case("duplicate-cluster", "dora.yml", copy_value(("reports", 0, "clusters", 0, "id"), ("reports", 0, "clusters", 1, "id")), r"duplicate cluster id"),
    Case(
        "strategy-listed-twice",
        "tools/progressive-delivery.yml",
        lambda t: set_value((0, "strategies"), "[{0}, {0}]".format(located(t).data[0]["strategies"][0]))(t),
        r"progressive-delivery\[0\]\.strategies\[1\]: strategy '[a-z-]+' is listed twice",
    ),
    Case(
        "related-to-itself",
        "strategies.yml",
        lambda t: set_value((0, "related"), f"[{located(t).data[0]['id']}]")(t),
        r"strategies\[0\]\.related\[0\]: strategy '[a-z-]+' is related to itself",
    ),
    Case("unread-yaml-extension", "tools/internal.yaml", content=b"- id: internal\n", expect=r"data/tools/internal\.yaml: nothing reads this file"),
    Case("unread-profile-file", "profile.yml", content=b"- id: x\n", expect=r"data/profile\.yml: nothing reads this file \(did you mean 'profiles\.yml'\?\)"),
    Case(
        "orphan-example",
        "examples/argo-cd/extra.yaml",
        content=b"a: 1\n",
        expect=r"data/examples/argo-cd/extra\.yaml: no tool's `example\.file` names this file",
    ),
    Case(
        "preset-unknown-profile",
        "presets.yml",
        set_value((0, "answers", "organisation", "size"), "galactic"),
        r"presets\.yml:\d+: presets\[0\]\.answers\.organisation\.size: .*organisation\.size",
    ),
    # Wrong types and odd scalars.
    Case("date-as-text", "strategies.yml", set_value((0, "summary"), "2024-01-01"), r"strategies\[0\]\.summary: expected text, got date"),
    Case("huge-number", "dora.yml", set_value(("reports", 0, "year"), "1e400"), r"dora\.yml:\d+: dora\.reports\[0\]\.year"),
    Case("infinity", "dora.yml", set_value(("reports", 0, "year"), ".inf"), r"dora\.reports\[0\]\.year"),
    Case("not-a-number", "dora.yml", set_value(("reports", 0, "year"), ".nan"), r"dora\.reports\[0\]\.year"),
    Case("bool-for-list", "strategies.yml", set_value((0, "related"), "yes"), r"strategies\[0\]\.related: expected a list, got true/false"),
    Case("tab-indent", "strategies.yml", lambda t: t.replace("\n  risk:", "\n\trisk:", 1), r"strategies\.yml:\d+: YAML syntax error"),
    Case("unterminated-quote", "strategies.yml", set_value((0, "summary"), '"never closed'), r"strategies\.yml:\d+: YAML syntax error"),
    Case("empty-file", "gates.yml", lambda t: "", r"data/gates\.yml:1: the file is empty"),
    Case("scalar-file", "gates.yml", lambda t: "just text\n", r"gates\.yml:\d+: .*expected a list"),
    Case("latin-1-file", "gates.yml", content=b"- id: caf\xe9\n", expect=r"data/gates\.yml: cannot read the file"),
    Case("missing-file", "wizard.yml", lambda t: t, None),  # replaced below by a deletion
]


@pytest.mark.parametrize("case", [c for c in CASES if c.id != "missing-file"], ids=lambda c: c.id)
def test_each_class_of_bad_data_gives_a_located_error(data, case):
    with mutated(data, case):
        cat, lines = outcome(data)
    assert cat is None, f"{case.id}: accepted"
    assert_located(lines, data)
    assert any(re.search(case.expect, line) for line in lines), lines


def test_a_missing_file_is_named(data):
    (data / "wizard.yml").rename(data / "wizard.yml.off")
    try:
        cat, lines = outcome(data)
    finally:
        (data / "wizard.yml.off").rename(data / "wizard.yml")
    assert cat is None
    assert any(line.startswith("data/wizard.yml: file is missing") for line in lines), lines


def test_the_checklist_error_points_at_the_checklist_line(data):
    text = (data / "document.yml").read_text(encoding="utf-8")
    line = located(text).lines[("checklist",)]
    with mutated(data, Case("checklist", "document.yml", set_value(("checklist",), "no-such-checklist"))):
        _, lines = outcome(data)
    assert any(re.match(rf"data/document\.yml:{line}: document\.checklist: unknown checklist 'no-such-checklist'", x) for x in lines), lines


@pytest.mark.parametrize("key, where", [("organization", ()), ("sise", ("organisation",))])
def test_a_misspelt_key_in_a_preset_is_refused_at_its_line(data, key, where):
    """Presets pass the same strict answers check as a user's file: the engine's own."""
    text = (data / "presets.yml").read_text(encoding="utf-8")
    path = (0, "answers", *where, "format" if not where else "name")
    case = Case("preset-key", "presets.yml", insert_after(path, f"{key}: x"))
    with mutated(data, case):
        changed = (data / "presets.yml").read_text(encoding="utf-8")
        line = located(changed).lines[(0, "answers", *where, key)]
        cat, lines = outcome(data)
    assert text != changed
    assert cat is None, f"a preset with '{key}:' was accepted"
    assert any(re.match(rf"data/presets\.yml:{line}: presets\[0\]\.answers.*{key}", x) for x in lines), lines


# --- accepted mutations: valid, usable, and not ignored ------------------------

VALID = [
    Case("alias-reuse", "strategies.yml", lambda t: set_value((1, "metrics"), "*m")(set_value((0, "metrics"), "&m [error rate, latency]")(t))),
    Case("long-summary", "strategies.yml", set_value((0, "summary"), "'" + "Long text. " * 500 + "'")),
    Case("unicode-name", "tools/gitops.yml", set_value((0, "name"), '"Argo CD ✓ — 日本語 <b>&amp;"')),
    Case("id-at-limit", "presets.yml", set_value((0, "id"), "p" * 64)),
]


@pytest.mark.parametrize("case", VALID, ids=lambda c: c.id)
def test_valid_mutations_are_accepted_and_used(data, original, case):
    with mutated(data, case):
        cat, lines = outcome(data)
    assert cat is not None, lines
    assert_usable(cat)
    assert _dump(cat) != _dump(original), f"{case.id} changed nothing"


# --- random mutations: whatever happens is clean --------------------------------

OPERATORS = ("delete", "rename", "list", "mapping", "number", "bool", "null", "long", "duplicate")
RANDOM_CASES = 48


def random_cases() -> list[tuple[str, str, tuple, str]]:
    """(id, file, path, operator), the same every run (seeded), spread over every data file."""
    rng = random.Random(11)
    # Translations (data/i18n/) are not catalogue files: tests/test_i18n.py mutates them.
    skip = ("schemas", "examples", "i18n")
    files = sorted(p.relative_to(DATA_DIR).as_posix() for p in DATA_DIR.rglob("*.yml") if not any(part in p.parts for part in skip))
    out = []
    for n in range(RANDOM_CASES):
        rel = files[n % len(files)]
        text = (DATA_DIR / rel).read_text(encoding="utf-8")
        doc = load_located(text)
        lines = text.split("\n")
        # The mutators edit block-style lines; a key inside a flow mapping ({a: 1, b: 2}) is not one.
        keyed = sorted(p for p in doc.lines if p and isinstance(p[-1], str) and re.match(rf"^\s*(?:- )?\"?{re.escape(p[-1])}\"?:", lines[line_index(text, p)]))
        path = rng.choice(keyed)
        op = OPERATORS[n % len(OPERATORS)] if n < len(OPERATORS) else rng.choice(OPERATORS)
        out.append((f"{n}-{rel}-{op}", rel, path, op))
    return out


RANDOM = random_cases()


def operate(op: str, path: tuple) -> Callable[[str], str]:
    return {
        "delete": delete(path),
        "rename": rename_key(path, f"{path[-1]}x"),
        "list": set_value(path, "[a, b]"),
        "mapping": set_value(path, "{a: b}"),
        "number": set_value(path, "12"),
        "bool": set_value(path, "true"),
        "null": set_value(path, "~"),
        "long": set_value(path, "'" + "z" * 5000 + "'"),
        "duplicate": lambda t: insert_after(path, t.split("\n")[line_index(t, path)].lstrip(" -"))(t),
    }[op]


@pytest.mark.parametrize("case_id, rel, path, op", RANDOM, ids=[c[0] for c in RANDOM])
def test_random_mutations_end_in_a_located_error_or_a_usable_catalogue(data, original, case_id, rel, path, op):
    before = (data / rel).read_text(encoding="utf-8")
    case = Case(case_id, rel, operate(op, path))
    with mutated(data, case):
        after = (data / rel).read_text(encoding="utf-8")
        cat, lines = outcome(data)
    if cat is None:
        assert_located(lines, data)
        return
    # Accepted: never a misspelt or repeated key, and a changed value must change something.
    assert op not in ("rename", "duplicate"), f"{case_id}: accepted {op} of {path}"
    assert_usable(cat)
    if op != "delete" and after != before:
        old = load_located(before).data
        for step in path:
            old = old[step]
        new = load_located(after).data
        for step in path:
            new = new[step]
        if old != new:
            assert _dump(cat) != _dump(original), f"{case_id}: {path} changed from {old!r} to {new!r} and nothing noticed"


def _dump(cat) -> str:
    fields = (
        "playbook",
        "strategies",
        "categories",
        "tools",
        "gate_stages",
        "profiles",
        "phases",
        "dora",
        "parameters",
        "incidents",
        "diagrams",
        "kit",
        "document",
        "presets",
        "wizard",
    )
    out = {}
    for name in fields:
        value = getattr(cat, name)
        if value is None:
            out[name] = None
        else:
            out[name] = [v.model_dump(mode="json") for v in value] if isinstance(value, tuple) else value.model_dump(mode="json")
    return json.dumps(out, sort_keys=True, default=str)


# --- a handful of accepted mutations, built for real ------------------------------


def test_accepted_mutations_build_and_render(tmp_path):
    """One strict build and one CLI render of a catalogue carrying every accepted mutation at once."""
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    for case in VALID:
        target = data / case.file
        target.write_text(case.mutate(target.read_text(encoding="utf-8")), encoding="utf-8")
    load_catalogue(data)
    result = build_site(tmp_path / "site", "http://127.0.0.1:8000/", data)
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr[-3000:]
    assert any("Long text. Long text." in p.read_text(encoding="utf-8") for p in (tmp_path / "site" / "strategies").rglob("index.html"))
    preset = load_catalogue(data).presets[0].id
    render = subprocess.run(
        [sys.executable, "-m", "macros", "--data", str(data), "render", "--preset", preset, "--date", "2026-01-01"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ},
    )
    assert render.returncode == 0 and render.stdout.startswith("# "), render.stderr
