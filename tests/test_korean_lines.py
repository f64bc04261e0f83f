"""Korean print editions break lines between words (eojeol), never inside one, as
`word-break: keep-all` does in browsers (WeasyPrint 70 ignores keep-all)."""

from __future__ import annotations

import gettext
import subprocess
from collections.abc import Callable
from pathlib import Path

from checkout import DEFAULT_TEMPLATES

from fbss_guide.engine.worker import RenderJob, render
from fbss_guide.guide.content import load_guide
from fbss_guide.guide.markup import Bold, Link, Text, parse
from fbss_guide.render.formatting import WORD_JOINER, keep_korean_words
from fbss_guide.render.renderer import Renderer, RenderOptions

MakeContent = Callable[[dict[str, str]], Path]

KOREAN = (
    "허리 수술 후에도 통증이 계속되는 경우가 있습니다. 척수 자극기는 전기 신호를 보내어 "
    "통증을 줄이는 장치입니다. 운동과 물리 치료는 허리 통증을 조금 줄여 줄 수 있습니다. "
    "새로운 치료를 시작하기 전에 의사와 함께 위험과 비용을 확인하세요. "
) * 3

SECTION = f"""\
id: intro
heading: 안내
blocks:
  - kind: paragraph
    id: p
    text: "{KOREAN.strip()} [@smith-2020]"
"""


class Translated(gettext.NullTranslations):
    """A catalog that has every text, already in Korean (the content is), so no part is
    marked as untranslated English."""

    def pgettext(self, context: str, message: str) -> str:
        return message


def test_word_joiners_go_between_syllables_only() -> None:
    tokens = keep_korean_words(parse("**허리 통증** [링크](https://example.org/) 수술"))
    [bold, space, link, rest] = tokens
    assert isinstance(bold, Bold) and bold.children == (
        Text(f"허{WORD_JOINER}리 통{WORD_JOINER}증"),
    )
    assert space == Text(" ")
    assert isinstance(link, Link) and link.text == f"링{WORD_JOINER}크"
    assert rest == Text(f" 수{WORD_JOINER}술")
    assert keep_korean_words(parse("back pain 2026")) == parse("back pain 2026")


def test_korean_lines_end_at_word_ends_in_print_only(
    make_content: MakeContent, tmp_path: Path
) -> None:
    content = make_content({"sections/01-intro.yaml": SECTION})
    guide = load_guide(content)
    renderer = Renderer(DEFAULT_TEMPLATES)
    html = renderer.render(guide, RenderOptions(language="ko"), Translated())
    assert f"허{WORD_JOINER}리 수{WORD_JOINER}술" in html
    web = renderer.render(guide, RenderOptions(language="ko", medium="screen"), Translated())
    assert WORD_JOINER not in web and "허리 수술" in web

    pdf = tmp_path / "ko.pdf"
    job = RenderJob("ko", html, pdf, "ko", DEFAULT_TEMPLATES, (DEFAULT_TEMPLATES, content))
    result = render(job)
    assert result.error is None, result.error
    pdf.write_bytes(result.pdf)
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert WORD_JOINER not in text  # the joiners print nothing and are not text
    words = set(KOREAN.split())
    lines = [line.strip() for line in text.splitlines() if "통증" in line or "수술" in line]
    assert len(lines) >= 6  # the paragraph wraps over several lines
    for line in lines:
        last = line.split()[-1]
        if last.startswith("["):
            continue
        assert last in words, f"a line ends inside a word: {line!r}"
