"""Reading, counting and compiling the gettext catalogs under locales/."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

# Still importable from here for older callers; the package imports them from paths.
from fbss_guide.i18n.paths import (  # noqa: F401
    DOMAIN,
    SOURCE_LANGUAGE,
    available_languages,
    babel_code,
    bcp47,
    po_path,
    pot_path,
)


def read_catalog(path: Path, root: Path | None = None) -> Catalog:
    """Read a catalog, refusing what could hide text or harm the machine.

    Only a regular file inside `root` (default: the locales folder) below 2 MB is read;
    a file that is not UTF-8 is an error naming its first bad line, and invisible
    characters (bidi controls and the like) are errors with their line. Raise
    ContentError naming the file and line.
    """
    from fbss_guide.errors import ContentError, Problem
    from fbss_guide.inputs.safe_input import InputRefused, read_input_bytes
    from fbss_guide.inputs.textguard import file_problems

    shown = str(path)
    try:
        data = read_input_bytes(path, root if root is not None else _locales_root(path))
    except InputRefused as refused:
        raise ContentError([Problem(shown, None, "", refused.message, refused.hint)]) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ContentError(
            [
                Problem(
                    shown,
                    line,
                    "",
                    f"the file is not valid UTF-8 (byte 0x{data[error.start]:02x})",
                    "save the catalog as UTF-8 (Poedit and Weblate do); check that the "
                    "header says charset=UTF-8",
                )
            ]
        ) from None
    hidden = file_problems(text, shown)
    if hidden:
        raise ContentError(hidden)
    return read_po(io.BytesIO(data), abort_invalid=False)


def _locales_root(path: Path) -> Path:
    """locales/ for locales/<ll>/LC_MESSAGES/x.po, else the file's own folder."""
    if path.parent.name == "LC_MESSAGES" and len(path.parents) >= 3:
        return path.parents[2]
    return path.parent


def _is_translated(message: Message) -> bool:
    strings = message.string if isinstance(message.string, list | tuple) else [message.string]
    return all(strings) and bool(strings)


FUZZY = "fuzzy"  # translated, but marked for review: the build shows the English
MISSING = "missing"  # not translated, or not in the catalog at all


@dataclass
class CatalogStats:
    """Counts that treat fuzzy entries as not translated (Babel's own counts do not)."""

    translated: int = 0
    fuzzy: int = 0
    untranslated: int = 0
    # (msgctxt, msgid, line, "fuzzy" or "missing") of every fuzzy or untranslated entry
    missing: list[tuple[str | None, str, int | None, str]] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.translated + self.fuzzy + self.untranslated

    @property
    def ratio(self) -> float:
        return self.translated / self.total if self.total else 1.0


def catalog_stats(catalog: Catalog, template: Catalog | None = None) -> CatalogStats:
    """Counts per state; with the template, messages the file lacks count as untranslated
    (an empty or truncated catalog is not complete just because it has few entries)."""
    stats = CatalogStats()
    if template is not None:
        from fbss_guide.checks.catalog_structure import message_key, missing_messages

        for message in missing_messages(catalog, template):
            stats.untranslated += 1
            stats.missing.append((*message_key(message), None, MISSING))
    for message in catalog:
        if not message.id:  # the header
            continue
        msgid = message.id if isinstance(message.id, str) else message.id[0]
        if message.fuzzy:
            stats.fuzzy += 1
            stats.missing.append((message.context, msgid, message.lineno, FUZZY))
        elif _is_translated(message):
            stats.translated += 1
        else:
            stats.untranslated += 1
            stats.missing.append((message.context, msgid, message.lineno, MISSING))
    return stats


def compile_translations(catalog: Catalog) -> Translations:
    """Compile a catalog to .mo in memory and load it (fuzzy entries are left out)."""
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return Translations(fp=buffer, domain=DOMAIN)


def compile_to_file(catalog: Catalog, target: Path) -> None:
    from fbss_guide.output_dir.atomic import atomic_write_bytes

    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    atomic_write_bytes(target, buffer.getvalue())


def read_template(locales_dir: Path) -> Catalog:
    """messages.pot, which every catalog is compared with; its absence is an error."""
    from fbss_guide.errors import ContentError, Problem

    path = pot_path(locales_dir)
    if not path.exists():
        raise ContentError(
            [
                Problem(
                    str(path),
                    None,
                    "",
                    "messages.pot is missing, so the catalogs cannot be checked for completeness",
                    "run 'fbss-guide i18n extract'",
                )
            ]
        )
    return read_catalog(path)


def untranslated_notice(
    language: str, missing: list[tuple[str | None, str, int | None, str, Path]]
) -> str:
    """What a draft shows in English, one entry a line: fuzzy entries first (a
    translation is there, waiting for review), then the missing ones; grouped by the
    catalog they belong in (the content's, then the interface strings')."""
    count = len(missing)
    lines = [
        f"{language}: {count} {'entry is' if count == 1 else 'entries are'} shown in English "
        '(tagged lang="en"); the edition is marked as a draft:'
    ]
    files = list(dict.fromkeys(path for *_, path in missing))
    for file in files:
        if len(files) > 1 or file.name != f"{DOMAIN}.po":
            lines.append(f"  in {file}:")
        for state in (FUZZY, MISSING):
            for context, msgid, line, entry_state, path in missing:
                if entry_state == state and path == file:
                    name = f"msgctxt {context!r}" if context else f"msgid {msgid[:50]!r}"
                    where = f" (line {line})" if line else ""
                    lines.append(f"  {state:<7}  {name}{where}")
    return "\n".join(lines)
