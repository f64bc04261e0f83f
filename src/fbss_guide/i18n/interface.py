"""The tool's interface strings: shipped translated in the package, overridable per project.

A build looks a text up in three catalogs, first match wins: the project's content
catalog (messages.po), the project's interface overrides (interface.po, optional), the
package's interface catalog for the language. A new guide in any language the package
ships therefore prints "Treatment", "Page 1 of 9" and the verdict words translated,
with nothing to translate but its own content; a language the package lacks gets a
project interface.po from `fbss-guide i18n init`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from fbss_guide.errors import Problem
from fbss_guide.i18n.paths import (
    INTERFACE_DOMAIN,
    PACKAGE_LOCALES,
    babel_code,
    bcp47,
    interface_po_path,
    interface_pot_path,
)

if TYPE_CHECKING:
    import gettext

    from babel.messages.catalog import Catalog, Message

# (msgctxt, msgid, line, state, file) of an interface string a language lacks.
MissingEntry = tuple[str | None, str, int | None, str, Path]


def package_languages() -> list[str]:
    """Languages whose interface strings the package ships, as BCP 47 tags."""
    return sorted(
        bcp47(path.parent.parent.name)
        for path in PACKAGE_LOCALES.glob(f"*/LC_MESSAGES/{INTERFACE_DOMAIN}.po")
    )


def package_catalog_path(language: str) -> Path:
    return PACKAGE_LOCALES / babel_code(language) / "LC_MESSAGES" / f"{INTERFACE_DOMAIN}.po"


def read_interface_template() -> Catalog:
    from fbss_guide.i18n.catalogs import read_catalog

    return read_catalog(interface_pot_path(), PACKAGE_LOCALES)


@dataclass(frozen=True)
class InterfaceLayers:
    """A language's interface catalogs, the project's overrides first."""

    language: str
    override_path: Path
    override: Catalog | None
    package_path: Path
    package: Catalog | None

    @property
    def catalogs(self) -> list[Catalog]:
        return [catalog for catalog in (self.override, self.package) if catalog is not None]

    @property
    def where_to_translate(self) -> Path:
        """Where a translator adds what is missing: the project's file if it has one or
        the package lacks the language, else the package's (the tool's translators)."""
        if self.override is not None or self.package is None:
            return self.override_path
        return self.package_path


def interface_layers(locales_dir: Path, language: str) -> InterfaceLayers:
    from fbss_guide.i18n.catalogs import read_catalog

    override_path = interface_po_path(locales_dir, language)
    package_path = package_catalog_path(language)
    return InterfaceLayers(
        language,
        override_path,
        read_catalog(override_path) if override_path.exists() else None,
        package_path,
        read_catalog(package_path, PACKAGE_LOCALES) if package_path.exists() else None,
    )


def _key(message: Message) -> tuple[str | None, str]:
    msgid = message.id if isinstance(message.id, str) else message.id[0]
    return message.context, msgid


def _translated(message: Message) -> bool:
    strings = message.string if isinstance(message.string, list | tuple) else [message.string]
    return bool(strings) and all(strings) and not message.fuzzy


def missing_interface(layers: InterfaceLayers, template: Catalog) -> list[MissingEntry]:
    """Interface strings no layer translates (a fuzzy entry does not count), each with
    the file where its translation belongs: fuzzy where a layer has it fuzzy."""
    from fbss_guide.i18n.catalogs import FUZZY, MISSING

    found: dict[tuple[str | None, str], Message] = {}
    fuzzy: dict[tuple[str | None, str], tuple[Message, Path]] = {}
    lines: dict[tuple[str | None, str], int | None] = {}  # untranslated entries' lines
    layered = ((layers.override, layers.override_path), (layers.package, layers.package_path))
    for catalog, path in layered:
        if catalog is None:
            continue
        for message in catalog:
            if not message.id:
                continue
            key = _key(message)
            if _translated(message):
                found.setdefault(key, message)
            elif message.fuzzy:
                fuzzy.setdefault(key, (message, path))
            elif path == layers.where_to_translate:
                lines.setdefault(key, message.lineno)
    missing: list[MissingEntry] = []
    for message in template:
        if not message.id or _key(message) in found:
            continue
        context, msgid = _key(message)
        if _key(message) in fuzzy:
            entry, path = fuzzy[_key(message)]
            missing.append((context, msgid, entry.lineno, FUZZY, path))
        else:
            line = lines.get(_key(message))
            missing.append((context, msgid, line, MISSING, layers.where_to_translate))
    return missing


def _entry_name(message: Message) -> str:
    context, msgid = _key(message)
    return f"msgctxt '{context}'" if context else f"msgid '{msgid[:50]}'"


def override_problems(layers: InterfaceLayers, template: Catalog) -> list[Problem]:
    """An entry of a project's interface.po that matches no interface string overrides
    nothing: a warning (the tool may have renamed the string), naming the line."""
    if layers.override is None:
        return []
    known = {_key(message) for message in template if message.id}
    return [
        Problem(
            str(layers.override_path),
            message.lineno,
            f"msgctxt '{message.context}'"
            if message.context
            else f"msgid '{_key(message)[1][:50]}'",
            "this entry overrides no interface string of the tool, so it is never shown",
            "run 'fbss-guide i18n update' (it marks such entries obsolete), or fix its msgid "
            "to match the tool's text",
            severity="warning",
        )
        for message in layers.override
        if message.id and _key(message) not in known
    ]


def with_interface(
    content: gettext.NullTranslations, layers: InterfaceLayers
) -> gettext.NullTranslations:
    """The content translations, falling back to the overrides, then the package.

    Each catalog is compiled fresh, so no two builds share a fallback chain (gettext's
    add_fallback changes the chain's last link)."""
    from fbss_guide.i18n.catalogs import compile_translations

    for catalog in layers.catalogs:
        content.add_fallback(compile_translations(catalog))
    return content
