"""Per-page fragments joined: WeasyPrint tags a section, table or list that crosses
a page break as one element per page, and repeats a table's header row; the repair
merges the fragments into one element and drops the repeated rows.
"""

from __future__ import annotations

from typing import Any

import pikepdf

from fbss_guide.pdf.tree import (
    Node,
    PageIndex,
    child_elements,
    content_refs,
    copy_node,
    element_kind,
    is_element,
    kids,
    kind_of,
    walk,
)

HEADINGS = {"H", "H1", "H2", "H3", "H4", "H5", "H6"}


def _first_kind(element: Any) -> str:
    children = child_elements(element)
    return kind_of(children[0]) if children else ""


def _heading_level(kind: str) -> int:
    """1 for H1 ... 6 for H6; 0 for a plain H, which has no level."""
    return int(kind[1:]) if len(kind) == 2 else 0


def _continues(before: Any, after: Any, kind: str, pages: PageIndex) -> bool:
    """Is `after` the next page's fragment of the same HTML element as `before`? Both
    are of type `kind`."""
    if kind in {"Part", "TBody"}:
        return True  # one <main>, one <tbody> per table
    if kind == "Table":
        # A table starts with its caption; the next page's fragment has none.
        return "Caption" not in {kind_of(kid) for kid in child_elements(after)}
    if kind == "Sect":
        heading = _first_kind(after)
        if heading not in HEADINGS:
            return True
        # A sub-heading (h3) at the top of a page is still inside the section: a new
        # section opens with a heading of the same level as the one before it did.
        opening = _first_kind(before)
        return opening in HEADINGS and _heading_level(heading) > _heading_level(opening)
    if kind in {"L", "Div"}:
        if kind == "Div" and _first_kind(after) in HEADINGS:
            return False
        last = [pages.of(page) for page, _ in content_refs(before)]
        first = next(content_refs(after), None)
        return bool(last) and first is not None and pages.of(first[0]) == last[-1] + 1
    return False


def _header_ids(table: Any) -> list[str]:
    head = [kid for kid in child_elements(table) if kind_of(kid) == "THead"]
    if not head:
        return []
    return [str(cell.ID) for cell in walk(head[0]) if "/ID" in cell]


def _drop_repeated_header(table: Any, first: Any) -> None:
    """The header row WeasyPrint repeats on the next page is decoration: remove it and
    point the cells' /Headers at the first page's header cells."""
    mapping = dict(zip(_header_ids(table), _header_ids(first), strict=False))
    table.K = pikepdf.Array([kid for kid in kids(table) if kind_of(kid) != "THead"])
    for cell in walk(table):
        attributes = cell.get("/A")
        if isinstance(attributes, pikepdf.Dictionary) and "/Headers" in attributes:
            attributes.Headers = pikepdf.Array(
                [pikepdf.String(mapping.get(str(h), str(h))) for h in attributes.Headers]
            )


def _absorb(target: Any, fragment: Any) -> None:
    """Move the fragment's children into `target`; MCIDs keep their own page."""
    # The fragment's header row is a repeat only if the table has one already: when the
    # caption ends a page and the rows start the next (a tall caption, as the treatment
    # table's key makes), the header row on the next page is the table's only one.
    if kind_of(target) == "Table" and _header_ids(target):
        _drop_repeated_header(fragment, target)
    page = fragment.get("/Pg")
    moved = []
    for kid in kids(fragment):
        if isinstance(kid, int):
            kid = pikepdf.Dictionary(Type=pikepdf.Name.MCR, Pg=page, MCID=kid)
        elif is_element(kid):
            kid.P = target
            if "/Pg" not in kid and page is not None:
                kid.Pg = page
        moved.append(kid)
    target.K = pikepdf.Array(kids(target) + moved)


def merge_fragments(element: Any, pages: PageIndex, page: Any = None) -> Node:
    """Merge the page fragments below `element` into one element per HTML element, and
    return the merged tree's copy (as `read_tree` would read it afterwards: the copy is
    made on the same way down, after each element's kids are merged)."""
    value = element.get("/K")
    merged: list[tuple[Any, str]] = []  # kid, its structure type ("" if not an element)
    absorbed = False
    kid_list = [] if value is None else list(value) if isinstance(value, pikepdf.Array) else [value]
    for kid in kid_list:
        kind = element_kind(kid)
        if (
            kind
            and merged
            and kind == merged[-1][1]
            and _continues(merged[-1][0], kid, kind, pages)
        ):
            _absorb(merged[-1][0], kid)
            absorbed = True
            continue
        merged.append((kid, kind))
    # Written back only when it changed (every element's /K rewritten cost more than
    # the rest of the merge); a single kid becomes an array, as it always did.
    if value is not None and (absorbed or not isinstance(value, pikepdf.Array)):
        element.K = pikepdf.Array([kid for kid, _ in merged])
        # the stored kids, should any be direct objects
        merged = [(kid, kind) for kid, (_, kind) in zip(kids(element), merged, strict=True)]
    return copy_node(element, kind_of(element), merged, pages, page, merge_fragments)
