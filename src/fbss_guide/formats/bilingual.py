"""The bilingual edition: English and one translation side by side, block by block.

Both columns are the handout's own blocks, rendered by the handout's own macros, once
with the English catalog and once with the translation's. Each column carries its own
`lang` and `dir`, so the tag repair (pdf/languages.py) gives each its /Lang in the PDF.

Layout choices, and why:

- A row is a `<bi-row>` element: an element with no meaning of its own, tagged
  NonStruct. A `<div>` would be tagged Div, and the tag repair joins a Div that ends on
  one page with the Div that starts the next (a table or list cut by a page break), so
  the translated column of one row would swallow the English column of the next.
- Rows never break across pages (the CSS keeps each whole) for the same reason; a row
  taller than a page (the urgent warning box with its emergency numbers) is still cut,
  and the tag repair joins its rest to it by its text (pdf/birows.py).
- The two wide tables (treatments, online claims) do not fit half a page width at a
  legible size: English and translation follow each other at full width, each table
  marked with its language.
- The list of sources is printed once, at the end; citations in both columns point to
  it, numbered as the translation numbers them.
"""

from __future__ import annotations

import gettext
import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, ClassVar

from markupsafe import Markup

from fbss_guide.blocks.fill_in_table import FillInTable
from fbss_guide.errors import BuildError
from fbss_guide.formats.base import EditionRequest, RenderContext
from fbss_guide.formats.printed import PrintedFormat
from fbss_guide.guide import model
from fbss_guide.i18n.paths import SOURCE_LANGUAGE
from fbss_guide.project.editions import EditionSpec

if TYPE_CHECKING:
    from fbss_guide.render.renderer import Renderer, RenderOptions

BILINGUAL_TEMPLATE = "bilingual.html.j2"
BILINGUAL_STYLESHEETS = ("print.css", "bilingual.css")

# Blocks too wide for half a page: the two languages follow each other at full width
# (a form of six columns to fill in by hand has no room in half a page either).
FULL_WIDTH = (model.OptionsTable, model.Claims, FillInTable)
# Blocks printed once, in the translated edition's words.
ONCE = (model.ReferenceList,)

_ID = re.compile(r'(\s)id="')
_FIRST_TAG = re.compile(r"^\s*<([a-z]+)")


@dataclass(frozen=True)
class Row:
    """One block of a section: `layout` is "pair" (side by side), "stacked" (English
    above the translation, full width) or "once" (the translation's only)."""

    layout: str
    english: Markup
    translated: Markup


@dataclass(frozen=True)
class BilingualSection:
    id: str
    english_heading: Markup
    translated_heading: Markup
    rows: tuple[Row, ...]


def _with_id_prefix(html: str, prefix: str) -> str:
    """The same block rendered twice has the same ids: prefix the English column's,
    so every id in the page is unique (citations point to the one list of sources)."""
    return _ID.sub(rf'\1id="{prefix}', html)


def _with_language(html: str, lang: str, direction: str) -> Markup:
    """Mark a full-width block's own first element with its language and direction."""
    match = _FIRST_TAG.match(html)
    if match is None:
        raise BuildError(
            f"a full-width block of the bilingual edition is not an element: {html[:60]!r}"
        )
    at = match.end()
    return Markup(f'{html[:at]} lang="{lang}" dir="{direction}"{html[at:]}')


def _render_blocks(
    renderer: Renderer, guide: model.Guide, context: dict[str, Any], skip: tuple[type, ...]
) -> dict[tuple[str, str], str]:
    """Every block of the guide, rendered by the handout's block macros in the language
    the environment is prepared for."""
    module: Any = renderer.env.get_template("partials/blocks.html.j2").make_module(context)
    return {
        (section.id, block.id): str(module.render(block, section))
        for section in guide.sections
        for block in section.blocks
        if not isinstance(block, skip)
    }


def render_bilingual(
    renderer: Renderer,
    guide: model.Guide,
    options: RenderOptions,
    translations: gettext.NullTranslations | None = None,
) -> str:
    if options.language == SOURCE_LANGUAGE:
        raise BuildError(
            "the bilingual edition puts English beside a translation; "
            "build it for a translated language, not for English"
        )
    if options.edition.large_print:
        raise BuildError(
            "the bilingual edition has no large-print form (two 18 pt columns would hold "
            "a few words a line); build it in standard print"
        )
    options = replace(options, template=BILINGUAL_TEMPLATE, stylesheets=BILINGUAL_STYLESHEETS)
    # The translation numbers the sources (its list is the one printed); the English
    # column points into that list.
    context = renderer.prepare(guide, options, translations)
    numbers = context["citation_numbers"]
    inline = context["page"].inline
    translated_blocks = _render_blocks(renderer, guide, context, ())

    english_options = replace(options, language=SOURCE_LANGUAGE, draft=False)
    english_context = renderer.prepare(guide, english_options, None, citation_numbers=numbers)
    english_inline = english_context["page"].inline
    english_plain = english_context["page"].plain
    english_title = english_inline(guide.title)
    english_subtitle = english_inline(guide.subtitle)
    english_title_plain = english_plain(guide.title)
    english_headings = {section.id: english_inline(section.heading) for section in guide.sections}
    english_blocks = _render_blocks(renderer, guide, english_context, ONCE)
    lang, direction = context["lang"], context["direction"]

    sections = []
    for section in guide.sections:
        rows = []
        for block in section.blocks:
            key = (section.id, block.id)
            translated = translated_blocks[key]
            if isinstance(block, ONCE):
                rows.append(Row("once", Markup(""), Markup(translated)))
                continue
            english = _with_id_prefix(english_blocks[key], "en-")
            if isinstance(block, FULL_WIDTH):
                rows.append(
                    Row(
                        "stacked",
                        _with_language(english, SOURCE_LANGUAGE, "ltr"),
                        _with_language(translated, lang, direction),
                    )
                )
            else:
                rows.append(Row("pair", Markup(english), Markup(translated)))
        sections.append(
            BilingualSection(
                section.id, english_headings[section.id], inline(section.heading), tuple(rows)
            )
        )

    context.update(
        bilingual_sections=sections,
        english_title=english_title,
        english_subtitle=english_subtitle,
        english_title_plain=english_title_plain,
    )
    return renderer.env.get_template(BILINGUAL_TEMPLATE).render(context)


class BilingualFormat(PrintedFormat):
    """English and one translation side by side, for families who read English."""

    name: ClassVar[str] = "bilingual"
    label: ClassVar[str] = "bilingual edition"
    template: ClassVar[str] = BILINGUAL_TEMPLATE

    def accepts(self, language: str) -> bool:
        return language != SOURCE_LANGUAGE

    def languages_shown(self, edition: EditionRequest) -> tuple[str, ...]:
        return (edition.language, SOURCE_LANGUAGE)

    def stylesheets(self, spec: EditionSpec) -> tuple[str, ...]:
        return BILINGUAL_STYLESHEETS

    def render_html(self, context: RenderContext, options: RenderOptions) -> str:
        return render_bilingual(context.renderer, context.guide, options, context.translations)


FORMAT = BilingualFormat()  # found by fbss_guide.formats
