"""What a guide must contain, and numbers a translation may not add (integrity review).

Each test copies this project's content and catalogs (no output), damages one thing and
runs the installed `fbss-guide` in a subprocess: the exit status, the message (file,
line, key) and that no edition was written. The property test feeds generated YAML to
a section file through the command's own entry point (`cli.main`, in process, to stay
fast): whatever the file holds, if it is not a section with content the command exits
non-zero naming the file.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import struct
import subprocess
import sys
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from checkout import PROJECT_ROOT
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from fbss_guide.cli import main

FBSS = str(Path(sys.executable).with_name("fbss-guide"))
URGENT = "content/sections/04-urgent.yaml"
GLOSSARY = "content/sections/10-glossary.yaml"
KEY_POINTS = "content/sections/01-key-points.yaml"
GUIDE = "content/guide.yaml"


def copy_project(root: Path) -> Path:
    """This project's sources (project file, content, catalogs, template folder)."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy(PROJECT_ROOT / "fbss-guide.yaml", root)
    for folder in ("content", "locales", "templates"):
        shutil.copytree(PROJECT_ROOT / folder, root / folder)
    return root


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project")


def run(*arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [FBSS, *arguments], capture_output=True, text=True, timeout=600, check=False
    )


def check(root: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return run("check", "--project", str(root), *extra)


def build(root: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return run(
        "build", "--project", str(root), "--out", str(root / "output"), "--jobs", "1", *extra
    )


def failure(result: subprocess.CompletedProcess[str]) -> str:
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "Traceback" not in output, output
    return output


def editions_written(root: Path) -> list[Path]:
    out = root / "output"
    return [p for p in out.rglob("*") if p.suffix in {".pdf", ".html"}] if out.exists() else []


def edit(path: Path, change: Callable[[str], str]) -> None:
    text = path.read_text(encoding="utf-8")
    changed = change(text)
    assert changed != text, f"the edit did not apply to {path}"
    path.write_text(changed, encoding="utf-8")


def replace(old: str, new: str) -> Callable[[str], str]:
    def change(text: str) -> str:
        assert old in text, old
        return text.replace(old, new, 1)

    return change


def without_block(block_id: str) -> Callable[[str], str]:
    """Remove one block (from its '- kind:' line to the next block) of a section file."""

    def change(text: str) -> str:
        pattern = rf"(?ms)^  - kind: \w+\n    id: {block_id}\n.*?(?=^  - kind:|\Z)"
        assert re.search(pattern, text), block_id
        return re.sub(pattern, "", text, count=1)

    return change


# --- 1. A section file with no content, and the guide's required content ------------

EMPTY_DOCUMENTS = ["null\n", "~\n", "---\n", "--- null\n...\n", "# only a comment\n", ""]


@pytest.mark.parametrize("text", EMPTY_DOCUMENTS, ids=repr)
@pytest.mark.parametrize("file", [URGENT, GLOSSARY])
def test_section_file_without_content_is_an_error_naming_it(
    project: Path, file: str, text: str
) -> None:
    (project / file).write_text(text, encoding="utf-8")
    output = failure(check(project))
    assert re.search(rf"{re.escape(file)}:\d+: error: the file (has no content|is empty)", output)


def test_emptied_warning_signs_stop_the_build_and_nothing_is_written(project: Path) -> None:
    """The review's case: 04-urgent.yaml set to null, and the one reference only it
    cited removed, used to build a handout without warning signs, exit 0."""
    (project / URGENT).write_text("null\n", encoding="utf-8")
    edit(
        project / "content/references.yaml",
        lambda text: re.sub(r"(?ms)^- id: nhs-dvt\n.*?(?=^- id:|\Z)", "", text),
    )
    result = build(project, "--lang", "en", "--format", "handout", "--paper", "a4")
    output = failure(result)
    assert f"{URGENT}:1: error: the file has no content" in output
    assert editions_written(project) == []


REQUIRED_BROKEN = [
    pytest.param(
        URGENT,
        "id: urgent\nheading: Get help now\nblocks: []\n",
        rf"{URGENT}:3 \[blocks\]: error: a section needs a non-empty 'blocks' list",
        id="no-blocks",
    ),
    pytest.param(URGENT, "{}\n", rf"{URGENT}:1 \[id\]: error: missing required key 'id'", id="{}"),
    pytest.param(
        URGENT,
        without_block("emergency"),
        rf"{GUIDE}:\d+ \[required\[1\]\]: error: required content is missing: block "
        rf"'emergency' of section 'urgent' is not in the guide\n.*restore it in {URGENT}",
        id="callout-removed",
    ),
    pytest.param(
        URGENT,
        replace("Call {emergency} or go", "Call for help or go"),
        rf"{GUIDE}:\d+ \[required\[1\]\]: error: required content is missing: no text of "
        r"block 'emergency' in the guide has the placeholder \{emergency\}",
        id="placeholder-removed",
    ),
    pytest.param(
        KEY_POINTS,
        replace("read **Get help now** first", "read the warning signs first"),
        rf"{GUIDE}:\d+ \[required\[2\]\]: error: required content is missing: no text of "
        r"section 'key-points' in the guide names section 'urgent' by its heading",
        id="key-point-removed",
    ),
    pytest.param(
        GUIDE,
        replace("  - key-points\n  - urgent\n", "  - key-points\n"),
        rf"{URGENT}:1 \[id\]: error: section 'urgent' is not listed",
        id="unlisted",
    ),
]


@pytest.mark.parametrize(("file", "change", "message"), REQUIRED_BROKEN)
def test_required_content_missing_is_an_error(
    project: Path, file: str, change: str | Callable[[str], str], message: str
) -> None:
    if isinstance(change, str):
        (project / file).write_text(change, encoding="utf-8")
    else:
        edit(project / file, change)
    assert re.search(message, failure(check(project)))


def test_the_card_refuses_to_leave_out_the_emergency_box(project: Path) -> None:
    edit(project / URGENT, replace("    level: urgent\n    card: true\n", "    level: urgent\n"))
    # The content has it; the card would not: 'check' says so for each language's card.
    checked = " ".join(failure(check(project, "--lang", "en")).split())
    assert "[required]: error: it would be made without" in checked
    assert "section 'urgent' is not in the quick card in 'en'" in checked
    output = " ".join(
        failure(build(project, "--lang", "en", "--format", "card", "--paper", "a4")).split()
    )
    assert "the quick card in 'en'" in output
    assert "section 'urgent' is not in the quick card in 'en'" in output
    assert "mark it 'card: true'" in output
    assert editions_written(project) == []


def test_a_translation_must_keep_the_key_point_pointing_to_the_warning_signs(
    project: Path,
) -> None:
    """The Spanish key point no longer names the Spanish heading: markup and
    placeholders all match, so only the edition's own check sees it."""
    edit(
        project / "locales/es/LC_MESSAGES/messages.po",
        replace("Lea primero **Busque ayuda ahora**", "Lea primero **la parte de abajo**"),
    )
    result = build(project, "--lang", "es", "--format", "card", "--paper", "a4")
    output = " ".join(failure(result).split())
    assert "no text of section 'key-points' in the quick card in 'es' names section" in output
    assert "Busque ayuda ahora" in output
    assert editions_written(project) == []
    checked = " ".join(failure(check(project, "--lang", "es")).split())
    po = project / "locales/es/LC_MESSAGES/messages.po"
    assert f"{po} [required]: error: it would be made without" in checked
    assert "no text of section 'key-points' in the quick card in 'es' names" in checked


def test_a_new_project_declares_its_own_required_content(tmp_path: Path) -> None:
    root = tmp_path / "knee"
    assert run("new", str(root)).returncode == 0
    assert check(root).returncode == 0
    guide = (root / GUIDE).read_text(encoding="utf-8")
    assert "required:\n  - section: start\n    block: urgent" in guide
    edit(root / "content/sections/01-start.yaml", replace("Call {emergency} if", "Call if"))
    output = failure(check(root))
    assert re.search(
        rf"{GUIDE}:\d+ \[required\[1\]\]: error: .*placeholder \{{emergency\}}", output
    )


# Generated section files: YAML values that are not a section with content.
_SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=8), st.just(""))
_BAD_BLOCK = st.fixed_dictionaries(
    {"kind": st.sampled_from(["paragraph", "callout", "bullets", "glossary", "nothing"])},
    optional={"id": st.sampled_from(["emergency", "x"]), "card": st.booleans()},
)
_BLOCKS = st.one_of(_SCALARS, st.just([]), st.lists(_BAD_BLOCK, min_size=1, max_size=3))
_SECTIONISH = st.fixed_dictionaries(
    {},
    optional={
        "id": st.one_of(st.sampled_from(["urgent", "glossary", "other"]), _SCALARS),
        "heading": st.one_of(st.just("Get help now"), _SCALARS),
        "blocks": _BLOCKS,
        "card": _SCALARS,
    },
)
_VALUES = st.one_of(
    _SCALARS,
    _SECTIONISH,
    st.lists(st.one_of(_SCALARS, _SECTIONISH), max_size=3),
    st.dictionaries(st.text(min_size=1, max_size=6), _SCALARS, max_size=3),
)
_RAW = st.sampled_from(["", "---\n", "--- ~\n", "...\n", "!!null ''\n", "--- {}\n", "[]\n"])
SECTION_TEXTS = st.one_of(_RAW, _VALUES.map(lambda value: yaml.safe_dump(value)))


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(file=st.sampled_from([URGENT, GLOSSARY]), text=SECTION_TEXTS)
@example(file=URGENT, text="null\n")
@example(file=GLOSSARY, text="---\n")
@example(file=URGENT, text="id: urgent\nheading: Get help now\nblocks: []\n")
def test_any_section_file_without_content_fails_naming_it(
    project: Path, capsys: pytest.CaptureFixture[str], file: str, text: str
) -> None:
    """Through the build's own entry point: the content gate is the code `build` runs
    before it renders anything (and `check` runs the same)."""
    original = (PROJECT_ROOT / file).read_text(encoding="utf-8")
    path = project / file
    path.write_text(text, encoding="utf-8")
    try:
        status = main(
            [
                "build",
                "--project",
                str(project),
                "--out",
                str(project / "output"),
                "--lang",
                "en",
                "--format",
                "card",
                "--paper",
                "a4",
                "--jobs",
                "1",
            ]
        )
        output = capsys.readouterr()
        assert status == 1, output
        assert file in output.out + output.err
        assert editions_written(project) == []
    finally:
        path.write_text(original, encoding="utf-8")


