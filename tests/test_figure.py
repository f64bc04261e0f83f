"""Drawings: numbered parts in the picture, translatable words beside it; plain pictures."""

from __future__ import annotations

import base64
import re
import subprocess
from collections.abc import Callable
from pathlib import Path

import pikepdf
from checkout import project_config

from fbss_guide.checks.pdf_structure import check_pdf
from fbss_guide.engine.build import BuiltEdition, build
from fbss_guide.guide.content import check_guide, load_guide
from fbss_guide.i18n.messages import content_messages

MakeContent = Callable[[dict[str, str]], Path]

SECTION = """\
id: intro
heading: What this is
blocks:
  - kind: paragraph
    id: p
    text: Text [@smith-2020].
  - kind: figure
    id: picture
    src: images/spine.svg
    alt: A drawing of the lower spine
    caption: "The lower spine:"
    labels:
      - A spine bone.
      - A nerve root.
"""
SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="100" height="50">'
    '<rect width="100" height="50" fill="#ccc"/></svg>'
)


def test_labels_print_as_a_numbered_list_and_are_offered_to_translators(
    make_content: MakeContent, tmp_path: Path
) -> None:
    content = make_content({"sections/01-intro.yaml": SECTION, "images/spine.svg": SVG})
    guide = load_guide(content)
    by_text = {m.text: m for m in content_messages(guide)}
    label = by_text["A spine bone."]
    assert label.context == "intro/picture/labels/a-spine-bone"
    assert "numbered part of a drawing" in label.comment

    [edition] = build(
        project_config(content_dir=content, out_dir=tmp_path / "out", languages=("en",))
    )
    html = edition.html.read_text(encoding="utf-8")
    figure = html[html.index("<figure") : html.index("</figure>")]
    assert re.search(r'<ol class="figure-labels">\s*<li>A spine bone\.</li>\s*<li>A nerve', figure)
    assert check_pdf(edition.pdf, "en").problems == []
    text = subprocess.run(
        ["pdftotext", str(edition.pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "1. A spine bone." in text and "2. A nerve root." in text


def test_labels_must_be_a_list(make_content: MakeContent) -> None:
    section = SECTION.replace(
        "    labels:\n      - A spine bone.\n      - A nerve root.\n", "    labels: A spine bone\n"
    )
    files = {"sections/01-intro.yaml": section, "images/spine.svg": SVG}
    _, problems = check_guide(make_content(files))
    [problem] = [p for p in problems if p.severity == "error"]
    assert "[blocks[2](figure).labels]" in problem.format()
    assert "expected a non-empty list" in problem.message


def test_the_handout_shows_the_labelled_spine_in_why_pain_can_continue(
    real_build: BuiltEdition,
) -> None:
    html = real_build.html.read_text(encoding="utf-8")
    section = html[html.index('id="causes"') :]
    section = section[: section.index("</section>")]
    # The saved HTML carries the picture itself (it opens on any machine).
    [embedded] = re.findall(r'src="data:image/svg\+xml;base64,([^"]+)"', section)
    drawing = Path(__file__).resolve().parents[1] / "content" / "images" / "lower-spine.svg"
    assert base64.b64decode(embedded) == drawing.read_bytes()
    for words in ("A spine bone (vertebra).", "A disc,", "A nerve root,", "Scar tissue,"):
        assert words in section, words
    with pikepdf.open(real_build.pdf) as pdf:
        alts = [
            str(obj.get("/Alt"))
            for obj in pdf.objects
            if isinstance(obj, pikepdf.Dictionary) and obj.get("/S") == "/Figure"
        ]
    assert any(alt.startswith("Drawing of the lower spine from the side.") for alt in alts)


def test_a_picture_without_numbered_labels_prints_plain_and_smaller(
    make_content: MakeContent, tmp_path: Path
) -> None:
    section = SECTION.replace("    labels:\n      - A spine bone.\n      - A nerve root.\n", "")
    content = make_content({"sections/01-intro.yaml": section, "images/spine.svg": SVG})
    [edition] = build(
        project_config(content_dir=content, out_dir=tmp_path / "out", languages=("en",))
    )
    html = edition.html.read_text(encoding="utf-8")
    figure = html[html.index("<figure") : html.index("</figure>")]
    assert figure.startswith('<figure class="figure-plain">')
    assert "figure-labels" not in figure
    assert check_pdf(edition.pdf, "en").problems == []


def test_the_saddle_area_picture_sits_under_the_emergency_box(real_build: BuiltEdition) -> None:
    html = real_build.html.read_text(encoding="utf-8")
    section = html[html.index('id="urgent"') :]
    section = section[: section.index("</section>")]
    action = section.index("Go now. Do not wait for a planned visit.")
    # The saved HTML carries its pictures inside it: found by their alt text.
    picture = section.index('alt="Drawing of a person')
    same_day = section.index("Get help the same day")
    assert action < picture < same_day
    assert section.rfind("<figure", 0, picture) > section.rfind("callout-action", 0, picture)
    assert "The saddle area, shaded:" in section[picture:same_day]
    with pikepdf.open(real_build.pdf) as pdf:
        alts = [
            str(obj.get("/Alt"))
            for obj in pdf.objects
            if isinstance(obj, pikepdf.Dictionary) and obj.get("/S") == "/Figure"
        ]
    assert any(alt.startswith("Drawing of a person's lower body from behind") for alt in alts)
    # The picture prints on the page where the box ends, not alone on the next page.
    pages = [
        subprocess.run(
            ["pdftotext", "-f", str(n), "-l", str(n), str(real_build.pdf), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for n in range(1, 5)
    ]
    [box_end] = [n for n, text in enumerate(pages) if "Go now. Do not wait" in text]
    assert "The saddle area, shaded:" in pages[box_end]
