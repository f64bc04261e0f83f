"""Clinic editions: paper sizes, large print, clinic details, legibility, web edition."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from fbss_guide.build import BuildConfig, build
from fbss_guide.checks.html_structure import check_html, check_web_html
from fbss_guide.checks.legibility import check_legibility, contrast_with_white
from fbss_guide.checks.outputs import check_output_dir
from fbss_guide.checks.pdf_structure import check_pdf
from fbss_guide.cli import main
from fbss_guide.clinic import load_clinic
from fbss_guide.editions import PAPER_SIZES_PT, EditionSpec, load_build_plan
from fbss_guide.errors import ContentError

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
        BuildConfig(
            content_dir=content,
            out_dir=root / "out",
            languages=("en",),
            editions=(EditionSpec("a4"), EditionSpec("letter"), EditionSpec("a4", True)),
            clinic=load_clinic(EXAMPLE_CLINIC),
            web=True,
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
        # Large print: nothing below 16 pt, the running header and footer included.
        ("a4-large-print", "a4", 18.0, 16.0),
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
    assert "The clinic did not change it" in text
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
    assert (folder / "logo.svg").is_file()


def test_build_plan_file(tmp_path: Path) -> None:
    plan_file = tmp_path / "build.yaml"
    plan_file.write_text(
        "languages: [en, fr]\neditions:\n  - paper: letter\n  - paper: a4\n"
        "    large_print: true\nweb: false\n"
    )
    plan = load_build_plan(plan_file)
    assert plan.languages == ("en", "fr")
    assert plan.editions == (EditionSpec("letter"), EditionSpec("a4", True))
    plan_file.write_text("editions:\n  - paper: a5\n")
    with pytest.raises(
        ContentError, match=r"(?s)build.yaml:2 \[editions\[1\].paper\].*a4 or letter"
    ):
        load_build_plan(plan_file)


def test_default_plan_builds_every_edition() -> None:
    plan = load_build_plan(Path(__file__).resolve().parents[1] / "build.yaml")
    assert set(plan.editions) == {EditionSpec("a4"), EditionSpec("letter"), EditionSpec("a4", True)}
    assert plan.languages is None and plan.web


def clinic_file(tmp_path: Path, text: str, files: dict[str, bytes] | None = None) -> Path:
    folder = tmp_path / "clinic"
    folder.mkdir(exist_ok=True)
    for name, data in (files or {}).items():
        (folder / name).write_bytes(data)
    path = folder / "clinic.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("text", "files", "message"),
    [
        ("phone: '123'\n", {}, r"clinic.yaml:1 \[name\].*name is missing"),
        (
            "name: A\nlogo:\n  file: logo.png\n  alt: A logo\n",
            {"logo.png": b"not a png"},
            r"clinic.yaml:3 \[logo.file\].*not a PNG or SVG",
        ),
        (
            "name: A\nlogo:\n  file: logo.svg\n  alt: A logo\n",
            {"logo.svg": b"<svg xmlns='http://www.w3.org/2000/svg'>" + b" " * 600_000 + b"</svg>"},
            r"logo.file\].*the limit is 512 KB",
        ),
        (
            "name: A\nlogo:\n  file: ../outside.svg\n  alt: A logo\n",
            {},
            r"logo.file\].*outside the clinic file's folder",
        ),
        (
            "name: A\nlogo:\n  file: https://example.org/logo.png\n  alt: A logo\n",
            {},
            r"logo.file\].*remote logos are not loaded",
        ),
        (
            "name: A\nlogo:\n  file: missing.png\n  alt: A logo\n",
            {},
            r"cannot read logo 'missing.png'",
        ),
        (
            "name: A\nlogo:\n  file: logo.svg\n",
            {"logo.svg": SVG_LOGO.encode()},
            r"logo needs alt text",
        ),
        ("name: A\nwebsite: example\n", {}, r"clinic.yaml:2 \[website\].*not a web address"),
        ("name: A\ncolour: red\n", {}, r"clinic.yaml:2 \[colour\]: error: unknown key"),
        ("name: <b>A</b>\n", {}, r"must be plain text"),
    ],
)
def test_bad_clinic_files_fail_clearly(
    tmp_path: Path, text: str, files: dict[str, bytes], message: str
) -> None:
    with pytest.raises(ContentError, match="(?s)" + message):
        load_clinic(clinic_file(tmp_path, text, files))


def test_svg_logo_that_loads_other_files_is_refused(tmp_path: Path) -> None:
    svg = (
        b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
        b'<image href="file:///etc/passwd"/></svg>'
    )
    with pytest.raises(ContentError, match="not a PNG or SVG"):
        load_clinic(
            clinic_file(tmp_path, "name: A\nlogo:\n  file: l.svg\n  alt: x\n", {"l.svg": svg})
        )


def test_cli_refuses_a_bad_clinic_without_writing(
    tmp_path: Path, small_content: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = clinic_file(tmp_path, "phone: '123'\n")
    out = tmp_path / "out"
    code = main(
        [
            "build",
            "--lang",
            "en",
            "--paper",
            "a4",
            "--content",
            str(small_content),
            "--out",
            str(out),
            "--clinic",
            str(path),
        ]
    )
    assert code == 1
    assert "the clinic's name is missing" in capsys.readouterr().err
    assert not out.exists()


def test_contrast_formula() -> None:
    assert round(contrast_with_white(0), 1) == 21.0  # black (gray 0)
    assert round(contrast_with_white((0.4627, 0.4627, 0.4627)), 1) == 4.5  # #767676
    assert round(contrast_with_white((0, 0, 0, 1)), 1) == 21.0  # CMYK black


def test_legibility_check_catches_small_pale_justified_text(tmp_path: Path) -> None:
    from fbss_guide.pdf import html_to_pdf

    words = " ".join(["Plain words make the text easy to read for everyone."] * 12)
    html = (
        '<!DOCTYPE html><html lang="en" dir="ltr"><head><title>x</title><style>'
        "@page { size: A4 } p { text-align: justify; font-size: 10pt; color: #999 }"
        f"</style></head><body><h1>x</h1><p>{words}</p></body></html>"
    )
    pdf = tmp_path / "bad.pdf"
    html_to_pdf(html, pdf, language="en", base_dir=tmp_path, allowed_dirs=[tmp_path])
    problems = " ".join(check_legibility(pdf, PAPER_SIZES_PT["letter"], 14).problems)
    assert "page size is 595 x 842 pt, expected 612 x 792 pt" in problems
    assert "smallest text is 10.0 pt" in problems
    assert "body text is 10.0 pt" in problems
    assert "lowest text contrast is 2.85:1" in problems
    assert "look justified" in problems