# --- 2. A translation may not add a number in the warning signs or on the card --------


def _po(project: Path, language: str) -> Path:
    return project / "locales" / language / "LC_MESSAGES" / "messages.po"


def _interface_override(project: Path, language: str) -> Path:
    """A project's override of the tool's interface strings (docs/translating.md): the
    package's catalog for the language, copied to be edited."""
    from fbss_guide.i18n.interface import package_catalog_path

    target = _po(project, language).with_name("interface.po")
    shutil.copyfile(package_catalog_path(language), target)
    return target


SWAPPED_NUMBERS = [
    pytest.param(
        "es",
        'msgstr "Llame al {emergency} o vaya a urgencias ahora"',
        'msgstr "Llame al 0900 666 666 (no al {emergency}) o vaya a urgencias ahora"',
        "urgent/emergency/title",
        "0900666666",
        id="es-title",
    ),
    pytest.param(
        "ar",
        'msgstr "اطلب {emergency} أو اذهب',
        'msgstr "اطلب ٠٩٠٠ ٦٦٦ ٦٦٦ (وليس {emergency}) أو اذهب',
        "urgent/emergency/title",
        "0900666666",
        id="ar-arabic-indic",
    ),
    pytest.param(
        "es",
        'msgstr "Vaya ahora.',
        'msgstr "Vaya ahora o llame al ⁰⁹⁰⁰ ⑥⑥⑥.',
        "urgent/emergency/action",
        "0900666",
        id="es-superscript-and-circled",
    ),
    pytest.param(
        "es",
        'msgstr "número de emergencias"',
        'msgstr "número de emergencias (0900 666 666)"',
        None,
        "0900666666",
        id="es-emergency-services",
    ),
    pytest.param(
        "es",
        'msgstr "Algunas señales piden ayuda rápida.',
        'msgstr "Algunas señales piden ayuda rápida: llame al ०९०० ६६६.',
        "key-points/main/points/some-signs-mean-you-need-help",
        "0900666",
        id="es-card-devanagari",
    ),
]


