"""The translator's workflow end to end: every file the i18n commands write is accepted by
GNU gettext and by translate-toolkit (which Weblate uses), every command reads the project
it is pointed at, unchanged files stay unchanged, and `check --lang X` checks X only."""

from __future__ import annotations

import io
import logging
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from checkout import DEFAULT_LOCALES, PROJECT_ROOT
from conftest import fill
from translate.storage import po as ttk_po

from fbss_guide.cli import main
from fbss_guide.i18n import commands
from fbss_guide.i18n.catalogs import po_path, pot_path
from fbss_guide.i18n.paths import interface_pot_path
from fbss_guide.i18n.stable import without_dates

LONG_OLD = "This is a short test. It has **bold** text and a source [@smith-2020]."
LONG_NEW = LONG_OLD.replace("short test.", "short test with many more words in it.")
SECTION = Path("content/sections/01-intro.yaml")


def assert_tools_accept(path: Path) -> None:
    """msgfmt --check and translate-toolkit both read the file, with the same entries."""
    # gettext is in the Makefile's APT_PACKAGES: a missing msgfmt is a set-up error.
    assert shutil.which("msgfmt"), "GNU gettext is not installed: run 'make system-deps'"
    result = subprocess.run(
        ["msgfmt", "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True
    )
    assert result.returncode == 0, f"msgfmt rejects {path}:\n{result.stderr}"
    data = path.read_bytes()
    store = ttk_po.pofile(io.BytesIO(data))
    babel_ids = {(m.context or "", str(m.id)) for m in read_po(io.BytesIO(data)) if m.id}
    ttk_units = [unit for unit in store.units if not unit.isheader() and not unit.isobsolete()]
    assert len(ttk_units) == len(babel_ids), f"translate-toolkit reads {path} differently"
    assert all("#|" not in line or line.count('"') % 2 == 0 for line in data.decode().split("\n"))


def test_extract_init_update_write_files_gettext_and_translate_toolkit_accept(
    project: Path,
) -> None:
    locales = project / "locales"
    assert_tools_accept(commands.extract(locales, content_dir=project / "content"))
    translated = commands.init(locales, "de")
    fill(translated)
    empty = commands.init(locales, "ar")  # six plural forms, nothing translated
    for path in (translated, empty):
        assert_tools_accept(path)
    section = project / SECTION
    section.write_text(section.read_text().replace(LONG_OLD, LONG_NEW), encoding="utf-8")
    assert_tools_accept(commands.extract(locales, content_dir=project / "content"))
    updated = commands.update(locales)
    assert set(updated) == {translated, empty}
    # The long changed string became fuzzy with its old text kept on one `#|` line.
    assert f'#| msgid "{LONG_OLD}"\n' in translated.read_text(encoding="utf-8")
    for path in updated:
        assert_tools_accept(path)


def test_commands_leave_the_working_folder_and_babel_logger_alone(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """extract, init and update pass paths; they never change the process's working folder
    (another thread, or watch mode, would read files from the wrong place), and Babel's
    logger is as they found it afterwards."""

    def refuse(path: object) -> None:
        raise AssertionError(f"os.chdir({path!r}) called")

    monkeypatch.setattr(os, "chdir", refuse)
    logger = logging.getLogger("babel")
    before = (logger.level, list(logger.handlers), logger.propagate)
    locales = project / "locales"
    commands.extract(locales, content_dir=project / "content")
    commands.init(locales, "de")
    commands.update(locales)
    assert (logger.level, list(logger.handlers), logger.propagate) == before
    assert po_path(locales, "de").is_file()


def _backdate(path: Path) -> None:
    text = re.sub(
        r'"POT-Creation-Date: [^"]*\\n"',
        r'"POT-Creation-Date: 2020-01-01 00:00+0000\\n"',
        path.read_text(encoding="utf-8"),
    )
    path.write_text(text, encoding="utf-8")


def test_unchanged_messages_leave_every_file_byte_identical(project: Path) -> None:
    """A pull request that changes no message touches no catalog."""
    locales = project / "locales"
    pot = commands.extract(locales, content_dir=project / "content")
    catalog = commands.init(locales, "fr")
    fill(catalog)
    commands.update(locales)
    # As if the files were written long ago: a rewrite would show a new date.
    _backdate(pot)
    _backdate(catalog)
    before = {path: path.read_bytes() for path in (pot, catalog)}
    commands.extract(locales, content_dir=project / "content")
    commands.update(locales)
    assert {path: path.read_bytes() for path in (pot, catalog)} == before
    # Moving lines inside a content file changes no location (file names only).
    section = project / SECTION
    section.write_text("\n\n" + section.read_text(), encoding="utf-8")
    commands.extract(locales, content_dir=project / "content")
    assert pot.read_bytes() == before[pot]
    # A real change is written.
    section.write_text(section.read_text().replace(LONG_OLD, LONG_NEW), encoding="utf-8")
    commands.extract(locales, content_dir=project / "content")
    commands.update(locales)
    assert LONG_NEW in pot.read_text(encoding="utf-8")
    assert "2020-01-01" not in pot.read_text(encoding="utf-8")
    assert "#, fuzzy" in catalog.read_text(encoding="utf-8")


def test_extract_reads_the_copy_it_is_pointed_at(project: Path, capsys) -> None:
    """Run on a copy, extract must take the copy's content, not the installed project's."""
    section = project / SECTION
    section.write_text(section.read_text().replace(LONG_OLD, LONG_NEW), encoding="utf-8")
    installed_pot = pot_path(DEFAULT_LOCALES).read_bytes()
    assert main(["i18n", "--project", str(project), "extract"]) == 0
    text = pot_path(project / "locales").read_text(encoding="utf-8")
    assert LONG_NEW in text
    assert "Pain after back surgery" not in text  # the installed project's title
    assert pot_path(DEFAULT_LOCALES).read_bytes() == installed_pot
    # --content and --locales name the folders one by one.
    other = project / "other-locales"
    assert (
        main(["i18n", "--content", str(project / "content"), "--locales", str(other), "extract"])
        == 0
    )
    assert LONG_NEW in pot_path(other).read_text(encoding="utf-8")
    # A folder that does not exist is a clear error, not a traceback.
    assert (
        main(["i18n", "--content", str(project / "nope"), "--locales", str(other), "extract"]) != 0
    )
    assert "nope" in capsys.readouterr().err


def test_committed_pot_is_current() -> None:
    """The committed messages.pot is exactly what extract writes now (dates aside)."""
    committed = pot_path(DEFAULT_LOCALES)
    import tempfile

    from fbss_guide.project.project_file import load_project

    with tempfile.TemporaryDirectory() as folder:
        fresh = commands.extract(
            Path(folder),
            content_dir=PROJECT_ROOT / "content",
            templates_dir=PROJECT_ROOT / "templates",
            contact=load_project(PROJECT_ROOT).translation_contact,
        )
        assert without_dates(fresh.read_text(encoding="utf-8")) == without_dates(
            committed.read_text(encoding="utf-8")
        ), "locales/messages.pot is stale: run 'fbss-guide i18n extract' and 'i18n update'"


def test_committed_catalogs_are_accepted_by_gettext_and_translate_toolkit() -> None:
    for path in [pot_path(DEFAULT_LOCALES), *DEFAULT_LOCALES.glob("*/LC_MESSAGES/*.po")]:
        assert_tools_accept(path)
        assert not re.search(r"^#: .*:\d+", path.read_text(encoding="utf-8"), re.MULTILINE), (
            f"{path} has source line numbers: run 'fbss-guide i18n extract' and 'update'"
        )


def test_check_lang_checks_only_that_language(project: Path, capsys) -> None:
    locales = project / "locales"
    commands.extract(locales, content_dir=project / "content")
    fill(commands.init(locales, "es"), lambda text: text)  # complete; markers intact
    broken = commands.init(locales, "fr")  # untranslated: every entry is an error
    common = ["--content", str(project / "content"), "--locales", str(locales)]
    assert main(["check", *common, "--lang", "es"]) == 0
    err = capsys.readouterr().err
    assert str(broken) not in err
    assert main(["check", *common, "--lang", "fr"]) == 1
    assert str(broken) in capsys.readouterr().err
    assert main(["check", *common]) == 1  # without --lang: every catalog
    assert main(["check", *common, "--lang", "it"]) == 1
    assert "i18n init it" in capsys.readouterr().err
    assert po_path(locales, "es").exists()


def test_every_fixed_string_tells_translators_where_it_appears() -> None:
    """Short labels ("High", "Harms:") cannot be translated well without knowing where
    they stand and what they agree with: each needs a TRANSLATORS comment or a context."""
    with interface_pot_path().open("rb") as handle:
        catalog = read_po(handle)
    fixed = [
        message
        for message in catalog
        if message.id and any(f.startswith(("templates/", "src/")) for f, _ in message.locations)
    ]
    assert len(fixed) >= 40  # the templates' and the code's strings were found at all
    bare = [
        str(message.id)
        for message in fixed
        if not message.context and len(" ".join(message.auto_comments)) < 30
    ]
    assert bare == [], "add a '# TRANSLATORS:' (Python) or '{# TRANSLATORS: #}' comment"
    high = catalog.get("High")
    assert "certainty" in " ".join(high.auto_comments)


def test_the_tools_refuse_a_wrapped_previous_msgid(tmp_path: Path) -> None:
    """What Babel writes without the fix (a `#| msgid` split mid-string) fails the check
    above, so the workflow test would catch a regression."""
    path = tmp_path / "broken.po"
    path.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        f'#, fuzzy\n#| msgid "{LONG_OLD[:62]}\n#| {LONG_OLD[63:]}"\n'
        f'msgid "{LONG_NEW}"\nmsgstr "Ein Test."\n',
        encoding="utf-8",
    )
    with pytest.raises(AssertionError, match="msgfmt rejects"):
        assert_tools_accept(path)
    with pytest.raises(Exception, match="end-of-line within string"):
        ttk_po.pofile(io.BytesIO(path.read_bytes()))
