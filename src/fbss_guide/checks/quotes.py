"""Fair quotes: every claim row quotes its saved source page word for word, with the
page sentence's hedges and its subject kept.

The saved pages live inside the project, in `content/sources/`: `<id>.txt` is the page's
text as saved (never edited), `<id>.yaml` beside it says where it came from (`url`,
`retrieved`; `unknown` with a `note` where the copy came without them). A claim row
names its page (`source: <id>`) and copies the page's whole sentence (`quote`). The
printed claim may quote less, but each sentence it quotes from must keep:

- its subject: the quoted words start where the sentence (or one of its clauses, after a
  comma, a colon or a word such as "while" or "that") starts, so "Pain after surgery
  'is often from ...'" cannot stand for "chronic post-surgical spinal pain is often ...";
- its hedges: every hedge word of the sentence (`HEDGES`) is inside the quoted words.

Only whitespace and typographic quotes may differ from the page.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from fbss_guide.blocks import REGISTRY, ClaimRow
from fbss_guide.errors import Problem, display_path
from fbss_guide.guide import model
from fbss_guide.guide.markup import PlaceholderValue, to_plain
from fbss_guide.inputs.safe_input import InputRefused, read_input_bytes
from fbss_guide.inputs.yamlfile import LineDict, load_yaml

SOURCES_FOLDER = "sources"  # inside the content folder
SOURCE_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
# Words that limit a claim. A quote that leaves one out makes the clinic say more than
# it did (a strawman), so each one in a quoted sentence must be quoted too.
HEDGES = (
    "may",
    "might",
    "could",
    "can",
    "often",
    "some",
    "usually",
    "sometimes",
    "probably",
    "possibly",
    "perhaps",
    "approximately",
    "in one",
    "case",
)
_HEDGE_PATTERNS = [
    re.compile(r"\b" + hedge.replace(" ", r"\s+") + r"\b", re.IGNORECASE) for hedge in HEDGES
]
# A quote may start at a clause of its sentence: after this punctuation or these words.
_CLAUSE_PUNCTUATION = (",", ";", ":", "\u2013", "\u2014", "(", "-")  # en and em dash
_CLAUSE_WORDS = frozenset(
    {"while", "whereas", "and", "but", "or", "because", "although", "though", "that"}
    | {"which", "so", "when", "if"}
)
# A full stop after these is not the end of a sentence ("Dr. Borja", "et al. found").
_ABBREVIATIONS = frozenset(
    ["dr", "mr", "mrs", "ms", "prof", "st", "vs", "etc", "al", "fig", "no", "e.g", "i.e", "md"]
)

# Only whitespace and typographic quotes differ between a page and a faithful copy.
_QUOTES = str.maketrans(
    {"\u201c": '"', "\u201d": '"', "\u201e": '"', "\u2018": "'", "\u2019": "'", "`": "'"}
)
_QUOTED = re.compile(r'"([^"]+)"')
_ELLIPSIS = re.compile(r"\s*(?:…|\.\.\.)\s*")
_SENTENCE_END = re.compile(r"""[.!?]["')\]]*$""")
_SENTENCE_START = re.compile(r"""^["'(\[]*[A-Z0-9]""")
# How placeholders read in the English source, so "{percent:10-40}" matches "10-40%".
_ENGLISH_PLACEHOLDERS: dict[str, PlaceholderValue] = {
    "emergency": "",
    "percent": lambda argument: f"{argument}%",
    "number": lambda argument: argument,
}


def normalise(text: str) -> str:
    """Collapse whitespace and straighten typographic quotes; nothing else."""
    return re.sub(r"\s+", " ", text.translate(_QUOTES)).strip()


@dataclass(frozen=True)
class SourcePage:
    """A saved page's text, normalised, and where each of its sentences starts."""

    text: str
    sentence_starts: tuple[int, ...]

    def sentence_of(self, position: int) -> tuple[int, int]:
        """The (start, end) of the sentence holding `position`."""
        index = bisect_right(self.sentence_starts, position) - 1
        start = self.sentence_starts[index]
        following = self.sentence_starts[index + 1 :]
        end = following[0] - 1 if following else len(self.text)
        return start, end


def parse_page(raw: str) -> SourcePage:
    """Normalise a page as `normalise` does, remembering its sentence boundaries: a blank
    line, a line break before a capital (a heading or a new paragraph; a break before a
    small letter is a wrapped line), or . ! ? before a capital (not after "Dr.")."""
    parts = re.split(r"(\s+)", raw.translate(_QUOTES).strip())
    pieces: list[str] = []
    starts = [0]
    position = 0
    for index, part in enumerate(parts):
        if index % 2 == 0:
            pieces.append(part)
            position += len(part)
            continue
        pieces.append(" ")
        position += 1
        before, after = parts[index - 1], parts[index + 1]
        if _is_boundary(before, part, after):
            starts.append(position)
    return SourcePage("".join(pieces), tuple(starts))


