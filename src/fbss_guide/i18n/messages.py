"""The translatable messages of the content, with their context and translator notes."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from fbss_guide import model
from fbss_guide.markup import Inline
from fbss_guide.model import iter_inlines

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


_LIST_FIELDS = {"points", "questions", "labels", "keywords"}


def _where(section: model.Section, inline: Inline) -> str:
    parts = inline.context.split("/")
    field = parts[-1]
    block = parts[1] if len(parts) > 2 else ""
    kinds = {
        "title": "call-out title",
        "action": "call-out action (printed in bold)",
        "points": "list item",
        "questions": "question with a tick box",
        "treatment": "treatment name (table row header)",
        "what": "what the treatment is",
        "evidence": "what the evidence says",
        "harms": "possible harms",
        "claim": "a claim as clinic websites make it (keep quoted phrases as quotes)",
        "term": "glossary term",
        "definition": "glossary definition",
        "caption": "table or figure caption",
        "alt": "image description for screen readers",
        "labels": "label for a numbered part of a drawing (the number is on the picture)",
        "heading": "section heading",
    }
    # A list item's context ends in the item's own id: its field is the one before.
    field_name = parts[-2] if len(parts) > 2 and parts[-2] in _LIST_FIELDS else field
    what = kinds.get(field_name, "paragraph" if field_name == "text" else field_name)
    location = f"section '{section.heading.source}'"
    if block:
        location += f", block '{block}'"
    return f"Where: {location}; {what}."


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
        for item in iter_inlines(section):
            if not isinstance(item, Inline):
                continue
            notes = [_where(section, item), _reading_target(section)]
            if any(mark in item.source for mark in ("[@", "**", "{", "](")):
                notes.append(KEEP_NOTE)
            comment = " ".join(notes)
            found.append(
                ContentMessage(section.file, item.line, item.context, item.source, comment)
            )
    return found
