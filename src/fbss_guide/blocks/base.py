"""What a block kind is: everything the rest of the tool needs to know about one kind.

A kind module defines its dataclass and registers one `BlockKind` describing it: the
name used in YAML, the schema the loader checks, the template macro that prints it,
which of its texts readability scores, what evidence it must carry and which notes
translators see. The loader, renderer, readability, evidence check and message
extractor ask the registry instead of keeping their own tables of kinds.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import MISSING, dataclass, field, fields, is_dataclass
from enum import StrEnum
from typing import Any

from fbss_guide.guide.markup import Inline


@dataclass(frozen=True)
class Field:
    """How one key of a mapping is checked and converted."""

    kind: str  # id, str, text, texts, enum, cites, path, date, int, strs, rows
    required: bool = True
    enum: type[StrEnum] | None = None
    row: RowKind | None = None  # the row schema of a `rows` field


# Keys every block may carry whatever its kind, with how each is checked. A key added
# here must also be a keyword-only field with a default on `BlockBase`, so that every
# kind's dataclass accepts it; the loader adds these specs to every kind's schema.
COMMON_FIELDS: dict[str, Field] = {
    # `card: true` puts the block on the quick card (formats/card.py).
    "card": Field("bool", required=False),
}


@dataclass(frozen=True)
class BlockBase:
    """Base of every block dataclass: its `id` (each kind declares it first, too) and
    the fields listed in COMMON_FIELDS, keyword-only, so a kind's own fields keep their
    order and defaults."""

    id: str
    card: bool = field(default=False, kw_only=True)


class EvidenceRule(StrEnum):
    """What a kind's text must cite (checks/evidence.py)."""

    # A number in running text must carry a citation marker.
    NUMBERS_CITED = "numbers-cited"
    # Every row cites its own sources (its `cite` list), so the numbers in a row are
    # covered by it; a row without a citation is an error.
    ROWS_CITED = "rows-cited"
    # Definitions and the like: no citation needed.
    NONE = "none"


@dataclass(frozen=True)
class TextRoles:
    """How readability treats the texts of a block or row.

    Prose is scored against the reading targets; a label (a treatment's name, a glossary
    word, a caption) is not a sentence, and scoring it would count fragments as
    sentences; a quote is someone else's words (a clinic page's claim), not ours.
    """

    labels: frozenset[str] = frozenset()
    quotes: frozenset[str] = frozenset()

    def prose(self, name: str) -> bool:
        return name not in self.labels and name not in self.quotes


@dataclass(frozen=True)
class RowKind:
    """A row of a table-like block (treatment options, claims, glossary terms)."""

    cls: type
    fields: dict[str, Field]
    roles: TextRoles = TextRoles()
    # Translator notes by field name: what the text is, shown in the catalog.
    notes: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Message:
    """One translatable text of a block, with the field it belongs to."""

    field: str
    text: Inline


def _walk(value: object, spec: Mapping[str, Field]) -> Iterator[Message]:
    for name, spec_field in spec.items():
        item = getattr(value, name, None)
        if isinstance(item, Inline):
            yield Message(name, item)
        elif spec_field.kind == "texts" and item:
            yield from (Message(name, text) for text in item)
        elif spec_field.kind == "rows" and spec_field.row is not None and item:
            for row in item:
                yield from _walk(row, spec_field.row.fields)


@dataclass(frozen=True)
class BlockKind:
    """One kind of block, as registered by its module in fbss_guide.blocks."""

    name: str  # the `kind:` value in YAML
    cls: type
    fields: dict[str, Field]
    roles: TextRoles = TextRoles()
    # False for blocks whose text is not ours to simplify (the reference list) or not
    # prose (the review dates): readability leaves them out.
    scored: bool = True
    # A field of rows each scored on its own (a table row is read on its own).
    scored_rows: str | None = None
    evidence: EvidenceRule = EvidenceRule.NUMBERS_CITED
    notes: Mapping[str, str] = field(default_factory=dict)
    # A check across fields the schema cannot express: (message, hint) or None.
    validate: Callable[[Mapping[str, Any]], tuple[str, str] | None] | None = None
    # The Jinja macro that prints the block, and the template file that holds it;
    # by default the macro `render` in partials/blocks/<name>.html.j2. (Not named after
    # the kind: a macro called `references` would hide the template variable.)
    macro: str = ""
    template: str = ""

    def __post_init__(self) -> None:
        if not self.macro:
            object.__setattr__(self, "macro", "render")
        if not self.template:
            object.__setattr__(self, "template", f"partials/blocks/{self.name}.html.j2")
        _check_dataclass(self.name, self.cls, self.fields)
        for spec_field in self.fields.values():
            if spec_field.row is not None:
                _check_dataclass(self.name, spec_field.row.cls, spec_field.row.fields)

    def rows(self, block: object, name: str | None = None) -> tuple[Any, ...]:
        """The rows of a block's `rows`-kind field (the first one if no name is given)."""
        for field_name, spec_field in self.fields.items():
            if spec_field.kind == "rows" and name in (None, field_name):
                return tuple(getattr(block, field_name))
        return ()

    def row_kinds(self) -> Iterator[RowKind]:
        for spec_field in self.fields.values():
            if spec_field.row is not None:
                yield spec_field.row

    def messages(self, block: object) -> Iterator[Message]:
        """The block's translatable texts in reading (schema) order, as the extractor
        yields them; their contexts were set by the loader."""
        return _walk(block, self.fields)

    def note(self, field_name: str) -> str:
        """What a field's text is, for translators ('list item', 'table caption')."""
        if field_name in self.notes:
            return self.notes[field_name]
        for row in self.row_kinds():
            if field_name in row.notes:
                return row.notes[field_name]
        return field_name

    def readability_units(self, block: Any) -> list[tuple[str, Any]]:
        """The parts readability judges one by one: the block, or each of its rows."""
        if not self.scored:
            return []
        if self.scored_rows is not None:
            return [(f"{block.id}/{row.id}", row) for row in getattr(block, self.scored_rows)]
        return [(block.id, block)]


def _check_dataclass(kind: str, cls: type, spec: Mapping[str, Field]) -> None:
    """A schema that names a key its dataclass lacks (or misses a required field)
    would fail at the first load; say so when the kind is registered instead."""
    if not is_dataclass(cls):
        raise TypeError(f"block kind '{kind}': {cls.__name__} is not a dataclass")
    names = {item.name for item in fields(cls)}
    missing = [name for name in spec if name not in names]
    if missing:
        raise TypeError(
            f"block kind '{kind}': the schema names {', '.join(missing)}, "
            f"which {cls.__name__} has no field for"
        )
    unset = [
        item.name
        for item in fields(cls)
        if item.name not in spec
        and item.default is MISSING
        and item.default_factory is MISSING
        and item.init
    ]
    if unset:
        raise TypeError(
            f"block kind '{kind}': {cls.__name__} needs {', '.join(unset)}, "
            "which the schema does not give"
        )
