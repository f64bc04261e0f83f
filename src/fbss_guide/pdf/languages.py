"""/Lang from the HTML: each element in another language gets its /Lang on the
structure element with the same words (WeasyPrint 70 keeps only the catalog's).
"""

from __future__ import annotations

from collections import Counter, deque
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any, ClassVar

import pikepdf

from fbss_guide.pdf.split_runs import SplitRunFinder, find_spread_pieces, join_split_run, run_place
from fbss_guide.pdf.tree import HTML_TO_PDF, Node, text_key


class _HtmlReader(HTMLParser):
    """One pass over the HTML for the repair and the check: how many of each element
    there are, and the elements whose lang differs from their parent's, or that set it
    themselves: (PDF type, lang, text). An element that says its language although the
    page is in the same one (the translated column of the bilingual edition, beside the
    English one) gets its /Lang too, so each column says what it is."""

    VOID: ClassVar[frozenset[str]] = frozenset({"meta", "link", "img", "br", "col", "input"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str, int | None]] = []  # tag, lang, index in found
        self.found: list[tuple[str, str, list[str]]] = []
        self.open: list[int] = []  # indexes in found of the elements now open
        self.tags: Counter[str] = Counter()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags[tag] += 1
        if tag in self.VOID:
            return
        parent = self.stack[-1][1] if self.stack else ""
        own = dict(attrs).get("lang") if attrs else None
        lang = own or parent
        index = None
        if self.stack and own and tag in HTML_TO_PDF:
            index = len(self.found)
            self.found.append((HTML_TO_PDF[tag], lang, []))
            self.open.append(index)
        self.stack.append((tag, lang, index))

    def handle_endtag(self, tag: str) -> None:
        while self.stack:
            closed, _, index = self.stack.pop()
            if index is not None:
                self.open.remove(index)
            if closed == tag:
                break

    def handle_data(self, data: str) -> None:
        for index in self.open:
            self.found[index][2].append(data)


@dataclass(frozen=True)
class HtmlFacts:
    """What the repair and the tag-tree check compare the PDF with."""

    parts: list[tuple[str, str, str]]  # (PDF structure type, lang, text) in another language
    tags: Counter[str]  # how many of each HTML element


def read_html(html: str) -> HtmlFacts:
    reader = _HtmlReader()
    reader.feed(html)
    reader.close()
    parts = [(kind, lang, "".join(text)) for kind, lang, text in reader.found]
    return HtmlFacts(parts, reader.tags)


def other_language_parts(html: str) -> list[tuple[str, str, str]]:
    """(PDF structure type, lang, text) of each HTML element in another language."""
    return read_html(html).parts


def set_languages(
    tree: Node,
    parts: list[tuple[str, str, str]],
    text: dict[tuple[int, int], str],
    page_objects: list[Any] | None = None,
) -> list[str]:
    """Set /Lang on the structure element of each HTML element in another language
    (`other_language_parts`): the first unused element of its type, in reading order,
    with the same words. An inline element WeasyPrint split at line breaks is joined
    into one element first (`SplitRunFinder`; `page_objects` are the PDF's page
    dictionaries). Returns the parts it could not find.

    Elements are read in order only as far as a part needs (a handout has a few such
    parts near the top), and indexed by their words, so the bilingual edition, where
    every block of one column is such a part, costs one pass instead of one per part."""
    wanted_kinds = {kind for kind, _, _ in parts}
    by_kind: dict[str, list[Node]] = {}
    position: dict[int, int] = {}  # id -> place in reading order
    for place, element in enumerate(tree.walk()):
        position[id(element)] = place
        if element.kind in wanted_kinds:
            by_kind.setdefault(element.kind, []).append(element)
    pending = {kind: iter(elements) for kind, elements in by_kind.items()}  # not indexed yet
    unused: dict[tuple[str, str], deque[Node]] = {}  # (type, words) -> in reading order
    taken: set[int] = set()  # ids of elements given a /Lang, or joined into another
    keys: dict[int, str] = {}

    def key_of(element: Node) -> str:
        if id(element) not in keys:
            keys[id(element)] = text_key(element.text(text))
        return keys[id(element)]

    finder: SplitRunFinder | None = None  # made at the first part not found whole
    missing = []
    for kind, lang, words in parts:
        wanted = (kind, text_key(words))
        found = unused.get(wanted)
        while found and id(found[0]) in taken:
            found.popleft()
        while not found:
            candidate = next(pending.get(kind, iter(())), None)
            if candidate is None:
                break
            if id(candidate) in taken:
                continue
            unused.setdefault((kind, key_of(candidate)), deque()).append(candidate)
            found = unused.get(wanted)
        if finder is None:
            finder = SplitRunFinder(tree, key_of, text)
        run = finder.find(kind, words, taken)
        # A whole element found further on may be one line of a later part with the same
        # first words: in a Spanish draft, 'Platelet-rich plasma (PRP)', a treatment's
        # name that wrapped in its cell, matched the first line of the English sentence
        # 'Platelet-rich plasma (PRP) is your own blood...' pages later, which then
        # found no element. Whichever comes first in reading order is this part's.
        if found and (run is None or run_place(run, kind, position) > position[id(found[0])]):
            element = found.popleft()
        else:
            if run is None or page_objects is None:
                # Split by a page break inside a table row (a row WeasyPrint cuts in
                # two): the pieces are in two rows; each gets the /Lang.
                spread = find_spread_pieces(tree, kind, words, text, taken)
                if not spread:
                    missing.append(f"{kind} in '{lang}': {words.strip()[:40]!r}")
                for piece in spread:
                    taken.add(id(piece))
                    piece.obj.Lang = pikepdf.String(lang)
                continue
            # The pieces leave the tree, the first one grows: none may match again.
            pieces = [node for slot in run[1] for node in (slot, *slot.walk())]
            taken.update(id(node) for node in pieces)
            for node in pieces:
                keys.pop(id(node), None)
            element = join_split_run(*run, kind, page_objects)
        taken.add(id(element))
        element.obj.Lang = pikepdf.String(lang)
    return missing
