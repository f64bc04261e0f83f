"""The build engine: cache, parallel workers, reproducibility, and losing nothing on
bad input (each case: a clear message, a non-zero exit, earlier PDFs intact, no
half-written files, and a cache that is not poisoned)."""

from __future__ import annotations

import errno
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from checkout import project_config
from conftest import fill

from fbss_guide.cli import main
from fbss_guide.engine.build import BuildFailed, build_report
from fbss_guide.engine.worker import RenderJob, RenderResult
from fbss_guide.errors import BuildError
from fbss_guide.fonts import families as fonts
from fbss_guide.guide.model import Guide
from fbss_guide.i18n import commands
from fbss_guide.project.config import BuildConfig
from fbss_guide.project.editions import EditionSpec

MakeContent = Callable[[dict[str, str]], Path]
TWO_EDITIONS = (EditionSpec("a4"), EditionSpec("letter"))


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under folder (temporary files included), with its bytes."""
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.fixture
def first_build(small_content: Path, tmp_path: Path) -> tuple[BuildConfig, dict[str, bytes]]:
    config = project_config(
        content_dir=small_content,
        out_dir=tmp_path / "out",
        languages=("en",),
        editions=TWO_EDITIONS,
    )
    report = build_report(config)
    assert [item.status for item in report.editions] == ["built", "built"]
    return config, snapshot(config.out_dir)


def test_unchanged_editions_are_not_rendered_again(
    first_build: tuple[BuildConfig, dict[str, bytes]],
) -> None:
    config, before = first_build
    report = build_report(config)
    assert [item.status for item in report.editions] == ["cached", "cached"]
    assert snapshot(config.out_dir) == before


def test_nothing_to_do_does_not_import_weasyprint(
    first_build: tuple[BuildConfig, dict[str, bytes]],
) -> None:
    config, _ = first_build
    code = (
        "import sys; from fbss_guide.cli import main; "
        f"status = main(['build', '--lang', 'en', '--paper', 'a4', '--content', "
        f"'{config.content_dir}', '--out', '{config.out_dir}']); "
        "assert 'weasyprint' not in sys.modules, 'weasyprint was imported'; sys.exit(status)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "0 built, 1 up to date" in result.stdout


def test_content_change_rebuilds_and_force_rebuilds_all(
    first_build: tuple[BuildConfig, dict[str, bytes]],
) -> None:
    config, before = first_build
    section = config.content_dir / "sections" / "01-intro.yaml"
    section.write_text(section.read_text().replace("walk each day", "walk every day"))
    report = build_report(config)
    assert [item.status for item in report.editions] == ["built", "built"]
    assert snapshot(config.out_dir) != before
    forced = build_report(project_config(**{**config.__dict__, "force": True}))
    assert [item.status for item in forced.editions] == ["built", "built"]


def test_edited_pdf_is_rebuilt(first_build: tuple[BuildConfig, dict[str, bytes]]) -> None:
    config, before = first_build
    pdf = next(config.out_dir.rglob("*-a4.pdf"))
    pdf.write_bytes(b"changed by hand")
    report = build_report(config)
    assert [item.status for item in report.editions] == ["built", "cached"]
    assert pdf.read_bytes() == before[str(pdf.relative_to(config.out_dir))]


def test_edited_html_is_rebuilt(first_build: tuple[BuildConfig, dict[str, bytes]]) -> None:
    config, before = first_build
    html = next(config.out_dir.rglob("*-a4.html"))
    html.write_text("<p>changed by hand</p>")
    report = build_report(config)
    assert [item.status for item in report.editions] == ["built", "cached"]
    assert html.read_bytes() == before[str(html.relative_to(config.out_dir))]


def test_force_runs_every_check_again(
    first_build: tuple[BuildConfig, dict[str, bytes]], monkeypatch: pytest.MonkeyPatch
) -> None:
    import fbss_guide.engine.run as run_module

    config, _ = first_build
    calls: list[Path] = []
    real = run_module.check_guide

    def counting(guide: Guide, locales_dir: Path) -> None:
        calls.append(guide.content_dir)
        real(guide, locales_dir)

    monkeypatch.setattr(run_module, "check_guide", counting)
    build_report(project_config(**{**config.__dict__, "force": True}))
    assert calls == [config.content_dir]


def test_a_new_library_version_rebuilds(
    first_build: tuple[BuildConfig, dict[str, bytes]], monkeypatch: pytest.MonkeyPatch
) -> None:
    from fbss_guide.output_dir import cache

    config, _ = first_build
    monkeypatch.setattr(cache, "dependency_versions", lambda: "weasyprint=999")
    report = build_report(config)
    assert [item.status for item in report.editions] == ["built", "built"]


def test_cached_edition_keeps_its_recorded_draft_status(project: Path) -> None:
    locales = project / "locales"
    commands.extract(locales, content_dir=project / "content")
    fill(commands.init(locales, "es"))
    (locales / "es" / "review.yaml").write_text(
        "status: reviewed\nreviewer: A Reviewer, medical translator\ndate: 2026-11-01\n"
    )
    config = project_config(
        content_dir=project / "content",
        templates_dir=project / "templates",
        locales_dir=locales,
        out_dir=project / "out",
        languages=("es",),
    )
    [built] = build_report(config).editions
    [cached] = build_report(config).editions
    assert (built.status, cached.status) == ("built", "cached")
    assert built.draft is False and cached.draft is False


def test_one_catalog_change_rebuilds_only_that_language(project: Path) -> None:
    locales = project / "locales"
    commands.extract(locales, content_dir=project / "content")
    fill(commands.init(locales, "es"))
    fill(commands.init(locales, "fr"), lambda text: "FR " + text)
    config = project_config(
        content_dir=project / "content",
        templates_dir=project / "templates",
        locales_dir=locales,
        out_dir=project / "out",
        languages=("en", "es", "fr"),
    )
    build_report(config)
    catalog = locales / "es" / "LC_MESSAGES" / "messages.po"
    catalog.write_text(catalog.read_text().replace("ES This is a short", "ES Esto es un"))
    report = build_report(config)
    status = {item.edition.language: item.status for item in report.editions}
    assert status == {"en": "cached", "es": "built", "fr": "cached"}


def test_parallel_build_equals_serial_build(small_content: Path, tmp_path: Path) -> None:
    serial = project_config(
        content_dir=small_content,
        out_dir=tmp_path / "serial",
        languages=("en",),
        editions=TWO_EDITIONS,
        jobs=1,
    )
    parallel = project_config(**{**serial.__dict__, "out_dir": tmp_path / "parallel", "jobs": 2})
    build_report(serial)
    report = build_report(parallel)
    assert report.peak_worker_memory_mb > 0
    files = {k: v for k, v in snapshot(serial.out_dir).items() if not k.startswith(".cache")}
    assert files == {
        k: v for k, v in snapshot(parallel.out_dir).items() if not k.startswith(".cache")
    }


def test_one_failing_edition_does_not_lose_the_others(
    make_content: MakeContent, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    content = make_content({})
    config = project_config(
        content_dir=content, out_dir=tmp_path / "out", languages=("en",), editions=TWO_EDITIONS
    )
    from fbss_guide.engine import worker

    real = worker.render

    def fail_letter(job: worker.RenderJob) -> worker.RenderResult:
        if "letter" in job.stem:
            return worker.RenderResult(job.stem, error="simulated failure")
        return real(job)

    monkeypatch.setattr(worker, "render", fail_letter)
    with pytest.raises(BuildFailed) as failed:
        build_report(config)
    statuses = {item.edition.spec.paper: item.status for item in failed.value.report.editions}
    assert statuses == {"a4": "built", "letter": "failed"}
    assert "test-guide-en-letter.pdf: simulated failure" in str(failed.value)
    assert (config.out_dir / "en" / "test-guide-en-a4.pdf").exists()
    assert not (config.out_dir / "en" / "test-guide-en-letter.pdf").exists()
    assert not (config.out_dir / ".cache" / "test-guide-en-letter.json").exists()


HEAD = "id: intro\nheading: X\nblocks:\n"
BAD_CONTENT = {
    "tabs": (
        {"sections/01-intro.yaml": "id: intro\nheading: X\nblocks:\n\t- kind: paragraph\n"},
        "01-intro.yaml:4: error: a tab is used for indentation",
    ),
    "duplicate key": ({"guide.yaml": "id: a\nid: b\n"}, "guide.yaml:2 [id]: error: duplicate key"),
    "wrong type": (
        {"sections/01-intro.yaml": "id: intro\nheading: X\nblocks: 5\n"},
        "01-intro.yaml:3 [blocks]: error: a section needs a non-empty 'blocks'",
    ),
    "unknown key": (
        {
            "sections/01-intro.yaml": HEAD + "  - kind: paragraph\n    id: p\n"
            "    text: Hi.\n    colour: red\n"
        },
        "01-intro.yaml:7 [blocks[1](paragraph).colour]: error: unknown key",
    ),
    "missing reference": (
        {
            "sections/01-intro.yaml": HEAD + "  - kind: paragraph\n    id: p\n"
            "    text: Hi [@nobody-1].\n"
        },
        "01-intro.yaml:6 [blocks[1](paragraph).text]: error: citation of "
        "unknown reference 'nobody-1'",
    ),
    "image outside": (
        {
            "sections/01-intro.yaml": HEAD + "  - kind: figure\n    id: f\n"
            "    src: ../../etc/passwd\n    alt: x\n    caption: x\n"
        },
        "points outside the content folder",
    ),
    "remote image": (
        {
            "sections/01-intro.yaml": HEAD + "  - kind: figure\n    id: f\n"
            "    src: https://example.org/x.png\n    alt: x\n    caption: x\n"
        },
        "is not a file in the content folder",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_CONTENT))
def test_bad_content_loses_nothing(
    case: str,
    first_build: tuple[BuildConfig, dict[str, bytes]],
    capsys: pytest.CaptureFixture[str],
) -> None:
    config, before = first_build
    files, message = BAD_CONTENT[case]
    for name, text in files.items():
        (config.content_dir / name).write_text(text, encoding="utf-8")
    code = main(
        [
            "build",
            "--lang",
            "en",
            "--paper",
            "a4",
            "--content",
            str(config.content_dir),
            "--out",
            str(config.out_dir),
        ]
    )
    assert code == 1
    assert message in capsys.readouterr().err
    assert snapshot(config.out_dir) == before


@pytest.fixture
def catalog_project(project: Path) -> tuple[BuildConfig, Path]:
    locales = project / "locales"
    commands.extract(locales, content_dir=project / "content")
    path = commands.init(locales, "es")
    fill(path)
    config = project_config(
        content_dir=project / "content",
        templates_dir=project / "templates",
        locales_dir=locales,
        out_dir=project / "out",
        languages=("en", "es"),
    )
    build_report(config)
    return config, path


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("ES Call {emergency} now", "ES Call {urgence} now", "placeholders differ"),
        ('[@smith-2020]."\n', '"\n', "citation markers differ"),
        (
            "ES This is a short test. It has **bold**",
            "ES This is a short test. It has **bold",
            "bold markers",
        ),
        (
            # Whatever header `i18n init` wrote (it follows the installed Babel's table).
            "PLURAL-FORMS",
            "Plural-Forms: nplurals=5; plural=(n != 1);\\n",
            "never gives form",
        ),
    ],
)
def test_broken_catalog_loses_nothing(
    catalog_project: tuple[BuildConfig, Path],
    old: str,
    new: str,
    message: str,
) -> None:
    config, path = catalog_project
    before = snapshot(config.out_dir)
    text = path.read_text(encoding="utf-8")
    if old == "PLURAL-FORMS":
        old = re.search(r"Plural-Forms: [^\"]*", text).group()
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(BuildFailed, match=message) as failed:
        build_report(config)
    # Only the broken language is left out; nothing of it (or of English) changed.
    assert set(failed.value.report.skipped_languages) == {"es"}
    assert snapshot(config.out_dir) == before


def test_missing_font_for_a_script_fails_before_writing(
    first_build: tuple[BuildConfig, dict[str, bytes]], monkeypatch: pytest.MonkeyPatch
) -> None:
    config, before = first_build
    monkeypatch.setattr(fonts, "installed_families", lambda: frozenset({"Noto Sans CJK SC"}))
    with pytest.raises(BuildError, match="fonts-noto-core"):
        build_report(project_config(**{**config.__dict__, "force": True}))
    assert snapshot(config.out_dir) == before


def test_output_folder_that_cannot_be_written(small_content: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with pytest.raises(BuildError, match="is inside a file"):
        build_report(
            project_config(content_dir=small_content, out_dir=blocker / "out", languages=("en",))
        )
    assert blocker.read_text() == "not a folder"


def test_disk_full_part_way_loses_nothing(
    first_build: tuple[BuildConfig, dict[str, bytes]], monkeypatch: pytest.MonkeyPatch
) -> None:
    config, before = first_build
    from fbss_guide.output_dir import atomic

    real_fsync = os.fsync
    calls = {"n": 0}

    def full_disk(fd: int) -> None:
        calls["n"] += 1
        if calls["n"] == 2:  # the second file written: part-way through the build
            raise OSError(errno.ENOSPC, "No space left on device")
        real_fsync(fd)

    monkeypatch.setattr(atomic.os, "fsync", full_disk)
    with pytest.raises(OSError, match="No space left"):
        build_report(project_config(**{**config.__dict__, "force": True}))
    after = snapshot(config.out_dir)
    assert not [name for name in after if name.endswith(".tmp")]
    # Every file is either the old one or a complete new one, and the cache only lists
    # files that were written.
    monkeypatch.setattr(atomic.os, "fsync", real_fsync)
    report = build_report(config)
    assert all(item.status in {"built", "cached"} for item in report.editions)
    assert {k for k in snapshot(config.out_dir)} == set(before)


def test_interrupt_mid_build_loses_nothing(
    first_build: tuple[BuildConfig, dict[str, bytes]],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    config, before = first_build
    from fbss_guide.engine import worker

    real = worker.render
    calls = {"n": 0}

    def interrupted(job: worker.RenderJob) -> worker.RenderResult:
        calls["n"] += 1
        if calls["n"] == 2:
            raise KeyboardInterrupt
        return real(job)

    monkeypatch.setattr(worker, "render", interrupted)
    plan = config.content_dir.parent / "fbss-guide.yaml"
    plan.write_text(
        f"locales: {config.locales_dir}\nlanguages: [en]\n"
        "editions:\n  - paper: a4\n  - paper: letter\n"
    )
    section = config.content_dir / "sections" / "01-intro.yaml"
    section.write_text(section.read_text().replace("walk each day", "walk every day"))
    code = main(
        [
            "build",
            "--lang",
            "en",
            "--content",
            str(config.content_dir),
            "--out",
            str(config.out_dir),
            "--jobs",
            "1",
            "--project",
            str(plan.parent),
        ]
    )
    assert code == 130
    assert "interrupted" in capsys.readouterr().err
    after = snapshot(config.out_dir)
    assert not [name for name in after if name.endswith(".tmp")]
    assert set(after) == set(before)
    # The cache does not claim the interrupted edition is current.
    monkeypatch.setattr(worker, "render", real)
    report = build_report(config)
    assert [item.status for item in report.editions] == ["cached", "built"]


def test_leftover_temporary_files_are_swept(
    first_build: tuple[BuildConfig, dict[str, bytes]],
) -> None:
    config, _ = first_build
    leftover = config.out_dir / "en" / ".test-guide-en-a4.pdf.fbss-tmp-abc12345.tmp"
    leftover.write_bytes(b"half")
    users_own = config.out_dir / "en" / ".thesis.tmp"  # not a name the tool gives
    users_own.write_bytes(b"mine")
    build_report(config)
    assert not leftover.exists()
    assert users_own.read_bytes() == b"mine"


def test_build_module_keeps_weasyprint_out_of_its_imports() -> None:
    code = "import sys, fbss_guide.engine.build, fbss_guide.cli; print('weasyprint' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


class _Finished:
    def __init__(self, value: list[RenderResult]) -> None:
        self.value = value

    def get(self) -> list[RenderResult]:
        return self.value


class RecordingPool:
    """Stands in for two workers: records which editions each task holds and hands back
    a stand-in PDF for each, rendering nothing."""

    workers = 2

    def __init__(self) -> None:
        self.tasks: list[list[str]] = []

    def submit(self, function: object, jobs: list[RenderJob]) -> _Finished:
        self.tasks.append([job.stem for job in jobs])
        return _Finished([RenderResult(job.stem, b"%PDF-1.7", 1, 8) for job in jobs])


def test_workers_get_whole_languages_then_single_editions_longest_first(
    tmp_path: Path,
) -> None:
    """With many languages a task is one language (its hyphenation patterns and fonts are
    loaded once); the last two languages go edition by edition, longest first, so the two
    workers end together instead of one waiting for the other's last language."""
    editions = (
        EditionSpec("a4"),
        EditionSpec("a4", format="card"),
        EditionSpec("a4", format="bilingual"),
    )
    config = project_config(out_dir=tmp_path / "out", languages=None, editions=editions)
    languages = config.all_languages()
    assert len(languages) >= 4, "the project should have enough languages for this test"
    pool = RecordingPool()
    report = build_report(config, pool=pool)  # type: ignore[arg-type]

    stems = [stem for task in pool.tasks for stem in task]
    assert sorted(stems) == sorted(item.edition.stem("fbss") for item in report.editions)
    language_of = {item.edition.stem("fbss"): item.edition.language for item in report.editions}
    whole = pool.tasks[: len(languages) - 2]
    single = pool.tasks[len(languages) - 2 :]
    assert {language_of[stem] for stem in whole[0]} == {"en"}
    for task in whole:
        mine = {language_of[stem] for stem in task}
        assert len(mine) == 1
        assert len(task) == sum(1 for stem in stems if language_of[stem] in mine)
    assert all(len(task) == 1 for task in single)
    assert len({language_of[task[0]] for task in single}) == 2
    html = {
        task[0]: len((config.out_dir / language_of[task[0]] / f"{task[0]}.html").read_text())
        for task in single
    }
    lengths = [html[task[0]] for task in single]
    assert lengths == sorted(lengths, reverse=True)
    assert all("card" in task[0] for task in single[-2:]), single


def test_workers_collect_garbage_less_often() -> None:
    """Rendering makes millions of short-lived objects; the workers' cycle collector runs
    every 10,000 allocations, not Python's 700 (benchmarks/bench_gc.py measures it)."""
    import gc

    from fbss_guide.engine.build import start_pool
    from fbss_guide.engine.worker import GC_THRESHOLDS

    pool = start_pool(1, render_sample=False)
    try:
        assert pool.submit(gc.get_threshold).get() == GC_THRESHOLDS
    finally:
        pool.close()
