"""The counts a readability formula needs, and the formulas with their published constants.

textstat drops "sentences" of two words or fewer while still counting their words, and
merges list items that lack a full stop, so the counts are made here from units the
content structure gives (every list item, title and paragraph is its own unit), and the
formulas use textstat's constants (tests compare with textstat). Syllables: English from
the CMU dictionary (english.py); es/fr/de/pt from the rule-based counters of syllables.py,
because textstat's Pyphen hyphenation never splits off a single letter (es "agua" 1,
de "oder" 1) and made text score easier than it is. Each language only gets measures made
for it; where no validated formula exists a language-neutral measure (mean sentence
length) is offered, labelled as such.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from fbss_guide.readability.english import count_english
from fbss_guide.readability.segmentation import (
    cjk_characters,
    is_chinese,
    split_sentences,
    words,
)
from fbss_guide.readability.syllables import counter_for

SYLLABLE_LANGUAGES = {"en", "es", "fr", "de", "pt"}


def syllable_counter(language: str) -> Callable[[str], int] | None:
    """The syllable counter for a language tag, or None where no formula uses syllables."""
    base = language.split("-")[0].split("_")[0].lower()
    if base not in SYLLABLE_LANGUAGES:
        return None
    return counter_for(language) or count_english


@dataclass(frozen=True)
class TextStats:
    """Counts over a list of sentence units."""

    sentences: int
    words: int
    syllables: int = 0
    letters: int = 0
    characters: int = 0  # CJK characters, for Chinese
    polysyllables: int = 0  # words of 3 syllables or more
    monosyllables: int = 0
    long_words: int = 0  # words of more than 6 letters

    @classmethod
    def of(cls, units: Iterable[str], language: str = "en") -> TextStats:
        if is_chinese(language):
            return cls._of_chinese(units)
        count_syllables = syllable_counter(language)
        sentences = word_count = syllables = letters = poly = mono = long = 0
        for unit in units:
            for sentence in split_sentences(unit, language):
                found = words(sentence)
                if not found:
                    continue
                sentences += 1
                word_count += len(found)
                letters += sum(len(word) for word in found)
                long += sum(1 for word in found if len(word) > 6)
                if count_syllables is not None:
                    for word in found:
                        count = max(1, count_syllables(word))
                        syllables += count
                        poly += count >= 3
                        mono += count == 1
        return cls(sentences, word_count, syllables, letters, 0, poly, mono, long)

    @classmethod
    def _of_chinese(cls, units: Iterable[str]) -> TextStats:
        sentences = characters = 0
        for unit in units:
            for sentence in split_sentences(unit, "zh"):
                count = cjk_characters(sentence)
                if count:
                    sentences += 1
                    characters += count
        return cls(sentences, 0, characters=characters)

    # Averages -----------------------------------------------------------------------
    @property
    def asl(self) -> float:
        return self.words / self.sentences

    @property
    def asw(self) -> float:
        return self.syllables / self.words

    def _ok(self) -> bool:
        return bool(self.sentences and (self.words or self.characters))


@dataclass(frozen=True)
class Measure:
    """A readability formula, the languages it was made for, and which way is easier."""

    id: str
    label: str
    lower_is_easier: bool
    compute: Callable[[TextStats], float]
    language_neutral: bool = False


def _fkgl(s: TextStats) -> float:
    return 0.39 * s.asl + 11.8 * s.asw - 15.59


def _coleman_liau(s: TextStats) -> float:
    # Same constants as textstat's coleman_liau_index.
    return 0.058 * (s.letters / s.words * 100) - 0.296 * (s.sentences / s.words * 100) - 15.8


def _wiener(s: TextStats) -> float:
    # Wiener Sachtextformel, variant 1 (for prose), as in textstat.
    ms = 100 * s.polysyllables / s.words
    iw = 100 * s.long_words / s.words
    es = 100 * s.monosyllables / s.words
    return 0.1935 * ms + 0.1672 * s.asl + 0.1297 * iw - 0.0327 * es - 0.875


MEASURES: dict[str, Measure] = {
    m.id: m
    for m in (
        Measure("flesch-kincaid-grade", "Flesch-Kincaid grade", True, _fkgl),
        Measure("coleman-liau-index", "Coleman-Liau index", True, _coleman_liau),
        Measure(
            "fernandez-huerta",
            "Fernández-Huerta",
            False,
            lambda s: 206.84 - 60 * s.asw - 1.02 * s.asl,
        ),
        Measure(
            "szigriszt-pazos",
            "Szigriszt-Pazos (INFLESZ)",
            False,
            lambda s: 206.84 - 62.3 * s.asw - s.asl,
        ),
        Measure(
            "kandel-moles",
            "Flesch (Kandel-Moles, French)",
            False,
            lambda s: 207 - 1.015 * s.asl - 73.6 * s.asw,
        ),
        Measure(
            "martins",
            "Flesch (Martins et al. 1996, Brazilian Portuguese)",
            False,
            lambda s: 248.835 - 1.015 * s.asl - 84.6 * s.asw,
        ),
        Measure("amstad", "Flesch (Amstad, German)", False, lambda s: 180 - s.asl - 58.5 * s.asw),
        Measure("wiener-sachtextformel", "Wiener Sachtextformel 1", True, _wiener),
        Measure(
            "mean-sentence-words",
            "Mean sentence length, words (language-neutral)",
            True,
            lambda s: s.asl,
            language_neutral=True,
        ),
        Measure(
            "mean-sentence-characters",
            "Mean sentence length, characters (language-neutral)",
            True,
            lambda s: s.characters / s.sentences,
            language_neutral=True,
        ),
    )
}
