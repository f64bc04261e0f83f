"""End-to-end: content folder in, PDF out, checked as a reader and a screen reader would."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pikepdf
import pytest
from checkout import project_config

from fbss_guide.checks.pdf_structure import check_pdf
from fbss_guide.cli import main
from fbss_guide.engine.build import BuiltEdition, build
from fbss_guide.errors import BuildError, ContentError

MakeContent = Callable[[dict[str, str]], Path]


def test_real_handout_passes_every_accessibility_check(real_build: BuiltEdition) -> None:
    report = check_pdf(real_build.pdf, "en", "Pain after back surgery")
    assert report.problems == []
    assert report.headings[0] == "H1"
    assert {"Table", "TH", "TD", "L", "LI", "P"} <= report.structure_types


def test_real_handout_text_reads_in_order(real_build: BuiltEdition) -> None:
    text = check_pdf(real_build.pdf, "en").reading_text
    order = [
        "Pain after back surgery",
        "Key points",
        "Get help now",  # first after the key points, which send readers to it
        "About this handout",
        "What this condition is",
        "Why pain can continue",
        "What your care team may check",
        "Treatment options compared",
        "What you may read online",
        "What you can do now",
        "Words to know",
        "References",
    ]
    position = 0
    for heading in order:  # each heading appears after the one before it
        found = text.find(heading, position)
        assert found >= 0, f"{heading!r} not found after position {position}"
        position = found + len(heading)
    assert "Call emergency services or go to the emergency department now" in text


def test_real_handout_fonts_metadata_and_html(real_build: BuiltEdition) -> None:
    with pikepdf.open(real_build.pdf) as pdf:
        assert pdf.pdf_version == "1.7"
        fonts = {str(f) for f in check_pdf(real_build.pdf, "en").fonts}
        assert any("Noto-Sans" in name for name in fonts), fonts
        assert str(pdf.docinfo["/Author"]).startswith("The fbss-guide project")
        assert "back pain" in str(pdf.docinfo["/Keywords"])
        assert str(pdf.docinfo["/Subject"]).startswith("A plain-language handout")
        assert "/Outlines" in pdf.Root  # bookmarks from headings
    html = real_build.html.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert real_build.pdf.parent == real_build.html.parent


def test_real_handout_is_short_enough(real_build: BuiltEdition) -> None:
    # No fixed page limit any more: the body before the references is as short as the
    # content allows (a treatment table with one question per column, the pacing and
    # flare-up plans, the diary, the help sources' addresses and four pictures took the
    # A4 edition from 12 pages to 27, 5 of them references). This catches growth nobody
    # meant.
    assert real_build.pages <= 28


def test_two_builds_are_byte_identical(small_content: Path, tmp_path: Path) -> None:
    first = build(
        project_config(content_dir=small_content, out_dir=tmp_path / "a", languages=("en",))
    )[0]
    second = build(
        project_config(content_dir=small_content, out_dir=tmp_path / "b", languages=("en",))
    )[0]
    assert first.pdf.read_bytes() == second.pdf.read_bytes()
    assert first.html.read_bytes() == second.html.read_bytes()


def test_source_date_epoch_sets_the_pdf_dates(
    small_content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    [edition] = build(
        project_config(content_dir=small_content, out_dir=tmp_path, languages=("en",))
    )
    with pikepdf.open(edition.pdf) as pdf:
        assert str(pdf.docinfo["/CreationDate"]).startswith("D:20231114")


def test_broken_content_fails_and_keeps_the_earlier_pdf(
    make_content: MakeContent, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    content = make_content({})
    assert (
        main(
            ["build", "--lang", "en", "--paper", "a4", "--content", str(content), "--out", str(out)]
        )
        == 0
    )
    pdf = out / "en" / "test-guide-en-a4.pdf"
    before = pdf.read_bytes()
    capsys.readouterr()

    broken = {
        "sections/01-intro.yaml": (
            "id: intro\nheading: What this is\nheading: Again\nblocks:\n"
            "  - kind: paragraph\n    id: first\n    colour: red\n"
            "    text: Source [@missing-2000].\n"
            "  - kind: paragraph\n    id: second\n   text: bad indent\n"
        ),
    }
    content = make_content(broken)
    assert (
        main(
            ["build", "--lang", "en", "--paper", "a4", "--content", str(content), "--out", str(out)]
        )
        == 1
    )
    err = capsys.readouterr().err
    assert "content/sections/01-intro.yaml:11" in err  # bad indentation
    assert "YAML syntax error" in err
    assert pdf.read_bytes() == before
    assert sorted(p.name for p in pdf.parent.iterdir()) == [
        "test-guide-en-a4.html",
        "test-guide-en-a4.pdf",
    ]

    broken["sections/01-intro.yaml"] = broken["sections/01-intro.yaml"].replace(
        "   text: bad indent", "    text: fixed indent [@smith-2020]."
    )
    content = make_content(broken)
    assert (
        main(
            ["build", "--lang", "en", "--paper", "a4", "--content", str(content), "--out", str(out)]
        )
        == 1
    )
    err = capsys.readouterr().err
    assert "01-intro.yaml:3 [heading]: error: duplicate key 'heading'" in err
    assert "01-intro.yaml:7 [blocks[1](paragraph).colour]: error: unknown key 'colour'" in err
    assert "01-intro.yaml:8" in err and "unknown reference 'missing-2000'" in err
    assert pdf.read_bytes() == before


@pytest.mark.parametrize(
    ("src", "message"),
    [
        ("https://example.org/spine.png", "is not a file in the content folder"),
        ("/etc/passwd", "points outside the content folder"),
    ],
)
def test_figure_with_remote_or_outside_path_fails(
    make_content: MakeContent, tmp_path: Path, src: str, message: str
) -> None:
    section = f"""\
        id: intro
        heading: What this is
        blocks:
          - kind: paragraph
            id: p
            text: Text [@smith-2020].
          - kind: figure
            id: picture
            src: "{src}"
            alt: A drawing of the spine
            caption: The spine
        """
    content = make_content({"sections/01-intro.yaml": section})
    with pytest.raises(ContentError, match=message):
        build(project_config(content_dir=content, out_dir=tmp_path / "out", languages=("en",)))


def test_figure_inside_content_is_tagged_with_alt_text(
    make_content: MakeContent, tmp_path: Path
) -> None:
    section = """\
        id: intro
        heading: What this is
        blocks:
          - kind: paragraph
            id: p
            text: Text [@smith-2020].
          - kind: figure
            id: picture
            src: images/spine.svg
            alt: A drawing of the lower spine
            caption: The lower spine
        """
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="100" height="50">'
        '<rect width="100" height="50" fill="#000"/></svg>'
    )
    content = make_content({"sections/01-intro.yaml": section, "images/spine.svg": svg})
    [edition] = build(
        project_config(content_dir=content, out_dir=tmp_path / "out", languages=("en",))
    )
    report = check_pdf(edition.pdf, "en")
    assert report.problems == []
    assert "Figure" in report.structure_types
    with pikepdf.open(edition.pdf) as pdf:
        alts = [
            str(obj.get("/Alt"))
            for obj in pdf.objects
            if isinstance(obj, pikepdf.Dictionary) and obj.get("/S") == "/Figure"
        ]
    assert alts == ["A drawing of the lower spine"]


def test_resource_outside_allowed_folders_is_refused_at_render(
    small_content: Path, tmp_path: Path
) -> None:
    """Even HTML that slipped past validation cannot read other files."""
    from fbss_guide.pdf.html_to_pdf import html_to_pdf

    html = (
        '<!DOCTYPE html><html lang="en" dir="ltr"><head><title>x</title></head>'
        '<body><h1>x</h1><img src="file:///etc/passwd" alt="x"></body></html>'
    )
    with pytest.raises(BuildError, match="outside the folders"):
        html_to_pdf(
            html,
            tmp_path / "x.pdf",
            language="en",
            base_dir=small_content,
            allowed_dirs=[small_content],
        )
    assert not (tmp_path / "x.pdf").exists()


def test_missing_glyph_fails_naming_the_character(
    make_content: MakeContent, tmp_path: Path
) -> None:
    section = """\
        id: intro
        heading: What this is
        blocks:
          - kind: paragraph
            id: p
            text: "A sign no font has: \\U0010FFFD [@smith-2020]."
        """
    content = make_content({"sections/01-intro.yaml": section})
    with pytest.raises(BuildError, match=r"U\+10FFFD.*language 'en'"):
        build(project_config(content_dir=content, out_dir=tmp_path / "out", languages=("en",)))
    assert not (tmp_path / "out" / "en" / "test-guide-en-a4.pdf").exists()


def test_command_line_entry_point_runs(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "fbss_guide.cli", "build", "--help"],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ},
    )
    assert result.returncode == 0
    assert "examples:" in result.stdout and "--lang CODE" in result.stdout