@pytest.mark.parametrize(("language", "old", "new", "context", "number"), SWAPPED_NUMBERS)
def test_an_added_number_in_the_warning_signs_or_on_the_card_is_an_error(
    project: Path, language: str, old: str, new: str, context: str, number: str
) -> None:
    # An interface string (no msgctxt) is changed in the project's override catalog.
    po = _po(project, language) if context else _interface_override(project, language)
    edit(po, replace(old, new))
    lines = po.read_text(encoding="utf-8").splitlines()
    marker = f'msgctxt "{context}"' if context else 'msgid "emergency services"'
    start = lines.index(marker)
    # The entry's line, as Babel and msgfmt count it: its msgid line.
    line = next(n for n in range(start, len(lines)) if lines[n].startswith("msgid ")) + 1
    entry = f"msgctxt '{context}'" if context else "msgid 'emergency services'"
    shown = f"{po}:{line} [{entry}]: error: the translation adds the number {number}"
    assert shown in failure(check(project, "--lang", language))
    output = failure(build(project, "--lang", language, "--format", "card", "--paper", "a4"))
    assert shown in output
    assert editions_written(project) == []
    # The rejected language was the only one asked for: nothing else was written.
    assert "The other editions were written" not in output
    assert "No edition was written" in output


def test_an_added_number_elsewhere_stays_a_warning(project: Path) -> None:
    po = _po(project, "es")
    edit(
        po,
        replace(
            'msgstr "Por qué puede seguir el dolor"', 'msgstr "Por qué puede seguir el dolor 2"'
        ),
    )
    result = check(project, "--lang", "es")
    assert result.returncode == 0, result.stdout + result.stderr
    assert re.search(
        r"\[msgctxt 'causes/heading'\]: warning: the translation has the number 2", result.stderr
    )


