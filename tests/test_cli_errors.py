"""Bad input through the user's door: `fbss-guide build` exactly as `make build` runs it
(every language, every edition in fbss-guide.yaml, the default number of workers), in a
subprocess. Each case asserts the exit status, a message naming the file and line or
key, no traceback, earlier outputs byte-identical and no temporary files left.

One full build of a copy of the real project is made per test run; each test copies it
(output and cache included), damages the copy and builds again.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from checkout import DEFAULT_CONTENT, DEFAULT_LOCALES, PROJECT_ROOT

FBSS = str(Path(sys.executable).with_name("fbss-guide"))
PROJECT_PARTS = {
    "content": DEFAULT_CONTENT,
    "locales": DEFAULT_LOCALES,
    "templates": PROJECT_ROOT / "templates",
}


def build_command(root: Path, *extra: str) -> list[str]:
    return [
        FBSS,
        "build",
        "--project",
        str(root),
        "--out",
        str(root / "output"),
        *extra,
    ]


def run(command: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, capture_output=True, text=True, timeout=600, **kwargs)  # type: ignore[call-overload]


def outputs(root: Path) -> dict[str, bytes]:
    """Every file a build wrote (the cache aside), with its bytes."""
    folder = root / "output"
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and ".cache" not in path.parts
    }


def temporary_files(root: Path) -> list[Path]:
    return list((root / "output").rglob("*.tmp"))


@pytest.fixture(scope="session")
def built_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("project")
    for name, source in PROJECT_PARTS.items():
        shutil.copytree(source, root / name)
    shutil.copy(PROJECT_ROOT / "fbss-guide.yaml", root / "fbss-guide.yaml")
    result = run(build_command(root))
    assert result.returncode == 0, result.stdout + result.stderr
    return root


@pytest.fixture
def project(built_project: Path, tmp_path: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(built_project, root)
    return root


def edit(path: Path, change: Callable[[str], str]) -> None:
    text = path.read_text(encoding="utf-8")
    changed = change(text)
    assert changed != text, f"the test's edit did not apply to {path}"
    path.write_text(changed, encoding="utf-8")


def replace_once(old: str, new: str) -> Callable[[str], str]:
    return lambda text: text.replace(old, new, 1)


def in_entries(change: Callable[[str], str]) -> Callable[[str], str]:
    """Apply a change to a catalog's entries, leaving its header alone."""

    def apply(text: str) -> str:
        first = text.index("\nmsgctxt")
        return text[:first] + change(text[first:])

    return apply


def catalog(root: Path, language: str) -> Path:
    return root / "locales" / language.replace("-", "_") / "LC_MESSAGES" / "messages.po"


def make_stale(root: Path, language: str) -> None:
    """Change a language's catalog without changing a translation (a translator's
    comment), so its editions are rebuilt: they are in flight while the broken
    language fails."""
    edit(catalog(root, language), lambda text: "# reviewed by the tests\n" + text)


def assert_clean_failure(result: subprocess.CompletedProcess[str], status: int = 1) -> str:
    output = result.stdout + result.stderr
    assert result.returncode == status, output
    assert "Traceback" not in output, output
    return output


SECTION = "content/sections/04-urgent.yaml"

CONTENT_ERRORS = [
    pytest.param(
        SECTION,
        replace_once("  - kind: callout\n    id: same-day", "  - kind: callout\n\tid: same-day"),
        r"04-urgent\.yaml:\d+.*tab",
        id="tab-indentation",
    ),
    pytest.param(
        SECTION,
        replace_once("    id: same-day\n", "    id: same-day\n    colour: red\n"),
        r"04-urgent\.yaml:\d+ \[.*colour\].*unknown key",
        id="unknown-key",
    ),
    pytest.param(
        SECTION,
        replace_once("    id: same-day\n", "    id: same-day\n    level: note\n"),
        r"04-urgent\.yaml:\d+ \[level\].*duplicate key",
        id="duplicate-key",
    ),
    pytest.param(
        SECTION,
        replace_once("[@nhs-dvt]", "[@nobody-2099]"),
        r"04-urgent\.yaml:\d+.*nobody-2099",
        id="missing-reference",
    ),
    pytest.param(
        "content/sections/03-condition.yaml",
        lambda text: text + "\nextra: " + "[" * 400 + "]" * 400 + "\n",
        r"03-condition\.yaml.*nested far too deeply",
        id="deep-nesting",
    ),
    pytest.param(
        "locales/readability.yaml",
        lambda text: re.sub(r"(?ms)^en:\n.*?(?=^\S)", "en: 5\n", text),
        r"readability\.yaml:\d+ \[en\].*expected a mapping",
        id="readability-wrong-type",
    ),
]


