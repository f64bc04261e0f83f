"""What every printed format shares: HTML from a template, a PDF from a worker, both
written next to each other in OUT/<language>/."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from fbss_guide.errors import BuildError
from fbss_guide.formats.base import EditionRequest, Prepared, RenderContext, Written
from fbss_guide.output_dir.atomic import atomic_write_bytes, atomic_write_text
from fbss_guide.render.portable_html import portable_html

if TYPE_CHECKING:
    from fbss_guide.engine.worker import RenderResult
    from fbss_guide.guide.model import Block, Guide, Section
    from fbss_guide.project.editions import EditionSpec
    from fbss_guide.render.renderer import RenderOptions


class PrintedFormat:
    """A format printed on paper. Subclasses name their template, stylesheets, options
    and page limit."""

    name: ClassVar[str]
    label: ClassVar[str]
    options: ClassVar[frozenset[str]] = frozenset({"paper"})
    template: ClassVar[str]
    max_pages: ClassVar[int | None] = None

    def accepts(self, language: str) -> bool:
        return True

    def languages_shown(self, edition: EditionRequest) -> tuple[str, ...]:
        return (edition.language,)

    def stylesheets(self, spec: EditionSpec) -> tuple[str, ...]:
        return ("print.css",)

    def shown(self, guide: Guide) -> tuple[tuple[Section, tuple[Block, ...]], ...]:
        return tuple((section, section.blocks) for section in guide.sections)

    def outputs(self, out_dir: Path, guide_id: str, edition: EditionRequest) -> list[Path]:
        stem = edition.stem(guide_id)
        folder = out_dir / edition.language
        return [folder / f"{stem}.pdf", folder / f"{stem}.html"]

    def cache_inputs(self, edition: EditionRequest) -> tuple[str, ...]:
        return (self.name, self.template, *self.stylesheets(edition.spec))

    def render_options(self, context: RenderContext, edition: EditionRequest) -> RenderOptions:
        from fbss_guide.render.renderer import RenderOptions

        return RenderOptions(
            language=edition.language,
            draft=context.local.draft,
            edition=edition.spec,
            clinic=edition.clinic,
            template=self.template,
            stylesheets=self.stylesheets(edition.spec),
        )

    def render_html(self, context: RenderContext, options: RenderOptions) -> str:
        return context.renderer.render(context.guide, options, context.translations)

    def prepare(self, context: RenderContext, edition: EditionRequest) -> Prepared:
        from fbss_guide.checks.html_structure import check_html
        from fbss_guide.engine.worker import RenderJob

        html = self.render_html(context, self.render_options(context, edition))
        structure = check_html(html)
        if structure:
            raise BuildError(
                f"the generated HTML of the {self.label} for '{edition.language}' breaks "
                "accessibility rules: " + "; ".join(structure)
            )
        pdf_path = self.outputs(context.out_dir, context.guide.id, edition)[0]
        job = RenderJob(
            edition.stem(context.guide.id),
            html,
            pdf_path,
            edition.language,
            context.renderer.base_dir,
            context.allowed_dirs,
        )
        return Prepared(html, job)

    def write(
        self,
        context: RenderContext,
        edition: EditionRequest,
        prepared: Prepared,
        result: RenderResult | None,
    ) -> Written:
        if result is None or result.error is not None:
            raise BuildError(result.error if result else "the edition was not rendered")
        if self.max_pages is not None and result.pages > self.max_pages:
            raise BuildError(
                f"the {self.label} is {result.pages} pages; it must fit on {self.max_pages}. "
                "Mark fewer sections or blocks with 'card: true', or shorten them"
            )
        pdf_path, html_path = self.outputs(context.out_dir, context.guide.id, edition)
        atomic_write_bytes(pdf_path, result.pdf)
        # The saved HTML opens on any machine: style sheets and pictures go inside it.
        atomic_write_text(html_path, portable_html(prepared.html))
        return Written((pdf_path, html_path), result.pages, result.size)
