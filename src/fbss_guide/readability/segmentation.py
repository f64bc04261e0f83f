"""Sentences and words as the reader sees them, for Latin, Arabic and Chinese text."""

from __future__ import annotations

import re

ABBREVIATIONS = ("Dr.", "Mr.", "Mrs.", "Ms.", "e.g.", "i.e.", "etc.", "vs.", "No.", "St.")
_SENTENCE_END = re.compile(r"(?<=[.!?\u061f])[\"\u201d\u2019\u00bb)]?\s+(?=\S)")
# Latin, CJK full-width and Arabic sentence endings (a unit ending in one is a sentence).
SENTENCE_ENDINGS = ".!?:\u3002\uff01\uff1f\uff1a\u061f"
_CJK_SENTENCE_END = re.compile(r"(?<=[\u3002\uff01\uff1f\uff1b])")
_CJK_CHAR = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_WORD = re.compile(r"[^\W\d_]+(?:['\u2019-][^\W\d_]+)*", re.UNICODE)


def is_chinese(language: str) -> bool:
    return language.startswith("zh")


def split_sentences(text: str, language: str = "en") -> list[str]:
    """Split one unit of text into sentences, ignoring common abbreviations."""
    if is_chinese(language):
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


def words(sentence: str) -> list[str]:
    """The words of a sentence: letters, joined by inner apostrophes and hyphens; numbers
    are not words."""
    return _WORD.findall(sentence)


def cjk_characters(sentence: str) -> int:
    """How many Han characters a sentence has (Chinese is measured in characters)."""
    return len(_CJK_CHAR.findall(sentence))
