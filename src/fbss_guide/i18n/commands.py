"""The `fbss-guide i18n` commands: thin wrappers around Babel's own tools.

Babel does the gettext work (extraction with the mapping in pyproject.toml, init with
correct plural headers, update with --previous, compile); these wrappers fix the options
so every run is the same, and add what Babel lacks (honest statistics).
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.messages.frontend import CommandLineInterface

from fbss_guide import __version__
from fbss_guide.atomic import atomic_write_text
from fbss_guide.errors import BuildError
from fbss_guide.i18n.catalogs import (
    DOMAIN,
    available_languages,
    babel_code,
    catalog_stats,
    compile_to_file,
    po_path,
    pot_path,
    read_catalog,
)
from fbss_guide.i18n.review import load_review


def _pybabel(*args: str, cwd: Path | None = None) -> None:
    logging.getLogger("babel").setLevel(logging.WARNING)
    previous = Path.cwd()
    try:
        if cwd is not None:
            os.chdir(cwd)
        CommandLineInterface().run(["pybabel", "-q", *args])
    except SystemExit as exit_:
        if exit_.code:
            raise BuildError(f"pybabel {args[0]} failed (exit {exit_.code})") from None
    finally:
        os.chdir(previous)


def extract(project_root: Path, locales_dir: Path) -> Path:
    """Write locales/messages.pot from templates, Python code and content YAML."""
    target = pot_path(locales_dir)
    _pybabel(
        "extract",
        "-F",
        str(project_root / "pyproject.toml"),
        "-k",
        "N_",
        "--add-comments=TRANSLATORS:",
        "--strip-comments",
        "--no-wrap",
        "--sort-by-file",
        "--project=fbss-guide",
        f"--version={__version__}",
        "--msgid-bugs-address=https://github.com/fbss-guide/fbss-guide/issues",
        "--ignore-dirs=.* _* output tests",
        "-o",
        str(target.resolve()),
        ".",  # relative, so locations in the .pot read content/sections/...:12
        cwd=project_root,
    )
    return target


def _catalog_arguments(locales_dir: Path, language: str) -> list[str]:
    """What init and update both pass: template, folder, domain, language, no wrapping."""
    return [
        "-i",
        str(pot_path(locales_dir)),
        "-d",
        str(locales_dir),
        "-D",
        DOMAIN,
        "-l",
        babel_code(language),
        "--no-wrap",
    ]


def init(locales_dir: Path, language: str) -> Path:
    """Start a catalog for a new language (Babel writes the plural-forms header)."""
    target = po_path(locales_dir, language)
    if target.exists():
        raise BuildError(f"{target} already exists; use 'fbss-guide i18n update' instead")
    try:  # fail early on an unknown language code
        Locale.parse(babel_code(language))
    except (UnknownLocaleError, ValueError):
        raise BuildError(
            f"'{language}' is not a language code Babel knows; use a code such as it, pt-BR "
            "or zh-Hans (ISO 639 language, optional script or region)"
        ) from None
    _pybabel("init", *_catalog_arguments(locales_dir, language))
    add_neutral_readability(locales_dir / "readability.yaml", language)
    return target


# Until someone configures a formula validated for the language (docs/translating.md), a
# new language is measured by mean sentence length, which does not depend on the
# language's words; the limits are those used for Portuguese and Arabic.
NEUTRAL_MEASURE = (
    "  # A language-neutral measure: no readability formula validated for this language is\n"
    "  # configured yet. To add one, see docs/translating.md, 'Readability'.\n"
    "  measures:\n"
    "    mean-sentence-words: {section: 16, median: 14, strict: 12, block_tolerance: 3}\n"
)


def add_neutral_readability(config: Path, language: str) -> bool:
    """Give a new language a readability entry, so its first draft builds at once.
    Appends text (keeping the file's comments); returns False if it had one already."""
    if not config.exists():
        return False
    text = config.read_text(encoding="utf-8")
    if any(line.split(":")[0] == language for line in text.splitlines() if line[:1].strip()):
        return False
    if text and not text.endswith("\n"):
        text += "\n"
    atomic_write_text(config, text + f"{language}:\n" + NEUTRAL_MEASURE)
    return True


def update(locales_dir: Path) -> list[Path]:
    """Merge the .pot into every catalog, keeping every existing translation.

    Changed source text becomes fuzzy with the old msgid kept (--previous); removed
    entries stay in the file as obsolete (#~) rather than being deleted.
    """
    languages = available_languages(locales_dir)
    for language in languages:
        _pybabel("update", *_catalog_arguments(locales_dir, language), "--previous")
        _join_wrapped_previous(po_path(locales_dir, language))
    return [po_path(locales_dir, language) for language in languages]


def _join_wrapped_previous(path: Path) -> None:
    """Put each `#| msgid "..."` comment back on one line.

    Babel wraps the previous-msgid comment at 76 columns even with --no-wrap, and breaks
    the string itself across lines; GNU msgfmt and Poedit then reject the file. The wrap
    dropped the space it broke at, so the pieces are joined with one.
    """
    lines = path.read_text(encoding="utf-8").split("\n")
    out: list[str] = []
    for line in lines:
        if line.startswith("#| ") and out and _open_previous(out[-1]):
            out[-1] += " " + line[3:]
        else:
            out.append(line)
    path.write_text("\n".join(out), encoding="utf-8")


def _open_previous(line: str) -> bool:
    """True for a `#|` comment whose quoted string has not been closed yet."""
    if not line.startswith("#| "):
        return False
    start = line.find('"')
    if start < 0:
        return False
    return not _ends_quoted(line[start + 1 :])


def _ends_quoted(body: str) -> bool:
    """Whether a string body (after its opening quote) ends with an unescaped quote."""
    if not body.endswith('"'):
        return False
    backslashes = len(body[:-1]) - len(body[:-1].rstrip("\\"))
    return backslashes % 2 == 0


def compile_all(locales_dir: Path) -> list[Path]:
    """Write .mo files beside the catalogs (they are build products, not committed)."""
    written = []
    for language in available_languages(locales_dir):
        source = po_path(locales_dir, language)
        target = source.with_suffix(".mo")
        compile_to_file(read_catalog(source), target)
        written.append(target)
    return written


@dataclass(frozen=True)
class LanguageStatus:
    language: str
    name: str
    translated: int
    fuzzy: int
    untranslated: int
    percent: float
    review: str
    reviewer: str
    reviewed_on: str


def status(locales_dir: Path) -> list[LanguageStatus]:
    rows = []
    for language in available_languages(locales_dir):
        stats = catalog_stats(read_catalog(po_path(locales_dir, language)))
        review = load_review(locales_dir, language)
        rows.append(
            LanguageStatus(
                language,
                Locale.parse(babel_code(language)).get_display_name("en") or language,
                stats.translated,
                stats.fuzzy,
                stats.untranslated,
                round(100 * stats.ratio, 1),
                review.status,
                review.reviewer or "-",
                review.date.isoformat() if review.date else "-",
            )
        )
    return rows
