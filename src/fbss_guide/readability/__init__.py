"""Readability scores per language, on text segmented as the reader sees it.

segmentation: sentences and words (Latin, Arabic, Chinese); english: CMU syllables;
formulas: counts and measures; targets: locales/readability.yaml; units: which texts of
a block count; scoring: scores and problems; report: the table and the HTML page.
"""

from fbss_guide.readability.formulas import MEASURES, Measure, TextStats, syllable_counter
from fbss_guide.readability.scoring import (
    ReadabilityReport,
    SectionScore,
    UnitScore,
    readability_problems,
    score_guide,
)
from fbss_guide.readability.segmentation import (
    ABBREVIATIONS,
    SENTENCE_ENDINGS,
    split_sentences,
)
from fbss_guide.readability.targets import LanguageTargets, MeasureTarget, load_targets
from fbss_guide.readability.units import Translate, first_line, section_units, sentences_of

__all__ = [
    "ABBREVIATIONS",
    "MEASURES",
    "SENTENCE_ENDINGS",
    "LanguageTargets",
    "Measure",
    "MeasureTarget",
    "ReadabilityReport",
    "SectionScore",
    "TextStats",
    "Translate",
    "UnitScore",
    "first_line",
    "load_targets",
    "readability_problems",
    "score_guide",
    "section_units",
    "sentences_of",
    "split_sentences",
    "syllable_counter",
]
