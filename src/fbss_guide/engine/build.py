"""The one entry point that turns content into handouts: plan, check, render, write.

1. Plan the editions (languages x the project's editions, each in its output format) and
   compute each one's cache key from its inputs (engine/plan.py). If every edition is up
   to date, stop: nothing heavy is imported.
2. Otherwise start the worker pool at once (workers import WeasyPrint while the main
   process works), then load and check the content and every catalog needed. Any problem
   stops the build here, before a single file is written.
3. Each format renders its stale editions' HTML; printed ones go to a worker, largest
   first (engine/run.py). Each file is written atomically by its format; the cache entry
   follows only after it succeeded. One edition failing does not stop the others, and
   neither does one language whose catalog is incomplete or broken: every other language
   is built, and the build then reports what failed, by file, line and message, and exits
   non-zero.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from fbss_guide.engine.keys import shared_key
from fbss_guide.engine.load import guide_id
from fbss_guide.engine.plan import plan_editions
from fbss_guide.engine.pool import WorkerPool
from fbss_guide.engine.report import BuildFailed, BuildReport, BuiltEdition, Progress
from fbss_guide.engine.run import BuildRun
from fbss_guide.errors import BuildError
from fbss_guide.output_dir import cache as build_cache
from fbss_guide.output_dir import owned_files
from fbss_guide.project.config import BuildConfig

__all__ = [
    "BuildConfig",
    "BuildFailed",
    "BuildReport",
    "BuiltEdition",
    "build",
    "build_report",
    "start_pool",
]


def sweep_temporary_files(out_dir: Path) -> None:
    """Remove temporary files a killed build may have left (never finished outputs)."""
    owned_files.sweep(out_dir)


def source_folders(config: BuildConfig) -> dict[str, Path]:
    """The folders --out may not be inside."""
    folders = {"content": config.content_dir, "locales": config.locales_dir}
    if config.templates_dir is not None:
        folders["templates"] = config.templates_dir
    return folders


def build(config: BuildConfig, progress: Progress | None = None) -> list[BuiltEdition]:
    """Build every requested edition; see build_report for the details of the run."""
    return build_report(config, progress).editions


def build_report(
    config: BuildConfig,
    progress: Progress | None = None,
    pool: WorkerPool | None = None,
) -> BuildReport:
    """Build and report on every edition. A long-lived caller (watch mode, the benchmark,
    the web app) may pass its own warm worker pool; otherwise one is started when needed."""
    # Refuse FIFOs and links out of the input folders before anything hashes them; hold
    # OUT's lock for the build; --out outside the sources; own files only.
    _check_output_folder(config.out_dir)
    owned_files.check_inputs(config.content_dir, config.locales_dir)
    with owned_files.building(config.out_dir, source_folders(config)):
        return _build_report(config, progress, pool)


def _build_report(
    config: BuildConfig,
    progress: Progress | None = None,
    pool: WorkerPool | None = None,
) -> BuildReport:
    started = time.perf_counter()
    report = BuildReport()
    shared = shared_key(config)
    store = build_cache.BuildCache(config.out_dir)
    store.prepare()
    font_hashes = build_cache.FontHashes(store)
    planned = plan_editions(config, guide_id(config.content_dir), shared, store, font_hashes)
    stale = [item for item in planned if item.cached is None]
    for item in planned:
        if item.cached is not None:
            report.editions.append(item.cached)
            if progress:
                progress(item.cached)
    run = BuildRun(config, shared, store, report, progress)
    try:
        if stale:
            owned = pool is None
            printed = sum(1 for item in stale if item.output.name != "web")
            workers = _start_pool(config.jobs, printed) if owned else pool
            try:
                run.render_stale(stale, workers)
            except BaseException:
                # An error or Ctrl-C: end the workers now, not after their current edition,
                # and remove a temporary file an interrupt may have caught half-made
                # (between creating it and the write's own cleanup).
                if workers is not None and owned:
                    workers.stop()
                sweep_temporary_files(config.out_dir)
                raise
            if workers is not None and owned:
                workers.close()
    finally:
        if config.out_dir.exists():  # a build that wrote nothing creates no folder
            font_hashes.save()
        report.notes += store.notes
    report.seconds = round(time.perf_counter() - started, 3)
    order = {item.edition: index for index, item in enumerate(planned)}
    report.editions.sort(key=lambda item: order.get(item.edition, len(order)))
    if report.failed or report.skipped_languages:
        raise BuildFailed(report)
    return report


def _check_output_folder(out_dir: Path) -> None:
    """Fail early, before any work, if the output folder cannot be written.

    The folder itself is only created when the first file is written.
    """
    existing = out_dir
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if not existing.is_dir():
        raise BuildError(
            f"the output folder {out_dir} is inside a file ({existing}); choose another --out"
        )
    if not os.access(existing, os.W_OK | os.X_OK):
        raise BuildError(
            f"cannot write to the output folder {out_dir}: permission denied; "
            "choose another --out or fix its permissions"
        )


def start_pool(jobs: int, render_sample: bool = True) -> WorkerPool:
    """A pool of warm workers (each has imported WeasyPrint and laid out a page)."""
    return WorkerPool(jobs, render_sample)


def _start_pool(jobs: int, tasks: int) -> WorkerPool | None:
    if jobs <= 1 or tasks <= 1:
        return None
    return start_pool(min(jobs, tasks), render_sample=False)
