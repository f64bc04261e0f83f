"""The one interface every output format implements (as Sphinx's builders do).

A format says which options an edition of it takes, which languages it applies to,
where its files go, how it turns a guide into HTML (and, for print formats, what the
worker turns into a PDF), how it writes its files and how it checks them. The build
engine knows nothing else about formats: adding one is a module in this package plus
its template, registered in `formats/__init__.py`.
"""

from __future__ import annotations

import gettext
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, Protocol

if TYPE_CHECKING:
    from fbss_guide.clinic.details import Clinic
    from fbss_guide.engine.worker import RenderJob, RenderResult
    from fbss_guide.guide.model import Block, Guide, Section
    from fbss_guide.i18n.localise import Localisation
    from fbss_guide.project.editions import EditionSpec
    from fbss_guide.render.renderer import Renderer


def file_stem(guide_id: str) -> str:
    """The start of every output file's name: '<id>-guide', or the id alone when it
    already ends in 'guide' (a project in a folder named knee-guide writes
    knee-guide-en-a4.pdf, not knee-guide-guide-en-a4.pdf)."""
    if guide_id == "guide" or guide_id.endswith("-guide"):
        return guide_id
    return f"{guide_id}-guide"


@dataclass(frozen=True)
class EditionRequest:
    """One edition to produce: a language in one format's options, maybe for a clinic."""

    language: str
    spec: EditionSpec
    clinic: Clinic | None = None

    def stem(self, guide_id: str) -> str:
        clinic = f"-{self.clinic.id}" if self.clinic else ""
        return f"{file_stem(guide_id)}-{self.language}-{self.spec.suffix}{clinic}"


@dataclass(frozen=True)
class RenderContext:
    """What a format needs to render one language: the guide, the renderer, the
    language's compiled catalog, and where files go and may be read from."""

    guide: Guide
    renderer: Renderer
    local: Localisation
    out_dir: Path
    allowed_dirs: tuple[Path, ...]

    @property
    def translations(self) -> gettext.NullTranslations | None:
        return self.local.translations


@dataclass(frozen=True)
class Prepared:
    """A rendered edition before anything is written: its HTML and, for print formats,
    the job a worker turns into a PDF."""

    html: str
    job: RenderJob | None = None
    assets: tuple[Path, ...] = ()  # files the page refers to, copied beside it


@dataclass(frozen=True)
class Written:
    """What a format wrote for one edition."""

    files: tuple[Path, ...]
    pages: int = 0
    size: int = 0


class OutputFormat(Protocol):
    """An output format. Implementations are stateless; one instance serves every build."""

    name: ClassVar[str]  # as written in the project file's `editions`
    options: ClassVar[frozenset[str]]  # keys an edition may set besides `format`
    label: ClassVar[str]  # for people: progress lines, the web form

    def accepts(self, language: str) -> bool:
        """Whether the format makes an edition in this language (bilingual: not English)."""
        ...

    def languages_shown(self, edition: EditionRequest) -> tuple[str, ...]:
        """The languages whose text the edition prints (their fonts are inputs too)."""
        ...

    def shown(self, guide: Guide) -> tuple[tuple[Section, tuple[Block, ...]], ...]:
        """The sections the edition prints, each with the blocks of it that it prints
        (the guide's `required` content is checked against these)."""
        ...

    def outputs(self, out_dir: Path, guide_id: str, edition: EditionRequest) -> list[Path]:
        """Every file the edition writes: the cache checks them, the build reports them."""
        ...

    def cache_inputs(self, edition: EditionRequest) -> tuple[str, ...]:
        """Inputs beyond the shared ones (content, templates, code, catalog, clinic,
        fonts) that the edition's files depend on, as strings for the cache key."""
        ...

    def prepare(self, context: RenderContext, edition: EditionRequest) -> Prepared:
        """Render and check the HTML; raise BuildError naming what is wrong."""
        ...

    def write(
        self,
        context: RenderContext,
        edition: EditionRequest,
        prepared: Prepared,
        result: RenderResult | None,
    ) -> Written:
        """Check the worker's result and write every output atomically; raise BuildError
        if the result breaks the format's rules (nothing is written then)."""
        ...
