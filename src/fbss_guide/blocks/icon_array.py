"""A 100-person chart (icon array): how many people in each group had an outcome.

The numbers come from the content (`total`, each group's `count`), never from a
translation; the picture and its text alternative are generated from them at render
time (`fbss_guide/guide/icon_array.py`), so every language shows the same chart.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from fbss_guide.blocks.base import BlockBase, BlockKind, EvidenceRule, Field, RowKind, TextRoles
from fbss_guide.guide.markup import Inline

# A chart is drawn in rows of ten; more than 100 figures would be too small to count.
ROW_LENGTH = 10
MAX_TOTAL = 100
MAX_GROUPS = 4


@dataclass(frozen=True)
class IconGroup:
    """One chart: a group of people (those who had one treatment) and how many of
    them had the outcome."""

    id: str
    label: Inline
    count: int


@dataclass(frozen=True)
class IconArray(BlockBase):
    """Charts of `total` people each, one per group, side by side: `count` figures of
    each chart are dark. `outcome` says what a dark figure means."""

    id: str
    caption: Inline
    outcome: Inline
    total: int
    groups: tuple[IconGroup, ...]
    cite: tuple[str, ...]


def _check_numbers(values: Mapping[str, Any]) -> tuple[str, str] | None:
    total = values["total"]
    if not ROW_LENGTH <= total <= MAX_TOTAL or total % ROW_LENGTH:
        return (
            f"total is {total}; a chart shows 10, 20, ... or {MAX_TOTAL} people",
            "give the number of people the counts are out of, for example 'total: 100'",
        )
    groups = values["groups"]
    if len(groups) > MAX_GROUPS:
        return (
            f"{len(groups)} groups; at most {MAX_GROUPS} charts fit side by side",
            "split the groups over two icon_array blocks",
        )
    for group in groups:
        if not 0 <= group.count <= total:
            return (
                f"group '{group.id}' has count {group.count}, outside 0 to {total} (the total)",
                "give how many of the total people had the outcome (48 for 48 %)",
            )
    return None


GROUP = RowKind(
    cls=IconGroup,
    fields={
        "id": Field("id"),
        "label": Field("text"),
        "count": Field("int"),
    },
    roles=TextRoles(labels=frozenset({"label"})),
    notes={"label": "name of a group of people above its 100-person chart"},
)

KIND = BlockKind(
    name="icon_array",
    cls=IconArray,
    fields={
        "id": Field("id"),
        "caption": Field("text"),
        "outcome": Field("text"),
        "total": Field("int"),
        "groups": Field("rows", row=GROUP),
        "cite": Field("cites"),
    },
    roles=TextRoles(labels=frozenset({"caption", "outcome"})),
    # Its texts are a caption and labels, not sentences to score.
    scored=False,
    # The block's own `cite` list (required) is the source of its numbers, which are
    # data, not words in its texts.
    evidence=EvidenceRule.NONE,
    notes={
        "caption": "table or figure caption",
        "outcome": (
            "what a dark figure in a 100-person chart stands for; printed after "
            "'Dark shapes:' under the charts and read after each chart's count in its "
            "text alternative (lower case, as after a colon)"
        ),
    },
    validate=_check_numbers,
)