def _is_boundary(before: str, space: str, after: str) -> bool:
    if space.count("\n") >= 2:
        return True
    if "\n" in space:
        return not after[:1].islower()
    if not _SENTENCE_END.search(before) or not _SENTENCE_START.match(after):
        return False
    word = before.rstrip("\"')]").rstrip(".!?").lower()
    return word not in _ABBREVIATIONS and not re.fullmatch(r"[a-z]", word)


def quoted_phrases(claim: ClaimRow) -> list[str]:
    """The phrases the printed English claim puts in quotation marks."""
    plain = normalise(to_plain(claim.claim.tokens, _ENGLISH_PLACEHOLDERS))
    phrases: list[str] = []
    for match in _QUOTED.finditer(plain):
        phrases += [part for part in _ELLIPSIS.split(match.group(1)) if part.strip()]
    return phrases


def unfair_cuts(page: SourcePage, spans: list[tuple[int, int]]) -> list[tuple[str, str]]:
    """What quoting `spans` of the page leaves out that it must not: (what, detail) for a
    sentence whose subject is cut away and for each hedge word of a quoted sentence
    that stands outside the spans."""
    found: list[tuple[str, str]] = []
    by_sentence: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for start, end in sorted(spans):
        # A span across sentences is checked in each sentence it touches.
        while start < end:
            bounds = page.sentence_of(start)
            by_sentence.setdefault(bounds, []).append((start, min(end, bounds[1])))
            start = bounds[1] + 1
    for (sentence_start, sentence_end), inside in by_sentence.items():
        sentence = page.text[sentence_start:sentence_end]
        first = inside[0][0]
        before = page.text[sentence_start:first].rstrip()
        words = before.split()
        if before and not (
            before.endswith(_CLAUSE_PUNCTUATION) or words[-1].strip("\"'").lower() in _CLAUSE_WORDS
        ):
            found.append(
                (
                    "subject",
                    f"the quote starts in the middle of the sentence and leaves out its "
                    f"subject: '{_tail(before)}' before '{_head(page.text[first:])}'",
                )
            )
        for pattern in _HEDGE_PATTERNS:
            for match in pattern.finditer(sentence):
                at = sentence_start + match.start()
                if not any(start <= at and at + len(match.group()) <= end for start, end in inside):
                    found.append(
                        (
                            "hedge",
                            f"the quote drops the hedge '{match.group()}' of its sentence: "
                            f"'…{_around(sentence, match.start(), match.end())}…'",
                        )
                    )
    return found


def _tail(text: str, words: int = 6) -> str:
    parts = text.split()
    return ("… " if len(parts) > words else "") + " ".join(parts[-words:])


def _head(text: str, words: int = 6) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")


def _around(text: str, start: int, end: int, words: int = 4) -> str:
    left = " ".join(text[:start].split()[-words:])
    right = " ".join(text[end:].split()[:words])
    return f"{left} {text[start:end]} {right}".strip()


def sources_dir(content_dir: Path) -> Path:
    return content_dir / SOURCES_FOLDER


def load_sources(content_dir: Path, problems: list[Problem]) -> dict[str, SourcePage]:
    """Every saved page of the content folder by id; its metadata's problems appended."""
    folder = sources_dir(content_dir)
    pages: dict[str, SourcePage] = {}
    if not folder.is_dir():
        return pages
    for path in sorted(folder.glob("*.txt")):
        shown = display_path(path, content_dir)
        if not SOURCE_ID.match(path.stem):
            problems.append(
                Problem(
                    shown,
                    None,
                    "",
                    f"'{path.stem}' cannot be a saved page's id",
                    "name the file with lower-case letters, digits, '-' and '_', then .txt",
                )
            )
            continue
        try:
            raw = read_input_bytes(path, content_dir).decode("utf-8")
        except (InputRefused, UnicodeDecodeError) as error:
            message = error.message if isinstance(error, InputRefused) else "not UTF-8 text"
            problems.append(Problem(shown, None, "", message, "save the page as UTF-8 text"))
            continue
        pages[path.stem] = parse_page(raw)
        problems += _metadata_problems(path.with_suffix(".yaml"), content_dir)
    return pages


