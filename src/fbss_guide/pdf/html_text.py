"""The text of the HTML a PDF was made from, as the PDF's post-processing needs it.

The PDF keeps glyphs, not the text: hyphenated words in halves, right-to-left runs in
visual order. The HTML has the text as a reader means it. `read_html_text` reads it once:
every word (to tell a hyphen hyphenation added from one the author wrote) and the text of
each element WeasyPrint tags (to give a right-to-left element its logical text,
pdf/bidi.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import ClassVar

# HTML elements and the structure type WeasyPrint 70 gives them (weasyprint/pdf/tags.py).
PDF_TYPE = {
    "p": "P",
    "h1": "H1",
    "h2": "H2",
    "h3": "H3",
    "h4": "H4",
    "h5": "H5",
    "h6": "H6",
    "li": "LI",
    "dt": "LI",
    "dd": "LI",
    "tr": "TR",
    "td": "TD",
    "th": "TH",
    "caption": "Caption",
    "figcaption": "Caption",
    "span": "Span",
    "bdi": "Span",
    "a": "Link",
    "div": "Div",
}
# The bilingual edition's row (formats/bilingual.py).
ROW_TAG = "bi-row"
# A word: letters and digits, with the combining marks written on them (Arabic tanween
# and vowel marks, Latin accents written apart), which \w leaves out.
WORD = re.compile(r"(?:\w|[\u0300-\u036f\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed])+")
_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Text as a browser lays it out: white space collapsed, soft hyphens and word
    joiners (U+2060, between Korean syllables in print: render.keep_korean_words)
    dropped; neither is drawn, so neither is in the PDF's text."""
    return _SPACE.sub(" ", text.replace("\u00ad", "").replace("\u2060", "")).strip()


def letters_key(text: str) -> str:
    """Text compared independent of line breaks, hyphenation and bidi storage order
    (the letters and digits as a sorted multiset; as `pdf.tree.text_key`)."""
    return "".join(sorted(filter(str.isalnum, text)))


@dataclass
class HtmlText:
    words: set[str] = field(default_factory=set)  # casefolded
    elements: list[tuple[str, str]] = field(default_factory=list)  # (PDF type, text)
    lists: list[str] = field(default_factory=list)  # "ul", "ol", "dl" in document order
    header_scopes: list[str] = field(default_factory=list)  # each <th>'s scope, in order
    body: str = ""  # the text of <body>, white space collapsed
    alts: list[str] = field(default_factory=list)  # images' alt texts, read in their place
    # The text of each row of the bilingual edition (`<bi-row>`, which WeasyPrint tags
    # NonStruct): it tells a row a page break cut (pdf/birows.py).
    rows: list[str] = field(default_factory=list)


class _Reader(HTMLParser):
    VOID: ClassVar[frozenset[str]] = frozenset(
        {"meta", "link", "img", "br", "col", "input", "hr", "source", "wbr"}
    )
    SKIPPED: ClassVar[frozenset[str]] = frozenset({"head", "style", "script", "template"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, int | None]] = []  # tag, index in texts
        self.texts: list[tuple[str, list[str]]] = []
        self.rows: list[list[str]] = []
        self.skipping = 0
        self.body: list[str] = []
        self.lists: list[str] = []
        self.header_scopes: list[str] = []
        self.alts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "img":
            self.alts.append(normalise(dict(attrs).get("alt") or ""))
        if tag == "br" and not self.skipping:
            self.handle_data(" ")  # a line break parts words
        if tag in self.VOID:
            return
        if tag in self.SKIPPED:
            self.skipping += 1
        if tag in {"ul", "ol", "dl"}:
            self.lists.append(tag)
        elif tag == "th":
            self.header_scopes.append(dict(attrs).get("scope") or "")
        if tag == ROW_TAG:
            self.rows.append([])
        index = None
        if tag in PDF_TYPE:
            index = len(self.texts)
            self.texts.append((PDF_TYPE[tag], []))
        self.stack.append((tag, index))

    def handle_endtag(self, tag: str) -> None:
        if tag not in {open_tag for open_tag, _ in self.stack}:
            return
        while self.stack:
            closed, _ = self.stack.pop()
            if closed in self.SKIPPED:
                self.skipping -= 1
            if closed == tag:
                break

    def handle_data(self, data: str) -> None:
        if self.skipping:
            return
        self.body.append(data)
        for tag, index in self.stack:
            if index is not None:
                self.texts[index][1].append(data)
            elif tag == ROW_TAG:
                self.rows[-1].append(data)  # rows are never nested


def read_html_text(html: str) -> HtmlText:
    reader = _Reader()
    reader.feed(html)
    reader.close()
    # Words across inline elements ("<b>x</b>y"), and within each piece of text, for
    # pieces that touch without a space between blocks ("<td>a</td><td>b</td>").
    pieces = ["".join(reader.body), *reader.body, *reader.alts]
    words = {word.casefold() for piece in pieces for word in WORD.findall(normalise(piece))}
    elements = [(kind, normalise("".join(parts))) for kind, parts in reader.texts]
    body = normalise("".join(reader.body))
    rows = [normalise("".join(parts)) for parts in reader.rows]
    return HtmlText(words, elements, reader.lists, reader.header_scopes, body, reader.alts, rows)
