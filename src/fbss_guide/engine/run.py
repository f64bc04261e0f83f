"""Check, render and write the stale editions of one build.

Workers start on English as soon as the content has passed its checks, and on each
other language once its catalog has. They return PDFs as bytes: nothing is written
until every language has been checked. A language whose catalog fails is left out (its
earlier files stay as they were) and reported; the others are written. With many
languages per worker, a worker renders all of a language's editions in one task, so it
loads that language's hyphenation patterns (about half a second each) and fonts once;
the last languages go edition by edition, so the workers finish together.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from fbss_guide.engine.keys import catalog_checks_key
from fbss_guide.engine.load import check_guide
from fbss_guide.engine.plan import Planned
from fbss_guide.engine.pool import Task, WorkerPool
from fbss_guide.engine.report import BuildReport, BuiltEdition, Progress
from fbss_guide.errors import BuildError
from fbss_guide.formats.base import Prepared, RenderContext
from fbss_guide.guide.required import edition_problem, html_problem
from fbss_guide.i18n.localise import Localisation, localise
from fbss_guide.i18n.paths import SOURCE_LANGUAGE, po_path
from fbss_guide.output_dir import cache as build_cache
from fbss_guide.project.config import BuildConfig

if TYPE_CHECKING:
    from pathlib import Path

    from babel.messages.catalog import Catalog

    from fbss_guide.engine.worker import RenderJob, RenderResult
    from fbss_guide.guide.model import Guide
    from fbss_guide.render.renderer import Renderer


@dataclass(frozen=True)
class _Queued:
    planned: Planned
    prepared: Prepared
    context: RenderContext


def _jobs(group: list[_Queued]) -> list[RenderJob]:
    return [item.prepared.job for item in group if item.prepared.job is not None]


@dataclass
class BuildRun:
    """One build's state while it checks, renders and writes the stale editions."""

    config: BuildConfig
    shared: str
    store: build_cache.BuildCache
    report: BuildReport
    progress: Progress | None
    passed: list[tuple[str, str]] = field(default_factory=list)
    local: dict[str, Localisation] = field(default_factory=dict)
    _template: Catalog | None = None
    _content_checked: bool = False

    def template(self) -> Catalog:
        """messages.pot, read once for every language's checks."""
        from fbss_guide.i18n.catalogs import read_template

        if self._template is None:
            self._template = read_template(self.config.locales_dir)
        return self._template

    def check_content(self, guide: Guide) -> None:
        """The content's gates (evidence, readability), once per build, and not at all
        if these exact inputs passed them before; a ContentError stops the build."""
        if self._content_checked:
            return
        if self.config.force or not self.store.passed("content", self.shared):
            check_guide(guide, self.config.locales_dir)
            self.passed.append(("content", self.shared))
        self._content_checked = True

    def render_stale(self, stale: list[Planned], pool: WorkerPool | None) -> None:
        from fbss_guide.engine.worker import render_many
        from fbss_guide.guide.content import load_guide
        from fbss_guide.render.renderer import Renderer

        guide = load_guide(self.config.content_dir)
        renderer = Renderer(self.config.template_dirs)
        languages = list(dict.fromkeys(item.edition.language for item in stale))
        workers = pool.workers if pool is not None else 1
        printed = [item for item in stale if item.output.name != "web"]
        by_language = len({item.edition.language for item in printed}) >= 2 * workers
        submitted: list[tuple[list[_Queued], Task[list[RenderResult]] | None]] = []
        in_process: list[_Queued] = []
        tail: list[_Queued] = []

        def submit(groups: list[list[_Queued]]) -> None:
            for group in groups:
                if group:
                    task = pool.submit(render_many, _jobs(group)) if pool else None
                    submitted.append((group, task))

        # English first (no catalog to check), then the other languages longest first:
        # each is handed to the workers as soon as its catalog has passed, and the pool
        # ends evenly (longest-processing-time-first scheduling). A worker renders a whole
        # language in one task (it loads that language's hyphenation patterns and fonts
        # once), except the last languages: their editions go one by one, longest first,
        # to whichever worker is free, so the workers finish within a small edition of
        # each other instead of one waiting for the other's last language.
        others = [language for language in languages if language != SOURCE_LANGUAGE]
        ordered = [SOURCE_LANGUAGE] if SOURCE_LANGUAGE in languages else []
        ordered += sorted(
            others, key=lambda lang: self.expected_cost(guide, stale, lang), reverse=True
        )
        split = set(ordered[len(ordered) - workers :])
        # The content's gates run once the first language's editions are with the
        # workers, so the two overlap; nothing is written before every check passed. Should
        # rendering fail first, the gates run at once: bad content is reported as such.
        for language in ordered:
            try:
                items = self.prepare(guide, renderer, language, stale)
            except BuildError as error:
                self.check_content(guide)
                if language == SOURCE_LANGUAGE:
                    raise
                self.report.skipped_languages[language] = error
                continue
            except Exception:
                self.check_content(guide)
                raise
            in_process.extend(item for item in items if item.prepared.job is None)
            jobs = [item for item in items if item.prepared.job is not None]
            if not by_language:
                submit([[item] for item in jobs])
            elif language in split:
                tail.extend(jobs)
            else:
                submit([jobs])
            self.check_content(guide)
        self.check_content(guide)  # when no language passed
        submit([[item] for item in self.longest_first(tail)])
        # Every language has been checked: from here on, files are written (none at all
        # if no language passed).
        if not self.local:
            return
        for name, key in self.passed:
            self.store.mark_passed(name, key)
        for item in in_process:
            self.finish(item, None)
        for group, task in submitted:
            results = task.get() if task is not None else render_many(_jobs(group))
            for item, result in zip(group, results, strict=True):
                self.finish(item, result)

    def prepare(
        self, guide: Guide, renderer: Renderer, language: str, stale: list[Planned]
    ) -> list[_Queued]:
        """Check a language's catalog and render its stale editions' HTML."""
        from fbss_guide.fonts import families as fonts

        checks_key = catalog_checks_key(self.config, language, self.shared)
        checked = not self.config.force and self.store.passed(f"catalog-{language}", checks_key)
        local = localise(
            guide,
            language,
            self.config.locales_dir,
            self.config.allow_incomplete,
            checked,
            self.template() if language != SOURCE_LANGUAGE else None,
        )
        context = RenderContext(
            guide, renderer, local, self.config.out_dir, self.allowed_dirs(guide)
        )
        items = []
        # Largest editions first, so the workers end at about the same time.
        mine = [item for item in stale if item.edition.language == language]
        for planned in sorted(mine, key=lambda item: not item.edition.spec.large_print):
            for shown in planned.output.languages_shown(planned.edition):
                fonts.require_fonts(shown)
            missing = edition_problem(
                guide,
                planned.output.shown(guide),
                local.translations,
                f"{planned.output.label} in '{language}'",
            )
            if missing:
                raise BuildError(f"the {planned.output.label} in '{language}': {missing}")
            prepared = planned.output.prepare(context, planned.edition)
            lost = html_problem(guide, planned.output.shown(guide), prepared.html)
            if lost:
                raise BuildError(f"the {planned.output.label} in '{language}': {lost}")
            items.append(_Queued(planned, prepared, context))
        # Only now is the language known to be good.
        self.local[language] = local
        self.passed.append((f"catalog-{language}", checks_key))
        return items

    def allowed_dirs(self, guide: Guide) -> tuple[Path, ...]:
        """Folders a rendered page may load files from."""
        dirs = [*self.config.template_dirs, guide.content_dir]
        if self.config.clinic and self.config.clinic.logo:
            dirs.append(self.config.clinic.logo.path.parent)
        return tuple(dirs)

    def expected_cost(self, guide: Guide, stale: list[Planned], language: str) -> float:
        """How long a language's editions take: last build's times, or for a first build
        the size of its catalog (longer text, longer layout)."""
        seconds = [
            self.store.previous_seconds(item.edition.stem(guide.id))
            for item in stale
            if item.edition.language == language
        ]
        if seconds and all(value is not None for value in seconds):
            return sum(value or 0.0 for value in seconds)
        catalog = po_path(self.config.locales_dir, language)
        return catalog.stat().st_size / 40_000 if catalog.exists() else 6.0

    def longest_first(self, items: list[_Queued]) -> list[_Queued]:
        """Editions by how long they take: last build's times, or for a first build the
        length of their HTML (a two-column edition has about twice the text of a handout,
        a card a tenth)."""
        seconds = [
            self.store.previous_seconds(item.planned.edition.stem(item.context.guide.id))
            for item in items
        ]
        if all(value is not None for value in seconds):
            costs = [value or 0.0 for value in seconds]
        else:
            costs = [float(len(item.prepared.html)) for item in items]
        order = sorted(range(len(items)), key=lambda index: costs[index], reverse=True)
        return [items[index] for index in order]

    def finish(self, queued: _Queued, result: RenderResult | None) -> None:
        """Write one edition's files (the format checks its result first), then its cache
        entry; or record why it failed."""
        planned, context = queued.planned, queued.context
        edition = planned.edition
        draft = self.local[edition.language].draft
        report = self.report
        if result is not None:
            report.peak_worker_memory_mb = max(report.peak_worker_memory_mb, result.peak_memory_mb)
        seconds = result.seconds if result is not None else 0.0
        checks = result.checks if result is not None else planned.output.name
        try:
            written = planned.output.write(context, edition, queued.prepared, result)
        except BuildError as error:
            item = BuiltEdition(edition, planned.files, 0, draft, "failed", error=str(error))
        else:
            self.store.store(
                edition.stem(context.guide.id),
                build_cache.CacheEntry(
                    planned.key,
                    self.store.digests(sorted({*planned.files, *written.files})),
                    written.pages,
                    written.size,
                    seconds,
                    checks,
                    draft,
                ),
            )
            item = BuiltEdition(
                edition,
                planned.files,
                written.pages,
                draft,
                "built",
                written.size,
                seconds,
                checks,
            )
        report.editions.append(item)
        if self.progress:
            self.progress(item)
