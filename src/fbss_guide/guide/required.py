"""What a guide must contain: its `required` list (guide.yaml), checked on the content
and again on what each edition prints.

A section file emptied by mistake, a callout deleted, a placeholder lost: each leaves
YAML that loads, and a handout that builds without its warning signs. A guide names
what must never go missing; the loader checks the content (every problem names
guide.yaml's line and the section file), and every edition checks the parts it shows
(the quick card prints only what is marked `card: true`) in its own language, so no
edition is made without them.

    required:
      - section: urgent        # the section must be there, with content
        block: emergency       # optional: this block of it too
        placeholder: emergency # optional: {emergency} in that block (or the section)
      - section: key-points
        mentions: urgent       # optional: a text of it names that section's heading
"""

from __future__ import annotations

import gettext
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence

from fbss_guide.blocks.base import Field, RowKind
from fbss_guide.guide.markup import Bold, Inline, MarkupError, Placeholder, Token, parse, to_plain
from fbss_guide.guide.model import Guide, Requirement, Section, iter_inlines

REQUIREMENT_ROW = RowKind(
    Requirement,
    {
        "section": Field("id"),
        "block": Field("id", required=False),
        "placeholder": Field("id", required=False),
        "mentions": Field("id", required=False),
    },
)
FIELD = Field("rows", required=False, row=REQUIREMENT_ROW)

# What an edition shows: each section it prints, with the blocks of it that it prints.
Part = tuple[Section, Sequence[object]]
Translate = Callable[[Inline], str]


def _source(inline: Inline) -> str:
    return inline.source


def _texts(value: object) -> Iterable[Inline]:
    for item in iter_inlines(value):
        if isinstance(item, Inline):
            yield item


def _tokens(text: str) -> tuple[Token, ...]:
    try:
        return parse(text)
    except MarkupError:
        return ()  # the catalog check reports broken markup


def _has_placeholder(tokens: tuple[Token, ...], name: str) -> bool:
    for token in tokens:
        if isinstance(token, Placeholder) and token.name == name:
            return True
        if isinstance(token, Bold) and _has_placeholder(token.children, name):
            return True
    return False


def _words(text: str) -> str:
    plain = to_plain(_tokens(text), _NO_VALUES)
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", plain)).strip().casefold()


class _NoValues(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return ""


_NO_VALUES = _NoValues()


def missing(
    required: Sequence[Requirement],
    parts: Sequence[Part],
    all_sections: Iterable[Section],
    translate: Translate = _source,
    scope: str = "the guide",
) -> list[tuple[Requirement, str]]:
    """What of `required` the parts an edition (or the whole guide) shows lack, each with
    a sentence saying what is missing. `translate` gives the printed text of a content
    text (the catalog's msgstr; the English source by default)."""
    shown = {part[0].id: part for part in parts}
    headings = {section.id: section.heading for section in all_sections}
    found: list[tuple[Requirement, str]] = []
    for need in required:
        part = shown.get(need.section)
        if part is None:
            found.append((need, f"section '{need.section}' is not in {scope}"))
            continue
        blocks = part[1]
        where: Sequence[object] = blocks
        if need.block is not None:
            where = [block for block in blocks if getattr(block, "id", None) == need.block]
            if not where:
                found.append(
                    (need, f"block '{need.block}' of section '{need.section}' is not in {scope}")
                )
                continue
        inlines = list(_texts(tuple(where)))
        texts = [translate(inline) for inline in inlines]
        place = f"block '{need.block}'" if need.block else f"section '{need.section}'"
        if need.placeholder is not None and not any(
            _has_placeholder(_tokens(text), need.placeholder) for text in texts
        ):
            found.append(
                (need, f"no text of {place} in {scope} has the placeholder {{{need.placeholder}}}")
            )
        if need.mentions is not None:
            heading = headings.get(need.mentions)
            if heading is None:
                found.append((need, f"section '{need.mentions}', which {place} names, is missing"))
                continue
            if not _names(heading, inlines, translate):
                found.append(
                    (
                        need,
                        f"no text of {place} in {scope} names section '{need.mentions}' by "
                        f"its heading ('{translate(heading)}')",
                    )
                )
    return found


def _names(heading: Inline, inlines: Sequence[Inline], translate: Translate) -> bool:
    """Whether one of the texts names the heading, as printed. In a draft (a catalog
    built with --allow-incomplete), a heading or a text left in English is checked in
    English, where the content check has already matched them."""
    printed = _words(translate(heading))
    if printed and any(printed in _words(translate(inline)) for inline in inlines):
        return True
    english = _words(heading.source)
    heading_in_english = translate(heading) == heading.source
    return bool(english) and any(
        english in _words(inline.source)
        and (heading_in_english or translate(inline) == inline.source)
        for inline in inlines
    )


def edition_problem(
    guide: Guide,
    parts: Sequence[Part],
    translations: gettext.NullTranslations | None,
    edition: str,
) -> str | None:
    """Why an edition may not be made (what of the guide's `required` content it would
    print without), in its own language; None when it has everything."""
    if not guide.required:
        return None

    def translate(inline: Inline) -> str:
        if translations is None:
            return inline.source
        text = translations.pgettext(inline.context, inline.source)
        return text if isinstance(text, str) else inline.source

    found = missing(guide.required, parts, guide.sections, translate, f"the {edition}")
    if not found:
        return None
    return (
        "it would be made without what guide.yaml's 'required' list names: "
        + "; ".join(what for _, what in found)
        + ". Restore it in the content (or, for the quick card, mark it 'card: true'); "
        "in a translation, keep the placeholder and the heading's words"
    )


def strict_contexts(guide: Guide) -> frozenset[str]:
    """The content texts (their msgctxt) where a translation may not add a number: the
    sections the guide requires (the warning signs), and everything the quick card
    prints (its title, and the sections and blocks marked `card: true`, with their
    headings)."""
    required = {need.section for need in guide.required}
    chosen: list[object] = [guide.title]
    for section in guide.sections:
        if section.id in required:
            chosen.append(section)
        elif section.card_blocks:
            chosen += [section.heading, section.card_blocks]
    contexts = {inline.context for value in chosen for inline in _texts(value)}
    return frozenset(contexts)


def html_problem(guide: Guide, parts: Sequence[Part], html: str) -> str | None:
    """What of the required sections the rendered page lacks: a template (a project's
    override among them) could leave out what the content has. Each section the edition
    shows is an element with its id."""
    shown = {part[0].id for part in parts}
    lost = [
        need.section
        for need in guide.required
        if need.section in shown
        and f'id="{need.section}"' not in html
        and f"id='{need.section}'" not in html
    ]
    if not lost:
        return None
    return (
        "the page was rendered without the required section(s) "
        + ", ".join(f"'{section}'" for section in dict.fromkeys(lost))
        + "; a template (look in the project's templates/ folder) leaves it out"
    )
