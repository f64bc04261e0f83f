"""`fbss-guide new DIR`: start a guide project that builds and passes every check.

The starter project ships in this package (`starter/`): a project file, one section
that uses every block kind, one checked reference, a picture, one saved source page
(quoted by the claims table), the English readability targets and no catalogs yet. Its
messages.pot is extracted here, so a translator can start with `fbss-guide i18n init LANG`
at once.

The project is written into a temporary folder beside the target, loaded back with the
tool's own loader, and only then renamed into place: a `new` that fails leaves nothing
behind, and a guide it writes always loads. Values go into guide.yaml as YAML scalars
written by PyYAML's emitter (a title may hold a colon, quotes, '#', a leading '-' or any
script).
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from datetime import date
from pathlib import Path
from string import Template

import yaml

from fbss_guide.errors import BuildError, ContentError
from fbss_guide.project.project_file import PROJECT_FILE

STARTER = Path(__file__).resolve().parent / "starter"
_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")


def _guide_id(folder: Path, given: str | None) -> str:
    if given is not None:
        if not _ID.match(given):
            raise BuildError(
                f"'{given}' cannot be a guide id: use lower-case letters, digits and "
                "hyphens (it becomes part of file names)"
            )
        return given
    slug = re.sub(r"[^a-z0-9]+", "-", folder.resolve().name.lower()).strip("-")[:40]
    return slug or "guide"


def yaml_scalar(value: str) -> str:
    """`value` as one YAML scalar on one line, quoted by PyYAML's emitter wherever YAML
    needs it (a colon, '#', quotes, a leading '-', a word YAML reads as a boolean)."""
    dumped = yaml.safe_dump(value, allow_unicode=True, width=1_000_000, default_style='"')
    return dumped.removesuffix("\n...\n").strip()


def new_project(folder: Path, guide_id: str | None = None, title: str | None = None) -> Path:
    """Write the starter project into `folder` (new or empty); return the folder.

    Nothing is left behind when it fails: the project is made in a temporary folder
    beside `folder`, checked with the loader, then renamed to `folder`."""
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise BuildError(
            f"{folder} is not an empty folder; choose a new folder name, so nothing of "
            "yours is overwritten"
        )
    found = folder.resolve()
    for parent in found.parents:
        if (parent / PROJECT_FILE).is_file():
            raise BuildError(
                f"{folder} is inside another guide project ({parent / PROJECT_FILE}); "
                "choose a folder outside it"
            )
    given_title = " ".join((title or "Your guide's title").split())
    if not given_title:
        raise BuildError("the title is empty; give the guide a title with --title")
    today = date.today()
    values = {
        "guide_id": _guide_id(folder, guide_id),
        "title": yaml_scalar(given_title),
        "today": today.isoformat(),
        "next_year": today.replace(year=today.year + 1, day=min(today.day, 28)).isoformat(),
        "author": yaml_scalar("Your name or group"),
    }
    created = [parent for parent in found.parents if not parent.exists()]
    found.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{found.name}.", suffix=".new", dir=found.parent))
    try:
        _write_starter(work, values)
        # Renamed over the target in one step (an empty folder there is replaced).
        os.replace(work, found)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        for parent in created:  # the folders made for it, innermost first
            try:
                parent.rmdir()
            except OSError:
                break
        raise
    return folder


def _write_starter(target: Path, values: dict[str, str]) -> None:
    """Copy the starter into `target`, fill in guide.yaml, extract messages.pot, and
    load the guide back, so a value the loader rejects fails here, not in the first
    build."""
    from fbss_guide.guide.content import load_guide
    from fbss_guide.i18n.commands import extract

    shutil.copytree(STARTER, target, dirs_exist_ok=True)
    guide_file = target / "content" / "guide.yaml"
    text = Template(guide_file.read_text(encoding="utf-8")).substitute(values)
    guide_file.write_text(text, encoding="utf-8")
    try:
        load_guide(target / "content")
    except ContentError as error:
        raise BuildError(
            "the guide would not load with the values given: "
            + "; ".join(problem.message for problem in error.problems)
            + ". Nothing was written; try another --title or --id"
        ) from None
    extract(target / "locales", content_dir=target / "content", templates_dir=target / "templates")
