"""An inline element in another language that WeasyPrint splits at line breaks (one
/Span per line) still gets one tagged element with its /Lang: the English sentences of a
draft are such spans. Rendered from small HTML, so the test is quick."""

from __future__ import annotations

import io
from pathlib import Path

import pikepdf
import pytest

from fbss_guide.checks.tag_tree import check_tag_tree
from fbss_guide.pdf.content import read_pages
from fbss_guide.pdf.html_to_pdf import render_pdf
from fbss_guide.pdf.languages import read_html
from fbss_guide.pdf.mcid_text import text_of
from fbss_guide.pdf.tree import PageIndex, read_tree, text_key

ENGLISH = (
    "This sentence is still in English because nobody has translated it yet, and it "
    "is long enough to run over several lines of this narrow page"
)
PAGE = """<!DOCTYPE html><html lang="es"><head><meta charset="utf-8"><title>Prueba</title>
<style>@page {{ size: 90mm 200mm; margin: 10mm }} body {{ font: 11pt 'Noto Sans' }}</style>
</head><body><main><section><h2>Sección</h2>{body}</section></main></body></html>"""


def tagged_in(data: bytes, lang: str) -> list[str]:
    """The words (text key) of every element whose /Lang is `lang`."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        tree = read_tree(pdf.Root.StructTreeRoot, PageIndex(pdf))
        text = text_of(read_pages(pdf))
        return [
            text_key(element.text(text))
            for element in tree.walk()
            if str(element.obj.get("/Lang", "")) == lang
        ]


def render(body: str, tmp_path: Path) -> tuple[bytes, str]:
    html = PAGE.format(body=body)
    data, _ = render_pdf(html, "test.pdf", language="es", base_dir=tmp_path, allowed_dirs=[])
    return data, html


@pytest.mark.parametrize(
    "body",
    [
        f'<p>Hola. <span lang="en">{ENGLISH}</span> Adiós.</p>',
        # inside <strong>, each line's piece sits in a piece of the strong
        f'<p><strong><span lang="en">{ENGLISH}</span></strong></p>',
        # with a link inside, split between lines
        f'<p><span lang="en">{ENGLISH} <a href="#s">and a link</a> then more words '
        "that go on and on.</span></p><p id='s'>Fin.</p>",
        # two English spans side by side, each over several lines
        f'<ul><li><span lang="en">{ENGLISH}</span> <span lang="en">{ENGLISH}</span></li></ul>',
        # a name over two lines, then a sentence whose first line is that name: the
        # line is not the name's element (a Spanish draft's 'Platelet-rich plasma (PRP)')
        '<p><span lang="en">Platelet-rich<br>plasma (PRP)</span></p>'
        f'<p>Hola. <span lang="en">Platelet-rich plasma (PRP)<br>{ENGLISH}</span></p>',
    ],
)
def test_a_span_split_over_lines_is_one_element_with_its_lang(body: str, tmp_path: Path) -> None:
    data, html = render(body, tmp_path)  # the build's own repair and check: no error
    assert check_tag_tree(data, html) == []
    # one element per English span, each with all of the span's words
    assert sorted(tagged_in(data, "en")) == sorted(
        text_key(words) for kind, lang, words in read_html(html).parts if lang == "en"
    )


def test_the_split_really_happens(tmp_path: Path) -> None:
    """The case above is real: WeasyPrint tags the span once per line, and the repair
    (not the HTML) is what joins it."""
    import weasyprint

    html = PAGE.format(body=f'<p>Hola. <span lang="en">{ENGLISH}</span> Adiós.</p>')
    data = weasyprint.HTML(string=html).write_pdf(pdf_variant="pdf/ua-1")
    with pikepdf.open(io.BytesIO(data)) as pdf:
        tree = read_tree(pdf.Root.StructTreeRoot, PageIndex(pdf))
        text = text_of(read_pages(pdf))
        pieces = [
            element
            for element in tree.walk()
            if element.kind == "Span" and "English" in element.text(text)
        ]
        whole = [p for p in pieces if text_key(p.text(text)) == text_key(ENGLISH)]
    assert len(pieces) > 1
    assert not whole


def test_a_picture_with_text_in_another_language_part(tmp_path: Path) -> None:
    """An SVG's own labels are drawn inside the /Figure; the HTML element's words are its
    caption, so the part is found by those."""
    (tmp_path / "p.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20">'
        '<text x="2" y="15" font-size="12">12</text></svg>',
        encoding="utf-8",
    )
    body = (
        '<div lang="en"><figure><img src="p.svg" alt="A drawing">'
        "<figcaption>A page of a guide</figcaption></figure></div>"
    )
    html = PAGE.format(body=body)
    data, _ = render_pdf(
        html, "test.pdf", language="es", base_dir=tmp_path, allowed_dirs=[tmp_path]
    )
    assert check_tag_tree(data, html) == []
    assert text_key("A page of a guide") in tagged_in(data, "en")


def test_a_span_cut_by_a_page_break_inside_a_table_row(tmp_path: Path) -> None:
    """A row taller than the rest of the page is cut in two rows, one per page, and the
    English span in its header cell with it: each piece gets /Lang en, and the check
    accepts the pieces together."""
    long_english = " ".join([ENGLISH] * 3)
    body = (
        "<p>Hola.</p><table><caption>Tabla</caption><thead><tr><th scope='col'>A</th>"
        "<th scope='col'>B</th></tr></thead><tbody><tr>"
        f'<th scope="row"><span lang="en">{long_english}</span></th>'
        "<td><p>Texto corto.</p></td></tr></tbody></table>"
    )
    html = PAGE.format(body=body).replace("size: 90mm 200mm", "size: 90mm 90mm")
    data, _ = render_pdf(html, "test.pdf", language="es", base_dir=tmp_path, allowed_dirs=[])
    assert check_tag_tree(data, html) == []
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert len(pdf.pages) > 1
        tree = read_tree(pdf.Root.StructTreeRoot, PageIndex(pdf))
        text = text_of(read_pages(pdf))
        rows = [element for element in tree.walk() if element.kind == "TR"]
        english = [element for element in tree.walk() if str(element.obj.get("/Lang", "")) == "en"]
        pages = {ref[0] for element in english for ref in element.refs()}
        words = "".join(element.text(text) for element in english)
    assert len(rows) > 2  # the header row, and the body row cut in two
    assert len(pages) > 1
    assert "".join(filter(str.isalnum, words)) == "".join(filter(str.isalnum, long_english))
