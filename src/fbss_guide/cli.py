"""Command line: parse flags, call build() or the checks, print results, set exit codes."""

from __future__ import annotations

import argparse
import sys
import textwrap
from pathlib import Path

from fbss_guide import __version__
from fbss_guide.errors import BuildError, ContentError

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2

BUILD_EXAMPLES = """\
examples:
  fbss-guide build                      build every language into output/
  fbss-guide build --lang en            build only the English handout
  fbss-guide build --content my-content --out /tmp/handouts
"""

CHECK_EXAMPLES = """\
examples:
  fbss-guide check                      validate content: schema, references, citations
  fbss-guide check --readability        also print readability scores and write a report
  fbss-guide check --content my-content
"""


def _parser() -> argparse.ArgumentParser:
    from fbss_guide.build import DEFAULT_CONTENT, DEFAULT_OUTPUT

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
        description="Check the content, then write OUT/<lang>/<name>.pdf and .html. "
        "A failed build leaves earlier files untouched.",
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
    build.add_argument("--out", type=Path, default=DEFAULT_OUTPUT, metavar="DIR")

    check = commands.add_parser(
        "check",
        help="validate content without rendering",
        description="Validate the content: schema, references, citations, evidence rules "
        "and readability. Exits non-zero on any error.",
        epilog=CHECK_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    check.add_argument("--content", type=Path, default=DEFAULT_CONTENT, metavar="DIR")
    check.add_argument(
        "--readability",
        action="store_true",
        help="print a table of readability scores per section and write a report",
    )
    check.add_argument(
        "--out",
        type=Path,
        default=DEFAULT_OUTPUT,
        metavar="DIR",
        help="where the readability report goes (default: output/)",
    )
    return parser


def _print_problems(error: ContentError) -> None:
    errors = [p for p in error.problems if p.severity == "error"]
    for problem in error.problems:
        print(problem.format(), file=sys.stderr)
    print(f"\n{len(errors)} error(s). Nothing was written.", file=sys.stderr)


def _run_build(args: argparse.Namespace) -> int:
    from fbss_guide.build import BuildConfig, build

    config = BuildConfig(
        content_dir=args.content,
        out_dir=args.out,
        languages=tuple(args.languages or ("en",)),
    )
    built = build(config)
    for item in built:
        print(f"wrote {item.pdf} ({item.pages} pages) and {item.html.name}")
    return EXIT_OK


def _run_check(args: argparse.Namespace) -> int:
    from fbss_guide.checks.evidence import check_evidence
    from fbss_guide.content import check_guide
    from fbss_guide.readability import Targets, readability_problems, score_guide

    guide, problems = check_guide(args.content)
    if guide is not None and not any(p.severity == "error" for p in problems):
        # Unused references are warnings in the schema check; the evidence gate makes them
        # errors, so drop the duplicate warning.
        problems = [p for p in problems if p.severity == "error"]
        problems += check_evidence(guide)
        report = score_guide(guide, Targets())
        problems += readability_problems(report)
        if args.readability:
            from fbss_guide.readability_report import print_table, write_report

            print_table(report)
            path = write_report(report, args.out)
            print(f"\nreadability report: {path}")
    for problem in problems:
        print(problem.format(), file=sys.stderr)
    errors = [p for p in problems if p.severity == "error"]
    warnings = len(problems) - len(errors)
    if errors:
        print(f"\n{len(errors)} error(s), {warnings} warning(s).", file=sys.stderr)
        return EXIT_PROBLEMS
    print(f"content OK ({warnings} warning(s))")
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "build":
            return _run_build(args)
        return _run_check(args)
    except ContentError as error:
        _print_problems(error)
        return EXIT_PROBLEMS
    except BuildError as error:
        print(
            "build failed: " + textwrap.fill(str(error), 100, subsequent_indent="  "),
            file=sys.stderr,
        )
        print("Earlier output files were left as they were.", file=sys.stderr)
        return EXIT_PROBLEMS
    except KeyboardInterrupt:
        print("interrupted; earlier output files were left as they were.", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
