"""The shared page model (pdf.content.read_pages): decoding, and staying in step with the
content streams the repair edits."""

from __future__ import annotations

import io

import pikepdf
import pytest

from fbss_guide.pdf.content import Begin, End, Show, read_pages
from fbss_guide.pdf.glyphs import Font, shown_text
from fbss_guide.pdf.html_to_pdf import PDF_VARIANT, repair_and_check_tags
from fbss_guide.pdf.mcid_text import text_of
from fbss_guide.pdf.spaces import count_lost_spaces
from fbss_guide.pdf.syntax import strings
from fbss_guide.pdf.tags import repair, save

# Codes a literal string can only hold escaped or by a rule of the syntax: parentheses,
# backslash, line ends, and bytes outside printable ASCII (octal escapes).
AWKWARD = [b"()", b"\\A", b"\n\r", b"\x07a", b"AB", b"\xfe\xff", b"\t\x08", b"\x0c("]


def font_for(codes: list[bytes]) -> Font:
    mapping = {code: chr(0x4E00 + number) for number, code in enumerate(codes)}
    return Font(mapping, 2, None)


def as_hex(code: bytes) -> bytes:
    return b"<" + code.hex().encode() + b">"


def as_octal(code: bytes) -> bytes:
    return b"(" + b"".join(b"\\%03o" % byte for byte in code) + b")"


def as_pikepdf_writes(code: bytes) -> bytes:
    return pikepdf.String(code).unparse()


FORMS = [as_hex, as_octal, as_pikepdf_writes]


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("code", AWKWARD)
def test_literal_strings_decode_like_hex_ones(code: bytes, form) -> None:
    font = font_for(AWKWARD)
    array = b"[" + form(code) + b"-20 " + form(b"\x00\x03" + code) + b"]"
    assert shown_text(font, array) == font.decode(code) + "\ufffd" + font.decode(code)
    assert shown_text(font, form(code)) == font.decode(code)


# Literal strings as a PDF writer may write them, and their bytes (ISO 32000-1, 7.3.4.2).
RAW = [
    (b"(())", b"()"),  # balanced parentheses need no backslash
    (b"(a(b(c)d)e)", b"a(b(c)d)e"),
    (b"(\\(\\))", b"()"),
    (b"(a\r\nb)", b"a\nb"),  # a line end without a backslash is a line feed
    (b"(a\rb)", b"a\nb"),
    (b"(a\\\r\nb)", b"ab"),  # a backslash at a line end continues the line
    (b"(a\\\nb)", b"ab"),
    (b"(\\0053)", b"\x053"),  # three octal digits at most
    (b"(\\7)", b"\x07"),
    (b"(\\d)", b"d"),  # an unknown escape is the character
    (b"(\\\\)", b"\\"),
    (b"(50%)", b"50%"),  # not a comment inside a string
    (b"<4 1 4>", b"A@"),  # white space ignored, a missing last digit is 0
]


@pytest.mark.parametrize(("raw", "expected"), RAW)
def test_raw_strings_read_as_pdf_reads_them(raw: bytes, expected: bytes) -> None:
    assert list(strings(raw)) == [expected]
    # The expectation is pikepdf's (qpdf's) reading of the same bytes.
    with pikepdf.new() as pdf:
        stream = pdf.make_stream(raw + b" Tj")
        (instruction,) = pikepdf.parse_content_stream(stream)
        assert bytes(instruction.operands[0]) == expected


def test_a_string_cut_mid_code_decodes_string_by_string() -> None:
    """Joining the strings of a TJ array before decoding would shift every later code."""
    font = font_for([b"\x00\x41", b"\x00\x42"])
    assert shown_text(font, b"[<00><00410042>]") == "\ufffd" + font.decode(b"\x00\x41\x00\x42")
    assert shown_text(font, b"[(\\000)(\\000A\\000B)]") == shown_text(font, b"[<00><00410042>]")


def test_spacing_operands_and_comments_are_not_text() -> None:
    font = font_for([b"\x00\x41"])
    assert shown_text(font, b"1.5 2 <0041>") == "\u4e00"  # the operands of "
    assert shown_text(font, b"[<0041> % (AA) <0041>\n-20 <0041>]") == "\u4e00\u4e00"


HTML = """<!doctype html><html lang="en"><head><title>Page model</title><style>
@page { size: 200pt 300pt; margin: 40pt 20pt; @top-center { content: "Running header" } }
body { font-family: "Noto Sans"; font-size: 10pt; }
</style></head><body><main>
<p>Seven words that wrap across several narrow lines of this page, so WeasyPrint drops
the spaces where they break.</p></main></body></html>"""


@pytest.fixture(scope="module")
def raw_pdf() -> bytes:
    from weasyprint import HTML as WeasyHTML

    return WeasyHTML(string=HTML).write_pdf(pdf_variant=PDF_VARIANT)


def _events(pages: list, spans: bool = True) -> list[tuple]:
    """The events as plain values; without their byte spans if `spans` is false."""
    return [
        (content.number, type(event).__name__, *list(vars(event).values())[0 if spans else 2 :])
        for content in pages
        for event in content.events
    ]


