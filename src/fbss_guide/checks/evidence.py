"""Evidence integrity: what every claim, row and reference must have."""

from __future__ import annotations

import re
from pathlib import Path

from fbss_guide.blocks import REGISTRY, EvidenceRule
from fbss_guide.errors import Problem, display_path
from fbss_guide.guide import model
from fbss_guide.guide.markup import Inline, to_plain
from fbss_guide.guide.model import iter_inlines

# Domains of the clinic pages the project started from: examples of claims, never evidence.
SEED_DOMAINS = (
    "caringmedical.com",
    "centenoschultz.com",
    "drmagaziner.com",
    "painmanagementinstitute",
    "regenexx.com",
)


def check_evidence(guide: model.Guide) -> list[Problem]:
    """Rows and claims cite something; every reference is cited, typed and traceable."""
    problems: list[Problem] = []
    cited: set[str] = set()
    for section in guide.sections:
        for item in iter_inlines(section):
            if isinstance(item, Inline):
                cited.update(item.citations())
            else:
                cited.update(item)
        for block in section.blocks:
            kind = REGISTRY.of(block)
            if kind.evidence is EvidenceRule.ROWS_CITED:
                for row in kind.rows(block):
                    if not row.cite:
                        problems.append(
                            Problem(
                                display_path(section.file, guide.content_dir),
                                _first_line(block),
                                f"{block.id}.{row.id}.cite",
                                "row has no citation",
                                "add the id of the reference that supports it",
                            )
                        )
        if section.readability.exempt is None:
            problems += _numbers_without_source(section, guide.content_dir)
    references_file = display_path(guide.content_dir / "references.yaml", guide.content_dir)
    for ref in guide.references.values():
        if ref.id not in cited:
            problems.append(
                Problem(
                    references_file,
                    ref.line,
                    ref.id,
                    f"reference '{ref.id}' is never cited",
                    "cite it where it supports the text, or remove it",
                )
            )
        location = " ".join(filter(None, [ref.url, ref.source])).lower()
        if any(domain in location for domain in SEED_DOMAINS):
            problems.append(
                Problem(
                    references_file,
                    ref.line,
                    ref.id,
                    "a clinic's own web page is cited as evidence",
                    "cite a guideline, systematic review or trial instead",
                )
            )
    return problems


def _numbers_without_source(section: model.Section, content_dir: Path) -> list[Problem]:
    """A number in running text must carry a citation; table rows cite per row."""
    problems: list[Problem] = []
    for block in section.blocks:
        # Rows carry their own citations, and definitions need none.
        if REGISTRY.of(block).evidence is not EvidenceRule.NUMBERS_CITED:
            continue
        for item in iter_inlines(block):
            if not isinstance(item, Inline) or item.citations():
                continue
            plain = to_plain(item.tokens, {"emergency": ""})
            if re.search(r"\d", plain):
                problems.append(
                    Problem(
                        display_path(section.file, content_dir),
                        item.line,
                        item.context,
                        f"a number without a source: '{plain[:60]}'",
                        "add a citation marker such as [@ref-id] to this text",
                    )
                )
    return problems


def _first_line(block: object) -> int | None:
    """The line of a block's first text (a table's caption), where its problems point."""
    lines = [item.line for item in iter_inlines(block) if isinstance(item, Inline) and item.line]
    return lines[0] if lines else None
