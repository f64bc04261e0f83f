"""Join a row of the bilingual edition that a page break cut back into one row.

Each row of the bilingual edition is a `<bi-row>` (bilingual.py): a CSS table that
WeasyPrint tags as a chain of NonStruct elements (the table's wrapper, the table, its
row group, its row) down to the two column Divs. A row is kept whole on a page, but a
row taller than a page (the urgent warning box with its emergency numbers, a long list
of places to get help) is cut all the same, and WeasyPrint tags its rest on the next
page as a row of its own: each column is then two Divs, a list in it two lists, and the
column's language cannot be set, as no element holds the column's words.

NonStruct rows are never merged by the page-fragment rule of pdf/fragments.py (a row that
ends at the foot of a page and the next row at the top of the next look the same), so
the text decides, as for table rows (pdf/rows.py): a row is the rest of the one before
it when it starts on the page after the one before ends, and the two together hold the
letters of one HTML row (or of part of one, for a row cut twice) while the first alone
holds those of none. Then each column of the rest goes to the end of the same column of
the first, and the column's own fragments (the warning box, its list) are merged again
as any page's fragments are; a paragraph the cut split is one paragraph again.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

import pikepdf

from fbss_guide.pdf.html_text import HtmlText, letters_key
from fbss_guide.pdf.rows import Cut, Element, _kids, _move_kids, _walk

# The structure type WeasyPrint gives `<bi-row>` and the anonymous boxes inside it.
ROW_KIND = "NonStruct"
COLUMN_KIND = "Div"

# Copies an element again after its kids changed, merging the page fragments among
# them (pdf.fragments.merge_fragments; passed in, as pdf.tags imports this module).
Remerge = Callable[[Any], Any]


def _columns(row: Element) -> list[Any] | None:
    """The column Divs of a bilingual row: the NonStruct chain is followed down to the
    element whose children are the columns; None for any other NonStruct."""
    node = row
    while len(node.items) == 1 and not isinstance(node.items[0], tuple):
        child = node.items[0]
        if child.kind != ROW_KIND:
            return None
        node = child
    children = node.children
    if len(children) < 2 or len(children) != len(node.items):
        return None
    if any(child.kind != COLUMN_KIND for child in children):
        return None
    return children


def _pages(node: Element) -> list[int]:
    return [page for page, _ in node.refs()]


class _RowTexts:
    """The HTML rows' letters, to tell a whole row from part of one."""

    def __init__(self, html: HtmlText) -> None:
        rows = html.rows
        self.whole = {letters_key(words) for words in rows}
        self.counts = [Counter(letters_key(words)) for words in rows]

    def is_whole(self, letters: str) -> bool:
        return letters in self.whole

    def is_part(self, letters: str) -> bool:
        """Are these letters all inside one HTML row (a row cut twice, before its
        last cut is joined)? Only asked of rows that are not whole, which are few."""
        wanted = Counter(letters)
        return any(wanted <= row for row in self.counts)


def _is_rest(
    first: Element, rest: Element, text: dict[tuple[int, int], str], rows: _RowTexts
) -> bool:
    # The last page of any column: the columns end on different pages.
    before, after = _pages(first), _pages(rest)
    if not before or not after or min(after) != max(before) + 1:
        return False
    alone = letters_key(first.text(text))
    if rows.is_whole(alone):
        return False
    together = letters_key(first.text(text) + rest.text(text))
    return rows.is_whole(together) or rows.is_part(together)


def join_cut_bilingual_rows(
    tree: Element, text: dict[tuple[int, int], str], html: HtmlText, remerge: Remerge
) -> list[Cut]:
    """Join each bilingual row that continues the one before it (see above); return,
    for each column the page break cut, the last text sequence before the cut and the
    first after it (where pdf.spaces puts back a space the cut lost)."""
    rows = _RowTexts(html)
    if not rows.whole:
        return []
    paragraphs = {letters_key(words) for kind, words in html.elements if kind == "P"}
    cuts: list[Cut] = []
    for parent in [tree, *_walk(tree)]:
        if not any(not isinstance(item, tuple) and item.kind == ROW_KIND for item in parent.items):
            continue
        kept: list[Any] = []
        gone: set[tuple[int, int]] = set()
        for item in parent.items:
            previous = kept[-1] if kept else None
            if (
                previous is not None
                and not isinstance(previous, tuple)
                and not isinstance(item, tuple)
                and previous.kind == item.kind == ROW_KIND
            ):
                columns, rest_columns = _columns(previous), _columns(item)
                if (
                    columns is not None
                    and rest_columns is not None
                    and len(columns) == len(rest_columns)
                    and _is_rest(previous, item, text, rows)
                ):
                    cuts += _join(columns, rest_columns, text, paragraphs, remerge)
                    gone.add(item.obj.objgen)
                    continue
            kept.append(item)
        if gone:
            parent.obj.K = pikepdf.Array(
                [kid for kid in _kids(parent.obj) if getattr(kid, "objgen", None) not in gone]
            )
            parent.items[:] = kept
    return cuts


def _join(
    columns: list[Any],
    rest_columns: list[Any],
    text: dict[tuple[int, int], str],
    paragraphs: set[str],
    remerge: Remerge,
) -> list[Cut]:
    cuts: list[Cut] = []
    for column, rest in zip(columns, rest_columns, strict=True):
        before = [ref for ref in column.refs() if text.get(ref)]
        after = [ref for ref in rest.refs() if text.get(ref)]
        _move_kids(column.obj, rest.obj)
        # The column's copy again, its fragments (a warning box, a list) merged.
        merged = remerge(column.obj)
        column.items[:] = merged.items
        column.annotations[:] = merged.annotations
        if before and after:
            cuts.append((before[-1], after[0]))
            _join_cut_paragraph(column, before[-1], after[0], text, paragraphs)
    return cuts


def _join_cut_paragraph(
    column: Any,
    before: tuple[int, int],
    after: tuple[int, int],
    text: dict[tuple[int, int], str],
    paragraphs: set[str],
) -> None:
    """Make one paragraph of the two halves a page break left on either side of the
    cut (the last text before it and the first after it), when they are halves of an
    HTML paragraph."""
    for node in [column, *_walk(column)]:
        for index in range(len(node.items) - 1):
            first, second = node.items[index], node.items[index + 1]
            if isinstance(first, tuple) or isinstance(second, tuple):
                continue
            if first.kind != "P" or second.kind != "P":
                continue
            first_refs = [ref for ref in first.refs() if text.get(ref)]
            second_refs = [ref for ref in second.refs() if text.get(ref)]
            if not first_refs or not second_refs:
                continue
            if first_refs[-1] != before or second_refs[0] != after:
                continue
            alone = letters_key(first.text(text))
            together = letters_key(first.text(text) + second.text(text))
            if alone in paragraphs or together not in paragraphs:
                return
            _move_kids(first.obj, second.obj)
            first.items.extend(second.items)
            node.obj.K = pikepdf.Array(
                [
                    kid
                    for kid in _kids(node.obj)
                    if getattr(kid, "objgen", None) != second.obj.objgen
                ]
            )
            del node.items[index + 1]
            return
