"""Structure attributes and figure text that WeasyPrint 70 leaves out.

- An ordered list's `L` gets `/A <</O /List /ListNumbering /Decimal>>` (ISO 32000-1
  14.8.5.5; PDF/UA-1 7.6): a screen reader announces "list of 5 items, numbered".
  A bulleted list gets `/Disc`.
- A table header cell (`TH`) gets `/Scope` (`/Column`, `/Row`, `/Both`) beside the
  `/ID` and `/Headers` WeasyPrint writes, from the HTML's `scope` attribute.
- A figure's drawing may hold text (the spine drawing's "1 2 3 4" markers, drawn in
  the page's stream inside the figure's marked content): its marked content gets an
  empty /ActualText, so tools that read the page rather than the tags do not read
  the markers out of order ("1 4 2 3"); they belong to the figure's /Alt, which a
  screen reader reads in their place.

The lists and header cells are matched with the HTML's in document order: the repair
has merged page fragments and dropped repeated header rows, so the tree has one `L`
per HTML list and one `TH` per HTML header cell (the tag-tree check counts lists).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, Protocol

import pikepdf

from fbss_guide.pdf.content import Begin, End, PageContent
from fbss_guide.pdf.html_text import HtmlText

NUMBERING = {"ol": "/Decimal", "ul": "/Disc", "dl": "/None"}
SCOPES = {"col": "/Column", "colgroup": "/Column", "row": "/Row", "rowgroup": "/Row"}
SILENT = b"/Span <</ActualText ()>> BDC"


class Element(Protocol):
    """A structure element as `pdf.tree.Node` copies it (pdf.tags imports this module)."""

    obj: Any
    kind: str

    def refs(self) -> Iterator[tuple[int, int]]: ...


def _attributes(element: Any, owner: str) -> Any:
    """The element's attribute dictionary of this owner (/List, /Table), made if
    missing; /A may be one dictionary or an array of them."""
    value = element.get("/A")
    found: list[Any] = []
    if isinstance(value, pikepdf.Dictionary):
        found = [value]
    elif isinstance(value, pikepdf.Array):
        found = list(value)
    for attributes in found:
        if str(attributes.get("/O", "")) == owner:
            return attributes
    attributes = pikepdf.Dictionary(O=pikepdf.Name(owner))
    if value is None:
        element.A = attributes
    else:
        element.A = pikepdf.Array([*found, attributes])
    return attributes


def set_list_numbering(elements: Iterable[Element], html: HtmlText) -> bool:
    """/ListNumbering on each L from its HTML list; False when the counts differ (then
    nothing is set: a wrong numbering is worse than none)."""
    lists = [element for element in elements if element.kind == "L"]
    if len(lists) != len(html.lists):
        return False
    for element, tag in zip(lists, html.lists, strict=True):
        _attributes(element.obj, "/List").ListNumbering = pikepdf.Name(NUMBERING[tag])
    return True


def set_header_scopes(elements: Iterable[Element], html: HtmlText) -> bool:
    """/Scope on each TH from its HTML scope; False when the counts differ (then each
    TH is scoped as a column header in a THead, a row header elsewhere)."""
    headers: list[tuple[Element, bool]] = []
    # Whether a THead holds a TH: in reading order, a THead's cells follow it.
    current_head = False
    for element in elements:
        if element.kind in {"THead", "TBody", "TFoot", "Table"}:
            current_head = element.kind == "THead"
        elif element.kind == "TH":
            headers.append((element, current_head))
    matched = len(headers) == len(html.header_scopes)
    for number, (element, head) in enumerate(headers):
        scope = SCOPES.get(html.header_scopes[number]) if matched else None
        if scope is None:
            scope = "/Column" if head else "/Row"
        _attributes(element.obj, "/Table").Scope = pikepdf.Name(scope)
    return matched


def silence_figure_text(elements: Iterable[Element], pages: list[PageContent]) -> int:
    """Wrap what each figure with /Alt draws in a /Span with an empty /ActualText (a
    Span: poppler honours /ActualText on no other tag); return how many sequences."""
    wanted: set[tuple[int, int]] = set()
    for element in elements:
        if element.kind == "Figure" and element.obj.get("/Alt") is not None:
            wanted.update(element.refs())
    changed = 0
    for content in pages:
        events = content.events
        starts = [
            index
            for index, event in enumerate(events)
            if isinstance(event, Begin) and (content.number, event.mcid) in wanted
        ]
        for index in starts:
            end = _matching_end(events, index)
            if end is None:
                continue
            begin = events[index]
            content.insert(begin.end, [(SILENT, Begin(0, 0, None, False, ""))])
            content.insert(end.start, [(b"EMC", End(0, 0))])
            changed += 1
    return changed


def _matching_end(events: list[Any], index: int) -> End | None:
    depth = 0
    for event in events[index:]:
        if isinstance(event, Begin):
            depth += 1
        elif isinstance(event, End):
            depth -= 1
            if depth == 0:
                return event
    return None
