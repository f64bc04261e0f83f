"""Print legibility measured from the PDF itself (pdfminer.six).

Rules: smallest text at least 12 pt (18 pt in large print); body text at least 14 pt
(18 pt in large print); every text colour at least 7:1 against white (WCAG contrast
formula; the templates put no fill behind text); page size as requested; no justified
text (Chinese and Japanese, set solid, end flush by nature: they count only when their
characters are spaced out); nothing drawn outside the page.

The build does not run these (pdfminer's layout analysis takes about as long as the
render); `fbss-guide check --pdf` and the tests do.
"""

from __future__ import annotations

import statistics
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Any

MIN_TEXT_PT = 12.0
MIN_CONTRAST = 7.0
SIZE_TOLERANCE_PT = 1.0
EDGE_TOLERANCE_PT = 0.5
JUSTIFY_GAP_PT = 0.5  # more room than a character's advance: spaced out


@dataclass
class LegibilityReport:
    problems: list[str] = field(default_factory=list)
    smallest_pt: float = 0.0
    body_pt: float = 0.0
    lowest_contrast: float = 21.0
    pages: int = 0
    page_size_pt: tuple[float, float] = (0.0, 0.0)

    @property
    def passed(self) -> bool:
        return not self.problems


def _linear(channel: float) -> float:
    return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4


def relative_luminance(colour: Any) -> float:
    """WCAG relative luminance of a PDF colour (gray, RGB or CMYK components 0-1)."""
    if colour is None:
        return 0.0
    values = colour if isinstance(colour, list | tuple) else [colour]
    values = [float(v) for v in values if isinstance(v, int | float)]
    if len(values) == 1:
        red = green = blue = values[0]
    elif len(values) == 3:
        red, green, blue = values
    elif len(values) == 4:
        cyan, magenta, yellow, black = values
        red, green, blue = ((1 - c) * (1 - black) for c in (cyan, magenta, yellow))
    else:
        return 0.0  # unknown colour space: treat as black (never hides a problem as pass)
    return 0.2126 * _linear(red) + 0.7152 * _linear(green) + 0.0722 * _linear(blue)


def contrast_with_white(colour: Any) -> float:
    return 1.05 / (relative_luminance(colour) + 0.05)


def _walk(item: Any) -> Any:
    yield item
    if hasattr(item, "__iter__") and not isinstance(item, str):
        for child in item:
            yield from _walk(child)


def glyph_sizes(path: Path) -> Counter[float]:
    """How many glyphs (not white space) the PDF draws at each size, in points."""
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LTChar

    sizes: Counter[float] = Counter()
    for page in extract_pages(path):
        for item in _walk(page):
            if isinstance(item, LTChar) and item.get_text().strip():
                sizes[round(item.size, 1)] += 1
    return sizes


def check_legibility(
    path: Path,
    paper_size_pt: tuple[float, float],
    body_min_pt: float,
    smallest_min_pt: float = MIN_TEXT_PT,
) -> LegibilityReport:
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LAParams, LTChar, LTCurve, LTImage, LTTextBox, LTTextLine

    report = LegibilityReport()
    sizes: Counter[float] = Counter()
    # Body size is the size of most *lines*: counting characters would let a dense
    # script (Chinese) lose to the Latin reference list.
    line_sizes: Counter[float] = Counter()
    contrasts: list[float] = []
    outside: dict[int, _Outside] = {}  # page number -> what it draws outside
    justified_boxes = 0
    for page in extract_pages(path, laparams=LAParams()):
        report.pages += 1
        x0, y0, x1, y1 = page.bbox
        report.page_size_pt = (x1 - x0, y1 - y0)
        for item in _walk(page):
            if isinstance(item, LTChar) and item.get_text().strip():
                sizes[round(item.size, 1)] += 1
                contrasts.append(contrast_with_white(item.graphicstate.ncolor))
            if isinstance(item, LTTextLine):
                chars = [c for c in item if isinstance(c, LTChar) and c.get_text().strip()]
                if chars:
                    line_sizes[Counter(round(c.size, 1) for c in chars).most_common(1)[0][0]] += 1
            if isinstance(item, LTChar | LTCurve | LTImage):
                edges = _edges_crossed(item.bbox, page.bbox)
                if edges:
                    outside.setdefault(report.pages, _Outside()).add(item, edges)
            if isinstance(item, LTTextBox) and _looks_justified(item):
                justified_boxes += 1
    if not sizes:
        report.problems.append("no text found")
        return report
    report.smallest_pt = min(sizes)
    report.body_pt = line_sizes.most_common(1)[0][0] if line_sizes else 0.0
    report.lowest_contrast = round(min(contrasts), 2)
    expected_w, expected_h = paper_size_pt
    width, height = report.page_size_pt
    if abs(width - expected_w) > SIZE_TOLERANCE_PT or abs(height - expected_h) > SIZE_TOLERANCE_PT:
        report.problems.append(
            f"page size is {width:.0f} x {height:.0f} pt, expected "
            f"{expected_w:.0f} x {expected_h:.0f} pt"
        )
    if report.smallest_pt < smallest_min_pt - 0.05:
        report.problems.append(
            f"smallest text is {report.smallest_pt} pt (minimum {smallest_min_pt})"
        )
    if report.body_pt < body_min_pt - 0.05:
        report.problems.append(f"body text is {report.body_pt} pt (minimum {body_min_pt})")
    if report.lowest_contrast < MIN_CONTRAST:
        report.problems.append(
            f"lowest text contrast is {report.lowest_contrast}:1 (minimum {MIN_CONTRAST}:1)"
        )
    if justified_boxes:
        report.problems.append(f"{justified_boxes} text block(s) look justified")
    if outside:
        report.problems.append(_outside_problem(outside))
    return report


