"""What one render knows (`RenderState`), passed to the templates as `page`, and the
filters and gettext functions of the shared Jinja environment that read it from the
template context: the environment never changes between renders.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup

from fbss_guide.errors import BuildError
from fbss_guide.guide import model
from fbss_guide.guide.markup import Inline
from fbss_guide.render.catalog import TemplateCatalog


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
def inline_filter(context: Context, value: Inline) -> Markup:
    return _state(context).inline(value)


@pass_context
def plain_filter(context: Context, value: Inline) -> str:
    return _state(context).plain(value)


@pass_context
def sort_terms_filter(context: Context, terms: tuple[model.Term, ...]) -> list[model.Term]:
    return _state(context).sort_terms(terms)


@pass_context
def file_url_filter(context: Context, path: Any) -> str:
    return _state(context).file_url(path)


@pass_context
def page_gettext(context: Context, message: str) -> Markup:
    return _state(context).catalog.gettext(message)


@pass_context
def page_ngettext(context: Context, singular: str, plural: str, n: int) -> Markup:
    return _state(context).catalog.ngettext(singular, plural, n)


@pass_context
def page_pgettext(context: Context, message_context: str, message: str) -> Markup:
    return _state(context).catalog.pgettext(message_context, message)


@pass_context
def page_npgettext(
    context: Context, message_context: str, singular: str, plural: str, n: int
) -> Markup:
    return _state(context).catalog.npgettext(message_context, singular, plural, n)
