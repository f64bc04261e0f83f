"""`fbss-guide new DIR`: start a guide project that builds and passes every check.

The starter project ships in this package (`starter/`): a project file, one section
that uses every block kind, one checked reference, a picture, one saved source page
(quoted by the claims table), the English readability targets and no catalogs yet. Its
messages.pot is extracted here, so a translator can start with `fbss-guide i18n init LANG`
at once.
"""

from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path
from string import Template

from fbss_guide.errors import BuildError
from fbss_guide.project import PROJECT_FILE

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


def new_project(folder: Path, guide_id: str | None = None, title: str | None = None) -> Path:
    """Write the starter project into `folder` (new or empty); return the folder."""
    from fbss_guide.i18n.commands import extract

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
    today = date.today()
    values = {
        "guide_id": _guide_id(folder, guide_id),
        "title": (title or "Your guide's title").replace("\n", " ").strip(),
        "today": today.isoformat(),
        "next_year": today.replace(year=today.year + 1, day=min(today.day, 28)).isoformat(),
        "author": "Your name or group",
    }
    shutil.copytree(STARTER, folder, dirs_exist_ok=True)
    guide_file = folder / "content" / "guide.yaml"
    text = Template(guide_file.read_text(encoding="utf-8")).substitute(values)
    guide_file.write_text(text, encoding="utf-8")
    extract(folder / "locales", content_dir=folder / "content", templates_dir=folder / "templates")
    return folder
