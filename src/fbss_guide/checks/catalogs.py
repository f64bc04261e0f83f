"""Checks on translation catalogs: every finding is an error naming catalog and entry.

Layered like the gettext tools (pybabel compile, msgfmt --check, pofilter), but every
finding fails: placeholders and format strings, inline markup, citation markers and link
addresses must survive translation; plural headers must be valid; fuzzy and untranslated
entries are reported; the catalog must be up to date with the template (.pot).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.messages.catalog import Catalog, Message
from babel.messages.plurals import get_plural

from fbss_guide.checks.catalog_structure import (
    completeness_problem,
    missing_messages,
    msgfmt_problems,
)
from fbss_guide.checks.numbers import number_problems
from fbss_guide.checks.plural_forms import check_plural_forms
from fbss_guide.errors import ContentError, Problem
from fbss_guide.guide.markup import MarkupError, check_plain, parse
from fbss_guide.i18n.catalogs import read_catalog, read_template
from fbss_guide.i18n.paths import available_languages, babel_code, po_path

_CITE = re.compile(r"\[@[^\]]*\]")
_LINK_URL = re.compile(r"\]\(([^()\s]+)\)")
_BRACE = re.compile(r"\{[a-z_]+(?::[^{}]*)?\}")  # {emergency}, {percent:40}, {page}
_PERCENT = re.compile(r"%\((\w+)\)[sd]|%[sd]")
_BOLD = "**"


def _strings(message: Message) -> list[str]:
    value = message.string
    # A message added without a translation has None: untranslated, like "".
    return list(value) if isinstance(value, list | tuple) else [value or ""]


def _ids(message: Message) -> list[str]:
    value = message.id
    return list(value) if isinstance(value, list | tuple) else [value]


def _entry(message: Message) -> str:
    msgid = _ids(message)[0]
    short = msgid if len(msgid) <= 50 else msgid[:47] + "..."
    return f"msgctxt '{message.context}'" if message.context else f"msgid '{short}'"


def _markup_problems(source: str, translation: str, content: bool) -> list[str]:
    """Differences in markup between source and translation. `content` marks messages
    from the content YAML (they have a msgctxt), which also must parse as inline markup."""
    found = []
    cites = [re.sub(r"\s+", "", c) for c in _CITE.findall(source)]
    translated_cites = [re.sub(r"\s+", "", c) for c in _CITE.findall(translation)]
    if Counter(cites) != Counter(translated_cites):
        found.append(
            f"citation markers differ: source has {', '.join(cites) or 'none'}, "
            f"translation has {', '.join(translated_cites) or 'none'}"
        )
    if source.count(_BOLD) != translation.count(_BOLD):
        found.append(
            f"bold markers '**' differ: source has {source.count(_BOLD)}, "
            f"translation has {translation.count(_BOLD)}"
        )
    links, translated_links = (
        Counter(_LINK_URL.findall(source)),
        Counter(_LINK_URL.findall(translation)),
    )
    if links != translated_links:
        lost = ", ".join(sorted((links - translated_links).elements())) or "none"
        added = ", ".join(sorted((translated_links - links).elements())) or "none"
        found.append(
            f"link addresses differ from the source: the translation lacks {lost} and has "
            f"{added} instead (keep each [words](address) address exactly as in the source)"
        )
    if Counter(_BRACE.findall(source)) != Counter(_BRACE.findall(translation)):
        found.append(
            f"placeholders differ: source has {', '.join(_BRACE.findall(source)) or 'none'}, "
            f"translation has {', '.join(_BRACE.findall(translation)) or 'none'}"
        )
    if Counter(_PERCENT.findall(source)) != Counter(_PERCENT.findall(translation)):
        found.append(
            f"format placeholders differ: source has "
            f"{', '.join(_PERCENT.findall(source)) or 'none'}, translation has "
            f"{', '.join(_PERCENT.findall(translation)) or 'none'}"
        )
    try:
        # Template strings follow the content rule too: Jinja2 would otherwise insert a
        # translated template string as HTML.
        parse(translation) if content else check_plain(translation)
    except MarkupError as error:
        found.append(f"broken markup: {error}")
    return found


def _cldr_plural_forms(language: str) -> str | None:
    """The installed Babel's CLDR plural header for a language: only a hint."""
    try:
        return get_plural(Locale.parse(babel_code(language))).plural_forms
    except (UnknownLocaleError, ValueError):
        return None


def _reference_plural_forms(language: str, catalog: Catalog) -> str | None:
    """CLDR's header, to warn about a catalog that differs from it, except where the
    catalog has the count the tool itself gives the language (`i18n init` writes that,
    language_defaults.py): a file the tool wrote gets no warning."""
    from fbss_guide.i18n.language_defaults import plural_forms

    own = plural_forms(language)
    if own is not None and f"nplurals={catalog.num_plurals};" in own.replace(" ", ""):
        return None
    return _cldr_plural_forms(language)


