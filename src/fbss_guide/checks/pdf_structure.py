"""Accessibility checks on a built PDF, read from the file itself.

They follow the machine-checkable part of PDF/UA-1 (Matterhorn protocol): language,
title, tagging, structure tree, heading order, table headers, figure alt text, embedded
fonts with Unicode maps, the PDF/UA identifier, and text that can be read in order
through the structure tree (what a screen reader does).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Any

import pikepdf

from fbss_guide.checks.tag_tree import tag_tree_problems
from fbss_guide.pdf.content import read_pages

HEADING = re.compile(r"^H([1-6])$")
LANG_TAG = re.compile(r"^[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*$")


@dataclass
class PdfReport:
    """What the checks found; `problems` is empty when the PDF passes."""

    problems: list[str] = field(default_factory=list)
    headings: list[str] = field(default_factory=list)  # e.g. ["H1", "H2", ...]
    structure_types: set[str] = field(default_factory=set)
    fonts: list[str] = field(default_factory=list)
    reading_text: str = ""
    page_count: int = 0

    @property
    def passed(self) -> bool:
        return not self.problems


def name_of(value: Any) -> str:
    return str(value)[1:] if isinstance(value, pikepdf.Name) else str(value)


def _elements(node: Any) -> Iterator[pikepdf.Dictionary]:
    """Structure elements in depth-first (reading) order."""
    kids = node.get("/K")
    if kids is None:
        return
    items = list(kids) if isinstance(kids, pikepdf.Array) else [kids]
    for kid in items:
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            yield kid
            yield from _elements(kid)


def check_pdf(path: Path, language: str, title: str | None = None) -> PdfReport:
    report = PdfReport()
    with pikepdf.open(path) as pdf:
        report.page_count = len(pdf.pages)
        root = pdf.Root
        lang = str(root.get("/Lang", ""))
        if not lang or not LANG_TAG.match(lang):
            report.problems.append(f"/Lang is missing or not a language tag: {lang!r}")
        elif lang.lower() != language.lower():
            report.problems.append(f"/Lang is {lang!r}, expected {language!r}")
        info_title = str(pdf.docinfo.get("/Title", "")) if pdf.docinfo else ""
        if not info_title.strip():
            report.problems.append("document /Title is empty")
        elif title is not None and info_title != title:
            report.problems.append(f"/Title is {info_title!r}, expected {title!r}")
        # Dictionaries of the PDF (pikepdf's stubs cannot say so for a missing key).
        prefs: Any = root.get("/ViewerPreferences", {})
        if not bool(prefs.get("/DisplayDocTitle", False)):
            report.problems.append("/ViewerPreferences/DisplayDocTitle is not true")
        mark_info: Any = root.get("/MarkInfo", {})
        if not bool(mark_info.get("/Marked", False)):
            report.problems.append("/MarkInfo/Marked is not true (PDF is not tagged)")
        if bool(mark_info.get("/Suspects", False)):
            report.problems.append("/MarkInfo/Suspects is true")
        tree = root.get("/StructTreeRoot")
        if tree is None:
            report.problems.append("no /StructTreeRoot (no structure tree)")
        else:
            _check_structure(pdf, tree, report)
        _check_xmp(pdf, report)
        _check_fonts(pdf, report)
        # Lists, artifacts, fragments and symbol-only text (checks/tag_tree.py), on the
        # file already open; the build runs the same check with the HTML beside it.
        tag_problems = tag_tree_problems(pdf, read_pages(pdf)) if tree is not None else []
    if tree is not None:
        report.problems += tag_problems
        report.reading_text = reading_order_text(path)
        if not report.reading_text.strip():
            report.problems.append("no text can be read through the structure tree")
        if "\ufffd" in report.reading_text:
            report.problems.append("text read through the structure tree has U+FFFD characters")
    return report


def _check_structure(pdf: pikepdf.Pdf, tree: Any, report: PdfReport) -> None:
    role_map = tree.get("/RoleMap", {})
    for element in _elements(tree):
        kind = name_of(element["/S"])
        kind = name_of(role_map.get("/" + kind, kind)) if role_map else kind
        report.structure_types.add(kind)
        if HEADING.match(kind):
            report.headings.append(kind)
        if kind == "Figure":
            alt = str(element.get("/Alt", "")) or str(element.get("/ActualText", ""))
            if not alt.strip():
                report.problems.append("a Figure has no /Alt text")
        if kind == "Table":
            types = {name_of(e["/S"]) for e in _elements(element)}
            if "TH" not in types:
                report.problems.append("a Table has no TH (header) cells")
    levels = [int(h[1]) for h in report.headings]
    if not levels:
        report.problems.append("no headings in the structure tree")
    else:
        if levels[0] != 1:
            report.problems.append(f"the first heading is H{levels[0]}, not H1")
        if levels.count(1) != 1:
            report.problems.append(f"expected one H1, found {levels.count(1)}")
        for previous, current in pairwise(levels):
            if current > previous + 1:
                report.problems.append(f"heading level skips from H{previous} to H{current}")
                break


def _check_xmp(pdf: pikepdf.Pdf, report: PdfReport) -> None:
    if "/Metadata" not in pdf.Root:
        report.problems.append("no XMP metadata stream")
        return
    xmp = pdf.Root.Metadata.read_bytes().decode("utf-8", "replace")
    if not re.search(r"pdfuaid:part(=\"|>)1", xmp):
        report.problems.append("XMP metadata has no PDF/UA identifier (pdfuaid:part 1)")
    if "dc:title" not in xmp:
        report.problems.append("XMP metadata has no dc:title")


def _font_objects(pdf: pikepdf.Pdf) -> Iterator[tuple[str, Any]]:
    seen: set[tuple[int, int]] = set()
    for page in pdf.pages:
        resources: Any = page.obj.get("/Resources", {})
        fonts: Any = resources.get("/Font", {})
        for key in fonts:
            font = fonts[key]
            ident = font.objgen
            if ident in seen:
                continue
            seen.add(ident)
            yield str(font.get("/BaseFont", key)), font


def _check_fonts(pdf: pikepdf.Pdf, report: PdfReport) -> None:
    for name, font in _font_objects(pdf):
        report.fonts.append(name.lstrip("/"))
        subtype = name_of(font.get("/Subtype", ""))
        if subtype == "Type3":
            continue
        descriptor = font.get("/FontDescriptor")
        if subtype == "Type0":
            descendants = font.get("/DescendantFonts")
            descriptor = descendants[0].get("/FontDescriptor") if descendants else None
        embedded = descriptor is not None and any(
            key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")
        )
        if not embedded:
            report.problems.append(f"font {name} is not embedded")
        if "/ToUnicode" not in font:
            report.problems.append(f"font {name} has no /ToUnicode map")


def reading_order_text(path: Path) -> str:
    """The document's text in structure-tree order, as assistive technology reads it."""
    from pdfminer.pdfdevice import PDFDevice
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage

    class MarkedText(PDFDevice):
        """Collects text per (page, MCID) from the content streams."""

        def __init__(self, manager: PDFResourceManager) -> None:
            super().__init__(manager)
            self.page = 0
            self.stack: list[int | None] = []
            self.text: dict[tuple[int, int], str] = {}

        def begin_tag(self, tag: Any, props: Any = None) -> None:
            mcid = props.get("MCID") if isinstance(props, dict) else None
            self.stack.append(
                mcid if mcid is not None else (self.stack[-1] if self.stack else None)
            )

        def end_tag(self) -> None:
            if self.stack:
                self.stack.pop()

        def render_string(self, textstate: Any, seq: Any, ncs: Any, graphicstate: Any) -> None:
            mcid = self.stack[-1] if self.stack else None
            if mcid is None:
                return
            font = textstate.font
            chars = []
            for item in seq:
                if isinstance(item, bytes):
                    for cid in font.decode(item):
                        try:
                            chars.append(font.to_unichr(cid))
                        except Exception:
                            chars.append("\ufffd")
            key = (self.page, int(mcid))
            self.text[key] = self.text.get(key, "") + "".join(chars)

    manager = PDFResourceManager()
    device = MarkedText(manager)
    interpreter = PDFPageInterpreter(manager, device)
    with path.open("rb") as handle:
        for index, page in enumerate(PDFPage.get_pages(handle)):
            device.page = index
            interpreter.process_page(page)

    parts: list[str] = []
    with pikepdf.open(path) as pdf:
        page_index = {page.obj.objgen: number for number, page in enumerate(pdf.pages)}
        tree = pdf.Root.get("/StructTreeRoot")

        def walk(node: Any, page: int | None) -> None:
            if isinstance(node, pikepdf.Dictionary) and "/Pg" in node:
                page = page_index.get(node.Pg.objgen, page)
            kids = node.get("/K") if isinstance(node, pikepdf.Dictionary) else None
            if kids is None:
                return
            # pikepdf gives an array's integers as Python ints (its stubs say Object).
            items: list[Any] = list(kids) if isinstance(kids, pikepdf.Array) else [kids]
            for kid in items:
                if isinstance(kid, int) and page is not None:
                    parts.append(device.text.get((page, int(kid)), ""))
                elif isinstance(kid, pikepdf.Dictionary):
                    if "/MCID" in kid:
                        kid_page = page_index.get(kid.Pg.objgen, page) if "/Pg" in kid else page
                        if kid_page is not None:
                            parts.append(device.text.get((kid_page, int(kid.MCID)), ""))
                    elif "/S" in kid:
                        walk(kid, page)

        if tree is not None:
            walk(tree, None)
    return re.sub(r"\s+", " ", " ".join(parts)).strip()
