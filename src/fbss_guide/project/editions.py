"""Editions: which output format, on which paper, in standard or large print.

The project file (`fbss-guide.yaml`) lists the editions a build makes; see project/project_file.py.
"""

from __future__ import annotations

from dataclasses import dataclass

PAPERS = {"a4": "A4", "letter": "Letter"}  # CSS @page size names
PAPER_SIZES_PT = {"a4": (595.28, 841.89), "letter": (612.0, 792.0)}


@dataclass(frozen=True)
class EditionSpec:
    """One kind of output: a format (handout, card, bilingual, web) and its options.

    `paper` is None for a format that is not printed (the web edition).
    """

    paper: str | None = "a4"
    large_print: bool = False
    format: str = "handout"

    @property
    def suffix(self) -> str:
        """The part of a file name that tells editions of one language apart. The handout
        keeps its short names (a4, a4-large-print); other formats lead with their name."""
        parts = [] if self.format == "handout" else [self.format]
        if self.paper:
            parts.append(self.paper)
        if self.large_print:
            parts.append("large-print")
        return "-".join(parts)

    @property
    def css_paper(self) -> str:
        return PAPERS[self.paper or "a4"]

    @property
    def body_size_pt(self) -> float:
        return 18.0 if self.large_print else 14.0

    @property
    def smallest_size_pt(self) -> float:
        # Large print: nothing a reader reads below 18 pt, running lines included.
        return 18.0 if self.large_print else 12.0


STANDARD = EditionSpec()