# --- 3. check --pdf reads only regular files inside the folder it is given ------------


@pytest.fixture(scope="module")
def card_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One real edition (the English card), built once for this module."""
    root = copy_project(tmp_path_factory.mktemp("card") / "project")
    result = build(root, "--lang", "en", "--format", "card", "--paper", "a4")
    assert result.returncode == 0, result.stdout + result.stderr
    return root / "output" / "en" / "fbss-guide-en-card-a4.pdf"


def test_check_pdf_reads_only_regular_files_inside_the_folder(
    project: Path, card_pdf: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "editions"
    (folder / "en").mkdir(parents=True)
    shutil.copy(card_pdf, folder / "en" / card_pdf.name)
    os.mkfifo(folder / "en" / "fbss-guide-en-a4.pdf")
    (folder / "en" / "fbss-guide-en-letter.pdf").symlink_to("/dev/zero")
    (folder / "en" / "fbss-guide-en-card-letter.pdf").symlink_to("/etc/passwd")
    (folder / "es").symlink_to("/etc")  # a folder linked out is not walked
    result = subprocess.run(
        [FBSS, "check", "--project", str(project), "--pdf", str(folder)],
        capture_output=True,
        text=True,
        timeout=300,  # it used to hang for ever on the FIFO
        check=False,
    )
    output = failure(result)
    assert re.search(r"en/fbss-guide-en-card-a4\.pdf +\d+ .* pass", result.stdout)
    assert "en/fbss-guide-en-a4.pdf: error: not read: the input is a named pipe (FIFO)" in output
    assert (
        "fbss-guide-en-letter.pdf: error: not read: the file is a symbolic link to /dev/zero"
        in output
    )
    assert "card-letter.pdf: error: not read: the file is a symbolic link to /etc/passwd" in output
    assert "root:" not in output  # nothing of /etc/passwd was read
    assert "/etc/" not in result.stdout.replace("/etc/passwd", "")


# --- 4. Smaller findings ----------------------------------------------------------------

HOSTILE_SVGS = [
    '<svg xmlns="http://www.w3.org/2000/svg" xmlns:s="http://www.w3.org/2000/svg">'
    "<s:script>alert(1)</s:script></svg>",
    '<svg xmlns="http://www.w3.org/2000/svg"><style>rect{fill:u\\72 l(http://x/a)}</style></svg>',
    '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect/></svg>',
    '<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><iframe xmlns='
    '"http://www.w3.org/1999/xhtml" src="https://x/"/></foreignObject></svg>',
    '<svg xmlns="http://www.w3.org/2000/svg"><rect style="fill:&#117;rl(http://x/a)"/></svg>',
]


def write_clinic(folder: Path, logo: str = "logo.png", name: str = "Riverside Clinic") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    clinic = folder / "clinic.yaml"
    clinic.write_text(
        f'id: riverside\nname: "{name}"\nemergency_number: "999"\n'
        f"logo:\n  file: {logo}\n  alt:\n    en: Riverside Clinic logo\n",
        encoding="utf-8",
    )
    return clinic


@pytest.mark.parametrize("svg", HOSTILE_SVGS)
def test_an_svg_logo_is_refused_on_the_command_line(
    project: Path, tmp_path: Path, svg: str
) -> None:
    clinic = write_clinic(tmp_path / "clinic", logo="logo.svg")
    (tmp_path / "clinic" / "logo.svg").write_text(svg, encoding="utf-8")
    output = failure(build(project, "--lang", "en", "--format", "web", "--clinic", str(clinic)))
    assert f"{clinic}:5 [logo.file]: error: logo 'logo.svg' is an SVG image; SVG logos" in output
    assert "save the logo as a PNG" in output
    assert not (project / "output").exists()


def _png(width: int, height: int, color_type: int = 0, data: bytes | None = None) -> bytes:
    """A grey PNG; `color_type` 9 (none such) or `data` (not zlib) make it damaged."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = struct.pack(">I", zlib.crc32(kind + body))
        return struct.pack(">I", len(body)) + kind + body + crc

    header = struct.pack(">IIBBBBB", width, height, 8, color_type, 0, 0, 0)
    rows = b"".join(b"\0" + b"\x80" * width for _ in range(height))
    pixels = data if data is not None else zlib.compress(rows)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def test_the_web_edition_restores_every_file_it_wrote(project: Path, tmp_path: Path) -> None:
    """A deleted web font, a replaced picture or a deleted logo is written again: the
    cache calls an edition up to date only while every file it wrote is as written."""
    clinic = write_clinic(tmp_path / "clinic")
    (tmp_path / "clinic" / "logo.png").write_bytes(_png(40, 10))
    arguments = ("--lang", "en", "--format", "web", "--clinic", str(clinic))
    assert build(project, *arguments).returncode == 0
    web = project / "output" / "en" / "web-riverside"
    fonts = sorted((web / "fonts").iterdir())
    picture = web / "images" / "lower-spine.svg"
    logo = web / "logo.png"
    originals = {path: path.read_bytes() for path in [*fonts, picture, logo]}
    again = build(project, *arguments)
    assert re.search(r"fbss-guide-en\.html +cached", again.stdout), again.stdout
    for damage in (
        lambda: fonts[0].unlink(),
        lambda: picture.write_text("<svg/>", encoding="utf-8"),
        lambda: logo.unlink(),
    ):
        damage()
        result = build(project, *arguments)
        assert result.returncode == 0, result.stdout + result.stderr
        assert re.search(r"fbss-guide-en\.html +built", result.stdout), result.stdout
        assert {path: path.read_bytes() for path in originals} == originals


