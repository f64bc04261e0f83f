"""Read the text of each marked-content sequence of a PDF, with pikepdf alone.

The tag tree refers to text by (page, MCID). Both the post-processing step
(`pdf_tags.py`) and the tag-tree check need that text: to find symbol-only spans and to
tell which structure element holds which words. WeasyPrint writes Type0 fonts with
Identity-H encoding and a /ToUnicode map, so decoding needs only those maps; pdfminer
would do the same work several times slower.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pikepdf

_HEX = re.compile(rb"<([0-9A-Fa-f]+)>")


def _hex_to_text(value: bytes) -> str:
    return bytes.fromhex(value.decode("ascii")).decode("utf-16-be", "replace")


def parse_to_unicode(data: bytes) -> tuple[dict[bytes, str], int]:
    """A /ToUnicode CMap as {character code: text} and the code length in bytes."""
    mapping: dict[bytes, str] = {}
    width = 1
    for block in re.findall(rb"begincodespacerange(.*?)endcodespacerange", data, re.S):
        codes = _HEX.findall(block)
        if codes:
            width = max(width, len(codes[0]) // 2)
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", data, re.S):
        items = _HEX.findall(block)
        for code, text in zip(items[::2], items[1::2], strict=False):
            mapping[bytes.fromhex(code.decode())] = _hex_to_text(text)
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", data, re.S):
        for line in block.strip().splitlines():
            parts = re.findall(rb"<[0-9A-Fa-f]+>|\[[^\]]*\]", line)
            if len(parts) != 3:
                continue
            low = int(parts[0][1:-1], 16)
            high = int(parts[1][1:-1], 16)
            size = (len(parts[0]) - 2) // 2
            if parts[2].startswith(b"["):
                targets = [_hex_to_text(t) for t in _HEX.findall(parts[2])]
                for offset, text in enumerate(targets):
                    mapping[(low + offset).to_bytes(size, "big")] = text
            else:
                start = bytes.fromhex(parts[2][1:-1].decode())
                for offset in range(high - low + 1):
                    value = (int.from_bytes(start, "big") + offset).to_bytes(len(start), "big")
                    mapping[(low + offset).to_bytes(size, "big")] = value.decode(
                        "utf-16-be", "replace"
                    )
    return mapping, width


@dataclass
class _Font:
    mapping: dict[bytes, str]
    width: int

    def decode(self, raw: bytes) -> str:
        out = []
        for index in range(0, len(raw), self.width):
            out.append(self.mapping.get(raw[index : index + self.width], "\ufffd"))
        return "".join(out)


def _fonts(page: pikepdf.Page, cache: dict[tuple[int, int], _Font]) -> dict[str, _Font]:
    fonts: dict[str, _Font] = {}
    resources = page.obj.get("/Resources", {})
    for name, font in resources.get("/Font", {}).items():
        key = font.objgen
        if key not in cache:
            to_unicode = font.get("/ToUnicode")
            if to_unicode is not None:
                mapping, width = parse_to_unicode(to_unicode.read_bytes())
            else:
                mapping, width = {}, 1
            if str(font.get("/Subtype")) == "/Type0":
                width = 2
            cache[key] = _Font(mapping, width)
        fonts[name] = cache[key]
    return fonts


def _strings(operands: list[Any]) -> Iterator[bytes]:
    for operand in operands:
        if isinstance(operand, pikepdf.String):
            yield bytes(operand)
        elif isinstance(operand, pikepdf.Array):
            for item in operand:
                if isinstance(item, pikepdf.String):
                    yield bytes(item)


def mcid_of(operands: list[Any]) -> int | None:
    """The MCID of a BDC operator's property list, if it has one inline."""
    if len(operands) == 2 and isinstance(operands[1], pikepdf.Dictionary):
        mcid = operands[1].get("/MCID")
        if mcid is not None:
            return int(mcid)
    return None


def marked_text(pdf: pikepdf.Pdf) -> dict[tuple[int, int], str]:
    """Text of every marked-content sequence, keyed by (page index, MCID).

    Text drawn outside any MCID (artifacts) is left out.
    """
    cache: dict[tuple[int, int], _Font] = {}
    text: dict[tuple[int, int], str] = {}
    for number, page in enumerate(pdf.pages):
        fonts = _fonts(page, cache)
        font: _Font | None = None
        stack: list[int | None] = []
        for instruction in pikepdf.parse_content_stream(page):
            if isinstance(instruction, pikepdf.ContentStreamInlineImage):
                continue
            operands, operator = instruction.operands, str(instruction.operator)
            if operator == "BDC":
                mcid = mcid_of(list(operands))
                if mcid is not None:
                    text.setdefault((number, mcid), "")
                if str(operands[0]) == "/Artifact":
                    stack.append(None)
                else:
                    stack.append(mcid if mcid is not None else (stack[-1] if stack else None))
            elif operator == "BMC":
                # An artifact or other unnumbered sequence hides its text from the tree.
                stack.append(None)
            elif operator == "EMC":
                if stack:
                    stack.pop()
            elif operator == "Tf":
                font = fonts.get(str(operands[0]))
            elif operator in ("Tj", "TJ", "'", '"') and font is not None:
                current = stack[-1] if stack else None
                if current is None:
                    continue
                for raw in _strings(list(operands)):
                    text[(number, current)] += font.decode(raw)
    return text
