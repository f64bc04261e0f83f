"""The content's schema: the fields of guide.yaml, references.yaml, sections and
each block kind (from `blocks/`), and `SchemaChecker`, which checks one file's parsed
YAML against them, converting values and collecting every problem with its line and key.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

from fbss_guide.blocks import COMMON_FIELDS, BlockKind, Field
from fbss_guide.errors import Problem
from fbss_guide.guide import model
from fbss_guide.guide.markup import Inline, MarkupError
from fbss_guide.guide.required import FIELD as REQUIRED_FIELD
from fbss_guide.inputs.yamlfile import LineDict, LineList

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")


GUIDE_FIELDS: dict[str, Field] = {
    "id": Field("id"),
    "language": Field("str"),
    "title": Field("text"),
    "subtitle": Field("text"),
    "version": Field("str"),
    "reviewed_on": Field("date"),
    "next_review": Field("date"),
    "author": Field("text"),
    "description": Field("text"),
    "keywords": Field("texts"),
    "sections": Field("strs"),
    # What every edition must contain (guide/required.py).
    "required": REQUIRED_FIELD,
}

REFERENCE_FIELDS: dict[str, Field] = {
    "id": Field("id"),
    "type": Field("enum", enum=model.ReferenceType),
    "authors": Field("str"),
    "year": Field("int"),
    "title": Field("str"),
    "source": Field("str"),
    "doi": Field("str", required=False),
    "pmid": Field("str", required=False),
    "url": Field("str", required=False),
    "checked": Field("str"),
    "funding": Field("str", required=False),
    "finding": Field("str", required=False),
}

SECTION_KEYS = {"id", "heading", "readability", "blocks", "card"}
# A section may go on the quick card as a whole (blocks: blocks/base.py COMMON_FIELDS).
CARD_FIELD = COMMON_FIELDS["card"]
READABILITY_KEYS = {"target", "exempt"}


_NOT_WORDS = re.compile(r"\[@[^\]]*\]|\{[^}]*\}|\]\([^)]*\)")


def item_id(text: object, taken: set[str]) -> str:
    """The id of a list item (or a row without an id) in its message context, made from
    its first English words: inserting, removing or moving items leaves every other
    item's context, and so its translation, as it was. Repeated words get -2, -3."""
    words = re.findall(r"[a-z0-9]+", _NOT_WORDS.sub(" ", str(text).lower()))
    base = "-".join(words[:6])[:48].strip("-") or "item"
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}-{number}", number + 1
    taken.add(candidate)
    return candidate


