"""Citations: references numbered in the order the reader meets them, the markers taken
out where a text is printed without them, short author lists for the list of sources.
"""

from __future__ import annotations

from typing import Any, cast

from fbss_guide.guide import model
from fbss_guide.guide.markup import (
    Bold,
    Cite,
    Inline,
    Link,
    Placeholder,
    Text,
    Token,
    citation_ids,
    parse,
)
from fbss_guide.guide.model import iter_inlines


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


def short_authors(authors: str, keep: int = 3) -> str:
    """Vancouver-style short author list: the first three names, then 'et al.'."""
    names = [name.strip() for name in authors.split(",") if name.strip()]
    if names and names[-1] == "et al.":
        names = names[:-1]
        return ", ".join(names[:keep]) + ", et al."
    if len(names) > keep:
        return ", ".join(names[:keep]) + ", et al."
    return authors
