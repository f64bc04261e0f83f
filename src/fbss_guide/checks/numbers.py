"""Numbers in a translation must be the source's numbers.

"1 in 5" translated as "1 de cada 50" passes every placeholder and markup check, and
pofilter misses it too; in a health handout it changes a risk tenfold. Numbers are
compared as digit strings after mapping locale digits (Arabic-Indic, Persian,
full-width) to ASCII and dropping group and decimal separators, so "1,5" (de) matches
"1.5" and "10 000" (fr) matches "10,000". A number that is only missing (perhaps written
as a word, "cinq") or only added is a warning for review; a number replaced by another
is an error.
"""

from __future__ import annotations

import re
from collections import Counter

from fbss_guide.errors import Problem

# Citation keys ([@smith-2020]), placeholders ({percent:40}) and link targets carry
# digits that are not numbers of the text; other checks compare them.
_NOT_TEXT = re.compile(r"\[@[^\]]*\]|\{[^{}]*\}|\]\([^()\s]*\)|%\(\w+\)[sd]")
# Locale digits to ASCII: Arabic-Indic, Extended Arabic-Indic (Persian, Urdu), full-width.
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹０１２３４５６７８９", "0123456789" * 3)
# A number with optional groups of three (",", ".", "'", the Arabic U+066C, narrow and
# no-break spaces) and an optional decimal part ("." "," or the Arabic U+066B).
_GROUP = "[,.'\u066c\u00a0\u202f\u2009 ]"
_NUMBER = re.compile(rf"\d+(?:{_GROUP}\d{{3}}(?!\d))*(?:[.,\u066b]\d+)?")


def numbers(text: str) -> Counter[str]:
    """The numbers of a text as digit strings, separators dropped: '10 000' -> '10000'."""
    plain = _NOT_TEXT.sub(" ", text).translate(_DIGITS)
    return Counter(re.sub(r"\D", "", match) for match in _NUMBER.findall(plain))


def number_problems(
    file: str, line: int | None, entry: str, source: str, translation: str
) -> list[Problem]:
    expected, found = numbers(source), numbers(translation)
    missing = sorted((expected - found).elements())
    added = sorted((found - expected).elements())
    if missing and added:
        return [
            Problem(
                file,
                line,
                entry,
                f"numbers differ: the source has {', '.join(missing)} where the translation "
                f"has {', '.join(added)}",
                "write the source's numbers (your language's digits and separators are fine)",
            )
        ]
    if missing:
        return [
            Problem(
                file,
                line,
                entry,
                f"the source's number {', '.join(missing)} is not in the translation",
                "if it is written as a word, check that the word says the same number; "
                "digits are safer",
                severity="warning",
            )
        ]
    if added:
        return [
            Problem(
                file,
                line,
                entry,
                f"the translation has the number {', '.join(added)}, which the source does not",
                "check that it does not change the meaning",
                severity="warning",
            )
        ]
    return []
