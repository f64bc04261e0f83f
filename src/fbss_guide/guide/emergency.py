"""Emergency numbers per language: `content/emergency-numbers.yaml`, checked.

The numbers are data, not translatable text: a catalog never holds them, so a
translation cannot print a different number. Place names come from Unicode CLDR (Babel)
in the edition's language, and "999 or 112" is joined with that language's own "or".
Every problem names the file, the line and the key, and says how to fix it.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from babel import Locale
from babel.lists import format_list
from markupsafe import Markup, escape

from fbss_guide.errors import Problem
from fbss_guide.guide.markup import Bold, Placeholder, Token
from fbss_guide.inputs.yamlfile import LineDict, LineList, load_yaml

NUMBERS_FILE = "emergency-numbers.yaml"

_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
# A short emergency number: 2 to 6 digits, nothing else (no spaces, no +).
_NUMBER = re.compile(r"^[0-9]{2,6}$")
_LANGUAGE = re.compile(r"^[a-z]{2,3}(-[A-Z][a-z]{3})?(-[A-Z]{2})?$")
_REGION_KEYS = ("id", "places", "numbers", "source", "checked")
_ENGLISH_PLACES = Locale.parse("en").territories


@dataclass(frozen=True)
class Region:
    """Places that share emergency numbers: ("US", "CA") call "911"."""

    id: str
    places: tuple[str, ...]
    numbers: tuple[str, ...]
    source: str

    def places_text(self, language: str) -> str:
        """'United States and Canada' in the edition's language."""
        locale = _locale(language)
        names = [locale.territories.get(code, _ENGLISH_PLACES[code]) for code in self.places]
        return format_list(names, locale=locale)

    def numbers_text(self, language: str) -> str:
        """'999 or 112' with the language's own word for 'or'."""
        return format_list(list(self.numbers), style="or", locale=_locale(language))

    def numbers_html(self, language: str) -> Markup:
        """The same, each number isolated left to right (in Arabic text "999 or 112"
        must not turn into "112 or 999") and kept on one line."""
        slots = [f"\x00{index}\x00" for index in range(len(self.numbers))]
        html = str(escape(format_list(slots, style="or", locale=_locale(language))))
        for slot, number in zip(slots, self.numbers, strict=True):
            html = html.replace(slot, f'<bdi dir="ltr" class="phone">{escape(number)}</bdi>')
        return Markup(html)


@dataclass(frozen=True)
class EmergencyNumbers:
    regions: tuple[Region, ...]
    languages: dict[str, tuple[Region, ...]]

    def for_language(self, language: str) -> tuple[Region, ...]:
        """The regions an edition in this language shows ('pt-BR' also takes 'pt')."""
        for tag in (language, language.split("-")[0]):
            if tag in self.languages:
                return self.languages[tag]
        return ()


def uses_emergency(tokens: tuple[Token, ...]) -> bool:
    """Whether a text says {emergency}: the numbers box goes under that text."""
    for token in tokens:
        if isinstance(token, Placeholder) and token.name == "emergency":
            return True
        if isinstance(token, Bold) and uses_emergency(token.children):
            return True
    return False


def _locale(language: str) -> Locale:
    return Locale.parse(language.replace("-", "_"))


