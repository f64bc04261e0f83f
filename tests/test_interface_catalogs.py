"""The tool's interface strings ship translated in the package (a gettext domain of
their own, as Sphinx ships sphinx.po): a project's catalogs hold only its content, a
project may override any interface string, and a language the tool does not ship gets
an interface catalog of its own to translate."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from fbss_guide.checks.catalogs import check_catalog
from fbss_guide.i18n.catalogs import read_catalog
from fbss_guide.i18n.commands import extract_interface
from fbss_guide.i18n.interface import (
    interface_layers,
    missing_interface,
    package_catalog_path,
    package_languages,
    read_interface_template,
)
from fbss_guide.i18n.language_defaults import plural_forms
from fbss_guide.i18n.paths import available_languages, interface_pot_path, pot_path
from fbss_guide.i18n.stable import without_dates

ROOT = Path(__file__).resolve().parents[1]
COMMAND = str(Path(sys.executable).with_name("fbss-guide"))
LANGUAGES = package_languages()


def run(*args: str, cwd: Path, ok: bool = True) -> subprocess.CompletedProcess[str]:
    result = subprocess.run([COMMAND, *args], cwd=cwd, capture_output=True, text=True, timeout=600)
    if ok:
        assert result.returncode == 0, f"{args}\n{result.stdout}\n{result.stderr}"
    return result


def test_the_shipped_template_is_current(tmp_path: Path) -> None:
    """interface.pot holds exactly what the package's templates and code mark for
    translation (after a change: python scripts/extract_interface.py)."""
    fresh = extract_interface(tmp_path / "interface.pot")
    assert without_dates(fresh.read_text(encoding="utf-8")) == without_dates(
        interface_pot_path().read_text(encoding="utf-8")
    ), "interface.pot is out of date: run 'python scripts/extract_interface.py'"
    template = read_interface_template()
    ids = {message.id if isinstance(message.id, str) else message.id[0] for message in template}
    assert {"Treatment", "Page {page} of {pages}", "Probably helps a little"} <= ids
    assert len(template) >= 70


def test_the_package_ships_every_language_of_this_project() -> None:
    assert available_languages(ROOT / "locales") == LANGUAGES
    assert len(LANGUAGES) == 11


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_shipped_catalog_is_complete_and_valid(language: str, tmp_path: Path) -> None:
    path = package_catalog_path(language)
    catalog = read_catalog(path, path.parents[2])
    template = read_interface_template()
    # Complete: no interface string falls back to English in any new guide (a project
    # with no overrides of its own).
    layers = interface_layers(tmp_path, language)
    assert layers.override is None
    assert missing_interface(layers, template) == []
    # The tool's own checks (placeholders, markers, numbers: interface strings are
    # strict) and GNU msgfmt, which Poedit and Weblate also follow.
    errors = [p for p in check_catalog(path, language, template) if p.severity == "error"]
    assert errors == [], "\n".join(p.format() for p in errors)
    assert shutil.which("msgfmt"), "GNU gettext is not installed: run 'make system-deps'"
    result = subprocess.run(
        ["msgfmt", "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    # The same plural rule a new project's catalog gets from `i18n init`.
    assert catalog.plural_forms == plural_forms(language) or plural_forms(language) is None


def test_this_projects_catalogs_hold_only_its_content() -> None:
    interface = {(m.context, m.id) for m in read_interface_template() if m.id}
    with pot_path(ROOT / "locales").open("rb") as handle:
        project = read_po(handle)
    assert not [m.id for m in project if m.id and (m.context, m.id) in interface]
    assert not [m.id for m in project if any(f.startswith("src/") for f, _ in m.locations)]


@pytest.fixture
def new_guide(tmp_path: Path) -> Path:
    run("new", "guide", "--title", "Knee pain: what helps", cwd=tmp_path)
    return tmp_path / "guide"


def draft(project: Path, language: str) -> subprocess.CompletedProcess[str]:
    return run(
        "build",
        "--jobs",
        "1",
        "--lang",
        language,
        "--format",
        "web",
        "--allow-incomplete",
        cwd=project,
    )


def test_a_new_guide_gets_the_interface_strings_and_may_override_one(new_guide: Path) -> None:
    said = run("i18n", "init", "es", cwd=new_guide).stdout
    assert "interface strings come translated" in said
    assert not (new_guide / "locales" / "es" / "LC_MESSAGES" / "interface.po").exists()
    pot = (new_guide / "locales" / "messages.pot").read_text(encoding="utf-8")
    assert 'msgid "Treatment"' not in pot  # nothing of the interface to translate

    result = draft(new_guide, "es")
    # Only the content is listed as English: the interface strings are translated.
    assert "msgid 'Treatment'" not in result.stderr
    assert "interface.po" not in result.stderr
    html = next((new_guide / "output" / "es" / "web").glob("*.html")).read_text()
    spanish = read_catalog(package_catalog_path("es"), package_catalog_path("es").parents[2])
    treatment = spanish.get("Treatment").string
    sure = spanish.get("How sure are we?").string
    assert treatment and f">{treatment}<" in html and sure in html

    # The project overrides one interface string; the others stay the package's.
    override = new_guide / "locales" / "es" / "LC_MESSAGES" / "interface.po"
    override.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
        '"Language: es\\n"\n"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
        'msgid "Treatment"\nmsgstr "Opción"\n\n'
        'msgid "A text the tool does not have"\nmsgstr "Nada"\n',
        encoding="utf-8",
    )
    draft(new_guide, "es")
    html = next((new_guide / "output" / "es" / "web").glob("*.html")).read_text()
    assert ">Opción<" in html and f">{treatment}<" not in html and sure in html
    # An override that matches nothing is named, with its line.
    checked = run("check", "--lang", "es", cwd=new_guide, ok=False)
    assert "interface.po:10" in checked.stdout + checked.stderr
    assert "overrides no interface string" in checked.stdout + checked.stderr
    # `i18n status` says where the interface strings come from.
    status = run("i18n", "status", cwd=new_guide).stdout
    assert "tool+project, complete" in status


def test_a_language_the_tool_lacks_gets_its_own_interface_catalog(new_guide: Path) -> None:
    said = run("i18n", "init", "uk", cwd=new_guide).stdout
    interface = new_guide / "locales" / "uk" / "LC_MESSAGES" / "interface.po"
    assert interface.is_file() and str(interface) in said
    catalog = read_catalog(interface)
    assert catalog.num_plurals == 3  # Ukrainian, as the tool's plural table has it
    assert len([m for m in catalog if m.id]) == len([m for m in read_interface_template() if m.id])

    result = draft(new_guide, "uk")
    # The draft lists the interface strings under their own file.
    assert f"in {interface}:" in result.stderr
    assert "missing  msgid 'Treatment'" in result.stderr
    status = run("i18n", "status", cwd=new_guide).stdout
    uk = next(line for line in status.splitlines() if line.startswith("uk "))
    assert "project," in uk and "missing" in uk

    # A strict build refuses, naming the interface catalog and the entry.
    strict = run("build", "--jobs", "1", "--lang", "uk", "--format", "web", cwd=new_guide, ok=False)
    assert strict.returncode == 1
    assert (
        f"{interface}:" in strict.stderr
        and "[msgid 'Helps']: error: not translated" in strict.stderr
    )

    # Translated there, the string prints; `i18n update` keeps it.
    text = interface.read_text(encoding="utf-8")
    text = text.replace('msgid "Treatment"\nmsgstr ""', 'msgid "Treatment"\nmsgstr "Лікування"')
    interface.write_text(text, encoding="utf-8")
    run("i18n", "update", cwd=new_guide)
    assert 'msgid "Treatment"\nmsgstr "Лікування"' in interface.read_text(encoding="utf-8")
    draft(new_guide, "uk")
    html = next((new_guide / "output" / "uk" / "web").glob("*.html")).read_text()
    assert ">Лікування<" in html


def test_override_lists_every_interface_string_with_the_tools_words(new_guide: Path) -> None:
    """`i18n override LANG` starts the project's interface.po: every string, empty,
    with the tool's translation beside it; only what the author writes changes."""
    run("i18n", "init", "es", cwd=new_guide)
    said = run("i18n", "override", "es", cwd=new_guide).stdout
    override = new_guide / "locales" / "es" / "LC_MESSAGES" / "interface.po"
    assert str(override) in said
    spanish = read_catalog(package_catalog_path("es"), package_catalog_path("es").parents[2])
    treatment = spanish.get("Treatment").string
    text = override.read_text(encoding="utf-8")
    assert f"# tool: {treatment}\n" in text
    catalog = read_catalog(override)
    assert len([m for m in catalog if m.id]) == len([m for m in read_interface_template() if m.id])
    assert not [
        m for m in catalog if m.id and any(m.string if isinstance(m.string, tuple) else [m.string])
    ]
    assert subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(override)]).returncode == 0
    # A second run keeps the author's file.
    again = run("i18n", "override", "es", cwd=new_guide, ok=False)
    assert again.returncode == 1 and "already exists" in " ".join(again.stderr.split())

    override.write_text(
        text.replace('msgid "Treatment"\nmsgstr ""', 'msgid "Treatment"\nmsgstr "Opción"'),
        encoding="utf-8",
    )
    draft(new_guide, "es")
    html = next((new_guide / "output" / "es" / "web").glob("*.html")).read_text()
    assert ">Opción<" in html
    assert spanish.get("How sure are we?").string in html  # empty entries: the tool's


