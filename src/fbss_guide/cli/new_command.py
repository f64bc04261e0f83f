"""`fbss-guide new`: start a guide project from the starter."""

from __future__ import annotations

import argparse

from fbss_guide.cli.exit_codes import EXIT_OK


def run_new(args: argparse.Namespace) -> int:
    from fbss_guide.scaffold import new_project

    folder = new_project(args.directory, guide_id=args.id, title=args.title)
    print(f"started a guide in {folder}")
    print(f"next: cd {folder} && fbss-guide build")
    return EXIT_OK
