"""Errors that name the place of a problem and say how to fix it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, with enough context for an editor to fix it."""

    file: Path | str
    line: int | None
    key: str
    message: str
    hint: str = ""
    severity: str = "error"  # "error" or "warning"

    def format(self) -> str:
        where = str(self.file)
        if self.line:
            where += f":{self.line}"
        key = f" [{self.key}]" if self.key else ""
        text = f"{where}{key}: {self.severity}: {self.message}"
        if self.hint:
            text += f"\n    how to fix: {self.hint}"
        return text


class BuildError(Exception):
    """A failure the user can act on; the CLI prints it without a traceback."""


class ContentError(BuildError):
    """One or more problems found in the content; all are reported together."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        errors = [p for p in problems if p.severity == "error"]
        super().__init__(
            f"{len(errors)} problem(s) found:\n" + "\n".join(p.format() for p in problems)
        )


def display_path(path: Path | str, content_dir: Path) -> str:
    """A path as editors see it in messages: 'content/sections/04-urgent.yaml'."""
    try:
        return str(Path(path).resolve().relative_to(content_dir.resolve().parent))
    except ValueError:
        return str(path)
