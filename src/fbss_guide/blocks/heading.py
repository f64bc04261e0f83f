"""A heading inside a section (h3)."""

from __future__ import annotations

from dataclasses import dataclass

from fbss_guide.blocks.base import BlockBase, BlockKind, Field
from fbss_guide.guide.markup import Inline


@dataclass(frozen=True)
class Heading(BlockBase):
    id: str
    text: Inline


KIND = BlockKind(
    name="heading",
    cls=Heading,
    fields={"id": Field("id"), "text": Field("text")},
    notes={"text": "paragraph"},
)
