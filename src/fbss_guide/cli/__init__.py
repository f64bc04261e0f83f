"""Command line: `main` reads the flags (parser.py), runs the command (one module each:
build_command.py, check_command.py, i18n_command.py, new_command.py; serve is the
web app's) and is the one top-level error handler: exit codes in exit_codes.py."""

from __future__ import annotations

import errno
import faulthandler
import os
import signal
import sys
import textwrap

from fbss_guide.cli.build_command import run_build
from fbss_guide.cli.check_command import run_check
from fbss_guide.cli.exit_codes import (
    EXIT_INTERRUPTED,
    EXIT_PROBLEMS,
    EXIT_SOFTWARE,
    report_problems,
)
from fbss_guide.cli.i18n_command import run_i18n
from fbss_guide.cli.new_command import run_new
from fbss_guide.cli.parser import build_parser
from fbss_guide.errors import BuildError, ContentError


def main(argv: list[str] | None = None) -> int:
    """Run a command. Every error ends here: a known one prints its message (file, line,
    key, what to do) and exits 1; anything else prints one line and the path of a saved
    report, and exits 70; Ctrl-C exits 130. No traceback reaches the user."""
    arguments = sys.argv[1:] if argv is None else argv
    args = build_parser().parse_args(arguments)
    # A build that seems stuck: `kill -USR1 <pid>` prints where every thread is.
    if hasattr(signal, "SIGUSR1") and argv is None:
        faulthandler.register(signal.SIGUSR1, all_threads=True)
    try:
        if args.command == "build":
            return run_build(args)
        if args.command == "i18n":
            return run_i18n(args)
        if args.command == "new":
            return run_new(args)

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
        return run_check(args)
    except ContentError as error:
        report_problems(error.problems)
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
    except BrokenPipeError:
        # The reader of the output went away (`fbss-guide i18n status | head`): not a
        # bug. Point stdout at nothing, so Python's exit does not fail on it again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_PROBLEMS
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
