"""Inline elements WeasyPrint split at line breaks (one /Span per line box), joined
back into one element, and pieces a page break spread over two table rows.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterator
from typing import Any

import pikepdf

from fbss_guide.pdf.tree import Node, is_element, kids, text_key

# WeasyPrint 70 tags an inline element once per line box it lies on: a <span> over two
# lines becomes two sibling /Span elements, each with part of its words (inside a
# <strong>, each piece sits in a piece of the strong's own element). No single element
# then has the words of the HTML element, so the English sentences of a draft (a
# <span lang="en"> around each untranslated entry) could not get their /Lang. The
# repair joins such a run into its first element: one element per HTML element again.


def run_place(run: tuple[Node, list[Node]], kind: str, position: dict[int, int]) -> int:
    """Where a split run's first piece stands in reading order (`position`)."""
    first = _piece(run[1][0], kind)
    return position.get(id(first), 0) if first is not None else 0


def _piece(slot: Node, kind: str) -> Node | None:
    """The element of type `kind` that `slot` is, or holds as its only content through
    wrappers (the pieces of an enclosing inline element); None if neither."""
    while slot.kind != kind:
        if len(slot.items) != 1 or not isinstance(slot.items[0], Node):
            return None
        slot = slot.items[0]
    return slot


class SplitRunFinder:
    """Finds runs of siblings that hold a split element's words (`find`).

    A draft of a new language has hundreds of English parts that wrap; looking through
    the whole tree for each took seconds per edition. The tree's elements are listed
    once, and the possible first pieces of a run indexed by their first letters in
    reading order, so a part looks only at runs that start with its own words. (A part
    with right-to-left text, stored in visual order, is looked for in every run.)"""

    PREFIX = 6

    def __init__(self, tree: Node, key_of: Callable[[Node], str], text: dict[tuple[int, int], str]):
        self.parents = [element for element in (tree, *tree.walk()) if element.children]
        self.key_of = key_of
        self.text = text
        self.starts: dict[str, dict[str, list[tuple[Node, Node]]]] = {}  # kind -> index

    def _index(self, kind: str) -> dict[str, list[tuple[Node, Node]]]:
        if kind not in self.starts:
            index: dict[str, list[tuple[Node, Node]]] = {}
            for parent in self.parents:
                for slot in parent.children:
                    piece = _piece(slot, kind)
                    if piece is not None:
                        start = reading_key(piece.text(self.text))[: self.PREFIX]
                        index.setdefault(start, []).append((parent, slot))
            self.starts[kind] = index
        return self.starts[kind]

    def find(self, kind: str, words: str, taken: set[int]) -> tuple[Node, list[Node]] | None:
        """The parent and the first run, in reading order, of two or more consecutive
        siblings of one type, each an element of type `kind` or its wrapper (`_piece`),
        none of them in `taken` (ids), whose words together are `words` (compared by
        `text_key`: the letters and digits, sorted)."""
        key = text_key(words)
        if _has_right_to_left(words):
            starts = [(parent, slot) for parent in self.parents for slot in parent.children]
        else:
            first = reading_key(words)
            index = self._index(kind)
            starts = [
                start for n in range(1, self.PREFIX + 1) for start in index.get(first[:n], [])
            ]
        for parent, slot in starts:
            siblings = parent.children
            position = next((i for i, item in enumerate(siblings) if item is slot), None)
            if position is None:
                continue  # joined into another element since
            run = self._run_from(siblings, position, kind, key, taken)
            if run is not None:
                return parent, run
        return None

    def _run_from(
        self, siblings: list[Node], start: int, kind: str, key: str, taken: set[int]
    ) -> list[Node] | None:
        first = siblings[start]
        piece = _piece(first, kind)
        if piece is None or id(piece) in taken or not self.key_of(piece):
            return None
        letters = ""
        for end in range(start, len(siblings)):
            slot = siblings[end]
            piece = _piece(slot, kind)
            if slot.kind != first.kind or piece is None or id(piece) in taken:
                return None
            letters += self.key_of(piece)
            if len(letters) >= len(key):
                if end > start and "".join(sorted(letters)) == key:
                    return siblings[start : end + 1]
                return None
        return None


