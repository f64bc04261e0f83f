"""`fbss-guide check --pdf` on the editions it failed, and the build's own check.

Built here, once: German large print and Russian large print (a source's kind printed
up to 20 mm past the page edge; a Russian word hyphenated in the treatment table, where
large print hyphenates nothing), the German bilingual edition (the two columns of a
heading read as one word, "pointsDas") and the Chinese quick card on Letter (lines of
Chinese characters end flush by nature and were taken for justified text). The Chinese
line ends ("《Internal|Orthopedics》", "nhs.uk|电话") and the bilingual heading are also
rendered from small pages, with the build's repair and check.
"""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pikepdf
import pytest
from checkout import PROJECT_ROOT, project_config

from fbss_guide.checks.legibility import check_legibility
from fbss_guide.checks.spoken_text import spoken_text_problems
from fbss_guide.engine.build import BuiltEdition, build
from fbss_guide.errors import BuildError
from fbss_guide.pdf.html_to_pdf import render_pdf, repair_and_check_tags
from fbss_guide.pdf.text import spoken_lines
from fbss_guide.project.editions import PAPER_SIZES_PT, EditionSpec

FBSS = str(Path(sys.executable).with_name("fbss-guide"))
LARGE = EditionSpec("a4", large_print=True)
BUILDS = {
    "de": (LARGE, EditionSpec("a4", format="bilingual")),
    "ru": (LARGE,),
    "zh-Hans": (EditionSpec("letter", format="card"),),
}


@pytest.fixture(scope="module")
def out_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("check-pdf")


@pytest.fixture(scope="module")
def editions(out_dir: Path) -> dict[str, BuiltEdition]:
    """By file name: fbss-guide-de-a4-large-print.pdf, ..."""
    built: dict[str, BuiltEdition] = {}
    for language, specs in BUILDS.items():
        config = project_config(out_dir=out_dir / language, languages=(language,), editions=specs)
        for edition in build(config):
            assert edition.status == "built", edition.error
            built[edition.pdf.name] = edition
    return built


