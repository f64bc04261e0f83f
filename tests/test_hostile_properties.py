"""Random msgstr values through catalog loading and rendering (issue 15).

Whatever a translator types (markup, CSS, control and bidi characters, quotes), the
catalog check and the renderer agree: either the check names a problem and rendering
refuses the string, or the check passes and the page has the warning signs with the
emergency number in order, and no element, attribute, URL or CSS rule the English page
does not have.
"""

from __future__ import annotations

import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po
from checkout import DEFAULT_TEMPLATES
from conftest import small_content_files, write_tree
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from fbss_guide.checks.catalogs import check_catalog
from fbss_guide.errors import BuildError, ContentError
from fbss_guide.guide.content import load_guide
from fbss_guide.guide.markup import MarkupError
from fbss_guide.guide.model import Guide
from fbss_guide.i18n.catalogs import compile_translations, read_catalog
from fbss_guide.render.formatting import css_string
from fbss_guide.render.renderer import Renderer, RenderOptions

EMERGENCY = "0800 123 456"
URGENT = ("Call {emergency} now", "urgent/now/title")

NASTY = st.sampled_from(
    [
        "<style>.section-urgent{display:none !important}</style>",
        '<a href="javascript:alert(1)">x</a>',
        '<img src="https://evil.example/x.png">',
        "<script>alert(1)</script>",
        "</p>",
        "<!--",
        "&lt;b&gt;",
        "&#60;b&#62;",
        '"',
        "'",
        "\\",
        '\\"; } body { display: none } x { content: "',
        "*/",
        "}",
        "{",
        "{emergency}",
        "{page}",
        "%(title)s",
        "%s",
        "**",
        "[x](javascript:alert(1))",
        "[x](https://evil.example)",
        "[@smith-2020]",
        "\r",
        "\n",
        "\t",
        "\x00",
        "\x0c",
        "\x1b",
        "\x85",
        "\u2028",
        "\u202a",
        "\u202b",
        "\u202c",
        "\u202d",
        "\u202e",
        "\u2066",
        "\u2067",
        "\u2068",
        "\u2069",
        "\u200b",
        "\u200c",
        "\u200d",
        "\u200e",
        "\u200f",
        "\u00ad",
        "\ufeff",
        "\u00a0",
        "0",
        "9",
        "اطلب",
        "中文",
        "😀",
    ]
)
TEXT = st.lists(st.one_of(NASTY, st.text(max_size=12)), max_size=6).map("".join)
# Odd but acceptable text: quotes, backslashes, CSS-looking punctuation, no-break spaces,
# a zero-width non-joiner inside an Arabic word, digits next to the number.
ODD = st.sampled_from(
    [
        '"',
        "'",
        "\\",
        ";",
        ":",
        "*/",
        "/*",
        "&",
        "&amp;",
        "#",
        "\u00a0",
        "\u202f",
        "0",
        "٣",
        "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645",  # Persian word with ZWNJ
        "fünf\u00adzehn",
        "中文",
        "😀",
        " ",
        ".",
    ]
)
WORD = st.text(st.characters(categories=["L", "Nd", "Zs"]), max_size=8)
# Never empty: an empty msgstr is an untranslated entry, refused for another reason.
BENIGN = st.lists(st.one_of(ODD, WORD), max_size=5).map(lambda parts: "Texto" + "".join(parts))
FIELDS = ("skip", "page", "before", "after", "heading")


