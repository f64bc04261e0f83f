"""Scores per block and section against a language's targets, and the problems they raise."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field

from fbss_guide.errors import Problem, display_path
from fbss_guide.guide import model
from fbss_guide.readability.formulas import TextStats
from fbss_guide.readability.segmentation import split_sentences
from fbss_guide.readability.targets import LanguageTargets
from fbss_guide.readability.units import (
    Translate,
    first_line,
    section_units,
    sentences_of,
    source_text,
)


@dataclass
class UnitScore:
    """Scores for one block (or one table row) or one whole section."""

    name: str
    line: int
    words: int
    scores: dict[str, float]
    limits: dict[str, float]
    passed: bool
    # For a block that fails: its sentence that weighs most against the target (the
    # one whose removal brings the scores closest to it), for the editor to rewrite.
    hardest: str | None = None


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
    translate: Translate = source_text,
) -> ReadabilityReport:
    language = targets.language
    sections: list[SectionScore] = []
    for section in guide.sections:
        exempt = section.readability.exempt
        limits = None if exempt else _section_limits(section, targets)
        blocks = []
        all_units: list[str] = []
        for name, block in section_units(section):
            units = sentences_of(block, translate)
            all_units.extend(units)
            score = _score(name, units, language, targets, limits, True, first_line(block))
            if score.words < targets.block_min_words:
                score.passed = True  # too short for a formula to mean anything
            if not score.passed and limits is not None:
                score.hardest = hardest_sentence(units, language, targets, limits)
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


def _shortfall(
    scores: dict[str, float], targets: LanguageTargets, limits: dict[str, float]
) -> float:
    """How far the scores are from passing, summed over the measures (0: they pass)."""
    total = 0.0
    for target in targets.measures:
        value, limit = scores[target.measure.id], limits[target.measure.id]
        slack = target.block_tolerance
        gap = value - (limit + slack) if target.measure.lower_is_easier else (limit - slack) - value
        total += max(gap, 0.0)
    return total


def hardest_sentence(
    units: list[str], language: str, targets: LanguageTargets, limits: dict[str, float]
) -> str | None:
    """The sentence of a block without which the block comes closest to its targets."""
    sentences = [sentence for unit in units for sentence in split_sentences(unit, language)]
    if len(sentences) < 2:
        return sentences[0] if sentences else None
    best: tuple[float, int] | None = None
    for index in range(len(sentences)):
        rest = sentences[:index] + sentences[index + 1 :]
        stats = TextStats.of(rest, language)
        if not stats._ok():
            continue
        scores = {t.measure.id: t.measure.compute(stats) for t in targets.measures}
        gap = _shortfall(scores, targets, limits)
        if best is None or gap < best[0]:
            best = (gap, index)
    return sentences[best[1]] if best is not None else None


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
                        f"block is too hard to read{where}: {failing(block, True)}"
                        + (
                            f"; the sentence that weighs most: {_quoted(block.hardest)}"
                            if block.hardest
                            else ""
                        ),
                        "rewrite that sentence first: " + hint if block.hardest else hint,
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


def _quoted(sentence: str, limit: int = 100) -> str:
    text = " ".join(sentence.split())
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")
