"""Icon arrays (100-person charts): the picture as SVG and the same numbers in words.

Both come from the block's data (`total`, each group's `count`), so no translation can
change a number and every language shows the same chart. The picture holds no text:
words stay in the HTML, where they are translated, shaped and tagged like any other.
Dark figures are solid, the others white with an outline: the two differ in shape, not
only in shade, so the chart reads in black-and-white print and for colour-blind readers.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from fbss_guide.blocks.icon_array import ROW_LENGTH, IconArray
from fbss_guide.guide.markup import Inline

# One figure in a cell of CELL_WIDTH x CELL_HEIGHT units: a round head and a body
# with shoulders, drawn from the cell's top-left corner.
CELL_WIDTH = 18
CELL_HEIGHT = 22
# A gap after every fifth column and row: people count in fives ("about 5 in 10").
GROUP_GAP = 6
_HEAD = "M{x:g} {y:g}m-3.6 0a3.6 3.6 0 1 0 7.2 0a3.6 3.6 0 1 0 -7.2 0z"
_BODY = (
    "M{x:g} {y:g}c-3.2 0 -5.6 2.3 -5.6 5.4v5.4c0 0.9 0.7 1.6 1.6 1.6h8"
    "c0.9 0 1.6 -0.7 1.6 -1.6v-5.4c0 -3.1 -2.4 -5.4 -5.6 -5.4z"
)
DARK = 'fill="#000"'
# The outline is dark grey: 7:1 contrast on white, as text would need.
LIGHT = 'fill="#fff" stroke="#595959" stroke-width="1.4"'


def _offset(index: int, cell: int) -> float:
    return index * cell + (index // 5) * GROUP_GAP


def chart_size(total: int) -> tuple[float, float]:
    rows = total // ROW_LENGTH
    width = _offset(ROW_LENGTH - 1, CELL_WIDTH) + CELL_WIDTH
    height = _offset(rows - 1, CELL_HEIGHT) + CELL_HEIGHT
    return width, height


def chart_svg(count: int, total: int, *, rtl: bool = False) -> str:
    """`total` figures in rows of ten, the first `count` dark, filled from the top row
    at the reader's starting side (the right in a right-to-left language)."""
    width, height = chart_size(total)
    dark: list[str] = []
    light: list[str] = []
    for index in range(total):
        row, column = divmod(index, ROW_LENGTH)
        if rtl:
            column = ROW_LENGTH - 1 - column
        x = _offset(column, CELL_WIDTH) + CELL_WIDTH / 2
        y = _offset(row, CELL_HEIGHT) + 1
        figure = _HEAD.format(x=x, y=y + 3.6) + _BODY.format(x=x, y=y + 8)
        (dark if index < count else light).append(figure)
    paths = []
    if dark:
        paths.append(f'<path {DARK} d="{"".join(dark)}"/>')
    if light:
        paths.append(f'<path {LIGHT} d="{"".join(light)}"/>')
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:g} {height:g}" '
        f'width="{width:g}" height="{height:g}">' + "".join(paths) + "</svg>"
    )


def chart_data_uri(count: int, total: int, *, rtl: bool = False) -> str:
    encoded = base64.b64encode(chart_svg(count, total, rtl=rtl).encode()).decode("ascii")
    return f"data:image/svg+xml;base64,{encoded}"


def tenths(count: int, total: int) -> int:
    """The count as people in 10, rounded half up (48 in 100 -> 5, 9 in 100 -> 1)."""
    value = Decimal(count) * 10 / Decimal(total)
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


@dataclass(frozen=True)
class ChartText:
    """What one chart says in words: its frequency line and its picture's alt text."""

    frequency: str
    alt: str
    src: str


def chart_texts(
    block: IconArray,
    *,
    _: Callable[[str], str],
    plain: Callable[[Inline], str],
    number: Callable[[int], str],
    rtl: bool,
) -> list[ChartText]:
    """Each group's chart with its words. `_` is the render's gettext, `plain` turns a
    text field into plain text, `number` formats a number for the language."""
    outcome = plain(block.outcome).rstrip(" .\u3002")
    charts = []
    for group in block.groups:
        values = {
            "count": number(group.count),
            "total": number(block.total),
            "tenths": number(tenths(group.count, block.total)),
        }
        exact = group.count * 10 % block.total == 0
        if block.total == ROW_LENGTH or group.count == 0:
            # TRANSLATORS: under a 100-person chart: %(count)s people out of %(total)s had the
            # result the chart shows ('9 in 100 people').
            frequency = _("%(count)s in %(total)s people") % values
        elif exact:
            # TRANSLATORS: under a 100-person chart when the count is a whole number of tenths
            # ('5 in 10 people (50 in 100)').
            frequency = _("%(tenths)s in 10 people (%(count)s in %(total)s)") % values
        elif tenths(group.count, block.total) == 0:
            # TRANSLATORS: under a 100-person chart when fewer than 1 in 10 had the result
            # ('Fewer than 1 in 10 people (4 in 100)').
            frequency = _("Fewer than 1 in 10 people (%(count)s in %(total)s)") % values
        else:
            # TRANSLATORS: under a 100-person chart: the count rounded to people in 10, then
            # exactly ('About 5 in 10 people (48 in 100)').
            frequency = _("About %(tenths)s in 10 people (%(count)s in %(total)s)") % values
        label = plain(group.label)
        # TRANSLATORS: the text alternative of a 100-person chart, read instead of the picture:
        # %(group)s names the group ('With a stimulator'), %(frequency)s is the line under the
        # chart, %(outcome)s what a dark figure stands for ('Leg pain at least halved').
        alt = _("%(group)s. %(frequency)s: %(outcome)s.") % {
            "group": label.rstrip(" .:\u3002\uff1a"),
            "frequency": frequency,
            "outcome": outcome,
        }
        charts.append(
            ChartText(
                frequency=frequency,
                alt=alt,
                src=chart_data_uri(group.count, block.total, rtl=rtl),
            )
        )
    return charts
