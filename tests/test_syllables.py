"""The syllable counters behind the es/fr/de/pt readability formulas, against word lists
counted by hand (tests/data/syllables-*.tsv; each file's header names its rules)."""

from pathlib import Path

import pytest

from fbss_guide.readability import TextStats
from fbss_guide.readability.syllables import counter_for

DATA = Path(__file__).parent / "data"
LANGUAGES = ("es", "fr", "de", "pt")


def _word_list(language: str) -> list[tuple[str, int]]:
    rows = []
    for line in (DATA / f"syllables-{language}.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            word, count = line.split("\t")
            rows.append((word, int(count)))
    return rows


@pytest.mark.parametrize("language", LANGUAGES)
def test_word_list_is_large_and_unique(language: str) -> None:
    words = [word for word, _ in _word_list(language)]
    assert len(words) >= 200
    assert len(set(words)) == len(words)


@pytest.mark.parametrize("language", LANGUAGES)
def test_counter_reaches_95_percent(language: str) -> None:
    count = counter_for(language)
    assert count is not None
    rows = _word_list(language)
    wrong = [(word, expected, count(word)) for word, expected in rows if count(word) != expected]
    accuracy = 1 - len(wrong) / len(rows)
    print(f"{language}: {accuracy:.1%} exact on {len(rows)} words; wrong: {wrong}")
    assert accuracy >= 0.95, wrong


@pytest.mark.parametrize(
    ("language", "word", "syllables"),
    [
        ("es", "operación", 4),
        ("es", "ayuda", 3),
        ("es", "agua", 2),
        ("fr", "étude", 2),
        ("de", "oder", 2),
        ("de", "Übelkeit", 3),
        ("pt-BR", "operação", 4),
        ("pt-BR", "história", 3),
    ],
)
def test_issue_examples(language: str, word: str, syllables: int) -> None:
    """Hyphenation patterns got all of these one short."""
    assert TextStats.of([f"{word}."], language).syllables == syllables


def test_formulas_use_the_rule_counter_not_hyphenation() -> None:
    # Pyphen splits "agua" nowhere (1 syllable); the counter finds a-gua (2).
    stats = TextStats.of(["Beba agua."], "es")
    assert (stats.words, stats.syllables) == (2, 4)


def test_portuguese_is_counted_in_syllables() -> None:
    stats = TextStats.of(["A cirurgia ajuda."], "pt-BR")
    assert stats.syllables == 1 + 4 + 3
