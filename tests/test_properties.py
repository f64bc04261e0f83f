"""Generated content text through the loader and renderer.

Two kinds of text: VALID markup, built from the grammar of guide/markup.py (plain text, bold,
links, citation markers, placeholders), which must always load and render to exactly the
words, links and citations it was made of; and HOSTILE text (HTML, broken markers, control
characters, and valid markup with such a piece slipped in), which must load and render or
be refused with a message, never crash, and never put its own HTML on the page.
"""

from __future__ import annotations

import html as html_module
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from checkout import DEFAULT_TEMPLATES
from conftest import small_content_files, write_tree
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from fbss_guide.errors import ContentError
from fbss_guide.guide.content import load_guide
from fbss_guide.inputs.textguard import bad_characters
from fbss_guide.render.renderer import Renderer, RenderOptions

REFERENCES = ("smith-2020", "jones-2021", "lee-2019")
EXTRA_REFERENCES = """\
- id: jones-2021
  type: cohort
  authors: Jones C
  year: 2021
  title: A cohort of people
  source: J Things. 2021;2(1):1-10
  doi: 10.1000/test.2
  checked: Made up for the tests.
- id: lee-2019
  type: randomised-trial
  authors: Lee D
  year: 2019
  title: A trial of things
  source: J Things. 2019;3(1):1-10
  doi: 10.1000/test.3
  checked: Made up for the tests.
"""
EMERGENCY = "0800 123 456"


@dataclass(frozen=True)
class Piece:
    """One piece of markup: its source text and what a reader must see of it."""

    source: str
    visible: str
    links: tuple[str, ...] = ()
    cites: tuple[tuple[str, ...], ...] = ()
    bold: int = 0


# Characters of plain text: letters, digits, punctuation and symbols, except the ones the
# markup gives a meaning (* [ ] { } and < before a letter). Hostile text supplies those.
ANY_SCRIPT = st.characters(
    categories=("L", "Nd", "Po", "Pd", "Sc", "Sm", "So"), exclude_characters="*[](){}<"
)
# For PDFs: scripts the named fonts draw (a missing glyph fails an edition on purpose).
PRINTABLE = st.sampled_from(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
    "áéíóúñüßçœÆøåłşğ.,;:!?'\"&%/-+=>@#αβγδЖжЯя中文字医生العربية"
)
ODD_FRAGMENTS = st.sampled_from(
    ["< 3", "5 > 2", "&", "&amp;", "&lt;b&gt;", '"quoted"', "it's", "a\\b", "x -> y", "@home"]
)


def plain(alphabet: st.SearchStrategy[str]) -> st.SearchStrategy[Piece]:
    word = st.text(alphabet, min_size=1, max_size=10)
    text = st.lists(st.one_of(word, word, ODD_FRAGMENTS), min_size=1, max_size=4).map(" ".join)
    return text.filter(lambda value: not bad_characters(value)).map(lambda t: Piece(t, t))


URLS = st.one_of(
    st.builds(
        "{}://example.org/{}{}".format,
        st.sampled_from(["https", "http"]),
        st.from_regex(r"[a-z0-9._~-]{0,12}", fullmatch=True),
        st.sampled_from(["", "?a=1&b=2", "#part"]),
    ),
    st.from_regex(r"mailto:[a-z]{1,8}@example\.org", fullmatch=True),
    st.from_regex(r"tel:\+44[0-9]{6,10}", fullmatch=True),
)


def link(alphabet: st.SearchStrategy[str]) -> st.SearchStrategy[Piece]:
    return st.builds(
        lambda text, url: Piece(f"[{text.source}]({url})", text.source, links=(url,)),
        plain(alphabet).filter(lambda p: not p.source.startswith("@")),
        URLS,
    )


CITE = st.lists(st.sampled_from(REFERENCES), min_size=1, max_size=3, unique=True).map(
    lambda ids: Piece("[@" + "; @".join(ids) + "]", "[cite]", cites=(tuple(ids),))
)
PERCENT_RANGE = st.integers(0, 99).flatmap(
    lambda low: st.tuples(st.just(low), st.integers(low + 1, 100))
)
PLACEHOLDER = st.one_of(
    st.just(Piece("{emergency}", EMERGENCY)),
    st.integers(0, 100).map(lambda n: Piece(f"{{percent:{n}}}", f"{n}%")),
    PERCENT_RANGE.map(lambda r: Piece(f"{{percent:{r[0]}-{r[1]}}}", f"{r[0]}\u2013{r[1]}%")),
    st.integers(0, 10**7).map(lambda n: Piece(f"{{number:{n}}}", f"{n:,}")),
)


def joined(pieces: list[Piece], wrap: str = "", bold: int = 0) -> Piece:
    return Piece(
        wrap + " ".join(p.source for p in pieces) + wrap,
        " ".join(p.visible for p in pieces),
        tuple(url for p in pieces for url in p.links),
        tuple(ids for p in pieces for ids in p.cites),
        bold + sum(p.bold for p in pieces),
    )


def markup(alphabet: st.SearchStrategy[str] = ANY_SCRIPT) -> st.SearchStrategy[Piece]:
    """A paragraph of valid markup and what it must show."""
    inline = st.one_of(plain(alphabet), plain(alphabet), link(alphabet), CITE, PLACEHOLDER)
    bold = st.lists(inline, min_size=1, max_size=3).map(lambda ps: joined(ps, "**", 1))
    return st.lists(st.one_of(inline, inline, bold), min_size=1, max_size=8).map(joined)


