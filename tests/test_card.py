"""The quick card: what the content marks `card: true`, on one sheet (two sides at most)
in every language, with the clinic's details, saying only what the handout says."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pytest
from checkout import DEFAULT_LOCALES
from edition_helpers import html_of, real_guide, render_pdf

from fbss_guide.checks.html_structure import check_html
from fbss_guide.checks.legibility import check_legibility
from fbss_guide.checks.pdf_structure import check_pdf
from fbss_guide.clinic.details import Clinic, load_clinic
from fbss_guide.errors import BuildError, ContentError
from fbss_guide.formats.bilingual import render_bilingual
from fbss_guide.formats.card import card_sections, render_card
from fbss_guide.guide.content import load_guide
from fbss_guide.guide.model import Callout, Checklist
from fbss_guide.i18n.paths import SOURCE_LANGUAGE, available_languages
from fbss_guide.project.editions import PAPER_SIZES_PT, STANDARD
from fbss_guide.render.renderer import Renderer, RenderOptions

EXAMPLE_CLINIC = Path(__file__).resolve().parents[1] / "examples" / "clinic" / "clinic.yaml"
LANGUAGES = (SOURCE_LANGUAGE, *available_languages(DEFAULT_LOCALES))


# --- the content flag --------------------------------------------------------------


def test_card_flag_on_a_section_and_on_a_block(make_content: Callable[..., Path]) -> None:
    content = make_content(
        {
            "sections/01-intro.yaml": """\
                id: intro
                heading: What this is
                card: true
                blocks:
                  - kind: paragraph
                    id: first
                    text: This is a short test [@smith-2020].
                """,
            "sections/02-urgent.yaml": """\
                id: urgent
                heading: Get help now
                readability:
                  target: 6
                blocks:
                  - kind: paragraph
                    id: before
                    text: Read this.
                  - kind: callout
                    id: now
                    level: urgent
                    card: true
                    title: "Call {emergency} now"
                    points:
                      - You cannot pass urine [@smith-2020].
                """,
        }
    )
    guide = load_guide(content)
    intro, urgent, refs = guide.sections
    assert intro.card and not urgent.card and not refs.card
    assert [block.card for block in urgent.blocks] == [False, True]
    # The warning signs go first; of the urgent section, only the marked block.
    parts = card_sections(guide)
    assert [part.section.id for part in parts] == ["urgent", "intro"]
    assert [block.id for block in parts[0].blocks] == ["now"]
    assert parts[1].blocks == intro.blocks


@pytest.mark.parametrize(
    ("where", "value", "expected"),
    [
        ("section", '"yes please"', r"01-intro.yaml:3 \[card\]: error: expected true or false"),
        ("block", "1", r"01-intro.yaml:6 \[blocks\[1\]\(paragraph\)\.card\]: error: expected"),
        ("block", "", r"01-intro.yaml:6 \[blocks\[1\]\(paragraph\)\.card\]: error: .* nothing"),
    ],
)
def test_card_flag_must_be_true_or_false(
    make_content: Callable[..., Path], where: str, value: str, expected: str
) -> None:
    section_flag = f"card: {value}\n" if where == "section" else ""
    block_flag = f"    card: {value}\n" if where == "block" else ""
    content = make_content(
        {
            "sections/01-intro.yaml": "id: intro\nheading: What this is\n"
            + section_flag
            + "blocks:\n  - kind: paragraph\n    id: first\n"
            + block_flag
            + "    text: This is a short test [@smith-2020].\n"
        }
    )
    with pytest.raises(ContentError) as raised:
        load_guide(content)
    text = "\n".join(problem.format() for problem in raised.value.problems)
    assert re.search(expected, text), text
    assert "card: true" in text  # the hint says how to fix it


def test_a_card_with_nothing_marked_is_refused(small_content: Path) -> None:
    guide = load_guide(small_content)
    renderer = Renderer(Path(__file__).resolve().parents[1] / "templates")
    with pytest.raises(BuildError, match="card: true"):
        render_card(renderer, guide, RenderOptions())


def test_large_print_is_refused_not_quietly_ignored() -> None:
    from fbss_guide.project.editions import EditionSpec

    renderer = Renderer(Path(__file__).resolve().parents[1] / "templates")
    large = RenderOptions(edition=EditionSpec("a4", large_print=True))
    with pytest.raises(BuildError, match="large-print"):
        render_card(renderer, real_guide(), large)
    with pytest.raises(BuildError, match="large-print"):
        render_bilingual(renderer, real_guide(), RenderOptions("es", edition=large.edition))


def test_the_real_card_holds_the_warning_signs_and_key_points() -> None:
    # The questions stay in the handout: the card's one sheet holds the two warning
    # boxes (signs, numbers, actions) and the key points, in every language and paper.
    parts = card_sections(real_guide())
    blocks = [block for part in parts for block in part.blocks]
    assert isinstance(blocks[0], Callout) and "{emergency}" in blocks[0].title.source
    assert [b.id for b in blocks if isinstance(b, Callout)] == ["emergency", "same-day"]
    assert any(part.section.id == "key-points" for part in parts)
    assert not any(isinstance(block, Checklist) for block in blocks)


# --- the card in every language ------------------------------------------------------


class _Text(HTMLParser):
    """The text of each paragraph and list item inside <main>, outside the clinic box."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = {"main": 0, "clinic": 0}
        self.stack: list[bool] = []
        self.items: list[str] = []
        self.current: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"img", "br", "meta", "link", "col"}:
            return
        clinic = "clinic" in (dict(attrs).get("class") or "").split()
        self.stack.append(clinic)
        self.depth["clinic"] += clinic
        self.depth["main"] += tag == "main"
        if tag in {"p", "li", "h3"} and self.depth["main"] and not self.depth["clinic"]:
            self.current = []

    def handle_endtag(self, tag: str) -> None:
        if tag in {"p", "li", "h3"} and self.current is not None:
            self.items.append(" ".join("".join(self.current).split()))
            self.current = None
        if self.stack:
            self.depth["clinic"] -= self.stack.pop()
        self.depth["main"] -= tag == "main"

    def handle_data(self, data: str) -> None:
        if self.current is not None:
            self.current.append(data)


