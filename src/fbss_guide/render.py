"""Turn a Guide into HTML with Jinja2: escaped text, gettext for every fixed string."""

from __future__ import annotations

import gettext
import os
from collections.abc import Iterator
from dataclasses import dataclass, fields, is_dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from babel import Locale
from babel.dates import format_date
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from fbss_guide import fonts, model
from fbss_guide.labels import CERTAINTY_LABELS, EFFECT_LABELS, N_, VERDICT_LABELS, Label
from fbss_guide.markup import Inline, citation_ids, parse, to_html, to_plain

KIND_NAMES = {
    model.Heading: "heading",
    model.Paragraph: "paragraph",
    model.Bullets: "bullets",
    model.Steps: "steps",
    model.Callout: "callout",
    model.OptionsTable: "options_table",
    model.Claims: "claims",
    model.Checklist: "checklist",
    model.Glossary: "glossary",
    model.Figure: "figure",
    model.ReferenceList: "references",
    model.ReviewInfo: "review_info",
}

REFERENCE_TYPE_WORDS = {
    model.ReferenceType.GUIDELINE: N_("guideline"),
    model.ReferenceType.SYSTEMATIC_REVIEW: N_("systematic review"),
    model.ReferenceType.RANDOMISED_TRIAL: N_("randomised trial"),
    model.ReferenceType.COHORT: N_("cohort study"),
    model.ReferenceType.CASE_SERIES: N_("case series"),
    model.ReferenceType.EXPERT_OPINION: N_("expert opinion"),
    model.ReferenceType.REGULATOR_NOTICE: N_("regulator notice"),
}


# Printed on every page of an edition whose translation is not reviewed: once in the
# edition's language and once in English, so a clinician can tell at a glance.
DRAFT_NOTICE = N_("Draft translation: not yet reviewed by a qualified medical translator")


@dataclass(frozen=True)
class RenderOptions:
    """What varies between editions of the same guide."""

    language: str = "en"
    emergency_number: str | None = None
    draft: bool = False


def iter_inlines(value: Any) -> Iterator[Inline | tuple[str, ...]]:
    """Walk the model in reading order, yielding text fields and citation lists."""
    if isinstance(value, Inline):
        yield value
    elif isinstance(value, tuple):
        if value and all(isinstance(item, str) for item in value):
            yield value
        else:
            for item in value:
                yield from iter_inlines(item)
    elif is_dataclass(value) and not isinstance(value, type):
        for field in fields(value):
            yield from iter_inlines(getattr(value, field.name))


def number_citations(guide: model.Guide, translate: Any) -> dict[str, int]:
    """Number references in order of first use, as the reader meets them."""
    numbers: dict[str, int] = {}
    for section in guide.sections:
        for item in iter_inlines(section):
            ids = citation_ids(parse(translate(item))) if isinstance(item, Inline) else list(item)
            for ref in ids:
                numbers.setdefault(ref, len(numbers) + 1)
    return numbers


def short_authors(authors: str, keep: int = 3) -> str:
    """Vancouver-style short author list: the first three names, then 'et al.'."""
    names = [name.strip() for name in authors.split(",") if name.strip()]
    if names and names[-1] == "et al.":
        names = names[:-1]
        return ", ".join(names[:keep]) + ", et al."
    if len(names) > keep:
        return ", ".join(names[:keep]) + ", et al."
    return authors


def css_string(text: str) -> Markup:
    """Quote text as a CSS string literal, safe inside a <style> element."""
    escaped = (
        text.replace("\\", "\\\\")
        .replace('"', '\\"')
        .replace("\n", " ")
        .replace("<", "\\3C ")
        .replace(">", "\\3E ")
    )
    return Markup(f'"{escaped}"')


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


class Renderer:
    """Holds the Jinja2 environment; renders one guide for one language and edition."""

    def __init__(self, templates_dir: Path) -> None:
        self.templates_dir = templates_dir.resolve()
        self.env = Environment(
            loader=FileSystemLoader(str(self.templates_dir)),
            autoescape=True,
            undefined=StrictUndefined,
            extensions=["jinja2.ext.i18n"],
            trim_blocks=False,
            lstrip_blocks=False,
        )
        # Same whitespace collapsing as the extractor, so msgids match at run time.
        self.env.policies["ext.i18n.trimmed"] = True

    def render(
        self,
        guide: model.Guide,
        options: RenderOptions,
        translations: gettext.NullTranslations | None = None,
    ) -> str:
        catalog = translations or gettext.NullTranslations()
        self.env.install_gettext_translations(catalog, newstyle=True)
        _ = catalog.gettext

        def translate(inline: Inline) -> str:
            return catalog.pgettext(inline.context, inline.source)

        placeholders = {
            "emergency": options.emergency_number or _("emergency services"),
        }
        numbers = number_citations(guide, translate)

        def cite(ids: tuple[str, ...]) -> Markup:
            links = [
                f'<a class="cite" href="#ref-{escape(ref)}">{numbers.get(ref, "?")}</a>'
                for ref in ids
            ]
            return Markup("[" + ", ".join(links) + "]")

        def inline(value: Inline) -> Markup:
            return to_html(parse(translate(value)), cite, placeholders)

        def plain(value: Inline) -> str:
            return to_plain(parse(translate(value)), placeholders)

        def label(entry: Label, group: str) -> Markup:
            return Markup(
                f'<span class="label {group} {entry.css_class}">'
                f'<span class="label-symbol">{escape(entry.symbol)}</span> '
                f"{escape(_(entry.word))}</span>"
            )

        locale = Locale.parse(options.language.replace("-", "_"))
        reviewed = format_date(guide.reviewed_on, format="long", locale=locale)
        ordered_refs = sorted(
            guide.references.values(), key=lambda ref: numbers.get(ref.id, 10_000)
        )
        title = plain(guide.title)
        self.env.filters.update(
            inline=inline,
            plain=plain,
            kind=lambda block: KIND_NAMES[type(block)],
            css_string=css_string,
            short_authors=short_authors,
            sentence=lambda text: text if text.rstrip().endswith((".", "?", "!")) else text + ".",
            file_url=lambda path: Path(path).resolve().as_uri(),
        )
        template = self.env.get_template("handout.html.j2")
        return template.render(
            guide=guide,
            lang=options.language,
            direction=locale.text_direction,
            keywords=[plain(word) for word in guide.keywords],
            stylesheet_url=(self.templates_dir / "print.css").as_uri(),
            font_stack=Markup(fonts.css_font_stack(options.language)),
            footer_left=_("%(title)s · Reviewed %(date)s") % {"title": title, "date": reviewed},
            page_counter_css=Markup(page_counter_css(_("Page {page} of {pages}"))),
            reviewed_on=reviewed,
            draft=options.draft,
            draft_notice=_(DRAFT_NOTICE),
            draft_notice_en=DRAFT_NOTICE,
            document_date=document_date(guide),
            next_review=format_date(guide.next_review, format="long", locale=locale),
            references=ordered_refs,
            cite=lambda ids: cite(tuple(ids)),
            effect_label=lambda value: label(EFFECT_LABELS[value], "effect"),
            certainty_label=lambda value: label(CERTAINTY_LABELS[value], "certainty"),
            verdict_label=lambda value: label(VERDICT_LABELS[value], "verdict"),
            reference_type_label=lambda value: _(REFERENCE_TYPE_WORDS[value]),
        )
