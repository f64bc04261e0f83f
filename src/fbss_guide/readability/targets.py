"""Which measures and targets apply to a language, read from locales/readability.yaml."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from fbss_guide.errors import ContentError, Problem
from fbss_guide.inputs.yamlfile import LineDict, load_yaml
from fbss_guide.readability.formulas import MEASURES, Measure


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