def card_texts(html: str) -> list[str]:
    parser = _Text()
    parser.feed(html)
    return [item for item in parser.items if item]


def handout_text(html: str) -> str:
    """The handout's words without citation markers ("[3]", "[6, 7, 8]")."""
    parser = _Text()
    parser.feed(html)
    text = " ".join(parser.items)
    return re.sub(r"\s*\[\d+(?:, \d+)*\]", "", text)


@dataclass
class Card:
    language: str
    paper: str
    html: str
    pdf: Path
    pages: int


@pytest.fixture(scope="module")
def clinic() -> Clinic:
    return load_clinic(EXAMPLE_CLINIC)


@pytest.fixture(scope="module")
def cards(tmp_path_factory: pytest.TempPathFactory, clinic: Clinic) -> dict[str, Card]:
    """The card in A4 for every language with a catalog, with the example clinic."""
    out = tmp_path_factory.mktemp("cards")
    built = {}
    for language in LANGUAGES:
        html = html_of("card", language, "a4", clinic)
        result = render_pdf(html, out / f"card-{language}-a4.pdf", language, clinic)
        assert result.error is None, result.error
        built[language] = Card(language, "a4", html, out / f"card-{language}-a4.pdf", result.pages)
    return built


def test_every_language_fits_one_sheet(cards: dict[str, Card]) -> None:
    pages = {language: card.pages for language, card in cards.items()}
    print("card pages (A4):", pages)
    assert set(cards) == set(LANGUAGES)
    assert all(1 <= count <= 2 for count in pages.values()), pages


def test_cards_pass_the_print_and_accessibility_checks(cards: dict[str, Card]) -> None:
    for language, card in cards.items():
        assert check_html(card.html) == [], language
        report = check_legibility(card.pdf, PAPER_SIZES_PT["a4"], STANDARD.body_size_pt)
        assert report.problems == [], (language, report.problems)
        structure = check_pdf(card.pdf, language)
        assert structure.problems == [], (language, structure.problems)