def _edges_crossed(
    box: tuple[float, float, float, float], page: tuple[float, float, float, float]
) -> dict[str, float]:
    """The page edges a drawn box crosses, and how far (pt) it reaches beyond each."""
    x0, y0, x1, y1 = box
    px0, py0, px1, py1 = page
    beyond = {"left": px0 - x0, "bottom": py0 - y0, "right": x1 - px1, "top": y1 - py1}
    return {edge: far for edge, far in beyond.items() if far > EDGE_TOLERANCE_PT}


@dataclass
class _Outside:
    """What one page draws outside its edges."""

    count: int = 0
    text: str = ""
    pictures: int = 0
    shapes: int = 0
    farthest: dict[str, float] = field(default_factory=dict)  # edge -> pt

    def add(self, item: Any, edges: dict[str, float]) -> None:
        from pdfminer.layout import LTChar, LTImage

        self.count += 1
        if isinstance(item, LTChar):
            self.text += item.get_text()
        elif isinstance(item, LTImage):
            self.pictures += 1
        else:
            self.shapes += 1
        for edge, far in edges.items():
            self.farthest[edge] = max(far, self.farthest.get(edge, 0.0))

    def describe(self) -> str:
        what = []
        if self.text.strip():
            sample = " ".join(self.text.split())
            what.append(f"text {sample[:40]!r}" + ("…" if len(sample) > 40 else ""))
        if self.pictures:
            what.append(f"{self.pictures} picture(s)")
        if self.shapes:
            what.append(f"{self.shapes} line(s) or shape(s)")
        mm = 25.4 / 72
        where = ", ".join(
            f"up to {far * mm:.{0 if far * mm >= 1 else 1}f} mm past the {edge} edge"
            for edge, far in self.farthest.items()
        )
        return f"{' and '.join(what)}, {where}"


def _pages(numbers: list[int]) -> str:
    """'page 3', 'pages 1-30' (a run), 'pages 2, 5, 9'."""
    if len(numbers) == 1:
        return f"page {numbers[0]}"
    if numbers == list(range(numbers[0], numbers[-1] + 1)):
        return f"pages {numbers[0]}-{numbers[-1]}"
    return "pages " + ", ".join(str(number) for number in numbers)


def _outside_problem(outside: dict[int, _Outside]) -> str:
    """One readable line: on which page, what, how far, and what to do."""
    count = sum(page.count for page in outside.values())
    # The same thing on many pages (a running header) is said once, with its pages.
    pages_of: dict[str, list[int]] = {}
    for number, page in outside.items():
        pages_of.setdefault(page.describe(), []).append(number)
    listed = "; ".join(
        f"{_pages(numbers)}: {description}" for description, numbers in pages_of.items()
    )
    return (
        f"{count} object(s) drawn outside the page ({listed}). Something is wider or "
        "taller than the page: a long word or web address without a break, a wide table "
        "or picture, a box that must not split and is taller than a page, or a running "
        "header or footer too long for its margin. Shorten or split it (for the quick "
        "card: mark fewer blocks with 'card: true')"
    )


def _is_right_to_left(text: str) -> bool:
    letters = [char for char in text if char.isalpha()]
    rtl = sum(1 for char in letters if "\u0590" <= char <= "\u08ff" or "\ufb1d" <= char <= "\ufeff")
    return bool(letters) and rtl > len(letters) / 2


_MARKERS = {"", "•", "◦", "▪", "-", "\u2013", *(str(number) for number in range(1, 100))}


def _looks_justified(box: Any) -> bool:
    """True when nearly every line but the last ends at the same edge.

    Lines end on the right in left-to-right text and on the left in right-to-left text.
    Ragged text (what the templates ask for) varies by several points from line to line
    at that end; justified text ends within a fraction of a point.
    """
    # A column of list markers ("•", "1.") that the PDF reader grouped apart from the
    # items' text ends flush by nature: it is not a paragraph.
    lines = [line for line in box if line.get_text().strip().rstrip(".)") not in _MARKERS]
    if len(lines) < 4:
        return False
    if _is_right_to_left(box.get_text()):
        ends = [-line.x0 for line in lines[:-1]]
    else:
        ends = [line.x1 for line in lines[:-1]]
    far = max(ends)
    flush = sum(1 for end in ends if far - end < 0.5)
    spread = statistics.pstdev(ends)
    if not (flush >= 0.9 * len(ends) and spread < 0.5):
        return False
    # Chinese and Japanese are set solid: every character is one em wide and a line
    # breaks between any two, so ragged lines of them fill the column and end flush
    # by nature (the zh-Hans card's warning box: six lines of 17 characters). They are
    # justified only if their characters are spaced out to reach the edge.
    if _mostly_wide(box.get_text()):
        return any(_spaced_out(line) for line in lines[:-1])
    return True


def _mostly_wide(text: str) -> bool:
    """Text mostly in full-width characters (Chinese, Japanese, their punctuation)."""
    letters = [char for char in text if not char.isspace()]
    wide = sum(1 for char in letters if unicodedata.east_asian_width(char) in {"W", "F"})
    return bool(letters) and wide > len(letters) / 2


def _spaced_out(line: Any) -> bool:
    """A line with more room between two characters than the first one's advance: what
    justification (or letter spacing) adds."""
    from pdfminer.layout import LTChar

    chars = [char for char in line if isinstance(char, LTChar)]
    return any(
        after.x0 - before.x0 > before.adv + JUSTIFY_GAP_PT for before, after in pairwise(chars)
    )