@pytest.mark.parametrize(("file", "change", "message"), CONTENT_ERRORS)
def test_content_error_stops_the_build_and_keeps_every_file(
    project: Path, file: str, change: Callable[[str], str], message: str
) -> None:
    before = outputs(project)
    edit(project / file, change)
    output = assert_clean_failure(run(build_command(project)))
    assert re.search(message, output), output
    assert outputs(project) == before
    assert temporary_files(project) == []


CATALOG_ERRORS = [
    pytest.param(
        in_entries(replace_once("{emergency}", "{urgencia}")),
        r"messages\.po:\d+ \[msgctxt '[^']+'\].*placeholders differ",
        id="broken-placeholder",
    ),
    pytest.param(
        in_entries(lambda text: re.sub(r'(msgstr ".*?)\*\*(.*?")', r"\1\2", text, count=1)),
        r"messages\.po:\d+ \[msgctxt '[^']+'\].*bold markers",
        id="unbalanced-markup",
    ),
    pytest.param(
        lambda text: re.sub(
            r"Plural-Forms: [^\"]*", "Plural-Forms: nplurals=2; plural=n;\\\\n", text
        ),
        r"messages\.po:1 \[Plural-Forms\].*no valid form for n = 2",
        id="invalid-plural-header",
    ),
    pytest.param(
        in_entries(lambda text: text.replace("\nmsgctxt", "\n#, fuzzy\nmsgctxt", 1)),
        r"messages\.po:\d+ \[msgctxt '[^']+'\].*fuzzy \(translated, but marked for review\)",
        id="fuzzy-entry",
    ),
]


@pytest.mark.parametrize(("change", "message"), CATALOG_ERRORS)
def test_broken_catalog_skips_only_its_language(
    project: Path, change: Callable[[str], str], message: str
) -> None:
    before = outputs(project)
    edit(catalog(project, "es"), change)
    make_stale(project, "de")
    output = assert_clean_failure(run(build_command(project)))
    assert re.search(message, output), output
    assert "language 'es' was not built" in output
    assert re.search(r"de/fbss-guide-de-a4\.pdf \(draft\)\s+built", output), output
    after = outputs(project)
    spanish = {name: data for name, data in before.items() if name.startswith("es/")}
    assert {name: after[name] for name in spanish} == spanish
    assert temporary_files(project) == []


def test_header_error_names_the_header_line(project: Path) -> None:
    edit(
        catalog(project, "fr"),
        lambda text: re.sub(
            r"Plural-Forms: [^\"]*", "Plural-Forms: nplurals=2; plural=(n >;\\\\n", text
        ),
    )
    output = assert_clean_failure(run(build_command(project)))
    assert re.search(r"fr/LC_MESSAGES/messages\.po:1 \[Plural-Forms\].*invalid header", output)


def test_empty_review_file(project: Path) -> None:
    before = outputs(project)
    (project / "locales" / "ar" / "review.yaml").write_text("", encoding="utf-8")
    output = assert_clean_failure(run(build_command(project)))
    assert re.search(r"ar/review\.yaml:1.*the file is empty", output), output
    assert outputs(project) == before


def test_catalog_that_is_not_utf8(project: Path) -> None:
    path = catalog(project, "fr")
    data = path.read_bytes()
    position = data.index("é".encode())
    path.write_bytes(data[:position] + b"\xe9" + data[position + 2 :])
    line = data[:position].count(b"\n") + 1
    output = assert_clean_failure(run(build_command(project)))
    assert f"fr/LC_MESSAGES/messages.po:{line}" in output
    assert "not valid UTF-8" in output


def test_damaged_pdf_under_check(project: Path) -> None:
    pdf = project / "output" / "en" / "fbss-guide-en-a4.pdf"
    pdf.write_bytes(pdf.read_bytes()[:5000])
    result = run(
        [FBSS, "check", "--content", str(project / "content"), "--pdf", str(project / "output")]
    )
    output = assert_clean_failure(result)
    assert re.search(r"fbss-guide-en-a4\.pdf.*cannot read the PDF", output), output


def test_full_disk_keeps_earlier_files(project: Path) -> None:
    """ENOSPC on the first write, injected into the same command."""
    make_stale(project, "de")
    before = outputs(project)
    code = (
        "import errno, os, sys\n"
        "def full(fd): raise OSError(errno.ENOSPC, 'No space left on device')\n"
        "os.fsync = full\n"
        "from fbss_guide.cli import main\n"
        "sys.exit(main(sys.argv[1:]))\n"
    )
    result = run([sys.executable, "-c", code, *build_command(project)[1:]])
    output = assert_clean_failure(result)
    assert "The disk is full" in output
    assert outputs(project) == before
    assert temporary_files(project) == []


