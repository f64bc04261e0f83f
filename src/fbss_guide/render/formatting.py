"""Text the templates print, formatted for one language and medium: Babel numbers and
percentages, dates for the PDF, CSS strings, page counters, short addresses and QR
codes, a text's own direction, Korean word joiners for print.
"""

from __future__ import annotations

import os
import re
import unicodedata
from datetime import UTC, datetime
from typing import cast

from babel import Locale
from babel.numbers import format_decimal, format_percent
from markupsafe import Markup

from fbss_guide.guide import model
from fbss_guide.guide.markup import Bold, Cite, Link, Placeholder, PlaceholderValue, Text, Token
from fbss_guide.inputs.textguard import BIDI_CONTROLS


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
