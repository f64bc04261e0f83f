"""What a screen reader gets from the built PDFs, compared with the HTML they came from.

Each PDF's text is read in structure order with /ActualText and /Alt honoured
(`pdf.text.spoken_lines`) and compared with its HTML (`checks/spoken_text.py`): no word
split at a hyphen, run together or reversed, right-to-left blocks in logical order,
citations in the HTML's order. Built here: the session's English A4, English large
print, and the Arabic A4, large print, quick card and bilingual editions. Page 1 of the
English and Arabic A4 goes through espeak-ng, as a screen reader's speech would.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from functools import cache

import pikepdf
import pytest
from checkout import project_config

from fbss_guide.checks.legibility import glyph_sizes
from fbss_guide.checks.spoken_text import compare_spoken_text, spoken_text_problems
from fbss_guide.engine.build import BuiltEdition, build
from fbss_guide.pdf.html_text import WORD, letters_key, read_html_text
from fbss_guide.pdf.text import spoken_lines
from fbss_guide.pdf.tree import content_refs, walk
from fbss_guide.project.editions import EditionSpec

ARABIC_EDITIONS = (
    EditionSpec("a4"),
    EditionSpec("a4", large_print=True),
    EditionSpec("a4", format="card"),
    EditionSpec("a4", format="bilingual"),
)


@pytest.fixture(scope="module")
def arabic(tmp_path_factory: pytest.TempPathFactory) -> dict[str, BuiltEdition]:
    out = tmp_path_factory.mktemp("ar")
    built = build(project_config(out_dir=out, languages=("ar",), editions=ARABIC_EDITIONS))
    return {edition.edition.spec.suffix: edition for edition in built}


@pytest.fixture(scope="module")
def english_large(tmp_path_factory: pytest.TempPathFactory) -> BuiltEdition:
    out = tmp_path_factory.mktemp("en-large")
    spec = (EditionSpec("a4", large_print=True),)
    [edition] = build(project_config(out_dir=out, languages=("en",), editions=spec))
    return edition


def html_of(edition: BuiltEdition) -> str:
    """The HTML the build rendered the PDF from (written beside it)."""
    return edition.pdf.with_suffix(".html").read_text(encoding="utf-8")


@pytest.mark.parametrize("suffix", ["a4", "a4-large-print", "card-a4", "bilingual-a4"])
def test_arabic_editions_read_as_the_html(arabic: dict[str, BuiltEdition], suffix: str) -> None:
    edition = arabic[suffix]
    assert edition.status == "built", edition.error
    assert spoken_text_problems(edition.pdf, html_of(edition)) == []


def test_english_editions_read_as_the_html(
    real_build: BuiltEdition, english_large: BuiltEdition
) -> None:
    for edition in (real_build, english_large):
        assert spoken_text_problems(edition.pdf, html_of(edition)) == []


def test_hyphenated_words_read_whole(real_build: BuiltEdition) -> None:
    """The A4 edition hyphenates narrow table cells: the hyphen is drawn, not read."""
    with pikepdf.open(real_build.pdf) as pdf:
        text = "\n".join(spoken_lines(pdf))
    drawn = subprocess.run(
        ["pdftotext", str(real_build.pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Pain psychology" in text
    assert "\u2010" not in text  # no hyphen hyphenation added is read
    assert "psycho\u2010" not in drawn  # poppler honours the /ActualText too


def test_large_print_is_not_hyphenated_and_nothing_is_under_18_pt(
    english_large: BuiltEdition, arabic: dict[str, BuiltEdition]
) -> None:
    for edition in (english_large, arabic["a4-large-print"]):
        drawn = subprocess.run(
            ["pdftotext", str(edition.pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert "\u2010" not in drawn, edition.pdf.name
        sizes = glyph_sizes(edition.pdf)
        small = {size: count for size, count in sizes.items() if size < 17.95}
        assert small == {}, (edition.pdf.name, small)
    # Arabic glyphs look smaller than Latin ones at the same size: its text is larger.
    arabic_sizes = glyph_sizes(arabic["a4-large-print"].pdf)
    assert arabic_sizes.most_common(1)[0][0] == 20.0


def test_the_comparison_finds_split_reversed_and_misordered_text(
    real_build: BuiltEdition, arabic: dict[str, BuiltEdition]
) -> None:
    """The comparison fails on the faults it is there for."""
    html = html_of(real_build)
    with pikepdf.open(real_build.pdf) as pdf:
        good = compare_spoken_text(pdf, html)
        assert good.problems == []
    broken = html.replace("psychology", "psycho <b>logy</b>")
    with pikepdf.open(real_build.pdf) as pdf:
        assert "psychology" in compare_spoken_text(pdf, broken).foreign_words
    # Without the /ActualText the repair wrote, the Arabic text is in visual order.
    with pikepdf.open(arabic["a4"].pdf) as pdf:
        for element in walk(pdf.Root.StructTreeRoot):
            if "/ActualText" in element and str(element.ActualText):
                del element.ActualText
        visual = compare_spoken_text(pdf, html_of(arabic["a4"]))
    assert len(visual.disordered) > 100
    assert len(visual.foreign_words) > 500
    assert "[1 ,2]" in visual.citations[0] and "[1, 2]" in visual.citations[1]


def _espeak(text: str, voice: str) -> str:
    if shutil.which("espeak-ng") is None:
        pytest.fail("espeak-ng is missing: run `make test-system-deps`", pytrace=False)
    result = subprocess.run(
        ["espeak-ng", "-q", "-x", "-v", voice, "--stdin"],
        input=text,
        capture_output=True,
        text=True,
        check=True,
    )
    spoken = " ".join(result.stdout.split())
    # espeak-ng 1.51 reads Arabic "0" after a full stop with a stray sound before its
    # last syllable that changes from run to run ("s[-ifR", "s[-u.ifR", "s[-QifR"):
    # the same text must give the same speech here.
    return re.sub(r"s\[-\S*?ifR", "s[-ifR", spoken)


@cache
def _espeak_once(text: str, voice: str) -> str:
    return _espeak(text, voice)


def _speech(lines: list[str], voice: str) -> str:
    """The lines spoken one by one, each distinct line once: espeak-ng 1.51 also reads
    some Arabic numbers ("99", "11") with a stray sound that changes from run to run
    ("tis,A-aw'atisJ^A-qu:n", "tis,A-aw'atisQA-qu:n"), so a line the PDF reads as the
    HTML has it must give the same speech on both sides."""
    return " ".join(_espeak_once(line, voice) for line in lines)


# What espeak-ng says for a character read by itself: a diacritic split off its letter,
# a label symbol, the hyphen that hyphenation added.
SYMBOLS = ("\u064b", "\u064c", "\u064d", "\u064e", "\u064f", "\u0650", "\u0651", "\u0652")
LABELS = ("\u2714", "\u2718", "\u25cf", "\u25cb", "\u25d0", "\u26a0")
HIDDEN_LABELS = re.compile(f"[{''.join(LABELS)}]+ ?")


@pytest.mark.parametrize(("language", "voice"), [("en", "en"), ("ar", "ar")])
def test_page_one_sounds_as_the_html(
    real_build: BuiltEdition, arabic: dict[str, BuiltEdition], language: str, voice: str
) -> None:
    """Page 1 through espeak-ng: the speech of each block is the speech of the HTML
    element it came from (found by its letters, which visual order keeps), no symbol is
    named, no word is split and the numbers come in the HTML's order."""
    edition = real_build if language == "en" else arabic["a4"]
    facts = read_html_text(html_of(edition))
    by_letters = {letters_key(text): text for _, text in reversed(facts.elements)}
    with pikepdf.open(edition.pdf) as pdf:
        lines = spoken_lines(pdf, labels=False, pages={0})
    assert len(lines) > 10
    expected = []
    for line in lines:
        source = by_letters.get(letters_key(line))
        assert source is not None or " ".join(line.split()) in facts.body, line
        # The HTML hides its label symbols from screen readers (`aria-hidden`: the
        # warning box's title "⚠ Call emergency services", the table's "●●○○"); the PDF
        # must not read them either.
        expected.append(line if source is None else HIDDEN_LABELS.sub("", source).strip())
    symbols = [s for s in SYMBOLS + LABELS if s not in "".join(expected)]
    spoken = _speech(lines, voice)
    assert spoken == _speech(expected, voice)
    for symbol in symbols:
        named = _espeak(symbol, voice)
        assert not named or named not in spoken, (symbol, named)
    for line in lines:
        for word in WORD.findall(line):
            assert word.casefold() in facts.words, (word, line)
    numbers = re.findall(r"\d+", "\n".join(lines))
    assert numbers == re.findall(r"\d+", "\n".join(expected))
    assert numbers  # page 1 cites sources