def test_a_forged_manifest_never_leads_the_clean_up_outside_the_output_folder(
    project: Path, tmp_path: Path
) -> None:
    victim = tmp_path / "victim"
    victim.mkdir()
    precious = [victim / ".thesis.pdf.fbss-tmp-abcd1234.tmp", victim / ".x.fbss-tmp-00000000.tmp"]
    for path in precious:
        path.write_text("my own work", encoding="utf-8")
    out = project / "output"
    out.mkdir()
    (out / "en").mkdir()
    (out / "escape").symlink_to(victim)
    leftover = out / "en" / ".fbss-guide-en-card-a4.pdf.fbss-tmp-zzzz9999.tmp"
    leftover.write_bytes(b"half a pdf")
    lines = [
        "../../victim/x.pdf",  # OUT is tmp_path/project/output
        f"{victim}/x.pdf",
        "../victim/x.pdf",
        "escape/x.pdf",
        "en/fbss-guide-en-card-a4.pdf",
    ]
    (out / ".fbss-guide-manifest").write_text(
        "".join(json.dumps({"build": 1, "file": line}) + "\n" for line in lines),
        encoding="utf-8",
    )
    result = build(project, "--lang", "en", "--format", "card", "--paper", "a4")
    assert result.returncode == 0, result.stdout + result.stderr
    assert all(path.read_text(encoding="utf-8") == "my own work" for path in precious)
    assert not leftover.exists()  # the tool's own leftover, inside OUT, is swept


@pytest.mark.parametrize("command", ["build", "check"])
@pytest.mark.parametrize("code", ["../evil", "es/../../evil", "en/", "es fr"])
def test_a_language_code_is_checked(project: Path, command: str, code: str) -> None:
    evil = project / "evil" / "LC_MESSAGES"
    evil.mkdir(parents=True)
    shutil.copy(_po(project, "es"), evil / "messages.po")
    runner = build if command == "build" else check
    output = " ".join(failure(runner(project, "--lang", code)).split())
    assert (
        f"'{code}' is not a language code; this project's languages are: en, ar, de, es" in output
    )
    assert not (project / "output").exists()


