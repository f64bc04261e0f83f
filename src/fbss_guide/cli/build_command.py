"""`fbss-guide build`: the editions chosen by the flags, one build or a watch that
rebuilds on every save; the engine is imported only here, inside the functions, so
`--help` stays fast.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from fbss_guide.cli.exit_codes import EXIT_OK, EXIT_PROBLEMS, report_problems
from fbss_guide.errors import BuildError, ContentError

if TYPE_CHECKING:
    from fbss_guide.engine.pool import WorkerPool
    from fbss_guide.project.config import BuildConfig
    from fbss_guide.project.editions import EditionSpec


def run_build(args: argparse.Namespace) -> int:
    from fbss_guide.clinic.details import load_clinic
    from fbss_guide.project.config import BuildConfig
    from fbss_guide.project.project_file import load_project

    project = load_project(args.project)
    editions = _chosen_editions(project.editions, args.format, args.paper, args.large_print)
    config = BuildConfig.from_project(
        project,
        content_dir=args.content or project.content_dir,
        locales_dir=args.locales or project.locales_dir,
        out_dir=args.out or project.out_dir,
        languages=tuple(args.languages) if args.languages else project.languages,
        allow_incomplete=args.allow_incomplete,
        editions=editions,
        clinic=load_clinic(args.clinic) if args.clinic else None,
        clinic_file=args.clinic,
        jobs=max(1, args.jobs),
        force=args.force,
    )
    if args.watch:
        return _watch(config, project.file)
    # Only a build of the whole project knows which earlier files it no longer makes.
    whole = not (args.languages or args.format or args.paper or args.large_print or args.clinic)
    return _build_once(config, report_stale=whole)


def _chosen_editions(
    editions: tuple[EditionSpec, ...], output: str | None, paper: str | None, large: bool
) -> tuple[EditionSpec, ...]:
    """The project's editions narrowed by --format, --paper and --large-print; a
    combination the project does not list is made as asked, if the format has it."""
    from fbss_guide.formats import FORMATS
    from fbss_guide.project.editions import EditionSpec

    if not (output or paper or large):
        return editions
    # --paper and --large-print name a handout unless --format says otherwise:
    # `build --lang en --paper a4` makes one edition, as it always has.
    output = output or "handout"
    chosen = tuple(
        spec
        for spec in editions
        if (output is None or spec.format == output)
        and (paper is None or spec.paper == paper)
        # --paper alone means the standard print; --large-print asks for large print.
        and (spec.large_print == large or (paper is None and not large))
    )
    if chosen:
        return chosen
    name = output or "handout"
    options = FORMATS[name].options
    if large and "large_print" not in options:
        raise BuildError(f"the {name} format has no large-print edition")
    return (
        EditionSpec(
            (paper or "a4") if "paper" in options else None,
            large,
            name,
        ),
    )


def _build_once(
    config: BuildConfig, pool: WorkerPool | None = None, report_stale: bool = False
) -> int:
    from fbss_guide.engine.build import BuildFailed, build_report
    from fbss_guide.engine.progress import BuildProgress, print_summary
    from fbss_guide.formats import FORMATS

    total = sum(
        1
        for language in config.all_languages()
        for spec in config.editions
        if FORMATS[spec.format].accepts(language)
    )
    failure: BuildFailed | None = None
    with BuildProgress(total) as progress:
        try:
            report = build_report(config, progress, pool)
        except BuildFailed as failed:
            report, failure = failed.report, failed
    for note in report.notes:
        print(f"note: {note}", file=sys.stderr)
    print_summary(report)
    if failure is not None:
        print(f"\n{failure}", file=sys.stderr)
        return EXIT_PROBLEMS
    if report_stale:
        from fbss_guide.output_dir.stale_outputs import stale_notice, stale_outputs

        current = [path for item in report.editions for path in item.files]
        stale = stale_outputs(config.out_dir, current)
        if stale:
            print(stale_notice(config.out_dir, stale), file=sys.stderr)
    return EXIT_OK


def _watch(config: BuildConfig, project_file: Path | None) -> int:
    """Rebuild on every save; a broken file prints its problems and waits for a fix."""
    from watchfiles import watch

    from fbss_guide.engine.build import start_pool
    from fbss_guide.fonts.families import forget_installed_fonts

    paths = [config.content_dir, config.locales_dir, *config.template_dirs]
    if config.clinic_file:
        paths.append(config.clinic_file.parent)
    if project_file is not None:
        paths.append(project_file)

    # One pool for the whole session: each rebuild finds its workers warm.
    pool = start_pool(config.jobs) if config.jobs > 1 else None

    def attempt() -> None:
        # A font installed since the last build is found (fontconfig is asked again).
        forget_installed_fonts()
        try:
            _build_once(config, pool)
        except ContentError as error:
            report_problems(error.problems)
        except BuildError as error:
            print(f"build failed: {error}", file=sys.stderr)

    try:
        attempt()
        print("watching for changes (Ctrl-C to stop)...", flush=True)
        for changes in watch(*[str(path) for path in paths if path.exists()]):
            changed = sorted({Path(name).name for _, name in changes})
            print(f"changed: {', '.join(changed)}", flush=True)
            attempt()
    finally:
        if pool is not None:
            pool.stop()
    return EXIT_OK
