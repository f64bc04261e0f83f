"""The typed content model: a Guide made of Sections made of Blocks."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, fields, is_dataclass
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Any

from fbss_guide.markup import Inline


class Effect(StrEnum):
    """What the best evidence says a treatment does, in GRADE-style plain words."""

    HELPS = "helps"
    PROBABLY_HELPS = "probably-helps"
    PROBABLY_HELPS_LITTLE = "probably-helps-little"
    MAY_HELP = "may-help"
    UNKNOWN = "unknown"
    PROBABLY_DOES_NOT_HELP = "probably-does-not-help"
    DOES_NOT_HELP = "does-not-help"


class Certainty(StrEnum):
    """How sure we are (GRADE certainty of evidence)."""

    HIGH = "high"
    MODERATE = "moderate"
    LOW = "low"
    VERY_LOW = "very-low"


class Verdict(StrEnum):
    """Our verdict on a claim as patients meet it online."""

    SUPPORTED = "supported"
    PARTLY_TRUE = "partly-true"
    NOT_SUPPORTED = "not-supported"
    MISLEADING = "misleading"


class ReferenceType(StrEnum):
    GUIDELINE = "guideline"
    SYSTEMATIC_REVIEW = "systematic-review"
    RANDOMISED_TRIAL = "randomised-trial"
    COHORT = "cohort"
    CASE_CONTROL = "case-control"
    CASE_SERIES = "case-series"
    EXPERT_OPINION = "expert-opinion"
    REGULATOR_NOTICE = "regulator-notice"


class CalloutLevel(StrEnum):
    URGENT = "urgent"
    NOTE = "note"


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
class OnCard:
    """What every block kind shares: `card: true` in the content puts the block on the
    quick card. Keyword-only, so a block kind's own fields keep their order and
    defaults; one place for it, whatever the block kinds become."""

    card: bool = field(default=False, kw_only=True)


@dataclass(frozen=True)
class Heading(OnCard):
    id: str
    text: Inline


@dataclass(frozen=True)
class Paragraph(OnCard):
    id: str
    text: Inline


@dataclass(frozen=True)
class Bullets(OnCard):
    id: str
    points: tuple[Inline, ...]
    intro: Inline | None = None


@dataclass(frozen=True)
class Steps(OnCard):
    id: str
    points: tuple[Inline, ...]
    intro: Inline | None = None


@dataclass(frozen=True)
class Callout(OnCard):
    id: str
    level: CalloutLevel
    title: Inline
    text: Inline | None = None
    points: tuple[Inline, ...] = ()
    action: Inline | None = None


@dataclass(frozen=True)
class OptionRow:
    id: str
    treatment: Inline
    what: Inline
    effect: Effect
    evidence: Inline
    certainty: Certainty
    harms: Inline
    cite: tuple[str, ...]


@dataclass(frozen=True)
class OptionsTable(OnCard):
    id: str
    caption: Inline
    rows: tuple[OptionRow, ...]


@dataclass(frozen=True)
class ClaimRow:
    """A claim as a clinic page makes it, with where it was found so it can be checked.

    `seed` names the saved page and `quote` holds its whole sentence verbatim (English,
    never translated): the printed `claim` must not cut away its qualifiers.
    """

    id: str
    claim: Inline
    verdict: Verdict
    evidence: Inline
    cite: tuple[str, ...]
    seed: str
    quote: str


@dataclass(frozen=True)
class Claims(OnCard):
    id: str
    caption: Inline
    rows: tuple[ClaimRow, ...]


@dataclass(frozen=True)
class Checklist(OnCard):
    id: str
    title: Inline
    questions: tuple[Inline, ...]


@dataclass(frozen=True)
class Term:
    term: Inline
    definition: Inline


@dataclass(frozen=True)
class Glossary(OnCard):
    id: str
    terms: tuple[Term, ...]


@dataclass(frozen=True)
class Figure(OnCard):
    """A picture from the content folder. Words on a drawing live in `labels`, not in
    the image: the image shows numbers 1, 2, 3... and the labels list says what each
    number names, so the words are translated like any other text."""

    id: str
    src: Path
    alt: Inline
    caption: Inline
    labels: tuple[Inline, ...] = ()


@dataclass(frozen=True)
class ReferenceList(OnCard):
    id: str


@dataclass(frozen=True)
class ReviewInfo(OnCard):
    """Prints who wrote the guide, its version and review dates (from guide.yaml)."""

    id: str


Block = (
    Heading
    | Paragraph
    | Bullets
    | Steps
    | Callout
    | OptionsTable
    | Claims
    | Checklist
    | Glossary
    | Figure
    | ReferenceList
    | ReviewInfo
)


@dataclass(frozen=True)
class Readability:
    """Per-section readability settings; an exemption must give its reason."""

    target: float | None = None
    exempt: str | None = None


@dataclass(frozen=True)
class Section:
    id: str
    heading: Inline
    blocks: tuple[Block, ...]
    readability: Readability
    file: Path
    card: bool = False  # the whole section goes on the quick card


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
