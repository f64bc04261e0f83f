"""The tool works as a user installs it: a wheel in a new virtual environment, then
`fbss-guide new` and `fbss-guide build` inside the new project, with no source checkout."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pikepdf
import pytest

ROOT = Path(__file__).resolve().parents[1]


def run(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> str:
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=900, env=env)
    assert result.returncode == 0, f"{command}\n{result.stdout}\n{result.stderr}"
    return result.stdout


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    # Build from a copy, so the checkout gets no build/ or egg-info folders.
    source = tmp_path_factory.mktemp("source") / "fbss-guide"
    shutil.copytree(
        ROOT,
        source,
        ignore=shutil.ignore_patterns(
            ".git", ".venv*", "output", "node_modules", "__pycache__", ".hypothesis", "*.egg-info"
        ),
    )
    run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "-q",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(out),
            str(source),
        ],
        cwd=out,
    )
    [built] = out.glob("fbss_guide-*.whl")
    return built


def test_the_wheel_carries_the_templates_and_the_starter(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    assert "fbss_guide/templates/handout.html.j2" in names
    assert "fbss_guide/templates/print.css" in names
    assert "fbss_guide/starter/fbss-guide.yaml" in names
    assert "fbss_guide/starter/content/sections/01-start.yaml" in names
    # The interface strings, translated: a new guide in any of these languages needs none.
    assert "fbss_guide/locales/interface.pot" in names
    assert "fbss_guide/locales/es/LC_MESSAGES/interface.po" in names
    assert len([name for name in names if name.endswith("/interface.po")]) == 11
    # Nothing of this checkout's own guide is in the tool.
    assert not [name for name in names if "references.yaml" in name and "starter" not in name]


def install(wheel: Path, tmp_path: Path) -> tuple[str, dict[str, str]]:
    """The wheel in a new virtual environment outside the checkout: its `fbss-guide`
    command and the environment to run it in."""
    venv = tmp_path / "venv"
    run([sys.executable, "-m", "venv", "--without-pip", str(venv)], cwd=tmp_path)
    site = Path(sysconfig.get_path("purelib", vars={"base": str(venv), "platbase": str(venv)}))
    # The dependencies come from the test's own environment (no network); fbss_guide
    # itself only from the wheel: that folder's .pth files, such as an editable install
    # of this checkout, are not run for a path added this way.
    here = Path(sysconfig.get_path("purelib"))
    (site / "dependencies.pth").write_text(f"{here}\n", encoding="utf-8")
    run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(venv / "bin" / "python"),
            "install",
            "-q",
            "--no-deps",
            str(wheel),
        ],
        cwd=tmp_path,
    )
    env = {**os.environ, "PYTHONPATH": ""}
    python = str(venv / "bin" / "python")
    where = run([python, "-c", "import fbss_guide; print(fbss_guide.__file__)"], tmp_path, env)
    assert where.startswith(str(venv)), where
    return str(venv / "bin" / "fbss-guide"), env


def test_installed_wheel_starts_and_builds_a_new_guide(wheel: Path, tmp_path: Path) -> None:
    command, env = install(wheel, tmp_path)
    run([command, "new", "knee-guide", "--title", "Living with knee pain"], tmp_path, env)
    project = tmp_path / "knee-guide"
    assert (project / "fbss-guide.yaml").is_file()
    run([command, "check"], project, env)
    run([command, "build", "--jobs", "1"], project / "content", env)  # found from below

    pdf = project / "output" / "en" / "knee-guide-en-a4.pdf"
    with pikepdf.open(pdf) as document:
        assert str(document.Root.Lang) == "en"
        assert document.Root.MarkInfo.Marked
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Living with knee pain" in text
    assert (project / "output" / "en" / "web" / "knee-guide-en.html").is_file()
    # The saved print HTML names no file of the installed package.
    assert "site-packages" not in (project / "output" / "en" / "knee-guide-en-a4.html").read_text()


def english_parts(pdf: Path) -> list[str]:
    """The words of every tagged element whose /Lang is en, in reading order."""
    from fbss_guide.pdf.content import read_pages
    from fbss_guide.pdf.mcid_text import text_of
    from fbss_guide.pdf.tree import PageIndex, read_tree

    with pikepdf.open(pdf) as document:
        tree = read_tree(document.Root.StructTreeRoot, PageIndex(document))
        text = text_of(read_pages(document))
        return [
            " ".join(element.text(text).split())
            for element in tree.walk()
            if str(element.obj.get("/Lang", "")) == "en"
        ]


def spanish_interface(command: str, env: dict[str, str], cwd: Path) -> dict[str, str]:
    """The installed package's Spanish interface strings, by English text."""
    python = str(Path(command).with_name("python"))
    script = (
        "import json; from babel.messages.pofile import read_po;"
        "from fbss_guide.i18n.interface import package_catalog_path;"
        "c = read_po(package_catalog_path('es').open('rb'));"
        "print(json.dumps({m.id: m.string for m in c if isinstance(m.id, str) and m.id}))"
    )
    import json

    found: dict[str, str] = json.loads(run([python, "-c", script], cwd, env))
    return found


