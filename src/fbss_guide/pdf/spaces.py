"""Put back the space WeasyPrint drops where a line breaks.

WeasyPrint writes each line as its own marked-content sequence and leaves out the space
at the break, so a screen reader that joins the tagged text reads "No one whosells" and
"Next review due:November". For each line that ends a word, this adds one space glyph
at the line's logical end and moves back by its width, so nothing moves on the page.

A line end between characters of a script written without spaces (Chinese, Japanese) is
left alone; where one meets another script, the HTML tells. Korean breaks lines
inside words too: the repair asks the HTML's words whether a line end is inside one.
Right-to-left lines are stored in visual order; their logical end is the left end, so
the space goes there.

Both the repair and the check work on the pages `pdf.content.read_pages` decoded once;
the repair edits that model as it edits the stream, so the check that follows sees the
repaired text without parsing the stream again.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from itertools import pairwise

import pikepdf

from fbss_guide.pdf.content import Begin, End, Event, PageContent, Show
from fbss_guide.pdf.glyphs import Font
from fbss_guide.pdf.syntax import pdf_hex, pdf_name, pdf_number

TEXT_OPERATORS = {"Tj", "TJ"}
LINE_GAP_PT = 3.0  # baselines further apart than this are different lines
NO_SPACE_AFTER = set("-\u00ad\u2010\u2011/")


@dataclass
class MarkedRun:
    """The text operators of one marked-content sequence."""

    mcid: int
    text: str = ""
    shows: list[Show] = field(default_factory=list)
    # An empty sequence comes before it, since the run before: where WeasyPrint tags a
    # space between two inline elements ("<b>Version:</b> <bdi>0.1.0</bdi>") and draws
    # nothing.
    after_empty: bool = False
    # Ends in the middle of a word the line cuts without a hyphen: the repair marks such
    # a line end with an empty /ActualText sequence (WORD_GOES_ON), which the check reads.
    word_goes_on: bool = False

    @property
    def first_y(self) -> float:
        return self.shows[0].y

    @property
    def last_y(self) -> float:
        return self.shows[-1].y


@cache
def written_without_spaces(char: str) -> bool:
    """Chinese and Japanese characters, and the full-width punctuation set with them
    ("。", "《", the full-width comma and colon), which carries its own spacing."""
    if len(char) != 1:
        return False
    return "\u3000" <= char <= "\u303f" or unicodedata.name(char, "").startswith(
        ("CJK", "HIRAGANA", "KATAKANA", "IDEOGRAPHIC", "FULLWIDTH")
    )


@cache
def _breaks_inside_words(char: str) -> bool:
    """Korean puts spaces between words ("이름은 지속성") but breaks a line between any
    two syllables: only the HTML tells a line end between words from one inside."""
    return unicodedata.name(char, "").startswith("HANGUL")


@cache
def _right_to_left_char(char: str) -> bool:
    return unicodedata.bidirectional(char) in {"R", "AL"}


# Both look at each distinct character once: a page has a few hundred, in thousands of
# lines, and these run for every line end, in the repair and again in the check.


def _right_to_left(text: str) -> bool:
    return any(map(_right_to_left_char, set(text)))


def _at_unspaced_script(before: str, after: str) -> bool:
    """A line end next to a character of a script written without spaces (Chinese,
    Japanese) on either side. Only the characters at the break count: a Latin name in a
    Chinese line ("《Internal|Orthopedics》") breaks as in English."""
    return written_without_spaces(before[-1:]) or written_without_spaces(after[:1])


def _no_space_between_scripts(before: str, after: str, words: set[str] | None) -> bool:
    """At a line end next to Chinese or Japanese (`_at_unspaced_script`): whether the
    HTML has no space there. Between two such characters, or one and punctuation, never.
    Where such a character meets a word in another script, the HTML tells: "nhs.uk" and
    "电话" are two lines of a list item (a space, from the <br>), "拨打" and "111" one
    run of letters. Without the HTML, no space is assumed (so the check reports none)."""
    last, first = before[-1:], after[:1]
    chinese_before = written_without_spaces(last)
    if chinese_before == written_without_spaces(first):
        return True  # both Chinese or Japanese
    if words is None or not (_WORD_START.match(last) and _WORD_START.match(first)):
        return True  # full-width punctuation carries its own spacing; Latin needs a word
    if chinese_before:
        # The last character, then the next line's word up to its first Chinese one.
        tail = _WORD_START.match(after)
        other = tail[0] if tail else ""
        cut = next((i for i, char in enumerate(other) if written_without_spaces(char)), None)
        joined = last + other[:cut]
    else:
        head = _WORD_END.search(before)
        other = head[0] if head else ""
        start = len(other)
        while start and not written_without_spaces(other[start - 1]):
            start -= 1
        joined = other[start:] + first
    joined = joined.casefold()
    return any(joined in word for word in words)


@dataclass
class _Space:
    code: bytes | None
    advance: float  # thousandths of the font size


def _space_of(font: Font) -> _Space:
    code = next((code for code, text in font.mapping.items() if text == " "), None)
    advance = 0.0
    if code is not None:
        cid = int.from_bytes(code, "big")
        obj = font.obj
        descendant = obj.DescendantFonts[0] if "/DescendantFonts" in obj else obj
        advance = float(descendant.get("/DW", 1000))
        widths = list(descendant.get("/W", []))
        index = 0
        while index < len(widths) - 1:
            first = int(widths[index])
            if isinstance(widths[index + 1], pikepdf.Array):
                values = list(widths[index + 1])
                if first <= cid < first + len(values):
                    advance = float(values[cid - first])
                index += 2
            else:
                last, value = int(widths[index + 1]), float(widths[index + 2])
                if first <= cid <= last:
                    advance = value
                index += 3
    return _Space(code, advance)


# Operators that set the graphics or text state and draw nothing. WeasyPrint may set the
# colour and opacity in an empty sequence ("/a1.0 gs 0 0 0 rg BT ET": the space between a
# bilingual heading's two columns), and it still stands for a space.
_STATE_ONLY = frozenset(
    b"BT ET q Q cm gs w J j M d ri i g G rg RG k K cs CS sc SC scn SCN "
    b"Tf Tm Td TD T* Tc Tw Tz TL Tr Ts".split()
)


def _draws_nothing(instructions: bytes) -> bool:
    """Whether a piece of a content stream only sets state: every operator in it is one
    of `_STATE_ONLY` (operands are numbers, names, arrays)."""
    return all(
        token in _STATE_ONLY
        for token in instructions.split()
        if token[:1].isalpha() or token[:1] in {b"'", b'"'}
    )


def marked_runs(events: list[Event], data: bytes | None = None) -> list[MarkedRun]:
    """The numbered sequences that show text, in stream order; with the stream's bytes
    (`data`), each notes whether an empty sequence (nothing between BDC and EMC but an
    empty text object, "BT ET") came before it."""
    runs: list[MarkedRun] = []
    stack: list[MarkedRun | None] = []
    empty = False
    for index, event in enumerate(events):
        if (
            data is not None
            and isinstance(event, Begin)
            and event.mcid is not None
            and index + 1 < len(events)
            and isinstance(events[index + 1], End)
            and _draws_nothing(data[event.end : events[index + 1].start])
        ):
            empty = True
        if (
            isinstance(event, Begin)
            and event.mcid is None
            and event.actual_text == ""
            and index + 1 < len(events)
            and isinstance(events[index + 1], End)
            and stack
            and stack[-1] is not None
            and stack[-1].shows
        ):
            stack[-1].word_goes_on = True
        if isinstance(event, Begin):
            if event.mcid is not None and not event.artifact:
                run = MarkedRun(event.mcid)
                runs.append(run)
                stack.append(run)
            else:
                stack.append(stack[-1] if stack and not event.artifact else None)
        elif isinstance(event, End):
            if stack:
                stack.pop()
        elif event.operator in TEXT_OPERATORS and stack and stack[-1] is not None:
            run = stack[-1]
            if not run.shows:
                run.after_empty, empty = empty, False
            # A code the /ToUnicode map lacks adds no letter: it neither ends a word
            # nor starts one.
            run.text += event.text.replace("\ufffd", "")
            run.shows.append(event)
    return [run for run in runs if run.shows and run.text]


_WORD_END = re.compile(r"\w+$")
_WORD_START = re.compile(r"^\w+")


def _inside_a_word(before: str, after: str, words: set[str] | None) -> bool:
    """A line end inside a word: the halves make a word of the HTML (`words`, casefolded).

    Korean breaks lines between any two syllables; with no HTML to ask, every Korean line
    end counts as one inside a word. In any other script a word too long for a narrow
    table cell breaks where it must (CSS `overflow-wrap: anywhere`: "comportemental|e)"),
    with no hyphen to tell: the halves make an HTML word and are not both words of it. A
    line end between two words always has both halves among the HTML's words."""
    head, tail = _WORD_END.search(before), _WORD_START.match(after)
    if before[-1:] and _breaks_inside_words(before[-1]):
        if words is None:
            return True
        return head is not None and tail is not None and (head[0] + tail[0]).casefold() in words
    if words is None or head is None or tail is None or _right_to_left(before + after):
        return False
    first, rest = head[0].casefold(), tail[0].casefold()
    return first + rest in words and not (first in words and rest in words)


