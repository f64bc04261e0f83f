"""The gettext workflow: extraction, init, update, status, catalog checks, localised builds."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po
from checkout import DEFAULT_LOCALES, PROJECT_ROOT, project_config
from conftest import fill

from fbss_guide.checks import catalogs as catalog_checks
from fbss_guide.checks.catalogs import check_catalog
from fbss_guide.engine.build import BuildFailed, build
from fbss_guide.i18n import commands
from fbss_guide.i18n.catalogs import catalog_stats, po_path, pot_path, read_catalog
from fbss_guide.i18n.interface import package_catalog_path


def test_extract_writes_contexts_comments_and_plurals(project: Path) -> None:
    pot = commands.extract(project / "locales", content_dir=project / "content")
    text = pot.read_text(encoding="utf-8")
    assert 'msgctxt "intro/first/text"' in text
    assert 'msgid "This is a short test. It has **bold** text and a source [@smith-2020]."' in text
    # File names only: a line moved in a file does not change the .pot.
    assert "#: content/sections/01-intro.yaml\n" in text
    assert "01-intro.yaml:" not in text
    assert "#. Where: section 'What this is', block 'first'; paragraph." in text
    # The tool's interface strings ship translated in the package: not the project's.
    assert 'msgid "How sure are we?"' not in text
    assert 'msgid "Probably helps a little"' not in text
    assert "src/fbss_guide" not in text
    # ids, reference data and URLs are not offered for translation
    assert 'msgid "intro"' not in text and 'smith-2020"' not in text
    assert "A review of things" not in text


def test_init_writes_plural_header_for_the_language(project: Path) -> None:
    commands.extract(project / "locales", content_dir=project / "content")
    path = commands.init(project / "locales", "ar")
    catalog = read_catalog(path)
    assert catalog.num_plurals == 6
    assert path == project / "locales" / "ar" / "LC_MESSAGES" / "messages.po"


def test_update_keeps_every_translation(project: Path) -> None:
    locales = project / "locales"
    commands.extract(locales, content_dir=project / "content")
    fill(commands.init(locales, "es"))
    section = project / "content" / "sections" / "01-intro.yaml"
    section.write_text(
        section.read_text().replace("You can walk each day.", "You can walk every day."),
        encoding="utf-8",
    )
    commands.extract(locales, content_dir=project / "content")
    commands.update(locales)
    text = po_path(locales, "es").read_text(encoding="utf-8")
    catalog = read_catalog(po_path(locales, "es"))
    changed = catalog.get(
        "You can walk every day.", context="intro/list/points/you-can-walk-every-day"
    )
    assert changed is not None and changed.fuzzy
    assert changed.string == "ES You can walk each day."  # the old translation is kept
    assert '#| msgid "You can walk each day."' in text  # --previous shows what changed
    kept = catalog.get(
        "You can ask your doctor.", context="intro/list/points/you-can-ask-your-doctor"
    )
    assert kept is not None and kept.string == "ES You can ask your doctor." and not kept.fuzzy
    stats = catalog_stats(catalog)
    assert stats.fuzzy == 1 and stats.untranslated == 0


@pytest.mark.parametrize(
    "edit",
    [
        pytest.param(
            lambda text: text.replace(
                "      - You can walk each day.\n",
                "      - You can rest when you need to.\n      - You can walk each day.\n",
            ),
            id="insert-at-the-top",
        ),
        pytest.param(
            lambda text: text.replace(
                "      - You can walk each day.\n      - You can ask your doctor.\n",
                "      - You can ask your doctor.\n      - You can walk each day.\n",
            ),
            id="reorder",
        ),
        pytest.param(
            lambda text: text.replace("      - You can walk each day.\n", ""), id="remove"
        ),
    ],
)
def test_moving_list_items_keeps_the_other_translations(project: Path, edit) -> None:
    locales = project / "locales"
    commands.extract(locales, content_dir=project / "content")
    fill(commands.init(locales, "es"))
    section = project / "content" / "sections" / "01-intro.yaml"
    text = section.read_text(encoding="utf-8")
    assert edit(text) != text
    section.write_text(edit(text), encoding="utf-8")
    commands.extract(locales, content_dir=project / "content")
    commands.update(locales)
    catalog = read_catalog(po_path(locales, "es"))
    items = {"You can walk each day.", "You can ask your doctor."}
    kept = {m.id: m for m in catalog if m.id in items}  # obsolete entries are not listed
    assert set(kept) == {item for item in items if f"- {item}\n" in edit(text)}
    for message in kept.values():
        assert not message.fuzzy and message.string == f"ES {message.id}", message.context
    added = [m for m in catalog if m.id == "You can rest when you need to."]
    assert len(added) == ("You can rest" in edit(text))
    # Only the new item needs a translator (Babel may offer a guess, marked fuzzy).
    assert all(m.fuzzy or not m.string for m in added)


def test_update_keeps_removed_entries_as_obsolete(project: Path) -> None:
    locales = project / "locales"
    commands.extract(locales, content_dir=project / "content")
    fill(commands.init(locales, "es"))
    section = project / "content" / "sections" / "01-intro.yaml"
    section.write_text(
        section.read_text().replace("      - You can ask your doctor.\n", ""), encoding="utf-8"
    )
    commands.extract(locales, content_dir=project / "content")
    commands.update(locales)
    text = po_path(locales, "es").read_text(encoding="utf-8")
    assert '#~ msgstr "ES You can ask your doctor."' in text


def test_status_counts_fuzzy_as_not_translated(project: Path) -> None:
    locales = project / "locales"
    commands.extract(locales, content_dir=project / "content")
    path = commands.init(locales, "fr")
    fill(path)
    catalog = read_catalog(path)
    first = next(m for m in catalog if m.id)
    first.flags.add("fuzzy")
    with path.open("wb") as handle:
        write_po(handle, catalog)
    [row] = commands.status(locales)
    assert row.language == "fr" and row.name == "French"
    entries = sum(1 for m in catalog if m.id)
    # fill() translated every entry; the one marked fuzzy counts as not translated.
    assert (row.translated, row.fuzzy, row.untranslated) == (entries - 1, 1, 0)
    assert row.percent < 100
    assert row.review == "draft"


def catalog_with(entries: list[tuple[str | None, str, str]], language: str = "fr") -> Catalog:
    catalog = Catalog(locale=language)
    for context, msgid, msgstr in entries:
        catalog.add(msgid, msgstr, context=context)
    return catalog


def write_catalog(tmp_path: Path, catalog: Catalog) -> Path:
    path = tmp_path / "messages.po"
    with path.open("wb") as handle:
        write_po(handle, catalog)
    return path


@pytest.mark.parametrize(
    ("msgid", "msgstr", "finding"),
    [
        ("Call {emergency} now.", "Appelez {urgence} maintenant.", "placeholders differ"),
        ("It helps [@a-1; @b-2].", "Cela aide [@a-1].", "citation markers differ"),
        ("It **works**.", "Ça **marche.", "bold markers"),
        ("Page {page} of {pages}", "Page {page}", "placeholders differ"),
        ("See [NHS](https://nhs.uk).", "Voir [NHS](https://evil.example).", "link addresses"),
        ("Hello %(name)s", "Bonjour %(nom)s", "format placeholders"),
        ("Text [@a-1].", "Texte <b>gras</b> [@a-1].", "raw HTML"),
    ],
)
def test_catalog_check_finds_broken_translations(
    tmp_path: Path, msgid: str, msgstr: str, finding: str
) -> None:
    path = write_catalog(tmp_path, catalog_with([("sec/block/text", msgid, msgstr)]))
    problems = check_catalog(path, "fr")
    assert any(finding in p.message for p in problems), [p.format() for p in problems]
    problem = next(p for p in problems if finding in p.message)
    assert problem.file == str(path) and problem.line  # names the catalog and the entry
    assert "sec/block/text" in problem.key


def test_catalog_check_reports_fuzzy_and_plural_header(tmp_path: Path) -> None:
    catalog = catalog_with([("s/b/text", "Go now.", "Allez-y.")])
    catalog.get("Go now.", context="s/b/text").flags.add("fuzzy")
    path = write_catalog(tmp_path, catalog)
    text = path.read_text(encoding="utf-8")
    header = "Plural-Forms: nplurals=3; plural=(n > 1);\\n"
    path.write_text(re.sub(r"Plural-Forms: [^\"]*", lambda _: header, text), encoding="utf-8")
    messages = [p.format() for p in check_catalog(path, "fr")]
    assert any("entry is fuzzy" in m and "msgctxt 's/b/text'" in m for m in messages)
    assert any("never gives form(s) 2" in m for m in messages), messages


def test_good_catalog_has_no_findings(tmp_path: Path) -> None:
    path = write_catalog(
        tmp_path,
        catalog_with(
            [
                (
                    "s/b/text",
                    "It helps [@a-1]. Call {emergency}.",
                    "Cela aide [@a-1]. Appelez {emergency}.",
                )
            ]
        ),
    )
    assert check_catalog(path, "fr") == []


PO_HEADER = """\
msgid ""
msgstr ""
"Project-Id-Version: test 1\\n"
"Language: de\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=utf-8\\n"
"Content-Transfer-Encoding: 8bit\\n"
"Plural-Forms: {plural}\\n"

