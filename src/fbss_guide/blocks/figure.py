"""A picture from the content folder, with its words in translatable labels."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from fbss_guide.blocks.base import BlockBase, BlockKind, Field, TextRoles
from fbss_guide.guide.markup import Inline


@dataclass(frozen=True)
class Figure(BlockBase):
    """A picture from the content folder. Words on a drawing live in `labels`, not in
    the image: the image shows numbers 1, 2, 3... and the labels list says what each
    number names, so the words are translated like any other text."""

    id: str
    src: Path
    alt: Inline
    caption: Inline
    labels: tuple[Inline, ...] = ()


KIND = BlockKind(
    name="figure",
    cls=Figure,
    fields={
        "id": Field("id"),
        "src": Field("path"),
        "alt": Field("text"),
        "caption": Field("text"),
        "labels": Field("texts", required=False),
    },
    roles=TextRoles(labels=frozenset({"caption"})),
    notes={
        "alt": "image description for screen readers",
        "caption": "table or figure caption",
        "labels": "label for a numbered part of a drawing (the number is on the picture)",
    },
)
