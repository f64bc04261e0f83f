"""The inline markup of content text: a tiny, safe subset.

Allowed: `**bold**`, citation markers `[@id]` / `[@a; @b]`, links `[text](https://...)` and
the placeholder `{emergency}`. Anything that looks like HTML is rejected rather than
escaped, so an editor learns at once that it will not work; all text is escaped on output.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from html import escape

from markupsafe import Markup

from fbss_guide.inputs.textguard import bad_characters, describe

# {emergency} prints the clinic's emergency number or "emergency services";
# {percent:40} and {percent:10-40} print percentages, {number:1842} numbers, each in the
# reader's language (Babel: "40 %" in French, "1.842" in German).
PLACEHOLDERS = ("emergency", "percent", "number")
_NEEDS_ARGUMENT = {"percent", "number"}
LINK_SCHEMES = ("https://", "http://", "mailto:", "tel:")
REF_ID = r"[a-z0-9][a-z0-9-]*"

_HTML_LIKE = re.compile(r"<\s*(?:[/?]?\s*[A-Za-z]|!)")
_CITE = re.compile(rf"\[@({REF_ID}(?:\s*;\s*@{REF_ID})*)\]")
_LINK = re.compile(r"\[([^\[\]@][^\[\]]*)\]\(([^()\s]+)\)")
_PLACEHOLDER = re.compile(r"\{([a-z_]+)(?::([0-9]+(?:\.[0-9]+)?(?:-[0-9]+(?:\.[0-9]+)?)?))?\}")


class MarkupError(ValueError):
    """The text breaks the inline markup rules; the message says how."""


@dataclass(frozen=True)
class Text:
    text: str


@dataclass(frozen=True)
class Cite:
    ids: tuple[str, ...]


@dataclass(frozen=True)
class Link:
    text: str
    url: str


@dataclass(frozen=True)
class Placeholder:
    name: str
    argument: str | None = None


@dataclass(frozen=True)
class Bold:
    children: tuple[Text | Cite | Link | Placeholder, ...]


Token = Text | Cite | Link | Placeholder | Bold


# Tab and line feed are whitespace in YAML text; a carriage return never comes from YAML
# (it normalises line ends) and in a catalog string it can end a CSS string.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffe\uffff]")


def check_plain(source: str) -> None:
    """The rule every text shares, content and template strings alike: no control or
    invisible characters, no HTML. Raise MarkupError naming the first problem."""
    control = _CONTROL.search(source)
    if control:
        raise MarkupError(
            f"invisible control character U+{ord(control.group()):04X} in the text; "
            "delete it (it often comes from copying from another program)"
        )
    hidden = bad_characters(source)
    if hidden:
        raise MarkupError(f"{describe(hidden[0])}; delete it")
    tag = _HTML_LIKE.search(source)
    if tag:
        snippet = source[tag.start() : tag.start() + 12]
        raise MarkupError(
            f"raw HTML is not allowed (found '{snippet}'); use **bold**, [@ref-id] or "
            "[text](https://...) instead"
        )


@lru_cache(maxsize=16_384)
def parse(source: str) -> tuple[Token, ...]:
    """Parse inline markup into tokens, or raise MarkupError naming the problem.

    Tokens are immutable, so a text parsed once (each text is parsed for every edition
    of its language) is remembered; a refused text raises again every time."""
    check_plain(source)
    parts = source.split("**")
    if len(parts) % 2 == 0:
        raise MarkupError("unbalanced '**': every bold text needs an opening and closing '**'")
    tokens: list[Token] = []
    for index, part in enumerate(parts):
        inner = _parse_plain(part)
        if index % 2 == 1:
            if not part.strip():
                raise MarkupError("empty bold text '****'")
            tokens.append(Bold(tuple(inner)))
        else:
            tokens.extend(inner)
    return tuple(tokens)


_INLINE = re.compile(f"{_CITE.pattern}|{_LINK.pattern}|{_PLACEHOLDER.pattern}")


def _parse_plain(source: str) -> list[Text | Cite | Link | Placeholder]:
    tokens: list[Text | Cite | Link | Placeholder] = []
    position = 0
    for match in _INLINE.finditer(source):
        _append_text(tokens, source[position : match.start()])
        cite, link_text, link_url, name, argument = match.groups()
        if cite is not None:
            ids = tuple(part.strip().lstrip("@") for part in cite.split(";"))
            repeated = sorted({ref for ref in ids if ids.count(ref) > 1})
            if repeated:
                raise MarkupError(f"citation marker names '{repeated[0]}' twice; cite it once")
            tokens.append(Cite(ids))
        elif link_text is not None:
            if not link_url.startswith(LINK_SCHEMES):
                raise MarkupError(
                    f"link '{link_url}' must start with https://, http://, mailto: or tel:"
                )
            tokens.append(Link(link_text, link_url))
        else:
            if name not in PLACEHOLDERS:
                raise MarkupError(
                    f"unknown placeholder '{{{name}}}'; allowed: {{emergency}}, "
                    "{percent:40}, {percent:10-40}, {number:1842}"
                )
            if (argument is None) == (name in _NEEDS_ARGUMENT):
                raise MarkupError(
                    f"placeholder '{match.group(0)}' "
                    + (
                        "needs a number, as in {percent:40}"
                        if argument is None
                        else "takes no number"
                    )
                )
            tokens.append(Placeholder(name, argument))
        position = match.end()
    _append_text(tokens, source[position:])
    return tokens


def _append_text(tokens: list[Text | Cite | Link | Placeholder], text: str) -> None:
    if not text:
        return
    if "[@" in text:
        raise MarkupError(
            "broken citation marker: write [@ref-id] or [@first-id; @second-id] "
            "with ids in lowercase letters, digits and hyphens"
        )
    if "](" in text:
        raise MarkupError(
            "broken link: write [text](address); the address must start with https://, "
            "http://, mailto: or tel: and contain no spaces or brackets"
        )
    if "{" in text or "}" in text:
        raise MarkupError(
            "curly braces are only allowed around a placeholder: {emergency}, "
            "{percent:40}, {number:1842}"
        )
    tokens.append(Text(text))


@dataclass(frozen=True)
class Inline:
    """A piece of content text with its translation context (msgctxt)."""

    source: str
    context: str
    tokens: tuple[Token, ...] = field(default=(), compare=False)
    line: int = field(default=0, compare=False)

    @classmethod
    def parse(cls, source: str, context: str, line: int = 0) -> Inline:
        return cls(source, context, parse(source), line)

    def citations(self) -> list[str]:
        return list(citation_ids(self.tokens))

    def __str__(self) -> str:
        return self.source


def citation_ids(tokens: tuple[Token, ...]) -> list[str]:
    found: list[str] = []
    for token in tokens:
        if isinstance(token, Cite):
            found.extend(token.ids)
        elif isinstance(token, Bold):
            found.extend(citation_ids(token.children))
    return found


CiteFormatter = Callable[[tuple[str, ...]], Markup]
# A placeholder's value: fixed text, or a function of its argument (locale formatting).
PlaceholderValue = str | Callable[[str], str]


def placeholder_text(token: Placeholder, values: Mapping[str, PlaceholderValue]) -> str:
    value = values[token.name]
    if callable(value):
        return value(token.argument or "")
    return value


def to_html(
    tokens: tuple[Token, ...], cite: CiteFormatter, placeholders: Mapping[str, PlaceholderValue]
) -> Markup:
    """Render tokens to escaped HTML."""
    out: list[str] = []
    for token in tokens:
        if isinstance(token, Text):
            out.append(escape(token.text, quote=False))
        elif isinstance(token, Bold):
            out.append(f"<strong>{to_html(token.children, cite, placeholders)}</strong>")
        elif isinstance(token, Cite):
            out.append(str(cite(token.ids)))
        elif isinstance(token, Link):
            out.append(f'<a href="{escape(token.url)}">{escape(token.text, quote=False)}</a>')
        else:
            out.append(_isolated(placeholder_text(token, placeholders)))
    return Markup("".join(out))


# A phone or emergency number: digits, spaces, + ( ) - and dots.
_PHONE = re.compile(r"^\+?[0-9][0-9 ().-]*$")


def _isolated(value: str) -> str:
    """A placeholder's value, escaped. A number is isolated left to right: inside
    Arabic text "+44 20 7946 0000" would otherwise show as "0000 7946 20 44+"."""
    text = escape(value, quote=False)
    return f'<bdi dir="ltr">{text}</bdi>' if _PHONE.match(value.strip()) else str(text)


def to_plain(tokens: tuple[Token, ...], placeholders: Mapping[str, PlaceholderValue]) -> str:
    """The words a reader sees, without citation markers (for readability scoring)."""
    out: list[str] = []
    for token in tokens:
        if isinstance(token, Text):
            out.append(token.text)
        elif isinstance(token, Bold):
            out.append(to_plain(token.children, placeholders))
        elif isinstance(token, Link):
            out.append(token.text)
        elif isinstance(token, Placeholder):
            out.append(placeholder_text(token, placeholders))
    return re.sub(r"\s+([.,;:!?])", r"\1", re.sub(r"\s+", " ", "".join(out))).strip()
