"""Every translation, built as patients get them: complete, drafts, accessible."""

from __future__ import annotations

import re
import subprocess

import pytest
from checkout import DEFAULT_LOCALES, project_config

from fbss_guide.checks.catalogs import check_all_catalogs
from fbss_guide.checks.legibility import check_legibility
from fbss_guide.checks.pdf_structure import check_pdf
from fbss_guide.engine.build import BuiltEdition, build
from fbss_guide.i18n.catalogs import available_languages, catalog_stats, po_path, read_catalog
from fbss_guide.i18n.interface import package_catalog_path
from fbss_guide.i18n.review import load_review
from fbss_guide.project.editions import PAPER_SIZES_PT

LANGUAGES = tuple(available_languages(DEFAULT_LOCALES))
ENGLISH_NOTICE = "Draft translation: not yet reviewed by a qualified medical translator"


@pytest.fixture(scope="session")
def translated(tmp_path_factory: pytest.TempPathFactory) -> dict[str, BuiltEdition]:
    out = tmp_path_factory.mktemp("languages")
    built = build(project_config(out_dir=out, languages=LANGUAGES))
    return {item.edition.language: item for item in built}


def test_every_language_with_a_catalog_builds(translated: dict[str, BuiltEdition]) -> None:
    """A language is added by adding its catalog: the default build then makes its PDF."""
    assert LANGUAGES, "no catalogs found under locales/"
    assert set(translated) == set(LANGUAGES)
    for language, edition in translated.items():
        assert edition.pdf.is_file() and edition.pages >= 1, language


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalog_is_complete_and_the_edition_follows_its_review(
    translated: dict[str, BuiltEdition], language: str
) -> None:
    """A shipped catalog is complete; its edition is a draft exactly while its review
    status says so (a completed review removes the draft notice, see below)."""
    stats = catalog_stats(read_catalog(po_path(DEFAULT_LOCALES, language)))
    assert stats.fuzzy == 0 and stats.untranslated == 0 and stats.translated > 0
    review = load_review(DEFAULT_LOCALES, language)
    assert review.status in {"draft", "reviewed"}
    assert translated[language].draft == review.is_draft


def test_every_catalog_passes_the_checks() -> None:
    problems = check_all_catalogs(DEFAULT_LOCALES)
    assert [p.format() for p in problems if p.severity == "error"] == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_translated_pdf_passes_accessibility_and_legibility(
    translated: dict[str, BuiltEdition], language: str
) -> None:
    edition = translated[language]
    report = check_pdf(edition.pdf, language)
    assert report.problems == []
    legibility = check_legibility(edition.pdf, PAPER_SIZES_PT["a4"], 14.0)
    assert legibility.problems == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_draft_notice_on_every_page_while_in_draft(
    translated: dict[str, BuiltEdition], language: str
) -> None:
    """A draft prints the notice in English and in its language on every page; a reviewed
    translation prints it on none."""
    # The notice is one of the tool's interface strings, shipped in the package.
    shipped = package_catalog_path(language)
    notice = read_catalog(shipped, shipped.parents[2]).get(ENGLISH_NOTICE).string
    text = subprocess.run(
        ["pdftotext", str(translated[language].pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    text = re.sub("[\u202a-\u202e\u2066-\u2069]", "", text)  # bidi controls from pdftotext
    pages = [" ".join(page.split()) for page in text.split("\f") if page.strip()]
    assert pages
    english = ENGLISH_NOTICE.replace(":", "").split()
    # Compare words only: bidi reordering moves punctuation in the extracted text.
    words = re.sub(r"[^\w\s]", " ", notice).split()[:4]
    draft = load_review(DEFAULT_LOCALES, language).is_draft
    for number, page in enumerate(pages, start=1):
        shown = all(word in page for word in english) and all(word in page for word in words)
        assert shown == draft, (number, words)


def test_arabic_is_right_to_left_and_uses_an_arabic_font(
    translated: dict[str, BuiltEdition],
) -> None:
    html = translated["ar"].html.read_text(encoding="utf-8")
    assert '<html lang="ar" dir="rtl">' in html
    assert '<ol class="references" lang="en" dir="ltr">' in html
    fonts = check_pdf(translated["ar"].pdf, "ar").fonts
    assert any("Noto-Naskh-Arabic" in font for font in fonts), fonts


def test_chinese_uses_the_simplified_chinese_face(translated: dict[str, BuiltEdition]) -> None:
    html = translated["zh-Hans"].html.read_text(encoding="utf-8")
    assert '<html lang="zh-Hans" dir="ltr">' in html
    assert 'font-family: "Noto Sans CJK SC"' in html
    fonts = check_pdf(translated["zh-Hans"].pdf, "zh-Hans").fonts
    assert any("Noto-Sans-CJK-SC" in font for font in fonts)
    assert not any("CJK-JP" in font for font in fonts)


def test_dates_and_percentages_follow_the_language(translated: dict[str, BuiltEdition]) -> None:
    french = translated["fr"].html.read_text(encoding="utf-8")
    assert "22 novembre 2026" in french
    assert "10\u201340\u00a0%" in french or "10\u201340\u202f%" in french  # "10-40 %"
    german = translated["de"].html.read_text(encoding="utf-8")
    assert "22. November 2026" in german


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_english_left_in_the_body(translated: dict[str, BuiltEdition], language: str) -> None:
    """Headings and labels are translated (the English source must not leak through)."""
    html = translated[language].html.read_text(encoding="utf-8")
    body = html.split("</header>", 1)[1].split('<ol class="references"', 1)[0]
    for english in (
        "Key points",
        "Get help now",
        "Treatment options compared",
        "Probably does not help",
        "Questions to ask your doctor",
        "Words to know",
    ):
        assert english not in body, english