class _Shape(HTMLParser):
    """The elements, attribute names and URLs of a page, and its CSS outside strings."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: set[str] = set()
        self.attributes: set[str] = set()
        self.urls: set[str] = set()
        self.css: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self._in_style = tag == "style"
        for name, value in attrs:
            self.attributes.add(f"{tag}.{name}")
            if name in ("href", "src", "action", "formaction", "srcset", "poster"):
                self.urls.add(value or "")

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.css.append(data)


_CSS_STRING = re.compile(r'"(?:[^"\\\n]|\\.)*"', re.S)


def shape(page: str) -> tuple[set[str], set[str], set[str], str]:
    parser = _Shape()
    parser.feed(page)
    parser.close()
    # The CSS with its string literals removed: a translation lives only inside strings.
    css = " ".join(_CSS_STRING.sub("", " ".join(parser.css)).split())
    return parser.tags, parser.attributes, parser.urls, css


@pytest.fixture(scope="module")
def guide(tmp_path_factory: pytest.TempPathFactory) -> Guide:
    return load_guide(write_tree(tmp_path_factory.mktemp("content"), small_content_files()))


@pytest.fixture(scope="module")
def english(guide: Guide) -> tuple[set[str], set[str], set[str], str]:
    page = Renderer(DEFAULT_TEMPLATES).render(
        guide, RenderOptions(language="en", emergency_number=EMERGENCY)
    )
    return shape(page)


def write_catalog(path: Path, skip: str, page: str, urgent: str, heading: str) -> Path:
    catalog = Catalog(locale="es")
    catalog.add("Skip to the warning signs", skip)
    catalog.add("Page {page} of {pages}", page)
    catalog.add(URGENT[0], urgent, context=URGENT[1])
    catalog.add("Get help now", heading, context="urgent/heading")
    with path.open("wb") as handle:
        write_po(handle, catalog)
    return path


# One renderer for every example: compiling the templates costs 0.1 s, rendering 5 ms;
# each render gets its own translations.
RENDERER = Renderer(DEFAULT_TEMPLATES)


def render(guide: Guide, path: Path) -> str:
    translations = compile_translations(read_catalog(path, path.parent))
    options = RenderOptions(language="es", emergency_number=EMERGENCY)
    return RENDERER.render(guide, options, translations)


@settings(
    max_examples=400,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    values=st.fixed_dictionaries({name: BENIGN for name in FIELDS}),
    hostile=st.sampled_from(FIELDS),
    hostile_text=st.one_of(TEXT, BENIGN),
)
# Found by earlier runs: a link a translator adds; a repeated page counter.
@example(
    values=dict.fromkeys(FIELDS, "Texto"), hostile="before", hostile_text="[x](https://e.example)"
)
@example(values=dict.fromkeys(FIELDS, "Texto"), hostile="page", hostile_text="{page}")
def test_random_translations_never_change_the_page_structure(
    guide: Guide,
    english: tuple[set[str], set[str], set[str], str],
    tmp_path: Path,
    values: dict[str, str],
    hostile: str,
    hostile_text: str,
) -> None:
    # Odd text everywhere, hostile text in one field: both accepted and refused
    # catalogs are common, so both paths are tested.
    values = {**values, hostile: hostile_text}
    skip, page, before, after, heading = (values[name] for name in FIELDS)
    urgent = f"{before}{{emergency}}{after}"
    counter = f"{page}{{page}} / {{pages}}"
    path = write_catalog(tmp_path / "messages.po", skip, counter, urgent, heading)
    try:
        problems = check_catalog(path, "es")
    except Exception as error:  # pragma: no cover - the failure message says what
        pytest.fail(f"check_catalog raised {error!r}")
    errors = [p for p in problems if p.severity == "error" and p.key != "Plural-Forms"]
    event("catalog refused by the check" if errors else "catalog accepted by the check")
    try:
        page_html = render(guide, path)
    except (BuildError, ContentError, MarkupError) as refused:
        # The renderer refuses only what the check also refuses: check and build agree.
        assert errors, f"rendering refused what the check accepted: {refused}"
        event("rendering refused")
        return
    tags, attributes, urls, css = shape(page_html)
    assert tags <= english[0], tags - english[0]
    assert attributes <= english[1], attributes - english[1]
    assert urls <= english[2], urls - english[2]
    if errors:
        # Refused catalogs are rendered only as a second line of defence: a repeated
        # {page} may repeat a counter, but no rule or property may appear.
        def no_counters(text: str) -> str:
            return " ".join(re.sub(r"counter\(pages?\)", "", text).split())

        assert no_counters(css) == no_counters(english[3])
    else:
        assert css == english[3]
    assert 'id="urgent"' in page_html
    assert EMERGENCY in page_html
    # What the check accepts is what the page shows: no bidi control reaches the page.
    assert not re.search("[\u202a-\u202e\u2066-\u2069]", page_html)


@pytest.mark.parametrize(
    "text",
    [
        'Página "{page}" \\ de {pages}; display: none; \\"',
        "Seite\u00a0{page} von {pages} \u2013 fünf\u00adzehn",
        "Página {page} de {pages} */ «x» \u2018y\u2019 & <",
    ],
)
def test_accepted_strange_translations_render_safe_pdfs(
    guide: Guide, tmp_path: Path, text: str
) -> None:
    """A handful of PDFs: strange but valid strings keep the warning signs intact."""
    from fbss_guide.pdf.html_to_pdf import render_pdf

    path = write_catalog(
        tmp_path / "messages.po",
        "Saltar a los signos de alarma",
        text,
        "Llame al {emergency} ahora",
        "Busque ayuda ahora",
    )
    assert [p for p in check_catalog(path, "es") if p.key != "Plural-Forms"] == []
    page_html = render(guide, path)
    data, pages = render_pdf(
        page_html,
        "test.pdf",
        language="es",
        base_dir=DEFAULT_TEMPLATES,
        allowed_dirs=[DEFAULT_TEMPLATES, guide.content_dir],
    )
    pdf = tmp_path / "test.pdf"
    pdf.write_bytes(data)
    words = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Busque ayuda ahora" in words
    assert f"Llame al {EMERGENCY} ahora" in words
    assert pages >= 1


@pytest.mark.parametrize("char", [chr(code) for code in [*range(0x20), 0x7F, 0x85, 0x2028]])
def test_css_strings_escape_every_control_character(char: str) -> None:
    quoted = str(css_string(f'a{char}"b'))
    body = quoted[1:-1]
    assert not any(ord(c) < 0x20 or c in "\x7f\x85\u2028" for c in body), repr(quoted)
    assert '"' not in body.replace("\\22 ", "")


def test_msgfmt_quoting_half_a_character_is_reported_not_raised(tmp_path: Path) -> None:
    """Found by the property test: msgfmt names the bad byte of '{\u00a0' alone, which is
    not valid UTF-8 on its own."""
    path = write_catalog(
        tmp_path / "messages.po", "Saltar", "{\u00a0{page} / {pages}", "a {emergency}", "b"
    )
    problems = check_catalog(path, "es")
    assert any("msgfmt --check" in p.message and p.line for p in problems), problems
