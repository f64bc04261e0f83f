"""Read each page's content stream once: marked content and decoded text.

The tag tree refers to text by (page, MCID). The post-processing step (`pdf/tags.py`,
`pdf/spaces.py`) and the tag-tree check all need the content streams: the text of each
sequence (symbol-only spans, which element holds which words), which sequences are
numbered (artifacts), and each line's text operators (lost spaces). `read_pages` reads
and decodes every page once into a list of events they all share; `mcid_text.py` reads
the text of each sequence from them.

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
syntax so that the same events and splices apply; nothing is dropped. The syntax, both
ways, is `syntax.py`'s.

WeasyPrint writes Type0 fonts with Identity-H encoding and a /ToUnicode map, so decoding
needs only those maps (`glyphs.py`); pdfminer would do the same work several times
slower.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import pikepdf

from fbss_guide.pdf.glyphs import Font, page_fonts, shown_text
from fbss_guide.pdf.syntax import (
    READ_OPERATORS,
    SHOWING_OPERATORS,
    SPACE_BYTES,
    TEXT_SHOWING,
    Instruction,
    Unreadable,
    actual_text,
    marked,
    name_of,
    operands_of,
    parsed_by_pikepdf,
    scan,
)

READ_OPERATORS.update({name.encode(): name for name in TEXT_SHOWING})


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
        if offset > 0 and data[offset - 1] not in SPACE_BYTES:
            out += b"\n"
        placed: list[tuple[Event, int, int]] = []
        for number, (instruction, event) in enumerate(block):
            if number:
                out += b"\n"
            if event is not None:
                placed.append((event, len(out), len(instruction)))
            out += instruction
        if offset < len(data) and data[offset] not in SPACE_BYTES:
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


def _events(instructions: Iterable[Instruction], fonts: dict[str, Font]) -> list[Event]:
    events: list[Event] = []
    font: Font | None = None
    font_name = ""
    size = 0.0
    y = 0.0
    for operator, start, end, operands in instructions:
        if operator in SHOWING_OPERATORS:
            if font is not None:
                text = shown_text(font, operands)
                events.append(Show(start, end, font_name, size, y, text, READ_OPERATORS[operator]))
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
            items = operands_of(operands, 2)
            font_name, size = name_of(items[0]), float(items[1])
            font = fonts.get(font_name)
        elif operator == b"Tm":
            y = float(operands_of(operands, 6)[5])
        else:  # Td, TD
            y += float(operands_of(operands, 2)[1])
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
            events = _events(scan(data), fonts)
        except Unreadable:
            data, instructions = parsed_by_pikepdf(page, number)
            events = _events(instructions, fonts)
        pages.append(PageContent(number, page, data, events, fonts))
    return pages
