"""Readability per language: the Brazilian Portuguese formula, which measures are
language-neutral, and the shipped translations held to their targets."""

import gettext
import subprocess
import sys
from pathlib import Path

import pytest
from checkout import DEFAULT_CONTENT, DEFAULT_LOCALES, READABILITY_CONFIG

from fbss_guide.guide.content import load_guide
from fbss_guide.i18n.catalogs import available_languages
from fbss_guide.i18n.localise import localise
from fbss_guide.readability import (
    MEASURES,
    TextStats,
    load_targets,
    readability_problems,
    score_guide,
)

CONFIG = DEFAULT_LOCALES / READABILITY_CONFIG


def test_martins_formula_on_counted_text() -> None:
    # a (1) ci-rur-gi-a (4) a-ju-da (3) / da (1) dor (1): 2 sentences, 5 words, 10 syllables.
    stats = TextStats.of(["A cirurgia ajuda.", "Dá dor."], "pt-BR")
    assert (stats.sentences, stats.words, stats.syllables) == (2, 5, 10)
    expected = 248.835 - 1.015 * 2.5 - 84.6 * 2.0
    assert MEASURES["martins"].compute(stats) == pytest.approx(expected)
    assert not MEASURES["martins"].lower_is_easier


def test_brazilian_portuguese_uses_its_formula_not_a_neutral_measure() -> None:
    targets = load_targets(CONFIG, "pt-BR")
    assert [t.measure.id for t in targets.measures] == ["martins"]
    # "Easy" band of the Martins scale (50-75) for every section.
    assert targets.measures[0].section >= 50


@pytest.mark.parametrize("language", ["zh-Hans", "ar"])
def test_neutral_measures_only_where_no_formula_exists(language: str) -> None:
    targets = load_targets(CONFIG, language)
    assert all(t.measure.language_neutral for t in targets.measures)


@pytest.mark.parametrize(
    ("language", "says", "never_says"),
    [
        ("pt-BR", "made for this language: Flesch (Martins et al. 1996", "language-neutral"),
        ("ar", "language-neutral measure (no validated readability formula", "made for"),
    ],
)
def test_check_output_names_the_kind_of_measure(
    language: str, says: str, never_says: str, tmp_path: Path
) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "fbss_guide.cli",
            "check",
            "--readability",
            "--lang",
            language,
            "--out",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    note = result.stdout.split("\nmedian")[-1].lower()
    assert says.lower() in note
    assert never_says.lower() not in note
    page = (tmp_path / "readability" / f"readability-{language}.html").read_text("utf-8")
    assert says.lower() in page.lower()


@pytest.mark.parametrize("language", available_languages(DEFAULT_LOCALES))
def test_shipped_translation_meets_its_targets(language: str) -> None:
    """With honest syllable counts, every section of every shipped translation passes
    (the build refuses a translation that does not)."""
    guide = load_guide(DEFAULT_CONTENT)
    local = localise(guide, language, DEFAULT_LOCALES, allow_incomplete=True)
    translations = local.translations or gettext.NullTranslations()
    report = score_guide(
        guide,
        load_targets(CONFIG, language),
        lambda inline: translations.pgettext(inline.context, inline.source),
    )
    problems = [p.format() for p in readability_problems(report)]
    assert report.passed, problems
    assert all(s.total.words for s in report.sections if s.exempt is None)
