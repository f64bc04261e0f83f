"""The reader's tools in the real handout: the pain diary and flare-up plan print as
tables with headers a screen reader names, and every help source prints its address
and phone number in full; bad fill-in tables and help sources fail with a clear error."""

from __future__ import annotations

from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import pytest
from checkout import DEFAULT_CONTENT

from fbss_guide.blocks import REGISTRY
from fbss_guide.checks.pdf_structure import check_pdf
from fbss_guide.engine.build import BuiltEdition
from fbss_guide.errors import ContentError
from fbss_guide.guide.content import load_guide
from fbss_guide.guide.markup import Inline
from fbss_guide.render.formatting import short_url

MakeContent = Callable[[dict[str, str]], Path]


class _Tables(HTMLParser):
    """Each table of a page: its caption, its header cells with their scope, and the
    text of its data cells."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[dict[str, list[tuple[str, str]]]] = []
        self._cell: list[str] | None = None
        self._kind = ""
        self._scope = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self.tables.append({"caption": [], "th": [], "td": []})
        elif tag in {"caption", "th", "td"} and self.tables:
            self._cell, self._kind = [], tag
            self._scope = dict(attrs).get("scope") or ""

    def handle_endtag(self, tag: str) -> None:
        if tag == self._kind and self._cell is not None:
            text = " ".join("".join(self._cell).split())
            self.tables[-1][tag].append((self._scope, text))
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def _plain(text: Inline) -> str:
    return " ".join(text.source.split())


def _block(section_id: str, block_id: str) -> object:
    guide = load_guide(DEFAULT_CONTENT)
    [section] = [section for section in guide.sections if section.id == section_id]
    [block] = [block for block in section.blocks if block.id == block_id]
    return block


def _table(html: str, caption: str) -> dict[str, list[tuple[str, str]]]:
    parser = _Tables()
    parser.feed(html)
    [table] = [t for t in parser.tables if t["caption"] and t["caption"][0][1] == caption]
    return table


def test_the_diary_prints_a_grid_of_empty_cells_with_scoped_headers(
    real_build: BuiltEdition,
) -> None:
    diary = _block("actions", "diary")
    assert REGISTRY.of(diary).name == "fill_in_table"
    html = real_build.html.read_text(encoding="utf-8")
    table = _table(html, _plain(diary.caption))  # type: ignore[attr-defined]
    columns = [_plain(text) for text in diary.columns]  # type: ignore[attr-defined]
    rows = [_plain(text) for text in diary.rows]  # type: ignore[attr-defined]
    assert columns[:2] == ["Day and date", "Morning pain (0 to 10)"]
    assert len(rows) == 7
    assert table["th"] == [("col", c) for c in columns] + [("row", r) for r in rows]
    # Every day has an empty cell under every heading but the first.
    assert table["td"] == [("", "")] * (len(rows) * (len(columns) - 1))


def test_the_flare_up_plan_prints_its_questions_with_room_to_answer(
    real_build: BuiltEdition,
) -> None:
    plan = _block("actions", "flare-plan")
    html = real_build.html.read_text(encoding="utf-8")
    table = _table(html, "My flare-up plan")
    questions = [_plain(text) for text in plan.rows]  # type: ignore[attr-defined]
    assert ("row", "What helps me calm the pain?") in table["th"]
    assert [cell for cell in table["th"] if cell[0] == "row"] == [("row", q) for q in questions]
    assert table["td"] == [("", "")] * len(questions)


def test_the_diary_and_help_sources_are_in_the_pdf_text(real_build: BuiltEdition) -> None:
    """On paper a link is only its words: each help source's address and phone number
    must be printed, in reading order, after its name."""
    text = " ".join(check_pdf(real_build.pdf, "en").reading_text.split())
    assert "My pain and activity diary" in text
    assert "Morning pain (0 to 10)" in text and "Day 7" in text
    sources = _block("actions", "more-help").rows  # type: ignore[attr-defined]
    assert len(sources) >= 5
    position = text.index("Where to find more help")
    for source in sources:
        name = _plain(source.name)
        position = text.index(name, position)
        printed = text[position : position + 300]
        assert source.web or source.phone
        if source.web:
            assert f"Web: {short_url(source.web)}" in printed, name
        if source.phone:
            assert f"Phone: {source.phone}" in printed, name
    # The numbers people dial in a crisis, as verified (see content/sections/09-actions.yaml).
    assert "Phone: 116 123" in text and "Phone: 988" in text and "Phone: 111" in text


def test_help_sources_link_their_address_and_phone(real_build: BuiltEdition) -> None:
    html = real_build.html.read_text(encoding="utf-8")
    assert '<a href="https://www.samaritans.org/">samaritans.org</a>' in html
    assert '<a href="tel:116123">116 123</a>' in html


FILL_IN = """\
id: intro
heading: What this is
blocks:
  - kind: paragraph
    id: first
    text: This is a short test [@smith-2020].
  - kind: fill_in_table
    id: diary
    caption: My diary
    columns: [Day]
    rows: [Day 1]
"""

CONTACTS = """\
id: intro
heading: What this is
blocks:
  - kind: paragraph
    id: first
    text: This is a short test [@smith-2020].
  - kind: contacts
    id: help
    rows:
      - id: ok
        name: NHS
        what: Health advice.
        web: https://www.nhs.uk/
      - id: bad
        name: A group
        what: Help.
{bad}
"""


def test_a_fill_in_table_needs_a_column_to_fill_in(make_content: MakeContent) -> None:
    content = make_content({"sections/01-intro.yaml": FILL_IN})
    with pytest.raises(ContentError) as caught:
        load_guide(content)
    [problem] = caught.value.problems
    assert problem.file == "content/sections/01-intro.yaml"
    assert problem.line == 7
    assert problem.message == "a fill_in_table needs at least two columns"


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ("        web: http://example.org/", "must start with https://"),
        ("        phone: call 0800 FLOWERS", "may hold only digits, spaces and a leading +"),
        ("", "has neither a web address nor a phone number"),
    ],
)
def test_a_help_source_without_a_usable_address_is_an_error(
    make_content: MakeContent, bad: str, message: str
) -> None:
    content = make_content({"sections/01-intro.yaml": CONTACTS.format(bad=bad)})
    with pytest.raises(ContentError) as caught:
        load_guide(content)
    [problem] = caught.value.problems
    assert problem.file == "content/sections/01-intro.yaml"
    assert "help source 'bad'" in problem.message and message in problem.message
    assert problem.hint
