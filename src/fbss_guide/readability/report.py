"""Readability output for editors: a table on the terminal and an HTML page with a chart."""

from __future__ import annotations

from html import escape
from pathlib import Path

from fbss_guide.output_dir.atomic import atomic_write_text
from fbss_guide.readability.scoring import ReadabilityReport

BAR_HEIGHT = 22
CHART_WIDTH = 680
LABEL_WIDTH = 200


def _limit_text(report: ReadabilityReport, limits: dict[str, float]) -> str:
    parts = []
    for target in report.targets.measures:
        sign = "≤" if target.measure.lower_is_easier else "≥"
        parts.append(f"{sign}{limits[target.measure.id]:g}")
    return " / ".join(parts)


def print_table(report: ReadabilityReport) -> None:
    labels = report.labels()
    width = max(len(label) for label in labels.values()) + 2
    print(f"Readability ({report.language}); measures: " + ", ".join(labels.values()))
    header = f"{'section':<24}" + "".join(f"{label:>{width}}" for label in labels.values())
    print(header + f"{'target':>14}  result")
    print("-" * (len(header) + 22))
    for section in report.sections:
        scores = "".join(f"{section.total.scores[m]:>{width}.1f}" for m in labels)
        if section.exempt:
            target, result = "-", f"exempt: {section.exempt}"
        else:
            target = _limit_text(report, section.total.limits)
            result = "pass" if section.passed else "FAIL"
        print(f"{section.section_id:<24}{scores}{target:>14}  {result}")
        for block in section.blocks:
            if not block.passed:
                values = ", ".join(f"{labels[k]} {v}" for k, v in block.scores.items())
                print(f"    too hard: {block.name} ({values})")
                if block.hardest:
                    sentence = " ".join(block.hardest.split())
                    print(f"      weighs most: {sentence[:90]!r}")
    medians = "".join(f"{report.median[m]:>{width}.1f}" for m in labels)
    median_limits = {t.measure.id: t.median for t in report.targets.measures}
    # The median row's verdict is the median's own: a section that fails is shown on
    # its row, and the last line says why the whole fails.
    median_passes = all(
        t.passes(report.median[t.measure.id], t.median) for t in report.targets.measures
    )
    verdict = "pass" if median_passes else "FAIL"
    print(f"{'median':<24}{medians}{_limit_text(report, median_limits):>14}  {verdict}")
    print(overall_line(report, median_passes))
    print(measure_note(report))


def overall_line(report: ReadabilityReport, median_passes: bool) -> str:
    """The result of the whole, and what makes it fail."""
    if report.passed:
        return "result: pass"
    reasons = []
    sections = [s.section_id for s in report.sections if not s.passed and not s.total.passed]
    blocks = [
        f"{s.section_id}/{b.name}"
        for s in report.sections
        if not s.passed
        for b in s.blocks
        if not b.passed
    ]
    if sections:
        reasons.append(f"{len(sections)} section(s) too hard ({', '.join(sections)})")
    if blocks:
        reasons.append(f"{len(blocks)} block(s) too hard ({', '.join(blocks)})")
    if not median_passes:
        reasons.append("the median section misses its target")
    return "result: FAIL: " + "; ".join(reasons)


def measure_note(report: ReadabilityReport) -> str:
    """Say which measures are validated formulas and which are language-neutral stand-ins."""
    neutral = [t.measure.label for t in report.targets.measures if t.measure.language_neutral]
    formulas = [t.measure.label for t in report.targets.measures if not t.measure.language_neutral]
    parts = []
    if formulas:
        parts.append("readability formula(s) made for this language: " + ", ".join(formulas))
    if neutral:
        parts.append(
            "language-neutral measure (no validated readability formula for this language; "
            "not a grade level): " + ", ".join(neutral)
        )
    text = "; ".join(parts) + "."
    return text[0].upper() + text[1:]


