"""Render a card or bilingual edition of the real guide the way a build does: HTML from
the Renderer, then worker.render (WeasyPrint, tag repair, tag-tree check) in-process."""

from __future__ import annotations

import gettext
from functools import partial
from pathlib import Path

from checkout import DEFAULT_CONTENT, DEFAULT_LOCALES, DEFAULT_TEMPLATES

from fbss_guide.clinic.details import Clinic
from fbss_guide.engine.worker import RenderJob, RenderResult, render
from fbss_guide.formats.bilingual import render_bilingual
from fbss_guide.formats.card import render_card
from fbss_guide.guide.content import load_guide
from fbss_guide.guide.model import Guide
from fbss_guide.i18n.localise import localise
from fbss_guide.project.editions import EditionSpec
from fbss_guide.render.renderer import Renderer, RenderOptions

GUIDE: Guide | None = None


def real_guide() -> Guide:
    global GUIDE
    if GUIDE is None:
        GUIDE = load_guide(DEFAULT_CONTENT)
    return GUIDE


def catalog(language: str) -> tuple[gettext.NullTranslations | None, bool]:
    """The language's compiled catalog and whether it is a draft (checks run elsewhere)."""
    local = localise(real_guide(), language, DEFAULT_LOCALES, False, checked=True)
    return local.translations, local.draft


def options(language: str, paper: str = "a4", clinic: Clinic | None = None) -> RenderOptions:
    _, draft = catalog(language)
    return RenderOptions(language=language, draft=draft, edition=EditionSpec(paper), clinic=clinic)


def html_of(kind: str, language: str, paper: str = "a4", clinic: Clinic | None = None) -> str:
    """kind: 'handout', 'card' or 'bilingual'."""
    renderer = Renderer(DEFAULT_TEMPLATES)
    method = {
        "handout": renderer.render,
        "card": partial(render_card, renderer),
        "bilingual": partial(render_bilingual, renderer),
    }[kind]
    translations, _ = catalog(language)
    return method(real_guide(), options(language, paper, clinic), translations)


def render_pdf(html: str, pdf_path: Path, language: str, clinic: Clinic | None) -> RenderResult:
    """As engine/build.py's _Run.prepare hands it to a worker; the result's error is the
    worker's message (WeasyPrint errors, missing glyphs, a wrong tag tree)."""
    allowed = [DEFAULT_TEMPLATES, real_guide().content_dir]
    if clinic and clinic.logo:
        allowed.append(clinic.logo.path.parent)
    job = RenderJob(pdf_path.stem, html, pdf_path, language, DEFAULT_TEMPLATES, tuple(allowed))
    result = render(job)
    if result.error is None:
        pdf_path.write_bytes(result.pdf)
    return result
