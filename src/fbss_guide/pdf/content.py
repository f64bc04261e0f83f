"""Read each page's content stream once: marked content and decoded text.

The tag tree refers to text by (page, MCID). The post-processing step (`pdf/tags.py`,
`pdf/spaces.py`) and the tag-tree check all need the content streams: the text of each
sequence (symbol-only spans, which element holds which words), which sequences are
numbered (artifacts), and each line's text operators (lost spaces). `read_pages` reads
and decodes every page once into a list of events they all share.

Reading does not build an instruction list: pikepdf's parser made a Python object of
every operand (a 16-page edition has some 15,000 instructions), which a walk then
visited and an unparse wrote back: a third of the post-processing. One regular
expression matches whole instructions (operands, then the operator) in the stream's
bytes; only the eleven operators the events need (BDC BMC EMC Tf Tm Td TD Tj TJ ' ") are
looked at, every other instruction is passed over and its bytes stay as they are. Events
carry the byte span of their instruction, and an edit is a splice of those bytes
(`PageContent.replace`, `PageContent.insert`), applied once by `PageContent.write`. A
stream the expression cannot read whole (an inline image, whose data is binary; deeper
nesting than it allows) is read with pikepdf's parser instead, written back in pikepdf's
syntax so that the same events and splices apply; nothing is dropped.

WeasyPrint writes Type0 fonts with Identity-H encoding and a /ToUnicode map, so decoding
needs only those maps; pdfminer would do the same work several times slower.
"""

from __future__ import annotations

import re
import sys
from array import array
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pikepdf

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


# PDF syntax, as the content-stream scanner reads it (ISO 32000-1, 7.2 and 7.3).
_WHITE = rb"\x00\t\n\x0c\r "
_REGULAR = rb"[^\x00\t\n\x0c\r ()<>\[\]{}/%]"


def _literal(depth: int) -> bytes:
    """A literal string holding balanced parentheses nested up to `depth` deep."""
    pattern = rb"\((?:[^\\()]++|\\.)*+\)"
    for _ in range(depth):
        pattern = rb"\((?:[^\\()]++|\\.|" + pattern + rb")*+\)"
    return pattern


_LITERAL = _literal(3)
# The strings of an operand (hexadecimal or literal), and comments, which hold none.
_STRING = re.compile(rb"%[^\r\n]*|<([0-9A-Fa-f" + _WHITE + rb"]*)>|(" + _LITERAL + rb")", re.S)
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


# The pieces of an instruction: white space and comments between tokens, numbers, the
# other simple objects, arrays and dictionaries (nested three deep), operators.
_SKIP = rb"(?:[" + _WHITE + rb"]++|%[^\r\n]*+)*+"  # white space and comments
_SPACE = rb"[" + _WHITE + rb"]*+"  # white space only: faster, for a stream without "%"
_END = rb"(?!" + _REGULAR + rb")"
_NUMBER = rb"[+-]?+(?:\d++\.?+\d*+|\.\d++)" + _END
_SIMPLE = (
    _NUMBER
    + rb"|/"
    + _REGULAR
    + rb"*+|<[0-9A-Fa-f"
    + _WHITE
    + rb"]*+>|"
    + _LITERAL
    + rb"|(?:true|false|null)"
    + _END
)
# A TJ array as WeasyPrint writes it, tried first: hexadecimal strings and numbers.
_FLAT = rb"\[(?:<[0-9A-Fa-f]*+>|" + _NUMBER + rb"|[" + _WHITE + rb"]++)*+\]"
# An operator: regular characters that are not a number. (Nor a keyword, true, false or
# null, but the operands before it, matched first and never given back, take those.)
_OPERATOR = rb"[^" + _WHITE + rb"()<>\[\]{}/%0-9+\-.]" + _REGULAR + rb"*+"


def _object(depth: int, skip: bytes) -> bytes:
    """An operand: a simple object, or an array or dictionary nested `depth` deep."""
    if depth == 0:
        return rb"(?:" + _FLAT + rb"|" + _SIMPLE + rb")"
    items = rb"(?:" + _object(depth - 1, skip) + skip + rb")*+"
    return rb"(?:%s|%s|\[%s%s\]|<<%s%s>>)" % (_FLAT, _SIMPLE, skip, items, skip, items)


def _instruction(skip: bytes) -> re.Pattern[bytes]:
    """One instruction: its operands (group 1) and operator (group 2)."""
    operands = rb"((?:" + _object(3, skip) + skip + rb")*+)"
    return re.compile(skip + operands + rb"(" + _OPERATOR + rb")", re.S)


