"""Words and their meanings, sorted in the reader's language."""

from __future__ import annotations

from dataclasses import dataclass

from fbss_guide.blocks.base import BlockBase, BlockKind, EvidenceRule, Field, RowKind, TextRoles
from fbss_guide.guide.markup import Inline


@dataclass(frozen=True)
class Term:
    term: Inline
    definition: Inline


@dataclass(frozen=True)
class Glossary(BlockBase):
    id: str
    terms: tuple[Term, ...]


TERM_ROW = RowKind(
    cls=Term,
    fields={"term": Field("text"), "definition": Field("text")},
    roles=TextRoles(labels=frozenset({"term"})),
    notes={"term": "glossary term", "definition": "glossary definition"},
)

KIND = BlockKind(
    name="glossary",
    cls=Glossary,
    fields={"id": Field("id"), "terms": Field("rows", row=TERM_ROW)},
    # Definitions explain words; they make no claim that needs a source.
    evidence=EvidenceRule.NONE,
)
