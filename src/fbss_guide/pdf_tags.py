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

`fix_tags` rewrites the tree after WeasyPrint writes the file: it merges the page
fragments, drops repeated header rows, sets /Lang from the HTML, gives symbol-only spans
an empty /ActualText, rebuilds the /ParentTree, marks every sequence left outside the
tree as an /Artifact and puts back the spaces lost at line breaks (pdf_spaces.py). The
result is written deterministically (same bytes for the same input).
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from html.parser import HTMLParser
from typing import Any, ClassVar

import pikepdf

from fbss_guide.labels import symbol_only
from fbss_guide.pdf_content import marked_text, mcid_of
from fbss_guide.pdf_spaces import restore_line_end_spaces

HEADINGS = {"H", "H1", "H2", "H3", "H4", "H5", "H6"}
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


def _kind(element: Any) -> str:
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


# --- merging page fragments -------------------------------------------------------


def _first_kind(element: Any) -> str:
    children = child_elements(element)
    return _kind(children[0]) if children else ""


def _continues(before: Any, after: Any, pages: PageIndex) -> bool:
    """Is `after` the next page's fragment of the same HTML element as `before`?"""
    kind = _kind(before)
    if kind != _kind(after):
        return False
    if kind in {"Part", "TBody"}:
        return True  # one <main>, one <tbody> per table
    if kind == "Table":
        # A table starts with its caption; the next page's fragment has none.
        return "Caption" not in {_kind(kid) for kid in child_elements(after)}
    if kind == "Sect":
        return _first_kind(after) not in HEADINGS
    if kind in {"L", "Div"}:
        if kind == "Div" and _first_kind(after) in HEADINGS:
            return False
        last = [pages.of(page) for page, _ in content_refs(before)]
        first = [pages.of(page) for page, _ in content_refs(after)]
        return bool(last and first) and first[0] == last[-1] + 1
    return False


def _header_ids(table: Any) -> list[str]:
    head = [kid for kid in child_elements(table) if _kind(kid) == "THead"]
    if not head:
        return []
    return [str(cell.ID) for cell in walk(head[0]) if "/ID" in cell]


def _drop_repeated_header(table: Any, first: Any) -> None:
    """The header row WeasyPrint repeats on the next page is decoration: remove it and
    point the cells' /Headers at the first page's header cells."""
    mapping = dict(zip(_header_ids(table), _header_ids(first), strict=False))
    table.K = pikepdf.Array([kid for kid in kids(table) if _kind(kid) != "THead"])
    for cell in walk(table):
        attributes = cell.get("/A")
        if isinstance(attributes, pikepdf.Dictionary) and "/Headers" in attributes:
            attributes.Headers = pikepdf.Array(
                [pikepdf.String(mapping.get(str(h), str(h))) for h in attributes.Headers]
            )


def _absorb(target: Any, fragment: Any) -> None:
    """Move the fragment's children into `target`; MCIDs keep their own page."""
    if _kind(target) == "Table":
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


def merge_fragments(element: Any, pages: PageIndex) -> None:
    merged: list[Any] = []
    for kid in kids(element):
        if (
            merged
            and is_element(kid)
            and is_element(merged[-1])
            and _continues(merged[-1], kid, pages)
        ):
            _absorb(merged[-1], kid)
            continue
        merged.append(kid)
    if "/K" in element:
        element.K = pikepdf.Array(merged)
    for kid in child_elements(element):
        merge_fragments(kid, pages)


# --- language of parts in another language -----------------------------------------


