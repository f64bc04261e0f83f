"""The quick card: the parts of the handout marked `card: true`, on one sheet.

The card renders the handout's own blocks with the handout's own macros and texts, so it
always says what the handout says and shares its translations. Citation markers are
left out: the card has no list of sources (it says where the full handout is).
"""

from __future__ import annotations

import gettext
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, ClassVar

from fbss_guide.errors import BuildError
from fbss_guide.formats.base import RenderContext
from fbss_guide.formats.printed import PrintedFormat
from fbss_guide.guide import model
from fbss_guide.project.editions import EditionSpec

if TYPE_CHECKING:
    from fbss_guide.render.renderer import Renderer, RenderOptions

CARD_TEMPLATE = "card.html.j2"
CARD_STYLESHEETS = ("print.css", "card.css")


@dataclass(frozen=True)
class CardSection:
    """A section as it appears on the card: its heading and the blocks that go on it."""

    section: model.Section
    blocks: tuple[model.Block, ...]


def _has_urgent_box(part: CardSection) -> bool:
    return any(
        isinstance(block, model.Callout) and block.level == model.CalloutLevel.URGENT
        for block in part.blocks
    )


def card_sections(guide: model.Guide) -> tuple[CardSection, ...]:
    """The whole of each section marked for the card, and the marked blocks of others.

    The warning signs come first, the rest in the handout's order: on a fridge door they
    are what the card is for, and an urgent box never splits across pages, so it goes
    where a fresh page has room for it (after it, the key points may run on to the back).
    """
    chosen = []
    for section in guide.sections:
        blocks = section.card_blocks
        if blocks:
            chosen.append(CardSection(section, blocks))
    return tuple(sorted(chosen, key=lambda part: not _has_urgent_box(part)))


def render_card(
    renderer: Renderer,
    guide: model.Guide,
    options: RenderOptions,
    translations: gettext.NullTranslations | None = None,
) -> str:
    if options.edition.large_print:
        # Large print (18 pt, nothing under 16) does not fit one sheet; a card that quietly
        # came out in standard print would not be what was asked for.
        raise BuildError(
            "the quick card has no large-print edition; build it in standard print "
            "(A4 or Letter), or give large-print readers the large-print handout"
        )
    sections = card_sections(guide)
    if not sections:
        raise BuildError(
            "nothing is marked for the quick card; add 'card: true' to the sections or "
            "blocks that belong on it (docs/editing-content.md)"
        )
    options = replace(options, template=CARD_TEMPLATE, stylesheets=CARD_STYLESHEETS)
    context = renderer.prepare(guide, options, translations, citations=False)
    context["card_sections"] = sections
    # Block templates that print less on the card than in the handout ask for this.
    context["on_card"] = True
    return renderer.env.get_template(CARD_TEMPLATE).render(context)


class CardFormat(PrintedFormat):
    """The quick card for waiting rooms and fridge doors: one sheet, two sides at most."""

    name: ClassVar[str] = "card"
    label: ClassVar[str] = "quick card"
    template: ClassVar[str] = CARD_TEMPLATE
    max_pages: ClassVar[int | None] = 2

    def stylesheets(self, spec: EditionSpec) -> tuple[str, ...]:
        return CARD_STYLESHEETS

    def shown(
        self, guide: model.Guide
    ) -> tuple[tuple[model.Section, tuple[model.Block, ...]], ...]:
        return tuple((part.section, part.blocks) for part in card_sections(guide))

    def render_html(self, context: RenderContext, options: RenderOptions) -> str:
        return render_card(context.renderer, context.guide, options, context.translations)


FORMAT = CardFormat()  # found by fbss_guide.formats