def _svg(report: ReadabilityReport) -> str:
    """One bar per section and measure, with each section's target drawn as a line."""
    rows = [s for s in report.sections if not s.exempt]
    targets = report.targets.measures
    row_height = BAR_HEIGHT * len(targets) + 14
    height = row_height * len(rows) + 20
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{CHART_WIDTH}" height="{height}" '
        f'role="img" aria-labelledby="chart-title">',
        f"<title id='chart-title'>Readability per section against its target "
        f"({escape(report.language)})</title>",
    ]
    for index, section in enumerate(rows):
        top = index * row_height + 8
        parts.append(
            f'<text x="0" y="{top + BAR_HEIGHT}" font-size="13">{escape(section.section_id)}</text>'
        )
        for offset, target in enumerate(targets):
            measure_id = target.measure.id
            value = max(section.total.scores[measure_id], 0.0)
            limit = section.total.limits[measure_id]
            scale_max = max(limit * 2, value * 1.1, 1.0)
            scale = (CHART_WIDTH - LABEL_WIDTH - 160) / scale_max
            y = top + offset * BAR_HEIGHT
            ok = target.passes(value, limit)
            parts.append(
                f'<rect x="{LABEL_WIDTH}" y="{y}" width="{value * scale:.1f}" '
                f'height="{BAR_HEIGHT - 5}" fill="{"#1b5e20" if ok else "#b00020"}"/>'
                f'<text x="{LABEL_WIDTH + value * scale + 4:.1f}" y="{y + BAR_HEIGHT - 9}" '
                f'font-size="11">{escape(target.measure.label)} {value:.1f} '
                f"{'pass' if ok else 'FAIL'}</text>"
                f'<line x1="{LABEL_WIDTH + limit * scale:.1f}" y1="{y - 2}" '
                f'x2="{LABEL_WIDTH + limit * scale:.1f}" y2="{y + BAR_HEIGHT - 3}" '
                f'stroke="#000" stroke-width="3" stroke-dasharray="4,2"/>'
            )
    parts.append("</svg>")
    return "\n".join(parts)


def write_report(report: ReadabilityReport, out_dir: Path) -> Path:
    labels = report.labels()
    rows = []
    for section in report.sections:
        cells = "".join(f"<td>{section.total.scores[m]:.1f}</td>" for m in labels)
        if section.exempt:
            result, target = f"exempt: {escape(section.exempt)}", "&ndash;"
        else:
            result = "pass" if section.passed else "<strong>FAIL</strong>"
            target = escape(_limit_text(report, section.total.limits))
        rows.append(
            f"<tr><th scope='row'>{escape(section.section_id)}</th>{cells}"
            f"<td>{target}</td><td>{result}</td></tr>"
        )
    head = "".join(f"<th scope='col'>{escape(label)}</th>" for label in labels.values())
    note = f"<p>{escape(measure_note(report))}</p>"
    html = f"""<!DOCTYPE html>
<html lang="en" dir="ltr"><head><meta charset="utf-8">
<title>Readability report ({escape(report.language)})</title>
<style>body{{font-family:sans-serif;max-width:52em;margin:2em auto}}
td,th{{border:1px solid #000;padding:.2em .5em;text-align:left}}
table{{border-collapse:collapse}}</style></head>
<body><h1>Readability report: {escape(report.language)}</h1>
<p>One bar per section and measure; the dashed line is the section's target. Green bars
pass, red bars fail. Overall: <strong>{"pass" if report.passed else "FAIL"}</strong>.</p>
{note}
{_svg(report)}
<table><caption>Scores per section</caption>
<thead><tr><th scope="col">Section</th>{head}<th scope="col">Target</th>
<th scope="col">Result</th></tr></thead><tbody>{"".join(rows)}</tbody></table>
</body></html>
"""
    path = out_dir / "readability" / f"readability-{report.language}.html"
    atomic_write_text(path, html)
    return path
