"""What a user sees when something goes wrong that no check foresaw.

Never a traceback on the terminal: one line saying what failed and where the full
report was saved (as Sphinx saves `sphinx-err-*.log`), so it can be attached to a bug
report. The report holds the command, the versions and the traceback.
"""

from __future__ import annotations

import os
import platform
import sys
import tempfile
import traceback
from pathlib import Path

from fbss_guide import __version__


def save_report(error: BaseException, argv: list[str]) -> Path:
    from fbss_guide.output_dir.cache import dependency_versions

    try:
        versions = dependency_versions()
    except Exception as failure:  # the report must be written whatever else is broken
        versions = f"(could not read versions: {failure!r})"
    text = "\n".join(
        [
            f"fbss-guide {__version__}, Python {platform.python_version()}",
            f"system: {platform.platform()}",
            f"command: fbss-guide {' '.join(argv)}",
            f"working folder: {os.getcwd()}",
            "",
            versions,
            "",
            "".join(traceback.format_exception(error)),
        ]
    )
    fd, name = tempfile.mkstemp(prefix="fbss-guide-err-", suffix=".log")
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    return Path(name)


def describe(error: BaseException) -> str:
    """One line: the error's type and first line, and the innermost place in our code."""
    frames = traceback.extract_tb(error.__traceback__)
    ours = [frame for frame in frames if "fbss_guide" in frame.filename]
    where = ""
    if ours:
        frame = ours[-1]
        where = f" in {Path(frame.filename).name}:{frame.lineno} ({frame.name})"
    message = str(error).splitlines()[0] if str(error) else ""
    return f"{type(error).__name__}{': ' + message if message else ''}{where}"


def report_unexpected(error: BaseException, argv: list[str]) -> None:
    try:
        path: Path | None = save_report(error, argv)
    except OSError:
        path = None
    saved = f"the full report is in {path}" if path else "the report could not be saved"
    print(
        f"fbss-guide stopped on an unexpected error: {describe(error)}; {saved}. "
        "Please attach it to a bug report.",
        file=sys.stderr,
    )
