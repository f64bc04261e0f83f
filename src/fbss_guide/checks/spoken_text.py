"""What a screen reader gets from a PDF, compared with the HTML it was made from.

The PDF's text is read as assistive technology reads it (`pdf.text.spoken_lines`: the
tag tree's order, /ActualText and /Alt honoured, list labels left out, since the HTML
has no such text) and compared with the HTML's:

- every word is a word of the HTML: no half of a hyphenated word ("psycho", "logy"),
  no words run together ("قسماطلب", "pointsDas"), no mark read by itself ("ً"), no
  number reversed or run into a word ("نوفمبر22"); a Chinese clause a page break cuts
  into two blocks counts whole (see `_clauses_cut_between_blocks`);
- every block with right-to-left text is a stretch of the HTML's text, as it is: in
  logical order, brackets the right way round;
- the citations ("[1, 2]") come in the HTML's order, each group's numbers in order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pikepdf

from fbss_guide.pdf.bidi import right_to_left, without_symbols
from fbss_guide.pdf.html_text import WORD, HtmlText, normalise, read_html_text
from fbss_guide.pdf.spaces import written_without_spaces
from fbss_guide.pdf.text import spoken_lines

CITATION = re.compile(r"\[\d+(?:\s*,\s*\d+)*\]")


@dataclass
class SpokenReport:
    foreign_words: list[str] = field(default_factory=list)  # not words of the HTML
    foreign_count: int = 0  # how many times they are read
    disordered: list[str] = field(default_factory=list)  # right-to-left blocks not in it
    citations: tuple[list[str], list[str]] = ([], [])  # (PDF, HTML) when they differ
    lines: list[str] = field(default_factory=list)

    @property
    def problems(self) -> list[str]:
        problems = []
        if self.foreign_words:
            problems.append(
                f"{len(self.foreign_words)} words ({self.foreign_count} times read) are not "
                "words of the HTML (split, run together or reversed): "
                f"{', '.join(self.foreign_words[:12])}"
            )
        if self.disordered:
            problems.append(
                f"{len(self.disordered)} right-to-left blocks read otherwise than the "
                f"HTML: {' | '.join(line[:50] for line in self.disordered[:5])}"
            )
        pdf, html = self.citations
        if pdf != html:
            first = next(
                (i for i, (a, b) in enumerate(zip(pdf, html, strict=False)) if a != b),
                min(len(pdf), len(html)),
            )
            problems.append(
                f"citations differ from the HTML's from number {first + 1}: PDF "
                f"{' '.join(pdf[first : first + 4])}, HTML {' '.join(html[first : first + 4])}"
            )
        return problems


def _citations(text: str) -> list[str]:
    return [normalise(group) for group in CITATION.findall(text)]


def compare_spoken_text(pdf: pikepdf.Pdf, html: str) -> SpokenReport:
    return compare_spoken_lines(spoken_lines(pdf, labels=False), read_html_text(html))


def compare_spoken_lines(lines: list[str], facts: HtmlText) -> SpokenReport:
    """`compare_spoken_text` of the lines a screen reader reads (list labels left out)
    and the HTML's text: the build's check, on the pages and tree the repair left."""
    report = SpokenReport(lines=lines)
    seen: set[str] = set()
    body = without_symbols(facts.body)  # symbols are silent in the PDF
    words_of = [WORD.findall(line) for line in lines]
    whole = _clauses_cut_between_blocks(words_of, facts.words)
    for number, line in enumerate(lines):
        for place, word in enumerate(words_of[number]):
            if word.casefold() not in facts.words and (number, place) not in whole:
                report.foreign_count += 1
                if word not in seen:
                    seen.add(word)
                    report.foreign_words.append(word)
        text = without_symbols(line)
        if right_to_left(line) and text not in body and text not in facts.alts:
            report.disordered.append(line)
    pdf_citations = _citations("\n".join(lines))
    html_citations = _citations(facts.body)
    if pdf_citations != html_citations:
        report.citations = (pdf_citations, html_citations)
    return report


def _clauses_cut_between_blocks(
    words_of: list[list[str]], html_words: set[str]
) -> set[tuple[int, int]]:
    """(line, word index) of the halves of Chinese or Japanese runs that a page break
    cut into two blocks: the last word of one line and the first of the next, whose
    characters at the cut are written without spaces and which together make a word of
    the HTML. Chinese has no spaces, so `WORD` finds whole clauses between punctuation
    marks ("约每10人中有1人在6个月后腿痛减轻了一半或更多"): a paragraph the page ends in
    the middle of one is read in order, with a pause, and no word run together or split
    as a listener would hear it. (A Latin paragraph cut there still reads whole words.)"""
    whole: set[tuple[int, int]] = set()
    for number in range(len(words_of) - 1):
        before, after = words_of[number], words_of[number + 1]
        if not before or not after:
            continue
        last, first = before[-1], after[0]
        if (
            written_without_spaces(last[-1])
            and written_without_spaces(first[0])
            and (last + first).casefold() in html_words
        ):
            whole |= {(number, len(before) - 1), (number + 1, 0)}
    return whole


def spoken_text_problems(pdf_path: Path, html: str) -> list[str]:
    """What a screen reader would get wrong in the PDF at `pdf_path`; empty if nothing."""
    with pikepdf.open(pdf_path) as pdf:
        return compare_spoken_text(pdf, html).problems
