"""Readability output for editors: a table on the terminal and an HTML page with a chart."""

from __future__ import annotations

from html import escape
from pathlib import Path

from fbss_guide.atomic import atomic_write_text
from fbss_guide.readability import FORMULAS, ReadabilityReport

BAR_HEIGHT = 22
CHART_WIDTH = 640
LABEL_WIDTH = 230
MAX_GRADE = 14.0


def print_table(report: ReadabilityReport) -> None:
    names = list(FORMULAS)
    header = f"{'section':<24}" + "".join(f"{name:>22}" for name in names)
    print(header + f"{'target':>8}  result")
    print("-" * (len(header) + 16))
    for section in report.sections:
        scores = "".join(f"{section.total.scores[name]:>22.1f}" for name in names)
        if section.exempt:
            target, result = "-", f"exempt: {section.exempt}"
        else:
            target = f"{section.target:g}"
            result = "pass" if section.passed else "FAIL"
        print(f"{section.section_id:<24}{scores}{target:>8}  {result}")
        for block in section.blocks:
            if not block.passed:
                values = ", ".join(f"{k} {v}" for k, v in block.scores.items())
                print(f"    too hard: {block.name} ({values})")
    medians = "".join(f"{report.median[name]:>22.1f}" for name in names)
    verdict = "pass" if report.passed else "FAIL"
    print(f"{'median (scored sections)':<24}{medians}{report.median_target:>8g}  {verdict}")


def _svg(report: ReadabilityReport) -> str:
    """One bar per section and formula, with each section's target drawn as a line."""
    names = list(FORMULAS)
    scale = (CHART_WIDTH - LABEL_WIDTH - 20) / MAX_GRADE
    rows = [s for s in report.sections if not s.exempt]
    row_height = BAR_HEIGHT * len(names) + 12
    height = row_height * len(rows) + 50
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{CHART_WIDTH}" height="{height}" '
        f'role="img" aria-labelledby="chart-title">',
        '<title id="chart-title">US grade level per section against its target</title>',
    ]
    for grade in range(0, int(MAX_GRADE) + 1, 2):
        x = LABEL_WIDTH + grade * scale
        parts.append(
            f'<line x1="{x:.1f}" y1="0" x2="{x:.1f}" y2="{height - 30}" stroke="#ccc"/>'
            f'<text x="{x:.1f}" y="{height - 12}" font-size="12" text-anchor="middle">'
            f"{grade}</text>"
        )
    for index, section in enumerate(rows):
        top = index * row_height + 6
        parts.append(
            f'<text x="0" y="{top + BAR_HEIGHT}" font-size="13">{escape(section.section_id)}</text>'
        )
        for offset, name in enumerate(names):
            value = max(section.total.scores[name], 0.0)
            y = top + offset * BAR_HEIGHT
            fill = "#1b5e20" if section.total.scores[name] <= (section.target or 99) else "#b00020"
            pattern = "" if offset == 0 else ' fill-opacity="0.6"'
            parts.append(
                f'<rect x="{LABEL_WIDTH}" y="{y}" width="{value * scale:.1f}" '
                f'height="{BAR_HEIGHT - 4}" fill="{fill}"{pattern}/>'
                f'<text x="{LABEL_WIDTH + value * scale + 4:.1f}" y="{y + BAR_HEIGHT - 8}" '
                f'font-size="11">{escape(name)} {section.total.scores[name]:.1f}</text>'
            )
        if section.target is not None:
            x = LABEL_WIDTH + section.target * scale
            parts.append(
                f'<line x1="{x:.1f}" y1="{top - 2}" x2="{x:.1f}" '
                f'y2="{top + row_height - 10}" stroke="#000" stroke-width="3" '
                f'stroke-dasharray="5,3"/>'
            )
    parts.append("</svg>")
    return "\n".join(parts)


def write_report(report: ReadabilityReport, out_dir: Path) -> Path:
    names = list(FORMULAS)
    rows = []
    for section in report.sections:
        cells = "".join(f"<td>{section.total.scores[name]:.1f}</td>" for name in names)
        if section.exempt:
            result = f"exempt: {escape(section.exempt)}"
            target = "&ndash;"
        else:
            result = "pass" if section.passed else "<strong>FAIL</strong>"
            target = f"{section.target:g}"
        rows.append(
            f"<tr><th scope='row'>{escape(section.section_id)}</th>{cells}"
            f"<td>{target}</td><td>{result}</td></tr>"
        )
    head = "".join(f"<th scope='col'>{escape(name)}</th>" for name in names)
    html = f"""<!DOCTYPE html>
<html lang="en" dir="ltr"><head><meta charset="utf-8">
<title>Readability report</title>
<style>body{{font-family:sans-serif;max-width:48em;margin:2em auto}}
td,th{{border:1px solid #000;padding:.2em .5em;text-align:left}}
table{{border-collapse:collapse}}</style></head>
<body><h1>Readability report</h1>
<p>US grade level per section (lower is easier). The dashed line is the section's target.
Median over scored sections must be at most {report.median_target:g}.
Overall: <strong>{"pass" if report.passed else "FAIL"}</strong>.</p>
{_svg(report)}
<table><caption>Scores per section</caption>
<thead><tr><th scope="col">Section</th>{head}<th scope="col">Target</th>
<th scope="col">Result</th></tr></thead><tbody>{"".join(rows)}</tbody></table>
</body></html>
"""
    path = out_dir / "readability" / "readability-en.html"
    atomic_write_text(path, html)
    return path
