"""Load the content folder into a validated Guide, reporting every problem at once."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

from fbss_guide.blocks import COMMON_FIELDS, REGISTRY, BlockKind, Field
from fbss_guide.errors import ContentError, Problem
from fbss_guide.guide import model
from fbss_guide.guide.emergency import NUMBERS_FILE, load_emergency_numbers
from fbss_guide.guide.markup import Inline, MarkupError
from fbss_guide.guide.required import FIELD as REQUIRED_FIELD
from fbss_guide.guide.required import missing as missing_required
from fbss_guide.inputs.safe_input import tree_problems
from fbss_guide.inputs.yamlfile import LineDict, LineList, load_yaml

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
    # What every edition must contain (fbss_guide/required.py).
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
_SECTION_HINT = "a section file has 'id:', 'heading:' and a list of 'blocks:'"
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


class _Checker:
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
            if converted is _INVALID:
                ok = False
            else:
                values[name] = converted
        return values if ok else None

    def convert(self, value: Any, field: Field, line: int, key: str, context: str) -> Any:
        kind = field.kind
        if kind in {"str", "id", "text", "path"}:
            if isinstance(value, bool) or not isinstance(value, str | int | float):
                self.problem(line, key, f"expected text, found {_describe(value)}")
                return _INVALID
            text = str(value).strip()
            if not text:
                self.problem(line, key, "text is empty", "write the text or remove the key")
                return _INVALID
            if kind == "id":
                if not ID_PATTERN.match(text):
                    self.problem(
                        line,
                        key,
                        f"'{text}' is not a valid id",
                        "use lowercase letters, digits and hyphens, for example 'warning-signs'",
                    )
                    return _INVALID
                return text
            if kind == "text":
                try:
                    inline = Inline.parse(text, context, line)
                except MarkupError as exc:
                    self.problem(line, key, str(exc))
                    return _INVALID
                for ref in inline.citations():
                    self.citations.append((ref, line, key, self.file))
                return inline
            if kind == "path":
                return self.path(text, line, key)
            return text
        if kind == "int":
            if isinstance(value, bool) or not isinstance(value, int):
                self.problem(line, key, f"expected a whole number, found {_describe(value)}")
                return _INVALID
            return value
        if kind == "bool":
            if not isinstance(value, bool):
                self.problem(
                    line,
                    key,
                    f"expected true or false, found {_describe(value)}",
                    "write 'card: true' to put it on the quick card, or remove the key",
                )
                return _INVALID
            return value
        if kind == "date":
            if not isinstance(value, date):
                self.problem(
                    line, key, f"expected a date, found {_describe(value)}", "write YYYY-MM-DD"
                )
                return _INVALID
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
                return _INVALID
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
            return _INVALID
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
            if converted is _INVALID:
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
        return tuple(results) if ok else _INVALID

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
            return _INVALID
        target = (self.content_dir / text).resolve()
        if not target.is_relative_to(self.content_dir.resolve()):
            self.problem(
                line,
                key,
                f"'{text}' points outside the content folder",
                "images must be files inside content/",
            )
            return _INVALID
        if not target.is_file():
            self.problem(line, key, f"image file '{text}' does not exist", "check the file name")
            return _INVALID
        too_big = image_too_large(target)
        if too_big:
            self.problem(line, key, f"image '{text}' {too_big}", "save it at a smaller size")
            return _INVALID
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


_INVALID = _Invalid()


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


def load_guide(content_dir: Path) -> model.Guide:
    """Load and validate content; raise ContentError listing every problem found."""
    problems: list[Problem] = []
    guide = _load(content_dir, problems)
    if any(p.severity == "error" for p in problems) or guide is None:
        raise ContentError(problems)
    return guide


def check_guide(content_dir: Path) -> tuple[model.Guide | None, list[Problem]]:
    """Like load_guide, but return the problems (errors and warnings) instead of raising."""
    problems: list[Problem] = []
    guide = _load(content_dir, problems)
    return guide, problems


def _display(path: Path, content_dir: Path) -> str:
    try:
        return str(path.relative_to(content_dir.parent))
    except ValueError:
        return str(path)


def _load(content_dir: Path, problems: list[Problem]) -> model.Guide | None:
    content_dir = content_dir.resolve()
    if not content_dir.is_dir():
        problems.append(
            Problem(str(content_dir), None, "", "content folder not found", "pass --content DIR")
        )
        return None
    # Stray FIFOs, devices and links out of the folder are errors wherever they are; the
    # files read below report their own problems.
    read_below = {"guide.yaml", "references.yaml", NUMBERS_FILE}
    problems += [
        problem
        for problem in tree_problems(content_dir)
        if Path(str(problem.file)).name not in read_below
        and not re.fullmatch(r"[^/]+/sections/[^/]+\.yaml", str(problem.file))
    ]
    guide_path = content_dir / "guide.yaml"
    guide_file = _display(guide_path, content_dir)
    guide_data = (
        load_yaml(guide_path, problems, guide_file, root=content_dir)
        if guide_path.exists()
        else None
    )
    if not guide_path.exists():
        problems.append(Problem(guide_file, None, "", "guide.yaml is missing", ""))
    guide_checker = _Checker(guide_file, problems, content_dir)
    guide_values = None
    guide_mapping: LineDict | None = None
    if guide_data is not None:
        guide_mapping = guide_checker.mapping(guide_data, 1, "guide")
        if guide_mapping is not None:
            guide_values = guide_checker.fields(guide_mapping, GUIDE_FIELDS, "guide", "guide")

    references = _load_references(content_dir, problems)
    numbers_path = content_dir / NUMBERS_FILE
    emergency_numbers = load_emergency_numbers(
        content_dir, problems, _display(numbers_path, content_dir)
    )
    sections, checkers, broken = _load_sections(content_dir, problems)
    checkers.append(guide_checker)

    ordered: list[model.Section] = []
    if guide_values is not None and guide_mapping is not None:
        by_id = {section.id: section for section in sections}
        known = sorted(by_id)
        order_line = guide_mapping.key_lines.get("sections", 1)
        for section_id in guide_values["sections"]:
            if section_id in broken:
                continue  # its own problems are already reported
            if section_id not in by_id:
                problems.append(
                    Problem(
                        guide_file,
                        order_line,
                        "guide.sections",
                        f"section '{section_id}' is listed but no section file has this id",
                        "known section ids: " + ", ".join(known),
                    )
                )
            else:
                ordered.append(by_id.pop(section_id))
        for leftover in by_id.values():
            problems.append(
                Problem(
                    _display(leftover.file, content_dir),
                    1,
                    "id",
                    f"section '{leftover.id}' is not listed in guide.yaml 'sections'",
                    "add its id to the sections list in guide.yaml, or delete the file",
                )
            )
    _check_citations(checkers, references, problems, content_dir)
    if guide_values is None:
        return None
    required = tuple(guide_values.get("required", ()))
    if guide_mapping is not None:
        _check_required(required, guide_mapping, ordered, broken, content_dir, problems)
    return model.Guide(
        id=guide_values["id"],
        language=guide_values["language"],
        title=guide_values["title"],
        subtitle=guide_values["subtitle"],
        version=guide_values["version"],
        reviewed_on=guide_values["reviewed_on"],
        next_review=guide_values["next_review"],
        author=guide_values["author"],
        description=guide_values["description"],
        keywords=tuple(guide_values["keywords"]),
        sections=tuple(ordered),
        references=references,
        content_dir=content_dir,
        emergency_numbers=emergency_numbers,
        required=required,
    )


def _check_required(
    required: tuple[model.Requirement, ...],
    guide_mapping: LineDict,
    sections: list[model.Section],
    broken: set[str],
    content_dir: Path,
    problems: list[Problem],
) -> None:
    """Each entry of guide.yaml's `required` list against the whole guide. A section
    whose file failed has its own error already."""
    raw = guide_mapping.get("required")
    lines = raw.item_lines if isinstance(raw, LineList) else []
    parts = [(section, section.blocks) for section in sections]
    files = {section.id: _display(section.file, content_dir) for section in sections}
    guide_file = _display(content_dir / "guide.yaml", content_dir)
    for need, what in missing_required(required, parts, sections):
        if need.section in broken or need.mentions in broken:
            continue
        index = required.index(need)
        where = files.get(need.section)
        problems.append(
            Problem(
                guide_file,
                lines[index] if index < len(lines) else guide_mapping.line,
                f"required[{index + 1}]",
                f"required content is missing: {what}",
                (
                    f"restore it in {where}"
                    if where is not None
                    else f"restore section '{need.section}' (a file in sections/ with "
                    f"'id: {need.section}', listed in 'sections')"
                )
                + " (see git history); guide.yaml's 'required' list names what no edition "
                "may be without",
            )
        )


def _load_references(content_dir: Path, problems: list[Problem]) -> dict[str, model.Reference]:
    path = content_dir / "references.yaml"
    file = _display(path, content_dir)
    if not path.exists():
        problems.append(Problem(file, None, "", "references.yaml is missing", ""))
        return {}
    data = load_yaml(path, problems, file, root=content_dir)
    if data is None:
        return {}
    checker = _Checker(file, problems, content_dir)
    if not isinstance(data, LineList):
        checker.problem(1, "", "expected a list of references", "start each entry with '- id:'")
        return {}
    references: dict[str, model.Reference] = {}
    for index, (item, line) in enumerate(zip(data, data.item_lines, strict=True)):
        key = f"references[{index + 1}]"
        mapping = checker.mapping(item, line, key)
        values = checker.fields(mapping, REFERENCE_FIELDS, key, "references") if mapping else None
        if values is None:
            continue
        if not any(values.get(k) for k in ("doi", "pmid", "url")):
            checker.problem(line, key, "reference has no doi, pmid or url", "add at least one")
            continue
        values["pmid"] = str(values["pmid"]) if values.get("pmid") else None
        if values["id"] in references:
            checker.problem(
                line, f"{key}.id", f"duplicate reference id '{values['id']}'", "use unique ids"
            )
            continue
        references[values["id"]] = model.Reference(**values, line=line)
    return references


def _load_sections(
    content_dir: Path, problems: list[Problem]
) -> tuple[list[model.Section], list[_Checker], set[str]]:
    """Load every section file; also return the ids of sections that failed validation."""
    sections: list[model.Section] = []
    checkers: list[_Checker] = []
    broken: set[str] = set()
    seen: dict[str, str] = {}
    for path in sorted((content_dir / "sections").glob("*.yaml")):
        file = _display(path, content_dir)
        before = len(problems)
        data = load_yaml(path, problems, file, root=content_dir)
        if data is None:
            if not any(p.severity == "error" for p in problems[before:]):
                # Never drop a section file without a word (load_yaml reports every
                # reason it knows; this is the net under it).
                problems.append(
                    Problem(file, 1, "", "the file has no section in it", _SECTION_HINT)
                )
            # Unreadable file: assume the usual "NN-id.yaml" name so the guide's section
            # list does not report a second, misleading error for it (this file's own
            # error, just reported, names it).
            broken.add(path.stem.split("-", 1)[-1])
            continue
        checker = _Checker(file, problems, content_dir)
        checkers.append(checker)
        section = _section(data, path, checker)
        if section is None:
            if isinstance(data, dict) and isinstance(data.get("id"), str):
                broken.add(data["id"])
            continue
        if section.id in seen:
            checker.problem(
                1, "id", f"section id '{section.id}' is also used in {seen[section.id]}", ""
            )
            continue
        seen[section.id] = file
        sections.append(section)
    return sections, checkers, broken


def _section(data: Any, path: Path, checker: _Checker) -> model.Section | None:
    mapping = checker.mapping(data, 1, "section")
    if mapping is None:
        return None
    ok = True
    for name in mapping:
        if name not in SECTION_KEYS:
            ok = False
            checker.problem(
                mapping.key_lines[name],
                name,
                f"unknown key '{name}'",
                "allowed keys here: " + ", ".join(sorted(SECTION_KEYS)),
            )
    section_id = checker.convert(mapping.get("id"), Field("id"), mapping.line, "id", "")
    if mapping.get("id") is None:
        checker.problem(mapping.line, "id", "missing required key 'id'", "add 'id: some-name'")
        return None
    if section_id is _INVALID:
        return None
    heading = None
    if "heading" not in mapping:
        ok = False
        checker.problem(mapping.line, "heading", "missing required key 'heading'", "")
    else:
        heading = checker.convert(
            mapping["heading"],
            Field("text"),
            mapping.key_lines["heading"],
            "heading",
            f"{section_id}/heading",
        )
        ok = ok and heading is not _INVALID
    readability = _readability(mapping, checker)
    ok = ok and readability is not None
    card = False
    if "card" in mapping:
        card = checker.convert(mapping["card"], CARD_FIELD, mapping.key_lines["card"], "card", "")
        ok = ok and card is not _INVALID
    blocks = _blocks(mapping, section_id, checker)
    ok = ok and blocks is not None
    if not ok or not isinstance(heading, Inline) or readability is None or blocks is None:
        return None
    return model.Section(section_id, heading, blocks, readability, path, card=card is True)


def _readability(mapping: LineDict, checker: _Checker) -> model.Readability | None:
    raw = mapping.get("readability")
    if raw is None:
        return model.Readability()
    line = mapping.key_lines["readability"]
    data = checker.mapping(raw, line, "readability")
    if data is None:
        return None
    for name in data:
        if name not in READABILITY_KEYS:
            checker.problem(
                data.key_lines[name],
                f"readability.{name}",
                f"unknown key '{name}'",
                "allowed keys here: target, exempt",
            )
            return None
    target = data.get("target")
    exempt = data.get("exempt")
    if target is not None and (isinstance(target, bool) or not isinstance(target, int | float)):
        checker.problem(line, "readability.target", "target must be a grade number, like 8")
        return None
    if exempt is not None and (not isinstance(exempt, str) or not exempt.strip()):
        checker.problem(
            line,
            "readability.exempt",
            "an exemption needs its reason as text",
            "write why this section cannot be scored, for example a list of references",
        )
        return None
    return model.Readability(float(target) if target is not None else None, exempt)


def _blocks(
    mapping: LineDict, section_id: str, checker: _Checker
) -> tuple[model.Block, ...] | None:
    raw = mapping.get("blocks")
    if not isinstance(raw, LineList) or not raw:
        checker.problem(
            mapping.key_lines.get("blocks", mapping.line),
            "blocks",
            "a section needs a non-empty 'blocks' list",
            "add blocks such as '- kind: paragraph'",
        )
        return None
    blocks: list[model.Block] = []
    ok = True
    seen: dict[str, int] = {}
    for index, (item, line) in enumerate(zip(raw, raw.item_lines, strict=True)):
        key = f"blocks[{index + 1}]"
        data = checker.mapping(item, line, key)
        if data is None:
            ok = False
            continue
        kind = data.get("kind")
        entry = REGISTRY.named(kind)
        if entry is None:
            checker.problem(
                data.key_lines.get("kind", line),
                f"{key}.kind",
                f"unknown block kind '{kind}'" if kind else "block has no 'kind'",
                "use one of: " + ", ".join(REGISTRY.names()),
            )
            ok = False
            continue
        block_id = data.get("id") if isinstance(data.get("id"), str) else str(index + 1)
        if "card" in data and data["card"] is None:
            # 'card:' with nothing after it would otherwise be quietly left off the card.
            checker.convert(None, CARD_FIELD, data.key_lines["card"], f"{key}({kind}).card", "")
            ok = False
            continue
        values = checker.fields(
            data, block_schema(entry), f"{key}({kind})", f"{section_id}/{block_id}"
        )
        if values is None:
            ok = False
            continue
        wrong = entry.validate(values) if entry.validate else None
        if wrong:
            checker.problem(line, key, *wrong)
            ok = False
            continue
        if values["id"] in seen:
            checker.problem(
                line,
                f"{key}.id",
                f"duplicate block id '{values['id']}' (also on line {seen[values['id']]})",
                "give each block in a section its own id",
            )
            ok = False
            continue
        seen[values["id"]] = line
        blocks.append(entry.cls(**values))
    return tuple(blocks) if ok else None


def block_schema(kind: BlockKind) -> dict[str, Field]:
    """The keys a block of this kind may have: its own, then those common to all kinds."""
    return {**kind.fields, **COMMON_FIELDS}


def _check_citations(
    checkers: list[_Checker],
    references: dict[str, model.Reference],
    problems: list[Problem],
    content_dir: Path,
) -> None:
    cited: set[str] = set()
    for checker in checkers:
        for ref, line, key, file in checker.citations:
            cited.add(ref)
            if ref not in references:
                problems.append(
                    Problem(
                        file,
                        line,
                        key,
                        f"citation of unknown reference '{ref}'",
                        "add it to content/references.yaml or fix the id",
                    )
                )
    file = _display(content_dir / "references.yaml", content_dir)
    for reference in references.values():
        if reference.id not in cited:
            problems.append(
                Problem(
                    file,
                    reference.line,
                    reference.id,
                    f"reference '{reference.id}' is never cited",
                    "cite it where it supports the text, or remove it",
                    severity="warning",
                )
            )
