"""A translator's week, through the installed `fbss-guide` command: start a language in a
new guide, see the English change, update twice, see it change back.

- a new catalog gets the language's own readability formula and the plural rule of the
  tool's catalog for that language;
- its header names the guide and the project file's contact, not this tool;
- `i18n update` run twice changes the changed entry once, and no byte the second time;
- an English sentence changed back restores its entry (translated, not fuzzy);
- GNU msgfmt --check and translate-toolkit's pofilter find nothing new.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from babel.messages.pofile import read_po

from fbss_guide.i18n.language_defaults import PLURAL_FORMS, READABILITY
from fbss_guide.i18n.stable import without_dates

COMMAND = str(Path(sys.executable).with_name("fbss-guide"))
ROOT = Path(__file__).resolve().parents[1]
OLD = "This guide is a start. Change the words to fit your topic."
NEW = "This guide is where you begin. Change the words to fit your topic."
INTRO = "start/intro/text"


def run(*args: str, cwd: Path) -> str:
    result = subprocess.run([COMMAND, *args], cwd=cwd, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, f"{args}\n{result.stdout}\n{result.stderr}"
    return result.stdout + result.stderr


def entry(text: str, context: str) -> str:
    """The block of lines of one entry (comments to msgstr)."""
    for block in text.split("\n\n"):
        if f'msgctxt "{context}"' in block:
            return block
    raise AssertionError(f"no entry {context}")


def translate(po: Path, context: str, translation: str) -> None:
    text = po.read_text(encoding="utf-8")
    block = entry(text, context)
    po.write_text(
        text.replace(block, block.replace('msgstr ""', f'msgstr "{translation}"')),
        encoding="utf-8",
    )


def pofilter_failures(po: Path, tmp: Path) -> set[tuple[str, str]]:
    """(msgctxt, test name) of each failure pofilter reports."""
    out = tmp / f"pofilter-{po.parent.parent.name}-{len(list(tmp.iterdir()))}.po"
    pofilter = Path(sys.executable).with_name("pofilter")
    subprocess.run([str(pofilter), "--progress=none", str(po), str(out)], check=True)
    failures = set()
    for message in read_po(out.open("rb")):
        for comment in message.auto_comments + message.user_comments:
            if "(pofilter)" in comment:
                failures.add((message.context or "", comment.split(":")[0]))
    return failures


def msgfmt_check(po: Path) -> None:
    assert shutil.which("msgfmt"), "GNU gettext is not installed: run 'make system-deps'"
    result = subprocess.run(
        ["msgfmt", "--check", "-o", "/dev/null", str(po)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr


@pytest.fixture(scope="module")
def guide(tmp_path_factory: pytest.TempPathFactory) -> Path:
    parent = tmp_path_factory.mktemp("translator")
    run("new", "knee", "--title", "Knee pain: what helps", cwd=parent)
    project = parent / "knee"
    with (project / "fbss-guide.yaml").open("a", encoding="utf-8") as file:
        file.write("translation_contact: translators@knee.example\n")
    run("i18n", "extract", cwd=project)
    return project


def test_a_new_catalog_starts_with_the_languages_own_measure_and_plurals(guide: Path) -> None:
    run("i18n", "init", "es", cwd=guide)
    run("i18n", "init", "uk", cwd=guide)
    targets = yaml.safe_load((guide / "locales" / "readability.yaml").read_text("utf-8"))
    assert set(targets["es"]["measures"]) == {"fernandez-huerta", "szigriszt-pazos"}
    assert set(targets["uk"]["measures"]) == {"mean-sentence-words"}  # no formula known
    es = (guide / "locales" / "es" / "LC_MESSAGES" / "messages.po").read_text("utf-8")
    assert f'"Plural-Forms: {PLURAL_FORMS["es"]}\\n"' in es
    assert "nplurals=2;" in es
    # the header names the guide and its contact, not this tool
    assert '"Project-Id-Version: knee 0.1.0\\n"' in es
    assert '"Report-Msgid-Bugs-To: translators@knee.example\\n"' in es
    assert "fbss-guide/issues" not in es


def test_the_tables_are_this_projects_own_settings() -> None:
    """language_defaults.py holds what this project's catalogs and readability.yaml say."""
    ours = yaml.safe_load((ROOT / "locales" / "readability.yaml").read_text("utf-8"))
    for language, text in READABILITY.items():
        assert yaml.safe_load(f"{language}:\n{text}")[language] == ours[language], language
    for po in (ROOT / "locales").glob("*/LC_MESSAGES/messages.po"):
        code = po.parent.parent.name.replace("_", "-")
        header = re.search(r'"Plural-Forms: (.*)\\n"', po.read_text("utf-8"))
        assert header is not None
        assert PLURAL_FORMS[code] == header.group(1), code