"""
GERMAN_PLURAL = "nplurals=2; plural=(n != 1);"
FILES = (
    '#, python-format\nmsgid "One file"\nmsgid_plural "%(count)s files"\n'
    'msgstr[0] "Eine Datei"\nmsgstr[1] "{other}"\n'
)


@pytest.mark.parametrize(
    ("plural", "body", "accepted"),
    [
        (GERMAN_PLURAL, '#, python-format\nmsgid "Hello %(name)s"\nmsgstr "Hallo %(name)s"\n', 1),
        (GERMAN_PLURAL, FILES.format(other="%(count)s Dateien"), 1),
        (GERMAN_PLURAL, '#, python-format\nmsgid "Hello %(name)s"\nmsgstr "Hallo %(nom)s"\n', 0),
        (GERMAN_PLURAL, '#, python-format\nmsgid "%(count)d files"\nmsgstr "%(count)s D"\n', 0),
        (GERMAN_PLURAL, FILES.format(other="%(cnt)s Dateien"), 0),
        ("nplurals=2; plural=(n > 1;", 'msgid "Hello"\nmsgstr "Hallo"\n', 0),
        ("nplurals=1; plural=0;", FILES.format(other="%(count)s Dateien"), 0),
        ("nplurals=2; plural=n+5;", 'msgid "Hello"\nmsgstr "Hallo"\n', 0),
    ],
    ids=[
        "good",
        "good-plural",
        "renamed-placeholder",
        "placeholder-type",
        "plural-placeholder",
        "broken-plural-expression",
        "too-few-plural-forms",
        "plural-out-of-range",
    ],
)
def test_msgfmt_agrees_with_the_catalog_check(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, plural: str, body: str, accepted: int
) -> None:
    """GNU msgfmt --check and our own rules reach the same verdict on the same catalog.
    check_catalog also runs msgfmt; that part is switched off here, so the verdict
    compared is our rules' alone."""
    assert shutil.which("msgfmt"), "GNU gettext is not installed: run 'make system-deps'"
    path = tmp_path / "messages.po"
    path.write_text(PO_HEADER.format(plural=plural) + body, encoding="utf-8")
    result = subprocess.run(
        ["msgfmt", "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True
    )
    monkeypatch.setattr(catalog_checks, "msgfmt_problems", lambda path, shown: [])
    ours = [p for p in check_catalog(path, "de") if p.severity == "error"]
    assert (result.returncode == 0) == bool(accepted), result.stderr
    assert (not ours) == bool(accepted), [p.format() for p in ours]


def test_build_refuses_incomplete_translation_then_builds_a_draft(project: Path) -> None:
    locales = project / "locales"
    commands.extract(locales, content_dir=project / "content")
    path = commands.init(locales, "es")
    config = project_config(
        content_dir=project / "content",
        templates_dir=project / "templates",
        locales_dir=locales,
        out_dir=project / "output",
        languages=("es",),
    )
    with pytest.raises(BuildFailed) as refused:
        build(config)
    message = str(refused.value)
    assert f"{path}:" in message and "intro/first/text" in message
    assert "--allow-incomplete" in message
    assert not (project / "output").exists()

    [draft] = build(
        project_config(**{**config.__dict__, "allow_incomplete": True})  # type: ignore[arg-type]
    )
    assert draft.draft


def test_complete_translation_builds_with_the_draft_notice_on_every_page(project: Path) -> None:
    locales = project / "locales"
    commands.extract(locales, content_dir=project / "content")
    fill(commands.init(locales, "es"))
    [edition] = build(
        project_config(
            content_dir=project / "content",
            templates_dir=project / "templates",
            locales_dir=locales,
            out_dir=project / "output",
            languages=("es",),
        )
    )
    assert edition.draft  # no review.yaml: a draft
    assert edition.pdf == project / "output" / "es" / "test-guide-es-a4.pdf"
    pages = subprocess.run(
        ["pdftotext", "-layout", str(edition.pdf), "-"], capture_output=True, text=True, check=True
    ).stdout.split("\f")
    pages = [page for page in pages if page.strip()]
    # The notice is an interface string: the package's Spanish, with the English after it.
    notice = "Draft translation: not yet reviewed by a qualified medical translator"
    spanish = read_catalog(package_catalog_path("es")).get(notice).string
    assert spanish and spanish != notice
    for page in pages:
        flat = " ".join(page.split())
        assert f"{spanish} / {notice}" in flat, flat[:300]
    assert "ES This is a short test." in pages[0]


def test_reviewed_language_has_no_draft_notice(project: Path) -> None:
    locales = project / "locales"
    commands.extract(locales, content_dir=project / "content")
    fill(commands.init(locales, "es"))
    (locales / "es" / "review.yaml").write_text(
        "status: reviewed\nreviewer: A. Reviewer, medical translator\ndate: 2026-11-01\n",
        encoding="utf-8",
    )
    [edition] = build(
        project_config(
            content_dir=project / "content",
            templates_dir=project / "templates",
            locales_dir=locales,
            out_dir=project / "output",
            languages=("es",),
        )
    )
    assert not edition.draft
    assert "Draft translation" not in edition.html.read_text(encoding="utf-8")


def test_pot_in_repository_is_current() -> None:
    """The committed messages.pot must contain every message of the current sources."""
    committed = pot_path(DEFAULT_LOCALES)
    assert committed.exists(), "run 'fbss-guide i18n extract'"
    with committed.open("rb") as handle:
        known = {(m.context, str(m.id)) for m in read_po(handle) if m.id}
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        fresh = commands.extract(
            Path(folder),
            content_dir=PROJECT_ROOT / "content",
            templates_dir=PROJECT_ROOT / "templates",
        )
        with fresh.open("rb") as handle:
            current = {(m.context, str(m.id)) for m in read_po(handle) if m.id}
    assert current - known == set(), "messages.pot is stale: run 'fbss-guide i18n extract'"


def test_update_keeps_a_long_previous_msgid_on_one_line_for_msgfmt(project: Path) -> None:
    """Babel wraps `#| msgid` at 76 columns, breaking the string; msgfmt then fails."""
    assert shutil.which("msgfmt"), "GNU gettext is not installed: run 'make system-deps'"
    locales = project / "locales"
    section = project / "content" / "sections" / "01-intro.yaml"
    long_old = "This is a short test. It has **bold** text and a source [@smith-2020]."
    longer = long_old.replace("short test.", "short test with many more words in it.")
    commands.extract(locales, content_dir=project / "content")
    fill(commands.init(locales, "de"))
    section.write_text(section.read_text().replace(long_old, longer), encoding="utf-8")
    commands.extract(locales, content_dir=project / "content")
    [path] = commands.update(locales)
    text = path.read_text(encoding="utf-8")
    assert f'#| msgid "{long_old}"\n' in text
    result = subprocess.run(
        ["msgfmt", "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
