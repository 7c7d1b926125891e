"""Problems found in the catalogue, reported together as `data/<file>.yml:<line>: <path>: <message>`."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass

Path = tuple[str | int, ...]


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the data, located as precisely as the YAML allows."""

    file: str
    line: int
    path: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"


class CatalogueError(Exception):
    """The catalogue is invalid; carries every problem found, not just the first.

    Not a MkDocs class, so the command line runs without importing MkDocs: the build's hooks turn it
    into a PluginError (MkDocs then prints the message and stops without a traceback).
    """

    def __init__(self, problems: Iterable[Problem], folder: str = "data"):
        self.problems = sorted(set(problems))
        count = len(self.problems)
        lines = [str(p) for p in self.problems]
        lines.append(f"{count} problem{'s' if count != 1 else ''} in the catalogue ({folder}/); fix them and build again.")
        super().__init__("\n".join(lines))


def format_path(root: str, path: Path) -> str:
    """`('a', 0, 'b')` -> `root.a[0].b`, the way the error lines show a place in a file."""
    out = root
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def did_you_mean(value: object, choices: Iterable[str]) -> str:
    """A hint naming the closest valid choice, or the valid choices when there are few."""
    choices = sorted(set(choices))
    close = difflib.get_close_matches(str(value), choices, n=1, cutoff=0.6)
    if close:
        return f"did you mean '{close[0]}'?"
    if len(choices) <= 8:
        return "use one of: " + ", ".join(f"'{c}'" for c in choices)
    return f"use one of the {len(choices)} known ids"
