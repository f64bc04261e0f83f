"""Read each page's content stream once: marked content and decoded text, with pikepdf.

The tag tree refers to text by (page, MCID). The post-processing step (`pdf_tags.py`,
`pdf_spaces.py`) and the tag-tree check all need the content streams: the text of each
sequence (symbol-only spans, which element holds which words), which sequences are
numbered (artifacts), and each line's text operators (lost spaces). `read_pages` parses
and decodes every page once into a list of events they all share; parsing is most of
their cost. WeasyPrint writes Type0 fonts with Identity-H encoding and a /ToUnicode map,
so decoding needs only those maps; pdfminer would do the same work several times slower.
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


TEXT_SHOWING = frozenset({"Tj", "TJ", "'", '"'})


@dataclass
class Font:
    """A page font as the text decoder needs it; `obj` is kept for its widths."""

    mapping: dict[bytes, str]
    width: int
    obj: Any

    def decode(self, raw: bytes) -> str:
        out = []
        for index in range(0, len(raw), self.width):
            out.append(self.mapping.get(raw[index : index + self.width], "\ufffd"))
        return "".join(out)


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


# PDF syntax, as the content-stream scanner reads it (ISO 32000-1, 7.2 and 7.3).
_WHITE = rb"\x00\t\n\x0c\r "
_REGULAR = rb"[^\x00\t\n\x0c\r ()<>\[\]{}/%]"


def _literal(depth: int) -> bytes:
    """A literal string holding balanced parentheses nested up to `depth` deep."""
    pattern = rb"\((?:[^\\()]++|\\.)*+\)"
    for _ in range(depth):
        pattern = rb"\((?:[^\\()]++|\\.|" + pattern + rb")*+\)"
    return pattern


LITERAL = _literal(3)
# The strings of an operand (hexadecimal or literal), and comments, which hold none.
_STRING = re.compile(rb"%[^\r\n]*|<([0-9A-Fa-f" + _WHITE + rb"]*)>|(" + LITERAL + rb")", re.S)
_NOT_HEX = re.compile(rb"[" + _WHITE + rb"]")
# An escape, or a line end without one (read as a line feed whatever its bytes).
_ESCAPE = re.compile(rb"\\(\r\n|[0-7]{1,3}|.)|\r\n?", re.S)
_ESCAPED = {
    b"n": b"\n",
    b"r": b"\r",
    b"t": b"\t",
    b"b": b"\b",
    b"f": b"\f",
    # A backslash at a line end continues the string on the next line.
    b"\n": b"",
    b"\r": b"",
    b"\r\n": b"",
}


def _unescape(match: re.Match[bytes]) -> bytes:
    value = match.group(1)
    if value is None:
        return b"\n"
    if b"0" <= value[:1] <= b"7":
        return bytes([int(value, 8) & 0xFF])
    return _ESCAPED.get(value, value)  # an unknown escape is the character itself


def strings(operands: bytes) -> Iterator[bytes]:
    """The strings in a text operator's operands, as bytes, in order."""
    for match in _STRING.finditer(operands):
        digits, literal = match.groups()
        if digits is not None:
            digits = _NOT_HEX.sub(b"", digits)
            if len(digits) % 2:
                digits += b"0"  # PDF: a missing last digit is 0
            yield bytes.fromhex(digits.decode("ascii"))
        elif literal is not None:
            yield _ESCAPE.sub(_unescape, literal[1:-1])


def shown_text(font: Font, operands: bytes) -> str:
    """The text a text operator shows (the strings of a TJ array too), decoded from the
    operands' bytes as the content stream has them; numbers (TJ spacing, the spacing
    operands of ") are not text.

    WeasyPrint writes one hexadecimal string per glyph or run, so the common case finds
    them with one regular expression, joins them and decodes once."""
    if b"(" not in operands and b"%" not in operands:
        codes = _HEX.findall(operands)
        step = 2 * font.width
        # Every string whole codes: joining them decodes the same.
        if operands.count(b"<") == len(codes) and all(len(c) % step == 0 for c in codes):
            return font.decode(bytes.fromhex(b"".join(codes).decode("ascii")))
    return "".join(font.decode(raw) for raw in strings(operands))


def mcid_of(operands: list[Any]) -> int | None:
    """The MCID of a BDC operator's property list, if it has one inline."""
    if len(operands) == 2 and isinstance(operands[1], pikepdf.Dictionary):
        mcid = operands[1].get("/MCID")
        if mcid is not None:
            return int(mcid)
    return None


