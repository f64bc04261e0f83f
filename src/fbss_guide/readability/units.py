"""Which texts of a section count for readability, as sentence units in reading order.

The block registry (fbss_guide.blocks) says, per kind, which units a block has (tables
row by row, reference lists and review notes none) and which of its fields are prose.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fbss_guide.blocks import REGISTRY
from fbss_guide.guide import model
from fbss_guide.guide.markup import Inline, parse, to_plain
from fbss_guide.readability.segmentation import SENTENCE_ENDINGS

Translate = Callable[[Inline], str]

# Numbers are not words; the emergency placeholder reads as two words.
_PLACEHOLDERS = {"emergency": "emergency services", "percent": "0", "number": "0"}


def source_text(inline: Inline) -> str:
    return inline.source


def sentences_of(value: Any, translate: Translate = source_text) -> list[str]:
    """The sentence units of a block, in reading order, as plain text."""
    units: list[str] = []
    if isinstance(value, Inline):
        text = to_plain(parse(translate(value)), _PLACEHOLDERS)
        if text:
            units.append(text if text[-1] in SENTENCE_ENDINGS else text + ".")
    elif isinstance(value, tuple):
        for item in value:
            units.extend(sentences_of(item, translate))
    elif hasattr(value, "__dataclass_fields__"):
        # Labels and quotes are not our sentences: each kind says which fields they are.
        roles = REGISTRY.roles(type(value))
        for name in value.__dataclass_fields__:
            if roles.prose(name):
                units.extend(sentences_of(getattr(value, name), translate))
    return units


def section_units(section: model.Section) -> list[tuple[str, Any]]:
    """Blocks, with tables split into rows so each row is judged on its own."""
    units: list[tuple[str, Any]] = []
    for block in section.blocks:
        units.extend(REGISTRY.of(block).readability_units(block))
    return units


def first_line(value: Any) -> int:
    """The line of the first text in a block, so problems point at the block."""
    lines = [
        item.line for item in model.iter_inlines(value) if isinstance(item, Inline) and item.line
    ]
    return min(lines) if lines else 0
