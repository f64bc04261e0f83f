"""The table of treatment options: one row per treatment, one question per column.

Columns: the treatment (its name, what it is, how it is thought to work), does it help
(an effect label and one sentence), how sure are we (a certainty label), its main harms,
and its effect on daily life (work, sleep) where sources say. A key to the labels and
one line on using the table with a doctor print with it (the block's macro).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from fbss_guide.blocks.base import BlockBase, BlockKind, EvidenceRule, Field, RowKind, TextRoles
from fbss_guide.guide.markup import Inline


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
    how: Inline
    effect: Effect
    evidence: Inline
    certainty: Certainty
    harms: Inline
    daily_life: Inline
    cite: tuple[str, ...]


@dataclass(frozen=True)
class OptionsTable(BlockBase):
    id: str
    caption: Inline
    rows: tuple[OptionRow, ...]

    @property
    def effects_used(self) -> tuple[Effect, ...]:
        """The effect labels the rows use, in the vocabulary's order (for the key)."""
        used = {row.effect for row in self.rows}
        return tuple(effect for effect in Effect if effect in used)

    @property
    def certainties_used(self) -> tuple[Certainty, ...]:
        """The certainty labels the rows use, surest first (for the key)."""
        used = {row.certainty for row in self.rows}
        return tuple(certainty for certainty in Certainty if certainty in used)


OPTION_ROW = RowKind(
    cls=OptionRow,
    fields={
        "id": Field("id"),
        "treatment": Field("text"),
        "what": Field("text"),
        "how": Field("text"),
        "effect": Field("enum", enum=Effect),
        "evidence": Field("text"),
        "certainty": Field("enum", enum=Certainty),
        "harms": Field("text"),
        "daily_life": Field("text"),
        "cite": Field("cites"),
    },
    # A treatment's name heads its row; it is not a sentence.
    roles=TextRoles(labels=frozenset({"treatment"})),
    notes={
        "treatment": "treatment name (table row header)",
        "what": "what the treatment is (first column, under its name)",
        "how": "how the treatment is thought to work, in one plain line (first column)",
        "evidence": "what the evidence says ('Does it help?' column, after the label)",
        "harms": "main harms, side effects ('Main harms' column)",
        "daily_life": "effect on daily life, work and sleep ('Daily life' column)",
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
