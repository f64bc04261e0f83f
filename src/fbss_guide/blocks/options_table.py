"""The table of treatment options: what each does, how sure we are, its harms."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from fbss_guide.blocks.base import BlockBase, BlockKind, EvidenceRule, Field, RowKind, TextRoles
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
class OptionsTable(BlockBase):
    id: str
    caption: Inline
    rows: tuple[OptionRow, ...]


OPTION_ROW = RowKind(
    cls=OptionRow,
    fields={
        "id": Field("id"),
        "treatment": Field("text"),
        "what": Field("text"),
        "effect": Field("enum", enum=Effect),
        "evidence": Field("text"),
        "certainty": Field("enum", enum=Certainty),
        "harms": Field("text"),
        "cite": Field("cites"),
    },
    # A treatment's name heads its row; it is not a sentence.
    roles=TextRoles(labels=frozenset({"treatment"})),
    notes={
        "treatment": "treatment name (table row header)",
        "what": "what the treatment is",
        "evidence": "what the evidence says",
        "harms": "possible harms",
    },
)

KIND = BlockKind(
    name="options_table",
    cls=OptionsTable,
    fields={
        "id": Field("id"),
        "caption": Field("text"),
        "rows": Field("rows", row=OPTION_ROW),
    },
    roles=TextRoles(labels=frozenset({"caption"})),
    # Each row is read on its own, so each is held to the target on its own.
    scored_rows="rows",
    evidence=EvidenceRule.ROWS_CITED,
    notes={"caption": "table or figure caption"},
)