def test_korean_words_are_parted_where_the_html_parts_them(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """Korean puts spaces between words but breaks lines inside them too: the repair
    puts a space back only where the HTML has one, so no two words run together (35
    did when every Korean line end was left alone). A word may still be cut where a
    page break cuts a table row: WeasyPrint tags the row's rest as another row, which
    the merge does not join yet; such a half is part of a word, never two words."""
    out = tmp_path_factory.mktemp("ko")
    [edition] = build(project_config(out_dir=out, languages=("ko",)))
    facts = read_html_text(html_of(edition))
    with pikepdf.open(edition.pdf) as pdf:
        report = compare_spoken_text(pdf, html_of(edition))
    assert report.disordered == [] and report.citations == ([], [])
    for word in report.foreign_words:
        assert any(word.casefold() in whole for whole in facts.words), word
    assert len(report.foreign_words) <= 4


def test_a_row_a_page_break_cuts_reads_as_one_row(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """French large print: the claim row about platelet-rich plasma crosses a page break
    ('ne portaient pas sur la douleur après une' / 'opération du dos'). The row's rest is
    joined to it, the cut paragraph is one again and the space the cut lost is back: the
    tree has as many rows as the HTML, and the text reads as the HTML's. (German A4 had
    such a row until its claims were shortened.)"""
    out = tmp_path_factory.mktemp("fr")
    [edition] = build(
        project_config(out_dir=out, languages=("fr",), editions=(EditionSpec("a4", True),))
    )
    html = html_of(edition)
    with pikepdf.open(edition.pdf) as pdf:
        rows = [element for element in walk(pdf.Root.StructTreeRoot) if element.S == "/TR"]
        pages = {page.objgen: number for number, page in enumerate(pdf.pages)}
        cut = [
            row for row in rows if len({pages[page.objgen] for page, _ in content_refs(row)}) > 1
        ]
        report = compare_spoken_text(pdf, html)
    assert cut, "no table row crosses a page break: pick another edition for this test"
    assert len(rows) == html.count("<tr")
    assert report.problems == []
    phrase = "ne portaient pas sur la douleur après une opération du dos"
    assert any(phrase in line for line in report.lines)