_INSTRUCTION = _instruction(_SKIP)
_INSTRUCTION_WITHOUT_COMMENTS = _instruction(_SPACE)
_REST = re.compile(_SKIP, re.S)
_OPERAND = re.compile(_SKIP + rb"(" + _object(3, _SKIP) + rb")", re.S)
_NUMERIC = re.compile(_NUMBER)
_NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
_SPACES = frozenset(b"\x00\t\n\x0c\r ")

TEXT_SHOWING = frozenset({"Tj", "TJ", "'", '"'})
# The operators the events need, as bytes and as text.
_READ = {name.encode(): name for name in ("BDC", "BMC", "EMC", "Tf", "Tm", "Td", "TD")}
_READ.update({name.encode(): name for name in TEXT_SHOWING})
_SHOWING = frozenset(name.encode() for name in TEXT_SHOWING)
# Inline images: binary data after ID, which only a parser that reads the image's
# dictionary can step over.
_INLINE_IMAGE = frozenset({b"BI", b"ID", b"EI"})

# (operator, start, end, operands): one instruction the events need, with its byte span.
_Instruction = tuple[bytes, int, int, bytes]


class _Unreadable(Exception):
    """The scanner met bytes it cannot read as instructions."""


class ContentStreamError(ValueError):
    """A page's content stream that neither the scanner nor pikepdf can read."""


def _scan(data: bytes) -> Iterator[_Instruction]:
    """The instructions `_events` needs, read from a content stream's bytes; raises
    `_Unreadable` at anything that is not a whole instruction."""
    pattern = _INSTRUCTION if b"%" in data else _INSTRUCTION_WITHOUT_COMMENTS
    position = 0
    for match in pattern.finditer(data):
        start, end = match.span()
        if start != position:
            break  # what is left must be white space and comments
        position = end
        operator = match[2]
        if operator in _READ:
            yield operator, match.start(1), end, match[1]
        elif operator in _INLINE_IMAGE:
            raise _Unreadable(f"an inline image at offset {match.start(2)}")
    rest = _REST.match(data, position)
    if rest is None or rest.end() != len(data):
        raise _Unreadable(f"unreadable bytes at offset {position}")


def _parsed(page: pikepdf.Page, number: int) -> tuple[bytes, list[_Instruction]]:
    """What `_scan` gives, from pikepdf's parser: the stream written again instruction by
    instruction (one a line, in pikepdf's syntax) and the instructions read from it."""
    try:
        parsed = pikepdf.parse_content_stream(page)
    except pikepdf.PdfError as error:
        raise ContentStreamError(
            f"page {number + 1}: its content stream cannot be read: {error}"
        ) from error
    lines: list[bytes] = []
    instructions: list[_Instruction] = []
    start = 0
    for instruction in parsed:
        line = pikepdf.unparse_content_stream([instruction])
        if not isinstance(instruction, pikepdf.ContentStreamInlineImage):
            operator = instruction.operator.unparse()
            if operator in _READ:
                if not line.endswith(operator):
                    raise ContentStreamError(f"page {number + 1}: cannot write {line[:80]!r}")
                operands = line[: len(line) - len(operator)]
                instructions.append((operator, start, start + len(line), operands))
        lines.append(line)
        start += len(line) + 1
    return b"\n".join(lines), instructions


def _objects(operands: bytes) -> list[bytes]:
    """The operands of an instruction (or the items of an array or dictionary), as bytes."""
    return [match.group(1) for match in _OPERAND.finditer(operands)]


def _name(token: bytes) -> str:
    """A name as pikepdf spells it: '/' and the name, #xx escapes decoded."""
    if b"#" in token:
        token = _NAME_ESCAPE.sub(lambda match: bytes.fromhex(match.group(1).decode()), token)
    return token.decode("utf-8", "surrogateescape")


def _operands(operands: bytes, count: int) -> list[bytes]:
    """The operands of an instruction that has `count` numbers and names."""
    items = operands.split()
    if len(items) == count and b"%" not in operands and b"\x00" not in operands:
        return items
    return _objects(operands)


# A BDC's operands as WeasyPrint writes them: a tag and an inline MCID.
_TAG_AND_MCID = re.compile(
    rb"[%s]*/([A-Za-z]++)[%s]*<<[%s]*/MCID[%s]++(\d++)[%s]*>>[%s]*" % ((_WHITE,) * 6)
)


def marked(operands: bytes) -> tuple[int | None, bool]:
    """A BDC's MCID (if its property list is inline and has one), and whether it is
    tagged /Artifact."""
    simple = _TAG_AND_MCID.fullmatch(operands)
    if simple is not None:
        return int(simple[2]), simple[1] == b"Artifact"
    items = _objects(operands)
    artifact = bool(items) and _name(items[0]) == "/Artifact"
    if len(items) == 2 and items[1].startswith(b"<<"):
        entries = _objects(items[1][2:-2])
        for key, value in zip(entries[::2], entries[1::2], strict=False):
            if _name(key) == "/MCID" and _NUMERIC.fullmatch(value):
                return int(float(value)), artifact
    return None, artifact


