"""Text hygiene for everything an editor, translator or clinic types.

Invisible characters can change what a reader sees without changing what a reviewer
sees: a right-to-left override around `{emergency}` prints "0800 123 456" as
"654 321 0080", and a zero-width space hides a word from a search. Every text input is
scanned once, at load time, and each such character is an error naming the file, the
line and the character. Numbers are isolated left-to-right by the templates, never by
characters a translator typed.

Allowed invisible characters, because languages need them: the zero-width joiner and
non-joiner (Arabic, Persian, Indic scripts) and the soft hyphen (German compounds), but
only between two letters, never next to a digit.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path

from fbss_guide.errors import Problem

# Characters that reorder text: embeddings, overrides, isolates and their terminators.
BIDI_CONTROLS = frozenset(chr(code) for code in [*range(0x202A, 0x202F), *range(0x2066, 0x206A)])
# Invisible characters a language needs inside a word.
IN_WORD = frozenset({"\u200c", "\u200d", "\u00ad"})
# Ordinary whitespace that text files may contain.
WHITESPACE = frozenset({"\n", "\t", "\r"})


@dataclass(frozen=True)
class BadCharacter:
    index: int
    char: str
    reason: str

    @property
    def name(self) -> str:
        return character_name(self.char)


def character_name(char: str) -> str:
    """'U+202E RIGHT-TO-LEFT OVERRIDE', or a control character's code alone."""
    name = unicodedata.name(char, "")
    code = f"U+{ord(char):04X}"
    return f"{code} {name}" if name else f"{code} (control character)"


def _is_letter(char: str) -> bool:
    # Marks count as letters: Arabic and Indic words carry vowel signs next to a ZWNJ.
    # `char` is "" at either end of the text.
    return len(char) == 1 and unicodedata.category(char)[0] in "LM"


def bad_characters(text: str, allow_newlines: bool = True) -> list[BadCharacter]:
    """Every character in text that could hide or reorder what a reader sees."""
    # Almost every text is plain: one pass in C says so, and the loop below (a few
    # seconds per build over every text of every language) runs only when needed.
    plain = text.replace("\t", "")
    if allow_newlines:
        plain = plain.replace("\n", "").replace("\r", "")
    if plain.isprintable() and not any(char in text for char in IN_WORD):
        return []
    found: list[BadCharacter] = []
    for index, char in enumerate(text):
        if char.isprintable() and char not in IN_WORD:
            continue
        if char in WHITESPACE and (allow_newlines or char == "\t"):
            continue
        if char == " ":
            continue
        if char in BIDI_CONTROLS:
            found.append(BadCharacter(index, char, "it reverses or reorders the text around it"))
            continue
        if char in IN_WORD:
            before = text[index - 1] if index else ""
            after = text[index + 1] if index + 1 < len(text) else ""
            if before.isdigit() or after.isdigit():
                found.append(BadCharacter(index, char, "it is next to a digit"))
            elif not (_is_letter(before) and _is_letter(after)):
                found.append(BadCharacter(index, char, "it is only allowed inside a word"))
            continue
        category = unicodedata.category(char)
        if category in ("Zs", "Co", "Cn"):
            # Visible spacing (no-break space, thin space) is harmless; private-use and
            # unassigned characters are visible as what they are, or fail the build's
            # missing-glyph check with their code.
            continue
        found.append(BadCharacter(index, char, "it is invisible or a control character"))
    return found


def describe(bad: BadCharacter) -> str:
    return f"invisible character {bad.name} is not allowed: {bad.reason}"


HINT = (
    "delete the character (it often comes from copying text from another program); "
    "numbers and phone numbers are kept left-to-right by the templates"
)


def file_problems(text: str, file: Path | str, key: str = "") -> list[Problem]:
    """Problems for every bad character of a whole file, each with its line number."""
    problems: list[Problem] = []
    for number, line in enumerate(text.split("\n"), start=1):
        for bad in bad_characters(line.rstrip("\r"), allow_newlines=False):
            problems.append(Problem(str(file), number, key, describe(bad), HINT))
            if len(problems) >= 20:  # enough to find the pattern; do not flood the screen
                return problems
    return problems
