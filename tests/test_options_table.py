"""The treatment table: one question per column, a key to the labels it uses, and a
two-column layout (each answer under its question) in large print."""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pikepdf
import pytest
from checkout import DEFAULT_TEMPLATES

from fbss_guide.errors import ContentError
from fbss_guide.guide.content import load_guide
from fbss_guide.pdf.tags import fix_tags
from fbss_guide.project.editions import EditionSpec
from fbss_guide.render.renderer import Renderer, RenderOptions

MakeContent = Callable[[dict[str, str]], Path]

SECTION = """\
id: intro
heading: Options
blocks:
  - kind: options_table
    id: table
    caption: Options
    rows:
      - id: walking
        treatment: Walking
        what: You walk.
        how: It moves you.
        effect: probably-helps
        evidence: It helps.
        certainty: moderate
        harms: Sore feet.
        daily_life: You sleep better.
        cite: [smith-2020]
      - id: pills
        treatment: Pills
        what: Small pills.
        how: They calm nerves.
        effect: unknown
        evidence: Nobody knows.
        certainty: very-low
        harms: Dizziness.
        daily_life: Sources do not say.
        cite: [smith-2020]
"""


def render(make_content: MakeContent, *, large_print: bool = False, medium: str = "print") -> str:
    guide = load_guide(make_content({"sections/01-intro.yaml": SECTION}))
    options = RenderOptions(edition=EditionSpec(large_print=large_print), medium=medium)
    html = Renderer(DEFAULT_TEMPLATES).render(guide, options)
    [table] = re.findall(r'<table class="options">.*?</table>', html, re.S)
    return table


def text(html: str) -> str:
    """The words of some HTML: inline tags (links, spans) join, block tags separate."""
    inline = re.sub(r"</?(a|span|strong)\b[^>]*>", "", html)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", inline)).strip()


@pytest.mark.parametrize("medium", ["print", "screen"])
def test_each_column_asks_one_question(make_content: MakeContent, medium: str) -> None:
    table = render(make_content, medium=medium)
    head = re.search(r"<thead>(.*?)</thead>", table, re.S)
    assert head is not None
    headers = re.findall(r'<th scope="col">(.*?)</th>', head.group(1))
    assert headers == [
        "Treatment",
        "Does it help?",
        "How sure are we?",
        "Main harms",
        "Daily life",
    ]
    walking = re.search(r'<tr id="option-walking">(.*?)</tr>', table, re.S)
    assert walking is not None
    row = walking.group(1)
    # The row header names the treatment, says what it is and how it is thought to work.
    [row_header] = re.findall(r'<th scope="row">(.*?)</th>', row, re.S)
    assert text(row_header) == "Walking You walk. It moves you."
    cells = [text(cell) for cell in re.findall(r"<td>(.*?)</td>", row, re.S)]
    answers = ["✔ Probably helps It helps. [1]", "●●●○ Moderate", "Sore feet.", "You sleep better."]
    if medium == "print":
        assert cells == answers
    else:
        # On the web each cell also carries its question, shown where the cells stack
        # (a phone). Not in print: the bilingual edition matches the PDF's text to it.
        assert cells == [
            f"{question} {answer}" for question, answer in zip(headers[1:], answers, strict=True)
        ]


def test_the_key_lists_only_the_labels_the_table_uses(make_content: MakeContent) -> None:
    caption = re.search(r"<caption>(.*?)</caption>", render(make_content), re.S)
    assert caption is not None
    key = text(caption.group(1))
    assert key.startswith("Options How to read the table:")
    assert "Does it help? ✔ Probably helps · ? We do not know" in key
    assert "How sure are we? ●●●○ Moderate · ●○○○ Very low" in key
    assert "May help" not in key and "High" not in key.split("More dots")[0]
    assert "In an open trial, people know which treatment they got." in key
    assert "With your doctor: mark the rows you want to ask about" in key


def test_large_print_puts_each_answer_under_its_question(make_content: MakeContent) -> None:
    table = render(make_content, large_print=True)
    assert re.findall(r'<th scope="col">(.*?)</th>', table) == ["Treatment", "What we know"]
    walking = re.search(r'<tr id="option-walking">(.*?)</tr>', table, re.S)
    assert walking is not None
    [answers] = re.findall(r"<td>(.*?)</td>", walking.group(1), re.S)
    assert text(answers) == (
        "Does it help? ✔ Probably helps It helps. [1] How sure are we? ●●●○ Moderate "
        "Main harms Sore feet. Daily life You sleep better."
    )


@pytest.mark.parametrize("missing", ["how", "daily_life"])
def test_a_row_without_how_or_daily_life_is_an_error(
    make_content: MakeContent, missing: str
) -> None:
    section = re.sub(rf"\n        {missing}: [^\n]*", "", SECTION, count=1)
    with pytest.raises(ContentError) as caught:
        load_guide(make_content({"sections/01-intro.yaml": section}))
    [problem] = caught.value.problems
    assert problem.format().startswith(
        f"content/sections/01-intro.yaml:8 [blocks[1](options_table).rows[1].{missing}]: "
        f"error: missing required key '{missing}'"
    )


CAPTION_ALONE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Test</title><style>
@page { size: A6; margin: 10mm; }
body { font-family: "Noto Sans"; font-size: 11pt; }
caption { break-inside: avoid; padding-bottom: 75mm; }
tr { break-inside: avoid; }
td { height: 60mm; }
</style></head><body><main><section><h1>Options</h1>
<table><caption>A tall key</caption>
<thead><tr><th scope="col">Treatment</th><th scope="col">Does it help?</th></tr></thead>
<tbody>{rows}</tbody></table>
</section></main></body></html>"""


def test_a_header_row_after_a_caption_that_ends_a_page_stays_in_the_tag_tree() -> None:
    """When the caption (the key) ends a page and the rows start the next, the header
    row on that page is the table's only one, not a repeat to drop."""
    from weasyprint import HTML

    rows = "".join(f"<tr><th scope='row'>T{n}</th><td>Answer {n}</td></tr>" for n in range(3))
    html = CAPTION_ALONE.replace("{rows}", rows)
    raw = HTML(string=html).write_pdf(pdf_variant="pdf/ua-1")
    fixed, _ = fix_tags(raw, html)
    with pikepdf.open(io.BytesIO(fixed)) as pdf:
        assert len(pdf.pages) >= 3  # caption, then one row a page
        tables = [
            element
            for element in walk_elements(pdf.Root.StructTreeRoot)
            if element.get("/S") == pikepdf.Name.Table
        ]
        [table] = tables
        kinds = [str(kid.S) for kid in table.K if isinstance(kid, pikepdf.Dictionary)]
        assert kinds[:3] == ["/Caption", "/THead", "/TBody"], kinds
        assert kinds.count("/THead") == 1


def walk_elements(element: pikepdf.Dictionary) -> Iterator[pikepdf.Dictionary]:
    children = element.get("/K")
    if children is None:
        return
    if not isinstance(children, pikepdf.Array):
        children = [children]
    for child in children:
        if isinstance(child, pikepdf.Dictionary) and "/S" in child:
            yield child
            yield from walk_elements(child)
