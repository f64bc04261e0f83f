"""Turn a Guide into HTML with Jinja2: escaped text, gettext for every fixed string."""

from __future__ import annotations

import copy
import gettext
import os
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, cast

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_decimal, format_percent
from jinja2 import Environment, FileSystemLoader, StrictUndefined, pass_context
from jinja2.runtime import Context
from markupsafe import Markup, escape

from fbss_guide.blocks import REGISTRY
from fbss_guide.clinic.details import Clinic
from fbss_guide.errors import BuildError
from fbss_guide.fonts import families as fonts
from fbss_guide.guide import model
from fbss_guide.guide.emergency import uses_emergency
from fbss_guide.guide.icon_array import chart_texts
from fbss_guide.guide.labels import CERTAINTY_LABELS, EFFECT_LABELS, N_, VERDICT_LABELS, Label
from fbss_guide.guide.markup import (
    Bold,
    Cite,
    Inline,
    Link,
    MarkupError,
    Placeholder,
    PlaceholderValue,
    Text,
    Token,
    check_plain,
    citation_ids,
    parse,
    to_html,
    to_plain,
)
from fbss_guide.guide.model import iter_inlines
from fbss_guide.inputs.textguard import BIDI_CONTROLS
from fbss_guide.project.editions import STANDARD, EditionSpec

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


def locale_placeholders(locale: Locale, emergency: str) -> dict[str, PlaceholderValue]:
    """Placeholder values for one language: numbers and percentages through Babel."""

    def percent(argument: str) -> str:
        low, _, high = argument.partition("-")
        if high:  # a range: "10-40%" in English, "10-40 %" in French, with an en dash
            return f"{format_decimal(float(low), locale=locale)}\u2013" + format_percent(
                float(high) / 100, locale=locale
            )
        return format_percent(float(low) / 100, locale=locale)

    def number(argument: str) -> str:
        return format_decimal(float(argument), locale=locale)

    return {"emergency": emergency, "percent": percent, "number": number}


