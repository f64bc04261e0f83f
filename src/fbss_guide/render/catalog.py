"""Template strings translated and escaped: every msgstr a template asks for passes the
same plain-text rule as content (no HTML, no control or invisible characters) and comes
back as escaped text; a missing translation is told from one equal to the English.
"""

from __future__ import annotations

import copy
import gettext

from markupsafe import Markup, escape

from fbss_guide.errors import BuildError
from fbss_guide.guide.markup import MarkupError, check_plain


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
        # The catalog falls back to the interface catalogs (i18n/interface.py), and
        # add_fallback changes a chain's last link: every link is copied, so the
        # recorder ends this chain only.
        # (`_fallback` is CPython's gettext attribute; typeshed does not declare it.)
        self._catalog = copy.copy(catalog)
        link = self._catalog
        while (after := vars(link).get("_fallback")) is not None:
            vars(link)["_fallback"] = after = copy.copy(after)
            link = after
        link.add_fallback(self._recorder)

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
