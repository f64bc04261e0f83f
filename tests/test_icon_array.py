"""Icon arrays (100-person charts): pictures and words made from the block's numbers."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable
from pathlib import Path

import pikepdf
import pytest
from checkout import project_config

from fbss_guide.checks.pdf_structure import check_pdf
from fbss_guide.engine.build import BuiltEdition, build
from fbss_guide.guide.content import check_guide
from fbss_guide.guide.icon_array import chart_svg, tenths

MakeContent = Callable[[dict[str, str]], Path]

SECTION = """\
id: intro
heading: What this is
blocks:
  - kind: paragraph
    id: p
    text: Text [@smith-2020].
  - kind: icon_array
    id: chart
    caption: One trial
    outcome: leg pain at least halved
    total: 100
    groups:
      - id: treated
        label: With the treatment
        count: 48
      - id: control
        label: Without it
        count: 9
    cite: [smith-2020]
"""


def dark_figures(svg: str) -> int:
    """Heads in the solid path (each figure's head is one full circle: two arcs)."""
    match = re.search(r'<path fill="#000" d="([^"]*)"', svg)
    return match.group(1).count("a3.6") // 2 if match else 0


def figure_heads(svg: str) -> list[tuple[float, float]]:
    return [(float(x), float(y)) for x, y in re.findall(r"M([\d.]+) ([\d.]+)m-3.6 0", svg)]


@pytest.mark.parametrize("count", [0, 1, 9, 48, 100])
def test_the_chart_has_total_figures_with_count_dark(count: int) -> None:
    svg = chart_svg(count, 100)
    assert len(figure_heads(svg)) == 100
    assert dark_figures(svg) == count


def test_the_dark_figures_start_at_the_readers_side() -> None:
    left = figure_heads(chart_svg(3, 20))[:3]
    right = figure_heads(chart_svg(3, 20, rtl=True))[:3]
    assert [x for x, _ in left] == sorted(x for x, _ in left)
    assert [x for x, _ in right] == sorted((x for x, _ in right), reverse=True)
    assert max(x for x, _ in left) < min(x for x, _ in right)


def test_tenths_round_half_up() -> None:
    assert [tenths(n, 100) for n in (48, 9, 4, 5, 50, 95)] == [5, 1, 0, 1, 5, 10]


def test_the_handout_shows_charts_and_says_the_numbers_in_words(
    make_content: MakeContent, tmp_path: Path
) -> None:
    content = make_content({"sections/01-intro.yaml": SECTION})
    [edition] = build(
        project_config(content_dir=content, out_dir=tmp_path / "out", languages=("en",))
    )
    html = edition.html.read_text(encoding="utf-8")
    figure = html[html.index('<figure class="icon-array"') : html.index("</figure>")]
    assert figure.count('src="data:image/svg+xml;base64,') == 2
    assert 'alt="With the treatment. About 5 in 10 people (48 in 100): leg pain at least' in figure
    assert 'alt="Without it. About 1 in 10 people (9 in 100): leg pain at least' in figure
    assert 'One trial <span class="cite-group">' in figure

    assert check_pdf(edition.pdf, "en").problems == []
    with pikepdf.open(edition.pdf) as pdf:
        alts = [
            str(obj.get("/Alt"))
            for obj in pdf.objects
            if isinstance(obj, pikepdf.Dictionary) and obj.get("/S") == "/Figure"
        ]
    assert sorted(alts) == [
        "With the treatment. About 5 in 10 people (48 in 100): leg pain at least halved.",
        "Without it. About 1 in 10 people (9 in 100): leg pain at least halved.",
    ]
    text = subprocess.run(
        ["pdftotext", str(edition.pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "About 5 in 10 people (48 in 100)" in text
    assert "About 1 in 10 people (9 in 100)" in text
    assert "Each shape is one person. Dark shapes: leg pain at least halved" in text


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("count: 48", "count: 148", "group 'treated' has count 148, outside 0 to 100"),
        ("total: 100", "total: 105", "total is 105; a chart shows 10, 20, ... or 100 people"),
        ("count: 9", "count: nine", "expected a whole number"),
        ("    cite: [smith-2020]\n", "", "cite"),
    ],
)
def test_bad_numbers_are_errors_that_name_the_block(
    make_content: MakeContent, old: str, new: str, message: str
) -> None:
    _, problems = check_guide(make_content({"sections/01-intro.yaml": SECTION.replace(old, new)}))
    errors = [p for p in problems if p.severity == "error"]
    assert errors, "no error"
    assert any(message in p.format() for p in errors), [p.format() for p in errors]
    assert all("01-intro.yaml" in p.format() and "[blocks[2]" in p.format() for p in errors)


def test_the_handout_shows_the_stimulator_chart_and_the_new_drawings(
    real_build: BuiltEdition,
) -> None:
    html = real_build.html.read_text(encoding="utf-8")
    options = html[html.index('id="options"') :]
    options = options[: options.index("</section>")]
    chart = options.index('<figure class="icon-array"')
    # The saved HTML carries its pictures inside it: found by their alt text.
    drawing = options.index('alt="Drawing of the lower back from the side')
    assert options.index("</table>") < chart < drawing  # table, chart, then drawing
    assert 'href="#ref-kumar-2007"' in options[chart:drawing]
    assert "About 5 in 10 people (48 in 100)" in options
    assert "About 1 in 10 people (9 in 100)" in options
    actions = html[html.index('id="actions"') :]
    assert 'alt="Two line charts of how much' in actions[: actions.index("</section>")]
    with pikepdf.open(real_build.pdf) as pdf:
        alts = [
            str(obj.get("/Alt"))
            for obj in pdf.objects
            if isinstance(obj, pikepdf.Dictionary) and obj.get("/S") == "/Figure"
        ]
    for start in (
        "With a stimulator and usual care. About 5 in 10 people (48 in 100)",
        "With usual care alone. About 1 in 10 people (9 in 100)",
        "Drawing of the lower back from the side",
        "Two line charts of how much a person does each day",
    ):
        assert any(alt.startswith(start) for alt in alts), start
