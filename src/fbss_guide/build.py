"""The one entry point that turns content into handouts: plan, check, render, write.

1. Plan the editions (languages x paper sizes x print sizes) and compute each one's cache
   key from its inputs. If every edition is up to date, stop: nothing heavy is imported.
2. Otherwise start the worker pool at once (workers import WeasyPrint while the main
   process works), then load and check the content and every catalog needed. Any problem
   stops the build here, before a single file is written.
3. Render each stale edition's HTML and hand it to a worker, largest first. Each PDF is
   written atomically; its HTML and cache entry follow only after it succeeded. One
   edition failing does not stop the others, and neither does one language whose
   catalog is incomplete or broken: every other language is built, and the build then
   reports what failed, by file, line and message, and exits non-zero.
"""

from __future__ import annotations

import gettext
import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from fbss_guide import cache as build_cache
from fbss_guide import owned_files
from fbss_guide.atomic import atomic_write_bytes, atomic_write_text
from fbss_guide.editions import STANDARD, EditionSpec
from fbss_guide.errors import BuildError, ContentError, Problem
from fbss_guide.i18n.paths import (
    SOURCE_LANGUAGE,
    available_languages,
    babel_code,
    po_path,
    pot_path,
)
from fbss_guide.pool import Task, WorkerPool

if TYPE_CHECKING:
    from fbss_guide.clinic import Clinic
    from fbss_guide.model import Guide
    from fbss_guide.render import Renderer
    from fbss_guide.worker import RenderJob, RenderResult

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
    clinic_file: Path | None = None
    web: bool = False
    jobs: int = 1  # worker processes; 1 renders in this process
    force: bool = False  # rebuild even what the cache says is up to date

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

    def stem(self, guide_id: str) -> str:
        clinic = f"-{self.clinic.id}" if self.clinic else ""
        return f"{guide_id}-guide-{self.language}-{self.spec.suffix}{clinic}"


@dataclass(frozen=True)
class BuiltEdition:
    edition: Edition
    pdf: Path
    html: Path
    pages: int
    draft: bool = False
    status: str = "built"  # built, cached or failed
    size: int = 0
    seconds: float = 0.0
    checks: str = ""
    error: str | None = None


@dataclass
class BuildReport:
    editions: list[BuiltEdition] = field(default_factory=list)
    web: list[Path] = field(default_factory=list)
    seconds: float = 0.0
    peak_worker_memory_mb: float = 0.0
    # Languages not built, with why: an incomplete or broken catalog, a missing font.
    skipped_languages: dict[str, BuildError] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)  # e.g. a damaged cache discarded

    @property
    def failed(self) -> list[BuiltEdition]:
        return [item for item in self.editions if item.status == "failed"]


class BuildFailed(BuildError):
    """Some editions or languages failed; the others were written. `report` has the
    details."""

    def __init__(self, report: BuildReport) -> None:
        self.report = report
        parts = []
        if report.failed:
            parts.append(f"{len(report.failed)} edition(s) failed:")
            parts += [f"  {item.pdf.name}: {item.error}" for item in report.failed]
        for language, error in report.skipped_languages.items():
            parts.append(f"language '{language}' was not built:")
            parts += ["  " + line for line in _error_lines(error)]
        parts.append("The other editions were written.")
        super().__init__("\n".join(parts))


def _error_lines(error: BuildError) -> list[str]:
    if isinstance(error, ContentError):
        return [line for problem in error.problems for line in problem.format().splitlines()]
    return str(error).splitlines()


@dataclass(frozen=True)
class Localisation:
    """A language's compiled catalog and whether its edition is a draft."""

    language: str
    translations: gettext.NullTranslations | None
    draft: bool


Progress = Callable[[BuiltEdition], None]


def guide_id(content_dir: Path) -> str:
    """The guide's id, read without loading the whole content (used for file names)."""
    from fbss_guide.yamlfile import load_yaml

    # issue 15: the same limits as every input (no FIFO, no 50 MB file, no alias bomb);
    # its problems are reported when the content is loaded.
    data = load_yaml(content_dir / "guide.yaml", [], root=content_dir)
    value = data.get("id") if isinstance(data, dict) else None
    return str(value) if value else "guide"


def load_checked_guide(content_dir: Path, locales_dir: Path = DEFAULT_LOCALES) -> Guide:
    """Load content and run the gates every build must pass (evidence, readability)."""
    from fbss_guide.checks.evidence import check_evidence
    from fbss_guide.content import load_guide
    from fbss_guide.readability import load_targets, readability_problems, score_guide

    guide = load_guide(content_dir)
    problems = check_evidence(guide)
    targets = load_targets(locales_dir / READABILITY_CONFIG, SOURCE_LANGUAGE)
    problems += readability_problems(score_guide(guide, targets))
    if any(problem.severity == "error" for problem in problems):
        raise ContentError(problems)
    return guide


