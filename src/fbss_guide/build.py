"""The one entry point that turns content into handouts: load, check, render, write."""

from __future__ import annotations

import gettext
from dataclasses import dataclass
from pathlib import Path

from fbss_guide import fonts
from fbss_guide.atomic import atomic_write_text
from fbss_guide.checks.catalogs import check_catalog
from fbss_guide.checks.evidence import check_evidence
from fbss_guide.checks.html_structure import check_html
from fbss_guide.clinic import Clinic
from fbss_guide.content import load_guide
from fbss_guide.editions import STANDARD, EditionSpec
from fbss_guide.errors import BuildError, ContentError, Problem
from fbss_guide.i18n.catalogs import (
    SOURCE_LANGUAGE,
    available_languages,
    catalog_stats,
    compile_translations,
    po_path,
    pot_path,
    read_catalog,
)
from fbss_guide.i18n.review import load_review
from fbss_guide.markup import Inline
from fbss_guide.model import Guide
from fbss_guide.pdf import html_to_pdf
from fbss_guide.readability import load_targets, readability_problems, score_guide
from fbss_guide.render import Renderer, RenderOptions

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_CONTENT = PROJECT_ROOT / "content"
DEFAULT_TEMPLATES = PROJECT_ROOT / "templates"
DEFAULT_LOCALES = PROJECT_ROOT / "locales"
DEFAULT_OUTPUT = PROJECT_ROOT / "output"
DEFAULT_BUILD_PLAN = PROJECT_ROOT / "build.yaml"
READABILITY_CONFIG = "readability.yaml"


@dataclass(frozen=True)
class BuildConfig:
    content_dir: Path = DEFAULT_CONTENT
    templates_dir: Path = DEFAULT_TEMPLATES
    locales_dir: Path = DEFAULT_LOCALES
    out_dir: Path = DEFAULT_OUTPUT
    languages: tuple[str, ...] | None = None  # None: English and every catalog
    allow_incomplete: bool = False
    editions: tuple[EditionSpec, ...] = (STANDARD,)
    clinic: Clinic | None = None
    web: bool = False

    def all_languages(self) -> tuple[str, ...]:
        if self.languages:
            return self.languages
        return (SOURCE_LANGUAGE, *available_languages(self.locales_dir))


@dataclass(frozen=True)
class Edition:
    """One handout file to produce: a language in one paper size and print size."""

    language: str
    spec: EditionSpec = STANDARD
    clinic: Clinic | None = None

    def stem(self, guide: Guide) -> str:
        clinic = f"-{self.clinic.id}" if self.clinic else ""
        return f"{guide.id}-guide-{self.language}-{self.spec.suffix}{clinic}"


@dataclass(frozen=True)
class BuiltEdition:
    edition: Edition
    pdf: Path
    html: Path
    pages: int
    draft: bool = False


@dataclass(frozen=True)
class Localisation:
    """A language's compiled catalog and whether its edition is a draft."""

    language: str
    translations: gettext.NullTranslations | None
    draft: bool


def load_checked_guide(content_dir: Path, locales_dir: Path = DEFAULT_LOCALES) -> Guide:
    """Load content and run the gates every build must pass (evidence, readability)."""
    guide = load_guide(content_dir)
    problems = check_evidence(guide)
    targets = load_targets(locales_dir / READABILITY_CONFIG, SOURCE_LANGUAGE)
    problems += readability_problems(score_guide(guide, targets))
    if any(problem.severity == "error" for problem in problems):
        raise ContentError(problems)
    return guide


def localise(
    guide: Guide, language: str, locales_dir: Path, allow_incomplete: bool
) -> Localisation:
    """Check and compile a language's catalog; refuse a silently half-English handout."""
    if language == SOURCE_LANGUAGE:
        return Localisation(language, None, False)
    path = po_path(locales_dir, language)
    if not path.exists():
        raise BuildError(
            f"no translation catalog for '{language}' ({path}); "
            f"start one with 'fbss-guide i18n init {language}'"
        )
    template_path = pot_path(locales_dir)
    template = read_catalog(template_path) if template_path.exists() else None
    broken = [p for p in check_catalog(path, language, template, include_incomplete=False)]
    catalog = read_catalog(path)
    stats = catalog_stats(catalog)
    if stats.missing and not allow_incomplete:
        listed = [
            Problem(str(path), None, context or msgid[:50], "not translated or fuzzy")
            for context, msgid in stats.missing
        ]
        raise ContentError(
            [
                *broken,
                *listed,
                Problem(
                    str(path),
                    None,
                    "",
                    f"{len(stats.missing)} entries are missing; the handout would mix in "
                    "English text",
                    "translate them, or build with --allow-incomplete to make a draft",
                ),
            ]
        )
    if broken:
        raise ContentError(broken)
    translations = compile_translations(catalog)
    review = load_review(locales_dir, language)

    def translate(inline: Inline) -> str:
        return translations.pgettext(inline.context, inline.source)

    targets = load_targets(locales_dir / READABILITY_CONFIG, language)
    problems = readability_problems(score_guide(guide, targets, translate))
    if problems and not allow_incomplete:
        raise ContentError(problems)
    return Localisation(language, translations, review.is_draft or bool(stats.missing))


def build(config: BuildConfig) -> list[BuiltEdition]:
    """Build every requested edition; raise BuildError (nothing overwritten) on failure."""
    guide = load_checked_guide(config.content_dir, config.locales_dir)
    renderer = Renderer(config.templates_dir)
    # Check every language before writing anything, so one bad catalog costs no files.
    localisations = [
        localise(guide, language, config.locales_dir, config.allow_incomplete)
        for language in config.all_languages()
    ]
    built: list[BuiltEdition] = []
    allowed_dirs = [config.templates_dir, guide.content_dir]
    if config.clinic and config.clinic.logo:
        allowed_dirs.append(config.clinic.logo.path.parent)
    for local in localisations:
        fonts.require_fonts(local.language)
        for spec in config.editions:
            edition = Edition(local.language, spec, config.clinic)
            built.append(
                render_edition(guide, renderer, local, edition, config.out_dir, allowed_dirs)
            )
        if config.web:
            from fbss_guide.web import write_web_edition

            write_web_edition(guide, renderer, local, config, config.clinic)
    return built


def render_edition(
    guide: Guide,
    renderer: Renderer,
    local: Localisation,
    edition: Edition,
    out_dir: Path,
    allowed_dirs: list[Path],
) -> BuiltEdition:
    """Render one edition to HTML, check it, and write the PDF and HTML atomically."""
    language = local.language
    options = RenderOptions(
        language=language, draft=local.draft, edition=edition.spec, clinic=edition.clinic
    )
    html = renderer.render(guide, options, local.translations)
    structure = check_html(html)
    if structure:
        raise BuildError(
            f"the generated HTML for '{language}' breaks accessibility rules: "
            + "; ".join(structure)
        )
    folder = out_dir / language
    pdf_path = folder / f"{edition.stem(guide)}.pdf"
    html_path = folder / f"{edition.stem(guide)}.html"
    pages = html_to_pdf(
        html,
        pdf_path,
        language=language,
        base_dir=renderer.templates_dir,
        allowed_dirs=allowed_dirs,
    )
    atomic_write_text(html_path, html)
    return BuiltEdition(edition, pdf_path, html_path, pages, local.draft)
