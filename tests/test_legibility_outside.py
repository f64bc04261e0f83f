"""'Drawn outside the page' says on which page, what, past which edge, and what to do."""

from __future__ import annotations

from pathlib import Path

from fbss_guide.checks.legibility import check_legibility

A4 = (595.28, 841.89)


def test_text_past_the_right_edge_is_named_with_its_page(tmp_path: Path) -> None:
    import weasyprint

    html = """<!DOCTYPE html><html lang="en"><head><title>t</title><style>
    @page { size: A4; margin: 20mm } body { font: 14pt 'Noto Sans' }
    .wide { white-space: nowrap }</style></head><body>
    <p>First page.</p><p style="break-before: page" class="wide">Second page holds
    averyveryverylongwordwithoutanybreakthatrunsofftherightedgeofthepaperandbeyond it.</p>
    </body></html>"""
    pdf = tmp_path / "out.pdf"
    weasyprint.HTML(string=html).write_pdf(pdf)
    report = check_legibility(pdf, A4, body_min_pt=12)
    [problem] = [p for p in report.problems if "outside the page" in p]
    assert "page 2:" in problem
    assert "page 1:" not in problem
    assert "right edge" in problem
    assert "text '" in problem and "beyond" in problem
    assert "Shorten or split it" in problem


def test_a_page_inside_its_edges_has_no_such_problem(tmp_path: Path) -> None:
    import weasyprint

    pdf = tmp_path / "out.pdf"
    weasyprint.HTML(
        string="<html lang='en'><title>t</title><p style='font-size:14pt'>Fine.</p></html>"
    ).write_pdf(pdf)
    report = check_legibility(pdf, A4, body_min_pt=12)
    assert not [p for p in report.problems if "outside" in p]


def test_a_long_title_stays_inside_the_cards_footer(tmp_path: Path) -> None:
    """A new guide's card with a long title: its footer ("title · Reviewed date") ran
    past the bottom of both pages; it now ends in "…" on its second line."""
    import subprocess
    import sys

    from fbss_guide.scaffold import new_project

    title = "Knee osteoarthritis: what helps and what does not, a guide for patients and families"
    project = new_project(tmp_path / "guide", title=title)
    section = project / "content" / "sections" / "01-start.yaml"
    # A few blocks on the card, as an author would choose them: the starter section
    # shows every kind of block and is longer than the card's two sides.
    text = section.read_text("utf-8")
    for block in ("intro", "good-text", "urgent", "questions"):
        text = text.replace(f"    id: {block}\n", f"    id: {block}\n    card: true\n", 1)
    section.write_text(text, "utf-8")
    for paper in ("a4", "letter"):
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "fbss_guide",
                "build",
                "--jobs",
                "1",
                "--format",
                "card",
                "--paper",
                paper,
            ],
            cwd=project,
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert result.returncode == 0, result.stderr
    check = subprocess.run(
        [sys.executable, "-m", "fbss_guide", "check", "--pdf", "output"],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert check.returncode == 0, check.stdout + check.stderr
