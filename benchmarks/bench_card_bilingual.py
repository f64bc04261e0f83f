"""Quick card and bilingual edition: where the render time goes. Prints figures; not a test.

    PYTHONPATH=src .venv/bin/python benchmarks/bench_card_bilingual.py [LANG]

For the handout, the card and the bilingual edition of one language (default ar), in one
warm process: HTML (Jinja2), WeasyPrint layout, PDF writing, tag repair and tag check,
each the best of 2 runs, and the page count.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from functools import partial  # noqa: E402

from fbss_guide.checks.tag_tree import check_tag_tree  # noqa: E402
from fbss_guide.formats.bilingual import render_bilingual  # noqa: E402
from fbss_guide.formats.card import render_card  # noqa: E402
from fbss_guide.guide.content import load_guide  # noqa: E402
from fbss_guide.i18n.localise import localise  # noqa: E402
from fbss_guide.pdf.tags import fix_tags  # noqa: E402
from fbss_guide.project.project_file import PACKAGE_TEMPLATES, load_project  # noqa: E402
from fbss_guide.render.renderer import Renderer, RenderOptions  # noqa: E402

PROJECT = load_project(ROOT)
DEFAULT_CONTENT, DEFAULT_LOCALES = PROJECT.content_dir, PROJECT.locales_dir
DEFAULT_TEMPLATES = PACKAGE_TEMPLATES


def best_of(runs: int, work: Callable[[], Any]) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - started)
    return min(times), result


def main() -> None:
    from weasyprint import HTML

    language = sys.argv[1] if len(sys.argv) > 1 else "ar"
    guide = load_guide(DEFAULT_CONTENT)
    local = localise(guide, language, DEFAULT_LOCALES, False, checked=True)
    renderer = Renderer(DEFAULT_TEMPLATES)
    options = RenderOptions(language=language, draft=local.draft)
    HTML(string='<html lang="en"><title>x</title><p>x</p></html>').render()  # warm fonts
    print(f"{'edition':<10} {'html':>6} {'layout':>7} {'write':>6} {'tags':>6} {'check':>6} pages")
    for name, method in (
        ("handout", renderer.render),
        ("card", partial(render_card, renderer)),
        ("bilingual", partial(render_bilingual, renderer)),
    ):
        html_s, html = best_of(2, lambda: method(guide, options, local.translations))  # noqa: B023
        base = DEFAULT_TEMPLATES.as_uri() + "/"
        layout_s, document = best_of(2, lambda: HTML(string=html, base_url=base).render())  # noqa: B023
        write_s, data = best_of(2, lambda: document.write_pdf(pdf_variant="pdf/ua-1"))  # noqa: B023
        tags_s, (fixed, _) = best_of(2, lambda: fix_tags(data, html))  # noqa: B023
        check_s, _ = best_of(2, lambda: check_tag_tree(fixed, html))  # noqa: B023
        print(
            f"{name:<10} {html_s:6.2f} {layout_s:7.2f} {write_s:6.2f} {tags_s:6.2f} "
            f"{check_s:6.2f} {len(document.pages)}"
        )


if __name__ == "__main__":
    main()