def _has_right_to_left(text: str) -> bool:
    return any(unicodedata.bidirectional(char) in ("R", "AL") for char in text)


def reading_key(text: str) -> str:
    """The letters and digits of a text in their order (for left-to-right text, where
    the storage order is the reading order)."""
    return "".join(filter(str.isalnum, text))


def outer_pieces(tree: Node, kind: str) -> Iterator[Node]:
    """The elements of type `kind` not inside another of that type, in reading order."""

    def visit(node: Node) -> Iterator[Node]:
        for child in node.children:
            if child.kind == kind:
                yield child
            else:
                yield from visit(child)

    yield from visit(tree)


def find_spread_pieces(
    tree: Node, kind: str, words: str, text: dict[tuple[int, int], str], taken: set[int]
) -> list[Node]:
    """The pieces of an element that a page break cut apart into two parents (a table
    row split over two pages): elements of type `kind`, in reading order, each holding
    the next words of `words` and together all of them, the next one at most a page
    further on; elements in between (the row's other cells) are passed over. Empty when
    there is no such set of two or more."""
    target = reading_key(words)
    pieces: list[Node] = []
    at = page = 0
    for element in outer_pieces(tree, kind):
        if id(element) in taken or not target:
            continue
        key = reading_key(element.text(text))
        pages = [ref[0] for ref in element.refs()]
        if not key or not pages:
            continue
        if pieces and pages[0] > page + 1:
            pieces, at = [], 0  # too far from the last piece: not the same element
        if (pieces and target.startswith(key, at)) or (not pieces and target.startswith(key)):
            pieces.append(element)
            at, page = at + len(key), pages[-1]
            if at == len(target):
                return pieces if len(pieces) > 1 else []
    return []


def join_split_run(parent: Node, run: list[Node], kind: str, page_objects: list[Any]) -> Node:
    """Join a run `SplitRunFinder` found: the wrappers first, then the pieces of type
    `kind` they held, which are siblings then; return the joined element of `kind`."""
    joined = join_run(parent, run, page_objects)
    if joined.kind == kind:
        return joined
    return join_split_run(joined, joined.children, kind, page_objects)


def join_run(parent: Node, run: list[Node], page_objects: list[Any]) -> Node:
    """Join `run` (siblings under `parent`) into its first element, in the PDF and in
    the copy; the rebuilt /ParentTree and /P entries follow (`rebuild_parent_tree`). A
    moved marked-content kid names its page: the first element's page may differ (a
    span split at a page break)."""
    first, rest = run[0], run[1:]
    joined: list[Any] = list(kids(first.obj))
    for other in rest:
        # The copy's refs follow the marked-content kids in order (see `copy_node`).
        pages = iter(item[0] for item in other.items if not isinstance(item, Node))
        for kid in kids(other.obj):
            if isinstance(kid, int) or (isinstance(kid, pikepdf.Dictionary) and "/MCID" in kid):
                mcid = int(kid) if isinstance(kid, int) else int(kid.MCID)
                number = next(pages)
                if number >= 0:
                    kid = pikepdf.Dictionary(
                        Type=pikepdf.Name.MCR, Pg=page_objects[number], MCID=mcid
                    )
            elif is_element(kid) and "/Pg" not in kid and "/Pg" in other.obj:
                kid.Pg = other.obj.Pg  # it inherited the page from the element it leaves
            joined.append(kid)
        first.items.extend(other.items)
        first.annotations.extend(other.annotations)
    first.obj.K = pikepdf.Array(joined)
    gone = {other.obj.objgen for other in rest if other.obj.is_indirect}
    parent.obj.K = pikepdf.Array(
        [
            kid
            for kid in kids(parent.obj)
            if not (is_element(kid) and kid.is_indirect and kid.objgen in gone)
        ]
    )
    parent.items = [item for item in parent.items if not any(item is other for other in rest)]
    return first
