"""Command line: parse flags, call build() or the checks, print results, set exit codes."""

from __future__ import annotations

import argparse
import errno
import faulthandler
import gettext
import os
import signal
import sys
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING

from fbss_guide import __version__
from fbss_guide.errors import BuildError, ContentError, Problem

if TYPE_CHECKING:
    from fbss_guide.build import BuildConfig
    from fbss_guide.pool import WorkerPool

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2
EXIT_SOFTWARE = 70  # sysexits.h: an internal error (a bug); a report was saved
EXIT_INTERRUPTED = 130

BUILD_EXAMPLES = """\
examples:
  fbss-guide build                      build every language into output/
  fbss-guide build --lang en            build only the English handout
  fbss-guide build --lang es --lang fr  build Spanish and French
  fbss-guide build --lang de --allow-incomplete
                                        preview a German catalog that is not finished
                                        (printed as a draft)
  fbss-guide build --content my-content --out /tmp/handouts
  fbss-guide build --watch --lang es --paper a4
                                        rebuild the Spanish A4 edition on every save
  fbss-guide build --force --jobs 2     rebuild everything in two worker processes
"""

CHECK_EXAMPLES = """\
examples:
  fbss-guide check                      content, evidence, readability and all catalogs
  fbss-guide check --readability        also print readability scores and write a report
  fbss-guide check --readability --lang es
                                        readability of the Spanish translation
  fbss-guide check --lang es            only the Spanish catalog and Spanish readability
  fbss-guide check --content my-content
  fbss-guide check --pdf output          also check every built PDF in output/
"""

I18N_EXAMPLES = """\
examples:
  fbss-guide i18n extract               update locales/messages.pot from templates and content
  fbss-guide i18n init it               start an Italian catalog
  fbss-guide i18n update                merge messages.pot into every catalog (keeps all work)
  fbss-guide i18n compile               write .mo files beside the catalogs
  fbss-guide i18n status                translated / fuzzy / untranslated and review status
  fbss-guide i18n --root ../copy extract
                                        extract from the copy's content/ and templates/
"""


