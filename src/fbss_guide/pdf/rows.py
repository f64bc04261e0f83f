"""Join a table row that a page break cut back into one row.

WeasyPrint tags the part of a row that goes on to the next page as another row (TR) of
its own; the repair's merge joins the table's fragments but keeps both rows, so a screen
reader reads the first part of every cell, then the rest of every cell, and a word the
page break cut ("ei-" / "ner") is read in halves with other cells between them. A row is
the rest of the one before it when the two together hold the letters of one HTML row
and the first alone holds those of none: then each cell of the second goes to the end of
the same cell of the first.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Protocol

import pikepdf

from fbss_guide.pdf.html_text import HtmlText, letters_key

ROW_GROUPS = frozenset({"Table", "THead", "TBody", "TFoot"})


class Element(Protocol):
    """A structure element as `pdf.tree.Node` copies it (pdf.tags imports this module)."""

    obj: Any
    kind: str
    items: list[Any]  # child elements, and (page, own page, MCID) tuples

    @property
    def children(self) -> list[Any]: ...

    def text(self, text: dict[tuple[int, int], str]) -> str: ...

    def refs(self) -> Iterator[tuple[int, int]]: ...


Cut = tuple[tuple[int, int], tuple[int, int]]  # (page, MCID) before and after a cut


def _kids(obj: Any) -> list[Any]:
    value = obj.get("/K")
    if value is None:
        return []
    return list(value) if isinstance(value, pikepdf.Array) else [value]


def _move_kids(target: Any, source: Any) -> None:
    """Append the source cell's kids to the target cell's; an MCID given as a number
    becomes a marked-content reference to its own page."""
    page = source.get("/Pg")
    moved = []
    for kid in _kids(source):
        if isinstance(kid, int):
            kid = pikepdf.Dictionary(Type=pikepdf.Name.MCR, Pg=page, MCID=kid)
        elif isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            kid.P = target
            if "/Pg" not in kid and page is not None:
                kid.Pg = page
        moved.append(kid)
    target.K = pikepdf.Array(_kids(target) + moved)


def join_cut_rows(tree: Element, text: dict[tuple[int, int], str], html: HtmlText) -> list[Cut]:
    """Join each row that continues the one before it (see above); return, for each
    cell the page break cut, the last text sequence before the cut and the first after
    it (where pdf.spaces puts back a space the cut lost)."""
    cuts: list[Cut] = []
    rows = {letters_key(words) for kind, words in html.elements if kind == "TR"}
    paragraphs = {letters_key(words) for kind, words in html.elements if kind == "P"}
    for group in [tree, *_walk(tree)]:
        if group.kind not in ROW_GROUPS:
            continue
        kept: list[Any] = []
        previous: Element | None = None
        for item in group.items:
            if (
                previous is not None
                and not isinstance(item, tuple)
                and item.kind == "TR"
                and len(item.children) == len(previous.children)
                and letters_key(previous.text(text)) not in rows
                and letters_key(previous.text(text) + item.text(text)) in rows
            ):
                for cell, rest in zip(previous.children, item.children, strict=True):
                    before = [ref for ref in cell.refs() if text.get(ref)]
                    after = [ref for ref in rest.refs() if text.get(ref)]
                    if before and after:
                        cuts.append((before[-1], after[0]))
                    _join_cells(cell, rest, text, paragraphs)
                continue
            kept.append(item)
            previous = item if not isinstance(item, tuple) and item.kind == "TR" else None
        if len(kept) != len(group.items):
            gone = {id(item) for item in group.items} - {id(item) for item in kept}
            objgens = {item.obj.objgen for item in group.items if id(item) in gone}
            group.obj.K = pikepdf.Array(
                [kid for kid in _kids(group.obj) if getattr(kid, "objgen", None) not in objgens]
            )
            group.items[:] = kept
    return cuts


def _join_cells(
    cell: Element, rest: Element, text: dict[tuple[int, int], str], paragraphs: set[str]
) -> None:
    """Move the rest of a cell into it; a paragraph the page break cut is one again."""
    last = cell.items[-1] if cell.items else None
    first = rest.items[0] if rest.items else None
    if (
        last is not None
        and first is not None
        and not isinstance(last, tuple)
        and not isinstance(first, tuple)
        and last.kind == first.kind == "P"
        and letters_key(last.text(text)) not in paragraphs
        and letters_key(last.text(text) + first.text(text)) in paragraphs
    ):
        _move_kids(last.obj, first.obj)
        last.items.extend(first.items)
        rest.obj.K = pikepdf.Array(
            [kid for kid in _kids(rest.obj) if getattr(kid, "objgen", None) != first.obj.objgen]
        )
        rest.items.pop(0)
    _move_kids(cell.obj, rest.obj)
    cell.items.extend(rest.items)


def _walk(node: Element) -> list[Element]:
    found: list[Element] = []
    for child in node.children:
        found.append(child)
        found += _walk(child)
    return found
