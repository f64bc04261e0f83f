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