class SchemaChecker:
    """Validates one file's data, collecting problems with line and key path."""

    def __init__(self, file: str, problems: list[Problem], content_dir: Path) -> None:
        self.file = file
        self.problems = problems
        self.content_dir = content_dir
        self.citations: list[tuple[str, int, str, str]] = []  # (ref id, line, key, file)

    def problem(self, line: int | None, key: str, message: str, hint: str = "") -> None:
        self.problems.append(Problem(self.file, line or None, key, message, hint))

    def mapping(self, value: Any, line: int, key: str) -> LineDict | None:
        if isinstance(value, LineDict):
            return value
        self.problem(
            line,
            key,
            f"expected a mapping of keys to values, found {_describe(value)}",
            "write 'key: value' lines indented under this entry",
        )
        return None

    def fields(
        self, data: LineDict, spec: dict[str, Field], key: str, context: str
    ) -> dict[str, Any] | None:
        """Check keys against a spec and convert values; None if anything was wrong."""
        ok = True
        for name in data:
            if name not in spec and name != "kind":
                ok = False
                self.problem(
                    data.key_lines.get(name, data.line),
                    f"{key}.{name}",
                    f"unknown key '{name}'",
                    "allowed keys here: " + ", ".join(spec),
                )
        values: dict[str, Any] = {}
        for name, field in spec.items():
            path = f"{key}.{name}"
            if name not in data or data[name] is None:
                if field.required:
                    ok = False
                    self.problem(
                        data.line,
                        path,
                        f"missing required key '{name}'",
                        f"add '{name}:' to this entry",
                    )
                continue
            line = data.key_lines.get(name, data.line)
            converted = self.convert(data[name], field, line, path, f"{context}/{name}")
            if converted is INVALID:
                ok = False
            else:
                values[name] = converted
        return values if ok else None

    def convert(self, value: Any, field: Field, line: int, key: str, context: str) -> Any:
        kind = field.kind
        if kind in {"str", "id", "text", "path"}:
            if isinstance(value, bool) or not isinstance(value, str | int | float):
                self.problem(line, key, f"expected text, found {_describe(value)}")
                return INVALID
            text = str(value).strip()
            if not text:
                self.problem(line, key, "text is empty", "write the text or remove the key")
                return INVALID
            if kind == "id":
                if not ID_PATTERN.match(text):
                    self.problem(
                        line,
                        key,
                        f"'{text}' is not a valid id",
                        "use lowercase letters, digits and hyphens, for example 'warning-signs'",
                    )
                    return INVALID
                return text
            if kind == "text":
                try:
                    inline = Inline.parse(text, context, line)
                except MarkupError as exc:
                    self.problem(line, key, str(exc))
                    return INVALID
                for ref in inline.citations():
                    self.citations.append((ref, line, key, self.file))
                return inline
            if kind == "path":
                return self.path(text, line, key)
            return text
        if kind == "int":
            if isinstance(value, bool) or not isinstance(value, int):
                self.problem(line, key, f"expected a whole number, found {_describe(value)}")
                return INVALID
            return value
        if kind == "bool":
            if not isinstance(value, bool):
                self.problem(
                    line,
                    key,
                    f"expected true or false, found {_describe(value)}",
                    "write 'card: true' to put it on the quick card, or remove the key",
                )
                return INVALID
            return value
        if kind == "date":
            if not isinstance(value, date):
                self.problem(
                    line, key, f"expected a date, found {_describe(value)}", "write YYYY-MM-DD"
                )
                return INVALID
            return value
        if kind == "enum":
            if field.enum is None:
                raise TypeError(f"schema field {key} is an enum without values")
            allowed = [member.value for member in field.enum]
            if value not in allowed:
                self.problem(
                    line,
                    key,
                    f"'{value}' is not an allowed value",
                    "use one of: " + ", ".join(allowed),
                )
                return INVALID
            return field.enum(value)
        if kind in {"texts", "strs", "cites", "rows"}:
            return self.sequence(value, field, line, key, context)
        raise AssertionError(kind)

    def sequence(self, value: Any, field: Field, line: int, key: str, context: str) -> Any:
        if not isinstance(value, LineList) or not value:
            self.problem(
                line,
                key,
                f"expected a non-empty list, found {_describe(value)}",
                "write each entry on its own line starting with '- '",
            )
            return INVALID
        results: list[Any] = []
        ok = True
        taken: set[str] = set()
        for index, (item, item_line) in enumerate(zip(value, value.item_lines, strict=True)):
            item_key = f"{key}[{index + 1}]"
            if field.kind == "rows":
                if field.row is None:
                    raise TypeError(f"schema field {key} is a row list without a row type")
                cls, spec = field.row.cls, field.row.fields
                data = self.mapping(item, item_line, item_key)
                row_id = data.get("id") if data else None
                if not isinstance(row_id, str):
                    first = next((v for v in (data or {}).values() if isinstance(v, str)), "")
                    row_id = item_id(first, taken)
                row_context = f"{context}/{row_id}"
                values = self.fields(data, spec, item_key, row_context) if data else None
                if values is None:
                    ok = False
                    continue
                if "cite" in values:
                    values["cite"] = tuple(values["cite"])
                results.append(cls(**values))
                continue
            sub = Field("text") if field.kind == "texts" else Field("str")
            item_context = f"{context}/{item_id(item, taken)}"
            converted = self.convert(item, sub, item_line, item_key, item_context)
            if converted is INVALID:
                ok = False
                continue
            if field.kind == "cites":
                if not ID_PATTERN.match(converted):
                    self.problem(item_line, item_key, f"'{converted}' is not a reference id")
                    ok = False
                    continue
                self.citations.append((converted, item_line, item_key, self.file))
            results.append(converted)
        if field.kind == "rows":
            self.unique_ids(results, value, key)
        return tuple(results) if ok else INVALID

    def unique_ids(self, rows: list[Any], raw: LineList, key: str) -> None:
        seen: dict[str, int] = {}
        for row, line in zip(rows, raw.item_lines, strict=False):
            row_id = getattr(row, "id", None)
            if row_id is None:
                continue
            if row_id in seen:
                self.problem(
                    line, f"{key}.id", f"duplicate id '{row_id}'", "give each row its own id"
                )
            seen[row_id] = line

    def path(self, text: str, line: int, key: str) -> Any:
        if "://" in text or text.startswith(("data:", "file:")):
            self.problem(
                line,
                key,
                f"'{text}' is not a file in the content folder",
                "put the image file inside content/ and give its path relative to content/",
            )
            return INVALID
        target = (self.content_dir / text).resolve()
        if not target.is_relative_to(self.content_dir.resolve()):
            self.problem(
                line,
                key,
                f"'{text}' points outside the content folder",
                "images must be files inside content/",
            )
            return INVALID
        if not target.is_file():
            self.problem(line, key, f"image file '{text}' does not exist", "check the file name")
            return INVALID
        too_big = image_too_large(target)
        if too_big:
            self.problem(line, key, f"image '{text}' {too_big}", "save it at a smaller size")
            return INVALID
        return target


def image_too_large(path: Path) -> str | None:
    """Why a PNG would take too much memory to decode, read from its header alone."""
    from fbss_guide.clinic.details import MAX_LOGO_PIXELS, MAX_LOGO_SIDE, png_size

    with path.open("rb") as handle:
        size = png_size(handle.read(24))
    if size and (size[0] * size[1] > MAX_LOGO_PIXELS or max(size) > MAX_LOGO_SIDE):
        return (
            f"is {size[0]} x {size[1]} pixels; the limit is {MAX_LOGO_SIDE} pixels a side "
            f"and {MAX_LOGO_PIXELS // 1_000_000} million pixels"
        )
    return None


class _Invalid:
    pass


INVALID = _Invalid()


def _describe(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"yes/no value '{value}'"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return f"text '{value[:40]}'"
    return f"{type(value).__name__} '{value}'"


def block_schema(kind: BlockKind) -> dict[str, Field]:
    """The keys a block of this kind may have: its own, then those common to all kinds."""
    return {**kind.fields, **COMMON_FIELDS}