NASTY = st.sampled_from(
    [
        "<script>alert(1)</script>",
        "<b>",
        "</p>",
        "<!--",
        "**",
        "[@",
        "[@Bad_Id]",
        "[@smith-2020; @smith-2020]",
        "](",
        "[x](javascript:alert%281%29)",
        "{",
        "}",
        "{percent}",
        "{emergency:3}",
        "{unknown}",
        "\u200f",
        "\u202e",
        "\u200b",
        "\u0000",
        "\x07",
        "\x85",
    ]
)


@st.composite
def hostile(draw: st.DrawFn) -> str:
    """Random text with markup-like debris, or valid markup with one hostile piece in it."""
    if draw(st.booleans()):
        parts = st.lists(st.one_of(NASTY, st.text(max_size=30)), min_size=1, max_size=6)
        return "".join(draw(parts))
    source = draw(markup()).source
    at = draw(st.integers(0, len(source)))
    return source[:at] + draw(NASTY) + source[at:]


@pytest.fixture(scope="module")
def content(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = write_tree(tmp_path_factory.mktemp("content"), small_content_files())
    references = root / "references.yaml"
    references.write_text(references.read_text(encoding="utf-8") + EXTRA_REFERENCES, "utf-8")
    return root


def write_paragraph(content: Path, text: str) -> None:
    section = {
        "id": "intro",
        "heading": "What this is",
        "blocks": [
            {"kind": "paragraph", "id": "first", "text": text},
            {"kind": "bullets", "id": "list", "points": ["You can walk."]},
        ],
    }
    (content / "sections" / "01-intro.yaml").write_text(
        yaml.safe_dump(section, allow_unicode=True), encoding="utf-8"
    )


# One renderer for every example: compiling the templates costs 0.1 s, rendering 5 ms.
RENDERER = Renderer(DEFAULT_TEMPLATES)


def render(content: Path) -> str:
    guide = load_guide(content)
    return RENDERER.render(guide, RenderOptions(emergency_number=EMERGENCY))


def first_paragraph(page: str) -> str:
    found = re.search(r"<p>(.*?)</p>", page.split("<main>", 1)[1], re.S)
    assert found is not None
    return found.group(1)


_CITE_GROUP = re.compile(r'<span class="cite-group">(.*?)</span>', re.S)


def words(text: str) -> str:
    return " ".join(text.split())


@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(paragraph=markup())
def test_valid_markup_renders_exactly_what_it_says(content: Path, paragraph: Piece) -> None:
    write_paragraph(content, paragraph.source)
    body = first_paragraph(render(content))  # valid markup: a ContentError is a failure

    groups = _CITE_GROUP.findall(body)
    assert len(groups) == len(paragraph.cites)
    for ids, group in zip(paragraph.cites, groups, strict=True):
        # Every source written, none added; printed in number order ("[28, 31]"), which
        # need not be the order the author wrote them in.
        assert sorted(re.findall(r'href="#ref-([a-z0-9-]+)"', group)) == sorted(ids)
        numbers = [int(n) for n in re.findall(r">([0-9]+)</a>", group)]
        assert len(numbers) == len(ids)
        assert numbers == sorted(numbers)
    outside = _CITE_GROUP.sub("[cite]", body)

    links = re.findall(r'<a href="([^"]*)">', outside)
    assert [html_module.unescape(url) for url in links] == list(paragraph.links)
    assert outside.count("<strong>") == paragraph.bold
    # The only tags are the ones the markup makes (numbers are isolated left to right).
    assert set(re.findall(r"</?([a-zA-Z]+)", outside)) <= {"strong", "a", "bdi"}
    visible = html_module.unescape(re.sub(r"<[^>]+>", "", outside))
    assert words(visible) == words(paragraph.visible)
    event(f"{len(paragraph.links)} link(s), {len(paragraph.cites)} cite(s), {paragraph.bold} bold")


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(text=hostile())
def test_hostile_text_is_refused_or_rendered_without_its_html(content: Path, text: str) -> None:
    write_paragraph(content, text)
    try:
        page = render(content)
    except ContentError as error:
        assert error.problems and all(p.message and p.file for p in error.problems)
        event("refused with a message")
        return
    event("rendered")
    body = _CITE_GROUP.sub("[cite]", first_paragraph(page))
    assert set(re.findall(r"</?([a-zA-Z]+)", body)) <= {"strong", "a", "bdi"}
    assert "<script" not in page.lower()
    for url in re.findall(r'<a href="([^"]*)">', body):
        assert html_module.unescape(url).startswith(("https://", "http://", "mailto:", "tel:"))


@settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(paragraph=markup(PRINTABLE))
def test_valid_markup_prints(content: Path, tmp_path: Path, paragraph: Piece) -> None:
    """A bounded number of PDFs: the paragraph prints, links and all, on tagged pages."""
    from fbss_guide.pdf.html_to_pdf import render_pdf

    write_paragraph(content, paragraph.source)
    data, pages = render_pdf(
        render(content),
        "test.pdf",
        language="en",
        base_dir=DEFAULT_TEMPLATES,
        allowed_dirs=[DEFAULT_TEMPLATES, content],
    )
    assert pages >= 1
    pdf = tmp_path / "test.pdf"
    pdf.write_bytes(data)
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    # Words in Latin letters come out of the PDF as typed (other scripts are shaped).
    latin = re.findall(r"\b[A-Za-z]{4,}\b", paragraph.visible)
    squeezed = "".join(text.split())
    assert all(word in squeezed for word in latin), (latin, text)
