"""Chinese typesetting: the templates add no Latin space after full-width punctuation,
and citation groups and dates never break across lines."""

from __future__ import annotations

import html
import re
import subprocess

import pytest
from checkout import DEFAULT_TEMPLATES, project_config

from fbss_guide.engine.build import BuiltEdition, build
from fbss_guide.project.editions import EditionSpec

FULL_WIDTH = "。，、；：！？）」』】"  # noqa: RUF001


@pytest.fixture(scope="module")
def editions(tmp_path_factory: pytest.TempPathFactory) -> dict[str, BuiltEdition]:
    out = tmp_path_factory.mktemp("cjk")
    built = build(
        project_config(out_dir=out, languages=("en", "zh-Hans"), editions=(EditionSpec("a4"),))
    )
    return {item.edition.language: item for item in built}


def paragraph_texts(page: str) -> list[str]:
    """The text of every paragraph as a browser lays it out (white space collapsed)."""
    body = page.split("<body", 1)[1]
    return [
        re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", "", paragraph)))
        for paragraph in re.findall(r"<p[ >].*?</p>", body, re.S)
    ]


def test_no_latin_space_after_full_width_punctuation(editions: dict[str, BuiltEdition]) -> None:
    texts = paragraph_texts(editions["zh-Hans"].html.read_text(encoding="utf-8"))
    joined = "\n".join(texts)
    assert "编写者：fbss-guide" in joined  # noqa: RUF001 ("Written by:" + author, no space)
    spaced = [
        text[max(0, m.start() - 8) : m.end() + 8]
        for text in texts
        for m in re.finditer(f"[{FULL_WIDTH}] ", text)
    ]
    assert spaced == []


def test_english_keeps_its_spaces(editions: dict[str, BuiltEdition]) -> None:
    joined = "\n".join(paragraph_texts(editions["en"].html.read_text(encoding="utf-8")))
    assert "Written by: The fbss-guide project" in joined
    assert re.search(r"With your doctor: \S", joined)
    assert re.search(r"\. Last reviewed: November 22, 2026\. Next review due:", joined)


def test_citation_groups_and_dates_do_not_break(editions: dict[str, BuiltEdition]) -> None:
    edition = editions["zh-Hans"]
    page = edition.html.read_text(encoding="utf-8")
    groups = re.findall(r'<span class="cite-group">\[(.*?)\]</span>', page)
    assert len(groups) > 40 and any(", " in group for group in groups)
    assert not re.search(r'(?<!<span class="cite-group">)\[<a class="cite"', page)
    assert re.search(r'<bdi class="nowrap">2026年11月22日</bdi>', page)
    for sheet in ("print.css", "web.css"):
        css = (DEFAULT_TEMPLATES / sheet).read_text(encoding="utf-8")
        assert ".cite-group, .nowrap { white-space: nowrap; }" in css
    # In the PDF itself no line ends inside a citation group or a date.
    text = subprocess.run(
        ["pdftotext", str(edition.pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    lines = text.splitlines()
    # In a narrow table cell a long group may wrap after a comma (print.css
    # `td .cite-group`), never inside a number, before a comma or next to a bracket: a
    # line may end in a group only after its comma, and no line starts with "," or "]".
    # (pdftotext reads a table's cells column by column, so the rest of a wrapped group,
    # "5, 7]", is not always on the next line.)
    assert not [line for line in lines if re.search(r"\[[\d, ]*[\d\[]$", line)]
    assert not [line for line in lines if re.search(r"^\s*[,\]]", line)]
    assert not [line for line in lines if re.search(r"20\d\d$", line)]
