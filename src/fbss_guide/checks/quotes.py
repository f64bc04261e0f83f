"""Fair quotes: every claim row quotes its clinic page verbatim, qualifiers included.

A claim row names the saved page it comes from (`seed`) and copies the page's whole
sentence (`quote`). This check proves the sentence is on that page, and that every
phrase the printed English claim puts in quotation marks is part of that sentence, so
a row cannot quote a clipped, weaker claim than the clinic made.
"""

from __future__ import annotations

import re
from pathlib import Path

from fbss_guide import model
from fbss_guide.blocks import REGISTRY, ClaimRow
from fbss_guide.errors import Problem, display_path
from fbss_guide.markup import PlaceholderValue, to_plain

# Only whitespace and typographic quotes differ between a page and a faithful copy.
_QUOTES = str.maketrans(
    {"\u201c": '"', "\u201d": '"', "\u201e": '"', "\u2018": "'", "\u2019": "'", "`": "'"}
)
_QUOTED = re.compile(r'"([^"]+)"')
_ELLIPSIS = re.compile(r"\s*(?:…|\.\.\.)\s*")
_SEED_NAME = re.compile(r"^[A-Za-z0-9_.-]+\.txt$")
# How placeholders read in the English source, so "{percent:10-40}" matches "10-40%".
_ENGLISH_PLACEHOLDERS: dict[str, PlaceholderValue] = {
    "emergency": "",
    "percent": lambda argument: f"{argument}%",
    "number": lambda argument: argument,
}


def normalise(text: str) -> str:
    """Collapse whitespace and straighten typographic quotes; nothing else."""
    return re.sub(r"\s+", " ", text.translate(_QUOTES)).strip()


def quoted_phrases(claim: ClaimRow) -> list[str]:
    """The phrases the printed English claim puts in quotation marks."""
    plain = normalise(to_plain(claim.claim.tokens, _ENGLISH_PLACEHOLDERS))
    phrases: list[str] = []
    for match in _QUOTED.finditer(plain):
        phrases += [part for part in _ELLIPSIS.split(match.group(1)) if part.strip()]
    return phrases


def check_quotes(guide: model.Guide, seeds_dir: Path) -> list[Problem]:
    """Problems with claim rows whose quote is not on their seed page, or was trimmed."""
    problems: list[Problem] = []
    pages: dict[str, str | None] = {}
    for section in guide.sections:
        file = display_path(section.file, guide.content_dir)
        for block in section.blocks:
            # Any kind whose rows are claim rows (today only `claims`) is checked.
            rows = [row for row in REGISTRY.of(block).rows(block) if isinstance(row, ClaimRow)]
            for row in rows:
                key = f"{block.id}.{row.id}"
                line = row.claim.line or None
                if not _SEED_NAME.match(row.seed):
                    problems.append(
                        Problem(
                            file,
                            line,
                            f"{key}.seed",
                            f"'{row.seed}' is not a seed file name",
                            "give the file name only, for example 000_d9d4023e1f2e1dcd.txt",
                        )
                    )
                    continue
                if row.seed not in pages:
                    path = seeds_dir / row.seed
                    pages[row.seed] = (
                        normalise(path.read_text(encoding="utf-8")) if path.is_file() else None
                    )
                page = pages[row.seed]
                if page is None:
                    problems.append(
                        Problem(
                            file,
                            line,
                            f"{key}.seed",
                            f"seed file '{row.seed}' is not in {seeds_dir}",
                            "check the file name against the saved clinic pages",
                        )
                    )
                    continue
                quote = normalise(row.quote)
                if quote not in page:
                    problems.append(
                        Problem(
                            file,
                            line,
                            f"{key}.quote",
                            f"the quote is not in {row.seed} word for word: '{quote[:60]}'",
                            "copy the whole sentence from the page exactly as written",
                        )
                    )
                    continue
                for phrase in quoted_phrases(row):
                    if phrase not in quote:
                        problems.append(
                            Problem(
                                file,
                                line,
                                f"{key}.claim",
                                f"the claim quotes '{phrase}', which is not in its quote",
                                "quote only words from the sentence in 'quote:'",
                            )
                        )
    return problems
