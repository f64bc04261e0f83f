"""Silence the hyphen that automatic hyphenation adds at a line end.

WeasyPrint hyphenates narrow table cells (`hyphens: auto`) and draws a hyphen (U+2010)
at the end of the line; the tagged text keeps it, so a screen reader reads "Pain
psycho-" (U+2010) and then "logy" as two words. The word is whole in the HTML. For each line
that ends in such a hyphen, where the two halves make a word the HTML holds whole, this
wraps the hyphen's glyph in a marked-content sequence with an empty /ActualText
(`/Span <</ActualText ()>> BDC ... EMC`, ISO 32000-1 14.9.4): the glyph stays on the
page, the text reads "psychology". The line end gets no space (pdf/spaces.py leaves a
line that ends in a hyphen alone).

A hyphen the author wrote ("Anti-inflammatory" broken after its own "-") is U+002D and
is kept.
"""

from __future__ import annotations

import re

from fbss_guide.pdf.content import PageContent, Show
from fbss_guide.pdf.glyphs import Font
from fbss_guide.pdf.spaces import marked_runs

HYPHENS = ("\u2010", "\u00ad")  # WeasyPrint's hyphenate-character; a soft hyphen
SILENT = b"/Span <</ActualText ()>> BDC"
_WORD_END = re.compile(r"\w+$")
_WORD_START = re.compile(r"^\w+")
# A TJ array's last string and what follows it (kerning numbers), as WeasyPrint writes.
_LAST_STRING = re.compile(rb"<([0-9A-Fa-f]*)>([^<>]*)\]\s*TJ$")
_TJ_STRING = re.compile(rb"^<([0-9A-Fa-f]*)>\s*Tj$")


def _split_last_glyph(instruction: bytes, font: Font) -> tuple[bytes, bytes] | None:
    """The instruction without its last glyph, and an instruction that shows that glyph
    alone (b"" for the first when nothing is left); None if it is not written as
    WeasyPrint writes text (two-byte codes in hexadecimal strings)."""
    if font.width != 2:
        return None
    array = _LAST_STRING.search(instruction)
    if array is not None:
        digits, rest = array[1], array[2]
        if len(digits) < 4 or len(digits) % 4:
            return None
        head = instruction[: array.start()] + b"<" + digits[:-4] + b">" + rest + b"] TJ"
        if not re.search(rb"<[0-9A-Fa-f]+>", head):
            head = b""
        return head, b"[<" + digits[-4:] + b">] TJ"
    single = _TJ_STRING.match(instruction)
    if single is not None and len(single[1]) >= 4 and not len(single[1]) % 4:
        digits = single[1]
        head = b"<" + digits[:-4] + b"> Tj" if len(digits) > 4 else b""
        return head, b"<" + digits[-4:] + b"> Tj"
    return None


def hyphenated_word(before: str, after: str) -> str | None:
    """The word a line ending in `before` and the next line starting with `after` split
    with an added hyphen ("Pain psycho\\u2010", "logy (CBT)" -> "psychology"), else None."""
    if not before.endswith(HYPHENS):
        return None
    head = _WORD_END.search(before[:-1])
    tail = _WORD_START.match(after)
    if head is None or tail is None:
        return None
    return head[0] + tail[0]


def silence_added_hyphens(pages: list[PageContent], html_words: set[str]) -> int:
    """Give each hyphen hyphenation added at a line end an empty /ActualText, where the
    halves make a word of `html_words` (casefolded); return how many. The second half
    is on the next line, or, for the last line of a page (a table cell that goes on),
    at the start of a line on the next page."""
    silenced = 0
    runs = [marked_runs(content.events) for content in pages]
    for number, content in enumerate(pages):
        following = runs[number + 1] if number + 1 < len(runs) else []
        for index, before in enumerate(runs[number]):
            if not before.text.endswith(HYPHENS):
                continue
            # Hyphenation draws its hyphen only at a line end; the next run in the stream
            # may be another table cell on the same line, so every next run is tried.
            candidates = runs[number][index + 1 : index + 2] + following
            if not any(
                (word := hyphenated_word(before.text, candidate.text)) is not None
                and word.casefold() in html_words
                for candidate in candidates
            ):
                continue
            show: Show = before.shows[-1]
            if not show.text.endswith(HYPHENS):
                continue
            split = _split_last_glyph(content.data[show.start : show.end], content.fonts[show.font])
            if split is None:
                continue
            head, hyphen = split
            block = (head + b"\n" if head else b"") + SILENT + b"\n" + hyphen + b"\nEMC"
            content.replace(show, block)
            # The event now stands for the block, which reads as the text before the
            # hyphen: the build's spoken-text check reads the model, not the stream.
            show.text = show.text[:-1]
            silenced += 1
    return silenced
