"""The PDF's tag tree, as a screen reader walks it, after pdf/tags.py has repaired it.

Three real editions are built: English A4 (the session's `real_build`), French large
print (its tables cross most page breaks) and an Arabic clinic edition (other-language
parts, phone and emergency numbers in right-to-left text).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from checkout import DEFAULT_CONTENT, PROJECT_ROOT, project_config

from fbss_guide.checks.pdf_structure import check_pdf
from fbss_guide.checks.tag_tree import check_tag_tree
from fbss_guide.clinic.details import load_clinic
from fbss_guide.engine.build import BuiltEdition, build
from fbss_guide.guide.content import load_guide
from fbss_guide.guide.labels import symbol_only
from fbss_guide.guide.model import Glossary
from fbss_guide.pdf.fragments import _continues
from fbss_guide.pdf.html_to_pdf import render_pdf
from fbss_guide.pdf.mcid_text import marked_text
from fbss_guide.pdf.tags import fix_tags
from fbss_guide.pdf.tree import content_refs, kids, walk
from fbss_guide.project.editions import EditionSpec

PHONE = "+44 20 7946 0000"
EMERGENCY = "0800 555 0199"


@pytest.fixture(scope="module")
def french_large(tmp_path_factory: pytest.TempPathFactory) -> BuiltEdition:
    out = tmp_path_factory.mktemp("fr")
    [edition] = build(
        project_config(out_dir=out, languages=("fr",), editions=(EditionSpec("a4", True),))
    )
    return edition


@pytest.fixture(scope="module")
def arabic_clinic(tmp_path_factory: pytest.TempPathFactory) -> BuiltEdition:
    folder = tmp_path_factory.mktemp("clinic")
    shutil.copy(PROJECT_ROOT / "examples" / "clinic" / "logo.png", folder / "logo.png")
    text = (PROJECT_ROOT / "examples" / "clinic" / "clinic.yaml").read_text(encoding="utf-8")
    (folder / "clinic.yaml").write_text(
        text.replace('emergency_number: "999"', f'emergency_number: "{EMERGENCY}"'),
        encoding="utf-8",
    )
    clinic = load_clinic(folder / "clinic.yaml")
    [edition] = build(
        project_config(
            out_dir=folder / "out",
            languages=("ar",),
            clinic=clinic,
            clinic_file=folder / "clinic.yaml",
        )
    )
    return edition


@pytest.fixture(params=["en", "fr-large", "ar-clinic"])
def edition(request: pytest.FixtureRequest) -> BuiltEdition:
    name = {"en": "real_build", "fr-large": "french_large", "ar-clinic": "arabic_clinic"}
    return request.getfixturevalue(name[request.param])


def kind(element: Any) -> str:
    return str(element.get("/S", ""))[1:]


def elements(pdf: pikepdf.Pdf) -> list[Any]:
    return list(walk(pdf.Root.StructTreeRoot))


def html_count(html: str, *tags: str) -> int:
    return sum(len(re.findall(rf"<{tag}[\s>]", html)) for tag in tags)


def test_every_edition_passes_the_tag_tree_checks(edition: BuiltEdition) -> None:
    html = edition.html.read_text(encoding="utf-8")
    assert check_tag_tree(edition.pdf, html) == []
    language = edition.edition.language
    assert check_pdf(edition.pdf, language).problems == []


def test_one_element_per_html_element(edition: BuiltEdition) -> None:
    html = edition.html.read_text(encoding="utf-8")
    with pikepdf.open(edition.pdf) as pdf:
        counts = Counter(kind(element) for element in elements(pdf))
        assert counts["Part"] == 1  # one <main>, not one per page
        assert counts["Sect"] == html_count(html, "section")
        # The treatment and claims tables, the pacing and flare-up plans, the pain diary.
        assert counts["Table"] == html_count(html, "table") == 5
        assert counts["THead"] == 5  # the header row repeated on each page is not content
        assert counts["L"] == html_count(html, "ul", "ol")
        ids = {str(e.ID) for e in elements(pdf) if "/ID" in e}
        for cell in elements(pdf):
            attributes = cell.get("/A")
            if isinstance(attributes, pikepdf.Dictionary) and "/Headers" in attributes:
                assert {str(h) for h in attributes.Headers} <= ids


def test_lists_hold_only_items_with_label_and_body(edition: BuiltEdition) -> None:
    with pikepdf.open(edition.pdf) as pdf:
        for element in elements(pdf):
            inside = [kind(kid) for kid in kids(element) if isinstance(kid, pikepdf.Dictionary)]
            if kind(element) == "L":
                assert set(inside) <= {"LI", "L"}, inside
            if kind(element) == "LI":
                assert set(inside) <= {"Lbl", "LBody"} and "LBody" in inside, inside


def test_glossary_is_one_list_item_per_term(real_build: BuiltEdition) -> None:
    html = real_build.html.read_text(encoding="utf-8")
    terms = html.split('<ul class="glossary">')[1].split("</ul>")[0].count("<li>")
    glossary_block = next(
        block
        for section in load_guide(DEFAULT_CONTENT).sections
        for block in section.blocks
        if isinstance(block, Glossary)
    )
    assert terms == len(glossary_block.terms) > 1
    # The glossary is sorted in the reader's language, so its first item is the HTML's
    # first <li>, not the first term of the content file.
    first_item = html.split('<ul class="glossary">')[1].split("<li>")[1].split("</li>")[0]
    first_text = re.sub(r"<[^>]+>", "", first_item)[:30]
    with pikepdf.open(real_build.pdf) as pdf:
        text = marked_text(pdf)
        pages = {page.objgen: number for number, page in enumerate(pdf.pages)}
        glossary = [
            element
            for element in elements(pdf)
            if kind(element) == "L"
            and "".join(text.get((pages[p.objgen], m), "") for p, m in content_refs(element))
            .replace("• ", "")
            .startswith(first_text)
        ]
        assert len(glossary) == 1
        items = [kid for kid in kids(glossary[0]) if kind(kid) == "LI"]
        assert len(items) == terms


def test_running_headers_and_footers_are_artifacts(edition: BuiltEdition) -> None:
    with pikepdf.open(edition.pdf) as pdf:
        tagged = " ".join(marked_text(pdf).values())
        assert not re.search(r"Page \d+ of \d+|صفحة|Page \d+ sur", tagged)
        assert "Reviewed" not in tagged and "Révisé le" not in tagged
        artifacts = 0
        for page in pdf.pages:
            for instruction in pikepdf.parse_content_stream(page, "BDC"):
                if str(instruction.operands[0]) == "/Artifact":
                    artifacts += 1
        assert artifacts >= 2 * len(pdf.pages)  # title line and page number on each page
    # poppler still reads the file and draws the footer.
    text = subprocess.run(
        ["pdftotext", str(edition.pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert text.strip()


def test_symbols_are_silent_in_the_tag_tree(edition: BuiltEdition) -> None:
    with pikepdf.open(edition.pdf) as pdf:
        text = marked_text(pdf)
        pages = {page.objgen: number for number, page in enumerate(pdf.pages)}
        hidden = 0
        for element in elements(pdf):
            words = "".join(text.get((pages[p.objgen], m), "") for p, m in content_refs(element))
            if symbol_only(words) and not any(
                isinstance(k, pikepdf.Dictionary) for k in kids(element)
            ):
                assert str(element.get("/ActualText")) == "", words
                hidden += 1
        assert hidden >= 20  # every effect, certainty and verdict label, and ⚠


def test_other_language_parts_carry_their_lang(arabic_clinic: BuiltEdition) -> None:
    with pikepdf.open(arabic_clinic.pdf) as pdf:
        assert str(pdf.Root.Lang) == "ar"
        tagged = [(kind(e), str(e.Lang)) for e in elements(pdf) if "/Lang" in e]
    counts = Counter(tagged)
    assert counts[("L", "en")] == 1  # the references, in English
    assert counts[("P", "en")] == 1  # the English line of the draft notice
    # each reference's type, back in Arabic inside the English list, and each care-team
    # role the clinic gave in Arabic (an element that states its language gets /Lang)
    html = arabic_clinic.html.read_text(encoding="utf-8")
    types = html.count('class="ref-type" lang="ar"')
    assert types > 30
    assert counts[("Span", "ar")] == types + html.count('class="care-role" lang="ar"')


def test_arabic_clinic_numbers_are_in_reading_order(arabic_clinic: BuiltEdition) -> None:
    from pdfminer.high_level import extract_text

    visual = subprocess.run(
        ["pdftotext", "-layout", str(arabic_clinic.pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    logical = extract_text(str(arabic_clinic.pdf))
    for extracted in (visual, logical):
        assert extracted.count(PHONE) >= 2  # cover and back page
        assert EMERGENCY in extracted  # the urgent box's title
        assert "0000 7946 20 44+" not in extracted
        assert "0199 555 0800" not in extracted
        # The clinic's English address keeps its own direction in the Arabic page.
        assert "12 River Road" in extracted and "River Road 12" not in extracted


def test_words_do_not_run_together_at_line_ends(real_build: BuiltEdition) -> None:
    """Joined without separators, as a screen reader joins the tagged runs."""
    with pikepdf.open(real_build.pdf) as pdf:
        text = marked_text(pdf)
        pages = {page.objgen: number for number, page in enumerate(pdf.pages)}
        joined = "".join(
            text.get((pages[p.objgen], m), "") for p, m in content_refs(pdf.Root.StructTreeRoot)
        )
    assert "No one who sells" in joined
    assert "no payments from" in joined
    for glued in ("whosells", "paymentsfrom", "due:November"):
        assert glued not in joined


def test_restored_spaces_move_nothing_on_the_page(real_build: BuiltEdition, tmp_path) -> None:
    html = real_build.html.read_text(encoding="utf-8")
    from weasyprint import HTML

    raw = HTML(string=html, base_url=str(PROJECT_ROOT) + "/").write_pdf(pdf_variant="pdf/ua-1")
    fixed, _ = fix_tags(raw, html)
    (tmp_path / "raw.pdf").write_bytes(raw)
    (tmp_path / "fixed.pdf").write_bytes(fixed)
    for name in ("raw", "fixed"):
        subprocess.run(
            [
                "pdftoppm",
                "-r",
                "40",
                "-f",
                "1",
                "-l",
                "3",
                str(tmp_path / f"{name}.pdf"),
                str(tmp_path / name),
            ],
            check=True,
        )
    for number in (1, 2, 3):
        before = (tmp_path / f"raw-{number:02d}.ppm").read_bytes()
        after = (tmp_path / f"fixed-{number:02d}.ppm").read_bytes()
        assert before == after, f"page {number} looks different after the repair"


def test_output_is_deterministic(real_build: BuiltEdition) -> None:
    html = real_build.html.read_text(encoding="utf-8")
    arguments = dict(
        language="en", base_dir=PROJECT_ROOT / "templates", allowed_dirs=[PROJECT_ROOT]
    )
    first, _ = render_pdf(html, "a.pdf", **arguments)
    second, _ = render_pdf(html, "b.pdf", **arguments)
    assert first == second


# --- the checks fail on what WeasyPrint writes by itself ---------------------------------

BROKEN = """<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8">
<title>اختبار</title><style>
@page { size: A6; @bottom-center { content: "صفحة " counter(page); } }
body { font-family: "Noto Naskh Arabic", "Noto Sans Symbols2", "Noto Sans"; font-size: 11pt; }
dt, dd { display: inline; } dd::after { content: ""; display: block; }
</style></head><body><main><section><h1>عنوان</h1>
<p><span class="label-symbol">●●●○</span> متوسط</p>
<table><caption>جدول</caption><thead><tr><th scope="col">أ</th><th scope="col">ب</th></tr></thead>
<tbody>{rows}</tbody></table>
<dl><dt>كلمة</dt><dd>معنى</dd><dt>كلمة</dt><dd>معنى</dd></dl>
<p lang="en" dir="ltr">Draft translation</p>
</section></main></body></html>"""


@pytest.fixture(scope="module")
def broken() -> tuple[bytes, str]:
    from weasyprint import HTML

    rows = "".join(f"<tr><th scope='row'>{n}</th><td>نص {n}</td></tr>" for n in range(40))
    html = BROKEN.replace("{rows}", rows)
    return HTML(string=html).write_pdf(pdf_variant="pdf/ua-1"), html


def test_the_check_finds_weasyprints_own_tree_broken(broken: tuple[bytes, str]) -> None:
    data, html = broken
    problems = " | ".join(check_tag_tree(data, html))
    assert "Part elements: one per page" in problems
    assert "a Table has no Caption" in problems
    assert "outside the tag tree and not artifacts" in problems
    assert "a list (L) holds" in problems
    assert "'○●●●' x1" in problems  # right-to-left: stored in visual order
    assert "has no /Lang en" in problems
    assert "line ends run two words together" in problems


def test_fix_tags_repairs_what_it_can(broken: tuple[bytes, str]) -> None:
    data, html = broken
    fixed, missing = fix_tags(data, html)
    assert missing == []
    problems = check_tag_tree(fixed, html)
    # A <dl> laid out inline is beyond repair: the templates use a <ul> instead.
    assert problems and all(" L" in problem or "list" in problem for problem in problems)


def test_a_template_that_breaks_the_tree_fails_the_edition(
    tmp_path: Path, small_content: Path
) -> None:
    """A glossary laid out as an inline <dl> (what the templates once did) cannot be
    repaired: the edition fails with a message, and no PDF is written."""
    from checkout import DEFAULT_TEMPLATES

    from fbss_guide.errors import BuildError

    templates = tmp_path / "templates"
    shutil.copytree(DEFAULT_TEMPLATES, templates)
    page = templates / "handout.html.j2"
    page.write_text(
        page.read_text(encoding="utf-8").replace(
            "  </main>",
            '  <dl class="inline"><dt>Term</dt><dd>Meaning</dd><dt>Word</dt><dd>Sense</dd></dl>'
            "\n  </main>",
        ),
        encoding="utf-8",
    )
    css = templates / "print.css"
    css.write_text(
        css.read_text(encoding="utf-8")
        + "\n.inline dt, .inline dd { display: inline; }"
        + '\n.inline dd::after { content: ""; display: block; }\n',
        encoding="utf-8",
    )
    out = tmp_path / "out"
    with pytest.raises(BuildError) as failure:
        build(project_config(content_dir=small_content, templates_dir=templates, out_dir=out))
    message = str(failure.value)
    assert "tag tree is wrong for screen readers" in message
    assert "a list (L) holds" in message
    assert "docs/architecture.md" in message
    assert not list(out.rglob("*.pdf"))


def _sect(*kinds: str) -> pikepdf.Dictionary:
    children = pikepdf.Array([pikepdf.Dictionary(S=pikepdf.Name("/" + k)) for k in kinds])
    return pikepdf.Dictionary(S=pikepdf.Name("/Sect"), K=children)


@pytest.mark.parametrize(
    ("after", "continues"),
    [
        (("P",), True),  # a page that starts mid-section
        (("H3", "P"), True),  # a sub-heading at the top of a page stays in its section
        (("H2", "P"), False),  # the next section
        (("H1",), False),
    ],
)
def test_a_section_fragment_continues_unless_a_same_level_heading_opens_it(
    after: tuple[str, ...], continues: bool
) -> None:
    before = _sect("H2", "P", "H3", "P")
    assert _continues(before, _sect(*after), "Sect", pages=None) is continues  # type: ignore[arg-type]


def test_screen_reader_text_is_the_htmls(edition: BuiltEdition) -> None:
    """In structure order, with /ActualText: no word split at a line end or run into
    another, right-to-left text in logical order, citations as the HTML has them."""
    from fbss_guide.checks.spoken_text import spoken_text_problems

    html = edition.pdf.with_suffix(".html").read_text(encoding="utf-8")
    assert spoken_text_problems(edition.pdf, html) == []


def test_lists_are_numbered_and_header_cells_scoped(edition: BuiltEdition) -> None:
    html = edition.pdf.with_suffix(".html").read_text(encoding="utf-8")
    with pikepdf.open(edition.pdf) as pdf:
        numbering = [
            str(element.A.ListNumbering)
            for element in elements(pdf)
            if kind(element) == "L" and "/A" in element
        ]
        scopes = Counter(str(element.A.Scope) for element in elements(pdf) if kind(element) == "TH")
    assert numbering.count("/Decimal") == html.count("<ol")
    assert numbering.count("/Disc") == html.count("<ul")
    # Every header cell is scoped; a row cut at a page break has its header cell twice
    # (once on each page), so there may be more row headers than in the HTML.
    assert set(scopes) <= {"/Column", "/Row"}
    # Count the cells, not the style sheet's `th[scope="row"]` rules the HTML embeds.
    assert scopes["/Column"] == html.count('<th scope="col"')
    assert scopes["/Row"] >= html.count('<th scope="row"')
