"""The `fbss-guide i18n` commands: thin wrappers around Babel's own tools.

Babel does the gettext work (extraction with the mapping in pyproject.toml, init with
correct plural headers, update with --previous, compile); these wrappers fix the options
so every run is the same, and add what Babel lacks (honest statistics).
"""

from __future__ import annotations

import io
import logging
import os
import posixpath
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.messages.catalog import DEFAULT_HEADER, Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import CommandLineInterface, parse_mapping_cfg
from babel.messages.pofile import write_po

from fbss_guide.errors import BuildError
from fbss_guide.i18n.catalogs import catalog_stats, compile_to_file, read_catalog
from fbss_guide.i18n.paths import DOMAIN, available_languages, babel_code, po_path, pot_path
from fbss_guide.i18n.review import load_review
from fbss_guide.i18n.stable import keep_if_unchanged, without_dates
from fbss_guide.output_dir.atomic import atomic_write_text


@contextmanager
def _babel_log_scope() -> Iterator[None]:
    """Let Babel's command line set up its logger for one command, then put it back.

    `CommandLineInterface.run` sets the "babel" logger's level and adds a handler for
    good; a later command, or a test, would inherit both.
    """
    logger = logging.getLogger("babel")
    saved = (logger.level, logger.propagate, list(logger.handlers))
    handler_state = [(handler, handler.level, handler.formatter) for handler in logger.handlers]
    try:
        yield
    finally:
        logger.setLevel(saved[0])
        logger.propagate = saved[1]
        logger.handlers[:] = saved[2]
        for handler, level, formatter in handler_state:
            handler.setLevel(level)
            handler.setFormatter(formatter)


def _pybabel(*args: str) -> None:
    """Run one pybabel command on absolute paths (no change of working folder)."""
    try:
        with _babel_log_scope():
            CommandLineInterface().run(["pybabel", "-q", *args])
    except SystemExit as exit_:
        if exit_.code:
            raise BuildError(f"pybabel {args[0]} failed (exit {exit_.code})") from None


# The extraction mapping (as [tool.babel] in pyproject.toml, which plain `pybabel
# extract` uses), fixed in code so that extraction works on any content and templates
# folder. Babel matches patterns relative to each input folder, and each folder holds
# one kind of file.
MAPPING = """\
[jinja2: **.j2]
extensions = jinja2.ext.i18n
trimmed = true
silent = false

[python: **.py]

[fbss_content: **.yaml]
"""


def _stage_templates(target: Path, search_path: tuple[Path, ...]) -> None:
    """Link every template a build would use into one folder: a project's override
    hides the package's file of the same name, as it does when rendering."""
    for folder in reversed(search_path):  # the package first, overrides replace
        for template in folder.rglob("*.j2"):
            link = target / template.relative_to(folder)
            link.parent.mkdir(parents=True, exist_ok=True)
            link.unlink(missing_ok=True)
            link.symlink_to(template.resolve())


def extract(
    locales_dir: Path,
    *,
    content_dir: Path,
    templates_dir: Path | None = None,
    contact: str | None = None,
) -> Path:
    """Write locales/messages.pot from templates, Python code and content YAML.

    The header names the guide (its id and version in content/guide.yaml) and, as
    Report-Msgid-Bugs-To, `contact` (the project file's translation_contact), so a new
    guide's translators do not write to this tool's authors.

    Reads the content folder, the templates a build uses (the project's overrides in
    `templates_dir`, else the package's own) and this package's Python code. Locations
    name files as content/..., templates/... and src/fbss_guide/... without line
    numbers, so a moved line does not change the .pot; an unchanged .pot is not
    rewritten.
    """
    from fbss_guide.project.project_file import template_search_path

    given = [("content", content_dir)]
    if templates_dir is not None:
        given.append(("templates", templates_dir))
    for name, folder in given:
        if not folder.is_dir():
            raise BuildError(f"{name} folder {folder} does not exist; pass --{name} DIR")
    package = Path(__file__).resolve().parents[1]
    method_map, options_map = parse_mapping_cfg(io.StringIO(MAPPING))
    keywords = {**DEFAULT_KEYWORDS, "N_": None}
    guide_id, guide_version = _guide_identity(content_dir)
    catalog = Catalog(
        project=guide_id,
        version=guide_version,
        msgid_bugs_address=contact or "",
        header_comment=DEFAULT_HEADER,
    )
    with tempfile.TemporaryDirectory(prefix="fbss-extract-") as staging:
        # The templates a build uses, in one folder (overrides hide the package's files).
        templates = Path(staging)
        _stage_templates(templates, template_search_path(templates_dir))
        # Location names are fixed (content/..., templates/..., src/fbss_guide/...)
        # wherever the folders really are, so every run agrees.
        folders = (
            ("content", content_dir.resolve()),
            ("templates", templates),
            (f"src/{package.name}", package),
        )
        for name, folder in folders:
            for filename, lineno, message, comments, context in extract_from_dir(
                str(folder),
                method_map,
                options_map,
                keywords=keywords,
                comment_tags=("TRANSLATORS:",),
                strip_comment_tags=True,
                directory_filter=_visible_folder,
            ):
                location = posixpath.join(name, Path(filename).as_posix())
                catalog.add(
                    message, None, [(location, lineno)], auto_comments=comments, context=context
                )
    fresh = io.BytesIO()
    # As `pybabel extract --no-wrap --add-location=file --sort-by-file`: no line numbers,
    # so a moved line does not change the .pot.
    write_po(fresh, catalog, width=0, include_lineno=False, sort_by_file=True)
    target = pot_path(locales_dir)
    keep_if_unchanged(fresh.getvalue().decode("utf-8"), target)
    return target