def collation_key(text: str) -> str:
    """A simple alphabetical key: case and accents ignored (é sorts with e)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def short_url(url: str) -> str:
    """An address as people type it: no scheme, no trailing slash."""
    return re.sub(r"^https?://(www\.)?", "", url).rstrip("/")


def qr_data_uri(url: str) -> str:
    """A QR code for the online copy, as an SVG data URI (black on white)."""
    import segno

    return segno.make(url, error="m").svg_data_uri(scale=4, dark="#000", light="#fff")


def number_citations(guide: model.Guide, translate: Any) -> dict[str, int]:
    """Number references in order of first use, as the reader meets them."""
    numbers: dict[str, int] = {}
    for section in guide.sections:
        for item in iter_inlines(section):
            ids = citation_ids(parse(translate(item))) if isinstance(item, Inline) else list(item)
            for ref in ids:
                numbers.setdefault(ref, len(numbers) + 1)
    return numbers


def without_citations(tokens: tuple[Token, ...]) -> tuple[Token, ...]:
    """The tokens without citation markers, and without the space before each one:
    "not your fault [@weir-2020]." reads "not your fault."."""
    out: list[Token] = []
    for token in tokens:
        if isinstance(token, Cite):
            if out and isinstance(out[-1], Text):
                out[-1] = Text(out[-1].text.rstrip())
            continue
        if isinstance(token, Bold):
            # Bold holds no Bold, so its children come back as its own child types.
            token = Bold(
                cast(
                    tuple[Text | Cite | Link | Placeholder, ...], without_citations(token.children)
                )
            )
        out.append(token)
    return tuple(out)


# Between two Hangul syllables: a WORD JOINER (U+2060), which forbids a line break there
# and prints nothing. Korean breaks lines between words (eojeol), as CSS's
# `word-break: keep-all` asks (web.css), but WeasyPrint 70 does not support keep-all and
# breaks between any two syllables, as in Chinese.
_BETWEEN_HANGUL = re.compile(r"(?<=[\uac00-\ud7a3])(?=[\uac00-\ud7a3])")
WORD_JOINER = "\u2060"


def keep_korean_words(tokens: tuple[Token, ...]) -> tuple[Token, ...]:
    """The tokens with a word joiner between Hangul syllables, so print editions break
    Korean lines only at spaces (links and bold text included; citations and
    placeholders hold no Korean)."""
    out: list[Token] = []
    for token in tokens:
        if isinstance(token, Text):
            token = Text(_BETWEEN_HANGUL.sub(WORD_JOINER, token.text))
        elif isinstance(token, Link):
            token = Link(_BETWEEN_HANGUL.sub(WORD_JOINER, token.text), token.url)
        elif isinstance(token, Bold):
            token = Bold(
                cast(
                    tuple[Text | Cite | Link | Placeholder, ...], keep_korean_words(token.children)
                )
            )
        out.append(token)
    return tuple(out)


def short_authors(authors: str, keep: int = 3) -> str:
    """Vancouver-style short author list: the first three names, then 'et al.'."""
    names = [name.strip() for name in authors.split(",") if name.strip()]
    if names and names[-1] == "et al.":
        names = names[:-1]
        return ", ".join(names[:keep]) + ", et al."
    if len(names) > keep:
        return ", ".join(names[:keep]) + ", et al."
    return authors


# Characters that end or change a CSS string, or an HTML <style> element around it.
_CSS_SPECIAL = frozenset("\"'\\<>&")


def link_urls(tokens: tuple[Token, ...]) -> set[str]:
    found: set[str] = set()
    for token in tokens:
        if isinstance(token, Link):
            found.add(token.url)
        elif isinstance(token, Bold):
            found |= link_urls(token.children)
    return found


def css_string(text: str) -> Markup:
    """Quote text as a CSS string literal, safe inside a <style> element.

    Every character that could end the string (quotes, backslash, any line break: CSS
    ends a string at CR and FF too), close the element (<, >) or hide text (control and
    format characters) becomes a CSS hex escape, so no translation can add a rule.
    """
    out: list[str] = []
    for char in text:
        if char in _CSS_SPECIAL or not char.isprintable():
            if char in "\n\r\f\t" or unicodedata.category(char) in ("Zl", "Zp"):
                out.append(" ")  # a line break inside a header or footer is a space
            elif unicodedata.category(char) == "Cc" or char in BIDI_CONTROLS:
                continue  # control characters print nothing; bidi ones would reorder
            else:
                out.append(f"\\{ord(char):X} ")
        else:
            out.append(char)
    return Markup('"' + "".join(out) + '"')


class UntranslatedProbe:
    """Tells a missing translation from one that is the same as the English.

    gettext answers both with the English text; a missing one is passed on to the
    catalog's fallback, so a copy of the catalog gets a fallback that notes the call
    (public API: copy and add_fallback; the shared catalog is not changed).
    """

    class _Recorder(gettext.NullTranslations):
        hit = False

        def pgettext(self, context: str, message: str) -> str:
            self.hit = True
            return message

    def __init__(self, catalog: gettext.NullTranslations) -> None:
        self._recorder = self._Recorder()
        self._catalog = copy.copy(catalog)
        self._catalog.add_fallback(self._recorder)

    def missing(self, context: str, message: str) -> bool:
        self._recorder.hit = False
        self._catalog.pgettext(context, message)
        return self._recorder.hit


class TemplateCatalog:
    """Gettext for the templates: a translated template string is plain text.

    Jinja2's i18n extension marks whatever gettext returns as safe HTML, so a msgstr
    could add a <style> or a javascript: link. This wrapper applies the rule content text
    follows (no HTML, no control or invisible characters) and returns the text escaped.
    `%(name)s` values are escaped by Markup's own % operator.
    """

    def __init__(self, catalog: gettext.NullTranslations) -> None:
        self.catalog = catalog

    def plain(self, source: str, translated: str) -> str:
        """The translation, checked; raise BuildError if it breaks the plain-text rule."""
        try:
            check_plain(translated)
        except MarkupError as error:
            raise BuildError(
                f"the translation of '{source[:60]}' is not plain text: {error}; "
                "fix it in the catalog (fbss-guide check names the line)"
            ) from None
        return translated

    def _safe(self, source: str, translated: str) -> Markup:
        return escape(self.plain(source, translated))

    def gettext(self, message: str) -> Markup:
        return self._safe(message, self.catalog.gettext(message))

    def ngettext(self, singular: str, plural: str, n: int) -> Markup:
        return self._safe(singular, self.catalog.ngettext(singular, plural, n))

    def pgettext(self, context: str, message: str) -> Markup:
        return self._safe(message, self.catalog.pgettext(context, message))

    def npgettext(self, context: str, singular: str, plural: str, n: int) -> Markup:
        return self._safe(singular, self.catalog.npgettext(context, singular, plural, n))


def page_counter_css(template: str) -> str:
    """Turn a translated 'Page {page} of {pages}' into CSS content with counters."""
    out: list[str] = []
    rest = template
    while rest:
        positions = [(rest.find(k), k) for k in ("{page}", "{pages}") if k in rest]
        if not positions:
            out.append(css_string(rest))
            break
        index, key = min(positions)
        if index:
            out.append(css_string(rest[:index]))
        out.append("counter(page)" if key == "{page}" else "counter(pages)")
        rest = rest[index + len(key) :]
    return " ".join(out)


def document_date(guide: model.Guide) -> str:
    """The PDF's dates: SOURCE_DATE_EPOCH if set, else the guide's review date.

    Never the wall clock, so the same inputs give a byte-identical PDF.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        moment = datetime.fromtimestamp(int(epoch), tz=UTC)
        return moment.strftime("%Y-%m-%dT%H:%M:%SZ")
    return guide.reviewed_on.isoformat()


