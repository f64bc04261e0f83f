"""The bilingual edition: English and a translation side by side, block by block, each
column in its own language (and direction) in the HTML and in the PDF's structure."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pikepdf
import pytest
from edition_helpers import catalog, html_of, real_guide, render_pdf

from fbss_guide.checks.html_structure import check_html
from fbss_guide.checks.legibility import check_legibility
from fbss_guide.checks.pdf_structure import check_pdf
from fbss_guide.clinic.details import load_clinic
from fbss_guide.errors import BuildError
from fbss_guide.formats.bilingual import render_bilingual
from fbss_guide.pdf.mcid_text import marked_text
from fbss_guide.pdf.tree import PageIndex, read_tree, text_key, walk
from fbss_guide.project.editions import PAPER_SIZES_PT, STANDARD
from fbss_guide.render.renderer import Renderer, RenderOptions

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
EXAMPLE_CLINIC = Path(__file__).resolve().parents[1] / "examples" / "clinic" / "clinic.yaml"


@dataclass
class Bilingual:
    language: str
    html: str
    pdf: Path
    pages: int


@pytest.fixture(scope="module")
def editions(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Bilingual]:
    """Arabic (right to left, with the example clinic) and Simplified Chinese, A4, as a
    build renders them."""
    out = tmp_path_factory.mktemp("bilingual")
    built = {}
    for language in ("ar", "zh-Hans"):
        clinic = load_clinic(EXAMPLE_CLINIC) if language == "ar" else None
        html = html_of("bilingual", language, "a4", clinic)
        pdf = out / f"bilingual-{language}-a4.pdf"
        result = render_pdf(html, pdf, language, clinic)
        assert result.error is None, result.error
        built[language] = Bilingual(language, html, pdf, result.pages)
    return built


def languages_in_structure(pdf_path: Path) -> dict[str, Counter[str]]:
    """For each structure type, how many elements carry each /Lang."""
    found: dict[str, Counter[str]] = {}
    with pikepdf.open(pdf_path) as pdf:
        for element in walk(pdf.Root.StructTreeRoot):
            if "/Lang" in element:
                kind = str(element.S)[1:]
                found.setdefault(kind, Counter())[str(element.Lang)] += 1
    return found


def test_english_is_refused() -> None:
    with pytest.raises(BuildError, match="translated language"):
        render_bilingual(Renderer(TEMPLATES), real_guide(), RenderOptions(language="en"))


def test_the_html_follows_the_structure_rules(editions: dict[str, Bilingual]) -> None:
    for language, edition in editions.items():
        assert check_html(edition.html) == [], language
        assert edition.html.count("<h1") == 1
        # One h2 per section, holding both languages.
        assert edition.html.count('<h2 class="column-pair">') == len(real_guide().sections)


def test_each_column_says_its_language_and_direction(editions: dict[str, Bilingual]) -> None:
    arabic = editions["ar"].html
    assert '<html lang="ar" dir="rtl">' in arabic
    english = arabic.count('<div class="column" lang="en" dir="ltr">')
    translated = arabic.count('<div class="column" lang="ar" dir="rtl">')
    assert english == translated > 20
    chinese = editions["zh-Hans"].html
    english = chinese.count('<div class="column" lang="en" dir="ltr">')
    assert chinese.count('<div class="column" lang="zh-Hans" dir="ltr">') == english > 20


def test_each_column_has_its_lang_in_the_pdf_structure(editions: dict[str, Bilingual]) -> None:
    for language, edition in editions.items():
        found = languages_in_structure(edition.pdf)
        columns = found["Div"]
        assert columns[language] == columns["en"] > 20, (language, found)
        # Headings: both languages in one heading, a span each.
        assert found["Span"][language] >= len(real_guide().sections)
        assert found["Span"]["en"] >= len(real_guide().sections)
        # The two wide tables, once in each language.
        assert found["Table"] == Counter({language: 2, "en": 2}), found


def test_arabic_column_holds_the_arabic_text(editions: dict[str, Bilingual]) -> None:
    """The /Lang ar columns hold the catalog's Arabic, the /Lang en ones the English
    (compared as letter multisets: WeasyPrint stores right-to-left runs reversed)."""
    translations, _ = catalog("ar")
    assert translations is not None
    guide = real_guide()
    key_points = guide.sections[0].blocks[0]
    first_point = key_points.points[0]  # type: ignore[union-attr]
    arabic = translations.pgettext(first_point.context, first_point.source)
    assert arabic != first_point.source
    with pikepdf.open(editions["ar"].pdf) as pdf:
        pages = PageIndex(pdf)
        text = marked_text(pdf)
        by_lang: dict[str, list[str]] = {}
        for node in read_tree(pdf.Root.StructTreeRoot, pages).walk():
            if node.kind == "Div" and "/Lang" in node.obj:
                words = text_key(node.text(text))
                by_lang.setdefault(str(node.obj.Lang), []).append(words)

    def within(source: str, column: str) -> bool:
        """Every letter of the source text (without markup) is in the column's text."""
        wanted = Counter(text_key(re.sub(r"\[@[^\]]*\]|\*\*", "", source)))
        return not wanted - Counter(column)

    assert any(within(arabic, words) for words in by_lang["ar"])
    assert not any(within(arabic, words) for words in by_lang["en"])
    assert any(within(first_point.source, words) for words in by_lang["en"])
    assert not any(within(first_point.source, words) for words in by_lang["ar"])