def test_cards_hold_the_emergency_number_and_the_clinic(
    cards: dict[str, Card], clinic: Clinic
) -> None:
    assert clinic.emergency_number and clinic.online_url
    for language, card in cards.items():
        text = check_pdf(card.pdf, language).reading_text
        assert clinic.emergency_number in text, language
        assert clinic.name in text, language
        assert clinic.phone and clinic.phone in text, language
        # Where the full handout is: its address beside a QR code.
        assert "example.org/riverside/back-pain-handout" in "".join(text.split()), language
        assert 'class="qr"' in card.html


def test_the_urgent_box_is_whole_on_one_page(cards: dict[str, Card]) -> None:
    import pikepdf

    from fbss_guide.pdf.tree import PageIndex, child_elements, content_refs, walk

    def kind(element: object) -> str:
        return str(element.get("/S"))  # type: ignore[attr-defined]

    for language, card in cards.items():
        with pikepdf.open(card.pdf) as pdf:
            pages = PageIndex(pdf)
            # The first box with a heading is the urgent one (the card starts with it).
            urgent = next(
                element
                for element in walk(pdf.Root.StructTreeRoot)
                if kind(element) == "/Div"
                and any(kind(kid) == "/H3" for kid in child_elements(element))
            )
            on = {pages.of(page) for page, _ in content_refs(urgent)}
            assert len(on) == 1, (language, on)


def test_every_card_text_is_a_text_of_the_handout(cards: dict[str, Card], clinic: Clinic) -> None:
    for language, card in cards.items():
        handout = handout_text(html_of("handout", language, "a4", clinic))
        texts = card_texts(card.html)
        assert len(texts) >= 15, (language, texts)  # key points, signs, questions
        missing = [text for text in texts if text not in handout]
        assert missing == [], (language, missing)


def test_longest_language_fits_letter_too(
    cards: dict[str, Card], clinic: Clinic, tmp_path: Path
) -> None:
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LTTextContainer

    def fill(card: Card) -> float:
        """Pages used, as a fraction: 1.6 is a full front and 60% of the back."""
        *_, last = extract_pages(card.pdf)
        # The running footer sits in the 15 mm bottom margin (card.css): not content.
        bottom_margin = 15 / 25.4 * 72
        lowest = min(
            item.y0
            for item in last
            if isinstance(item, LTTextContainer) and item.y0 > bottom_margin
        )
        return card.pages - 1 + (last.height - lowest) / last.height

    longest = max(cards.values(), key=fill)
    html = html_of("card", longest.language, "letter", clinic)
    pdf = tmp_path / f"card-{longest.language}-letter.pdf"
    result = render_pdf(html, pdf, longest.language, clinic)
    assert result.error is None, result.error
    print(f"longest card: {longest.language}, Letter pages: {result.pages}")
    assert 1 <= result.pages <= 2
    report = check_legibility(pdf, PAPER_SIZES_PT["letter"], STANDARD.body_size_pt)
    assert report.problems == [], report.problems


def test_without_a_clinic_the_card_says_where_to_get_the_handout(tmp_path: Path) -> None:
    html = html_of("card", "es")
    assert 'class="clinic' not in html
    pdf = tmp_path / "card-es-a4.pdf"
    result = render_pdf(html, pdf, "es", None)
    assert result.error is None, result.error
    assert result.pages <= 2
    text = " ".join(check_pdf(pdf, "es").reading_text.split())
    assert "Pida el folleto completo a su clínica o a su médico." in text
    assert "emergencias" in text  # no number given: the words for emergency services


def test_citation_markers_and_the_space_before_them_are_left_out() -> None:
    from fbss_guide.guide.markup import parse, to_html
    from fbss_guide.render.citations import without_citations

    text = "It is **not your fault [@a]**, and rare [@b; @c]."
    assert "CITE" in to_html(parse(text), lambda ids: "CITE", {})
    html = to_html(without_citations(parse(text)), lambda ids: "CITE", {})
    assert html == "It is <strong>not your fault</strong>, and rare."
