"""A tagged PDF's text as assistive technology reads it: in structure-tree order, with
/ActualText in place of the content it covers (on an element or a marked-content
sequence) and a figure's /Alt in place of whatever the figure draws.

Each block element (paragraph, heading, list item, table cell, caption, figure) gives
one line; the text inside one is joined as the content stream has it, since the repair
puts back the spaces lost at line ends. Artifacts are not read. List labels ("1.", "•")
are read, as a screen reader reads them, unless `labels=False` (the HTML has no such
text to compare with).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pikepdf

from fbss_guide.pdf.content import PageContent, read_pages
from fbss_guide.pdf.mcid_text import text_of
from fbss_guide.pdf.tree import Node, PageIndex, read_tree

BLOCKS = frozenset(
    {"P", "H", "H1", "H2", "H3", "H4", "H5", "H6", "LI", "Lbl", "LBody", "TD", "TH"}
    | {"Caption", "Figure", "Formula", "BlockQuote", "TOCI"}
)


def _text_of_element(
    node: Node, text: dict[tuple[int, int], str], labels: bool, pages: set[int] | None
) -> list[str]:
    """The lines of one element: its blocks' texts, its inline text joined."""
    obj: Any = node.obj
    replaced = obj.get("/ActualText")
    if replaced is None and node.kind == "Figure":
        replaced = obj.get("/Alt")
    if replaced is not None:
        # Read on the page where the element starts.
        first = next(node.refs(), None)
        on_page = pages is None or (first is not None and first[0] in pages)
        return [str(replaced) if on_page else ""]
    if node.kind == "Lbl" and not labels:
        return [""]
    lines: list[str] = []
    current = ""
    for item in node.items:
        if isinstance(item, Node):
            inner = _text_of_element(item, text, labels, pages)
            if item.kind in BLOCKS:
                lines += [current, *inner]
                current = ""
            else:
                # An inline element: its text continues the line.
                current += inner[0] if inner else ""
                if len(inner) > 1:
                    lines += [current, *inner[1:-1]]
                    current = inner[-1]
        elif pages is None or item[0] in pages:
            current += text.get((item[0], item[2]), "")
    lines.append(current)
    return lines


def spoken_lines(
    pdf: pikepdf.Pdf, *, labels: bool = True, pages: set[int] | None = None
) -> list[str]:
    """The document's text in structure order, one block per line, white space inside a
    line collapsed; empty blocks left out. `pages` (indexes from 0): only the text on
    those pages (an element read as a whole, through /ActualText or /Alt, where it
    starts)."""
    tree = read_tree(pdf.Root.StructTreeRoot, PageIndex(pdf))
    return lines_of(tree, read_pages(pdf), labels=labels, pages=pages)


def lines_of(
    tree: Node,
    pages_content: list[PageContent],
    *,
    labels: bool = True,
    pages: set[int] | None = None,
) -> list[str]:
    """`spoken_lines` of a tree and pages already read (the repair's, in the build)."""
    lines = _text_of_element(tree, text_of(pages_content), labels, pages)
    return [" ".join(line.split()) for line in lines if line.strip()]


def spoken_text(path: Path, *, labels: bool = True, pages: set[int] | None = None) -> str:
    """The text of the PDF at `path` as a screen reader reads it, one block a line."""
    with pikepdf.open(path) as pdf:
        return "\n".join(spoken_lines(pdf, labels=labels, pages=pages))