def localise(
    guide: Guide,
    language: str,
    locales_dir: Path,
    allow_incomplete: bool,
    checked: bool = False,
) -> Localisation:
    """Check and compile a language's catalog; refuse a silently half-English handout.

    `checked` skips the catalog and readability checks, for a catalog whose exact inputs
    already passed them (the build cache remembers).
    """
    from fbss_guide.checks.catalogs import check_catalog
    from fbss_guide.i18n.catalogs import (
        catalog_stats,
        compile_translations,
        read_catalog,
        read_template,
        untranslated_notice,
    )
    from fbss_guide.i18n.review import load_review
    from fbss_guide.markup import Inline
    from fbss_guide.readability import load_targets, readability_problems, score_guide

    if language == SOURCE_LANGUAGE:
        return Localisation(language, None, False)
    path = po_path(locales_dir, language)
    if not path.exists():
        raise BuildError(
            f"no translation catalog for '{language}' ({path}); "
            f"start one with 'fbss-guide i18n init {language}'"
        )
    template = read_template(locales_dir)  # issue 15: completeness is against messages.pot
    catalog = read_catalog(path)
    # Warnings (such as a plural header that differs from CLDR's) show in 'check'.
    broken = [
        problem
        for problem in (
            []
            if checked
            else check_catalog(path, language, template, include_incomplete=False, catalog=catalog)
        )
        if problem.severity == "error"
    ]
    stats = catalog_stats(catalog, template)
    if stats.missing and not allow_incomplete:
        listed = [
            Problem(
                str(path),
                line,
                f"msgctxt '{context}'" if context else f"msgid '{msgid[:50]}'",
                "not translated, or fuzzy (marked for review)",
            )
            for context, msgid, line in stats.missing[:20]  # the count below says how many
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
    if stats.missing:  # issue 15: say how much of the draft is English
        print(untranslated_notice(language, len(stats.missing)), file=sys.stderr)
    translations = compile_translations(catalog)
    review = load_review(locales_dir, language)

    def translate(inline: Inline) -> str:
        return translations.pgettext(inline.context, inline.source)

    if not checked:
        targets = load_targets(locales_dir / READABILITY_CONFIG, language)
        problems = readability_problems(score_guide(guide, targets, translate))
        if problems and not allow_incomplete:
            raise ContentError(problems)
    return Localisation(language, translations, review.is_draft or bool(stats.missing))


def edition_key(
    config: BuildConfig, edition: Edition, shared: str, font_hashes: build_cache.FontHashes
) -> str:
    """Everything an edition's files depend on, as one hash."""
    from fbss_guide import fonts

    language_inputs = ""
    if edition.language != SOURCE_LANGUAGE:
        language_inputs = build_cache.combine(
            build_cache.digest_file(po_path(config.locales_dir, edition.language)),
            build_cache.digest_file(
                config.locales_dir / babel_code(edition.language) / "review.yaml"
            ),
            build_cache.digest_file(pot_path(config.locales_dir)),
        )
    clinic = ""
    if edition.clinic is not None:
        clinic = build_cache.digest_file(config.clinic_file) + build_cache.digest_file(
            edition.clinic.logo.path if edition.clinic.logo else None
        )
    return build_cache.combine(
        shared,
        edition.language,
        edition.spec.suffix,
        language_inputs,
        clinic,
        font_hashes.fingerprint(tuple(fonts.families_for(edition.language))),
        str(config.allow_incomplete),
    )


def catalog_checks_key(config: BuildConfig, language: str, shared: str) -> str:
    """What a language's catalog and readability checks depend on."""
    return build_cache.combine(
        shared,
        "checks",
        language,
        build_cache.digest_file(po_path(config.locales_dir, language)),
        build_cache.digest_file(pot_path(config.locales_dir)),
        str(config.allow_incomplete),
    )


def _shared_key(config: BuildConfig) -> str:
    return build_cache.combine(
        build_cache.code_digest(),
        build_cache.dependency_versions(),
        build_cache.digest_tree(config.content_dir),
        build_cache.digest_tree(config.templates_dir),
        build_cache.digest_file(config.locales_dir / READABILITY_CONFIG),
        os.environ.get("SOURCE_DATE_EPOCH", ""),
    )


def sweep_temporary_files(out_dir: Path) -> None:
    """Remove temporary files a killed build may have left (never finished outputs)."""
    owned_files.sweep(out_dir)


def source_folders(config: BuildConfig) -> dict[str, Path]:
    """The folders --out may not be inside."""
    return {
        "content": config.content_dir,
        "locales": config.locales_dir,
        "templates": config.templates_dir,
    }


def _allowed_dirs(config: BuildConfig, guide: Guide) -> tuple[Path, ...]:
    dirs = [config.templates_dir, guide.content_dir]
    if config.clinic and config.clinic.logo:
        dirs.append(config.clinic.logo.path.parent)
    return tuple(dirs)


def build(config: BuildConfig, progress: Progress | None = None) -> list[BuiltEdition]:
    """Build every requested edition; see build_report for the details of the run."""
    return build_report(config, progress).editions


def build_report(
    config: BuildConfig,
    progress: Progress | None = None,
    pool: WorkerPool | None = None,
) -> BuildReport:
    """Build and report on every edition. A long-lived caller (watch mode, the benchmark)
    may pass its own warm worker pool; otherwise one is started when needed."""
    # issue 15: refuse FIFOs and links out of the input folders before anything hashes
    # them; hold OUT's lock for the build; --out outside the sources; own files only.
    _check_output_folder(config.out_dir)
    owned_files.check_inputs(config.content_dir, config.locales_dir)
    with owned_files.building(config.out_dir, source_folders(config)):
        return _build_report(config, progress, pool)


def _build_report(
    config: BuildConfig,
    progress: Progress | None = None,
    pool: WorkerPool | None = None,
) -> BuildReport:
    started = time.perf_counter()
    report = BuildReport()
    guide_name = guide_id(config.content_dir)
    shared = _shared_key(config)
    store = build_cache.BuildCache(config.out_dir)
    store.prepare()
    font_hashes = build_cache.FontHashes(store)
    planned: list[Edition] = []
    stale: list[tuple[Edition, str]] = []
    for language in config.all_languages():
        for spec in config.editions:
            edition = Edition(language, spec, config.clinic)
            key = edition_key(config, edition, shared, font_hashes)
            planned.append(edition)
            stem = edition.stem(guide_name)
            pdf, html = _outputs(config.out_dir, edition, stem)
            entry = None if config.force else store.fresh(stem, key, [pdf, html])
            if entry is None:
                stale.append((edition, key))
            else:
                item = BuiltEdition(
                    edition,
                    pdf,
                    html,
                    entry.pages,
                    entry.draft,
                    "cached",
                    entry.size,
                    0.0,
                    entry.checks,
                )
                report.editions.append(item)
                if progress:
                    progress(item)
    web_stale = _stale_web(config, guide_name, shared, store, font_hashes) if config.web else []
    run = _Run(config, shared, store, font_hashes, report, progress)
    try:
        if stale or web_stale:
            owned = pool is None
            workers = _start_pool(config.jobs, len(stale)) if owned else pool
            try:
                run.render_stale(stale, web_stale, workers)
            except BaseException:
                # An error or Ctrl-C: end the workers now, not after their current edition,
                # and remove a temporary file an interrupt may have caught half-made
                # (between creating it and the write's own cleanup).
                if workers is not None and owned:
                    workers.stop()
                sweep_temporary_files(config.out_dir)
                raise
            if workers is not None and owned:
                workers.close()
    finally:
        if config.out_dir.exists():  # a build that wrote nothing creates no folder
            font_hashes.save()
        report.notes += store.notes
    report.seconds = round(time.perf_counter() - started, 3)
    report.editions.sort(key=lambda item: planned.index(item.edition))
    if report.failed or report.skipped_languages:
        raise BuildFailed(report)
    return report


def web_page(out_dir: Path, guide_name: str, language: str, clinic: Clinic | None) -> Path:
    """Where a language's web edition goes: OUT/<lang>/web[-<clinic>]/<guide>-<lang>.html."""
    folder = "web" + (f"-{clinic.id}" if clinic else "")
    return out_dir / language / folder / f"{guide_name}-guide-{language}.html"


def _web_outputs(
    out_dir: Path, guide_name: str, language: str, clinic: Clinic | None
) -> list[Path]:
    page = web_page(out_dir, guide_name, language, clinic)
    return [page, page.parent / "style.css"]


def _check_output_folder(out_dir: Path) -> None:
    """Fail early, before any work, if the output folder cannot be written.

    The folder itself is only created when the first file is written.
    """
    existing = out_dir
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if not existing.is_dir():
        raise BuildError(
            f"the output folder {out_dir} is inside a file ({existing}); choose another --out"
        )
    if not os.access(existing, os.W_OK | os.X_OK):
        raise BuildError(
            f"cannot write to the output folder {out_dir}: permission denied; "
            "choose another --out or fix its permissions"
        )


def _outputs(out_dir: Path, edition: Edition, stem: str) -> tuple[Path, Path]:
    folder = out_dir / edition.language
    return folder / f"{stem}.pdf", folder / f"{stem}.html"


def start_pool(jobs: int, render_sample: bool = True) -> WorkerPool:
    """A pool of warm workers (each has imported WeasyPrint and laid out a page)."""
    return WorkerPool(jobs, render_sample)


def _start_pool(jobs: int, tasks: int) -> WorkerPool | None:
    if jobs <= 1 or tasks <= 1:
        return None
    return start_pool(min(jobs, tasks), render_sample=False)


def _stale_web(
    config: BuildConfig,
    guide_name: str,
    shared: str,
    store: build_cache.BuildCache,
    font_hashes: build_cache.FontHashes,
) -> list[tuple[str, str]]:
    stale = []
    for language in config.all_languages():
        edition = Edition(language, EditionSpec("web"), config.clinic)
        key = edition_key(config, edition, shared, font_hashes)
        stem = web_stem(guide_name, language, config.clinic)
        outputs = _web_outputs(config.out_dir, guide_name, language, config.clinic)
        if config.force or store.fresh(stem, key, outputs) is None:
            stale.append((language, key))
    return stale


@dataclass(frozen=True)
class _Queued:
    edition: Edition
    key: str
    html: str
    job: RenderJob


@dataclass
class _Run:
    """One build's state while it checks, renders and writes the stale editions."""

    config: BuildConfig
    shared: str
    store: build_cache.BuildCache
    font_hashes: build_cache.FontHashes
    report: BuildReport
    progress: Progress | None
    passed: list[tuple[str, str]] = field(default_factory=list)
    local: dict[str, Localisation] = field(default_factory=dict)

    def check_content(self) -> Guide:
        from fbss_guide.content import load_guide

        if not self.config.force and self.store.passed("content", self.shared):
            return load_guide(self.config.content_dir)
        guide = load_checked_guide(self.config.content_dir, self.config.locales_dir)
        self.passed.append(("content", self.shared))
        return guide

    def render_stale(
        self,
        stale: list[tuple[Edition, str]],
        web_stale: list[tuple[str, str]],
        pool: WorkerPool | None,
    ) -> None:
        """Check, render and write the stale editions.

        Workers start on English as soon as the content has passed its checks, and on
        each other language once its catalog has. They return PDFs as bytes: nothing is
        written until every language has been checked. A language whose catalog fails
        is left out (its earlier files stay as they were) and reported; the others are
        written. With many languages per worker, a worker renders all of a language's
        editions in one task, so it loads that script's fonts once.
        """
        from fbss_guide.render import Renderer
        from fbss_guide.worker import render_many

        guide = self.check_content()
        renderer = Renderer(self.config.templates_dir)
        languages = list(dict.fromkeys([e.language for e, _ in stale] + [w for w, _ in web_stale]))
        workers = pool.workers if pool is not None else 1
        by_language = len({e.language for e, _ in stale}) >= 2 * workers
        submitted: list[tuple[list[_Queued], Task[list[RenderResult]] | None]] = []

        def submit(items: list[_Queued]) -> None:
            groups = [items] if by_language else [[item] for item in items]
            for group in groups:
                if group:
                    task = pool.submit(render_many, [i.job for i in group]) if pool else None
                    submitted.append((group, task))

        # English first (no catalog to check), then the other languages longest first:
        # each is handed to the workers as soon as its catalog has passed, and the pool
        # ends evenly (longest-processing-time-first scheduling).
        others = [language for language in languages if language != SOURCE_LANGUAGE]
        ordered = [SOURCE_LANGUAGE] if SOURCE_LANGUAGE in languages else []
        ordered += sorted(
            others, key=lambda lang: self.expected_cost(guide, stale, lang), reverse=True
        )
        for language in ordered:
            try:
                submit(self.prepare(guide, renderer, language, stale))
            except BuildError as error:
                if language == SOURCE_LANGUAGE:
                    raise
                self.report.skipped_languages[language] = error
        # Every language has been checked: from here on, files are written (none at all
        # if no language passed).
        if not self.local:
            return
        for name, key in self.passed:
            self.store.mark_passed(name, key)
        if web_stale:
            self.write_web(guide, renderer, web_stale)
        for group, task in submitted:
            results = task.get() if task is not None else render_many([i.job for i in group])
            for item, result in zip(group, results, strict=True):
                self.finish(item, result)

    def prepare(
        self, guide: Guide, renderer: Renderer, language: str, stale: list[tuple[Edition, str]]
    ) -> list[_Queued]:
        """Check a language's catalog and render its stale editions' HTML."""
        from fbss_guide import fonts
        from fbss_guide.checks.html_structure import check_html
        from fbss_guide.render import RenderOptions
        from fbss_guide.worker import RenderJob

        checks_key = catalog_checks_key(self.config, language, self.shared)
        checked = not self.config.force and self.store.passed(f"catalog-{language}", checks_key)
        local = localise(
            guide, language, self.config.locales_dir, self.config.allow_incomplete, checked
        )
        fonts.require_fonts(language)
        items = []
        # Largest editions first, so the workers end at about the same time.
        for edition, key in sorted(
            (item for item in stale if item[0].language == language),
            key=lambda item: not item[0].spec.large_print,
        ):
            options = RenderOptions(
                language=language,
                draft=local.draft,
                edition=edition.spec,
                clinic=edition.clinic,
            )
            html = renderer.render(guide, options, local.translations)
            structure = check_html(html)
            if structure:
                raise BuildError(
                    f"the generated HTML for '{language}' breaks accessibility rules: "
                    + "; ".join(structure)
                )
            stem = edition.stem(guide.id)
            pdf_path, _ = _outputs(self.config.out_dir, edition, stem)
            allowed = _allowed_dirs(self.config, guide)
            job = RenderJob(stem, html, pdf_path, language, renderer.templates_dir, allowed)
            items.append(_Queued(edition, key, html, job))
        # Only now is the language known to be good.
        self.local[language] = local
        self.passed.append((f"catalog-{language}", checks_key))
        return items

    def expected_cost(self, guide: Guide, stale: list[tuple[Edition, str]], language: str) -> float:
        """How long a language's editions take: last build's times, or for a first build
        the size of its catalog (longer text, longer layout)."""
        seconds = [
            self.store.previous_seconds(edition.stem(guide.id))
            for edition, _ in stale
            if edition.language == language
        ]
        if seconds and all(value is not None for value in seconds):
            return sum(value or 0.0 for value in seconds)
        catalog = po_path(self.config.locales_dir, language)
        return catalog.stat().st_size / 40_000 if catalog.exists() else 6.0

    def write_web(self, guide: Guide, renderer: Renderer, web_stale: list[tuple[str, str]]) -> None:
        from fbss_guide.web import write_web_edition

        clinic = self.config.clinic
        for language, key in web_stale:
            if language not in self.local:
                continue  # its catalog failed; reported with the language
            web = write_web_edition(guide, renderer, self.local[language], self.config, clinic)
            self.report.web.append(web.html)
            outputs = _web_outputs(self.config.out_dir, guide.id, language, clinic)
            self.store.store(
                web_stem(guide.id, language, clinic),
                build_cache.CacheEntry(
                    key,
                    build_cache.output_digests(outputs),
                    checks="web",
                    draft=self.local[language].draft,
                ),
            )

    def finish(self, queued: _Queued, result: RenderResult) -> None:
        """Write one rendered edition (PDF, then HTML, then its cache entry) or record why
        it failed."""
        edition, key, html, job = queued.edition, queued.key, queued.html, queued.job
        pdf_path, html_path = _outputs(self.config.out_dir, edition, job.stem)
        draft = self.local[edition.language].draft
        report = self.report
        report.peak_worker_memory_mb = max(report.peak_worker_memory_mb, result.peak_memory_mb)
        if result.error is not None:
            item = BuiltEdition(
                edition, pdf_path, html_path, 0, draft, "failed", error=result.error
            )
        else:
            atomic_write_bytes(pdf_path, result.pdf)
            atomic_write_text(html_path, html)
            self.store.store(
                job.stem,
                build_cache.CacheEntry(
                    key,
                    build_cache.output_digests([pdf_path, html_path]),
                    result.pages,
                    result.size,
                    result.seconds,
                    result.checks,
                    draft,
                ),
            )
            item = BuiltEdition(
                edition,
                pdf_path,
                html_path,
                result.pages,
                draft,
                "built",
                result.size,
                result.seconds,
                result.checks,
            )
        report.editions.append(item)
        if self.progress:
            self.progress(item)


def web_stem(guide_name: str, language: str, clinic: Clinic | None) -> str:
    return f"{guide_name}-guide-{language}-web" + (f"-{clinic.id}" if clinic else "")