def _parser() -> argparse.ArgumentParser:
    from fbss_guide.build import (
        DEFAULT_BUILD_PLAN,
        DEFAULT_CONTENT,
        DEFAULT_LOCALES,
        DEFAULT_OUTPUT,
    )

    parser = argparse.ArgumentParser(
        prog="fbss-guide",
        description="Build accessible, plain-language patient handouts from YAML content.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="Run 'fbss-guide COMMAND --help' for the options and examples of a command.",
    )
    parser.add_argument("--version", action="version", version=f"fbss-guide {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    build = commands.add_parser(
        "build",
        help="build the PDF handouts (and the HTML they were made from)",
        description="Check the content and catalogs, then write OUT/<lang>/<name>.pdf and "
        ".html. A failed build leaves earlier files untouched.",
        epilog=BUILD_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    build.add_argument(
        "--lang",
        action="append",
        dest="languages",
        metavar="CODE",
        help="language to build (repeat for several); default: every language",
    )
    build.add_argument("--content", type=Path, default=DEFAULT_CONTENT, metavar="DIR")
    build.add_argument("--locales", type=Path, default=DEFAULT_LOCALES, metavar="DIR")
    build.add_argument("--out", type=Path, default=DEFAULT_OUTPUT, metavar="DIR")
    build.add_argument(
        "--paper",
        choices=["a4", "letter"],
        help="build only this paper size (default: the editions in build.yaml)",
    )
    build.add_argument(
        "--large-print",
        action="store_true",
        help="build the large-print edition (18 pt body text)",
    )
    build.add_argument(
        "--clinic",
        type=Path,
        metavar="FILE",
        help="a clinic file (YAML) with the clinic's name, contact details and logo; "
        "see examples/clinic/clinic.yaml",
    )
    build.add_argument(
        "--config",
        type=Path,
        default=DEFAULT_BUILD_PLAN,
        metavar="FILE",
        help="which languages and editions to build when no --paper or --large-print "
        "is given (default: build.yaml)",
    )
    build.add_argument(
        "--jobs",
        type=int,
        default=os.cpu_count() or 1,
        metavar="N",
        help="render in N worker processes (default: the number of CPUs)",
    )
    build.add_argument(
        "--force",
        action="store_true",
        help="rebuild every edition, even those that are up to date",
    )
    build.add_argument(
        "--watch",
        action="store_true",
        help="keep running and rebuild whenever content, catalogs or templates change",
    )
    build.add_argument(
        "--allow-incomplete",
        action="store_true",
        help="build even if a catalog has fuzzy or untranslated entries (they show in "
        "English); the edition is marked as a draft",
    )

    check = commands.add_parser(
        "check",
        help="validate content and catalogs without rendering",
        description="Validate the content (schema, references, citations, evidence rules, "
        "readability) and every translation catalog. Exits non-zero on any error.",
        epilog=CHECK_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    check.add_argument("--content", type=Path, default=DEFAULT_CONTENT, metavar="DIR")
    check.add_argument("--locales", type=Path, default=DEFAULT_LOCALES, metavar="DIR")
    check.add_argument(
        "--readability",
        action="store_true",
        help="print a table of readability scores per section and write a report",
    )
    check.add_argument(
        "--pdf",
        type=Path,
        metavar="OUTDIR",
        help="also check every built PDF under OUTDIR: PDF/UA structure and print "
        "legibility (text sizes, contrast, paper size, no justified text)",
    )
    check.add_argument(
        "--lang",
        metavar="CODE",
        help="check only this language: its catalog and its readability (default: English "
        "readability and every catalog)",
    )
    check.add_argument(
        "--out",
        type=Path,
        default=DEFAULT_OUTPUT,
        metavar="DIR",
        help="where the readability report goes (default: output/)",
    )

    i18n = commands.add_parser(
        "i18n",
        help="translation catalogs: extract, init, update, compile, status",
        description="Work with the gettext catalogs under locales/.",
        epilog=I18N_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    i18n.add_argument(
        "--root",
        type=Path,
        metavar="DIR",
        help="a project folder with content/, templates/ and locales/ (default: this project)",
    )
    i18n.add_argument("--content", type=Path, metavar="DIR", help="default: ROOT/content")
    i18n.add_argument("--templates", type=Path, metavar="DIR", help="default: ROOT/templates")
    i18n.add_argument("--locales", type=Path, metavar="DIR", help="default: ROOT/locales")
    actions = i18n.add_subparsers(dest="action", required=True, metavar="ACTION")
    actions.add_parser("extract", help="write locales/messages.pot")
    init = actions.add_parser("init", help="start a catalog for a new language")
    init.add_argument("language", metavar="LANG", help="language code, for example it or pt-BR")
    actions.add_parser("update", help="merge messages.pot into every catalog")
    actions.add_parser("compile", help="write .mo files")
    actions.add_parser("status", help="print translation and review status per language")

    serve = commands.add_parser(
        "serve",
        help="the clinic web form: clinics make their own edition in a browser",
        description="Serve a web form where clinic staff add their details and logo and "
        "download their edition as a zip. See docs/serving.md.",
    )
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on")
    serve.add_argument("--port", type=int, default=8000, help="port (default: 8000)")
    serve.add_argument(
        "--project", type=Path, metavar="DIR", help="the handout's folder (default: this one)"
    )
    serve.add_argument(
        "--work-dir",
        type=Path,
        metavar="DIR",
        help="where requests and the build cache go (default: a new temporary folder)",
    )
    serve.add_argument("--workers", type=int, default=1, help="builds at once (default: 1)")
    serve.add_argument("--queue", type=int, default=8, help="requests that may wait (default: 8)")
    serve.add_argument(
        "--timeout", type=float, default=300, help="seconds a build may take (default: 300)"
    )
    return parser


def _report(problems: list[Problem]) -> int:
    for problem in problems:
        print(problem.format(), file=sys.stderr)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        print(
            f"\n{len(errors)} error(s), {len(problems) - len(errors)} warning(s).", file=sys.stderr
        )
        return EXIT_PROBLEMS
    return EXIT_OK


def _run_build(args: argparse.Namespace) -> int:
    from fbss_guide.build import BuildConfig
    from fbss_guide.clinic import load_clinic
    from fbss_guide.editions import BuildPlan, EditionSpec, load_build_plan

    if args.paper or args.large_print:
        plan = BuildPlan(editions=(EditionSpec(args.paper or "a4", args.large_print),))
    elif args.config and args.config.exists():
        plan = load_build_plan(args.config)
    else:
        plan = BuildPlan()
    languages = tuple(args.languages) if args.languages else plan.languages
    config = BuildConfig(
        content_dir=args.content,
        locales_dir=args.locales,
        out_dir=args.out,
        languages=languages,
        allow_incomplete=args.allow_incomplete,
        editions=plan.editions,
        clinic=load_clinic(args.clinic) if args.clinic else None,
        clinic_file=args.clinic,
        web=plan.web,
        jobs=max(1, args.jobs),
        force=args.force,
    )
    if args.watch:
        return _watch(config)
    return _build_once(config)


def _build_once(config: BuildConfig, pool: WorkerPool | None = None) -> int:
    from fbss_guide.build import BuildFailed, build_report
    from fbss_guide.progress import BuildProgress, print_summary

    total = len(config.all_languages()) * len(config.editions)
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
    return EXIT_OK


def _watch(config: BuildConfig) -> int:
    """Rebuild on every save; a broken file prints its problems and waits for a fix."""
    from watchfiles import watch

    from fbss_guide.build import DEFAULT_BUILD_PLAN, start_pool

    paths = [config.content_dir, config.locales_dir, config.templates_dir]
    if config.clinic_file:
        paths.append(config.clinic_file.parent)
    if DEFAULT_BUILD_PLAN.exists():
        paths.append(DEFAULT_BUILD_PLAN)

    # One pool for the whole session: each rebuild finds its workers warm.
    pool = start_pool(config.jobs) if config.jobs > 1 else None

    def attempt() -> None:
        try:
            _build_once(config, pool)
        except ContentError as error:
            _report(error.problems)
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


def _run_check(args: argparse.Namespace) -> int:
    from fbss_guide.build import READABILITY_CONFIG
    from fbss_guide.checks.catalogs import check_all_catalogs
    from fbss_guide.checks.evidence import check_evidence
    from fbss_guide.content import check_guide
    from fbss_guide.readability import load_targets, readability_problems, score_guide

    guide, problems = check_guide(args.content)
    if guide is not None and not any(p.severity == "error" for p in problems):
        # The evidence gate reports unused references as errors; drop the warning twin.
        problems = [p for p in problems if p.severity == "error"]
        problems += check_evidence(guide)
        targets = load_targets(args.locales / READABILITY_CONFIG, "en")
        report = score_guide(guide, targets)
        problems += readability_problems(report)
        if args.lang and args.lang != "en":
            from fbss_guide.build import localise

            local = localise(guide, args.lang, args.locales, allow_incomplete=True)
            translations = local.translations or gettext.NullTranslations()
            report = score_guide(
                guide,
                load_targets(args.locales / READABILITY_CONFIG, args.lang),
                lambda inline: translations.pgettext(inline.context, inline.source),
            )
            problems += readability_problems(report)
        if args.readability:
            from fbss_guide.readability_report import print_table, write_report

            print_table(report)
            print(f"\nreadability report: {write_report(report, args.out)}")
    # A translator checking one language must not see the other languages' work.
    problems += check_all_catalogs(args.locales, [args.lang] if args.lang else None)
    if args.pdf:
        from fbss_guide.checks.outputs import check_output_dir

        results, pdf_problems = check_output_dir(args.pdf)
        print(f"{'PDF':<52}{'pages':>6}{'body pt':>9}{'min pt':>8}{'contrast':>10}  result")
        for result in results:
            verdict = "pass" if not result.problems else "FAIL"
            print(
                f"{result.path.relative_to(args.pdf)!s:<52}{result.pages:>6}"
                f"{result.body_pt:>9}{result.smallest_pt:>8}{result.lowest_contrast:>9}:1"
                f"  {verdict}"
            )
        problems += pdf_problems
    status = _report(problems)
    if status == EXIT_OK:
        print(f"content and catalogs OK ({len(problems)} warning(s))")
    return status


def _run_i18n(args: argparse.Namespace) -> int:
    from fbss_guide.build import PROJECT_ROOT
    from fbss_guide.i18n import commands

    root = args.root or PROJECT_ROOT
    locales = args.locales or root / "locales"
    if args.action == "extract":
        pot = commands.extract(
            root, locales, content_dir=args.content, templates_dir=args.templates
        )
        print(f"wrote {pot}")
    elif args.action == "init":
        print(f"wrote {commands.init(locales, args.language)}")
    elif args.action == "update":
        for path in commands.update(locales):
            print(f"updated {path}")
    elif args.action == "compile":
        for path in commands.compile_all(locales):
            print(f"wrote {path}")
    else:
        rows = commands.status(locales)
        header = (
            f"{'language':<10}{'name':<28}{'translated':>11}{'fuzzy':>7}"
            f"{'untransl.':>10}{'%':>7}  {'review':<9}{'reviewer':<20}date"
        )
        print(header)
        print("-" * len(header))
        for row in rows:
            print(
                f"{row.language:<10}{row.name[:27]:<28}{row.translated:>11}{row.fuzzy:>7}"
                f"{row.untranslated:>10}{row.percent:>7.1f}  {row.review:<9}"
                f"{row.reviewer[:19]:<20}{row.reviewed_on}"
            )
        print("(fuzzy entries count as not translated)")
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    """Run a command. Every error ends here: a known one prints its message (file, line,
    key, what to do) and exits 1; anything else prints one line and the path of a saved
    report, and exits 70; Ctrl-C exits 130. No traceback reaches the user."""
    arguments = sys.argv[1:] if argv is None else argv
    args = _parser().parse_args(arguments)
    # A build that seems stuck: `kill -USR1 <pid>` prints where every thread is.
    if hasattr(signal, "SIGUSR1") and argv is None:
        faulthandler.register(signal.SIGUSR1, all_threads=True)
    try:
        if args.command == "build":
            return _run_build(args)
        if args.command == "i18n":
            return _run_i18n(args)
        if args.command == "serve":
            from fbss_guide.serve.server import serve

            return serve(
                args.host,
                args.port,
                args.project,
                args.work_dir,
                args.workers,
                args.queue,
                args.timeout,
            )
        return _run_check(args)
    except ContentError as error:
        _report(error.problems)
        print("Nothing was written; earlier output files were left as they were.", file=sys.stderr)
        return EXIT_PROBLEMS
    except BuildError as error:
        print(
            "build failed: " + textwrap.fill(str(error), 100, subsequent_indent="  ")
            if "\n" not in str(error)
            else "build failed:\n" + str(error),
            file=sys.stderr,
        )
        print("Earlier output files were left as they were.", file=sys.stderr)
        return EXIT_PROBLEMS
    except KeyboardInterrupt:
        print("interrupted; earlier output files were left as they were.", file=sys.stderr)
        return EXIT_INTERRUPTED
    except OSError as error:
        if error.errno not in _KNOWN_OS_ERRORS:
            return _unexpected(error, arguments)
        where = f" {error.filename}" if error.filename else ""
        print(
            f"cannot write or read{where}: {error.strerror or error}. "
            f"{_KNOWN_OS_ERRORS[error.errno]} Earlier output files were left as they were.",
            file=sys.stderr,
        )
        return EXIT_PROBLEMS
    except Exception as error:
        return _unexpected(error, arguments)


# Errors of the machine, not of the program: say what to do instead of filing a bug.
_KNOWN_OS_ERRORS = {
    errno.ENOSPC: "The disk is full: free some space, then build again.",
    errno.EDQUOT: "The disk quota is used up: free some space, then build again.",
    errno.EACCES: "Permission denied: choose another --out or fix the permissions.",
    errno.EPERM: "Permission denied: choose another --out or fix the permissions.",
    errno.EROFS: "The disk is read-only: choose another --out.",
    errno.ENOENT: "A file or folder named here does not exist: check the path.",
    errno.EISDIR: "A folder stands where a file was expected: check the path.",
    errno.ENOTDIR: "A file stands where a folder was expected: check the path.",
    errno.EMFILE: "Too many open files: close other programs, then build again.",
}


def _unexpected(error: BaseException, arguments: list[str]) -> int:
    from fbss_guide.crash import report_unexpected

    report_unexpected(error, arguments)
    return EXIT_SOFTWARE


if __name__ == "__main__":
    sys.exit(main())
