"""The standalone web edition: one HTML file per language, with CSS and fonts beside it.

Nothing loads from the internet: the fonts are subset copies of the print fonts (only
the characters the page uses, cut by HarfBuzz), declared with @font-face in style.css.
"""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from fbss_guide.errors import BuildError
from fbss_guide.fonts import families as fonts
from fbss_guide.formats.base import EditionRequest, Prepared, RenderContext, Written, file_stem
from fbss_guide.inputs.safe_input import InputRefused, read_input_bytes
from fbss_guide.output_dir.atomic import atomic_write_bytes, atomic_write_text

MAX_ASSET_BYTES = 5 * 1024 * 1024  # figures and logos; checked again here as inputs

if TYPE_CHECKING:
    from fbss_guide.engine.worker import RenderResult
    from fbss_guide.guide.model import Block, Guide, Section


@fonts.font_lookup
def _font_file(family: str, bold: bool) -> tuple[Path, int]:
    """The file (and collection index) fontconfig uses for a family and weight."""
    style = "Bold" if bold else "Regular"
    result = subprocess.run(
        ["fc-match", f"{family}:style={style}", "--format=%{file}\n%{index}\n%{family}"],
        capture_output=True,
        text=True,
        check=True,
    )
    file, index, found = result.stdout.split("\n")[:3]
    if family not in found:
        raise BuildError(f"font '{family}' ({style}) is not installed")
    return Path(file), int(index or 0)


def _subset(source: Path, index: int, codepoints: set[int], target_stem: Path) -> tuple[str, str]:
    """Write a subset of a font with only the given characters; return its file name and
    CSS format."""
    from fbss_guide.fonts.subset import subset_font

    data = subset_font(source, index, codepoints)
    kind, suffix = ("opentype", ".otf") if data[:4] == b"OTTO" else ("truetype", ".ttf")
    target = target_stem.with_suffix(suffix)
    atomic_write_bytes(target, data)
    return target.name, kind


@fonts.font_lookup
def _covered(source: Path, index: int) -> frozenset[int]:
    from fontTools.ttLib import TTFont

    return frozenset(TTFont(source, fontNumber=index, lazy=True).getBestCmap())


def _font_faces(language: str, text: str, folder: Path) -> tuple[str, list[Path]]:
    """Subset each font of the language's stack to the characters it must draw: the first
    family takes what it covers, the next ones only what is left. Returns the CSS rules
    and the font files written."""
    remaining = {ord(char) for char in set(text) if not char.isspace()}
    rules = []
    written: list[Path] = []
    for family in fonts.families_for(language):
        if not remaining:
            break
        regular, index = _font_file(family, bold=False)
        mine = remaining & _covered(regular, index)
        if not mine:
            continue
        remaining -= mine
        for bold in (False, True):
            try:
                source, face_index = _font_file(family, bold)
            except BuildError:
                continue  # some families (symbols) have no bold face
            stem = f"{family.replace(' ', '')}-{'Bold' if bold else 'Regular'}"
            name, kind = _subset(source, face_index, set(mine), folder / "fonts" / stem)
            written.append(folder / "fonts" / name)
            rules.append(
                f'@font-face {{ font-family: "{family}"; src: url("fonts/{name}") '
                f'format("{kind}"); font-weight: {700 if bold else 400}; }}'
            )
    return "\n".join(rules), written


def _read_asset(path: Path) -> bytes:
    """An image the page uses, read as an input: a regular file, of bounded size."""
    try:
        return read_input_bytes(path, None, MAX_ASSET_BYTES)
    except InputRefused as refused:
        raise BuildError(f"cannot copy {path} into the web edition: {refused.message}") from None


class WebFormat:
    """The standalone web edition: OUT/<lang>/web[-<clinic>]/<guide>-guide-<lang>.html,
    its style sheet with subset fonts, and copies of its pictures."""

    name: ClassVar[str] = "web"
    label: ClassVar[str] = "web edition"
    options: ClassVar[frozenset[str]] = frozenset()

    def accepts(self, language: str) -> bool:
        return True

    def languages_shown(self, edition: EditionRequest) -> tuple[str, ...]:
        return (edition.language,)

    def shown(self, guide: Guide) -> tuple[tuple[Section, tuple[Block, ...]], ...]:
        return tuple((section, section.blocks) for section in guide.sections)

    def page(self, out_dir: Path, guide_id: str, edition: EditionRequest) -> Path:
        clinic = edition.clinic
        folder = "web" + (f"-{clinic.id}" if clinic else "")
        language = edition.language
        return out_dir / language / folder / f"{file_stem(guide_id)}-{language}.html"

    def outputs(self, out_dir: Path, guide_id: str, edition: EditionRequest) -> list[Path]:
        page = self.page(out_dir, guide_id, edition)
        return [page, page.parent / "style.css"]

    def cache_inputs(self, edition: EditionRequest) -> tuple[str, ...]:
        return (self.name,)

    def prepare(self, context: RenderContext, edition: EditionRequest) -> Prepared:
        from fbss_guide.checks.html_structure import check_web_html
        from fbss_guide.render.renderer import RenderOptions, sources_section, urgent_section

        options = RenderOptions(
            language=edition.language,
            draft=context.local.draft,
            clinic=edition.clinic,
            edition=edition.spec,
            medium="screen",
        )
        html = context.renderer.render(context.guide, options, context.translations)
        problems = check_web_html(html, sources_section(context.guide))
        target = urgent_section(context.guide)
        if target and f'class="skip-link" href="#{target}"' not in html:
            problems.append("no skip link to the warning signs")
        if "://" in html.replace("https://", "").replace("http://", "").replace("data:", ""):
            problems.append("the page refers to a file outside its folder")
        if problems:
            raise BuildError(
                f"the web edition for '{edition.language}' breaks accessibility rules: "
                + "; ".join(problems)
            )
        # The pictures this page refers to, resolved now: the renderer forgets them at
        # its next render.
        return Prepared(html, assets=tuple(context.renderer.web_assets))

    def write(
        self,
        context: RenderContext,
        edition: EditionRequest,
        prepared: Prepared,
        result: RenderResult | None,
    ) -> Written:
        target = self.page(context.out_dir, context.guide.id, edition)
        folder = target.parent
        css = context.renderer.find("web.css").read_text(encoding="utf-8")
        faces, files = _font_faces(edition.language, prepared.html + css, folder)
        atomic_write_text(folder / "style.css", faces + "\n\n" + css)
        # Copies are written like every output: to a temporary file, then renamed, so a
        # symbolic link planted at the target is replaced, never written through.
        clinic = edition.clinic
        if clinic and clinic.logo:
            files.append(folder / clinic.logo.path.name)
            atomic_write_bytes(files[-1], _read_asset(clinic.logo.path))
        for asset in prepared.assets:
            files.append(folder / "images" / asset.name)
            atomic_write_bytes(files[-1], _read_asset(asset))
        atomic_write_text(target, prepared.html)
        # Every file, so the cache calls the edition up to date only while all are there.
        return Written((target, folder / "style.css", *files))


FORMAT = WebFormat()  # found by fbss_guide.formats
