"""Clinic editions: paper sizes, large print, clinic details, legibility, web edition."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from checkout import project_config

from fbss_guide.checks.html_structure import check_html, check_web_html
from fbss_guide.checks.legibility import check_legibility
from fbss_guide.checks.outputs import check_output_dir
from fbss_guide.checks.pdf_structure import check_pdf
from fbss_guide.clinic.details import load_clinic
from fbss_guide.engine.build import build
from fbss_guide.errors import BuildError, ContentError
from fbss_guide.project.editions import PAPER_SIZES_PT, EditionSpec
from fbss_guide.project.project_file import PACKAGE_TEMPLATES, PROJECT_FILE, load_project

MakeContent = Callable[[dict[str, str]], Path]
EXAMPLE_CLINIC = Path(__file__).resolve().parents[1] / "examples" / "clinic" / "clinic.yaml"
SVG_LOGO = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    '<rect width="10" height="10"/></svg>'
)


def text_of(pdf: Path) -> str:
    return subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout


@pytest.fixture(scope="module")
def editions(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The small content in A4, Letter and large print, with the example clinic."""
    from conftest import small_content_files, write_tree

    root = tmp_path_factory.mktemp("editions")
    content = write_tree(root / "content", small_content_files())
    built = build(
        project_config(
            content_dir=content,
            out_dir=root / "out",
            languages=("en",),
            editions=(
                EditionSpec("a4"),
                EditionSpec("letter"),
                EditionSpec("a4", True),
                EditionSpec(None, format="web"),
            ),
            clinic=load_clinic(EXAMPLE_CLINIC),
        )
    )
    return {item.edition.spec.suffix: item.pdf for item in built} | {"out": root / "out"}


def test_file_names_say_language_paper_edition_and_clinic(editions: dict[str, Path]) -> None:
    assert editions["a4"].name == "test-guide-en-a4-riverside.pdf"
    assert editions["letter"].name == "test-guide-en-letter-riverside.pdf"
    assert editions["a4-large-print"].name == "test-guide-en-a4-large-print-riverside.pdf"


@pytest.mark.parametrize(
    ("suffix", "paper", "body", "smallest"),
    [
        ("a4", "a4", 14.0, 12.0),
        ("letter", "letter", 14.0, 12.0),
        # Large print: nothing below 18 pt, the running header and footer, the clinic's
        # logo and the references included.
        ("a4-large-print", "a4", 18.0, 18.0),
    ],
)
def test_every_edition_is_legible_and_accessible(
    editions: dict[str, Path], suffix: str, paper: str, body: float, smallest: float
) -> None:
    pdf = editions[suffix]
    legibility = check_legibility(pdf, PAPER_SIZES_PT[paper], body, smallest)
    assert legibility.problems == []
    assert legibility.body_pt == body
    assert legibility.smallest_pt >= smallest
    assert check_pdf(pdf, "en").problems == []


def test_clinic_details_print_and_content_is_unchanged(editions: dict[str, Path]) -> None:
    text = " ".join(text_of(editions["a4"]).split())
    assert "Given to you by: Riverside Spine Clinic" in text
    assert "+44 20 7946 0000" in text
    assert "Call 999 now" in text  # the emergency number reaches the warning signs
    assert "example.org/riverside/back-pain-handout" in text
    assert "The clinic did not change the health information" in text
    assert "Your doctor:" in text
    assert "This is a short test." in text


def test_qr_code_and_logo_are_figures_with_alt_text(editions: dict[str, Path]) -> None:
    import pikepdf

    with pikepdf.open(editions["a4"]) as pdf:
        alts = sorted(
            str(obj.get("/Alt"))
            for obj in pdf.objects
            if isinstance(obj, pikepdf.Dictionary) and obj.get("/S") == "/Figure"
        )
    assert alts == [
        "QR code that opens the online copy of this handout at "
        "example.org/riverside/back-pain-handout",
        "Riverside Spine Clinic logo",
    ]


