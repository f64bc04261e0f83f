"""A table with empty cells for the reader to fill in by hand (a pain diary, a plan).

The column headings and row labels are translatable texts; the cells are left empty
and printed tall enough to write in. The first heading names the column of row labels.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from fbss_guide.blocks.base import BlockBase, BlockKind, EvidenceRule, Field, TextRoles
from fbss_guide.guide.markup import Inline


@dataclass(frozen=True)
class FillInTable(BlockBase):
    id: str
    caption: Inline
    columns: tuple[Inline, ...]
    rows: tuple[Inline, ...]
    intro: Inline | None = None


def _has_cells(values: Mapping[str, Any]) -> tuple[str, str] | None:
    # One heading is only the row labels' column: the table would have nothing to fill in.
    if len(values["columns"]) < 2:
        return (
            "a fill_in_table needs at least two columns",
            "list the heading of the row labels first, then one heading per column to fill in",
        )
    return None


KIND = BlockKind(
    name="fill_in_table",
    cls=FillInTable,
    fields={
        "id": Field("id"),
        "caption": Field("text"),
        "columns": Field("texts"),
        "rows": Field("texts"),
        "intro": Field("text", required=False),
    },
    # Headings and labels are not sentences; the intro is the only prose.
    roles=TextRoles(labels=frozenset({"caption", "columns", "rows"})),
    # A form to fill in makes no claim that needs a source (a 0 to 10 scale is a number).
    evidence=EvidenceRule.NONE,
    notes={
        "caption": "table caption",
        "columns": "column heading of a table the reader fills in by hand (keep it short)",
        "rows": "row label of a table the reader fills in by hand (keep it short)",
        "intro": "intro",
    },
    validate=_has_cells,
)
