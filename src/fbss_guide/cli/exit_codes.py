"""The command's exit codes, and problems printed with the code they give."""

from __future__ import annotations

import sys

from fbss_guide.errors import Problem

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2
EXIT_SOFTWARE = 70  # sysexits.h: an internal error (a bug); a report was saved
EXIT_INTERRUPTED = 130


def report_problems(problems: list[Problem]) -> int:
    for problem in problems:
        print(problem.format(), file=sys.stderr)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        print(
            f"\n{len(errors)} error(s), {len(problems) - len(errors)} warning(s).", file=sys.stderr
        )
        return EXIT_PROBLEMS
    return EXIT_OK
