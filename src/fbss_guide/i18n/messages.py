"""The translatable messages of the content, with their context and translator notes."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from fbss_guide.blocks import REGISTRY
from fbss_guide.guide import model
from fbss_guide.guide.markup import Inline

KEEP_NOTE = (
    "Keep exactly: citation markers like [@weir-2020], **bold** markers, "
    "{placeholders} and link addresses."
)


@dataclass(frozen=True)
class ContentMessage:
    """One piece of content text as translators see it."""

    file: Path
    line: int
    context: str
    text: str
    comment: str


def _reading_target(section: model.Section) -> str:
    if section.readability.exempt:
        return "Plain language."
    target = section.readability.target or 8
    level = "very easy words, very short sentences" if target <= 6 else "plain, short sentences"
    return f"Reading level: {level} (English target: US grade {target:g} or lower)."


def _where(section: model.Section, block_id: str, what: str) -> str:
    location = f"section '{section.heading.source}'"
    if block_id:
        location += f", block '{block_id}'"
    return f"Where: {location}; {what}."


def _notes(section: model.Section, block_id: str, what: str, inline: Inline) -> str:
    notes = [_where(section, block_id, what), _reading_target(section)]
    if any(mark in inline.source for mark in ("[@", "**", "{", "](")):
        notes.append(KEEP_NOTE)
    return " ".join(notes)


def content_messages(guide: model.Guide) -> list[ContentMessage]:
    """Every translatable text of the guide, in reading order."""
    guide_file = guide.content_dir / "guide.yaml"
    found: list[ContentMessage] = []
    for name in ("title", "subtitle", "author", "description"):
        inline: Inline = getattr(guide, name)
        found.append(
            ContentMessage(
                guide_file,
                inline.line,
                inline.context,
                inline.source,
                f"Where: the handout's {name} (also in the PDF metadata).",
            )
        )
    for keyword in guide.keywords:
        found.append(
            ContentMessage(
                guide_file,
                keyword.line,
                keyword.context,
                keyword.source,
                "Where: a search keyword in the PDF metadata (not printed).",
            )
        )
    for section in guide.sections:
        heading = section.heading
        comment = _notes(section, "", "section heading", heading)
        found.append(
            ContentMessage(section.file, heading.line, heading.context, heading.source, comment)
        )
        for block in section.blocks:
            # Each kind says which of its texts are translated, in which order, and
            # what each is; the contexts were set by the loader.
            kind = REGISTRY.of(block)
            for message in kind.messages(block):
                text = message.text
                comment = _notes(section, block.id, kind.note(message.field), text)
                found.append(
                    ContentMessage(section.file, text.line, text.context, text.source, comment)
                )
    return found
