"""Random text through the loader and renderer: it builds or fails with a clean message,
never a traceback, and never emits unescaped HTML."""

from __future__ import annotations

import html as html_module
import re
from pathlib import Path

import yaml
from checkout import DEFAULT_TEMPLATES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fbss_guide.content import load_guide
from fbss_guide.errors import BuildError, ContentError
from fbss_guide.render import Renderer, RenderOptions

NASTY = st.sampled_from(
    [
        "<script>alert(1)</script>",
        "<b>",
        "</p>",
        "&amp;",
        "&lt;",
        '"quoted"',
        "'",
        "**",
        "[@",
        "](",
        "{",
        "}",
        "\u200f",
        "\u202e",
        "\u0000",
        "\x07",
        "😀",
        "🩺",
        "a" * 300,
        "Supercalifragilisticexpialidocious" * 5,
        "العربية",
        "中文",
        "\n",
        "\t",
    ]
)
TEXT = st.lists(st.one_of(NASTY, st.text(max_size=40)), min_size=1, max_size=6).map("".join)

SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def write_paragraph(content: Path, text: str) -> None:
    section = {
        "id": "intro",
        "heading": "What this is",
        "blocks": [
            {"kind": "paragraph", "id": "first", "text": text + " [@smith-2020]"},
            {"kind": "bullets", "id": "list", "points": ["You can walk."]},
        ],
    }
    (content / "sections" / "01-intro.yaml").write_text(
        yaml.safe_dump(section, allow_unicode=True), encoding="utf-8"
    )


@SETTINGS
@given(text=TEXT)
def test_loader_and_renderer_never_crash_or_leak_html(small_content: Path, text: str) -> None:
    write_paragraph(small_content, text)
    try:
        guide = load_guide(small_content)
    except ContentError as error:
        assert error.problems and all(p.message for p in error.problems)
        return
    page = Renderer(DEFAULT_TEMPLATES).render(guide, RenderOptions())
    paragraph = re.search(r"<p>(.*?)</p>", page.split("<main>", 1)[1], re.S)
    assert paragraph is not None
    # A citation group is wrapped by the renderer (it must not break across lines).
    body = re.sub(r'<span class="cite-group">(\[.*?\])</span>', r"\1", paragraph.group(1))
    # The only tags inside a paragraph are the ones the markup makes.
    tags = set(re.findall(r"</?([a-zA-Z]+)", body))
    assert tags <= {"strong", "a"}, tags
    assert "<script" not in page.lower()
    # What the reader sees is the text itself, escaped, not reinterpreted.
    visible = html_module.unescape(re.sub(r"<[^>]+>", "", body))
    assert "script>" not in visible or "&lt;" in body


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=TEXT)
def test_pdf_builds_or_fails_cleanly(small_content: Path, tmp_path: Path, text: str) -> None:
    from fbss_guide.build import BuildConfig, build_report

    write_paragraph(small_content, text)
    try:
        report = build_report(
            BuildConfig(content_dir=small_content, out_dir=tmp_path / "out", languages=("en",))
        )
    except (ContentError, BuildError) as error:
        assert str(error).strip()
        assert not list((tmp_path / "out").rglob("*.tmp"))
        return
    assert report.editions[0].pages >= 1