def _lost_spaces(
    runs: list[MarkedRun], words: set[str] | None = None
) -> list[tuple[MarkedRun, MarkedRun, bool]]:
    """Runs that end a line in the middle of text, or that an empty sequence parts from
    the next run on the same line: (run, next run, right_to_left). `words`: the HTML's
    (casefolded), to tell a Korean line end inside a word from one between words."""
    found = []
    for before, after in pairwise(runs):
        if abs(after.first_y - before.last_y) < LINE_GAP_PT and not (
            after.after_empty and not _right_to_left(before.text + after.text)
        ):
            continue  # same line, nothing between
        if before.word_goes_on:
            continue
        rtl = _runs_together(before, after, words)
        if rtl is not None:
            found.append((before, after, rtl))
    return found


def _runs_together(before: MarkedRun, after: MarkedRun, words: set[str] | None) -> bool | None:
    """Whether two runs, where one line (or page) ends and the next goes on, would read
    as one word: None if not, else whether the first is right to left (where its line
    ends). The same test for a line end and for a cut across pages."""
    if before.text[-1:].isspace() or after.text[:1].isspace():
        return None
    if _at_unspaced_script(before.text, after.text) and _no_space_between_scripts(
        before.text, after.text, words
    ):
        return None
    if _inside_a_word(before.text, after.text, words):
        return None
    rtl = _right_to_left(before.text)
    end = before.text[0] if rtl else before.text[-1]
    if end in NO_SPACE_AFTER or end.isspace():
        return None
    return rtl