def pdftotext(pdf: Path) -> str:
    return subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_check_pdf_passes_on_the_editions_it_failed(
    editions: dict[str, BuiltEdition], out_dir: Path
) -> None:
    """Through the user's door: the installed command, on the folder the build wrote."""
    result = subprocess.run(
        [FBSS, "check", "--project", str(PROJECT_ROOT), "--pdf", str(out_dir)],
        capture_output=True,
        text=True,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert ": error:" not in output
    rows = [line for line in result.stdout.splitlines() if line.split()[:1] and ".pdf" in line]
    assert len(rows) == len(editions) == 4, rows
    assert all(row.endswith("pass") for row in rows), rows


@pytest.mark.parametrize("language", ["de", "ru"])
def test_a_sources_kind_stays_inside_the_page_in_large_print(
    editions: dict[str, BuiltEdition], language: str
) -> None:
    """The DOI, a no-break space and the kind ("[systematische Übersichtsarbeit]") were
    one unbreakable run, wider than the large-print line."""
    edition = editions[f"fbss-guide-{language}-a4-large-print.pdf"]
    report = check_legibility(
        edition.pdf, PAPER_SIZES_PT["a4"], LARGE.body_size_pt, LARGE.smallest_size_pt
    )
    assert not [problem for problem in report.problems if "outside the page" in problem]
    text = " ".join(pdftotext(edition.pdf).split())
    label = {"de": "[systematische Übersichtsarbeit]", "ru": "[систематический обзор]"}
    assert f"CD009790.pub2 {label[language]}" in text
    # The kind still never stands alone on the reference's last line.
    html = edition.html.read_text(encoding="utf-8")
    assert '.pub2</bdi>&nbsp;<span class="ref-type"' in html


def test_large_print_hyphenates_no_word_of_the_treatment_table(
    editions: dict[str, BuiltEdition],
) -> None:
    """Russian cells hyphenate in the standard edition; large print hyphenates nothing
    (UKAAF): a word longer than its column breaks without a hyphen, and reads whole."""
    edition = editions["fbss-guide-ru-a4-large-print.pdf"]
    assert "\u2010\n" not in pdftotext(edition.pdf)
    html = edition.pdf.with_suffix(".html").read_text(encoding="utf-8")
    assert spoken_text_problems(edition.pdf, html) == []
    with pikepdf.open(edition.pdf) as pdf:
        assert any(line.startswith("Противовоспалительные") for line in spoken_lines(pdf))


def test_each_bilingual_heading_reads_its_two_columns_apart(
    editions: dict[str, BuiltEdition],
) -> None:
    edition = editions["fbss-guide-de-bilingual-a4.pdf"]
    with pikepdf.open(edition.pdf) as pdf:
        lines = spoken_lines(pdf, labels=False)
    assert "Key points Das Wichtigste" in lines
    assert "References Quellen" in lines
    html = edition.pdf.with_suffix(".html").read_text(encoding="utf-8")
    assert spoken_text_problems(edition.pdf, html) == []


def test_lines_of_chinese_characters_are_not_justified_text(
    editions: dict[str, BuiltEdition],
) -> None:
    edition = editions["fbss-guide-zh-Hans-card-letter.pdf"]
    card = EditionSpec("letter", format="card")
    report = check_legibility(edition.pdf, PAPER_SIZES_PT["letter"], card.body_size_pt)
    assert report.problems == []


# --- small pages, rendered as the build renders them ----------------------------------

BILINGUAL_HEADINGS = """<!DOCTYPE html><html lang="de"><head><meta charset="utf-8">
<title>t</title><style>
body { font: 14pt 'Noto Sans' }
.column-pair > .column { display: inline-block; width: calc(50% - 5mm); vertical-align: top }
.column-pair > .column + .column { margin-left: 5mm }
</style></head><body><main><section>
<h1 class="column-pair"><span class="column" lang="en">Pain</span> <span class="column"
lang="de">Schmerzen</span></h1><p>Text.</p>
<h2 class="column-pair"><span class="column" lang="en">Key points</span> <span class="column"
lang="de">Das Wichtigste</span></h2><p>Mehr Text.</p>
</section></main></body></html>"""

CHINESE = """<!DOCTYPE html><html lang="zh-Hans"><head><meta charset="utf-8"><title>t</title>
<style>body { font: 14pt 'Noto Sans CJK SC' } .narrow { width: 8em }</style></head>
<body><main><section><h1>标题</h1>
<p class="narrow">“2017年7月，医生们在《Internal Orthopedics》期刊上写道，这是可行的方法。”</p>
<ul><li><strong>NHS（英国）</strong>：健康建议。请拨打111。
<br>网址：<a href="https://www.nhs.uk/">nhs.uk</a>
<br>电话：<a href="tel:111">111</a></li></ul>
</section></main></body></html>"""  # noqa: RUF001 (Chinese punctuation)


def _repaired(html: str) -> tuple[list[str], list[str], str]:
    """The build's repair and check of a page: (problems, spoken lines, pdftotext)."""
    from weasyprint import HTML

    data, problems = repair_and_check_tags(
        HTML(string=html).write_pdf(pdf_variant="pdf/ua-1"), html
    )
    with pikepdf.open(io.BytesIO(data)) as pdf:
        lines = spoken_lines(pdf, labels=False)
    drawn = subprocess.run(
        ["pdftotext", "-", "-"], input=data, capture_output=True, check=True
    ).stdout.decode("utf-8")
    return problems, lines, drawn


def test_a_space_between_two_inline_blocks_is_read() -> None:
    """WeasyPrint tags the space between the columns as a sequence that sets the colour
    and draws nothing ("/a1.0 gs 0 0 0 rg BT ET"): it stands for a space all the same."""
    problems, lines, _ = _repaired(BILINGUAL_HEADINGS)
    assert problems == []
    assert "Pain Schmerzen" in lines
    assert "Key points Das Wichtigste" in lines


def test_a_chinese_line_end_next_to_latin_words_gets_the_htmls_space() -> None:
    problems, lines, drawn = _repaired(CHINESE)
    assert problems == []
    # The page breaks the Latin name and the list item where the test needs it...
    assert "《Internal\nOrthopedics》" in drawn
    assert "nhs.uk\n电话" in drawn
    assert "“2017年7月，医\n生们在" in drawn  # noqa: RUF001
    # ... and a screen reader reads the HTML's spaces, and no others.
    assert "“2017年7月，医生们在《Internal Orthopedics》期刊上写道，这是可行的方法。”" in lines  # noqa: RUF001
    assert "NHS（英国）：健康建议。请拨打111。 网址：nhs.uk 电话：111" in lines  # noqa: RUF001


def test_the_build_fails_on_words_a_screen_reader_reads_run_together(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The build reads the PDF's words as 'check --pdf' does: without the space repair,
    the bilingual headings' columns run together and the render fails, naming them."""
    import fbss_guide.pdf.tags

    monkeypatch.setattr(fbss_guide.pdf.tags, "restore_line_end_spaces", lambda *args: [])
    with pytest.raises(BuildError) as raised:
        render_pdf(
            BILINGUAL_HEADINGS,
            "headings.pdf",
            language="de",
            base_dir=PROJECT_ROOT,
            allowed_dirs=[PROJECT_ROOT],
        )
    message = str(raised.value)
    assert "headings.pdf" in message
    assert "not words of the HTML" in message
    assert "pointsDas" in message and "PainSchmerzen" in message


def test_justified_chinese_is_still_found(tmp_path: Path) -> None:
    """Chinese set solid ends flush by nature; Chinese whose spaces are stretched to the
    edge (text-align: justify) is justified text."""
    from weasyprint import HTML

    words = " ".join(["这是一个", "很长的", "段落", "用来", "测试", "两端", "对齐"] * 6)
    for align, justified in (("justify", True), ("start", False)):
        page = (
            '<html lang="zh-Hans"><title>t</title><p style="font: 14pt \'Noto Sans CJK SC\'; '
            f'width: 12em; text-align: {align}">{words}</p></html>'
        )
        pdf = tmp_path / f"{align}.pdf"
        HTML(string=page).write_pdf(pdf)
        report = check_legibility(pdf, PAPER_SIZES_PT["a4"], 12)
        assert any("justified" in problem for problem in report.problems) == justified, align
    solid = "这些信号可能说明您脊柱下段的神经受到了压迫也可能是您体内有血栓" * 3
    page = (
        '<html lang="zh-Hans"><title>t</title><p style="font: 14pt \'Noto Sans CJK SC\'; '
        f'width: 10em">{solid}</p></html>'
    )
    HTML(string=page).write_pdf(tmp_path / "solid.pdf")
    report = check_legibility(tmp_path / "solid.pdf", PAPER_SIZES_PT["a4"], 12)
    assert report.problems == []


def test_a_sequence_that_only_sets_state_is_empty() -> None:
    from fbss_guide.pdf.spaces import _draws_nothing

    assert _draws_nothing(b"BT\nET")
    assert _draws_nothing(b"/a1.0 gs\n0 0 0 rg\nBT\nET")
    assert _draws_nothing(b"q 1 0 0 1 5 5 cm [] 0 d Q")
    assert not _draws_nothing(b"0 0 0 rg\n10 10 50 2 re\nf")  # a rule is drawn
    assert not _draws_nothing(b"q /Im1 Do Q")  # a picture


def test_a_chinese_clause_a_page_break_cuts_is_not_a_split_word() -> None:
    """A Chinese paragraph that a page ends is two blocks; `WORD` finds clauses between
    punctuation marks, so each half is no word of the HTML, yet nothing is split or run
    together for a listener (the clinic's Chinese Letter edition failed the build on
    this). A Latin word cut the same way is still reported."""
    from fbss_guide.checks.spoken_text import compare_spoken_lines
    from fbss_guide.pdf.html_text import read_html_text

    first = "在一项试验中，约每10人中有1人在6个月后"  # noqa: RUF001
    second = "腿痛减轻了一半或更多[23]。我们对这些数字把握不大。"
    html = (
        f'<html lang="zh-Hans"><body><p>{first}{second}</p>'
        "<p>Physiotherapy helps.</p></body></html>"
    )
    facts = read_html_text(html)
    cut = [first, second]
    assert compare_spoken_lines(cut, facts).problems == []
    swapped = [cut[1], cut[0]]
    assert compare_spoken_lines(swapped, facts).foreign_words == [
        "腿痛减轻了一半或更多",
        "约每10人中有1人在6个月后",
    ]
    latin = [*cut, "Physio", "therapy helps."]
    assert compare_spoken_lines(latin, facts).foreign_words == ["Physio", "therapy"]