class _LangParts(HTMLParser):
    """HTML elements whose lang differs from their parent's, or that set it themselves:
    (PDF type, lang, text). An element that says its language although the page is in
    the same one (the translated column of the bilingual edition, beside the English
    one) gets its /Lang too, so each column says what it is."""

    VOID: ClassVar[frozenset[str]] = frozenset({"meta", "link", "img", "br", "col", "input"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str, int | None]] = []  # tag, lang, index in found
        self.found: list[tuple[str, str, list[str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.VOID:
            return
        parent = self.stack[-1][1] if self.stack else ""
        own = dict(attrs).get("lang")
        lang = own or parent
        index = None
        if self.stack and own and tag in HTML_TO_PDF:
            index = len(self.found)
            self.found.append((HTML_TO_PDF[tag], lang, []))
        self.stack.append((tag, lang, index))

    def handle_endtag(self, tag: str) -> None:
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data: str) -> None:
        for _, _, index in self.stack:
            if index is not None:
                self.found[index][2].append(data)


def other_language_parts(html: str) -> list[tuple[str, str, str]]:
    """(PDF structure type, lang, text) of each HTML element in another language."""
    parser = _LangParts()
    parser.feed(html)
    parser.close()
    return [(kind, lang, "".join(text)) for kind, lang, text in parser.found]


def text_key(text: str) -> str:
    """Compare text independent of line breaks, hyphenation and bidi storage order
    (WeasyPrint stores right-to-left runs in visual order)."""
    return "".join(sorted(ch for ch in text if ch.isalnum()))


def element_text(element: Any, text: dict[tuple[int, int], str], pages: PageIndex) -> str:
    """The element's words without list labels (HTML text has no "1." or "•")."""
    if _kind(element) == "Lbl":
        return ""
    page = element.get("/Pg")
    parts = []
    for item in kids(element):
        if isinstance(item, int):
            parts.append(text.get((pages.of(page), int(item)), ""))
        elif isinstance(item, pikepdf.Dictionary) and "/MCID" in item:
            parts.append(text.get((pages.of(item.get("/Pg", page)), int(item.MCID)), ""))
        elif is_element(item):
            parts.append(element_text(item, text, pages))
    return "".join(parts)


def set_languages(
    root: Any, html: str, text: dict[tuple[int, int], str], pages: PageIndex
) -> list[str]:
    """Set /Lang on the structure element of each HTML element in another language.
    Returns the parts it could not find."""
    parts = other_language_parts(html)
    wanted_kinds = {kind for kind, _, _ in parts}
    elements = [element for element in walk(root) if _kind(element) in wanted_kinds]
    keys: dict[int, str] = {}  # computed only when a part of that type needs them

    def key(number: int) -> str:
        if number not in keys:
            keys[number] = text_key(element_text(elements[number], text, pages))
        return keys[number]

    used: set[int] = set()
    missing = []
    for kind, lang, words in parts:
        wanted = text_key(words)
        for number, element in enumerate(elements):
            if number in used or _kind(element) != kind or key(number) != wanted:
                continue
            element.Lang = pikepdf.String(lang)
            used.add(number)
            break
        else:
            missing.append(f"{kind} in '{lang}': {words.strip()[:40]!r}")
    return missing


# --- symbols, parent tree, artifacts ------------------------------------------------


def hide_symbols(root: Any, text: dict[tuple[int, int], str], pages: PageIndex) -> None:
    """Give spans that hold only label symbols an empty /ActualText: the words beside
    them ("Probably helps", "Moderate") carry the meaning; "black black black" does not."""
    for element in walk(root):
        if child_elements(element):
            continue
        refs = list(content_refs(element))
        words = "".join(text.get((pages.of(page), mcid), "") for page, mcid in refs)
        if refs and symbol_only(words):
            element.ActualText = pikepdf.String("")


def rebuild_parent_tree(pdf: pikepdf.Pdf, root: Any) -> set[tuple[int, int]]:
    """Point /ParentTree at the merged elements; return the (page, MCID) pairs the tree
    now holds."""
    pages = PageIndex(pdf)
    owners: dict[tuple[int, int], Any] = {}
    objects: dict[tuple[int, int], Any] = {}

    def visit(element: Any, page: Any) -> None:
        page = element.get("/Pg", page)
        for kid in kids(element):
            if isinstance(kid, int):
                owners[(pages.of(page), int(kid))] = element
            elif isinstance(kid, pikepdf.Dictionary):
                if "/MCID" in kid:
                    owners[(pages.of(kid.get("/Pg", page)), int(kid.MCID))] = element
                elif str(kid.get("/Type", "")) == "/OBJR":
                    objects[kid.Obj.objgen] = element
                elif "/S" in kid:
                    kid.P = element
                    visit(kid, page)

    visit(root, None)
    nums: list[tuple[int, Any]] = []
    for number, page in enumerate(pdf.pages):
        key = page.obj.get("/StructParents")
        if key is None:
            continue
        mine = [mcid for (p, mcid) in owners if p == number]
        size = max(mine) + 1 if mine else 0
        nums.append((int(key), pikepdf.Array([owners.get((number, i)) for i in range(size)])))
        for annotation in page.obj.get("/Annots", []):
            if "/StructParent" in annotation and annotation.objgen in objects:
                nums.append((int(annotation.StructParent), objects[annotation.objgen]))
    flat: list[Any] = []
    for key, value in sorted(nums, key=lambda item: item[0]):
        flat += [key, value]
    root.ParentTree = pdf.make_indirect(pikepdf.Dictionary(Nums=pikepdf.Array(flat)))
    root.ParentTreeNextKey = max((key for key, _ in nums), default=-1) + 1
    return set(owners)


def mark_artifacts(pdf: pikepdf.Pdf, tagged: set[tuple[int, int]]) -> int:
    """Turn every numbered marked-content sequence the tree does not hold (running
    headers and footers, repeated table headers) into an /Artifact. Returns how many."""
    changed = 0
    for number, page in enumerate(pdf.pages):
        instructions = list(pikepdf.parse_content_stream(page))
        dirty = False
        for index, instruction in enumerate(instructions):
            if isinstance(instruction, pikepdf.ContentStreamInlineImage):
                continue
            if str(instruction.operator) != "BDC":
                continue
            mcid = mcid_of(list(instruction.operands))
            if mcid is None or (number, mcid) in tagged:
                continue
            instructions[index] = pikepdf.ContentStreamInstruction(
                [pikepdf.Name.Artifact, pikepdf.Dictionary(Type=pikepdf.Name.Pagination)],
                pikepdf.Operator("BDC"),
            )
            dirty = True
            changed += 1
        if dirty:
            page.obj.Contents = pdf.make_stream(pikepdf.unparse_content_stream(instructions))
    return changed


def fix_tags(data: bytes, html: str) -> tuple[bytes, list[str]]:
    """Return the repaired PDF and the other-language parts whose element was not found."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        root = pdf.Root.get("/StructTreeRoot")
        if root is None:
            return data, []
        pages = PageIndex(pdf)
        merge_fragments(root, pages)
        text = marked_text(pdf)
        missing = set_languages(root, html, text, pages)
        hide_symbols(root, text, pages)
        tagged = rebuild_parent_tree(pdf, root)
        mark_artifacts(pdf, tagged)
        restore_line_end_spaces(pdf)
        out = io.BytesIO()
        # deterministic_id: the file /ID comes from the content, so the same input gives
        # the same bytes (a test builds twice and compares).
        pdf.save(out, deterministic_id=True, compress_streams=True)
        return out.getvalue(), missing
