"""The Plural-Forms header of a catalog, checked by what it must do, not by a table.

A header is valid when its expression parses as gettext's C subset, every plural
entry has `nplurals` translations, and the expression maps every number from 0 to
1000 to one of them and uses every one of them. Both GNU gettext's conventional forms
(French: `nplurals=2; plural=(n > 1)`) and CLDR's (French: three forms, one for
"millions") are valid; a difference from CLDR is at most a warning. Libraries change
their tables between releases (Babel 2.19 did), so nothing here depends on one to pass.
"""

from __future__ import annotations

import gettext
import re
from collections.abc import Callable
from pathlib import Path

from fbss_guide.errors import Problem

_HEADER = re.compile(r"^\s*nplurals\s*=\s*(\d+)\s*;\s*plural\s*=\s*(.+?)\s*;?\s*$")
# 0-1000, and the large round numbers some CLDR rules single out (French "millions").
_CHECKED_NUMBERS = (*range(1001), *(10**power for power in range(4, 10)))


def parse_plural_forms(header: str) -> tuple[int, Callable[[int], int]]:
    """(nplurals, plural function) from a Plural-Forms value; ValueError if invalid."""
    match = _HEADER.match(header)
    if not match:
        raise ValueError("expected 'nplurals=N; plural=EXPRESSION;'")
    count = int(match.group(1))
    if count < 1:
        raise ValueError("nplurals must be at least 1")
    # gettext.c2py accepts only gettext's C subset and raises ValueError otherwise.
    return count, gettext.c2py(match.group(2))


def raw_plural_forms(path: Path) -> str:
    """The header as written in the file (Babel fills in a default for a missing or
    partial one, which would hide the mistake). The header entry's string may be
    wrapped over several quoted lines."""
    header: list[str] = []
    inside = False
    for text in path.read_text(encoding="utf-8", errors="replace").splitlines():
        if text.startswith('msgstr ""') and not header:
            inside = True
        elif inside and text.startswith('"'):
            header.append(text.strip()[1:-1])
        elif inside:
            break
    for field in "".join(header).split("\\n"):
        name, _, value = field.partition(":")
        if name.strip().lower() == "plural-forms":
            return value.strip()
    return ""


def plural_entries(path: Path) -> list[tuple[int, str, int]]:
    """(line, msgid, number of msgstr[N]) of every plural entry, read from the file
    itself: Babel pads a short entry with empty strings, which would hide it."""
    entries = []
    line_number, msgid, forms, plural = 0, "", 0, False
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    for number, text in enumerate([*lines, ""], start=1):
        if text.startswith("msgid "):
            line_number, msgid, forms, plural = number, text[7:-1], 0, False
        elif text.startswith("msgid_plural "):
            plural = True
        elif text.startswith("msgstr["):
            forms += 1
        elif not text.strip() and plural:
            entries.append((line_number, msgid, forms))
            plural = False
    return entries


def check_plural_forms(path: Path, expected: str | None) -> list[Problem]:
    """Problems with a catalog's plural header and plural entries. `expected` is the
    CLDR header for the language, if known, used only for a warning and a hint."""
    shown = str(path)
    header = raw_plural_forms(path)
    hint = f"a valid header for this language: {expected}" if expected else ""
    try:
        count, plural = parse_plural_forms(header)
    except ValueError as error:
        return [Problem(shown, 1, "Plural-Forms", f"invalid header {header!r}: {error}", hint)]
    problems = []
    out_of_range = [n for n in _CHECKED_NUMBERS if not 0 <= _safe(plural, n) < count]
    if out_of_range:
        problems.append(
            Problem(
                shown,
                1,
                "Plural-Forms",
                f"the plural expression gives no valid form for n = {out_of_range[0]} "
                f"(nplurals={count})",
                hint,
            )
        )
    unused = sorted(set(range(count)) - {_safe(plural, n) for n in _CHECKED_NUMBERS})
    if unused and not out_of_range:
        problems.append(
            Problem(
                shown,
                1,
                "Plural-Forms",
                f"nplurals={count} but the plural expression never gives form(s) "
                + ", ".join(map(str, unused)),
                hint,
            )
        )
    for line, msgid, forms in plural_entries(path):
        if forms != count:
            problems.append(
                Problem(
                    shown,
                    line,
                    f"msgid '{msgid}'",
                    f"the entry has {forms} plural forms but the header says nplurals={count}",
                    "give the entry one msgstr[N] per form, or correct the header",
                )
            )
    if expected and not problems:
        expected_match = _HEADER.match(expected)
        expected_count = int(expected_match.group(1)) if expected_match else None
        if expected_count is not None and expected_count != count:
            problems.append(
                Problem(
                    shown,
                    1,
                    "Plural-Forms",
                    f"nplurals={count} is valid, but CLDR gives this language "
                    f"{expected_count} forms",
                    f"keep it if it suits your translators' tools, or use: {expected}",
                    severity="warning",
                )
            )
    return problems


def _safe(plural: Callable[[int], int], number: int) -> int:
    try:
        return int(plural(number))
    except (ArithmeticError, ValueError):  # e.g. n % 0
        return -1
