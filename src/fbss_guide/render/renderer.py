"""Turn a Guide into HTML with Jinja2: escaped text, gettext for every fixed string.

`Renderer` sets the Jinja2 environment up once and prepares one language's template
variables; what one render knows travels in a `RenderState` (state.py), template strings
are translated and escaped by catalog.py, citations numbered by citations.py and values
formatted by formatting.py.
"""

from __future__ import annotations

import gettext
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_decimal
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from fbss_guide.blocks import REGISTRY
from fbss_guide.clinic.details import Clinic
from fbss_guide.errors import BuildError
from fbss_guide.fonts import families as fonts
from fbss_guide.guide import model
from fbss_guide.guide.emergency import uses_emergency
from fbss_guide.guide.icon_array import chart_texts
from fbss_guide.guide.labels import CERTAINTY_LABELS, EFFECT_LABELS, N_, VERDICT_LABELS, Label
from fbss_guide.guide.markup import Inline, parse, to_html, to_plain
from fbss_guide.project.editions import STANDARD, EditionSpec
from fbss_guide.render.catalog import TemplateCatalog, UntranslatedProbe
from fbss_guide.render.citations import number_citations, short_authors, without_citations
from fbss_guide.render.formatting import (
    collation_key,
    css_string,
    document_date,
    keep_korean_words,
    link_urls,
    locale_placeholders,
    own_direction,
    page_counter_css,
    qr_data_uri,
    short_url,
)
from fbss_guide.render.state import (
    RenderState,
    file_url_filter,
    inline_filter,
    page_gettext,
    page_ngettext,
    page_npgettext,
    page_pgettext,
    plain_filter,
    sort_terms_filter,
)

REFERENCE_TYPE_WORDS = {
    # TRANSLATORS: the kind of a source, in square brackets after it in the list of sources at the
    # end (a noun, lower case in English).
    model.ReferenceType.GUIDELINE: N_("guideline"),
    # TRANSLATORS: the kind of a source, in square brackets after it in the list of sources at the
    # end (a noun, lower case in English).
    model.ReferenceType.SYSTEMATIC_REVIEW: N_("systematic review"),
    # TRANSLATORS: the kind of a source, in square brackets after it in the list of sources at the
    # end (a noun, lower case in English).
    model.ReferenceType.RANDOMISED_TRIAL: N_("randomised trial"),
    # TRANSLATORS: the kind of a source, in square brackets after it in the list of sources at the
    # end (a noun, lower case in English).
    model.ReferenceType.COHORT: N_("cohort study"),
    # TRANSLATORS: the kind of a source, in square brackets after it in the list of sources at the
    # end (a noun, lower case in English).
    model.ReferenceType.CASE_CONTROL: N_("case-control study"),
    # TRANSLATORS: the kind of a source, in square brackets after it in the list of sources at the
    # end (a noun, lower case in English).
    model.ReferenceType.CASE_SERIES: N_("case series"),
    # TRANSLATORS: the kind of a source, in square brackets after it in the list of sources at the
    # end (a noun, lower case in English).
    model.ReferenceType.EXPERT_OPINION: N_("expert opinion"),
    # TRANSLATORS: the kind of a source, in square brackets after it in the list of sources at the
    # end (a noun, lower case in English).
    model.ReferenceType.REGULATOR_NOTICE: N_("regulator notice"),
}


# Scripts with their own question mark, used in the "we do not know" symbol.
QUESTION_MARKS = {"ar": "\u061f", "fa": "\u061f", "ur": "\u061f"}

# Printed on every page of an edition whose translation is not reviewed: once in the
# edition's language and once in English, so a clinician can tell at a glance.
# TRANSLATORS: printed on every page of a translation that no medical translator has reviewed yet.
DRAFT_NOTICE = N_("Draft translation: not yet reviewed by a qualified medical translator")


@dataclass(frozen=True)
class RenderOptions:
    """What varies between editions of the same guide."""

    language: str = "en"
    emergency_number: str | None = None
    draft: bool = False
    edition: EditionSpec = STANDARD
    clinic: Clinic | None = None
    # What the output format asks for: its template, its style sheets (looked up in the
    # template folders), and the medium: "print" (paged, assets from their place) or
    # "screen" (a standalone page: local copies of assets, one style.css beside it).
    template: str = "handout.html.j2"
    stylesheets: tuple[str, ...] = ("print.css",)
    medium: str = "print"

    @property
    def screen(self) -> bool:
        return self.medium == "screen"


