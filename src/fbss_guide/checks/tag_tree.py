"""Tag-tree checks: what a screen reader meets when it walks the structure tree.

PDF/UA checks that a tree exists; these check that it is the right tree:

- a list holds only list items (and nested lists), an item only a label and a body;
- no numbered marked content is left outside the tree (running headers and footers,
  repeated table headers must be artifacts);
- one Table, Sect and list per HTML table, section and list, one Part at most;
- every element that is in another language in the HTML carries that /Lang;
- no tagged text is made of label symbols only ("heavy check mark", "black black");
- no line end runs two words together ("whosells") when the tagged text is joined.

With the HTML the PDF was made from, the counts and languages are compared with it;
without it (`fbss-guide check --pdf`), the checks that need only the PDF run.
"""

from __future__ import annotations

import io
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pikepdf

from fbss_guide.labels import symbol_only
from fbss_guide.pdf_content import marked_text, mcid_of
from fbss_guide.pdf_spaces import count_lost_spaces
from fbss_guide.pdf_tags import (
    HEADINGS,
    PageIndex,
    child_elements,
    content_refs,
    element_text,
    other_language_parts,
    text_key,
    walk,
)

LIST_KIDS = {"LI", "L"}
ITEM_KIDS = {"Lbl", "LBody"}


class _Counts(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.counts: Counter[str] = Counter()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.counts[tag] += 1


def html_counts(html: str) -> dict[str, int]:
    """How many tables, sections and lists the HTML has, by PDF structure type."""
    parser = _Counts()
    parser.feed(html)
    parser.close()
    counts = parser.counts
    return {
        "Table": counts["table"],
        "Sect": counts["section"],
        "L": counts["ul"] + counts["ol"] + counts["dl"],
    }


def _kind(element: Any) -> str:
    return str(element.get("/S", ""))[1:]


def _numbered_content(pdf: pikepdf.Pdf) -> set[tuple[int, int]]:
    found = set()
    for number, page in enumerate(pdf.pages):
        for instruction in pikepdf.parse_content_stream(page, "BDC"):
            mcid = mcid_of(list(instruction.operands))
            if mcid is not None:
                found.add((number, mcid))
    return found


def check_tag_tree(source: bytes | Path, html: str | None = None) -> list[str]:
    """Problems with the tag tree of a PDF (bytes or a file); empty when it passes."""
    data = source.read_bytes() if isinstance(source, Path) else source
    problems: list[str] = []
    with pikepdf.open(io.BytesIO(data)) as pdf:
        root = pdf.Root.get("/StructTreeRoot")
        if root is None:
            return ["no structure tree"]
        pages = PageIndex(pdf)
        elements = list(walk(root))
        kinds = Counter(_kind(element) for element in elements)
        for element in elements:
            kind = _kind(element)
            inside = {_kind(kid) for kid in child_elements(element)}
            if kind == "L" and inside - LIST_KIDS:
                problems.append(f"a list (L) holds {', '.join(sorted(inside - LIST_KIDS))}")
            if kind == "LI" and inside - ITEM_KIDS:
                problems.append(f"a list item (LI) holds {', '.join(sorted(inside - ITEM_KIDS))}")
            if kind == "LI" and "LBody" not in inside:
                problems.append("a list item (LI) has no body (LBody)")
            if kind == "Table" and "Caption" not in inside:
                problems.append("a Table has no Caption (a table cut at a page break?)")
            if kind == "Sect" and (not inside or _kind(child_elements(element)[0]) not in HEADINGS):
                problems.append("a Sect does not start with a heading (a section cut at a page?)")
        if kinds["Part"] > 1:
            problems.append(f"{kinds['Part']} Part elements: one per page instead of one")

        tagged = {(pages.of(page), mcid) for page, mcid in content_refs(root)}
        text = marked_text(pdf)
        orphans = sorted(_numbered_content(pdf) - tagged)
        if orphans:
            sample = "; ".join(repr(text.get(key, "")[:30]) for key in orphans[:3])
            problems.append(
                f"{len(orphans)} marked-content sequences are outside the tag tree and not "
                f"artifacts (e.g. {sample})"
            )
        symbols: Counter[str] = Counter()
        for element in elements:
            if child_elements(element) or "/ActualText" in element:
                continue
            words = "".join(text.get((pages.of(p), m), "") for p, m in content_refs(element))
            if symbol_only(words):
                symbols[words.strip()] += 1
        if symbols:
            listed = ", ".join(f"{text!r} x{count}" for text, count in symbols.most_common())
            problems.append(
                f"tagged text is only symbols, which a screen reader reads by their Unicode "
                f"names: {listed}"
            )

        joined = count_lost_spaces(pdf)
        if joined:
            problems.append(
                f"{len(joined)} line ends run two words together for a screen reader "
                f"(e.g. {', '.join(repr(sample) for sample in joined[:3])})"
            )
        if html is not None:
            for kind, expected in html_counts(html).items():
                if kinds[kind] != expected:
                    problems.append(
                        f"{kinds[kind]} {kind} elements for {expected} in the HTML "
                        "(fragments of one element, or lost ones)"
                    )
            marked = [element for element in elements if "/Lang" in element]
            for kind, lang, words in other_language_parts(html):
                wanted = text_key(words)
                if not any(
                    _kind(element) == kind
                    and str(element.Lang) == lang
                    and text_key(element_text(element, text, pages)) == wanted
                    for element in marked
                ):
                    problems.append(
                        f"the {kind} in '{lang}' ({words.strip()[:40]!r}) has no /Lang {lang}"
                    )
    return problems
