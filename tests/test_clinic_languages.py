"""Clinic-file texts per language: validated with file, line and key; rendered with the
language they are in, English (lang="en") where the clinic gave none."""

from __future__ import annotations

import re
from pathlib import Path

import pikepdf
import pytest
from checkout import project_config

from fbss_guide.clinic.details import load_clinic
from fbss_guide.engine.build import BuiltEdition, build
from fbss_guide.errors import ContentError
from fbss_guide.project.editions import EditionSpec

EXAMPLE_CLINIC = Path(__file__).resolve().parents[1] / "examples" / "clinic" / "clinic.yaml"


def write_clinic(tmp_path: Path, care_team: str) -> Path:
    path = tmp_path / "clinic.yaml"
    path.write_text(f"name: A\ncare_team:\n{care_team}", encoding="utf-8")
    return path


def test_example_clinic_gives_roles_per_language() -> None:
    clinic = load_clinic(EXAMPLE_CLINIC)
    doctor, physio, phone = clinic.care_team
    assert doctor.pick("es") == ("Su médico", "es")
    assert doctor.pick("de") == ("Your doctor", "en")  # no German value: English
    assert physio.pick("ar") == ("Your physiotherapist", "en")
    assert phone.pick("zh-Hans") == ("Phone for questions", "en")
    assert clinic.logo is not None and clinic.logo.alt.pick("es")[1] == "es"


@pytest.mark.parametrize(
    ("care_team", "message"),
    [
        (
            "  - Your doctor\n  - es: Su médico\n",
            r"clinic.yaml:4 \[care_team\[2\]\]: error: the English value is missing"
            r".*how to fix: add 'en: \.\.\.'",
        ),
        (
            "  - en: Your doctor\n    spanish: Su médico\n",
            r"clinic.yaml:4 \[care_team\[1\]\.spanish\]: error: 'spanish' is not a language code",
        ),
        (
            "  - en: Your doctor\n    es: ''\n",
            r"clinic.yaml:4 \[care_team\[1\]\.es\]: error: .* is empty",
        ),
        ("  - en: <b>Doctor</b>\n", r"\[care_team\[1\]\.en\]: error: .*not HTML"),
        ("  en: Your doctor\n", r"clinic.yaml:2 \[care_team\]: error: care_team must be a list"),
    ],
)
def test_bad_per_language_values_name_file_line_and_key(
    tmp_path: Path, care_team: str, message: str
) -> None:
    with pytest.raises(ContentError) as raised:
        load_clinic(write_clinic(tmp_path, care_team))
    text = "\n".join(problem.format() for problem in raised.value.problems)
    assert re.search(message, text, re.S), text


@pytest.fixture(scope="module")
def editions(tmp_path_factory: pytest.TempPathFactory) -> dict[str, BuiltEdition]:
    out = tmp_path_factory.mktemp("clinic-languages")
    built = build(
        project_config(
            out_dir=out,
            languages=("es", "ar"),
            editions=(EditionSpec("a4"),),
            clinic=load_clinic(EXAMPLE_CLINIC),
        )
    )
    return {item.edition.language: item for item in built}


def test_roles_are_tagged_with_their_language(editions: dict[str, BuiltEdition]) -> None:
    spanish = editions["es"].html.read_text(encoding="utf-8")
    assert '<bdi class="care-role" lang="es">Su médico</bdi>' in spanish
    assert '<bdi class="care-role" lang="en">Phone for questions</bdi>' in spanish
    arabic = editions["ar"].html.read_text(encoding="utf-8")
    assert '<bdi class="care-role" lang="ar">طبيبك</bdi>' in arabic
    assert '<bdi class="care-role" lang="en">Your physiotherapist</bdi>' in arabic
    assert 'alt="Riverside Spine Clinic logo" lang="en"' in arabic


def test_logo_alt_text_is_in_the_edition_language(editions: dict[str, BuiltEdition]) -> None:
    with pikepdf.open(editions["es"].pdf) as pdf:
        alts = {
            str(obj.get("/Alt"))
            for obj in pdf.objects
            if isinstance(obj, pikepdf.Dictionary) and obj.get("/S") == "/Figure"
        }
    assert "Logotipo de Riverside Spine Clinic" in alts
