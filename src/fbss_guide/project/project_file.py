"""The project file: where a guide's content, catalogs and template overrides are, and
which languages and editions a build makes.

A project is a folder with `fbss-guide.yaml`, found from the working directory upwards
(as MkDocs finds `mkdocs.yml`), or named with `--project DIR`. Every path in the file is
relative to that folder. The default templates and styles ship inside this package; a
project's `templates` folder may override any of them by name.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from fbss_guide.errors import BuildError, ContentError, Problem
from fbss_guide.i18n.paths import READABILITY_CONFIG as READABILITY_CONFIG
from fbss_guide.inputs.yamlfile import LineDict, LineList, load_yaml, unknown_key_problems
from fbss_guide.project.editions import PAPERS, EditionSpec

PROJECT_FILE = "fbss-guide.yaml"
PACKAGE_TEMPLATES = Path(__file__).resolve().parents[1] / "templates"

_FOLDER_KEYS = {"content": "content", "locales": "locales", "templates": "templates"}
_KEYS = (
    "content",
    "locales",
    "templates",
    "output",
    "languages",
    "editions",
    "translation_contact",
)
_EDITION_KEYS = ("format", "paper", "large_print")


@dataclass(frozen=True)
class Project:
    root: Path
    content_dir: Path
    locales_dir: Path
    templates_dir: Path | None  # the project's overrides; None: the package's templates only
    out_dir: Path
    languages: tuple[str, ...] | None  # None: English and every language with a catalog
    editions: tuple[EditionSpec, ...]
    file: Path | None = None
    # Where translators report a problem with the source text (the catalogs'
    # Report-Msgid-Bugs-To): an address or a web page; None: not given.
    translation_contact: str | None = None

    @property
    def template_dirs(self) -> tuple[Path, ...]:
        return template_search_path(self.templates_dir)


def template_search_path(overrides: Path | None) -> tuple[Path, ...]:
    """Where templates are looked up, first match wins: the project's, then the package's."""
    if overrides is None or overrides.resolve() == PACKAGE_TEMPLATES:
        return (PACKAGE_TEMPLATES,)
    return (overrides.resolve(), PACKAGE_TEMPLATES)


def effective_templates(search_path: tuple[Path, ...]) -> dict[str, Path]:
    """Every template file a build can use, by name: an override hides the package's
    file of the same name. Notes (*.md) are not templates."""
    found: dict[str, Path] = {}
    for folder in reversed(search_path):
        if not folder.is_dir():
            continue
        for path in folder.rglob("*"):
            if path.is_file() and path.suffix != ".md" and "__pycache__" not in path.parts:
                found[str(path.relative_to(folder))] = path
    return dict(sorted(found.items()))


def find_project_file(start: Path) -> Path | None:
    """The nearest fbss-guide.yaml in `start` or a folder above it."""
    start = start.resolve()
    for folder in (start, *start.parents):
        candidate = folder / PROJECT_FILE
        if candidate.is_file():
            return candidate
    return None


def locate_project(directory: Path | None = None) -> Path:
    """The project file for `--project DIR`, or the one found from the working folder."""
    if directory is not None:
        candidate = directory / PROJECT_FILE if directory.is_dir() else directory
        if not candidate.is_file():
            raise BuildError(
                f"no {PROJECT_FILE} in {directory}; give the folder of a guide project, "
                "or start one with 'fbss-guide new DIR'"
            )
        return candidate
    found = find_project_file(Path.cwd())
    if found is None:
        raise BuildError(
            f"no {PROJECT_FILE} here or in any folder above {Path.cwd()}; run the command "
            "inside a guide project, pass --project DIR, or start one with 'fbss-guide new DIR'"
        )
    return found


def load_project(directory: Path | None = None) -> Project:
    """Read and check a project file; every problem names the file, line and key."""
    path = locate_project(directory)
    problems: list[Problem] = []
    file = str(path)
    data = load_yaml(path, problems, file)
    if problems:
        raise ContentError(problems)
    if data is None:
        data = LineDict()
    if not isinstance(data, LineDict):
        raise ContentError([Problem(file, 1, "", "expected keys: " + ", ".join(_KEYS))])
    root = path.parent.resolve()
    problems += unknown_key_problems(data, _KEYS, file)

    def folder(key: str, default: str, must_exist: bool) -> Path | None:
        value = data.get(key, default)
        if not isinstance(value, str) or not value.strip():
            problems.append(
                Problem(file, data.key_lines.get(key), key, f"{key} must be a folder name")
            )
            return None
        resolved = (root / value).resolve()
        if must_exist and not resolved.is_dir():
            problems.append(
                Problem(
                    file,
                    data.key_lines.get(key),
                    key,
                    f"the {key} folder {resolved} does not exist",
                    f"create it, or point '{key}' at the right folder",
                )
            )
        return resolved

    content = folder("content", "content", True)
    locales = folder("locales", "locales", True)
    templates = folder("templates", "templates", False) if "templates" in data else None
    if templates is None and "templates" not in data and (root / "templates").is_dir():
        templates = (root / "templates").resolve()
    if templates is not None and "templates" in data and not templates.is_dir():
        problems.append(
            Problem(
                file,
                data.key_lines["templates"],
                "templates",
                f"the templates folder {templates} does not exist",
                "create it or remove the key (the built-in templates are used)",
            )
        )
    out = folder("output", "output", False)
    languages = _languages(data, file, problems)
    editions = parse_editions(
        data.get("editions"), data.key_lines.get("editions", 1), file, problems
    )
    contact = data.get("translation_contact")
    if contact is not None and (not isinstance(contact, str) or not contact.strip()):
        problems.append(
            Problem(
                file,
                data.key_lines.get("translation_contact"),
                "translation_contact",
                "translation_contact must be an e-mail address or a web address",
                "for example: translation_contact: https://example.org/guide/issues",
            )
        )
        contact = None
    if problems:
        raise ContentError(problems)
    assert content is not None and locales is not None and out is not None
    return Project(root, content, locales, templates, out, languages, editions, path, contact)


def _languages(data: LineDict, file: str, problems: list[Problem]) -> tuple[str, ...] | None:
    raw = data.get("languages", "all")
    if raw == "all":
        return None
    if isinstance(raw, LineList) and raw and all(isinstance(x, str) for x in raw):
        return tuple(raw)
    problems.append(
        Problem(
            file,
            data.key_lines.get("languages"),
            "languages",
            "languages must be 'all' or a list of codes",
            "for example: [en, es, ar]",
        )
    )
    return None


def parse_editions(
    raw: object, line: int, file: str, problems: list[Problem]
) -> tuple[EditionSpec, ...]:
    """The `editions` list: each item a format with its options (paper, large_print)."""
    from fbss_guide.formats import FORMATS

    if raw is None:
        return (EditionSpec(),)
    if not isinstance(raw, LineList) or not raw:
        problems.append(
            Problem(
                file,
                line,
                "editions",
                "editions must be a non-empty list",
                "for example:\n  editions:\n    - format: handout\n      paper: a4",
            )
        )
        return ()
    editions: list[EditionSpec] = []
    for index, (item, item_line) in enumerate(zip(raw, raw.item_lines, strict=True)):
        key = f"editions[{index + 1}]"
        if not isinstance(item, LineDict):
            problems.append(
                Problem(
                    file,
                    item_line,
                    key,
                    "each edition is a set of keys",
                    "for example: {format: handout, paper: a4}",
                )
            )
            continue
        name = item.get("format", "handout")
        output_format = FORMATS.get(name) if isinstance(name, str) else None
        if output_format is None:
            problems.append(
                Problem(
                    file,
                    item.key_lines.get("format", item_line),
                    f"{key}.format",
                    f"'{name}' is not an output format",
                    "use one of: " + ", ".join(FORMATS),
                )
            )
            continue
        allowed = {"format", *output_format.options}
        bad = False
        for option in item:
            if option not in allowed:
                problems.append(
                    Problem(
                        file,
                        item.key_lines[option],
                        f"{key}.{option}",
                        f"the {name} format has no option '{option}'",
                        "allowed keys: " + ", ".join(sorted(allowed)),
                    )
                )
                bad = True
        paper: str | None = None
        if "paper" in output_format.options:
            paper = item.get("paper", "a4")
            if paper not in PAPERS:
                problems.append(
                    Problem(
                        file,
                        item.key_lines.get("paper", item_line),
                        f"{key}.paper",
                        f"'{paper}' is not a paper size",
                        "use a4 or letter",
                    )
                )
                bad = True
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
            bad = True
        if not bad:
            editions.append(EditionSpec(paper, large, name))
    return tuple(editions)
