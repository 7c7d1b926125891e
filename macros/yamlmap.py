"""YAML loading that remembers where each value stands, so errors can name a line.

One pass over libyaml's event stream (PyYAML's pure-Python parser where libyaml is missing) builds
the data and the line of every mapping key and sequence item together. What a hostile or careless
file could do to the programs that read it is refused here, each with a line:

- nesting deeper than `MAX_DEPTH` (thousands of nested lists overflow the stack of the readers);
- an alias inside its own anchor (`a: &x [*x]`: a value that contains itself);
- aliases that together add more than `MAX_ALIAS_NODES` values (the "billion laughs" bomb);
- tags other than plain text, numbers, true/false and null (`!!set` gives an unordered value,
  `!!python/...` would run code in an unsafe loader), and merge keys (`<<`);
- keys that YAML reads as something other than text (`yes:` is the boolean true), and keys given
  twice in one mapping.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import yaml
from yaml.events import (
    AliasEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceStartEvent,
    StreamEndEvent,
)

from .errors import Path

Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's parser (C) where PyYAML was built with it; the same events either way."""

MAX_DEPTH = 40
"""Deepest nesting of lists and mappings a data file may use (the catalogue needs about 8)."""
MAX_ALIAS_NODES = 10_000
"""How many values all the aliases of one file may add together once expanded."""

CORE = "tag:yaml.org,2002:"
SCALAR_TAGS = {CORE + t for t in ("str", "int", "float", "bool", "null")}
"""Explicit scalar tags that change nothing unexpected (`!!str 1.0` keeps the text)."""
COLLECTION_TAGS = {CORE + "seq", CORE + "map", "!"}


class YamlProblem(Exception):
    """The text is not valid YAML, or uses something the catalogue refuses; carries the 1-based line."""

    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


@dataclass
class LocatedYaml:
    """Parsed data plus the line of every mapping key and sequence item."""

    data: object
    lines: dict[Path, int] = field(default_factory=dict)

    def line_of(self, path: Path) -> int:
        """The line of `path`, or of its closest ancestor that the file has (e.g. for a missing key)."""
        for end in range(len(path), -1, -1):
            line = self.lines.get(tuple(path[:end]))
            if line is not None:
                return line
        return 1


def _short(tag: str) -> str:
    """A tag as it is written in the file: `!!set` rather than `tag:yaml.org,2002:set`."""
    return "!!" + tag.removeprefix(CORE) if tag.startswith(CORE) else tag


def _describe_key(value: object) -> str:
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if value is None:
        return "null (nothing)"
    return f"a {type(value).__name__} ({value!r})"