def _metadata_problems(path: Path, content_dir: Path) -> list[Problem]:
    """`<id>.yaml`: the page's `url` and the `retrieved` date, or `unknown` and a `note`."""
    shown = display_path(path, content_dir)
    hint = "write url: https://... and retrieved: YYYY-MM-DD (or unknown, with a note: why)"
    if not path.exists():
        return [
            Problem(shown, None, "", "the saved page has no file saying where it is from", hint)
        ]
    problems: list[Problem] = []
    try:
        data = load_yaml(path, problems, shown, root=content_dir)
    except ValueError as error:  # PyYAML's date parser raises on a date such as 2026-13-01
        return [Problem(shown, None, "retrieved", f"not a real date: {error}", hint)]
    if problems or not isinstance(data, LineDict):
        return problems or [Problem(shown, 1, "", "expected keys url and retrieved", hint)]
    for key in sorted(set(data) - {"url", "retrieved", "title", "note"}):
        problems.append(
            Problem(
                shown,
                data.key_lines.get(key),
                key,
                f"unknown key '{key}'",
                "keys: url, retrieved, title, note",
            )
        )
    url, retrieved = data.get("url"), data.get("retrieved")
    if not (isinstance(url, str) and (url == "unknown" or re.match(r"^https?://\S+$", url))):
        problems.append(
            Problem(
                shown,
                data.key_lines.get("url", 1),
                "url",
                "url must be the page's address or 'unknown'",
                hint,
            )
        )
    if not (retrieved == "unknown" or isinstance(retrieved, date)):
        problems.append(
            Problem(
                shown,
                data.key_lines.get("retrieved", 1),
                "retrieved",
                "retrieved must be a date (YYYY-MM-DD) or 'unknown'",
                hint,
            )
        )
    if "unknown" in (url, retrieved) and not str(data.get("note", "")).strip():
        problems.append(
            Problem(shown, 1, "note", "say in a note why the address or date is unknown", hint)
        )
    return problems


def check_quotes(guide: model.Guide) -> list[Problem]:
    """Problems with the saved pages and with claim rows whose quote is not on their page,
    or cuts away the subject or a hedge of the page's sentence."""
    problems: list[Problem] = []
    pages = load_sources(guide.content_dir, problems)
    folder = display_path(sources_dir(guide.content_dir), guide.content_dir)
    for section in guide.sections:
        file = display_path(section.file, guide.content_dir)
        for block in section.blocks:
            # Any kind whose rows are claim rows (today only `claims`) is checked.
            rows = [row for row in REGISTRY.of(block).rows(block) if isinstance(row, ClaimRow)]
            for row in rows:
                problems += _row_problems(row, f"{block.id}.{row.id}", file, pages, folder)
    return problems


def _row_problems(
    row: ClaimRow, key: str, file: str, pages: dict[str, SourcePage], folder: str
) -> list[Problem]:
    line = row.claim.line or None
    page = pages.get(row.source)
    if page is None:
        known = ", ".join(sorted(pages)) or "none yet"
        return [
            Problem(
                file,
                line,
                f"{key}.source",
                f"no saved page '{row.source}' in {folder}/ (saved pages: {known})",
                f"save the page as {folder}/{row.source}.txt with {row.source}.yaml beside it, "
                "or give the id of a saved page",
            )
        ]
    quote = normalise(row.quote)
    at = page.text.find(quote) if quote else -1
    if at < 0:
        return [
            Problem(
                file,
                line,
                f"{key}.quote",
                f"the quote is not on page '{row.source}' word for word: '{_head(quote, 10)}'",
                "copy the whole sentence from the saved page exactly as written",
            )
        ]
    problems = [
        Problem(file, line, f"{key}.quote", f"{detail} (page '{row.source}')", _fix(what))
        for what, detail in unfair_cuts(page, [(at, at + len(quote))])
    ]
    if problems:
        return problems
    phrases = quoted_phrases(row)
    if not phrases:
        # A paraphrase cannot be checked against the page: the reader must see its words.
        return [
            Problem(
                file,
                line,
                f"{key}.claim",
                "the claim quotes nothing from its page",
                "put the clinic's own words, from 'quote:', in quotation marks",
            )
        ]
    spans: list[tuple[int, int]] = []
    cursor = 0
    for phrase in phrases:
        found = quote.find(phrase, cursor)
        found = found if found >= 0 else quote.find(phrase)
        if found < 0:
            problems.append(
                Problem(
                    file,
                    line,
                    f"{key}.claim",
                    f"the claim quotes '{phrase}', which is not in its quote",
                    "quote only words from the sentence in 'quote:'",
                )
            )
            continue
        spans.append((at + found, at + found + len(phrase)))
        cursor = found + len(phrase)
    return problems + [
        Problem(file, line, f"{key}.claim", f"{detail} (page '{row.source}')", _fix(what))
        for what, detail in unfair_cuts(page, spans)
    ]


def _fix(what: str) -> str:
    if what == "hedge":
        return "quote the sentence with its hedge words, as the page says it"
    return "start the quote at the sentence's (or clause's) subject, not at its verb"
