"""Syllable counts for Spanish, Portuguese, French and German, by rule.

Hyphenation patterns (Pyphen, which textstat uses) never split off a single letter, so
they miss syllables at word edges: es "a-gua" -> 1 (true 2), de "oder" -> 1 (true 2).
Every readability formula for these languages is built on spoken syllables, so those
misses make text score easier than it is. These counters find the vowel nuclei of a
word instead, with each language's rules for which vowel letters share one syllable.
They are checked against hand-counted word lists in tests/data/syllables-*.tsv
(tests/test_syllables.py); the conventions each list follows are in its header.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from itertools import pairwise

# --- Spanish and Portuguese ------------------------------------------------------------
# Strong (open) vowels form a nucleus of their own; weak (closed) i/u glide next to
# another vowel unless they carry a written accent, which marks a hiatus.
_IBERIAN_STRONG = set("aeoáéóâêôãõà")
_IBERIAN_WEAK = set("iuüy")
_IBERIAN_VOWELS = _IBERIAN_STRONG | _IBERIAN_WEAK | set("íú")
_ACCENT_MARKS = set("áéíóúâêôãõà")


def _silent_u(word: str) -> str:
    """Drop the u after q/g before a vowel: silent in que/gui, a glide in quando, agua,
    língua; either way never a syllable of its own (es, pt)."""
    return re.sub(r"([qg])u(?=[aeioáéíóêèâô])", r"\1", word)


def _iberian_groups(word: str) -> list[tuple[int, str]]:
    """Vowel letter runs with their start; y counts as a vowel only outside a vowel's reach
    (es "muy", "hoy"; but "ayuda", "yo" have a consonant y)."""
    groups: list[tuple[int, str]] = []
    start = -1
    for index, letter in enumerate(word + " "):
        vowel = letter in _IBERIAN_VOWELS
        if letter == "y" and index + 1 < len(word) and word[index + 1] in _IBERIAN_VOWELS:
            vowel = False  # consonant y before a vowel
        if vowel and start < 0:
            start = index
        elif not vowel and start >= 0:
            groups.append((start, word[start:index]))
            start = -1
    return groups


def _spanish_nuclei(group: str) -> int:
    """RAE (Ortografía 2010, §4.1): two open vowels are in hiatus; an open and a closed
    vowel, or two different closed vowels, form a diphthong unless the closed one bears
    the accent (día, reúne)."""
    count = 1
    for previous, letter in pairwise(group):
        if previous in "íú" or letter in "íú" or previous == letter:
            count += 1  # an accented closed vowel, or a doubled one (an-ti-in-fla-ma-to-rio)
        elif previous in _IBERIAN_STRONG and letter in _IBERIAN_STRONG:
            count += 1
    return count


def count_spanish(word: str) -> int:
    word = _silent_u(word.lower())
    return max(1, sum(_spanish_nuclei(group) for _, group in _iberian_groups(word)))


def _portuguese_nuclei(group: str, word: str, end: int) -> int:
    """Brazilian school syllabification (separação silábica, as in the VOLP): falling
    diphthongs (ai, ei, oi, ou, au, eu, ui, iu) and the nasal ão/ãe/õe are one syllable;
    an accented i/u and a rising pair (i/u then a vowel: di-a, su-a, pa-ci-en-te) are a
    hiatus, except a rising pair at the unstressed end of a word whose stress is marked
    elsewhere (his-tó-ria, á-gua, ci-ên-cia)."""
    rest = word[end:]
    unstressed_end = (
        len(group) >= 2
        and re.fullmatch(r"[sm]?", rest) is not None
        and group[-2] in "iu"
        and group[-1] in "aeo"
        and any(mark in word[: end - len(group)] + group[:-2] for mark in _ACCENT_MARKS)
    )
    count = 1
    glided = False  # the current nucleus already has its falling glide
    for position in range(1, len(group)):
        previous, letter = group[position - 1], group[position]
        if previous in "íú" or letter in "íú":
            count, glided = count + 1, False
        elif letter in "iuy" and not glided:
            if previous == letter:  # a doubled vowel is two syllables (xi-i-ta)
                count += 1
            else:
                glided = True  # falling diphthong: pai, meu, muito
        elif previous in "ãõ" and letter in "eo":
            glided = True  # nasal diphthongs: mãe, põe, não
        elif previous in "iu" and letter in _IBERIAN_STRONG:
            last = position == len(group) - 1
            if not (last and unstressed_end):
                count, glided = count + 1, False
        else:
            count, glided = count + 1, False
    return count


# Spelling cannot show these: ao/aos is a falling diphthong [aw], raiz a hiatus (ra-iz).
_PT_EXCEPTIONS = {"ao": 1, "aos": 1, "raiz": 2, "raízes": 3}


def count_portuguese(word: str) -> int:
    word = word.lower()
    if word in _PT_EXCEPTIONS:
        return _PT_EXCEPTIONS[word]
    word = _silent_u(word)
    # ainda, ruim: i before a nasal consonant is a vowel of its own (a-in-da, ru-im).
    word = re.sub(r"([au])i(?=(m$|n[^aeiouáéíóúâêôãõ]|nh))", r"\1í", word)
    total = 0
    for start, group in _iberian_groups(word):
        total += _portuguese_nuclei(group, word, start + len(group))
    return max(1, total)


# --- French ---------------------------------------------------------------------------
_FR_VOWELS = set("aeiouyàâäéèêëîïôöùûüœæ")
# Letter groups read as one vowel sound, longest first.
_FR_UNITS = (
    "oeu",
    "œu",
    "eau",
    "ou",
    "où",
    "oû",
    "oi",
    "oî",
    "ai",
    "aî",
    "ei",
    "au",
    "eu",
    "eû",
    "ui",
    "ay",
    "ey",
    "oy",
    "uy",
)
# Spelling cannot show these: pays is pe-i, moelle is [mwal].
_FR_EXCEPTIONS = {"pays": 2, "paysage": 3, "abbaye": 3, "moelle": 1, "moelles": 1}


def _french_mute_ending(word: str) -> str:
    """Remove a final e, es, or a verb's -ent: written, not spoken in standard French."""
    if word.endswith("ent") and len(word) > 4 and not _french_spoken_ent(word):
        return word[:-3]
    if word.endswith("es") and len(word) > 3:
        return word[:-2]
    if word.endswith("e") and len(word) > 2:
        return word[:-1]
    return word


