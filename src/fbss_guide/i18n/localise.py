"""A language's catalog, checked and compiled for a build: refuse a silently
half-English handout."""

from __future__ import annotations

import gettext
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from fbss_guide.errors import BuildError, ContentError, Problem
from fbss_guide.i18n.paths import READABILITY_CONFIG, SOURCE_LANGUAGE, po_path

if TYPE_CHECKING:
    from babel.messages.catalog import Catalog

    from fbss_guide.guide.model import Guide
    from fbss_guide.i18n.interface import MissingEntry


def entries(count: int) -> str:
    return f"{count} entry is" if count == 1 else f"{count} entries are"


@dataclass(frozen=True)
class Localisation:
    """A language's compiled catalog and whether its edition is a draft."""

    language: str
    translations: gettext.NullTranslations | None
    draft: bool


def localise(
    guide: Guide,
    language: str,
    locales_dir: Path,
    allow_incomplete: bool,
    checked: bool = False,
    template: Catalog | None = None,
) -> Localisation:
    """Check and compile a language's catalog; refuse a silently half-English handout.

    `checked` skips the catalog and readability checks, for a catalog whose exact inputs
    already passed them (the build cache remembers). `template` is messages.pot, read
    once by a caller that localises many languages.
    """
    from fbss_guide.checks.catalogs import check_catalog
    from fbss_guide.guide.markup import Inline
    from fbss_guide.guide.required import strict_contexts
    from fbss_guide.i18n.catalogs import (
        FUZZY,
        catalog_stats,
        compile_translations,
        read_catalog,
        read_template,
        untranslated_notice,
    )
    from fbss_guide.i18n.interface import (
        interface_layers,
        missing_interface,
        read_interface_template,
        with_interface,
    )
    from fbss_guide.i18n.review import load_review
    from fbss_guide.readability import load_targets, readability_problems, score_guide

    if language == SOURCE_LANGUAGE:
        return _english(locales_dir, checked)
    path = po_path(locales_dir, language)
    if not path.exists():
        raise BuildError(
            f"no translation catalog for '{language}' ({path}); "
            f"start one with 'fbss-guide i18n init {language}'"
        )
    if template is None:  # issue 15: completeness is against messages.pot
        template = read_template(locales_dir)
    catalog = read_catalog(path)
    # Warnings (such as a plural header that differs from CLDR's) show in 'check'.
    broken = [
        problem
        for problem in (
            []
            if checked
            else check_catalog(
                path,
                language,
                template,
                include_incomplete=False,
                catalog=catalog,
                strict_contexts=strict_contexts(guide),
            )
        )
        if problem.severity == "error"
    ]
    layers = interface_layers(locales_dir, language)
    interface_template = read_interface_template()
    if not checked and layers.override is not None:
        broken += [
            problem
            for problem in check_catalog(
                layers.override_path, language, include_incomplete=False, catalog=layers.override
            )
            if problem.severity == "error"
        ]
    stats = catalog_stats(catalog, template)
    missing: list[MissingEntry] = [(*entry, path) for entry in stats.missing] + missing_interface(
        layers, interface_template
    )
    if missing and not allow_incomplete:
        listed = [
            Problem(
                str(where),
                line,
                f"msgctxt '{context}'" if context else f"msgid '{msgid[:50]}'",
                "fuzzy (translated, but marked for review)" if state == FUZZY else "not translated",
            )
            # The first dozen of each catalog (the count below says how many in all).
            for context, msgid, line, state, where in _first_of_each_file(missing, 12)
        ]
        raise ContentError(
            [
                *broken,
                *listed,
                Problem(
                    str(path),
                    None,
                    "",
                    f"{entries(len(missing))} not translated or fuzzy; the handout "
                    "would mix in English text",
                    "translate them, or build with --allow-incomplete to make a draft",
                ),
            ]
        )
    if broken:
        raise ContentError(broken)
    if missing:  # issue 15: say how much of the draft is English
        print(untranslated_notice(language, missing), file=sys.stderr)
    translations = with_interface(compile_translations(catalog), layers)
    review = load_review(locales_dir, language)

    def translate(inline: Inline) -> str:
        text = translations.pgettext(inline.context, inline.source)
        # Babel types pgettext as `str | object`; a catalog compiled from a PO file holds
        # only text, and an unknown message gives back the source string.
        assert isinstance(text, str)
        return text

    if not checked:
        targets = load_targets(locales_dir / READABILITY_CONFIG, language)
        problems = readability_problems(score_guide(guide, targets, translate))
        if problems and not allow_incomplete:
            raise ContentError(problems)
    return Localisation(language, translations, review.is_draft or bool(missing))


def _first_of_each_file(missing: list[MissingEntry], count: int) -> list[MissingEntry]:
    seen: dict[Path, int] = {}
    chosen = []
    for entry in missing:
        seen[entry[4]] = seen.get(entry[4], 0) + 1
        if seen[entry[4]] <= count:
            chosen.append(entry)
    return chosen


def _english(locales_dir: Path, checked: bool) -> Localisation:
    """English needs no catalog, but a project may reword the tool's English interface
    strings (a knee guide's "My care team's number:") in locales/en/LC_MESSAGES/
    interface.po (`fbss-guide i18n override en`); an empty msgstr keeps the tool's."""
    from fbss_guide.checks.catalogs import check_catalog
    from fbss_guide.i18n.catalogs import compile_translations, read_catalog
    from fbss_guide.i18n.paths import interface_po_path

    path = interface_po_path(locales_dir, SOURCE_LANGUAGE)
    if not path.exists():
        return Localisation(SOURCE_LANGUAGE, None, False)
    catalog = read_catalog(path)
    if not checked:
        broken = [
            problem
            for problem in check_catalog(
                path, SOURCE_LANGUAGE, include_incomplete=False, catalog=catalog
            )
            if problem.severity == "error"
        ]
        if broken:
            raise ContentError(broken)
    return Localisation(SOURCE_LANGUAGE, compile_translations(catalog), False)
