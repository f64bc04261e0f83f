"""The one entry point that turns content into handouts: load, check, render, write."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from fbss_guide import fonts
from fbss_guide.atomic import atomic_write_text
from fbss_guide.checks.evidence import check_evidence
from fbss_guide.checks.html_structure import check_html
from fbss_guide.content import load_guide
from fbss_guide.errors import BuildError, ContentError
from fbss_guide.model import Guide
from fbss_guide.pdf import html_to_pdf
from fbss_guide.readability import Targets, readability_problems, score_guide
from fbss_guide.render import Renderer, RenderOptions

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_CONTENT = PROJECT_ROOT / "content"
DEFAULT_TEMPLATES = PROJECT_ROOT / "templates"
DEFAULT_OUTPUT = PROJECT_ROOT / "output"


@dataclass(frozen=True)
class BuildConfig:
    content_dir: Path = DEFAULT_CONTENT
    templates_dir: Path = DEFAULT_TEMPLATES
    out_dir: Path = DEFAULT_OUTPUT
    languages: tuple[str, ...] = ("en",)


@dataclass(frozen=True)
class Edition:
    """One handout file to produce."""

    language: str
    paper: str = "a4"

    def stem(self, guide: Guide) -> str:
        return f"{guide.id}-guide-{self.language}-{self.paper}"


@dataclass(frozen=True)
class BuiltEdition:
    edition: Edition
    pdf: Path
    html: Path
    pages: int


def load_checked_guide(content_dir: Path) -> Guide:
    """Load content and run the gates every build must pass (evidence, readability)."""
    guide = load_guide(content_dir)
    problems = check_evidence(guide)
    problems += readability_problems(score_guide(guide, Targets()))
    if any(problem.severity == "error" for problem in problems):
        raise ContentError(problems)
    return guide


def build(config: BuildConfig) -> list[BuiltEdition]:
    """Build every requested edition; raise BuildError (nothing overwritten) on failure."""
    guide = load_checked_guide(config.content_dir)
    renderer = Renderer(config.templates_dir)
    built: list[BuiltEdition] = []
    for language in config.languages:
        fonts.require_fonts(language)
        edition = Edition(language)
        html = renderer.render(guide, RenderOptions(language=language))
        structure = check_html(html)
        if structure:
            raise BuildError(
                f"the generated HTML for '{language}' breaks accessibility rules: "
                + "; ".join(structure)
            )
        folder = config.out_dir / language
        pdf_path = folder / f"{edition.stem(guide)}.pdf"
        html_path = folder / f"{edition.stem(guide)}.html"
        pages = html_to_pdf(
            html,
            pdf_path,
            language=language,
            base_dir=config.templates_dir,
            allowed_dirs=[config.templates_dir, guide.content_dir],
        )
        atomic_write_text(html_path, html)
        built.append(BuiltEdition(edition, pdf_path, html_path, pages))
    return built
