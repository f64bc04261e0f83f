"""The shared page model (pdf_content.read_pages): decoding, and staying in step with the
content streams the repair edits."""

from __future__ import annotations

import io

import pikepdf
import pytest

from fbss_guide.pdf import PDF_VARIANT, repair_and_check_tags
from fbss_guide.pdf_content import Font, read_pages, shown_text, text_of
from fbss_guide.pdf_spaces import count_lost_spaces
from fbss_guide.pdf_tags import repair, save

# Codes that pikepdf writes as literal strings with escapes: parentheses, backslash,
# line ends, and bytes outside printable ASCII (octal escapes).
AWKWARD = [b"()", b"\\A", b"\n\r", b"\x07a", b"AB", b"\xfe\xff", b"\t\x08", b"\x0c("]


def font_for(codes: list[bytes]) -> Font:
    mapping = {code: chr(0x4E00 + number) for number, code in enumerate(codes)}
    return Font(mapping, 2, None)


@pytest.mark.parametrize("code", AWKWARD)
def test_literal_strings_decode_like_hex_ones(code: bytes) -> None:
    font = font_for(AWKWARD)
    array = pikepdf.Array([pikepdf.String(code), -20, pikepdf.String(b"\x00\x03" + code)])
    assert shown_text(font, [array]) == font.decode(code) + "\ufffd" + font.decode(code)
    assert shown_text(font, [pikepdf.String(code)]) == font.decode(code)


def test_a_string_cut_mid_code_decodes_string_by_string() -> None:
    """Joining the strings of a TJ array before decoding would shift every later code."""
    font = font_for([b"\x00\x41", b"\x00\x42"])
    array = pikepdf.Array([pikepdf.String(b"\x00"), pikepdf.String(b"\x00\x41\x00\x42")])
    assert shown_text(font, [array]) == "\ufffd" + font.decode(b"\x00\x41\x00\x42")


def test_spacing_operands_are_not_text() -> None:
    font = font_for([b"\x00\x41"])
    assert shown_text(font, [1.5, 2, pikepdf.String(b"\x00\x41")]) == "\u4e00"


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


def _events(pages: list) -> list[tuple]:
    return [
        (content.number, type(event).__name__, *vars(event).values())
        for content in pages
        for event in content.events
    ]


def test_the_model_the_check_reads_is_the_saved_file(raw_pdf: bytes) -> None:
    """The repair edits the events and the streams together: reading the saved PDF again
    gives the same events (instruction indexes too) the check was given."""
    with pikepdf.open(io.BytesIO(raw_pdf)) as pdf:
        pages = read_pages(pdf)
        assert count_lost_spaces(pages), "the sample should lose spaces at line breaks"
        assert any("Running header" in text for text in text_of(pages).values())
        missing, _ = repair(pdf, pages, HTML)
        assert missing == []
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
