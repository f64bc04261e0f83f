"""Questions to ask the doctor, with tick boxes and lines for the reader's own."""

from __future__ import annotations

from dataclasses import dataclass

from fbss_guide.blocks.base import BlockBase, BlockKind, Field
from fbss_guide.guide.markup import Inline


@dataclass(frozen=True)
class Checklist(BlockBase):
    id: str
    title: Inline
    questions: tuple[Inline, ...]


KIND = BlockKind(
    name="checklist",
    cls=Checklist,
    fields={"id": Field("id"), "title": Field("text"), "questions": Field("texts")},
    notes={"title": "checklist title", "questions": "question with a tick box"},
)
