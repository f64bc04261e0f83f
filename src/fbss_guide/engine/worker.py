"""Rendering in worker processes: HTML in, tagged PDF out.

Each worker imports WeasyPrint once and renders a tiny page at start-up, so fonts and
Pango are warm before the first real edition arrives.
"""

from __future__ import annotations

import resource
import time
from dataclasses import dataclass
from pathlib import Path

from fbss_guide.errors import BuildError


@dataclass(frozen=True)
class RenderJob:
    stem: str
    html: str
    pdf_path: Path
    language: str
    base_dir: Path
    allowed_dirs: tuple[Path, ...]
    font_stack: str = ""


@dataclass(frozen=True)
class RenderResult:
    """A rendered edition. The PDF comes back as bytes: the main process writes it only
    once every check of the whole build has passed."""

    stem: str
    pdf: bytes = b""
    pages: int = 0
    size: int = 0
    seconds: float = 0.0
    checks: str = ""
    error: str | None = None
    peak_memory_mb: float = 0.0


# Laying out an edition allocates millions of short-lived objects: with Python's default
# thresholds (700, 10, 10) the cycle collector runs over a thousand times per edition.
# Collecting the youngest objects every 10,000 allocations instead costs some 16 MB more
# per worker and about 8 % less CPU per edition (benchmarks/bench_gc.py).
GC_THRESHOLDS = (10_000, 10, 10)


def warm_up(render_sample: bool = True) -> None:
    """Worker initializer: import WeasyPrint and, for long-lived pools, lay out one small
    page so Pango and fontconfig are ready too. A one-off build skips the sample page:
    its first real edition does that work anyway."""
    import gc

    from weasyprint import HTML

    gc.set_threshold(*GC_THRESHOLDS)

    if render_sample:
        HTML(
            string='<html lang="en"><title>x</title><p style="font-family: Noto Sans">x</p></html>'
        ).render()


def render(job: RenderJob) -> RenderResult:
    """Render one edition; errors come back as text so one failure loses no others."""
    from fbss_guide.pdf.html_to_pdf import render_pdf

    started = time.perf_counter()
    try:
        data, pages = render_pdf(
            job.html,
            job.pdf_path.name,
            language=job.language,
            base_dir=job.base_dir,
            allowed_dirs=list(job.allowed_dirs),
        )
        # WeasyPrint raised no error, drew no missing glyph and refused no resource, and
        # the tag tree and what a screen reader reads passed (render_pdf fails otherwise);
        # the full PDF/UA and the print legibility checks run in the tests and in
        # 'fbss-guide check --pdf'.
        checks = "rendered clean"
    except BuildError as error:
        return RenderResult(job.stem, error=str(error), peak_memory_mb=_peak_mb())
    return RenderResult(
        job.stem,
        data,
        pages,
        len(data),
        round(time.perf_counter() - started, 2),
        checks,
        None,
        _peak_mb(),
    )


def _peak_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def render_many(jobs: list[RenderJob]) -> list[RenderResult]:
    """Render several editions in turn (one task per language keeps its fonts warm)."""
    return [render(job) for job in jobs]
