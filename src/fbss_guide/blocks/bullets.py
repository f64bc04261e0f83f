"""A bulleted list, with an optional line before it."""

from __future__ import annotations

from dataclasses import dataclass

from fbss_guide.blocks.base import BlockBase, BlockKind, Field
from fbss_guide.guide.markup import Inline


@dataclass(frozen=True)
class Bullets(BlockBase):
    id: str
    points: tuple[Inline, ...]
    intro: Inline | None = None


KIND = BlockKind(
    name="bullets",
    cls=Bullets,
    fields={"id": Field("id"), "points": Field("texts"), "intro": Field("text", required=False)},
    notes={"points": "list item", "intro": "intro"},
)
