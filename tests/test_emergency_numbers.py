"""Emergency numbers: data per language (content/emergency-numbers.yaml), never from a
catalog; the generic edition prints its language's numbers and a line for the surgery
team's number, a clinic edition the clinic's own numbers; the quick card keeps both
warning boxes on one sheet."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from checkout import DEFAULT_CONTENT, DEFAULT_LOCALES
from edition_helpers import html_of, render_pdf

from fbss_guide.checks.legibility import _looks_justified, check_legibility
from fbss_guide.checks.pdf_structure import check_pdf
from fbss_guide.clinic.details import Clinic, load_clinic
from fbss_guide.errors import ContentError, Problem
from fbss_guide.guide.content import load_guide
from fbss_guide.guide.emergency import load_emergency_numbers
from fbss_guide.i18n.paths import SOURCE_LANGUAGE, available_languages
from fbss_guide.project.editions import PAPER_SIZES_PT, STANDARD

EXAMPLE_CLINIC = Path(__file__).resolve().parents[1] / "examples" / "clinic" / "clinic.yaml"
PROJECT_LANGUAGES = (SOURCE_LANGUAGE, *available_languages(DEFAULT_LOCALES))


def words(text: str) -> str:
    """PDF text with every run of white space as one space."""
    return " ".join(text.split())


# --- the data ----------------------------------------------------------------------


def test_every_language_of_the_project_has_checked_numbers() -> None:
    problems: list[Problem] = []
    numbers = load_emergency_numbers(DEFAULT_CONTENT, problems)
    assert problems == [] and numbers is not None
    for language in PROJECT_LANGUAGES:
        regions = numbers.for_language(language)
        assert 1 <= len(regions) <= 3, language
        for region in regions:
            assert region.source.startswith("https://")
            assert all(number.isdigit() for number in region.numbers)
    english = {
        region.places_text("en"): region.numbers_text("en") for region in numbers.for_language("en")
    }
    assert english == {
        "United Kingdom": "999 or 112",
        "United States and Canada": "911",
        "European Union": "112",
    }
    # Place names and "or" come from CLDR in the edition's language.
    german = {
        region.places_text("de"): region.numbers_text("de") for region in numbers.for_language("de")
    }
    assert german["Vereinigtes Königreich"] == "999 oder 112"


BAD_NUMBERS = """\
    regions:
      - id: uk
        places: [GB]
        numbers: [999, "112"]
        source: https://www.example.org/uk
        checked: Seen on the page.
      - id: atlantis
        places: [XX]
        numbers: ["11 2"]
        source: http://www.example.org/atlantis
        checked: Seen on the page.
      - id: unused
        places: [FR]
        numbers: ["112"]
        source: https://www.example.org/fr
        checked: Seen on the page.
    languages:
      en: [uk, nowhere]
    """


def test_bad_numbers_data_is_an_error_with_file_line_and_fix(
    make_content: Callable[[dict[str, str]], Path],
) -> None:
    content = make_content({"emergency-numbers.yaml": BAD_NUMBERS})
    with pytest.raises(ContentError) as caught:
        load_guide(content)
    found = {
        (Path(str(problem.file)).name, problem.line, problem.message)
        for problem in caught.value.problems
    }
    assert (
        "emergency-numbers.yaml",
        4,
        "every item of 'regions[1].numbers' must be text in quotes",
    ) in found
    assert ("emergency-numbers.yaml", 8, "'XX' is not a country code") in found
    assert ("emergency-numbers.yaml", 9, "'11 2' is not an emergency number") in found
    assert ("emergency-numbers.yaml", 10, "the source must be an https:// address") in found
    assert ("emergency-numbers.yaml", 18, "no region has the id 'nowhere'") in found
    assert ("emergency-numbers.yaml", 12, "region 'unused' is not shown in any language") in found
    message = str(caught.value)
    assert "content/emergency-numbers.yaml:4" in message
    assert "how to fix:" in message and "(a bare 000 would read as the number 0)" in message


def test_a_bare_date_says_when_the_numbers_were_checked(
    make_content: Callable[[dict[str, str]], Path],
) -> None:
    """`checked: 2026-12-07` is a date to YAML: it says when, which is enough."""
    content = make_content(
        {
            "emergency-numbers.yaml": "regions:\n  - id: eu\n    places: [EU]\n"
            '    numbers: ["112"]\n    source: https://www.example.org/eu\n'
            "    checked: 2026-12-07\nlanguages:\n  en: [eu]\n"
        }
    )
    guide = load_guide(content)
    assert guide.emergency_numbers is not None
    assert [r.numbers for r in guide.emergency_numbers.for_language("en")] == [("112",)]


def test_a_region_with_a_problem_is_reported_once(
    make_content: Callable[[dict[str, str]], Path],
) -> None:
    """A language listing a region whose entry is wrong is not told that the region
    does not exist (with an empty list of known ids)."""
    content = make_content(
        {
            "emergency-numbers.yaml": "regions:\n  - id: eu\n    places: [EU]\n"
            '    numbers: ["112"]\n    source: https://www.example.org/eu\n'
            "    checked:\nlanguages:\n  en: [eu]\n"
        }
    )
    with pytest.raises(ContentError) as caught:
        load_guide(content)
    messages = [problem.message for problem in caught.value.problems]
    assert messages == ["'checked' is empty"], messages
    assert "Ofcom" in str(caught.value)  # the hint shows what to write


def test_bad_numbers_data_fails_the_check_command(project: Path) -> None:
    (project / "content" / "emergency-numbers.yaml").write_text(
        'regions:\n  - id: uk\n    places: [GB]\n    numbers: ["999"]\n'
        "    source: https://www.example.org/uk\n    checked: Seen.\n"
        "languages:\n  en: [uk]\n  english: [uk]\n",
        encoding="utf-8",
    )
    done = subprocess.run(
        [str(Path(sys.executable).with_name("fbss-guide")), "check"],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert done.returncode != 0
    output = done.stdout + done.stderr
    assert "content/emergency-numbers.yaml:9 [languages.english]" in output
    assert "'english' is not a language code" in output


def test_no_numbers_file_prints_no_numbers_box(small_content: Path) -> None:
    guide = load_guide(small_content)
    assert guide.emergency_numbers is None


# --- what the editions print -------------------------------------------------------


@pytest.fixture(scope="module")
def clinic() -> Clinic:
    return load_clinic(EXAMPLE_CLINIC)


@pytest.fixture(scope="module")
def english(tmp_path_factory: pytest.TempPathFactory, clinic: Clinic) -> dict[str, str]:
    """PDF text of the English handout and card, generic and with the example clinic."""
    out = tmp_path_factory.mktemp("numbers")
    texts = {}
    for kind in ("handout", "card"):
        for name, chosen in (("generic", None), ("clinic", clinic)):
            html = html_of(kind, "en", "a4", chosen)
            pdf = out / f"{kind}-{name}.pdf"
            result = render_pdf(html, pdf, "en", chosen)
            assert result.error is None, result.error
            if kind == "card":
                assert result.pages <= 2, (name, result.pages)
                report = check_legibility(pdf, PAPER_SIZES_PT["a4"], STANDARD.body_size_pt)
                assert report.problems == [], (name, report.problems)
            texts[f"{kind}-{name}"] = words(check_pdf(pdf, "en").reading_text)
    return texts


def test_the_generic_edition_prints_the_numbers_of_its_language(english: dict[str, str]) -> None:
    for kind in ("handout", "card"):
        text = english[f"{kind}-generic"]
        assert "Call emergency services or go to the emergency department now" in text
        assert "United Kingdom: 999 or 112" in text, kind
        assert "United States and Canada: 911" in text, kind
        assert "European Union: 112" in text, kind
        assert "Anywhere else: your local emergency number" in text, kind
        assert "My surgery team's number:" in text, kind


def test_the_clinic_edition_prints_the_clinic_numbers(
    english: dict[str, str], clinic: Clinic
) -> None:
    assert clinic.emergency_number and clinic.phone
    for kind in ("handout", "card"):
        text = english[f"{kind}-clinic"]
        assert f"Call {clinic.emergency_number} or go to the emergency department now" in text
        assert f"Emergency number: {clinic.emergency_number}" in text, kind
        assert f"My surgery team's number: {clinic.phone}" in text, kind
        # The clinic's number replaces the list, which would only confuse.
        assert "United States and Canada" not in text, kind


def test_the_card_holds_both_warning_boxes_and_an_action(english: dict[str, str]) -> None:
    for name in ("generic", "clinic"):
        text = english[f"card-{name}"]
        assert "Get help the same day" in text
        for sign in (
            "your foot drags or you trip",
            "You have a fever or chills",
            "leaking or opening",
            "Your calf is sore and swollen",
            "worse when you sit or stand up",
            "Clear, watery fluid leaks from your wound",
            "hard to wake",
        ):
            assert sign in text, (name, sign)
        assert "Go now. Do not wait for a planned visit." in text
        assert "Call your surgery team today, or go to the emergency department." in text


@pytest.mark.parametrize("language", [code for code in PROJECT_LANGUAGES if code != "en"])
def test_every_language_shows_its_numbers_and_no_catalog_holds_one(language: str) -> None:
    """The numbers come from the data in every language (HTML: the catalogs are
    translated after content changes, so their PDFs are built elsewhere)."""
    guide = load_guide(DEFAULT_CONTENT)
    assert guide.emergency_numbers is not None
    html = html_of("handout", language)
    for region in guide.emergency_numbers.for_language(language):
        assert region.places_text(language) in html, language
        for number in region.numbers:
            assert f'<bdi dir="ltr" class="phone">{number}</bdi>' in html, language


class _Line:
    def __init__(self, text: str, x1: float) -> None:
        self.text, self.x0, self.x1 = text, 50.0, x1

    def get_text(self) -> str:
        return self.text


class _Box(list[_Line]):
    def get_text(self) -> str:
        return "".join(line.text for line in self)


def test_a_column_of_list_markers_is_not_justified_text() -> None:
    """The card's tighter lists make the PDF reader group the bullets into a box of
    their own, flush by nature; a paragraph whose lines all end flush is still caught."""
    bullets = _Box(_Line("• \n", 57.0) for _ in range(5))
    assert not _looks_justified(bullets)
    numbered = _Box(_Line(f"{n}.\n", 57.0) for n in range(1, 6))
    assert not _looks_justified(numbered)
    justified = _Box(_Line("words of a paragraph set flush\n", 300.0) for _ in range(5))
    assert _looks_justified(justified)
    ragged = _Box(_Line("words\n", 250.0 + 7 * n) for n in range(5))
    assert not _looks_justified(ragged)
