"""Give right-to-left text its logical order for assistive technology.

WeasyPrint stores right-to-left runs in visual order and writes no /ActualText, so an
extractor or screen reader must guess the order back: citation numbers come out
reversed ("[1, 2]" read as "2 1"), words run together and diacritics split off. The PDF
no longer knows the logical order; the HTML it came from does. For each structure
element whose text holds right-to-left letters, this finds the HTML element of the same
type with the same letters (compared as a sorted multiset: `html_text.letters_key`) and sets
its /ActualText to the HTML's text, which a screen reader reads in place of the glyphs.
It goes down to the smallest element that matches: a paragraph, heading, list item's
body, table cell, caption, or, inside an element that matches nothing (text made by the
style sheet), its parts.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, deque
from functools import cache
from typing import Any, Protocol

import pikepdf

from fbss_guide.guide.labels import symbol_only
from fbss_guide.pdf.html_text import HtmlText, letters_key, normalise


class Element(Protocol):
    """A structure element as `pdf.tree.Node` copies it (named by its interface, not
    the class)."""

    obj: Any
    kind: str
    items: list[Any]  # child elements, and (page, own page, MCID) tuples

    @property
    def children(self) -> list[Any]: ...

    def text(self, text: dict[tuple[int, int], str]) -> str: ...


# Structure types whose HTML counterpart is looked for; an LBody is the HTML <li>
# without its number, which the PDF keeps in the Lbl beside it.
_MATCHED = {
    "P": "P",
    "H1": "H1",
    "H2": "H2",
    "H3": "H3",
    "H4": "H4",
    "H5": "H5",
    "H6": "H6",
    "LBody": "LI",
    "TD": "TD",
    "TH": "TH",
    "Caption": "Caption",
    "Span": "Span",
    "Link": "Link",
    "Div": "Div",
}

# Elements that hold blocks of their own: their parts get the /ActualText.
_BLOCKS = frozenset(
    {"P", "H1", "H2", "H3", "H4", "H5", "H6", "L", "LI", "Table", "Div", "Sect", "Caption"}
)


@cache
def _right_to_left_char(char: str) -> bool:
    return unicodedata.bidirectional(char) in {"R", "AL"}


def right_to_left(text: str) -> bool:
    return any(map(_right_to_left_char, set(text)))


def without_symbols(text: str) -> str:
    """The text without label symbols (✔ ●●○○ ✔?), which the PDF keeps silent
    (`pdf.tags.hide_symbols`): the words beside them say the same. A question mark is
    a symbol only right after another ("✔?"); elsewhere it ends a question."""
    return normalise(_SYMBOLS.sub(" ", text))


def _holds_other_language(node: Element, text: dict[tuple[int, int], str]) -> bool:
    """Whether an element below is a part in a left-to-right language: it has its own
    /Lang (set by `pdf.languages.set_languages`) and no right-to-left letters."""
    return any(
        not isinstance(item, tuple)
        and (
            (item.obj.get("/Lang") is not None and not right_to_left(item.text(text)))
            or _holds_other_language(item, text)
        )
        for item in node.items
    )


_QUESTION_MARKS = "?\u061f"
_SYMBOL_CHARACTERS = "".join(
    sorted(char for char in map(chr, range(0x2000, 0x2800)) if symbol_only(char))
)
_SYMBOLS = re.compile(f"[{_SYMBOL_CHARACTERS}][{_SYMBOL_CHARACTERS}{_QUESTION_MARKS}]*")
_MIRRORED = str.maketrans("()[]{}<>", ")(][}{><")


def _part_of(visual: str, texts: list[str]) -> str | None:
    """The piece of one of `texts` that holds the same letters and digits as `visual`
    (a visual-order run) in one stretch, with the punctuation `visual` has around it.

    A stretch that starts and ends at word boundaries wins over one that does not: in
    "الأضرار الرئيسية الأضرار قليلة." the letters of "الأضرار قليلة" are also those of
    "ة الأضرار قليل", which starts inside the word before."""
    wanted = Counter(filter(str.isalnum, visual))
    size = sum(wanted.values())
    if not size:
        return None
    fallback: str | None = None
    for text in texts:
        positions = [index for index, char in enumerate(text) if char.isalnum()]
        if len(positions) < size or wanted - Counter(text[i] for i in positions):
            continue
        window = Counter(text[i] for i in positions[:size])
        for first in range(len(positions) - size + 1):
            if first:
                window[text[positions[first - 1]]] -= 1
                window[text[positions[first + size - 1]]] += 1
            if +window != wanted:
                continue
            start, end = positions[first], positions[first + size - 1]
            if _whole_words(text, start, end):
                return _widen(text, start, end, visual)
            if fallback is None:
                fallback = _widen(text, start, end, visual)
    return fallback


def _whole_words(text: str, start: int, end: int) -> bool:
    """text[start:end + 1] neither starts nor ends inside a word (a vowel mark belongs to
    the letter before it)."""

    def mark(char: str) -> bool:
        return unicodedata.category(char).startswith("M")

    after = end + 1
    while after < len(text) and mark(text[after]):
        after += 1
    before = text[start - 1] if start > 0 else " "
    return not (before.isalnum() or mark(before)) and not (
        after < len(text) and text[after].isalnum()
    )


def _widen(text: str, start: int, end: int, visual: str) -> str:
    """text[start:end + 1], widened over the spaces and the punctuation and marks of
    `visual` next to it (brackets compared mirrored or not: the glyph may be either)."""
    spare = Counter(char for char in visual + visual.translate(_MIRRORED) if not char.isalnum())
    while (
        start > 0
        and not text[start - 1].isalnum()
        and (text[start - 1].isspace() or spare[text[start - 1]] > 0)
    ):
        start -= 1
        spare[text[start]] -= 1
    while (
        end + 1 < len(text)
        and not text[end + 1].isalnum()
        and (text[end + 1].isspace() or spare[text[end + 1]] > 0)
    ):
        end += 1
        spare[text[end]] -= 1
    return text[start : end + 1].strip()


def set_logical_text(tree: Element, text: dict[tuple[int, int], str], html: HtmlText) -> list[str]:
    """Set /ActualText on the right-to-left elements of `tree` from `html`; return the
    texts of those left without (their own marked content has right-to-left letters,
    and no HTML element has the same)."""
    index: dict[tuple[str, str], deque[str]] = {}
    for kind, words in html.elements:
        if right_to_left(words):
            index.setdefault((kind, letters_key(words)), deque()).append(words)
    unmatched: list[str] = []
    texts = list(dict.fromkeys(words for _, words in html.elements if right_to_left(words)))

    def visit(node: Element) -> None:
        if not right_to_left(node.text(text)):
            return
        # The smallest block that holds the right-to-left text: a Div or table cell of
        # paragraphs gives each paragraph its own (a paragraph in English beside them
        # keeps its own words and language).
        kind = _MATCHED.get(node.kind)
        if kind is not None and not any(child.kind in _BLOCKS for child in node.children):
            found = index.get((kind, letters_key(node.text(text))))
            # /ActualText is read in the element's language: not over a part in another.
            if found and not _holds_other_language(node, text):
                node.obj.ActualText = pikepdf.String(without_symbols(found.popleft()))
                return
        if (
            kind is not None
            and not any(child.kind in _BLOCKS for child in node.children)
            and not _holds_other_language(node, text)
        ):
            # Part of an HTML element: a paragraph cut at a page break, the text of a
            # caption beside its list.
            part = _part_of(node.text(text), texts)
            if part:
                node.obj.ActualText = pikepdf.String(without_symbols(part))
                return
        for item in node.items:
            if not isinstance(item, tuple):
                visit(item)
            elif right_to_left(text.get((item[0], item[2]), "")):
                unmatched.append(text.get((item[0], item[2]), ""))

    visit(tree)
    return unmatched
