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
from fbss_guide.clinic import load_clinic
from fbss_guide.editions import PAPER_SIZES_PT, STANDARD
from fbss_guide.errors import BuildError
from fbss_guide.formats.bilingual import render_bilingual
from fbss_guide.pdf_content import marked_text
from fbss_guide.pdf_tags import PageIndex, read_tree, text_key, walk
from fbss_guide.render import Renderer, RenderOptions

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
