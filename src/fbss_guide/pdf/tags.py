"""Repair the tag tree WeasyPrint 70 writes, so it has one element per HTML element.

WeasyPrint builds the structure tree page by page (Kozea/WeasyPrint #1836, #2482):

- each page gets its own /Part, and a section, table or list that crosses a page break
  becomes one element per page; a table's header row, repeated on the next page, is
  tagged again as content;
- running headers and footers (@page margin boxes) are marked content whose parent is
  not in the tree, so a screen reader meets orphans;
- `lang` on an element inside the page is lost (only the catalog has /Lang);
- the label symbols (✔ ●●○○ ◐ ⚠) are read out as "heavy check mark", "black black",
  although the words next to them already carry the meaning.

`repair` (on an open PDF, for the build) and `fix_tags` (bytes in, bytes out) rewrite the
tree after WeasyPrint writes the file: they merge the page fragments, drop repeated
header rows, set /Lang from the HTML, give symbol-only spans an empty /ActualText,
rebuild the /ParentTree, mark every sequence left outside the tree as an /Artifact and
put back the spaces lost at line breaks (pdf/spaces.py). The result is written
deterministically (same bytes for the same input).
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

import pikepdf

from fbss_guide.guide.labels import symbol_only
from fbss_guide.pdf.attributes import set_header_scopes, set_list_numbering, silence_figure_text
from fbss_guide.pdf.bidi import set_logical_text
from fbss_guide.pdf.birows import join_cut_bilingual_rows
from fbss_guide.pdf.content import PageContent, read_pages
from fbss_guide.pdf.fragments import merge_fragments
from fbss_guide.pdf.html_text import HtmlText, read_html_text
from fbss_guide.pdf.hyphens import silence_added_hyphens
from fbss_guide.pdf.languages import other_language_parts, set_languages
from fbss_guide.pdf.marks import fix_mark_mappings
from fbss_guide.pdf.mcid_text import text_of
from fbss_guide.pdf.parent_tree import mark_artifacts, rebuild_parent_tree
from fbss_guide.pdf.rows import join_cut_rows
from fbss_guide.pdf.spaces import restore_line_end_spaces
from fbss_guide.pdf.tree import Node, PageIndex

# --- symbols ------------------------------------------------------------------------


def hide_symbols(tree: Node, text: dict[tuple[int, int], str]) -> None:
    """Give spans that hold only label symbols an empty /ActualText: the words beside
    them ("Probably helps", "Moderate") carry the meaning; "black black black" does not."""
    for element in tree.walk():
        if element.children:
            continue
        refs = list(element.refs())
        words = "".join(text.get(ref, "") for ref in refs)
        if refs and symbol_only(words):
            element.obj.ActualText = pikepdf.String("")


@dataclass
class Repaired:
    """What the repair could not mend, and the repaired tree as `read_tree` copies it."""

    missing: list[str]  # other-language parts whose element was not found
    joined: list[str]  # line ends left running two words together ('who|sells')
    tree: Node
    # Right-to-left text no HTML element matched: left in visual order (pdf/bidi.py).
    unordered: list[str] = field(default_factory=list)
    # The HTML's text, read once for the repair and the checks that follow it.
    html_text: HtmlText = field(default_factory=HtmlText)


def repair(
    pdf: pikepdf.Pdf,
    pages_content: list[PageContent],
    html: str,
    parts: list[tuple[str, str, str]] | None = None,
) -> Repaired:
    """Repair the open PDF's tag tree (it must have one) and content streams in place.

    `pages_content` is `read_pages(pdf)`; it is kept in step with the streams, so a
    check that follows can reuse it, and the tree. `parts` is
    `other_language_parts(html)`, when the caller has it already."""
    root = pdf.Root.StructTreeRoot
    pages = PageIndex(pdf)
    tree = merge_fragments(root, pages)
    text = text_of(pages_content)
    html_text = read_html_text(html)
    # A row of the bilingual edition a page break cut is one row again, its columns'
    # fragments merged (pdf/birows.py); so is a table row (pdf/rows.py).
    cuts = join_cut_bilingual_rows(
        tree, text, html_text, lambda element: merge_fragments(element, pages)
    )
    cuts += join_cut_rows(tree, text, html_text)
    if parts is None:
        parts = other_language_parts(html)
    missing = set_languages(tree, parts, text, [page.obj for page in pdf.pages])
    hide_symbols(tree, text)
    # Text for assistive technology from the HTML: right-to-left runs in logical order,
    # hyphenated words whole (pdf/bidi.py, pdf/hyphens.py).
    unordered = set_logical_text(tree, text, html_text)
    # /ListNumbering, /Scope, and figures' drawn text for their /Alt (pdf/attributes.py).
    elements = list(tree.walk())
    set_list_numbering(elements, html_text)
    set_header_scopes(elements, html_text)
    silence_figure_text(elements, pages_content)
    tagged = rebuild_parent_tree(pdf, tree)
    mark_artifacts(pages_content, tagged)
    joined = restore_line_end_spaces(pages_content, html_text.words, cuts)
    silence_added_hyphens(pages_content, html_text.words)
    for content in pages_content:
        content.write(pdf)
    # Nothing after the merge changes which element holds what: the copy is current.
    return Repaired(missing, joined, tree, unordered, html_text)


def save(pdf: pikepdf.Pdf) -> bytes:
    out = io.BytesIO()
    # deterministic_id: the file /ID comes from the content, so the same input gives
    # the same bytes (a test builds twice and compares).
    pdf.save(out, deterministic_id=True, compress_streams=True)
    return out.getvalue()


def fix_tags(data: bytes, html: str) -> tuple[bytes, list[str]]:
    """Return the repaired PDF and the other-language parts whose element was not found."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        if pdf.Root.get("/StructTreeRoot") is None:
            return data, []
        fix_mark_mappings(pdf)  # before any text is read (pdf/marks.py)
        repaired = repair(pdf, read_pages(pdf), html)
        return save(pdf), repaired.missing
