import gettext
import re
from collections.abc import Iterator
from html import unescape
from pathlib import Path

from babel import Locale
from babel.dates import format_date
from checkout import DEFAULT_CONTENT, DEFAULT_TEMPLATES

from fbss_guide.blocks.contacts import Contact, Contacts
from fbss_guide.checks.html_structure import check_html
from fbss_guide.guide.content import load_guide
from fbss_guide.guide.markup import Inline, to_plain
from fbss_guide.guide.model import Guide, iter_inlines
from fbss_guide.render.formatting import locale_placeholders, page_counter_css, short_url
from fbss_guide.render.renderer import Renderer, RenderOptions


class MarkingTranslations(gettext.NullTranslations):
    """Wraps every translated string in ⟦⟧ so untranslated template text stands out."""

    def gettext(self, message: str) -> str:
        return f"⟦{message}⟧"

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return f"⟦{singular if n == 1 else plural}⟧"

    def pgettext(self, context: str, message: str) -> str:
        return message  # content text: tested separately

    def npgettext(self, context: str, singular: str, plural: str, n: int) -> str:
        return singular if n == 1 else plural


def iter_contacts(guide: Guide) -> Iterator[Contact]:
    for section in guide.sections:
        for block in section.blocks:
            if isinstance(block, Contacts):
                yield from block.rows


def render(content: Path, **options: object) -> str:
    guide = load_guide(content)
    return Renderer(DEFAULT_TEMPLATES).render(guide, RenderOptions(**options))  # type: ignore[arg-type]


def test_html_follows_the_structure_rules(small_content: Path) -> None:
    html = render(small_content)
    assert check_html(html) == []
    assert '<html lang="en" dir="ltr">' in html
    assert "<title>Test handout</title>" in html


def test_citations_are_numbered_and_link_to_the_reference(small_content: Path) -> None:
    html = render(small_content)
    assert '<a class="cite" href="#ref-smith-2020" aria-label="Source 1">1</a>' in html
    # Print editions name the first author only, to save space in the page limit.
    assert '<li id="ref-smith-2020">Smith A, et al. A review of things.' in html


def test_web_edition_keeps_up_to_three_authors(small_content: Path) -> None:
    html = render(small_content, medium="screen")
    assert '<li id="ref-smith-2020">Smith A, Jones B. A review of things.' in html


def test_emergency_placeholder_defaults_and_takes_a_number(small_content: Path) -> None:
    assert "Call emergency services now" in render(small_content)
    # A number is isolated left to right, so right-to-left text cannot reorder it.
    assert 'Call <bdi dir="ltr">999</bdi> now' in render(small_content, emergency_number="999")


def test_every_fixed_template_string_goes_through_gettext() -> None:
    """Render the real handout with a catalog that marks every msgid: any visible text
    that is neither marked nor content from YAML must be a template string that
    bypasses gettext."""
    guide = load_guide(DEFAULT_CONTENT)
    html = Renderer(DEFAULT_TEMPLATES).render(guide, RenderOptions(), MarkingTranslations())
    body = html.split("<body>", 1)[1]
    # The reference list prints reference data (authors, titles), not template text.
    body = re.sub(r'<ol class="references"[^>]*>.*?</ol>', "", body, flags=re.S)
    content_text = " ".join(
        to_plain(item.tokens, locale_placeholders(Locale.parse("en"), "⟦emergency services⟧"))
        for item in iter_inlines(guide)
        if isinstance(item, Inline)
    )
    reference_text = " ".join(
        " ".join(str(value) for value in vars(ref).values()) for ref in guide.references.values()
    )
    dates = [format_date(d, "long", locale="en") for d in (guide.reviewed_on, guide.next_review)]
    # A help source's web address is content data, the same in every language: it is
    # printed as written in the YAML (shortened), never a string for translators.
    addresses = [short_url(row.web) for row in iter_contacts(guide) if row.web]
    known = " ".join([content_text, reference_text, guide.version, *dates, *addresses])
    leftovers = []
    for fragment in re.sub(r"<[^>]+>", "\n", body).splitlines():
        fragment = unescape(fragment).strip(' ·:[],.“”"')
        if re.search(r"[A-Za-z]{2}", fragment) and "⟦" not in fragment and fragment not in known:
            leftovers.append(fragment)
    assert leftovers == []


def test_page_counter_css_keeps_translated_word_order() -> None:
    assert page_counter_css("Page {page} of {pages}") == (
        '"Page " counter(page) " of " counter(pages)'
    )
    assert page_counter_css("{page}/{pages} 页") == 'counter(page) "/" counter(pages) " 页"'


def test_css_strings_cannot_close_the_style_element() -> None:
    from fbss_guide.render.formatting import css_string

    quoted = css_string('Title "quoted" </style><script>x</script>')
    assert "</style>" not in quoted and "<" not in quoted
    assert quoted.startswith('"') and quoted.endswith('"')