def check_catalog(
    path: Path,
    language: str,
    template: Catalog | None = None,
    include_incomplete: bool = True,
    catalog: Catalog | None = None,
    strict_contexts: Collection[str] = (),
) -> list[Problem]:
    """Every problem of one catalog; fuzzy and untranslated entries too, unless told not.

    `catalog` is the file already read, for callers that need it too. `strict_contexts`
    are the content texts (msgctxt) where an added number is an error, not a warning
    (fbss_guide.guide.required.strict_contexts); interface strings, which have no msgctxt,
    are always strict.
    """
    problems: list[Problem] = []
    shown = str(path)
    try:
        catalog = catalog or read_catalog(path)
    except ContentError as error:  # not a regular file, too large, invisible characters
        return error.problems
    except Exception as error:  # Babel raises several types for broken files
        return [Problem(shown, getattr(error, "lineno", None), "", f"cannot read catalog: {error}")]

    problems += check_plural_forms(path, _reference_plural_forms(language, catalog))

    for message, errors in catalog.check():
        if message.context:
            # Content text is never %-formatted: Babel flags "40% of" as python-format
            # by its look alone. Its placeholders are checked below instead.
            continue
        for complaint in errors:
            problems.append(Problem(shown, message.lineno, _entry(message), str(complaint)))

    for message in catalog:
        if not message.id:
            continue
        entry = _entry(message)
        if message.fuzzy:
            if not include_incomplete:
                continue
            problems.append(
                Problem(
                    shown,
                    message.lineno,
                    entry,
                    "entry is fuzzy (needs review)",
                    "check the translation against the new source text, then remove "
                    "the 'fuzzy' flag",
                )
            )
            continue
        strings = _strings(message)
        if not all(strings):
            if not include_incomplete:
                continue
            problems.append(
                Problem(shown, message.lineno, entry, "entry is not translated", "translate it")
            )
            continue
        ids = _ids(message)
        for index, translation in enumerate(strings):
            source = ids[min(index, len(ids) - 1)]
            for finding in _markup_problems(source, translation, bool(message.context)):
                problems.append(Problem(shown, message.lineno, entry, finding))
            strict = not message.context or message.context in strict_contexts
            problems += number_problems(shown, message.lineno, entry, source, translation, strict)

    # Babel reads broken files leniently (a missing quote loses a character): GNU msgfmt
    # is the reference. Lines already reported above are not reported twice.
    reported = {problem.line for problem in problems}
    problems += [p for p in msgfmt_problems(path, shown) if p.line not in reported]

    if template is not None:
        missing = missing_messages(catalog, template)
        summary = completeness_problem(shown, catalog, template, missing)
        translated = any(m.id and all(_strings(m)) and not m.fuzzy for m in catalog)
        # An empty catalog is an error even for a draft: nothing of it would show.
        if summary is not None and (include_incomplete or not translated):
            problems.append(summary)
        for message in missing[:10] if include_incomplete else []:
            problems.append(
                Problem(
                    shown,
                    None,
                    _entry(message),
                    "entry from messages.pot is missing in this catalog",
                    "run 'fbss-guide i18n update'",
                )
            )
    return problems


def check_all_catalogs(
    locales_dir: Path,
    languages: list[str] | None = None,
    strict_contexts: Collection[str] = (),
) -> list[Problem]:
    """Check every catalog, or only those of `languages` (English has none to check);
    `strict_contexts` as in check_catalog."""
    wanted = languages if languages is not None else available_languages(locales_dir)
    # English has no catalog, but may have overrides of the tool's interface strings.
    english: list[Problem] = []
    if languages is None or "en" in languages:
        english = interface_problems(locales_dir, "en")
    wanted = [language for language in wanted if language != "en"]
    if not wanted:
        return english
    try:
        # The build compares every catalog with messages.pot; so does the check.
        template = read_template(locales_dir)
    except ContentError as error:
        return error.problems
    problems: list[Problem] = list(english)
    for language in wanted:
        if not po_path(locales_dir, language).exists():
            problems.append(
                Problem(
                    str(po_path(locales_dir, language)),
                    None,
                    "",
                    f"no catalog for '{language}'",
                    f"start one with 'fbss-guide i18n init {language}'",
                )
            )
            continue
        problems += check_catalog(
            po_path(locales_dir, language), language, template, strict_contexts=strict_contexts
        )
        problems += interface_problems(locales_dir, language)
    return problems


def interface_problems(locales_dir: Path, language: str) -> list[Problem]:
    """The tool's interface strings in `language`: the project's interface.po checked
    like any catalog (except completeness: the package fills what it leaves out), an
    override that matches no interface string, and each string no catalog translates."""
    from fbss_guide.i18n.catalogs import FUZZY
    from fbss_guide.i18n.interface import (
        interface_layers,
        missing_interface,
        override_problems,
        read_interface_template,
    )

    try:
        layers = interface_layers(locales_dir, language)
    except ContentError as error:
        return error.problems
    template = read_interface_template()
    problems: list[Problem] = []
    if layers.override is not None:
        problems += check_catalog(
            layers.override_path, language, include_incomplete=False, catalog=layers.override
        )
        problems += override_problems(layers, template)
    # English prints the tool's own text wherever an override is empty.
    missing = missing_interface(layers, template) if language != "en" else []
    for context, msgid, line, state, path in missing:
        problems.append(
            Problem(
                str(path),
                line,
                f"msgctxt '{context}'" if context else f"msgid '{msgid[:50]}'",
                "interface string is fuzzy (needs review)"
                if state == FUZZY
                else "interface string is not translated",
                "translate it in this file"
                if path.exists()
                else f"run 'fbss-guide i18n update' or 'fbss-guide i18n init {language}' "
                "again to start it",
            )
        )
    return problems