def _guide_identity(content_dir: Path) -> tuple[str, str | None]:
    """The guide's id and version from content/guide.yaml (the content's own checks
    report a broken file; here the folder's name stands in)."""
    import yaml

    fallback = content_dir.resolve().parent.name or "guide"
    try:
        data = yaml.safe_load((content_dir / "guide.yaml").read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return fallback, None
    if not isinstance(data, dict):
        return fallback, None
    guide_id, version = data.get("id"), data.get("version")
    return (
        str(guide_id) if isinstance(guide_id, str) and guide_id else fallback,
        str(version) if isinstance(version, str | int | float) else None,
    )


def _visible_folder(path: str) -> bool:
    """Skip hidden and private folders (.git, __pycache__), and the package's templates
    (staged above) and starter project, as `--ignore-dirs=".* _* templates starter"`."""
    name = os.path.basename(path)
    return not (name.startswith((".", "_")) or name in {"templates", "starter"})


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
    _use_plural_forms(target, language)
    add_readability(locales_dir / "readability.yaml", language)
    return target


def _use_plural_forms(path: Path, language: str) -> None:
    """Give a new catalog the Plural-Forms the tool's own catalog for the language has
    (language_defaults.py) where Babel's CLDR table differs, with as many msgstr[n]
    in each plural entry."""
    from babel.messages.pofile import read_po

    from fbss_guide.i18n.language_defaults import plural_forms

    rule = plural_forms(language)
    if rule is None:
        return
    with path.open("rb") as file:
        catalog = read_po(file, locale=babel_code(language), domain=DOMAIN)
    if catalog.plural_forms == rule:
        return
    catalog.mime_headers = [("Plural-Forms", rule)]  # sets only this header
    for message in catalog:
        if message.id and message.pluralizable:
            message.string = ("",) * catalog.num_plurals
    out = io.BytesIO()
    write_po(out, catalog, width=0)  # as init --no-wrap
    atomic_write_text(path, out.getvalue().decode("utf-8"))


# Until someone configures a formula validated for the language (docs/translating.md), a
# new language is measured by mean sentence length, which does not depend on the
# language's words; the limits are those used for Arabic.
NEUTRAL_MEASURE = (
    "  # A language-neutral measure: no readability formula validated for this language is\n"
    "  # configured yet. To add one, see docs/translating.md, 'Readability'.\n"
    "  measures:\n"
    "    mean-sentence-words: {section: 16, median: 14, strict: 12, block_tolerance: 3}\n"
)


def add_readability(config: Path, language: str) -> bool:
    """Give a new language a readability entry, so its first draft builds at once: the
    formula made for the language where the tool has one (language_defaults.py), else
    the language-neutral sentence length. Appends text (keeping the file's comments);
    returns False if it had one already."""
    from fbss_guide.i18n.language_defaults import readability_entry

    if not config.exists():
        return False
    text = config.read_text(encoding="utf-8")
    if any(line.split(":")[0] == language for line in text.splitlines() if line[:1].strip()):
        return False
    if text and not text.endswith("\n"):
        text += "\n"
    entry = readability_entry(language) or NEUTRAL_MEASURE
    atomic_write_text(config, text + f"{language}:\n" + entry)
    return True


def update(locales_dir: Path) -> list[Path]:
    """Merge the .pot into every catalog, keeping every existing translation.

    Changed source text becomes fuzzy with the old msgid kept (`#|`, as --previous);
    removed entries stay in the file as obsolete (#~) rather than being deleted; a
    source text changed back makes its entry translated again (i18n/merge.py). A catalog
    whose messages did not change keeps its bytes.
    """
    from fbss_guide.i18n.catalogs import read_template
    from fbss_guide.i18n.merge import merge, write_catalog

    template = read_template(locales_dir)
    languages = available_languages(locales_dir)
    for language in languages:
        path = po_path(locales_dir, language)
        before = path.read_text(encoding="utf-8")
        catalog = read_catalog(path)
        merge(catalog, template)
        after = write_catalog(catalog)
        # Only the header dates moved: keep the old bytes, so nothing shows in a diff.
        if without_dates(before) != without_dates(after):
            atomic_write_text(path, after)
    return [po_path(locales_dir, language) for language in languages]


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
    from fbss_guide.i18n.language_defaults import language_names

    rows = []
    for language in available_languages(locales_dir):
        stats = catalog_stats(read_catalog(po_path(locales_dir, language)))
        review = load_review(locales_dir, language)
        rows.append(
            LanguageStatus(
                language,
                language_names(language)[1],
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