@pytest.mark.parametrize("damage", ["random-bytes", "cache-is-a-file"])
def test_damaged_cache_is_rebuilt_with_a_note(project: Path, damage: str) -> None:
    cache = project / "output" / ".cache"
    if damage == "random-bytes":
        (cache / "checks" / "content.key").write_bytes(os.urandom(64) + b"\xff\xfe")
        (cache / "fbss-guide-en-a4.json").write_bytes(b"\x00\xff" + os.urandom(32))
    else:
        shutil.rmtree(cache)
        cache.write_text("not a folder")
    result = run(build_command(project))
    output = assert_clean_failure(result, status=0)
    assert "note:" in output and ("damaged" in output or "not a folder" in output), output
    assert re.search(r"en/fbss-guide-en-a4\.pdf\s+built", output), output
    again = run(build_command(project))
    assert "note:" not in again.stdout + again.stderr
    assert re.search(r"0 built, \d+ up to date, 0 failed", again.stdout), again.stdout


def test_unexpected_error_saves_a_report(project: Path) -> None:
    code = (
        "import sys\n"
        "import fbss_guide.engine.build as build\n"
        "def broken(*args, **kwargs): raise RuntimeError('a bug the tests planted')\n"
        "build.build_report = broken\n"
        "from fbss_guide.cli import main\n"
        "sys.exit(main(sys.argv[1:]))\n"
    )
    result = run([sys.executable, "-c", code, *build_command(project)[1:]])
    output = assert_clean_failure(result, status=70)
    match = re.search(r"the full report is in (\S+\.log)", output)
    assert match and "a bug the tests planted" in output, output
    report = Path(match.group(1))
    assert "Traceback" in report.read_text(encoding="utf-8")
    assert "weasyprint=" in report.read_text(encoding="utf-8")
    report.unlink()


def test_missing_fontconfig(project: Path) -> None:
    result = run(build_command(project, "--force"), env={**os.environ, "PATH": "/nonexistent"})
    output = assert_clean_failure(result)
    assert "fc-list not found" in output


def test_unknown_language_for_a_new_catalog(project: Path) -> None:
    result = run([FBSS, "i18n", "--locales", str(project / "locales"), "init", "xx-NOTREAL"])
    output = assert_clean_failure(result)
    assert "'xx-NOTREAL' is not a language code" in output


def _group_alive(group: int) -> bool:
    try:
        os.killpg(group, 0)
    except ProcessLookupError:
        return False
    return True


def _start_forced_build(project: Path) -> subprocess.Popen[str]:
    """A full rebuild; returns once the first edition is done (workers are busy)."""
    process = subprocess.Popen(
        build_command(project, "--force"),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
        # Ctrl-C must reach the build even when the test run itself was started with
        # SIGINT ignored (a background job in a non-interactive shell passes SIG_IGN on).
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    assert process.stdout is not None
    for line in process.stdout:
        if line.startswith("[1/"):
            return process
    pytest.fail("the build ended before its first edition")


def test_ctrl_c_stops_within_two_seconds(project: Path) -> None:
    before = outputs(project)
    process = _start_forced_build(project)
    interrupted = time.monotonic()
    process.send_signal(signal.SIGINT)
    try:
        rest, _ = process.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGUSR1)  # the CLI dumps every thread's stack
        time.sleep(2)
        os.killpg(process.pid, signal.SIGKILL)
        stuck, _ = process.communicate()
        pytest.fail("the build did not stop after Ctrl-C; where it was:\n" + stuck[-6000:])
    seconds = time.monotonic() - interrupted
    assert process.returncode == 130, rest
    assert "Traceback" not in rest
    assert seconds < 2.0, f"took {seconds:.1f} s to stop"
    deadline = time.monotonic() + 2
    while _group_alive(process.pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _group_alive(process.pid), "worker processes outlived the build"
    assert temporary_files(project) == []
    after = outputs(project)
    # Files written before the interrupt are complete new editions; none is half-written.
    assert set(after) == set(before)


def test_workers_end_when_the_build_is_killed(project: Path) -> None:
    process = _start_forced_build(project)
    process.kill()
    process.wait(timeout=10)
    deadline = time.monotonic() + 5
    while _group_alive(process.pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _group_alive(process.pid), "workers kept running after their parent died"
