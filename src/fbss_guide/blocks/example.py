"""A worked example: made-up numbers that show how to do something (a pacing plan).

Its numbers illustrate a method, they report no finding, so unlike a paragraph it needs
no citation for them; it prints under a label ("An example:") so a reader never takes
them for research results.
"""

from __future__ import annotations

from dataclasses import dataclass

from fbss_guide.blocks.base import BlockBase, BlockKind, EvidenceRule, Field
from fbss_guide.guide.markup import Inline


@dataclass(frozen=True)
class Example(BlockBase):
    id: str
    text: Inline


KIND = BlockKind(
    name="example",
    cls=Example,
    fields={"id": Field("id"), "text": Field("text")},
    # Illustrative numbers, labelled as an example: nothing to cite.
    evidence=EvidenceRule.NONE,
    notes={"text": "worked example with made-up numbers (keep every number)"},
)