# Third-person plural verbs among -ent words need a list: spelling cannot tell
# "ils aident" (1) from "un accident" (3). The handout's own verbs are listed here.
_FR_VERBS_IN_ENT = {
    "aident",
    "soulagent",
    "peuvent",
    "doivent",
    "disent",
    "souffrent",
    "montrent",
    "trouvent",
    "vivent",
    "durent",
    "passent",
    "restent",
    "aiment",
    "donnent",
    "prennent",
    "viennent",
    "semblent",
    "parlent",
    "changent",
    "comptent",
    "citent",
    "promettent",
    "utilisent",
    "gardent",
    "marchent",
    "deviennent",
    "reviennent",
    "demandent",
    "pensent",
    "tiennent",
    "affirment",
    "vendent",
    "proposent",
    "existent",
    "arrivent",
    "ressentent",
    "dorment",
    "mentent",
    "sentent",
    "suivent",
    "savent",
    "veulent",
    "font",
    "sont",
    "ont",
    "vont",
}


def _french_spoken_ent(word: str) -> bool:
    bare = word[:-1] if word.endswith("s") else word
    if bare in _FR_VERBS_IN_ENT or word in _FR_VERBS_IN_ENT:
        return False
    # avaient, soient: imperfect and subjunctive endings are mute too.
    return re.search(r"[ao]ient$", word) is None


