"""The command line's grammar: every command, its flags, help texts and examples."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from fbss_guide import __version__

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
  fbss-guide i18n override es           list the tool's interface strings in a Spanish
                                        file of this project, to reword any of them
  fbss-guide i18n --project ../copy extract
                                        extract from another project's content and templates
"""


def add_project_flag(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--project",
        type=Path,
        metavar="DIR",
        help="the guide project's folder (with fbss-guide.yaml); default: the nearest "
        "one in this folder or above",
    )


def build_parser() -> argparse.ArgumentParser:
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
    add_project_flag(build)
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
    add_project_flag(check)
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
    add_project_flag(i18n)
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
    override = actions.add_parser(
        "override",
        help="write locales/LANG/LC_MESSAGES/interface.po: the tool's interface strings, "
        "to reword any of them for this project",
    )
    override.add_argument("language", metavar="LANG", help="language code, for example es")

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
    add_project_flag(serve)
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
