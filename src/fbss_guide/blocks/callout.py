"""A boxed message: an urgent warning (with its action) or a note."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from fbss_guide.blocks.base import BlockBase, BlockKind, Field
from fbss_guide.guide.markup import Inline


class CalloutLevel(StrEnum):
    URGENT = "urgent"
    NOTE = "note"


@dataclass(frozen=True)
class Callout(BlockBase):
    id: str
    level: CalloutLevel
    title: Inline
    text: Inline | None = None
    points: tuple[Inline, ...] = ()
    action: Inline | None = None


def _has_body(values: Mapping[str, Any]) -> tuple[str, str] | None:
    # A box with only a title says nothing; the schema alone cannot ask for one of two keys.
    if "text" not in values and "points" not in values:
        return ("a callout needs 'text' or 'points'", "add one of them")
    return None


KIND = BlockKind(
    name="callout",
    cls=Callout,
    fields={
        "id": Field("id"),
        "level": Field("enum", enum=CalloutLevel),
        "title": Field("text"),
        "text": Field("text", required=False),
        "points": Field("texts", required=False),
        "action": Field("text", required=False),
    },
    notes={
        "title": "call-out title",
        "text": "paragraph",
        "points": "list item",
        "action": "call-out action (printed in bold)",
    },
    validate=_has_body,
)
