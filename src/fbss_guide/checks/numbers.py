"""Numbers in a translation must be the source's numbers.

"1 in 5" translated as "1 de cada 50" passes every placeholder and markup check, and
pofilter misses it too; in a health handout it changes a risk tenfold. Numbers are
compared as digit strings after mapping the digits of every script (Unicode's decimal
digits, Nd: Arabic-Indic, Devanagari, full-width, mathematical..., and digit forms such
as superscripts and circled digits) to ASCII and dropping
group and decimal separators, so "1,5" (de) matches "1.5" and "10 000" (fr) matches
"10,000". A number that is only missing (perhaps written as a word, "cinq") is a warning
for review; a number replaced by another is an error. A number only added is a warning,
except in a `strict` text (the warning signs, the quick card, the interface strings
around the emergency number): there it is an error, because "Call 0900 666 666 (not
{emergency})" would send a reader in an emergency to a number nobody checked.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import cache

from fbss_guide.errors import Problem

# Citation keys ([@smith-2020]), placeholders ({percent:40}) and link targets carry
# digits that are not numbers of the text; other checks compare them.
_NOT_TEXT = re.compile(r"\[@[^\]]*\]|\{[^{}]*\}|\]\([^()\s]*\)|%\(\w+\)[sd]")
# A number with optional groups of three (",", ".", "'", the Arabic U+066C, narrow and
# no-break spaces) and an optional decimal part ("." "," or the Arabic U+066B).
_GROUP = "[,.'\u066c\u00a0\u202f\u2009 ]"
_NUMBER = re.compile(rf"\d+(?:{_GROUP}\d{{3}}(?!\d))*(?:[.,\u066b]\d+)?")


@cache
def _digit_table() -> dict[int, str]:
    """Every character that is a digit to Unicode (the decimal digits of every script,
    Nd, and digit forms such as superscripts and circled digits) -> its ASCII digit.
    Numerals that are words (Chinese 九) are not digits and stay as they are. Built once
    (about 50 ms): the planes past 1 hold no digits."""
    table: dict[int, str] = {}
    for code in range(0x80, 0x20000):
        value = unicodedata.digit(chr(code), None)
        if value is not None:
            table[code] = str(value)
    return table


def numbers(text: str) -> Counter[str]:
    """The numbers of a text as digit strings, separators dropped: '10 000' -> '10000'."""
    plain = _NOT_TEXT.sub(" ", text)
    if not plain.isascii():
        plain = plain.translate(_digit_table())
    return Counter(re.sub(r"\D", "", match) for match in _NUMBER.findall(plain))


def number_problems(
    file: str,
    line: int | None,
    entry: str,
    source: str,
    translation: str,
    strict: bool = False,
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
    if added and strict:
        return [
            Problem(
                file,
                line,
                entry,
                f"the translation adds the number {', '.join(added)}, which the English "
                "does not have: in the warning signs, on the quick card and in the "
                "interface texts a translation may not add a number (a wrong phone number "
                "there sends a reader in an emergency to the wrong place)",
                "write only the numbers of the English text; the clinic's numbers come "
                "from the clinic file through {emergency}",
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
