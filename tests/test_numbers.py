"""A number changed in translation ("1 in 5" -> "1 de cada 50") is reported by `check`
and stops the build; locale digits and separators are not mistaken for changes."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po
from conftest import fill

from fbss_guide.checks.catalogs import check_catalog
from fbss_guide.checks.numbers import numbers
from fbss_guide.cli import main
from fbss_guide.i18n import commands

SOURCE = "About 1 in 5 people had it within 2 years [@weir-2020]."


def catalog_file(tmp_path: Path, language: str, translation: str) -> Path:
    catalog = Catalog(locale=language.replace("-", "_"))
    catalog.add(SOURCE, translation, context="condition/how-common/text")
    path = tmp_path / f"{language}.po"
    with path.open("wb") as handle:
        write_po(handle, catalog)
    return path


@pytest.mark.parametrize(
    ("language", "translation"),
    [
        ("es", "Cerca de 1 de cada 5 personas lo tuvo en 2 años [@weir-2020]."),
        # Arabic-Indic digits
        ("ar", "أصيب به نحو \u0661 من كل \u0665 أشخاص خلال \u0662 سنة [@weir-2020]."),
        ("zh-Hans", "约１/５的人在２年内出现 [@weir-2020]。"),  # full-width digits
    ],
)
def test_same_numbers_in_any_digits_pass(tmp_path: Path, language: str, translation: str) -> None:
    assert check_catalog(catalog_file(tmp_path, language, translation), language) == []


def test_separators_of_each_locale_read_as_the_same_number() -> None:
    assert numbers("10,000 and 1.5") == numbers("10 000 et 1,5") == numbers("10.000 und 1,5")
    assert numbers("[@weir-2020] {percent:40} [NHS](https://a.example/111)") == {}


def test_changed_number_is_an_error_naming_entry_and_numbers(tmp_path: Path) -> None:
    path = catalog_file(
        tmp_path, "es", "Cerca de 1 de cada 50 personas lo tuvo en 2 años [@weir-2020]."
    )
    [problem] = check_catalog(path, "es")
    assert problem.severity == "error"
    assert problem.key == "msgctxt 'condition/how-common/text'"
    assert problem.line is not None
    assert "the source has 5 where the translation has 50" in problem.message


def test_number_written_as_a_word_is_a_warning_for_review(tmp_path: Path) -> None:
    path = catalog_file(
        tmp_path, "es", "Cerca de 1 de cada 5 personas lo tuvo en dos años [@weir-2020]."
    )
    [problem] = check_catalog(path, "es")
    assert problem.severity == "warning"
    assert "number 2 is not in the translation" in problem.message


def test_check_and_build_report_a_changed_number(project: Path, capsys) -> None:
    section = project / "content" / "sections" / "01-intro.yaml"
    old = "This is a short test."
    section.write_text(section.read_text().replace(old, "About 1 in 5 people have it."))
    locales = project / "locales"
    commands.extract(locales, content_dir=project / "content")
    fill(commands.init(locales, "es"), lambda text: text.replace("1 in 5", "1 de cada 50"))
    common = ["--content", str(project / "content"), "--locales", str(locales)]
    assert main(["check", *common, "--lang", "es"]) == 1
    err = capsys.readouterr().err
    assert "numbers differ: the source has 5 where the translation has 50" in err
    assert "Traceback" not in err
    out = project / "output"
    assert main(["build", *common, "--out", str(out), "--lang", "es", "--paper", "a4"]) == 1
    assert "numbers differ" in capsys.readouterr().err
    assert not list(out.glob("es/*.pdf"))
