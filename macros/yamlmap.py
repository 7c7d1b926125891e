"""YAML loading that remembers where each value stands, so errors can name a line."""

from __future__ import annotations

from dataclasses import dataclass, field

import yaml

from .errors import Path


class YamlProblem(Exception):
    """The text is not valid YAML, or repeats a key; carries the 1-based line."""

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


def _walk(node: yaml.Node, path: Path, lines: dict[Path, int]) -> None:
    lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        seen: dict[object, int] = {}
        for key_node, value_node in node.value:
            key = key_node.value
            line = key_node.start_mark.line + 1
            if key in seen:
                raise YamlProblem(line, f"key '{key}' appears twice in one mapping (first on line {seen[key]}); keep one")
            seen[key] = line
            lines[path + (key,)] = line
            _walk(value_node, path + (key,), lines)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            lines[path + (index,)] = item.start_mark.line + 1
            _walk(item, path + (index,), lines)


def load_located(text: str) -> LocatedYaml:
    """Parse `text` with the safe loader; raise YamlProblem with a line for any syntax error."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.load(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        reason = exc.problem or exc.context or "invalid YAML"
        raise YamlProblem(line, f"YAML syntax error: {reason} (check indentation and quoting near this line)") from None
    except yaml.YAMLError as exc:
        raise YamlProblem(1, f"YAML error: {exc}") from None
    lines: dict[Path, int] = {}
    if node is not None:
        _walk(node, (), lines)
    return LocatedYaml(data, lines)
