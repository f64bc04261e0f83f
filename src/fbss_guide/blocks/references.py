"""Where the list of sources goes (its entries come from references.yaml)."""

from __future__ import annotations

from dataclasses import dataclass

from fbss_guide.blocks.base import BlockBase, BlockKind, Field


@dataclass(frozen=True)
class ReferenceList(BlockBase):
    id: str


KIND = BlockKind(
    name="references",
    cls=ReferenceList,
    fields={"id": Field("id")},
    # Titles of papers are not ours to simplify.
    scored=False,
)
