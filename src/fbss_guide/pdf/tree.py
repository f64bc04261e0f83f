"""The tag tree as the repair reads it: structure elements, their marked content
by (page, MCID), and a `Node` copy of the tree that the repair steps edit.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pikepdf

# HTML elements WeasyPrint tags with their own structure type (weasyprint/pdf/tags.py).
HTML_TO_PDF = {
    "p": "P",
    "ul": "L",
    "ol": "L",
    "dl": "L",
    "li": "LI",
    "span": "Span",
    "bdi": "Span",
    "div": "Div",
    "section": "Sect",
    "table": "Table",
    "caption": "Caption",
    "h1": "H1",
    "h2": "H2",
    "h3": "H3",
    "a": "Link",
}


def kind_of(element: Any) -> str:
    return str(element.get("/S", ""))[1:]


def is_element(item: Any) -> bool:
    return isinstance(item, pikepdf.Dictionary) and "/S" in item


def kids(element: Any) -> list[Any]:
    value = element.get("/K")
    if value is None:
        return []
    return list(value) if isinstance(value, pikepdf.Array) else [value]


def child_elements(element: Any) -> list[Any]:
    return [kid for kid in kids(element) if is_element(kid)]


def walk(element: Any) -> Iterator[Any]:
    """Structure elements below `element`, depth first (reading order)."""
    for kid in child_elements(element):
        yield kid
        yield from walk(kid)


def content_refs(element: Any, page: Any = None) -> Iterator[tuple[Any, int]]:
    """(page object, MCID) of every marked-content sequence under `element`, in order."""
    page = element.get("/Pg", page)
    for kid in kids(element):
        if isinstance(kid, int):
            yield page, int(kid)
        elif isinstance(kid, pikepdf.Dictionary):
            if "/MCID" in kid:
                yield kid.get("/Pg", page), int(kid.MCID)
            elif "/S" in kid:
                yield from content_refs(kid, page)


class PageIndex:
    def __init__(self, pdf: pikepdf.Pdf) -> None:
        self.index = {page.obj.objgen: number for number, page in enumerate(pdf.pages)}

    def of(self, page: Any) -> int:
        return self.index.get(page.objgen, -1) if page is not None else -1


# A marked-content kid: (page index, MCID) as `content_refs` finds it (the page may come
# from an ancestor), and the page index of the kid's or its
# element's own /Pg only (-1 when neither has one).
Ref = tuple[int, int, int]  # page, own page, MCID


@dataclass(eq=False)
class Node:
    """A structure element read once into Python objects.

    Every pikepdf lookup is a call into C++, and the repair and the checks look at each
    element many times (its type, its kids, its text): `read_tree` copies the tree once,
    after the fragments are merged, and both work on the copy. `obj` is the element,
    for the attributes they set or read once (/Lang, /ActualText)."""

    obj: Any
    kind: str
    items: list[Node | Ref]  # the kids in order: child elements and marked content
    annotations: list[tuple[int, int]] = field(default_factory=list)  # OBJR targets

    @property
    def children(self) -> list[Node]:
        return [item for item in self.items if isinstance(item, Node)]

    def walk(self) -> Iterator[Node]:
        """Structure elements below this one, depth first (reading order)."""
        for item in self.items:
            if isinstance(item, Node):
                yield item
                yield from item.walk()

    def refs(self) -> Iterator[tuple[int, int]]:
        """(page index, MCID) of every marked-content sequence below, in order."""
        for item in self.items:
            if isinstance(item, Node):
                yield from item.refs()
            else:
                yield item[0], item[2]

    def text(self, text: dict[tuple[int, int], str]) -> str:
        """The element's words as the HTML has them: without list labels ("1.", "•")
        and without the text drawn in a picture (an SVG's labels)."""
        if self.kind in ("Lbl", "Figure"):
            return ""
        parts = []
        for item in self.items:
            if isinstance(item, Node):
                parts.append(item.text(text))
            else:
                parts.append(text.get((item[1], item[2]), ""))
        return "".join(parts)


def read_tree(element: Any, pages: PageIndex, page: Any = None) -> Node:
    """Copy the structure tree below `element` (the /StructTreeRoot, or an element)."""
    kid_kinds = [(kid, element_kind(kid)) for kid in kids(element)]
    return copy_node(element, kind_of(element), kid_kinds, pages, page, read_tree)


def copy_node(
    element: Any,
    kind: str,
    kid_kinds: list[tuple[Any, str]],
    pages: PageIndex,
    page: Any,
    child: Callable[[Any, PageIndex, Any], Node],
) -> Node:
    """The copy of `element`, whose kids and their types are `kid_kinds`; `child` copies
    a kid that is an element (`read_tree`, or the merge as it goes down the tree)."""
    own = element.get("/Pg")
    inherited = own if own is not None else page
    items: list[Node | Ref] = []
    annotations: list[tuple[int, int]] = []
    for kid, kid_kind in kid_kinds:
        if kid_kind:
            items.append(child(kid, pages, inherited))
        elif isinstance(kid, int):
            items.append((pages.of(inherited), pages.of(own), int(kid)))
        elif isinstance(kid, pikepdf.Dictionary):
            if "/MCID" in kid:
                kid_page = kid.get("/Pg")
                if kid_page is None:
                    items.append((pages.of(inherited), pages.of(own), int(kid.MCID)))
                else:
                    number = pages.of(kid_page)
                    items.append((number, number, int(kid.MCID)))
            elif "/Obj" in kid:  # an object reference: a link's annotation
                annotations.append(kid.Obj.objgen)
    return Node(element, kind, items, annotations)


def element_kind(item: Any) -> str:
    """The structure type of a kid, "" when it is not a structure element (an MCID, a
    marked-content or object reference): one lookup, where `is_element` and `kind_of`
    would make two calls into pikepdf."""
    if isinstance(item, pikepdf.Dictionary):
        kind = item.get("/S")
        if kind is not None:
            return str(kind)[1:]
    return ""


def text_key(text: str) -> str:
    """Compare text independent of line breaks, hyphenation and bidi storage order
    (WeasyPrint stores right-to-left runs in visual order)."""
    return "".join(sorted(filter(str.isalnum, text)))
