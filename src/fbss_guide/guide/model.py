"""The typed content model: a Guide made of Sections made of Blocks (fbss_guide.blocks)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, fields, is_dataclass
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Any

from fbss_guide.blocks import (
    Block,
    Bullets,
    Callout,
    CalloutLevel,
    Certainty,
    Checklist,
    ClaimRow,
    Claims,
    Effect,
    Figure,
    Glossary,
    Heading,
    OptionRow,
    OptionsTable,
    Paragraph,
    ReferenceList,
    ReviewInfo,
    Steps,
    Term,
    Verdict,
)
from fbss_guide.guide.emergency import EmergencyNumbers
from fbss_guide.guide.markup import Inline

# The block kinds live in fbss_guide.blocks, one module each; they are re-exported
# here so that `model.Paragraph` and the like keep working.
__all__ = [
    "Block",
    "Bullets",
    "Callout",
    "CalloutLevel",
    "Certainty",
    "Checklist",
    "ClaimRow",
    "Claims",
    "Effect",
    "Figure",
    "Glossary",
    "Guide",
    "Heading",
    "OptionRow",
    "OptionsTable",
    "Paragraph",
    "Readability",
    "Reference",
    "ReferenceList",
    "ReferenceType",
    "Requirement",
    "ReviewInfo",
    "Section",
    "Steps",
    "Term",
    "Verdict",
    "iter_inlines",
]


class ReferenceType(StrEnum):
    GUIDELINE = "guideline"
    SYSTEMATIC_REVIEW = "systematic-review"
    RANDOMISED_TRIAL = "randomised-trial"
    COHORT = "cohort"
    CASE_CONTROL = "case-control"
    CASE_SERIES = "case-series"
    EXPERT_OPINION = "expert-opinion"
    REGULATOR_NOTICE = "regulator-notice"


@dataclass(frozen=True)
class Reference:
    id: str
    type: ReferenceType
    authors: str
    year: int
    title: str
    source: str
    doi: str | None = None
    pmid: str | None = None
    url: str | None = None
    checked: str = ""
    funding: str | None = None
    finding: str = ""
    line: int = 0


@dataclass(frozen=True)
class Readability:
    """Per-section readability settings; an exemption must give its reason."""

    target: float | None = None
    exempt: str | None = None


@dataclass(frozen=True)
class Requirement:
    """One entry of guide.yaml's `required` list: what every edition must contain
    (checked by fbss_guide.guide.required)."""

    section: str
    block: str | None = None
    placeholder: str | None = None
    mentions: str | None = None


@dataclass(frozen=True)
class Section:
    id: str
    heading: Inline
    blocks: tuple[Block, ...]
    readability: Readability
    file: Path
    card: bool = False  # the whole section goes on the quick card

    @property
    def card_blocks(self) -> tuple[Block, ...]:
        """The blocks of it the quick card prints: all of them if the section is marked
        `card: true`, else those marked so."""
        return self.blocks if self.card else tuple(b for b in self.blocks if b.card)


@dataclass(frozen=True)
class Guide:
    id: str
    language: str
    title: Inline
    subtitle: Inline
    version: str
    reviewed_on: date
    next_review: date
    author: Inline
    description: Inline
    keywords: tuple[Inline, ...]
    sections: tuple[Section, ...]
    references: dict[str, Reference] = field(default_factory=dict)
    content_dir: Path = Path()
    # The numbers printed under "Call {emergency} now" (content/emergency-numbers.yaml);
    # None when the project has no such file.
    emergency_numbers: EmergencyNumbers | None = None
    required: tuple[Requirement, ...] = ()


def iter_inlines(value: Any) -> Iterator[Inline | tuple[str, ...]]:
    """Walk the model in reading order, yielding text fields and citation lists."""
    if isinstance(value, Inline):
        yield value
    elif isinstance(value, tuple):
        if value and all(isinstance(item, str) for item in value):
            yield value
        else:
            for item in value:
                yield from iter_inlines(item)
    elif is_dataclass(value) and not isinstance(value, type):
        for field in fields(value):
            yield from iter_inlines(getattr(value, field.name))