class _Reader:
    def __init__(self, file: str, problems: list[Problem]) -> None:
        self.file = file
        self.problems = problems
        # Regions whose entry has a problem of its own: a language that lists one is
        # not told again that no such region exists.
        self.rejected: set[str] = set()

    def problem(self, line: int | None, key: str, message: str, hint: str) -> None:
        self.problems.append(Problem(self.file, line, key, message, hint))

    def strings(self, value: Any, line: int, key: str, example: str) -> list[str] | None:
        if not isinstance(value, LineList) or not value:
            self.problem(line, key, f"'{key}' must be a list", f"for example: {example}")
            return None
        if not all(isinstance(item, str) for item in value):
            self.problem(
                line,
                key,
                f"every item of '{key}' must be text in quotes",
                f"for example: {example} (a bare 000 would read as the number 0)",
            )
            return None
        return [item.strip() for item in value]

    def region(self, item: Any, line: int, index: int) -> Region | None:
        key = f"regions[{index + 1}]"
        if not isinstance(item, LineDict):
            self.problem(line, key, "a region must be a mapping", "start it with '- id: ...'")
            return None
        ok = True
        for name in item:
            if name not in _REGION_KEYS:
                self.problem(
                    item.key_lines.get(name, line),
                    f"{key}.{name}",
                    f"unknown key '{name}'",
                    "allowed: " + ", ".join(_REGION_KEYS),
                )
                ok = False
        for name in _REGION_KEYS:
            if name not in item:
                self.problem(line, key, f"'{name}' is missing", f"add '{name}:'")
                ok = False
        if not ok:
            return None
        lines = item.key_lines
        region_id = item["id"]
        if not isinstance(region_id, str) or not _ID.match(region_id):
            self.problem(
                lines["id"],
                f"{key}.id",
                f"'{region_id}' is not a region id",
                "use lowercase letters, digits and hyphens, such as us-canada",
            )
            ok = False
        places = self.strings(item["places"], lines["places"], f"{key}.places", "[US, CA]")
        for code in places or []:
            if code not in _ENGLISH_PLACES or not re.fullmatch(r"[A-Z]{2}", code):
                self.problem(
                    lines["places"],
                    f"{key}.places",
                    f"'{code}' is not a country code",
                    "use ISO 3166 two-letter codes in capitals (GB, US, CA) or EU",
                )
                ok = False
        numbers = self.strings(
            item["numbers"], lines["numbers"], f"{key}.numbers", '["999", "112"]'
        )
        for number in numbers or []:
            if not _NUMBER.match(number):
                self.problem(
                    lines["numbers"],
                    f"{key}.numbers",
                    f"'{number}' is not an emergency number",
                    'write the digits only, 2 to 6 of them, such as "112"',
                )
                ok = False
        source = item["source"]
        if not isinstance(source, str) or not source.startswith("https://"):
            self.problem(
                lines["source"],
                f"{key}.source",
                "the source must be an https:// address",
                "give the official page that lists the numbers",
            )
            ok = False
        checked = item["checked"]
        # A bare date (checked: 2026-12-07) is a date to YAML, and says when: enough.
        if isinstance(checked, datetime.date):
            checked = checked.isoformat()
        if not isinstance(checked, str) or not checked.strip():
            self.problem(
                lines["checked"],
                f"{key}.checked",
                "'checked' is empty" if checked in (None, "") else "'checked' must be text",
                "say where and when the numbers were checked, such as 'Read on the "
                "Ofcom page on 2026-12-07.'",
            )
            ok = False
        if not ok or places is None or numbers is None:
            if isinstance(region_id, str):
                self.rejected.add(region_id)
            return None
        return Region(region_id, tuple(places), tuple(numbers), source)

    def languages(
        self, value: Any, line: int, regions: dict[str, Region]
    ) -> dict[str, tuple[Region, ...]]:
        if not isinstance(value, LineDict):
            self.problem(
                line,
                "languages",
                "'languages' must map language codes to region lists",
                "for example:\n      languages:\n        en: [uk, us-canada, eu]",
            )
            return {}
        result: dict[str, tuple[Region, ...]] = {}
        for language, ids in value.items():
            where = value.key_lines.get(language, line)
            key = f"languages.{language}"
            if not isinstance(language, str) or not _LANGUAGE.match(language):
                self.problem(
                    where,
                    key,
                    f"'{language}' is not a language code",
                    "use the codes of the catalogs, such as en, pt-BR or zh-Hans",
                )
                continue
            names = self.strings(ids, where, key, "[uk, us-canada, eu]")
            if names is None:
                continue
            chosen = []
            for name in names:
                if name in self.rejected:
                    continue  # its own problem is reported where the region is
                if name not in regions:
                    self.problem(
                        where,
                        key,
                        f"no region has the id '{name}'",
                        "known ids: " + ", ".join(sorted(regions)),
                    )
                elif regions[name] in chosen:
                    self.problem(where, key, f"'{name}' is listed twice", "list it once")
                else:
                    chosen.append(regions[name])
            result[language] = tuple(chosen)
        return result


def load_emergency_numbers(
    content_dir: Path, problems: list[Problem], display: str | None = None
) -> EmergencyNumbers | None:
    """Read and check the numbers file; None if it is missing (no numbers printed) or
    has problems (they are appended to `problems`)."""
    path = content_dir / NUMBERS_FILE
    if not path.exists():
        return None
    file = display or str(path)
    count = len(problems)
    data = load_yaml(path, problems, file, root=content_dir)
    if data is None:
        return None
    reader = _Reader(file, problems)
    if not isinstance(data, LineDict):
        reader.problem(1, "", "expected 'regions:' and 'languages:'", "see the file's comments")
        return None
    for name in data:
        if name not in ("regions", "languages"):
            reader.problem(
                data.key_lines.get(name),
                name,
                f"unknown key '{name}'",
                "allowed: regions, languages",
            )
    raw_regions = data.get("regions")
    if not isinstance(raw_regions, LineList):
        reader.problem(
            data.key_lines.get("regions", 1),
            "regions",
            "'regions' must be a list",
            "start each region with '- id:'",
        )
        return None
    regions: dict[str, Region] = {}
    for index, (item, line) in enumerate(zip(raw_regions, raw_regions.item_lines, strict=True)):
        region = reader.region(item, line, index)
        if region is None:
            continue
        if region.id in regions:
            reader.problem(line, f"regions[{index + 1}].id", f"duplicate id '{region.id}'", "")
            continue
        regions[region.id] = region
    languages = reader.languages(data.get("languages"), data.key_lines.get("languages", 1), regions)
    used = {region.id for chosen in languages.values() for region in chosen}
    for index, (item, line) in enumerate(zip(raw_regions, raw_regions.item_lines, strict=True)):
        region_id = item.get("id") if isinstance(item, LineDict) else None
        if region_id in regions and region_id not in used:
            reader.problem(
                line,
                f"regions[{index + 1}]",
                f"region '{region_id}' is not shown in any language",
                "add its id to a language under 'languages', or delete it",
            )
    if len(problems) > count:
        return None
    return EmergencyNumbers(tuple(regions.values()), languages)