WORD_GOES_ON = b"/Span <</ActualText ()>> BDC"


def _words_cut(runs: list[MarkedRun], words: set[str] | None) -> list[MarkedRun]:
    """Runs whose line end cuts a word too long for its line without a hyphen (not
    Korean, which the check tells without the HTML): the halves make a word of the
    HTML's `words` and are not both words of it."""
    found = []
    for before, after in pairwise(runs):
        if words is None or before.word_goes_on:
            continue
        if abs(after.first_y - before.last_y) < LINE_GAP_PT:
            continue
        if before.text[-1:].isspace() or after.text[:1].isspace():
            continue
        if _at_unspaced_script(before.text, after.text) or _breaks_inside_words(before.text[-1]):
            continue
        if _inside_a_word(before.text, after.text, words):
            found.append(before)
    return found


def _sample(run: MarkedRun, following: MarkedRun, rtl: bool) -> str:
    return (run.text[:8] if rtl else run.text[-8:]) + "|" + following.text[:8]


def count_lost_spaces(pages: list[PageContent], words: set[str] | None = None) -> list[str]:
    """The line ends where two words would run together: 'who|sells' samples. `words`:
    the HTML's (casefolded), to tell a line end inside a word from one between words."""
    samples = []
    for content in pages:
        for run, following, rtl in _lost_spaces(marked_runs(content.events, content.data), words):
            samples.append(_sample(run, following, rtl))
    return samples


