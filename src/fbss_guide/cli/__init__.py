"""Command line: parse flags, call build() or the checks, print results, set exit codes."""

from __future__ import annotations

import argparse
import errno
import faulthandler
import os
import signal
import sys
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING

from fbss_guide import __version__
from fbss_guide.errors import BuildError, ContentError, Problem

if TYPE_CHECKING:
    from fbss_guide.engine.pool import WorkerPool
    from fbss_guide.project.config import BuildConfig
    from fbss_guide.project.editions import EditionSpec

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
  fbss-guide build --project ../other-guide --out /tmp/handouts
  fbss-guide build --format card --paper letter
                                        only the quick cards on Letter paper
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
  fbss-guide check --project ../other-guide
  fbss-guide check --pdf output          also check every built PDF in output/
"""

I18N_EXAMPLES = """\
examples:
  fbss-guide i18n extract               update locales/messages.pot from templates and content
  fbss-guide i18n init it               start an Italian catalog
  fbss-guide i18n update                merge messages.pot into every catalog (keeps all work)
  fbss-guide i18n compile               write .mo files beside the catalogs
  fbss-guide i18n status                translated / fuzzy / untranslated and review status
  fbss-guide i18n --project ../copy extract
                                        extract from another project's content and templates
"""


def _add_project(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--project",
        type=Path,
        metavar="DIR",
        help="the guide project's folder (with fbss-guide.yaml); default: the nearest "
        "one in this folder or above",
    )


def _parser() -> argparse.ArgumentParser:
    from fbss_guide.formats import FORMATS

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
    _add_project(build)
    build.add_argument("--content", type=Path, metavar="DIR", help="default: the project's")
    build.add_argument("--locales", type=Path, metavar="DIR", help="default: the project's")
    build.add_argument("--out", type=Path, metavar="DIR", help="default: the project's output")
    build.add_argument(
        "--format",
        choices=list(FORMATS),
        help="build only this output format (default: the editions in fbss-guide.yaml)",
    )
    build.add_argument(
        "--paper",
        choices=["a4", "letter"],
        help="build only this paper size, of the handout unless --format is given "
        "(default: the editions in fbss-guide.yaml)",
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
    _add_project(check)
    check.add_argument("--content", type=Path, metavar="DIR", help="default: the project's")
    check.add_argument("--locales", type=Path, metavar="DIR", help="default: the project's")
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
        metavar="DIR",
        help="where the readability report goes (default: the project's output folder)",
    )

    i18n = commands.add_parser(
        "i18n",
        help="translation catalogs: extract, init, update, compile, status",
        description="Work with the gettext catalogs under locales/.",
        epilog=I18N_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _add_project(i18n)
    i18n.add_argument("--content", type=Path, metavar="DIR", help="default: the project's")
    i18n.add_argument(
        "--templates", type=Path, metavar="DIR", help="template overrides; default: the project's"
    )
    i18n.add_argument("--locales", type=Path, metavar="DIR", help="default: the project's")
    actions = i18n.add_subparsers(dest="action", required=True, metavar="ACTION")
    actions.add_parser("extract", help="write locales/messages.pot")
    init = actions.add_parser("init", help="start a catalog for a new language")
    init.add_argument("language", metavar="LANG", help="language code, for example it or pt-BR")
    actions.add_parser("update", help="merge messages.pot into every catalog")
    actions.add_parser("compile", help="write .mo files")
    actions.add_parser("status", help="print translation and review status per language")

    new = commands.add_parser(
        "new",
        help="start a new guide project in a folder",
        description="Write a small guide project that builds and passes every check: "
        "fbss-guide.yaml, a section using every block kind, one reference, and an empty "
        "set of catalogs. Then edit content/ and run 'fbss-guide build' inside the folder.",
    )
    new.add_argument("directory", type=Path, metavar="DIR", help="a new or empty folder")
    new.add_argument("--id", help="the guide's id, used in file names (default: the folder name)")
    new.add_argument("--title", help="the guide's title (default: a placeholder to replace)")

    serve = commands.add_parser(
        "serve",
        help="the clinic web form: clinics make their own edition in a browser",
        description="Serve a web form where clinic staff add their details and logo and "
        "download their edition as a zip. See docs/serving.md.",
    )
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on")
    serve.add_argument("--port", type=int, default=8000, help="port (default: 8000)")
    _add_project(serve)
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
    serve.add_argument(
        "--connections",
        type=int,
        default=1000,
        metavar="N",
        help="open connections at once (default: 1000; idle ones close after 20 s)",
    )
    serve.add_argument(
        "--trusted-proxy",
        metavar="ADDRESS",
        help="the reverse proxy's address (e.g. 127.0.0.1): its X-Forwarded-Proto header "
        "is believed, so a visit over HTTPS gets a Secure cookie (see docs/serving.md)",
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
        from fbss_guide.output.stale_outputs import stale_notice, stale_outputs

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
    from fbss_guide.engine.checking import check_sources
    from fbss_guide.project.project_file import load_project

    project = load_project(args.project)
    result = check_sources(
        args.content or project.content_dir,
        args.locales or project.locales_dir,
        args.lang,
        [spec.format for spec in project.editions],
    )
    problems = result.problems
    if args.readability and result.readability is not None:
        from fbss_guide.readability.report import print_table, write_report

        print_table(result.readability)
        out = args.out or project.out_dir
        print(f"\nreadability report: {write_report(result.readability, out)}")
    if args.pdf:
        from fbss_guide.checks.outputs import check_output_dir

        results, pdf_problems = check_output_dir(args.pdf)
        print(f"{'PDF':<52}{'pages':>6}{'body pt':>9}{'min pt':>8}{'contrast':>10}  result")
        for pdf in results:
            verdict = "pass" if not pdf.problems else "FAIL"
            print(
                f"{pdf.path.relative_to(args.pdf)!s:<52}{pdf.pages:>6}"
                f"{pdf.body_pt:>9}{pdf.smallest_pt:>8}{pdf.lowest_contrast:>9}:1"
                f"  {verdict}"
            )
        problems += pdf_problems
    status = _report(problems)
    if status == EXIT_OK:
        print(f"content and catalogs OK ({len(problems)} warning(s))")
    return status


def _run_i18n(args: argparse.Namespace) -> int:
    from fbss_guide.i18n import commands
    from fbss_guide.project.project_file import load_project

    project = load_project(args.project)
    locales = args.locales or project.locales_dir
    if args.action == "extract":
        pot = commands.extract(
            locales,
            content_dir=args.content or project.content_dir,
            templates_dir=args.templates or project.templates_dir,
            contact=project.translation_contact,
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


def _run_new(args: argparse.Namespace) -> int:
    from fbss_guide.scaffold import new_project

    folder = new_project(args.directory, guide_id=args.id, title=args.title)
    print(f"started a guide in {folder}")
    print(f"next: cd {folder} && fbss-guide build")
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
        if args.command == "new":
            return _run_new(args)

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
                args.connections,
                args.trusted_proxy,
            )
        return _run_check(args)
    except ContentError as error:
        _report(error.problems)
        print("Nothing was written; earlier output files were left as they were.", file=sys.stderr)
        return EXIT_PROBLEMS
    except BuildError as error:
        failed = f"{args.command} failed:"
        print(
            f"{failed} " + textwrap.fill(str(error), 100, subsequent_indent="  ")
            if "\n" not in str(error)
            else f"{failed}\n" + str(error),
            file=sys.stderr,
        )
        if args.command == "build":
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