def _pdf_text(token: bytes) -> str:
    """A PDF text string (a literal or hexadecimal string token) as Python text."""
    raw = next(strings(token), b"")
    if raw.startswith(b"\xfe\xff"):
        return raw[2:].decode("utf-16-be", "replace")
    return raw.decode("latin-1")  # PDFDocEncoding differs from Latin-1 in symbols only


def actual_text(operands: bytes) -> str | None:
    """The /ActualText of a BDC's inline property list, if it has one."""
    items = _objects(operands)
    if len(items) == 2 and items[1].startswith(b"<<"):
        entries = _objects(items[1][2:-2])
        for key, value in zip(entries[::2], entries[1::2], strict=False):
            if _name(key) == "/ActualText":
                return _pdf_text(value)
    return None


@dataclass
class Begin:
    """A BDC or BMC: the start of a marked-content sequence."""

    start: int  # the instruction's bytes in the page's content stream
    end: int
    mcid: int | None
    artifact: bool  # tagged /Artifact, or BMC (unnumbered: hidden from the tree)
    actual_text: str | None = None  # what the sequence reads as, in place of its glyphs


@dataclass
class End:
    """An EMC."""

    start: int
    end: int


@dataclass
class Show:
    """A text-showing operator, decoded, with the text state the space repair needs."""

    start: int
    end: int
    font: str  # resource name
    size: float
    y: float  # baseline, in text space
    text: str
    operator: str


Event = Begin | End | Show


def pdf_number(value: float) -> bytes:
    """A number as PDF writes it: no exponent; six decimals at most, as pikepdf writes."""
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    return b"0" if text in ("", "-0") else text.encode("ascii")


def pdf_name(name: str) -> bytes:
    """A name ('/' and the name) as PDF writes it, with #xx for what is not regular."""
    out = bytearray(b"/")
    for byte in name[1:].encode("utf-8", "surrogateescape"):
        if 0x21 <= byte <= 0x7E and byte not in b"()<>[]{}/%#":
            out.append(byte)
        else:
            out += b"#%02x" % byte
    return bytes(out)


def pdf_hex(value: bytes) -> bytes:
    """A string as a hexadecimal string."""
    return b"<" + value.hex().encode("ascii") + b">"


@dataclass
class _Splice:
    """Bytes to put in place of the page's bytes [start, end) (start == end: an insert),
    and the events of the new instructions: each with its offset and length in `data`."""

    start: int
    end: int
    data: bytes
    events: list[tuple[Event, int, int]]


@dataclass
class PageContent:
    """One page's content stream, read and decoded once for every consumer: the
    marked-text map, the artifact marking, the line-end space repair and the checks.

    `data` is the stream's bytes (as pikepdf writes them, for a stream the scanner could
    not read) and each event holds its instruction's span in them.
    Editors change instructions with `replace` and `insert` (which keep `events` in
    order) and call `write` once at the end; it applies the edits, writes the stream
    and moves every event's span to where its instruction is in the written bytes."""

    number: int
    page: pikepdf.Page
    data: bytes
    events: list[Event]
    fonts: dict[str, Font]
    splices: list[_Splice] = field(default_factory=list)

    def replace(self, event: Event, instruction: bytes) -> None:
        """Put `instruction` in place of the event's; the caller changes the event to
        describe it."""
        self.splices.append(
            _Splice(event.start, event.end, instruction, [(event, 0, len(instruction))])
        )

    def insert(self, offset: int, block: list[tuple[bytes, Event | None]]) -> None:
        """Put the instructions of `block` (each with its event, if it has one) at
        `offset`, the start or the end of an instruction; their events go among `events`
        at the same place. Until `write`, their span is empty, at `offset`."""
        data = self.data
        out = bytearray()
        if offset > 0 and data[offset - 1] not in _SPACES:
            out += b"\n"
        placed: list[tuple[Event, int, int]] = []
        for number, (instruction, event) in enumerate(block):
            if number:
                out += b"\n"
            if event is not None:
                placed.append((event, len(out), len(instruction)))
            out += instruction
        if offset < len(data) and data[offset] not in _SPACES:
            out += b"\n"
        self.splices.append(_Splice(offset, offset, bytes(out), placed))
        events = self.events
        index = bisect_left(events, offset, key=lambda event: event.start)
        # After the events inserted here before: the same order as their bytes.
        while index < len(events) and events[index].start == events[index].end == offset:
            index += 1
        for event, _, _ in placed:
            event.start = event.end = offset
        events[index:index] = [event for event, _, _ in placed]

    def write(self, pdf: pikepdf.Pdf) -> None:
        if not self.splices:
            return
        # An insert goes before a replacement at the same offset, in the order given.
        splices = sorted(self.splices, key=lambda splice: (splice.start, splice.end))
        out = bytearray()
        done = 0
        moved: set[int] = set()
        for splice in splices:
            if splice.start < done:
                raise ValueError(f"page {self.number + 1}: two edits of the same bytes")
            out += self.data[done : splice.start]
            for event, offset, length in splice.events:
                event.start = len(out) + offset
                event.end = event.start + length
                moved.add(id(event))
            out += splice.data
            done = splice.end
        out += self.data[done:]
        shift = 0
        pending = 0
        for event in self.events:
            if id(event) in moved:
                continue
            while pending < len(splices) and splices[pending].end <= event.start:
                splice = splices[pending]
                shift += len(splice.data) - (splice.end - splice.start)
                pending += 1
            event.start += shift
            event.end += shift
        self.data = bytes(out)
        self.splices = []
        self.page.obj.Contents = pdf.make_stream(self.data)