@dataclass
class Begin:
    """A BDC or BMC: the start of a marked-content sequence."""

    index: int  # in the page's instruction list
    mcid: int | None
    artifact: bool  # tagged /Artifact, or BMC (unnumbered: hidden from the tree)


@dataclass
class End:
    """An EMC."""

    index: int


@dataclass
class Show:
    """A text-showing operator, decoded, with the text state the space repair needs."""

    index: int
    font: str  # resource name
    size: float
    y: float  # baseline, in text space
    text: str
    operator: str


Event = Begin | End | Show


@dataclass
class PageContent:
    """One page's content stream, parsed and decoded once for every consumer: the
    marked-text map, the artifact marking, the line-end space repair and the checks.

    `instructions` is the page's parsed stream; editors change it and `events` together
    and call `write` once at the end."""

    number: int
    page: pikepdf.Page
    instructions: list[Any]
    events: list[Event]
    fonts: dict[str, Font]
    dirty: bool = False

    def write(self, pdf: pikepdf.Pdf) -> None:
        if self.dirty:
            self.page.obj.Contents = pdf.make_stream(
                pikepdf.unparse_content_stream(self.instructions)
            )
            self.dirty = False


def _events(instructions: list[Any], fonts: dict[str, Font]) -> list[Event]:
    events: list[Event] = []
    font: Font | None = None
    font_name = ""
    size = 0.0
    y = 0.0
    for index, instruction in enumerate(instructions):
        if isinstance(instruction, pikepdf.ContentStreamInlineImage):
            continue
        operator = str(instruction.operator)
        if operator == "BDC":
            operands = list(instruction.operands)
            events.append(Begin(index, mcid_of(operands), str(operands[0]) == "/Artifact"))
        elif operator == "BMC":
            events.append(Begin(index, None, True))
        elif operator == "EMC":
            events.append(End(index))
        elif operator == "Tf":
            operands = instruction.operands
            font_name, size = str(operands[0]), float(operands[1])
            font = fonts.get(font_name)
        elif operator == "Tm":
            y = float(instruction.operands[5])
        elif operator in ("Td", "TD"):
            y += float(instruction.operands[1])
        elif operator in TEXT_SHOWING and font is not None:
            unparsed = b" ".join(
                operand.unparse()
                for operand in instruction.operands
                if isinstance(operand, pikepdf.Object)
            )
            text = shown_text(font, unparsed)
            events.append(Show(index, font_name, size, y, text, operator))
    return events


def read_pages(pdf: pikepdf.Pdf) -> list[PageContent]:
    """Parse and decode every page's content stream once."""
    cache: dict[tuple[int, int], Font] = {}
    pages = []
    for number, page in enumerate(pdf.pages):
        fonts = page_fonts(page, cache)
        instructions = list(pikepdf.parse_content_stream(page))
        pages.append(PageContent(number, page, instructions, _events(instructions, fonts), fonts))
    return pages


def text_of(pages: list[PageContent]) -> dict[tuple[int, int], str]:
    """Text of every marked-content sequence, keyed by (page index, MCID).

    Text drawn outside any MCID (artifacts) is left out. A sequence without an MCID
    inside a numbered one belongs to it; an artifact or BMC hides what it holds.
    """
    text: dict[tuple[int, int], str] = {}
    for content in pages:
        number = content.number
        stack: list[int | None] = []
        for event in content.events:
            if isinstance(event, Begin):
                if event.mcid is not None:
                    text.setdefault((number, event.mcid), "")
                if event.artifact:
                    stack.append(None)
                else:
                    inherited = stack[-1] if stack else None
                    stack.append(event.mcid if event.mcid is not None else inherited)
            elif isinstance(event, End):
                if stack:
                    stack.pop()
            else:
                current = stack[-1] if stack else None
                if current is not None:
                    text[(number, current)] += event.text
    return text


def numbered_content(pages: list[PageContent]) -> set[tuple[int, int]]:
    """(page index, MCID) of every numbered marked-content sequence, artifact or not."""
    return {
        (content.number, event.mcid)
        for content in pages
        for event in content.events
        if isinstance(event, Begin) and event.mcid is not None
    }


def marked_text(pdf: pikepdf.Pdf) -> dict[tuple[int, int], str]:
    """Text of every marked-content sequence, keyed by (page index, MCID)."""
    return text_of(read_pages(pdf))
