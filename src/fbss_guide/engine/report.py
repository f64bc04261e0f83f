"""What a build made, reused and failed to make."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from fbss_guide.errors import BuildError, ContentError
from fbss_guide.formats.base import EditionRequest


@dataclass(frozen=True)
class BuiltEdition:
    edition: EditionRequest
    files: tuple[Path, ...]
    pages: int = 0
    draft: bool = False
    status: str = "built"  # built, cached or failed
    size: int = 0
    seconds: float = 0.0
    checks: str = ""
    error: str | None = None

    @property
    def pdf(self) -> Path:
        """The edition's main file: its PDF, or the page of a web edition."""
        return next((path for path in self.files if path.suffix == ".pdf"), self.files[0])

    @property
    def html(self) -> Path:
        return next(path for path in self.files if path.suffix == ".html")


Progress = Callable[[BuiltEdition], None]


@dataclass
class BuildReport:
    editions: list[BuiltEdition] = field(default_factory=list)
    seconds: float = 0.0
    peak_worker_memory_mb: float = 0.0
    # Languages not built, with why: an incomplete or broken catalog, a missing font.
    skipped_languages: dict[str, BuildError] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)  # e.g. a damaged cache discarded

    @property
    def failed(self) -> list[BuiltEdition]:
        return [item for item in self.editions if item.status == "failed"]

    @property
    def web(self) -> list[Path]:
        """The web pages this build wrote."""
        return [
            item.pdf
            for item in self.editions
            if item.edition.spec.format == "web" and item.status == "built"
        ]


class BuildFailed(BuildError):
    """Some editions or languages failed; the others were written. `report` has the
    details."""

    def __init__(self, report: BuildReport) -> None:
        self.report = report
        parts = []
        if report.failed:
            parts.append(f"{len(report.failed)} edition(s) failed:")
            parts += [f"  {item.pdf.name}: {item.error}" for item in report.failed]
        for language, error in report.skipped_languages.items():
            parts.append(f"language '{language}' was not built:")
            parts += ["  " + line for line in error_lines(error)]
        parts.append(_what_was_written(report))
        super().__init__("\n".join(parts))


def _what_was_written(report: BuildReport) -> str:
    """Say what the build did write: nothing, only up-to-date files, or new files."""
    built = sum(1 for item in report.editions if item.status == "built")
    cached = sum(1 for item in report.editions if item.status == "cached")
    if built:
        return f"The other editions were written ({built} built, {cached} up to date)."
    if cached:
        return (
            f"No edition was written; {cached} edition(s) were already up to date. "
            "Earlier output files were left as they were."
        )
    return "No edition was written; earlier output files were left as they were."


def error_lines(error: BuildError) -> list[str]:
    if isinstance(error, ContentError):
        return [line for problem in error.problems for line in problem.format().splitlines()]
    return str(error).splitlines()