def test_update_twice_changes_one_entry_once_and_a_revert_restores_it(
    guide: Path, tmp_path: Path
) -> None:
    po = guide / "locales" / "es" / "LC_MESSAGES" / "messages.po"
    if not po.exists():
        run("i18n", "init", "es", cwd=guide)
    translate(po, INTRO, "Esta guía es un comienzo. Cambie las palabras según su tema.")
    translate(po, "start/heading", "Cómo usar esta guía")
    original = po.read_text("utf-8")
    failures_before = pofilter_failures(po, tmp_path)

    section = guide / "content" / "sections" / "01-start.yaml"
    english = section.read_text("utf-8")
    assert OLD in english
    section.write_text(english.replace(OLD, NEW), encoding="utf-8")
    run("i18n", "extract", cwd=guide)
    run("i18n", "update", cwd=guide)
    first = po.read_text("utf-8")
    run("i18n", "update", cwd=guide)
    assert po.read_text("utf-8") == first, "a second update with nothing new changed bytes"

    # Only the changed entry differs (and the header's dates).
    old_blocks = without_dates(original).split("\n\n")
    new_blocks = without_dates(first).split("\n\n")
    changed = [block for block in new_blocks if block not in old_blocks]
    assert len(changed) == 1 and f'msgctxt "{INTRO}"' in changed[0], changed
    lines = changed[0].split("\n")
    assert "#, fuzzy" in lines
    # the previous English, whole, on one line just before the entry, as msgmerge has it
    previous = [line for line in lines if line.startswith("#|")]
    assert previous == [
        f'#| msgid "{OLD} Short words help people act on health advice [@pemat-guide]."'
    ]
    assert lines.index(previous[0]) == lines.index(f'msgctxt "{INTRO}"') - 1
    assert not [line for line in lines if line.startswith("# |")]
    assert 'msgstr "Esta guía es un comienzo.' in changed[0]  # the translation is kept
    msgfmt_check(po)
    # What pofilter says of a fuzzy entry with its old source is what a review needs.
    expected = {(INTRO, "(pofilter) isfuzzy"), (INTRO, "(pofilter) hassuggestion")}
    assert pofilter_failures(po, tmp_path) - expected <= failures_before

    # The English goes back: the translation was made for exactly that text.
    section.write_text(english, encoding="utf-8")
    run("i18n", "extract", cwd=guide)
    run("i18n", "update", cwd=guide)
    restored = po.read_text("utf-8")
    assert entry(restored, INTRO) == entry(original, INTRO)
    assert without_dates(restored) == without_dates(original)
    run("i18n", "update", cwd=guide)
    assert po.read_text("utf-8") == restored
    msgfmt_check(po)
    assert pofilter_failures(po, tmp_path) <= failures_before


def test_status_names_tagalog_as_the_readme_does() -> None:
    """Babel reads `tl` as Filipino (fil_PH); the catalog is Tagalog, and the README,
    `i18n status` and the web form's language list all say so."""
    from fbss_guide.i18n.language_defaults import language_names
    from fbss_guide.serve.engine import _language

    assert language_names("tl") == ("Tagalog", "Tagalog")
    assert language_names("es") == ("español", "Spanish")
    assert _language("tl").name == "Tagalog"
    status = run("i18n", "status", cwd=ROOT)
    assert re.search(r"^tl\s+Tagalog\s", status, re.MULTILINE)
    assert "Filipino" not in status
    assert "Tagalog" in (ROOT / "README.md").read_text("utf-8")
    translating = (ROOT / "docs" / "translating.md").read_text("utf-8")
    for line in status.splitlines()[2:-1]:
        code = line.split()[0]
        assert f"`{code}`" in translating, f"docs/translating.md does not list {code}"