class _Composer:
    """Builds Python data straight from parser events, checking the limits above as it goes."""

    def __init__(self, text: str):
        self.parser = Loader(text)
        self.lines: dict[Path, int] = {}
        self.anchors: dict[str, tuple[object, int] | None] = {}
        """Anchor name -> (value, expanded size); None while the anchored value is being read."""
        self.alias_nodes = 0

    def document(self) -> object:
        p = self.parser
        try:
            p.get_event()  # stream start
            if p.check_event(StreamEndEvent):
                return None
            p.get_event()  # document start
            value, _ = self.node((), 0)
            p.get_event()  # document end
            if not p.check_event(StreamEndEvent):
                line = p.peek_event().start_mark.line + 1
                raise YamlProblem(line, "a second YAML document starts here ('---'); keep one document per file")
            return value
        finally:
            p.dispose()

    def node(self, path: Path, depth: int) -> tuple[object, int]:
        """The next value and its expanded size (how many values it stands for, aliases included)."""
        event = self.parser.get_event()
        line = event.start_mark.line + 1
        self.lines.setdefault(path, line)
        if isinstance(event, AliasEvent):
            return self.alias(event, line)
        anchor = event.anchor
        if anchor is not None:
            self.anchors[anchor] = None
        if isinstance(event, ScalarEvent):
            value, size = self.scalar(event, line), 1
        else:
            if depth >= MAX_DEPTH:
                raise YamlProblem(line, f"lists and mappings nest more than {MAX_DEPTH} levels deep here; flatten the data")
            tag = event.tag
            if tag is not None and tag not in COLLECTION_TAGS:
                raise YamlProblem(line, f"the tag '{_short(tag)}' is not allowed in the catalogue; remove it and write a plain list or mapping")
            if isinstance(event, SequenceStartEvent):
                value, size = self.sequence(path, depth)
            elif isinstance(event, MappingStartEvent):
                value, size = self.mapping(path, depth)
            else:  # pragma: no cover - the parser sends no other event here
                raise YamlProblem(line, "unexpected YAML structure")
        if anchor is not None:
            self.anchors[anchor] = (value, size)
        return value, size

    def alias(self, event: AliasEvent, line: int) -> tuple[object, int]:
        name = event.anchor
        if name not in self.anchors:
            raise YamlProblem(line, f"alias '*{name}' names no anchor '&{name}' above it; define the anchor first or write the value out")
        target = self.anchors[name]
        if target is None:
            raise YamlProblem(line, f"alias '*{name}' is inside the value its anchor '&{name}' names, so the value would contain itself; write it out")
        value, size = target
        self.alias_nodes += size
        if self.alias_nodes > MAX_ALIAS_NODES:
            raise YamlProblem(
                line,
                f"aliases in this file expand to more than {MAX_ALIAS_NODES} values (alias '*{name}' stands for {size}); write the values out instead",
            )
        return value, size

    def scalar(self, event: ScalarEvent, line: int) -> object:
        tag = event.tag
        if tag is None or tag == "!":
            tag = self.parser.resolve(yaml.ScalarNode, event.value, event.implicit) if tag is None else CORE + "str"
        elif tag not in SCALAR_TAGS:
            raise YamlProblem(
                line, f"the tag '{_short(tag)}' is not allowed in the catalogue; remove it (values are text, numbers, true/false, lists and mappings)"
            )
        if tag == CORE + "str":
            return event.value
        if tag == CORE + "merge":
            raise YamlProblem(line, "merge keys ('<<') are not supported in the catalogue; write the keys out")
        node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
        constructor = self.parser.yaml_constructors.get(tag)
        if constructor is None:
            raise YamlProblem(line, f"values of type '{_short(tag)}' are not allowed in the catalogue; put the value in quotes")
        try:
            return constructor(self.parser, node)
        except (ValueError, OverflowError, yaml.YAMLError):
            raise YamlProblem(line, f"'{event.value}' cannot be read as {tag.removeprefix(CORE)}; put it in quotes if it is text") from None

    def sequence(self, path: Path, depth: int) -> tuple[list[object], int]:
        items: list[object] = []
        size = 1
        p = self.parser
        while not p.check_event(yaml.SequenceEndEvent):
            index = len(items)
            self.lines[path + (index,)] = p.peek_event().start_mark.line + 1
            value, n = self.node(path + (index,), depth + 1)
            items.append(value)
            size += n
        p.get_event()
        return items, size

    def mapping(self, path: Path, depth: int) -> tuple[dict[object, object], int]:
        out: dict[object, object] = {}
        seen: dict[object, int] = {}
        size = 1
        p = self.parser
        while not p.check_event(yaml.MappingEndEvent):
            key_event = p.peek_event()
            line = key_event.start_mark.line + 1
            if not isinstance(key_event, ScalarEvent):
                raise YamlProblem(line, "a key must be plain text, not a list, mapping or alias; write `name: value`")
            key, _ = self.node(path + ("<key>",), depth + 1)
            self.lines.pop(path + ("<key>",), None)
            if not isinstance(key, str):
                raise YamlProblem(
                    line,
                    f"the key '{key_event.value}' is read by YAML as {_describe_key(key)}, not as text; put it in quotes: \"{key_event.value}\":",
                )
            if key in seen:
                raise YamlProblem(line, f"key '{key}' appears twice in one mapping (first on line {seen[key]}); keep one")
            seen[key] = line
            self.lines[path + (key,)] = line
            value, n = self.node(path + (key,), depth + 1)
            out[key] = value
            size += n
        p.get_event()
        return out, size


def load_located(text: str) -> LocatedYaml:
    """Parse `text` safely in one pass; raise YamlProblem with a line for any syntax error or refused construct."""
    composer = _Composer(text)
    try:
        data = composer.document()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        reason = exc.problem or exc.context or "invalid YAML"
        raise YamlProblem(line, f"YAML syntax error: {reason} (check indentation and quoting near this line)") from None
    except yaml.YAMLError as exc:
        raise YamlProblem(1, f"YAML error: {exc}") from None
    return LocatedYaml(data, composer.lines)
