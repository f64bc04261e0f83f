"""`fbss-guide i18n`: extract, init, update, compile and status of the catalogs."""

from __future__ import annotations

import argparse

from fbss_guide.cli.exit_codes import EXIT_OK


def run_i18n(args: argparse.Namespace) -> int:
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
        from fbss_guide.i18n.interface import package_languages
        from fbss_guide.i18n.paths import interface_po_path

        print(f"wrote {commands.init(locales, args.language)}")
        if args.language in package_languages():
            print(f"the tool's interface strings come translated into '{args.language}'")
        else:
            print(
                f"wrote {interface_po_path(locales, args.language)}: the tool's interface "
                f"strings, which it does not ship in '{args.language}' yet; translate them too"
            )
    elif args.action == "override":
        path = commands.start_overrides(locales, args.language)
        print(f"wrote {path}")
        print(
            "every interface string is listed with the tool's translation in a comment; "
            "write a msgstr only for those you want to change (an empty one keeps the tool's)"
        )
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
            f"{'untransl.':>10}{'%':>7}  {'interface':<25}{'review':<9}{'reviewer':<20}date"
        )
        print(header)
        print("-" * len(header))
        for row in rows:
            print(
                f"{row.language:<10}{row.name[:27]:<28}{row.translated:>11}{row.fuzzy:>7}"
                f"{row.untranslated:>10}{row.percent:>7.1f}  {row.interface[:24]:<25}"
                f"{row.review:<9}"
                f"{row.reviewer[:19]:<20}{row.reviewed_on}"
            )
        print(
            "(fuzzy entries count as not translated; interface: the tool's own strings, "
            "from the tool, with the project's overrides, or missing)"
        )
    return EXIT_OK