def test_the_pdf_passes_the_existing_checks(editions: dict[str, Bilingual]) -> None:
    for language, edition in editions.items():
        report = check_pdf(edition.pdf, language)
        assert report.problems == [], (language, report.problems)
        legibility = check_legibility(edition.pdf, PAPER_SIZES_PT["a4"], STANDARD.body_size_pt)
        assert legibility.problems == [], (language, legibility.problems)
        print(f"bilingual {language}: {edition.pages} pages")


def test_sources_are_listed_once_and_both_columns_cite_them_alike(
    editions: dict[str, Bilingual],
) -> None:
    for language, edition in editions.items():
        html = edition.html
        references = real_guide().references
        assert len(re.findall(r'<li id="ref-', html)) == len(references)
        cited = re.findall(r'href="#ref-([a-z0-9-]+)" aria-label="[^"]*">(\d+)<', html)
        numbers: dict[str, set[str]] = {}
        for ref, number in cited:
            numbers.setdefault(ref, set()).add(number)
        assert len(cited) > len(references)  # both columns cite
        assert all(len(values) == 1 for values in numbers.values()), (language, numbers)
        # No id twice (the English column's are prefixed).
        ids = re.findall(r'\sid="([^"]+)"', html)
        assert len(ids) == len(set(ids)), language


def test_the_clinic_box_is_printed_once_with_the_emergency_number(
    editions: dict[str, Bilingual],
) -> None:
    arabic = editions["ar"]
    assert arabic.html.count('id="your-clinic"') == 1
    text = check_pdf(arabic.pdf, "ar").reading_text
    assert "Riverside Spine Clinic" in text
    assert "+44 20 7946 0000" in text
    assert "999" in text  # the emergency number, in both columns' warning box
    assert 'id="your-clinic"' not in editions["zh-Hans"].html


def test_a_row_taller_than_a_page_is_one_row_in_the_tag_tree(tmp_path: Path) -> None:
    """A row a page break cuts (the urgent warning box with its emergency numbers is
    taller than a page in some languages) is one row again: each column one Div with
    its /Lang and all its words, each list one L."""
    from fbss_guide.pdf.html_to_pdf import render_pdf as render_tagged_pdf

    items_en = "".join(f"<li>English sign number {n} to look out for</li>" for n in range(40))
    items_es = "".join(f"<li>Señal número {n} que debe vigilar</li>" for n in range(40))
    html = f"""<!DOCTYPE html><html lang="es"><head><meta charset="utf-8"><title>t</title>
<style>@page {{ size: A5; }} body {{ font-size: 14pt; }}
bi-row {{ display: table; table-layout: fixed; width: 100%; break-inside: avoid; }}
bi-row > .column {{ display: table-cell; width: 50%; }}
li {{ break-inside: avoid; }}</style></head><body><main><section><h2>Heading</h2>
<bi-row><div class="column" lang="en"><p>Before the row.</p></div>
<div class="column" lang="es"><p>Antes de la fila.</p></div></bi-row>
<bi-row><div class="column" lang="en"><div class="callout"><h3>Call now</h3>
<ul>{items_en}</ul><p>Go now.</p></div></div>
<div class="column" lang="es"><div class="callout"><h3>Llame ahora</h3>
<ul>{items_es}</ul><p>Vaya ahora.</p></div></div></bi-row>
<bi-row><div class="column" lang="en"><p>After the row.</p></div>
<div class="column" lang="es"><p>Después de la fila.</p></div></bi-row>
</section></main></body></html>"""
    data, pages = render_tagged_pdf(
        html, "row.pdf", language="es", base_dir=tmp_path, allowed_dirs=[tmp_path]
    )
    assert pages >= 2  # the row was cut, or the test proves nothing
    path = tmp_path / "row.pdf"
    path.write_bytes(data)
    with pikepdf.open(path) as pdf:
        tree = read_tree(pdf.Root.StructTreeRoot, PageIndex(pdf))
        text = marked_text(pdf)
        columns = [node for node in tree.walk() if "/Lang" in node.obj and node.kind == "Div"]
        assert [str(node.obj.Lang) for node in columns] == ["en", "es"] * 3
        callout_en, callout_es = columns[2], columns[3]
        assert text_key(callout_en.text(text)) == text_key(
            "Call now"
            + "".join(f"English sign number {n} to look out for" for n in range(40))
            + "Go now."
        )
        assert len({page for page, _ in callout_en.refs()}) >= 2
        assert sum(1 for node in tree.walk() if node.kind == "L") == 2
        assert sum(1 for node in callout_es.walk() if node.kind == "Div") == 1


def test_a_marks_glyph_read_with_a_letter_reads_as_the_mark() -> None:
    """WeasyPrint maps a glyph to the cluster it was first drawn in: the damma's glyph
    first drawn in 'أُ' read 'أُ' everywhere. A glyph of no width reads as its marks
    when each letter before them has a glyph of its own; otherwise it is left alone."""
    from fbss_guide.pdf.marks import _marks_only

    assert _marks_only("\u0623\u064f", {"\u0623", "\u064a"}) == "\u064f"
    assert _marks_only("\u0623\u064f", {"\u064a"}) is None  # the letter has no other glyph
    assert _marks_only("\u064f", {"\u0623"}) is None  # a mark alone is right
    assert _marks_only("\u0623", {"\u0623"}) is None  # a letter alone is not a mark
