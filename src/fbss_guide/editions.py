"""Editions: paper size, standard or large print, with or without a clinic's details.

`build.yaml` at the project root says which languages and editions `make build` makes.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from fbss_guide.errors import ContentError, Problem
from fbss_guide.yamlfile import LineDict, LineList, load_yaml

PAPERS = {"a4": "A4", "letter": "Letter"}  # CSS @page size names
PAPER_SIZES_PT = {"a4": (595.28, 841.89), "letter": (612.0, 792.0)}


@dataclass(frozen=True)
class EditionSpec:
    paper: str = "a4"
    large_print: bool = False

    @property
    def suffix(self) -> str:
        return self.paper + ("-large-print" if self.large_print else "")

    @property
    def body_size_pt(self) -> float:
        return 18.0 if self.large_print else 14.0

    @property
    def smallest_size_pt(self) -> float:
        # Large print means nothing below 16 pt (UKAAF), running headers included.
        return 16.0 if self.large_print else 12.0


STANDARD = EditionSpec()


@dataclass(frozen=True)
class BuildPlan:
    """What to build: languages (None = all with a catalog), editions, web edition."""

    languages: tuple[str, ...] | None = None
    editions: tuple[EditionSpec, ...] = (STANDARD,)
    web: bool = False


def load_build_plan(path: Path) -> BuildPlan:
    """Read build.yaml; every problem names the file, line and key."""
    problems: list[Problem] = []
    file = str(path)
    data = load_yaml(path, problems, file)
    if problems:
        raise ContentError(problems)
    if not isinstance(data, LineDict):
        raise ContentError([Problem(file, 1, "", "expected keys languages, editions, web")])
    for key in data:
        if key not in {"languages", "editions", "web"}:
            problems.append(
                Problem(
                    file,
                    data.key_lines[key],
                    key,
                    f"unknown key '{key}'",
                    "allowed keys: languages, editions, web",
                )
            )
    languages: tuple[str, ...] | None = None
    raw_languages = data.get("languages", "all")
    if isinstance(raw_languages, LineList) and all(isinstance(x, str) for x in raw_languages):
        languages = tuple(raw_languages)
    elif raw_languages != "all":
        problems.append(
            Problem(
                file,
                data.key_lines.get("languages"),
                "languages",
                "languages must be 'all' or a list of codes",
            )
        )
    editions: list[EditionSpec] = []
    raw_editions = data.get("editions")
    if not isinstance(raw_editions, LineList) or not raw_editions:
        problems.append(
            Problem(
                file,
                data.key_lines.get("editions", 1),
                "editions",
                "editions must be a non-empty list",
                "for example:\n  editions:\n    - paper: a4",
            )
        )
    else:
        for index, (item, line) in enumerate(
            zip(raw_editions, raw_editions.item_lines, strict=True)
        ):
            key = f"editions[{index + 1}]"
            if not isinstance(item, LineDict):
                problems.append(Problem(file, line, key, "each edition needs 'paper'"))
                continue
            unknown = set(item) - {"paper", "large_print"}
            for name in sorted(unknown):
                problems.append(
                    Problem(
                        file,
                        item.key_lines[name],
                        f"{key}.{name}",
                        f"unknown key '{name}'",
                        "allowed keys: paper, large_print",
                    )
                )
            paper = item.get("paper", "a4")
            if paper not in PAPERS:
                problems.append(
                    Problem(
                        file,
                        item.key_lines.get("paper", line),
                        f"{key}.paper",
                        f"'{paper}' is not a paper size",
                        "use a4 or letter",
                    )
                )
                continue
            large = item.get("large_print", False)
            if not isinstance(large, bool):
                problems.append(
                    Problem(
                        file,
                        item.key_lines["large_print"],
                        f"{key}.large_print",
                        "large_print must be true or false",
                    )
                )
                continue
            editions.append(EditionSpec(paper, large))
    web = data.get("web", False)
    if not isinstance(web, bool):
        problems.append(Problem(file, data.key_lines["web"], "web", "web must be true or false"))
    if problems:
        raise ContentError(problems)
    return BuildPlan(languages, tuple(editions), bool(web))