def test_output_check_passes_on_every_pdf(editions: dict[str, Path]) -> None:
    results, problems = check_output_dir(editions["out"])
    assert len(results) == 3 and problems == []


def test_web_edition_is_standalone_and_structured(editions: dict[str, Path]) -> None:
    folder = editions["out"] / "en" / "web-riverside"
    html = (folder / "test-guide-en.html").read_text(encoding="utf-8")
    assert check_html(html) == []
    assert check_web_html(html) == []
    assert '<a class="skip-link" href="#urgent">' in html
    assert '<link rel="stylesheet" href="style.css">' in html
    assert "file://" not in html
    css = (folder / "style.css").read_text(encoding="utf-8")
    fonts = re.findall(r'url\("(fonts/[^"]+)"\)', css)
    assert fonts and all((folder / font).is_file() for font in fonts)
    assert "http" not in css
    assert (folder / "logo.png").is_file()


def test_project_file(tmp_path: Path) -> None:
    (tmp_path / "content").mkdir()
    (tmp_path / "locales").mkdir()
    plan_file = tmp_path / PROJECT_FILE
    plan_file.write_text(
        "languages: [en, fr]\neditions:\n  - paper: letter\n  - paper: a4\n"
        "    large_print: true\n  - format: web\n"
    )
    project = load_project(tmp_path)
    assert project.languages == ("en", "fr")
    assert project.editions == (
        EditionSpec("letter"),
        EditionSpec("a4", True),
        EditionSpec(None, format="web"),
    )
    assert project.content_dir == (tmp_path / "content").resolve()
    assert project.template_dirs == (PACKAGE_TEMPLATES,)  # no overrides folder
    plan_file.write_text("editions:\n  - paper: a5\n")
    with pytest.raises(
        ContentError, match=r"(?s)fbss-guide.yaml:2 \[editions\[1\].paper\].*a4 or letter"
    ):
        load_project(tmp_path)
    plan_file.write_text("editions:\n  - format: web\n    paper: a4\n")
    with pytest.raises(ContentError, match=r"the web format has no option 'paper'"):
        load_project(tmp_path)
    plan_file.write_text("editions:\n  - format: poster\n")
    with pytest.raises(ContentError, match=r"'poster' is not an output format"):
        load_project(tmp_path)


def test_project_file_is_found_from_a_folder_below(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "content" / "sections").mkdir(parents=True)
    (tmp_path / "locales").mkdir()
    (tmp_path / PROJECT_FILE).write_text("languages: all\n")
    monkeypatch.chdir(tmp_path / "content" / "sections")
    assert load_project().root == tmp_path.resolve()
    monkeypatch.chdir(tmp_path.parent)
    with pytest.raises(BuildError, match="fbss-guide new"):
        load_project()


def test_this_guide_builds_every_edition() -> None:
    project = load_project(Path(__file__).resolve().parents[1])
    assert {EditionSpec("a4"), EditionSpec("letter"), EditionSpec("a4", True)} <= set(
        project.editions
    )
    assert EditionSpec(None, format="web") in project.editions
    assert project.languages is None


@pytest.mark.parametrize(
    ("name", "language", "spec"),
    [
        ("fbss-guide-pt-BR-a4.pdf", "pt-BR", EditionSpec("a4")),
        ("fbss-guide-zh-Hans-letter-riverside.pdf", "zh-Hans", EditionSpec("letter")),
        ("fbss-guide-ar-card-a4-riverside.pdf", "ar", EditionSpec("a4", format="card")),
        ("fbss-guide-de-bilingual-a4.pdf", "de", EditionSpec("a4", format="bilingual")),
        ("fbss-guide-en-a4-large-print.pdf", "en", EditionSpec("a4", True)),
    ],
)
def test_check_reads_language_and_edition_from_every_file_name(
    name: str, language: str, spec: EditionSpec
) -> None:
    from fbss_guide.checks.outputs import NAME

    match = NAME.match(name)
    assert match is not None
    assert match["lang"] == language
    assert EditionSpec(match["paper"], bool(match["large"]), match["format"] or "handout") == spec
