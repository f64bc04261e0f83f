"""Glyph codes to text: the /ToUnicode maps of WeasyPrint's Type0 fonts (Identity-H
encoding), read once per font, and the text a text-showing operator draws.
"""

from __future__ import annotations

import re
import sys
from array import array
from dataclasses import dataclass, field
from typing import Any

import pikepdf

from fbss_guide.pdf.syntax import strings

_HEX = re.compile(rb"<([0-9A-Fa-f]+)>")
_HEX_STRING = re.compile(rb"<([0-9A-Fa-f]*)>")


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


class _Glyphs(dict[int, str]):
    """Text by character code; a code the /ToUnicode map lacks reads as U+FFFD."""

    def __missing__(self, code: int) -> str:
        return "\ufffd"


def _decode(raw: bytes, width: int, mapping: dict[bytes, str], glyphs: _Glyphs) -> str:
    if width == 2 and not len(raw) % 2:
        codes = array("H", raw)
        if sys.byteorder == "little":
            codes.byteswap()
        return "".join(map(glyphs.__getitem__, codes))
    out = []
    for index in range(0, len(raw), width):
        out.append(mapping.get(raw[index : index + width], "\ufffd"))
    return "".join(out)


class _HexStrings(dict[bytes, str]):
    """The text of each hexadecimal string (its digits) one font has shown so far:
    WeasyPrint writes a string per glyph, so most are met again and again."""

    def __init__(self, width: int, mapping: dict[bytes, str], glyphs: _Glyphs) -> None:
        super().__init__()
        self.width, self.mapping, self.glyphs = width, mapping, glyphs

    def __missing__(self, digits: bytes) -> str:
        if len(digits) % 2:
            digits += b"0"  # PDF: a missing last digit is 0
        raw = bytes.fromhex(digits.decode("ascii"))
        text = self[digits] = _decode(raw, self.width, self.mapping, self.glyphs)
        return text


@dataclass
class Font:
    """A page font as the text decoder needs it; `obj` is kept for its widths. The
    tables made from `mapping` decode a string of two-byte codes in one call, and each
    hexadecimal string once."""

    mapping: dict[bytes, str]
    width: int
    obj: Any
    glyphs: _Glyphs = field(init=False, repr=False, compare=False)  # two-byte codes
    hex_strings: _HexStrings = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self.glyphs = _Glyphs(
            (int.from_bytes(code, "big"), text)
            for code, text in self.mapping.items()
            if len(code) == 2
        )
        self.hex_strings = _HexStrings(self.width, self.mapping, self.glyphs)

    def decode(self, raw: bytes) -> str:
        return _decode(raw, self.width, self.mapping, self.glyphs)


def _load_font(font: Any) -> Font:
    to_unicode = font.get("/ToUnicode")
    if to_unicode is not None:
        mapping, width = parse_to_unicode(to_unicode.read_bytes())
    else:
        mapping, width = {}, 1
    if str(font.get("/Subtype")) == "/Type0":
        width = 2
    return Font(mapping, width, font)


def page_fonts(page: pikepdf.Page, cache: dict[tuple[int, int], Font]) -> dict[str, Font]:
    """The page's fonts by resource name; `cache` shares them between pages."""
    fonts: dict[str, Font] = {}
    # pikepdf's stubs type a missing key's default poorly: these are PDF dictionaries.
    resources: Any = page.obj.get("/Resources", {})
    for name, font in resources.get("/Font", {}).items():
        key = font.objgen
        if key not in cache:
            cache[key] = _load_font(font)
        fonts[name] = cache[key]
    return fonts


def shown_text(font: Font, operands: bytes) -> str:
    """The text a text operator shows (the strings of a TJ array too), decoded from the
    operands' bytes as the content stream has them; numbers (TJ spacing, the spacing
    operands of ") are not text. Each string is decoded by itself: a string may end
    in the middle of a code.

    WeasyPrint writes hexadecimal strings only, one per glyph or run: the common case
    finds them all with one regular expression and reads each from the font's table of
    the strings it has decoded already."""
    if b"(" not in operands and b"%" not in operands:
        digits = _HEX_STRING.findall(operands)
        if operands.count(b"<") == len(digits):  # no string with white space inside
            return "".join(map(font.hex_strings.__getitem__, digits))
    return "".join(font.decode(raw) for raw in strings(operands))