def _lost_across_pages(
    runs: list[list[MarkedRun]],
    cuts: list[tuple[tuple[int, int], tuple[int, int]]],
    words: set[str] | None,
) -> dict[int, list[tuple[MarkedRun, MarkedRun, bool]]]:
    """The cuts (page, MCID of the run before; page, MCID of the run after) of text that
    goes on on another page (a table row a page break cut: pdf/rows.py) where two words
    would run together, by the page of the run before."""
    by_ref = {(number, run.mcid): run for number, page_runs in enumerate(runs) for run in page_runs}
    found: dict[int, list[tuple[MarkedRun, MarkedRun, bool]]] = {}
    for before_ref, after_ref in cuts:
        before, after = by_ref.get(before_ref), by_ref.get(after_ref)
        if before is None or after is None:
            continue
        rtl = _runs_together(before, after, words)
        if rtl is not None:
            found.setdefault(before_ref[0], []).append((before, after, rtl))
    return found


def restore_line_end_spaces(
    pages: list[PageContent],
    words: set[str] | None = None,
    cuts: list[tuple[tuple[int, int], tuple[int, int]]] | None = None,
) -> list[str]:
    """Add the lost space at every line end that splits two words; return the line ends
    it could not mend ('who|sells' samples), where no font on the page has a space.
    `words`: the HTML's, for Korean; `cuts`: text a page break cut (pdf/rows.py).

    Each space goes into the page's stream and its event among the page's events, in
    step; `PageContent.write` saves them."""
    spaces: dict[int, _Space] = {}

    def space(font: Font) -> _Space:
        if id(font) not in spaces:
            spaces[id(font)] = _space_of(font)
        return spaces[id(font)]

    unmended = []
    runs = [marked_runs(content.events, content.data) for content in pages]
    across = _lost_across_pages(runs, cuts or [], words)
    for content in pages:
        fonts = content.fonts
        # A subset font may have no space (a heading of one Arabic word): borrow one.
        spare = next((name for name in sorted(fonts) if space(fonts[name]).code), None)
        # A word cut without a hyphen gets no space, and a mark that says so for the
        # check, which has no HTML to ask: an empty /ActualText sequence at the line end.
        for run in _words_cut(runs[content.number], words):
            show = run.shows[-1]
            marker: list[tuple[bytes, Event | None]] = [
                (WORD_GOES_ON, Begin(0, 0, None, False, "")),
                (b"EMC", End(0, 0)),
            ]
            content.insert(show.end, marker)
            run.word_goes_on = True
        lost = _lost_spaces(runs[content.number], words) + across.get(content.number, [])
        for run, following, rtl in lost:
            show = run.shows[0 if rtl else -1]
            name, size = show.font, show.size
            own = space(fonts[name]).code is not None
            use = name if own else spare
            if use is None:
                unmended.append(_sample(run, following, rtl))
                continue
            glyph = space(fonts[use])
            code = glyph.code or b""
            # The space and a move back by its width: the glyphs stay where they were.
            instruction = b"[" + pdf_hex(code) + b" " + pdf_number(glyph.advance) + b"] TJ"
            event = Show(0, 0, use, size, show.y, fonts[use].decode(code), "TJ")
            block: list[tuple[bytes, Event | None]] = [(instruction, event)]
            if not own:
                block.insert(0, (pdf_name(use) + b" " + pdf_number(size) + b" Tf", None))
                block.append((pdf_name(name) + b" " + pdf_number(size) + b" Tf", None))
            content.insert(show.start if rtl else show.end, block)
    return unmended