def set_entry(po: Path, context: str, translation: str, fuzzy: bool = False) -> None:
    text = po.read_text(encoding="utf-8")
    [block] = [block for block in text.split("\n\n") if f'msgctxt "{context}"' in block]
    changed = block.replace('msgstr ""', f'msgstr "{translation}"')
    if fuzzy:
        changed = changed.replace(f'msgctxt "{context}"', f'#, fuzzy\nmsgctxt "{context}"')
    po.write_text(text.replace(block, changed), encoding="utf-8")


def test_installed_wheel_drafts_a_new_translation_at_once(wheel: Path, tmp_path: Path) -> None:
    """A guide author adds Spanish and builds before anything is translated: the draft
    shows the content in English, tagged lang="en" in the HTML and /Lang en in the PDF's
    tag tree, and lists each untranslated entry. Then two entries are translated and
    one is fuzzy: A4, card and bilingual editions all build and pass the tag-tree check.
    Every interface string (table headings, verdict words, page numbers) is in Spanish
    from the first build: the wheel ships them translated."""
    from fbss_guide.checks.tag_tree import check_tag_tree

    command, env = install(wheel, tmp_path)
    title = "Knee pain: what helps — a guide"
    run([command, "new", "knee", "--title", title], tmp_path, env)
    project = tmp_path / "knee"
    assert f'title: "{title}"' in (project / "content" / "guide.yaml").read_text()
    section = project / "content" / "sections" / "01-start.yaml"
    # A few blocks on the card (the starter section shows every block kind and is longer
    # than the card's two sides), among them a warning box, which the card prints shorter.
    text = section.read_text()
    for block in ("intro", "parts", "good-text", "urgent"):
        text = text.replace(f"    id: {block}\n", f"    id: {block}\n    card: true\n", 1)
    section.write_text(text, encoding="utf-8")
    run([command, "i18n", "init", "es"], project, env)
    po = project / "locales" / "es" / "LC_MESSAGES" / "messages.po"

    def draft(*options: str) -> str:
        result = subprocess.run(
            [command, "build", "--jobs", "1", "--lang", "es", "--allow-incomplete", *options],
            cwd=project,
            capture_output=True,
            text=True,
            timeout=900,
            env=env,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        return result.stderr

    # Before anything is translated.
    said = draft("--format", "handout", "--paper", "a4")
    assert "entries are shown in English" in said
    assert "  missing  msgctxt 'start/intro/text'" in said
    out = project / "output" / "es"
    html = (out / "knee-guide-es-a4.html").read_text()
    assert '<span lang="en">This guide is a start.' in html
    # The interface strings: only the content is listed as English, and every one the
    # page prints is the wheel's Spanish.
    assert "msgid '" not in said and "interface.po" not in said
    spanish = spanish_interface(command, env, tmp_path)
    printed = [
        "Treatment",
        "Does it help?",
        "How sure are we?",
        "Main harms",
        "Daily life",
        "What you may read",
        "What the evidence says",
        "Your own questions:",
        "An example:",
    ]
    for english_text in printed:
        assert spanish[english_text] and spanish[english_text] != english_text
        assert spanish[english_text] in html, english_text
        assert f">{english_text}<" not in html, english_text
    # The draft notice, in Spanish (and, by design, in English after it).
    notice = "Draft translation: not yet reviewed by a qualified medical translator"
    assert spanish[notice] in html
    pdf = out / "knee-guide-es-a4.pdf"
    assert check_tag_tree(pdf, html) == []
    english = english_parts(pdf)
    assert any(part.startswith("This guide is a start.") for part in english)

    # Two entries translated, one fuzzy, the rest missing.
    set_entry(po, "start/heading", "Cómo usar esta guía")
    set_entry(po, "start/good-text/intro", "Un buen texto para pacientes:")
    set_entry(po, "start/parts/text", "Las partes de una guía", fuzzy=True)
    said = draft("--format", "handout", "--paper", "a4")
    said += draft("--format", "card", "--paper", "a4")
    said += draft("--format", "bilingual")
    assert "  fuzzy    msgctxt 'start/parts/text'" in said
    assert "msgctxt 'start/heading'" not in said
    for name in ("knee-guide-es-a4", "knee-guide-es-card-a4", "knee-guide-es-bilingual-a4"):
        pdf, html_file = out / f"{name}.pdf", out / f"{name}.html"
        saved = html_file.read_text()
        assert check_tag_tree(pdf, saved) == [], name
        assert '<span lang="en">The parts of a guide</span>' in saved, name  # the fuzzy one
        english = english_parts(pdf)
        assert "The parts of a guide" in english, name
        assert any(part.startswith("This guide is a start.") for part in english), name
        assert "Cómo usar esta guía" not in english, name
        text = subprocess.run(
            ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert "Cómo usar esta guía" in text, name


def test_new_refuses_a_folder_with_files(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    result = subprocess.run(
        [sys.executable, "-m", "fbss_guide", "new", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert "not an empty folder" in result.stderr
    assert (tmp_path / "notes.txt").read_text() == "mine"


def test_the_starter_section_uses_every_block_kind(tmp_path: Path) -> None:
    """A new guide shows every kind of block, so its author sees how each one looks; a
    kind added to the registry must be added to the starter too."""
    from fbss_guide.blocks import REGISTRY
    from fbss_guide.guide.content import load_guide
    from fbss_guide.scaffold import new_project

    guide = load_guide(new_project(tmp_path / "guide") / "content")
    used = {REGISTRY.of(block).name for section in guide.sections for block in section.blocks}
    assert used == set(REGISTRY.names())
