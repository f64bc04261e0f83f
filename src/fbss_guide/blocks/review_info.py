"""Who wrote the guide, its version and review dates (from guide.yaml)."""

from __future__ import annotations

from dataclasses import dataclass

from fbss_guide.blocks.base import BlockBase, BlockKind, Field


@dataclass(frozen=True)
class ReviewInfo(BlockBase):
    """Prints who wrote the guide, its version and review dates (from guide.yaml)."""

    id: str


KIND = BlockKind(
    name="review_info",
    cls=ReviewInfo,
    fields={"id": Field("id")},
    # Names, dates and a version number: not prose.
    scored=False,
)
