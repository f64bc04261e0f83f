"""`fbss-guide check`: every gate a build runs, without rendering, with its warnings."""

from __future__ import annotations

import gettext
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from fbss_guide.errors import Problem
from fbss_guide.i18n.paths import SOURCE_LANGUAGE, available_languages, po_path
from fbss_guide.project.project_file import READABILITY_CONFIG

if TYPE_CHECKING:
    from fbss_guide.guide.model import Guide
    from fbss_guide.readability import ReadabilityReport


@dataclass
class CheckResult:
    problems: list[Problem] = field(default_factory=list)  # errors and warnings
    readability: ReadabilityReport | None = None  # of the language checked

    @property
    def errors(self) -> list[Problem]:
        return [problem for problem in self.problems if problem.severity == "error"]


def check_sources(
    content_dir: Path,
    locales_dir: Path,
    language: str | None,
    formats: Sequence[str] = (),
) -> CheckResult:
    """Content (schema, references, citations, evidence, fair quotes, readability) and the catalogs:
    every catalog, or only `language`'s, with its readability; and, for each of
    `formats` (the project's editions), the guide's required content in each language's
    edition, as the build checks it."""
    from fbss_guide.checks.catalogs import check_all_catalogs
    from fbss_guide.checks.evidence import check_evidence
    from fbss_guide.checks.quotes import check_quotes
    from fbss_guide.guide.content import check_guide
    from fbss_guide.guide.required import strict_contexts
    from fbss_guide.readability import load_targets, readability_problems, score_guide

    result = CheckResult()
    guide, problems = check_guide(content_dir)
    result.problems += problems
    if guide is not None and not any(p.severity == "error" for p in problems):
        # The evidence gate reports an unused reference as an error; the loader's warning
        # about the same reference would say it twice.
        evidence = check_evidence(guide)
        said = {(p.file, p.line, p.key) for p in evidence}
        result.problems = [
            p for p in result.problems if (p.file, p.line, p.key) not in said
        ] + evidence
        result.problems += check_quotes(guide)
        targets = load_targets(locales_dir / READABILITY_CONFIG, SOURCE_LANGUAGE)
        result.readability = score_guide(guide, targets)
        result.problems += readability_problems(result.readability)
        if language and language != SOURCE_LANGUAGE:
            from fbss_guide.i18n.localise import localise

            local = localise(guide, language, locales_dir, allow_incomplete=True)
            translations = local.translations or gettext.NullTranslations()
            result.readability = score_guide(
                guide,
                load_targets(locales_dir / READABILITY_CONFIG, language),
                lambda inline: translations.pgettext(inline.context, inline.source),
            )
            result.problems += readability_problems(result.readability)
    # A translator checking one language must not see the other languages' work.
    strict = strict_contexts(guide) if guide is not None else ()
    result.problems += check_all_catalogs(
        locales_dir, [language] if language else None, strict_contexts=strict
    )
    if guide is not None and guide.required and formats:
        languages = [language] if language else [SOURCE_LANGUAGE, *available_languages(locales_dir)]
        result.problems += _required_problems(guide, locales_dir, languages, formats)
    return result


def _required_problems(
    guide: Guide, locales_dir: Path, languages: list[str], formats: Sequence[str]
) -> list[Problem]:
    """What each edition would lack of the required content: the quick card's parts
    (English included), a key point whose translation no longer names the translated
    heading. Each problem names the catalog (English: guide.yaml)."""
    from fbss_guide.errors import ContentError
    from fbss_guide.formats import FORMATS
    from fbss_guide.guide.required import edition_problem
    from fbss_guide.i18n.catalogs import compile_translations, read_catalog

    problems: list[Problem] = []
    for code in languages:
        translations = None
        path = guide.content_dir / "guide.yaml"
        if code != SOURCE_LANGUAGE:
            path = po_path(locales_dir, code)
            if not path.is_file():
                continue
            try:
                translations = compile_translations(read_catalog(path))
            except ContentError:
                continue  # the catalog check reports it
        for name in dict.fromkeys(formats):
            output = FORMATS[name]
            if not output.accepts(code):
                continue
            found = edition_problem(
                guide, output.shown(guide), translations, f"{output.label} in '{code}'"
            )
            if found:
                problems.append(Problem(str(path), None, "required", found))
    return problems
