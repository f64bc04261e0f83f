"""Reading, counting and compiling the gettext catalogs under locales/."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

from fbss_guide.i18n.paths import (  # noqa: F401 (re-exported)
    DOMAIN,
    SOURCE_LANGUAGE,
    available_languages,
    babel_code,
    bcp47,
    po_path,
    pot_path,
)


def read_catalog(path: Path) -> Catalog:
    """Parse a catalog; a file that is not UTF-8 is an error naming its first bad line."""
    from fbss_guide.errors import ContentError, Problem

    data = path.read_bytes()
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ContentError(
            [
                Problem(
                    str(path),
                    line,
                    "",
                    f"the file is not valid UTF-8 (byte 0x{data[error.start]:02x})",
                    "save the catalog as UTF-8 (Poedit and Weblate do); check that the "
                    "header says charset=UTF-8",
                )
            ]
        ) from None
    return read_po(io.BytesIO(data), abort_invalid=False)


def _is_translated(message: Message) -> bool:
    strings = message.string if isinstance(message.string, list | tuple) else [message.string]
    return all(strings) and bool(strings)


@dataclass
class CatalogStats:
    """Counts that treat fuzzy entries as not translated (Babel's own counts do not)."""

    translated: int = 0
    fuzzy: int = 0
    untranslated: int = 0
    # (msgctxt, msgid, line) of every fuzzy or untranslated entry
    missing: list[tuple[str | None, str, int | None]] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.translated + self.fuzzy + self.untranslated

    @property
    def ratio(self) -> float:
        return self.translated / self.total if self.total else 1.0


def catalog_stats(catalog: Catalog) -> CatalogStats:
    stats = CatalogStats()
    for message in catalog:
        if not message.id:  # the header
            continue
        msgid = message.id if isinstance(message.id, str) else message.id[0]
        if message.fuzzy:
            stats.fuzzy += 1
            stats.missing.append((message.context, msgid, message.lineno))
        elif _is_translated(message):
            stats.translated += 1
        else:
            stats.untranslated += 1
            stats.missing.append((message.context, msgid, message.lineno))
    return stats


def compile_translations(catalog: Catalog) -> Translations:
    """Compile a catalog to .mo in memory and load it (fuzzy entries are left out)."""
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return Translations(fp=buffer, domain=DOMAIN)


def compile_to_file(catalog: Catalog, target: Path) -> None:
    from fbss_guide.atomic import atomic_write_bytes

    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    atomic_write_bytes(target, buffer.getvalue())
