"""The standalone web edition: one HTML file per language, with CSS and fonts beside it.

Nothing loads from the internet: the fonts are subset copies of the print fonts (only
the characters the page uses, cut by HarfBuzz), declared with @font-face in style.css.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from fbss_guide import fonts
from fbss_guide.atomic import atomic_write_bytes, atomic_write_text
from fbss_guide.checks.html_structure import check_web_html
from fbss_guide.errors import BuildError
from fbss_guide.fontsubset import subset_font
from fbss_guide.render import RenderOptions
from fbss_guide.safe_input import InputRefused, read_input_bytes

MAX_ASSET_BYTES = 5 * 1024 * 1024  # figures and logos; checked again here as inputs

if TYPE_CHECKING:
    from fbss_guide.build import BuildConfig, Localisation
    from fbss_guide.clinic import Clinic
    from fbss_guide.model import Guide
    from fbss_guide.render import Renderer


@dataclass(frozen=True)
class WebEdition:
    html: Path
    folder: Path


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
    data = subset_font(source, index, codepoints)
    kind, suffix = ("opentype", ".otf") if data[:4] == b"OTTO" else ("truetype", ".ttf")
    target = target_stem.with_suffix(suffix)
    atomic_write_bytes(target, data)
    return target.name, kind


@fonts.font_lookup
def _covered(source: Path, index: int) -> frozenset[int]:
    from fontTools.ttLib import TTFont

    return frozenset(TTFont(source, fontNumber=index, lazy=True).getBestCmap())


def _font_faces(language: str, text: str, folder: Path) -> str:
    """Subset each font of the language's stack to the characters it must draw: the first
    family takes what it covers, the next ones only what is left."""
    remaining = {ord(char) for char in text if not char.isspace()}
    rules = []
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
            rules.append(
                f'@font-face {{ font-family: "{family}"; src: url("fonts/{name}") '
                f'format("{kind}"); font-weight: {700 if bold else 400}; }}'
            )
    return "\n".join(rules)


def _read_asset(path: Path) -> bytes:
    """An image the page uses, read as an input: a regular file, of bounded size."""
    try:
        return read_input_bytes(path, None, MAX_ASSET_BYTES)
    except InputRefused as refused:
        raise BuildError(f"cannot copy {path} into the web edition: {refused.message}") from None


def write_web_edition(
    guide: Guide,
    renderer: Renderer,
    local: Localisation,
    config: BuildConfig,
    clinic: Clinic | None,
) -> WebEdition:
    from fbss_guide.build import web_page

    language = local.language
    target = web_page(config.out_dir, guide.id, language, clinic)
    folder = target.parent
    options = RenderOptions(language=language, draft=local.draft, clinic=clinic, web=True)
    html = renderer.render(guide, options, local.translations)
    problems = check_web_html(html)
    if 'class="skip-link" href="#urgent"' not in html:
        problems.append("no skip link to the warning signs")
    if "://" in html.replace("https://", "").replace("http://", "").replace("data:", ""):
        problems.append("the page refers to a file outside its folder")
    if problems:
        raise BuildError(
            f"the web edition for '{language}' breaks accessibility rules: " + "; ".join(problems)
        )
    css = (renderer.templates_dir / "web.css").read_text(encoding="utf-8")
    faces = _font_faces(language, html + css, folder)
    atomic_write_text(folder / "style.css", faces + "\n\n" + css)
    # Copies are written like every output: to a temporary file, then renamed, so a
    # symbolic link planted at the target is replaced, never written through.
    if clinic and clinic.logo:
        atomic_write_bytes(folder / clinic.logo.path.name, _read_asset(clinic.logo.path))
    for asset in renderer.web_assets:
        atomic_write_bytes(folder / "images" / asset.name, _read_asset(asset))
    atomic_write_text(target, html)
    return WebEdition(target, folder)