def sources_section(guide: model.Guide) -> str | None:
    """The id of the section with the list of sources: the web page's second skip link
    jumps there."""
    for section in guide.sections:
        if any(isinstance(block, model.ReferenceList) for block in section.blocks):
            return section.id
    return None


def urgent_section(guide: model.Guide) -> str | None:
    """The id of the first section with an urgent callout: the web page's skip link
    jumps there."""
    for section in guide.sections:
        for block in section.blocks:
            if isinstance(block, model.Callout) and block.level == model.CalloutLevel.URGENT:
                return section.id
    return None


def _sentence(text: str) -> str:
    return text if text.rstrip().endswith((".", "?", "!")) else text + "."


class Renderer:
    """Holds the Jinja2 environment; renders one guide for one language and edition.

    The environment is configured once, here; everything that differs between renders
    travels in the template context (`page`, a RenderState).
    """

    def _asset_url(self, path: Path, web: bool, assets: list[Path]) -> str:
        """Print editions load images from their place; the web edition from images/."""
        if not web:
            return path.resolve().as_uri()
        assets.append(path.resolve())
        return f"images/{path.name}"

    def _stylesheets(self, options: RenderOptions) -> list[str]:
        if options.screen:
            return ["style.css"]
        return [self.find(name).as_uri() for name in options.stylesheets]

    def __init__(self, template_dirs: Path | Sequence[Path]) -> None:
        """`template_dirs`: folders searched in order, the first that has a file wins (a
        project's overrides, then the package's defaults)."""
        dirs = [template_dirs] if isinstance(template_dirs, Path) else list(template_dirs)
        self.template_dirs = tuple(path.resolve() for path in dirs)
        self.web_assets: list[Path] = []  # images the last web render refers to
        self.env = Environment(
            loader=FileSystemLoader([str(path) for path in self.template_dirs]),
            autoescape=True,
            undefined=StrictUndefined,
            extensions=["jinja2.ext.i18n"],
            trim_blocks=False,
            lstrip_blocks=False,
        )
        # Same whitespace collapsing as the extractor, so msgids match at run time.
        self.env.policies["ext.i18n.trimmed"] = True
        self.env.install_gettext_callables(  # type: ignore[attr-defined]
            gettext=page_gettext,
            ngettext=page_ngettext,
            newstyle=True,
            pgettext=page_pgettext,
            npgettext=page_npgettext,
        )
        self.env.filters.update(
            inline=inline_filter,
            plain=plain_filter,
            sort_terms=sort_terms_filter,
            file_url=file_url_filter,
            css_string=css_string,
            short_authors=short_authors,
            short_url=short_url,
            sentence=_sentence,
            own_direction=own_direction,
        )

    def _block_macros(self, variables: dict[str, Any]) -> Callable[[object], Callable[..., Markup]]:
        """Look up a block's macro for one render: each kind's template is loaded once
        per render, with that render's variables."""
        modules: dict[str, Any] = {}

        def block_macro(block: object) -> Callable[..., Markup]:
            kind = REGISTRY.of(block)
            if kind.template not in modules:
                template = self.env.get_template(kind.template)
                modules[kind.template] = template.make_module(vars=variables)
            macro = getattr(modules[kind.template], kind.macro, None)
            if macro is None:
                raise BuildError(
                    f"block kind '{kind.name}': {kind.template} has no macro '{kind.macro}'; "
                    f"define {{% macro {kind.macro}(block, section) %}} in it"
                )
            return macro  # type: ignore[no-any-return]

        return block_macro

    @property
    def base_dir(self) -> Path:
        """The base URL's folder for WeasyPrint (every asset URL is absolute anyway)."""
        return self.template_dirs[-1]

    def find(self, name: str) -> Path:
        """A template-folder file (a style sheet) by name, the project's copy first."""
        for folder in self.template_dirs:
            candidate = folder / name
            if candidate.is_file():
                return candidate
        raise BuildError(
            f"no template file '{name}' in " + " or ".join(str(d) for d in self.template_dirs)
        )

    def render(
        self,
        guide: model.Guide,
        options: RenderOptions,
        translations: gettext.NullTranslations | None = None,
    ) -> str:
        variables = self.prepare(guide, options, translations)
        html = self.env.get_template(options.template).render(variables)
        self.web_assets = variables["page"].web_assets
        return html

    def prepare(
        self,
        guide: model.Guide,
        options: RenderOptions,
        translations: gettext.NullTranslations | None = None,
        *,
        citations: bool = True,
        citation_numbers: dict[str, int] | None = None,
    ) -> dict[str, Any]:
        """The variables every template of this guide uses, for one language and edition
        (the per-render state is `page`; the environment itself never changes, so two
        prepared languages can be rendered side by side). `citations=False` drops the
        citation markers (the quick card has no list of sources to point to);
        `citation_numbers` numbers the sources as another language's edition does (the
        bilingual edition's two columns point into one list)."""
        catalog = translations or gettext.NullTranslations()
        safe_catalog = TemplateCatalog(catalog)

        def _(message: str) -> str:
            # Python-side strings follow the same rule; Jinja escapes them as str.
            return safe_catalog.plain(message, catalog.gettext(message))

        def translate(inline: Inline) -> str:
            text = catalog.pgettext(inline.context, inline.source)
            if text != inline.source:
                # Second line of defence behind the catalog check: a translation links
                # only to addresses the English links to.
                added = link_urls(parse(text)) - link_urls(inline.tokens or parse(inline.source))
                if added:
                    raise BuildError(
                        f"the translation of '{inline.context}' links to {sorted(added)[0]}, "
                        "which the English text does not; keep the English link addresses"
                    )
            return text

        clinic = options.clinic
        emergency = options.emergency_number or (clinic.emergency_number if clinic else None)
        locale = Locale.parse(options.language.replace("-", "_"))
        # TRANSLATORS: replaces {emergency} when the clinic gives no emergency number, as the object
        # of 'Call {emergency} now' (urgent section). Use the case that fits after 'call' (de 'den
        # Notruf').
        placeholders = locale_placeholders(locale, emergency or _("emergency services"))
        # The numbers box under "Call {emergency} now": the clinic's number, or else the
        # numbers of the edition's language (data, never from a catalog).
        listed = guide.emergency_numbers
        regions = listed.for_language(options.language) if listed and not emergency else ()
        emergency_regions = [
            (region.places_text(options.language), region.numbers_html(options.language))
            for region in regions
        ]
        numbers = citation_numbers or number_citations(guide, translate)

        def cite(ids: tuple[str, ...]) -> Markup:
            # A screen reader announces "Source 7", not a bare "7".
            # TRANSLATORS: read aloud by screen readers for a citation number such as [7];
            # %(number)s is the number.
            name = _("Source %(number)s")
            # In number order ("[28, 31]", not "[31, 28]"); an unknown id last.
            ordered = sorted(ids, key=lambda ref: numbers.get(ref, len(numbers) + 1))
            # On screen, citation numbers are not Tab stops (124 of them would stand
            # between a keyboard reader and everything after them): a mouse, a finger and
            # a screen reader's list of links still reach them, and a skip link at the top
            # leads to the sources.
            focus = ' tabindex="-1"' if options.screen else ""
            links = [
                f'<a class="cite"{focus} href="#ref-{escape(ref)}" aria-label="'
                f'{escape(name % {"number": numbers.get(ref, "?")})}">{numbers.get(ref, "?")}</a>'
                for ref in ordered
            ]
            # A group keeps together in running text (print.css lets it wrap after a
            # comma in a narrow table cell).
            return Markup('<span class="cite-group">[' + ", ".join(links) + "]</span>")

        untranslated = UntranslatedProbe(catalog)
        # Print only: browsers do this with `word-break: keep-all` (web.css), and a copied
        # word on a web page should hold no invisible characters.
        keep_words = locale.language == "ko" and not options.screen

        def inline(value: Inline) -> Markup:
            text = translate(value)
            tokens = parse(text) if citations else without_citations(parse(text))
            if keep_words:
                tokens = keep_korean_words(tokens)
            html = to_html(tokens, cite, placeholders)
            # A draft built with --allow-incomplete shows untranslated text in English:
            # tag it so that screen readers pronounce it as English. A translation that
            # is the same as the English (a treatment's name) is not tagged. Not in
            # <title>, where tags would be text.
            english = options.language != "en" and value is not guide.title
            if english and untranslated.missing(value.context, value.source):
                return Markup(f'<span lang="en">{html}</span>')
            return html

        def plain(value: Inline) -> str:
            return to_plain(parse(translate(value)), placeholders)

        question_mark = QUESTION_MARKS.get(locale.language, "?")

        def label(entry: Label, group: str) -> Markup:
            symbol = entry.symbol.replace("?", question_mark)
            return Markup(
                f'<span class="label {group} {entry.css_class}">'
                # The word carries the meaning; the symbol would be read as "heavy
                # check mark" or "black black black" (pdf/tags.py hides it in the PDF).
                f'<span class="label-symbol" aria-hidden="true">{escape(symbol)}</span> '
                f"{escape(_(entry.word))}</span>"
            )

        reviewed = format_date(guide.reviewed_on, format="long", locale=locale)
        ordered_refs = sorted(
            guide.references.values(), key=lambda ref: numbers.get(ref.id, 10_000)
        )
        title = plain(guide.title)

        def sort_terms(terms: tuple[model.Term, ...]) -> list[model.Term]:
            # Alphabetical in the reader's language. Chinese has no alphabet order that
            # code points give, so it keeps the editors' order.
            if options.language.startswith("zh"):
                return list(terms)
            return sorted(terms, key=lambda term: collation_key(plain(term.term)))

        assets: list[Path] = []
        variables: dict[str, Any] = {}
        state = RenderState(
            catalog=safe_catalog,
            inline=inline,
            plain=plain,
            sort_terms=sort_terms,
            file_url=lambda path: self._asset_url(Path(path), options.screen, assets),
            block_macro=self._block_macros(variables),
            web_assets=assets,
        )
        variables.update(
            page=state,
            guide=guide,
            lang=options.language,
            direction=locale.text_direction,
            keywords=[plain(word) for word in guide.keywords],
            stylesheet_urls=self._stylesheets(options),
            paper=options.edition.css_paper,
            large_print=options.edition.large_print,
            web=options.screen,
            clinic=clinic,
            logo_url=(clinic.logo.path.name if options.screen else clinic.logo.path.as_uri())
            if clinic and clinic.logo
            else None,
            online_url=clinic.online_url if clinic else None,
            online_url_short=short_url(clinic.online_url) if clinic and clinic.online_url else None,
            qr=qr_data_uri(clinic.online_url) if clinic and clinic.online_url else None,
            font_stack=Markup(fonts.css_font_stack(options.language)),
            # TRANSLATORS: page footer: %(title)s is the handout's title, %(date)s the date the
            # content was last checked.
            footer_left=_("%(title)s · Reviewed %(date)s") % {"title": title, "date": reviewed},
            # TRANSLATORS: page footer: {page} and {pages} are numbers and stay as they are ('Page 2
            # of 12').
            page_counter_css=Markup(page_counter_css(_("Page {page} of {pages}"))),
            reviewed_on=reviewed,
            urgent_section=urgent_section(guide),
            sources_section=sources_section(guide),
            draft=options.draft,
            draft_notice=_(DRAFT_NOTICE),
            draft_notice_en=DRAFT_NOTICE,
            document_date=document_date(guide),
            next_review=format_date(guide.next_review, format="long", locale=locale),
            references=ordered_refs,
            citation_numbers=numbers,
            emergency_number=emergency,
            emergency_regions=emergency_regions,
            surgery_phone=clinic.phone if clinic else None,
            uses_emergency=lambda text: uses_emergency(text.tokens or parse(text.source)),
            # Without citations (the card), a table row's citation goes too: there is no
            # list of sources for its link to point at.
            cite=(lambda ids: cite(tuple(ids))) if citations else (lambda ids: Markup("")),
            effect_label=lambda value: label(EFFECT_LABELS[value], "effect"),
            certainty_label=lambda value: label(CERTAINTY_LABELS[value], "certainty"),
            verdict_label=lambda value: label(VERDICT_LABELS[value], "verdict"),
            reference_type_label=lambda value: _(REFERENCE_TYPE_WORDS[value]),
            icon_charts=lambda block: chart_texts(
                block,
                _=_,
                plain=plain,
                number=lambda value: format_decimal(value, locale=locale),
                rtl=locale.text_direction == "rtl",
            ),
        )
        return variables
