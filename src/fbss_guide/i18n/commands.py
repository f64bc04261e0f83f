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


def extract(
    locales_dir: Path,
    *,
    content_dir: Path,
    templates_dir: Path | None = None,
    contact: str | None = None,
) -> Path:
    """Write locales/messages.pot: the project's own texts, from its content YAML and
    its template overrides.

    The tool's interface strings (the package's templates and code) are not in it: they
    ship translated in the package (i18n/interface.py), and an override template's
    string that is one of them is left to the interface catalogs too.

    The header names the guide (its id and version in content/guide.yaml) and, as
    Report-Msgid-Bugs-To, `contact` (the project file's translation_contact), so a new
    guide's translators do not write to this tool's authors. Locations name files as
    content/... and templates/... without line numbers, so a moved line does not change
    the .pot; an unchanged .pot is not rewritten.
    """
    from fbss_guide.i18n.interface import read_interface_template

    given = [("content", content_dir)]
    if templates_dir is not None:
        given.append(("templates", templates_dir))
    for name, folder in given:
        if not folder.is_dir():
            raise BuildError(f"{name} folder {folder} does not exist; pass --{name} DIR")
    guide_id, guide_version = _guide_identity(content_dir)
    catalog = Catalog(
        project=guide_id,
        version=guide_version,
        msgid_bugs_address=contact or "",
        header_comment=DEFAULT_HEADER,
    )
    # Location names are fixed (content/..., templates/...) wherever the folders really
    # are, so every run agrees.
    _extract_into(catalog, [(name, folder.resolve()) for name, folder in given])
    interface = {(message.context, message.id) for message in read_interface_template()}
    for message in list(catalog):
        if message.id and (message.context, message.id) in interface:
            catalog.delete(message.id, message.context)
    return _write_template(catalog, pot_path(locales_dir))


def extract_interface(target: Path | None = None) -> Path:
    """Write the package's interface.pot from its templates and Python code (a task of
    the tool's maintainers: scripts/extract_interface.py; a test keeps it current)."""
    from fbss_guide import __version__
    from fbss_guide.i18n.paths import interface_pot_path

    package = Path(__file__).resolve().parents[1]
    catalog = Catalog(
        project="fbss-guide",
        version=__version__,
        msgid_bugs_address=INTERFACE_CONTACT,
        header_comment=DEFAULT_HEADER,
    )
    _extract_into(
        catalog,
        [("templates", package / "templates"), (f"src/{package.name}", package)],
    )
    return _write_template(catalog, target or interface_pot_path())


# Where the translators of the tool's own interface strings report a problem.
INTERFACE_CONTACT = "https://github.com/fbss-guide/fbss-guide/issues"


def _extract_into(catalog: Catalog, folders: list[tuple[str, Path]]) -> None:
    """Add every translatable text of `folders` ((location name, folder) pairs), with
    translator comments, to `catalog`."""
    method_map, options_map = parse_mapping_cfg(io.StringIO(MAPPING))
    keywords = {**DEFAULT_KEYWORDS, "N_": None}
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


def _write_template(catalog: Catalog, target: Path) -> Path:
    fresh = io.BytesIO()
    # As `pybabel extract --no-wrap --add-location=file --sort-by-file`: no line numbers,
    # so a moved line does not change the .pot.
    write_po(fresh, catalog, width=0, include_lineno=False, sort_by_file=True)
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


def _catalog_arguments(
    locales_dir: Path, language: str, template: Path | None = None, domain: str = DOMAIN
) -> list[str]:
    """What init and update both pass: template, folder, domain, language, no wrapping."""
    return [
        "-i",
        str(template or pot_path(locales_dir)),
        "-d",
        str(locales_dir),
        "-D",
        domain,
        "-l",
        babel_code(language),
        "--no-wrap",
    ]


def init(locales_dir: Path, language: str) -> Path:
    """Start a catalog for a new language (Babel writes the plural-forms header); for a
    language whose interface strings the tool does not ship, an interface.po beside it
    (interface_po_path). Returns the new messages.po."""
    from fbss_guide.i18n.interface import package_languages
    from fbss_guide.i18n.paths import INTERFACE_DOMAIN, interface_po_path, interface_pot_path

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
    interface = interface_po_path(locales_dir, language)
    if language not in package_languages() and not interface.exists():
        _pybabel(
            "init",
            *_catalog_arguments(locales_dir, language, interface_pot_path(), INTERFACE_DOMAIN),
        )
        _use_plural_forms(interface, language)
    add_readability(locales_dir / "readability.yaml", language)
    return target