def _events(instructions: Iterable[_Instruction], fonts: dict[str, Font]) -> list[Event]:
    events: list[Event] = []
    font: Font | None = None
    font_name = ""
    size = 0.0
    y = 0.0
    for operator, start, end, operands in instructions:
        if operator in _SHOWING:
            if font is not None:
                text = shown_text(font, operands)
                events.append(Show(start, end, font_name, size, y, text, _READ[operator]))
        elif operator == b"BDC":
            begin = Begin(start, end, *marked(operands))
            if b"ActualText" in operands:
                begin.actual_text = actual_text(operands)
            events.append(begin)
        elif operator == b"BMC":
            events.append(Begin(start, end, None, True))
        elif operator == b"EMC":
            events.append(End(start, end))
        elif operator == b"Tf":
            items = _operands(operands, 2)
            font_name, size = _name(items[0]), float(items[1])
            font = fonts.get(font_name)
        elif operator == b"Tm":
            y = float(_operands(operands, 6)[5])
        else:  # Td, TD
            y += float(_operands(operands, 2)[1])
    return events


def _stream(page: pikepdf.Page) -> bytes:
    """The page's content stream, decoded; an array of streams is one stream cut in
    pieces, joined here with a line end (a piece may end mid-line)."""
    contents: Any = page.obj.get("/Contents")
    if contents is None:
        return b""
    if isinstance(contents, pikepdf.Array):
        return b"\n".join(part.read_bytes() for part in contents)
    return bytes(contents.read_bytes())


def read_pages(pdf: pikepdf.Pdf) -> list[PageContent]:
    """Read and decode every page's content stream once."""
    cache: dict[tuple[int, int], Font] = {}
    pages = []
    for number, page in enumerate(pdf.pages):
        fonts = page_fonts(page, cache)
        data = _stream(page)
        try:
            events = _events(_scan(data), fonts)
        except _Unreadable:
            data, instructions = _parsed(page, number)
            events = _events(instructions, fonts)
        pages.append(PageContent(number, page, data, events, fonts))
    return pages


def text_of(pages: list[PageContent]) -> dict[tuple[int, int], str]:
    """Text of every marked-content sequence, keyed by (page index, MCID).

    Text drawn outside any MCID (artifacts) is left out. A sequence without an MCID
    inside a numbered one belongs to it; an artifact or BMC hides what it holds. A
    sequence with an /ActualText reads as that text instead of its glyphs (a hyphen
    that automatic hyphenation added reads as nothing: pdf/hyphens.py).
    """
    text: dict[tuple[int, int], str] = {}
    for content in pages:
        number = content.number
        stack: list[int | None] = []
        silent = 0  # how many /ActualText sequences are open: their glyphs are not read
        for event in content.events:
            if isinstance(event, Begin):
                if event.mcid is not None:
                    text.setdefault((number, event.mcid), "")
                if event.artifact:
                    stack.append(None)
                else:
                    inherited = stack[-1] if stack else None
                    stack.append(event.mcid if event.mcid is not None else inherited)
                if silent or event.actual_text is not None:
                    if not silent and stack[-1] is not None:
                        text[(number, stack[-1])] += event.actual_text or ""
                    silent += 1
            elif isinstance(event, End):
                if stack:
                    stack.pop()
                if silent:
                    silent -= 1
            else:
                current = stack[-1] if stack else None
                if current is not None and not silent:
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
