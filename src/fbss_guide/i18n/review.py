"""Per-language review status: locales/<ll>/review.yaml.

A language is `draft` until a qualified medical translator has reviewed it; a draft
edition prints a notice on every page.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from fbss_guide.errors import ContentError, Problem
from fbss_guide.i18n.paths import babel_code
from fbss_guide.inputs.yamlfile import LineDict, load_yaml

STATUSES = ("draft", "reviewed")


@dataclass(frozen=True)
class Review:
    status: str = "draft"
    reviewer: str | None = None
    date: date | None = None
    note: str | None = None

    @property
    def is_draft(self) -> bool:
        return self.status != "reviewed"


def review_path(locales_dir: Path, language: str) -> Path:
    return locales_dir / babel_code(language) / "review.yaml"


def load_review(locales_dir: Path, language: str) -> Review:
    """Read a language's review file; a missing file means draft."""
    path = review_path(locales_dir, language)
    if not path.exists():
        return Review()
    problems: list[Problem] = []
    data = load_yaml(path, problems)
    if not problems and not isinstance(data, LineDict):
        problems.append(
            Problem(
                str(path),
                1,
                "",
                "expected keys status, reviewer, date"
                + (" (the file is empty)" if data is None else ""),
                "write at least 'status: draft', or delete the file (a language without one "
                "is a draft)",
            )
        )
    if problems or not isinstance(data, LineDict):
        raise ContentError(problems)
    unknown = set(data) - {"status", "reviewer", "date", "note"}
    if unknown:
        key = sorted(unknown)[0]
        raise ContentError(
            [
                Problem(
                    str(path),
                    data.key_lines[key],
                    key,
                    f"unknown key '{key}'",
                    "allowed keys: status, reviewer, date, note",
                )
            ]
        )
    status = data.get("status", "draft")
    if status not in STATUSES:
        raise ContentError(
            [
                Problem(
                    str(path),
                    data.key_lines.get("status"),
                    "status",
                    f"'{status}' is not a review status",
                    "use draft or reviewed",
                )
            ]
        )
    reviewed_on = data.get("date")
    if status == "reviewed" and (not data.get("reviewer") or not isinstance(reviewed_on, date)):
        raise ContentError(
            [
                Problem(
                    str(path),
                    data.line,
                    "status",
                    "a reviewed language needs the reviewer's name and the review date",
                    "add 'reviewer: Name, qualification' and 'date: YYYY-MM-DD'",
                )
            ]
        )
    return Review(
        status=status,
        reviewer=data.get("reviewer"),
        date=reviewed_on if isinstance(reviewed_on, date) else None,
        note=data.get("note"),
    )