def test_english_interface_strings_can_be_reworded(new_guide: Path) -> None:
    """A knee guide says "My doctor's number:" where the tool says "My care team's
    number:": English has no catalog, but the project's English overrides apply, and
    `i18n update` keeps a small override file small."""
    run("i18n", "override", "en", cwd=new_guide)
    override = new_guide / "locales" / "en" / "LC_MESSAGES" / "interface.po"
    override.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
        '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
        'msgid "My care team\'s number:"\nmsgstr "My doctor\'s number:"\n',
        encoding="utf-8",
    )
    run("i18n", "update", cwd=new_guide)
    catalog = read_catalog(override)
    assert [m.id for m in catalog if m.id] == ["My care team's number:"]
    run("build", "--jobs", "1", "--lang", "en", "--format", "web", cwd=new_guide)
    html = next((new_guide / "output" / "en" / "web").glob("*.html")).read_text()
    assert "My doctor&#39;s number:" in html or "My doctor's number:" in html
    assert "My care team" not in html
    # A broken override is named by `check`, with its line.
    override.write_text(
        override.read_text(encoding="utf-8").replace(
            "My doctor's number:", "<b>My doctor's number:</b>"
        ),
        encoding="utf-8",
    )
    checked = run("check", cwd=new_guide, ok=False)
    said = " ".join((checked.stdout + checked.stderr).split())
    assert checked.returncode == 1 and "interface.po" in said and "HTML" in said
