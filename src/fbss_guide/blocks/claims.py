"""The table of claims patients meet online, each with our verdict and its evidence."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from fbss_guide.blocks.base import BlockBase, BlockKind, EvidenceRule, Field, RowKind, TextRoles
from fbss_guide.guide.markup import Inline


class Verdict(StrEnum):
    """Our verdict on a claim as patients meet it online."""

    SUPPORTED = "supported"
    PARTLY_TRUE = "partly-true"
    NOT_SUPPORTED = "not-supported"
    MISLEADING = "misleading"


@dataclass(frozen=True)
class ClaimRow:
    """A claim as a clinic page makes it, with where it was found so it can be checked.

    `source` names the saved page (`content/sources/<id>.txt`) and `quote` holds its whole
    sentence verbatim (English, never translated): the printed `claim` must not cut away
    the sentence's subject or hedges (checks/quotes.py).
    """

    id: str
    claim: Inline
    verdict: Verdict
    evidence: Inline
    cite: tuple[str, ...]
    source: str
    quote: str


@dataclass(frozen=True)
class Claims(BlockBase):
    id: str
    caption: Inline
    rows: tuple[ClaimRow, ...]


CLAIM_ROW = RowKind(
    cls=ClaimRow,
    fields={
        "id": Field("id"),
        "claim": Field("text"),
        "verdict": Field("enum", enum=Verdict),
        "evidence": Field("text"),
        "cite": Field("cites"),
        "source": Field("str"),
        "quote": Field("str"),
    },
    # The claim quotes a clinic page whole, qualifiers included (checks/quotes.py): its
    # words are the clinic's, not ours, so only our answer is held to the target.
    roles=TextRoles(quotes=frozenset({"claim"})),
    notes={
        "claim": "a claim as clinic websites make it (keep quoted phrases as quotes)",
        "evidence": "what the evidence says",
    },
)

KIND = BlockKind(
    name="claims",
    cls=Claims,
    fields={"id": Field("id"), "caption": Field("text"), "rows": Field("rows", row=CLAIM_ROW)},
    roles=TextRoles(labels=frozenset({"caption"})),
    scored_rows="rows",
    evidence=EvidenceRule.ROWS_CITED,
    notes={"caption": "table or figure caption"},
)