def start_overrides(locales_dir: Path, language: str) -> Path:
    """Write a project's interface.po for `language`: every interface string of the
    tool, untranslated, each with the tool's own translation in a translator comment
    ("tool: ..."), so an author sees what prints and rewords only what they want (an
    empty msgstr keeps the tool's text, and later improvements of it)."""
    from fbss_guide import __version__
    from fbss_guide.i18n.interface import package_catalog_path, read_interface_template
    from fbss_guide.i18n.merge import write_catalog
    from fbss_guide.i18n.paths import INTERFACE_DOMAIN, PACKAGE_LOCALES, interface_po_path

    target = interface_po_path(locales_dir, language)
    if target.exists():
        raise BuildError(
            f"{target} already exists; edit it, or run 'fbss-guide i18n update' to bring it "
            "up to date with the tool's interface strings"
        )
    try:
        locale = Locale.parse(babel_code(language))
    except (UnknownLocaleError, ValueError):
        raise BuildError(
            f"'{language}' is not a language code Babel knows; use a code such as es, pt-BR "
            "or zh-Hans"
        ) from None
    shipped = package_catalog_path(language)
    tool = read_catalog(shipped, PACKAGE_LOCALES) if shipped.exists() else None
    catalog = Catalog(
        locale=locale,
        domain=INTERFACE_DOMAIN,
        project="fbss-guide",
        version=__version__,
        header_comment=f"# Overrides of the tool's interface strings for {language}.\n"
        "# Write a msgstr only for an entry you want to change; an empty one keeps\n"
        "# the tool's translation (shown as 'tool:' above each entry).",
        fuzzy=False,
    )
    if tool is not None:
        catalog.mime_headers = [("Plural-Forms", tool.plural_forms)]
    for message in read_interface_template():
        if not message.id:
            continue
        shown = tool.get(message.id, message.context) if tool is not None else None
        strings = (
            (list(shown.string) if isinstance(shown.string, list | tuple) else [shown.string])
            if shown is not None and not shown.fuzzy
            else []
        )
        comments = [f"tool: {text}" for text in strings if text]
        empty: str | tuple[str, ...] = ("",) * catalog.num_plurals if message.pluralizable else ""
        catalog.add(
            message.id,
            empty,
            message.locations,
            flags=message.flags,
            auto_comments=message.auto_comments,
            user_comments=comments,
            context=message.context,
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_text(target, write_catalog(catalog))
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
        catalog = read_po(file, locale=babel_code(language), domain=path.stem)
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
    """Merge the .pot into every catalog, keeping every existing translation; a
    project's interface.po (its overrides of the tool's interface strings) is merged
    with the package's interface.pot the same way.

    Changed source text becomes fuzzy with the old msgid kept (`#|`, as --previous);
    removed entries stay in the file as obsolete (#~) rather than being deleted; a
    source text changed back makes its entry translated again (i18n/merge.py). A catalog
    whose messages did not change keeps its bytes.
    """
    from fbss_guide.i18n.catalogs import read_template
    from fbss_guide.i18n.interface import read_interface_template
    from fbss_guide.i18n.paths import interface_po_path

    template = read_template(locales_dir)
    interface = read_interface_template()
    written = []
    english = interface_po_path(locales_dir, "en")  # English overrides, if any
    if english.exists():
        merge_file(english, interface, overrides=True)
        written.append(english)
    for language in available_languages(locales_dir):
        path = po_path(locales_dir, language)
        merge_file(path, template)
        written.append(path)
        overrides = interface_po_path(locales_dir, language)
        if overrides.exists():
            merge_file(overrides, interface, overrides=True)
            written.append(overrides)
    return written


def merge_file(path: Path, template: Catalog, *, overrides: bool = False) -> None:
    from fbss_guide.i18n.merge import merge, write_catalog

    before = path.read_text(encoding="utf-8")
    catalog = read_catalog(path)
    merge(catalog, template, overrides=overrides)
    after = write_catalog(catalog)
    # Only the header dates moved: keep the old bytes, so nothing shows in a diff.
    if without_dates(before) != without_dates(after):
        atomic_write_text(path, after)


def compile_all(locales_dir: Path) -> list[Path]:
    """Write .mo files beside the catalogs (they are build products, not committed)."""
    from fbss_guide.i18n.paths import interface_po_path

    written = []
    for language in available_languages(locales_dir):
        for source in (po_path(locales_dir, language), interface_po_path(locales_dir, language)):
            if source.exists():
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
    interface: str  # the tool's interface strings: where they come from, how many lack
    review: str
    reviewer: str
    reviewed_on: str


def status(locales_dir: Path) -> list[LanguageStatus]:
    from fbss_guide.i18n.interface import (
        interface_layers,
        missing_interface,
        read_interface_template,
    )
    from fbss_guide.i18n.language_defaults import language_names

    interface_template = read_interface_template()
    rows = []
    for language in available_languages(locales_dir):
        stats = catalog_stats(read_catalog(po_path(locales_dir, language)))
        layers = interface_layers(locales_dir, language)
        lacking = len(missing_interface(layers, interface_template))
        source = "tool" if layers.package is not None else ""
        if layers.override is not None:
            source = f"{source}+project" if source else "project"
        interface = f"{source}, {lacking} missing" if lacking else f"{source}, complete"
        review = load_review(locales_dir, language)
        rows.append(
            LanguageStatus(
                language,
                language_names(language)[1],
                stats.translated,
                stats.fuzzy,
                stats.untranslated,
                round(100 * stats.ratio, 1),
                interface,
                review.status,
                review.reviewer or "-",
                review.date.isoformat() if review.date else "-",
            )
        )
    return rows
