"""Put back the space WeasyPrint drops where a line breaks.

WeasyPrint writes each line as its own marked-content sequence and leaves out the space
at the break, so a screen reader that joins the tagged text reads "No one whosells" and
"Next review due:November". For each line that ends a word, this adds one space glyph
at the line's logical end and moves back by its width, so nothing moves on the page.

Scripts written without spaces (Chinese, Japanese) are left alone. Right-to-left lines
are stored in visual order; their logical end is the left end, so the space goes there.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

import pikepdf

from fbss_guide.pdf_content import mcid_of, parse_to_unicode

TEXT_OPERATORS = {"Tj", "TJ"}
LINE_GAP_PT = 3.0  # baselines further apart than this are different lines
NO_SPACE_AFTER = set("-\u00ad\u2010\u2011/")


@dataclass
class _Run:
    """The text operators of one marked-content sequence."""

    mcid: int
    text: str = ""
    operators: list[int] = field(default_factory=list)  # instruction indexes
    fonts: list[tuple[str, float]] = field(default_factory=list)  # name and size
    first_y: float | None = None
    last_y: float | None = None


def _no_spaces(text: str) -> bool:
    """Text in a script written without spaces between words."""
    for char in text:
        name = unicodedata.name(char, "")
        if name.startswith(("CJK", "HIRAGANA", "KATAKANA", "HANGUL")):
            return True
    return False


def _right_to_left(text: str) -> bool:
    return any(unicodedata.bidirectional(char) in {"R", "AL"} for char in text)


@dataclass
class _FontInfo:
    mapping: dict[bytes, str]
    width: int
    space: bytes | None
    space_advance: float  # thousandths of the font size


def _font_info(font: Any) -> _FontInfo:
    to_unicode = font.get("/ToUnicode")
    mapping, width = parse_to_unicode(to_unicode.read_bytes()) if to_unicode else ({}, 1)
    if str(font.get("/Subtype")) == "/Type0":
        width = 2
    space = next((code for code, text in mapping.items() if text == " "), None)
    advance = 0.0
    if space is not None:
        cid = int.from_bytes(space, "big")
        descendant = font.DescendantFonts[0] if "/DescendantFonts" in font else font
        advance = float(descendant.get("/DW", 1000))
        widths = list(descendant.get("/W", []))
        index = 0
        while index < len(widths) - 1:
            first = int(widths[index])
            if isinstance(widths[index + 1], pikepdf.Array):
                values = list(widths[index + 1])
                if first <= cid < first + len(values):
                    advance = float(values[cid - first])
                index += 2
            else:
                last, value = int(widths[index + 1]), float(widths[index + 2])
                if first <= cid <= last:
                    advance = value
                index += 3
    return _FontInfo(mapping, width, space, advance)


def _decode(info: _FontInfo, operands: list[Any]) -> str:
    out = []
    for operand in operands:
        items = list(operand) if isinstance(operand, pikepdf.Array) else [operand]
        for item in items:
            if isinstance(item, pikepdf.String):
                raw = bytes(item)
                for i in range(0, len(raw), info.width):
                    out.append(info.mapping.get(raw[i : i + info.width], ""))
    return "".join(out)


def _runs(instructions: list[Any], fonts: dict[str, _FontInfo]) -> list[_Run]:
    runs: list[_Run] = []
    stack: list[_Run | None] = []
    font = ""
    size = 0.0
    y = 0.0
    for index, instruction in enumerate(instructions):
        if isinstance(instruction, pikepdf.ContentStreamInlineImage):
            continue
        operator, operands = str(instruction.operator), list(instruction.operands)
        if operator == "BDC":
            mcid = mcid_of(operands)
            if mcid is not None and str(operands[0]) != "/Artifact":
                run = _Run(mcid)
                runs.append(run)
                stack.append(run)
            else:
                stack.append(stack[-1] if stack and str(operands[0]) != "/Artifact" else None)
        elif operator == "BMC":
            stack.append(None)
        elif operator == "EMC":
            if stack:
                stack.pop()
        elif operator == "Tf":
            font, size = str(operands[0]), float(operands[1])
        elif operator == "Tm":
            y = float(operands[5])
        elif operator in {"Td", "TD"}:
            y += float(operands[1])
        elif operator in TEXT_OPERATORS and stack and stack[-1] is not None:
            run = stack[-1]
            info = fonts.get(font)
            if info is None:
                continue
            run.text += _decode(info, operands)
            run.operators.append(index)
            run.fonts.append((font, size))
            if run.first_y is None:
                run.first_y = y
            run.last_y = y
    return [run for run in runs if run.operators and run.text]


def _lost_spaces(runs: list[_Run]) -> list[tuple[_Run, bool]]:
    """Runs that end a line in the middle of text: (run, right_to_left)."""
    found = []
    for before, after in pairwise(runs):
        if before.last_y is None or after.first_y is None:
            continue
        if abs(after.first_y - before.last_y) < LINE_GAP_PT:
            continue  # same line
        if before.text[-1:].isspace() or after.text[:1].isspace():
            continue
        if _no_spaces(before.text + after.text):
            continue
        rtl = _right_to_left(before.text)
        end = before.text[0] if rtl else before.text[-1]
        if end in NO_SPACE_AFTER or end.isspace():
            continue
        found.append((before, rtl))
    return found


def _page_fonts(page: pikepdf.Page, cache: dict[Any, _FontInfo]) -> dict[str, _FontInfo]:
    fonts = {}
    for name, font in page.obj.get("/Resources", {}).get("/Font", {}).items():
        if font.objgen not in cache:
            cache[font.objgen] = _font_info(font)
        fonts[name] = cache[font.objgen]
    return fonts


def count_lost_spaces(pdf: pikepdf.Pdf) -> list[str]:
    """The line ends where two words would run together: 'who|sells' samples."""
    cache: dict[Any, _FontInfo] = {}
    samples = []
    for page in pdf.pages:
        fonts = _page_fonts(page, cache)
        runs = _runs(list(pikepdf.parse_content_stream(page)), fonts)
        runs_after = {id(run): following for run, following in pairwise(runs)}
        for run, rtl in _lost_spaces(runs):
            following = runs_after[id(run)].text
            samples.append((run.text[:8] if rtl else run.text[-8:]) + "|" + following[:8])
    return samples


def restore_line_end_spaces(pdf: pikepdf.Pdf) -> int:
    """Add the lost space at every line end that splits two words; return how many."""
    cache: dict[Any, _FontInfo] = {}
    added = 0
    for page in pdf.pages:
        fonts = _page_fonts(page, cache)
        # A subset font may have no space (a heading of one Arabic word): borrow one.
        spare = next((name for name, info in sorted(fonts.items()) if info.space), None)
        instructions = list(pikepdf.parse_content_stream(page))
        inserts: list[tuple[int, list[Any]]] = []
        for run, rtl in _lost_spaces(_runs(instructions, fonts)):
            position = 0 if rtl else -1
            index = run.operators[position]
            name, size = run.fonts[position]
            own = fonts[name].space is not None
            use = name if own else spare
            if use is None:
                continue
            info = fonts[use]
            # The space and a move back by its width: the glyphs stay where they were.
            space = pikepdf.ContentStreamInstruction(
                [pikepdf.Array([pikepdf.String(info.space or b""), info.space_advance])],
                pikepdf.Operator("TJ"),
            )
            if own:
                block = [space]
            else:
                block = [
                    pikepdf.ContentStreamInstruction(
                        [pikepdf.Name(use), size], pikepdf.Operator("Tf")
                    ),
                    space,
                    pikepdf.ContentStreamInstruction(
                        [pikepdf.Name(name), size], pikepdf.Operator("Tf")
                    ),
                ]
            inserts.append((index if rtl else index + 1, block))
            added += 1
        if inserts:
            for index, block in sorted(inserts, key=lambda item: item[0], reverse=True):
                instructions[index:index] = block
            page.obj.Contents = pdf.make_stream(pikepdf.unparse_content_stream(instructions))
    return added
