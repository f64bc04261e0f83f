"""What a build shows while it runs and when it ends: a progress bar on a terminal
(rich), plain lines elsewhere (CI logs), and a summary table of every edition."""

from __future__ import annotations

import sys
from types import TracebackType
from typing import TYPE_CHECKING, TextIO

from fbss_guide.engine.build import BuildReport, BuiltEdition

if TYPE_CHECKING:  # rich is imported only when a terminal shows the bar
    from rich.progress import Progress, TaskID


class BuildProgress:
    """Context manager; call it with each finished edition."""

    def __init__(self, total: int, stream: TextIO | None = None) -> None:
        self.total = total
        self.stream = stream or sys.stdout
        self.done = 0
        self._rich: Progress | None = None
        self._task: TaskID | None = None

    def __enter__(self) -> BuildProgress:
        if self.stream.isatty():
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

            self._rich = Progress(
                TextColumn("building"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("{task.description}"),
                transient=True,
            )
            self._rich.__enter__()
            self._task = self._rich.add_task("", total=self.total)
        return self

    def __call__(self, item: BuiltEdition) -> None:
        self.done += 1
        if self._rich is not None and self._task is not None:
            self._rich.update(self._task, advance=1, description=item.pdf.name)
        else:
            print(
                f"[{self.done}/{self.total}] {item.status:<6} {item.pdf.name}",
                file=self.stream,
                flush=True,
            )

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self._rich is not None:
            self._rich.__exit__(kind, error, trace)


def _row(item: BuiltEdition) -> list[str]:
    name = str(item.pdf.relative_to(item.pdf.parent.parent))
    if item.status == "failed":
        # The table keeps one short line; the whole message is printed after it.
        first = (item.error or "failed").splitlines()[0]
        short = first if len(first) <= 60 else first[:57] + "..."
        return [name, "FAILED", "-", "-", "-", short + " (see below)"]
    draft = " (draft)" if item.draft else ""
    return [
        name + draft,
        item.status,
        str(item.pages),
        f"{item.size / 1024:.0f} KB" if item.size else "-",
        f"{item.seconds:.1f} s" if item.seconds else "-",
        item.checks or "-",
    ]


def print_summary(report: BuildReport, stream: TextIO | None = None) -> None:
    stream = stream or sys.stdout
    headers = ["edition", "status", "pages", "size", "time", "checks"]
    rows = [_row(item) for item in report.editions]
    built = sum(1 for item in report.editions if item.status == "built")
    cached = sum(1 for item in report.editions if item.status == "cached")
    footer = (
        f"{built} built, {cached} up to date, {len(report.failed)} failed, "
        f"{len(report.web)} web edition(s) written, in {report.seconds:.1f} s"
    )
    if stream.isatty():
        from rich.console import Console
        from rich.table import Table

        table = Table(*headers, title="Build summary", caption=footer)
        for row in rows:
            table.add_row(*row)
        Console(file=stream).print(table)
        return
    widths = [
        max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(headers)
    ]
    print("  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)), file=stream)
    for row in rows:
        print("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)), file=stream)
    print(footer, file=stream)
