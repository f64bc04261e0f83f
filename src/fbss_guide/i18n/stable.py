"""Keep catalog files byte-stable when their messages did not change.

Babel stamps a new POT-Creation-Date (and, on update, copies it into every catalog) on
each run, so every extract or update touched all languages and every pull request
showed six changed catalogs. Here a freshly written file that differs from the file it
replaces only in those date lines is thrown away and the old file is kept.
"""

from __future__ import annotations

import re
from pathlib import Path

from fbss_guide.output_dir.atomic import atomic_write_text

# Header lines that change on every run without any message changing.
_DATE_LINE = re.compile(r'^"(POT-Creation-Date|PO-Revision-Date): [^"]*\\n"$', re.MULTILINE)


def without_dates(text: str) -> str:
    return _DATE_LINE.sub("", text)


def keep_if_unchanged(new_text: str, target: Path) -> bool:
    """Write `new_text` to `target` unless it differs from the existing file only in the
    header dates. Returns True if the file was written."""
    if target.exists():
        old_text = target.read_text(encoding="utf-8")
        if without_dates(old_text) == without_dates(new_text):
            return False
    atomic_write_text(target, new_text)
    return True