def _operator(event: Begin | End | Show) -> tuple[bytes, ...]:
    if isinstance(event, Begin):
        return (b"BDC", b"BMC")
    if isinstance(event, End):
        return (b"EMC",)
    return (event.operator.encode(),)


def _assert_spans_hold_instructions(pages: list) -> None:
    """Each event's span is its instruction in the page's stream as the PDF has it (or,
    for a stream the scanner could not read, as pikepdf writes it)."""
    for content in pages:
        as_written = pikepdf.unparse_content_stream(pikepdf.parse_content_stream(content.page))
        assert content.data in (_stream_of(content.page), as_written)
        for event in content.events:
            instruction = content.data[event.start : event.end]
            assert instruction.endswith(_operator(event)), (event, instruction)
            assert instruction == instruction.strip()


def _stream_of(page: pikepdf.Page) -> bytes:
    contents = page.obj.Contents
    if isinstance(contents, pikepdf.Array):
        return b"\n".join(part.read_bytes() for part in contents)
    return contents.read_bytes()


def test_the_model_the_check_reads_is_the_saved_file(raw_pdf: bytes) -> None:
    """The repair edits the events and the streams together: reading the saved PDF again
    gives the same events (their instructions' byte spans too) the check was given."""
    with pikepdf.open(io.BytesIO(raw_pdf)) as pdf:
        pages = read_pages(pdf)
        _assert_spans_hold_instructions(pages)
        assert count_lost_spaces(pages), "the sample should lose spaces at line breaks"
        assert any("Running header" in text for text in text_of(pages).values())
        repaired = repair(pdf, pages, HTML)
        assert repaired.missing == []
        assert repaired.joined == []
        _assert_spans_hold_instructions(pages)
        fixed = save(pdf)
        # Plain values only: the page objects die with the PDF.
        repaired = _events(pages)
    with pikepdf.open(io.BytesIO(fixed)) as pdf:
        again = read_pages(pdf)
        reread = _events(again)
        lost = count_lost_spaces(again)
        text = text_of(again)
    assert reread == repaired
    assert lost == []
    assert not any("Running header" in value for value in text.values())
    words = " ".join(HTML.split("<p>")[1].split("</p>")[0].split())
    assert "".join(text.values()).strip() == words


def test_the_build_step_passes_the_repaired_sample(raw_pdf: bytes) -> None:
    fixed, problems = repair_and_check_tags(raw_pdf, HTML)
    assert problems == []
    assert fixed != raw_pdf


def _edited(raw_pdf: bytes, edit) -> bytes:
    """The sample with its first page's content stream changed by `edit`."""
    with pikepdf.open(io.BytesIO(raw_pdf)) as pdf:
        page = pdf.pages[0]
        page.obj.Contents = pdf.make_stream(edit(page.obj.Contents.read_bytes()))
        return save(pdf)


def _read(data: bytes) -> list[tuple]:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        pages = read_pages(pdf)
        _assert_spans_hold_instructions(pages)
        return _events(pages, spans=False)


# An inline image: binary data the scanner cannot step over.
INLINE_IMAGE = b"q 1 0 0 1 0 0 cm BI /W 2 /H 1 /CS /G /BPC 8 ID \x80) EI Q\n"
# A property list nested deeper than the scanner reads, with a string that holds "EMC".
DEEP = b"/Span <</ActualText (a(b(c(d(EMC)))))>> BDC EMC\n"


@pytest.mark.parametrize("added", [INLINE_IMAGE, DEEP], ids=["inline image", "deep"])
def test_a_stream_the_scanner_cannot_read_is_read_whole_by_pikepdf(
    raw_pdf: bytes, added: bytes
) -> None:
    """Nothing is dropped: the page reads as before, with what was added; the repair and
    the check run on it as on any page."""
    events = _read(raw_pdf)
    edited = _edited(raw_pdf, lambda data: added + data)
    # The deep string is an /ActualText, read as the sequence's text.
    deep = (0, "Begin", None, False, "a(b(c(d(EMC))))")
    extra = [deep, (0, "End")] if added == DEEP else []
    assert _read(edited) == extra + events
    with pikepdf.open(io.BytesIO(edited)) as pdf:
        first = read_pages(pdf)[0]
        assert first.data != pdf.pages[0].obj.Contents.read_bytes(), "read by pikepdf"
    fixed, problems = repair_and_check_tags(edited, HTML)
    assert problems == []
    with pikepdf.open(io.BytesIO(fixed)) as pdf:
        assert b"/W 2 /H 1" in pdf.pages[0].obj.Contents.read_bytes() or added == DEEP
        assert not any("Running header" in text for text in text_of(read_pages(pdf)).values())


def test_a_stream_cut_into_pieces_reads_as_one(raw_pdf: bytes) -> None:
    whole = _read(raw_pdf)
    with pikepdf.open(io.BytesIO(raw_pdf)) as pdf:
        page = pdf.pages[0]
        data = page.obj.Contents.read_bytes()
        middle = data.index(b"BDC") + len(b"BDC")  # a piece may end between tokens
        page.obj.Contents = pikepdf.Array(
            [pdf.make_stream(data[:middle]), pdf.make_stream(data[middle:])]
        )
        cut = save(pdf)
    assert _read(cut) == whole
    _, problems = repair_and_check_tags(cut, HTML)
    assert problems == []