def test_a_right_to_left_override_in_the_clinic_name_is_refused(
    project: Path, tmp_path: Path
) -> None:
    clinic = write_clinic(tmp_path / "clinic", name="Riverside \\u202eClinic 0800")
    (tmp_path / "clinic" / "logo.png").write_bytes(_png(40, 10))
    output = failure(build(project, "--lang", "en", "--format", "card", "--clinic", str(clinic)))
    assert f"{clinic}:2 [name]: error: invisible character U+202E RIGHT-TO-LEFT OVERRIDE" in output
    assert editions_written(project) == []


def test_a_damaged_picture_says_why_it_failed(project: Path) -> None:
    """WeasyPrint logs "Failed to load image at ...: " with an empty reason (its error
    has none; the cause behind it does)."""
    (project / "content/images/broken.png").write_bytes(_png(40, 10, color_type=9))
    edit(
        project / "content/sections/05-causes.yaml",
        replace("images/lower-spine.svg", "images/broken.png"),
    )
    output = failure(build(project, "--lang", "en", "--format", "handout", "--paper", "a4"))
    assert re.search(
        r"Failed to load image at '[^']*broken\.png': cannot identify image file \(the file is "
        r"damaged",
        " ".join(output.split()),
    )
    assert editions_written(project) == []


def test_a_damaged_png_logo_is_refused_when_the_clinic_file_is_read(
    project: Path, tmp_path: Path
) -> None:
    clinic = write_clinic(tmp_path / "clinic")
    (tmp_path / "clinic" / "logo.png").write_bytes(_png(40, 10, data=b"not zlib at all"))
    output = failure(build(project, "--lang", "en", "--format", "card", "--clinic", str(clinic)))
    assert f"{clinic}:5 [logo.file]: error: logo 'logo.png' is a damaged PNG (" in output


def test_a_template_that_leaves_out_the_warning_signs_is_refused(project: Path) -> None:
    """The content is whole, but a project's override of the handout template skips
    the section: the rendered page is checked too."""
    from fbss_guide.project.project_file import PACKAGE_TEMPLATES

    template = (PACKAGE_TEMPLATES / "handout.html.j2").read_text(encoding="utf-8")
    loop = "{%- for section in guide.sections %}"
    assert loop in template
    skipping = template.replace(
        loop, '{%- for section in guide.sections if section.id != "urgent" %}'
    )
    (project / "templates" / "handout.html.j2").write_text(skipping, encoding="utf-8")
    output = " ".join(
        failure(build(project, "--lang", "en", "--format", "handout", "--paper", "a4")).split()
    )
    assert (
        "the handout in 'en': the page was rendered without the required section(s) 'urgent'"
        in output
    )
    assert editions_written(project) == []


def test_an_output_replaced_by_a_fifo_is_rebuilt_not_read(project: Path) -> None:
    """The cache hashes only regular files: a FIFO where the PDF was used to hang the
    next build in the up-to-date check."""
    arguments = ("--lang", "en", "--format", "card", "--paper", "a4")
    assert build(project, *arguments).returncode == 0
    pdf = project / "output" / "en" / "fbss-guide-en-card-a4.pdf"
    pdf.unlink()
    os.mkfifo(pdf)
    result = subprocess.run(
        [
            FBSS,
            "build",
            "--project",
            str(project),
            "--out",
            str(project / "output"),
            "--jobs",
            "1",
            *arguments,
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert pdf.is_file() and not pdf.is_fifo()
    assert pdf.read_bytes().startswith(b"%PDF")


def test_a_draft_with_the_heading_left_in_english_still_builds(project: Path) -> None:
    """With --allow-incomplete, an untranslated heading is printed in English and the
    key point is checked against it in English: a draft is not refused for that."""
    edit(
        project / "locales/es/LC_MESSAGES/messages.po",
        replace('msgstr "Busque ayuda ahora"', 'msgstr ""'),
    )
    arguments = ("--lang", "es", "--format", "card", "--paper", "a4")
    refused = failure(build(project, *arguments))
    assert "--allow-incomplete" in refused
    result = build(project, *arguments, "--allow-incomplete")
    assert result.returncode == 0, result.stdout + result.stderr