def count_french(word: str) -> int:
    """Spoken syllables of standard French in careful speech: a final mute e (and -es,
    a verb's -ent) is not counted, an inner e is (sé-ve-re-ment); i, u, ou before another
    vowel glide into it (na-tion, nuit, jouer) except after a consonant + l/r (cli-ent,
    tri-er), as the Petit Robert's transcriptions give them."""
    word = word.lower()
    if word in _FR_EXCEPTIONS:
        return _FR_EXCEPTIONS[word]
    word = word.replace("qu", "k")
    word = re.sub(r"gu(?=[eiéèêy])", "g", word)
    word = re.sub(r"^y(?=[aeiouéè])", "j", word)  # yeux: a consonant y
    word = re.sub(r"(?<=[aeiouéè])y(?=[aeiouéè])", "ii", word)  # payer = pai-ier
    word = re.sub(r"(?<=[aeiouœ])ill", "ll", word)  # feuille, travaille: i is silent
    stem = _french_mute_ending(word)
    if not any(letter in _FR_VOWELS for letter in stem):
        return 1  # le, de, que, les
    total = 0
    for match in re.finditer(r"[aeiouyàâäéèêëîïôöùûüœæ]+", stem):
        total += _french_nuclei(match.group(), stem[: match.start()])
    return max(1, total)


def _french_nuclei(group: str, before: str) -> int:
    units: list[str] = []
    index = 0
    while index < len(group):
        for unit in _FR_UNITS:
            if group.startswith(unit, index) and not (
                unit == "ai" and group.startswith("aï", index)
            ):
                units.append(unit)
                index += len(unit)
                break
        else:
            units.append(group[index])
            index += 1
    cluster = re.search(r"[bcdfgkptv][lr]$", before) is not None
    count = len(units)
    for position, unit in enumerate(units[:-1]):
        glide = unit in {"i", "u", "ou", "y", "ü"} and units[position + 1] not in {"ï", "ë"}
        if glide and not (position == 0 and cluster):
            count -= 1
    return max(1, count)


# --- German ---------------------------------------------------------------------------
_DE_UNITS = ("aa", "ee", "oo", "ie", "ei", "ai", "au", "eu", "äu", "ey", "ay")
_DE_EXCEPTIONS = {
    "team": 1,
    "teams": 1,
    "museum": 3,
    "ideen": 3,
    "beenden": 3,
    "beendet": 3,
    "geehrt": 2,
}


def count_german(word: str) -> int:
    """Syllables as the Duden divides words (Sprechsilben): each vowel letter is a
    syllable except the pairs read as one sound (ei, ie, au, eu, äu, ai, aa, ee, oo);
    -ien at the end is two (Stu-di-en, The-ra-pi-en), -ient/-ienz too (Pa-ti-ent)."""
    word = word.lower()
    if word in _DE_EXCEPTIONS:
        return _DE_EXCEPTIONS[word]
    word = word.replace("qu", "kv")
    word = re.sub(r"^physio", "physjo", word)  # Phy-sio-the-ra-pie (Duden)
    word = re.sub(r"ie(?=n$|nen$|ns$)", "i.e", word)
    word = re.sub(r"(?<=[tlprz])ie(?=n[tz])", "i.e", word)
    total = 0
    for match in re.finditer(r"[aeiouyäöü]+", word):
        group = match.group()
        index = 0
        while index < len(group):
            index += 2 if group[index : index + 2] in _DE_UNITS else 1
            total += 1
    return max(1, total)


COUNTERS: dict[str, Callable[[str], int]] = {
    "es": count_spanish,
    "pt": count_portuguese,
    "fr": count_french,
    "de": count_german,
}


@cache
def counter_for(language: str) -> Callable[[str], int] | None:
    """The rule-based counter for a language tag (es, pt-BR, ...), or None."""
    return COUNTERS.get(language.split("-")[0].split("_")[0].lower())
