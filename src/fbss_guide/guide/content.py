"""Load the content folder into a validated Guide, reporting every problem at once.

The files are read here and built into the Guide; their fields and the checks of each
value are `schema.py`'s.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from fbss_guide.blocks import REGISTRY, Field
from fbss_guide.errors import ContentError, Problem
from fbss_guide.guide import model
from fbss_guide.guide.emergency import NUMBERS_FILE, load_emergency_numbers
from fbss_guide.guide.markup import Inline
from fbss_guide.guide.required import missing as missing_required
from fbss_guide.guide.schema import (
    CARD_FIELD,
    GUIDE_FIELDS,
    INVALID,
    READABILITY_KEYS,
    REFERENCE_FIELDS,
    SECTION_KEYS,
    SchemaChecker,
    block_schema,
)
from fbss_guide.inputs.safe_input import tree_problems
from fbss_guide.inputs.yamlfile import LineDict, LineList, load_yaml

_SECTION_HINT = "a section file has 'id:', 'heading:' and a list of 'blocks:'"


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
    guide_checker = SchemaChecker(guide_file, problems, content_dir)
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
    checker = SchemaChecker(file, problems, content_dir)
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
) -> tuple[list[model.Section], list[SchemaChecker], set[str]]:
    """Load every section file; also return the ids of sections that failed validation."""
    sections: list[model.Section] = []
    checkers: list[SchemaChecker] = []
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
        checker = SchemaChecker(file, problems, content_dir)
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


def _section(data: Any, path: Path, checker: SchemaChecker) -> model.Section | None:
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
    if section_id is INVALID:
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
        ok = ok and heading is not INVALID
    readability = _readability(mapping, checker)
    ok = ok and readability is not None
    card = False
    if "card" in mapping:
        card = checker.convert(mapping["card"], CARD_FIELD, mapping.key_lines["card"], "card", "")
        ok = ok and card is not INVALID
    blocks = _blocks(mapping, section_id, checker)
    ok = ok and blocks is not None
    if not ok or not isinstance(heading, Inline) or readability is None or blocks is None:
        return None
    return model.Section(section_id, heading, blocks, readability, path, card=card is True)


def _readability(mapping: LineDict, checker: SchemaChecker) -> model.Readability | None:
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
    mapping: LineDict, section_id: str, checker: SchemaChecker
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


def _check_citations(
    checkers: list[SchemaChecker],
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
