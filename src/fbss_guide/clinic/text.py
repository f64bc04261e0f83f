"""Clinic-file texts that can be given per language (care-team roles, logo alt text).

A value is either plain text (English, used in every edition) or a mapping from language
code to text:

    care_team:
      - en: Your doctor
        es: Su médico
        ar: طبيبك

The English value is required: an edition whose language is not given shows it, tagged
lang="en", so a screen reader reads it with English rules instead of mispronouncing it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from fbss_guide.errors import Problem
from fbss_guide.inputs.yamlfile import LineDict, LineList

FALLBACK = "en"
# A BCP 47 tag as the project writes them: language, optional script, optional region.
LANGUAGE_TAG = re.compile(r"^[a-z]{2,3}(-[A-Z][a-z]{3})?(-([A-Z]{2}|[0-9]{3}))?$")
EXAMPLE = "\n        en: Your doctor\n        es: Su médico"


@dataclass(frozen=True)
class LocalText:
    """One text in several languages; always has the English value."""

    values: tuple[tuple[str, str], ...]

    def pick(self, language: str) -> tuple[str, str]:
        """(text, its language) for an edition: the language's own value, else English.
        'pt-BR' also takes a plain 'pt' value."""
        table = dict(self.values)
        for tag in (language, language.split("-")[0]):
            if tag in table:
                return table[tag], tag
        return table[FALLBACK], FALLBACK

    def text(self, language: str) -> str:
        return self.pick(language)[0]

    def lang(self, language: str) -> str:
        return self.pick(language)[1]

    def __str__(self) -> str:
        return dict(self.values)[FALLBACK]


def _plain(
    value: Any, file: str, line: int | None, key: str, problems: list[Problem]
) -> str | None:
    if isinstance(value, bool) or not isinstance(value, str | int):
        problems.append(Problem(file, line, key, f"'{key}' must be text", "write it as text"))
        return None
    text = str(value).strip()
    if not text:
        problems.append(Problem(file, line, key, f"'{key}' is empty", "write the text"))
        return None
    if "<" in text:
        problems.append(Problem(file, line, key, f"'{key}' must be plain text, not HTML"))
        return None
    return text


def parse_local_text(
    value: Any, file: str, line: int | None, key: str, problems: list[Problem]
) -> LocalText | None:
    """Validate one per-language value; every problem names file, line and key."""
    if not isinstance(value, LineDict):
        text = _plain(value, file, line, key, problems)
        return LocalText(((FALLBACK, text),)) if text is not None else None
    values: list[tuple[str, str]] = []
    for tag, raw in value.items():
        where = value.key_lines.get(tag, line)
        if not isinstance(tag, str) or not LANGUAGE_TAG.match(tag):
            problems.append(
                Problem(
                    file,
                    where,
                    f"{key}.{tag}",
                    f"'{tag}' is not a language code",
                    "use the codes of the catalogs, such as en, es, pt-BR or zh-Hans",
                )
            )
            continue
        text = _plain(raw, file, where, f"{key}.{tag}", problems)
        if text is not None:
            values.append((tag, text))
    if FALLBACK not in value:
        problems.append(
            Problem(
                file,
                line,
                key,
                "the English value is missing",
                f"add 'en: ...'; editions in languages you did not give show it, for example:"
                f"{EXAMPLE}",
            )
        )
        return None
    return LocalText(tuple(values)) if len(values) == len(value) else None


def parse_care_team(data: LineDict, file: str, problems: list[Problem]) -> tuple[LocalText, ...]:
    """The 'care_team' list: each role plain text or per language."""
    if "care_team" not in data:
        return ()
    raw = data["care_team"]
    line = data.key_lines["care_team"]
    if not isinstance(raw, LineList):
        problems.append(
            Problem(
                file,
                line,
                "care_team",
                "care_team must be a list of roles",
                f"for example:\n      care_team:\n        - Your doctor\n        -{EXAMPLE[1:]}",
            )
        )
        return ()
    roles = []
    for index, item in enumerate(raw):
        item_line = raw.item_lines[index]
        role = parse_local_text(item, file, item_line, f"care_team[{index + 1}]", problems)
        if role is not None:
            roles.append(role)
    return tuple(roles)