def own_direction(text: object) -> str:
    """'rtl' or 'ltr' from a text's first letter with a strong direction (as HTML's
    dir="auto" decides, which WeasyPrint does not support): an English clinic address in
    an Arabic handout must read "12 River Road", not "River Road 12"."""
    import unicodedata

    for char in str(text):
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return "rtl"
        if kind == "L":
            return "ltr"
    return "ltr"


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


@dataclass
class RenderState:
    """What one render call knows (its catalog, language, edition, citation numbers),
    as the functions the templates call. Passed to the templates as the `page` variable,
    so the shared Jinja environment never changes between renders and two renders (or
    two languages) cannot see each other's state."""

    catalog: TemplateCatalog
    inline: Callable[[Inline], Markup]
    plain: Callable[[Inline], str]
    sort_terms: Callable[[tuple[model.Term, ...]], list[model.Term]]
    file_url: Callable[[Any], str]
    block_macro: Callable[[object], Callable[..., Markup]]
    web_assets: list[Path] = field(default_factory=list)  # images a web edition copies


def _state(context: Context) -> RenderState:
    state = context.get("page")
    if not isinstance(state, RenderState):
        raise BuildError("a template was rendered without Renderer.render (no 'page' state)")
    return state


# Filters and gettext functions that need the render's state read it from the template
# context (pass_context); the environment is set up once.
@pass_context
def _inline_filter(context: Context, value: Inline) -> Markup:
    return _state(context).inline(value)


@pass_context
def _plain_filter(context: Context, value: Inline) -> str:
    return _state(context).plain(value)


@pass_context
def _sort_terms_filter(context: Context, terms: tuple[model.Term, ...]) -> list[model.Term]:
    return _state(context).sort_terms(terms)


@pass_context
def _file_url_filter(context: Context, path: Any) -> str:
    return _state(context).file_url(path)


@pass_context
def _gettext(context: Context, message: str) -> Markup:
    return _state(context).catalog.gettext(message)


@pass_context
def _ngettext(context: Context, singular: str, plural: str, n: int) -> Markup:
    return _state(context).catalog.ngettext(singular, plural, n)


@pass_context
def _pgettext(context: Context, message_context: str, message: str) -> Markup:
    return _state(context).catalog.pgettext(message_context, message)


@pass_context
def _npgettext(
    context: Context, message_context: str, singular: str, plural: str, n: int
) -> Markup:
    return _state(context).catalog.npgettext(message_context, singular, plural, n)


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
            gettext=_gettext,
            ngettext=_ngettext,
            newstyle=True,
            pgettext=_pgettext,
            npgettext=_npgettext,
        )
        self.env.filters.update(
            inline=_inline_filter,
            plain=_plain_filter,
            sort_terms=_sort_terms_filter,
            file_url=_file_url_filter,
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
