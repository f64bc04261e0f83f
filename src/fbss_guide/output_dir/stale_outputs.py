"""Files an earlier build wrote into the output folder that the project no longer builds.

After the author replaces the starter's picture or drops the Letter editions, the old
picture and PDFs stay in output/ and look current. The manifest (output_dir/owned_files.py) names
every file a build wrote; after a build of the whole project, what it lists and the
build neither wrote nor found up to date (nor does a web page it made refer to) is
stale. The build names them; it deletes nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from fbss_guide.output_dir.owned_files import written_files

# Relative references in a web page or its style sheet: src="…", href="…", url(…).
_REFERENCE = re.compile(r"""(?:src|href)="([^"#:]+)"|url\(["']?([^"')#:]+)["']?\)""")


def _referenced(files: Iterable[Path]) -> set[Path]:
    """The files a web page or style sheet among `files` refers to by relative path."""
    found: set[Path] = set()
    for path in files:
        if path.suffix not in (".html", ".css") or not path.is_file():
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        for match in _REFERENCE.finditer(text):
            found.add((path.parent / (match.group(1) or match.group(2))).resolve())
    return found


def stale_outputs(out_dir: Path, current: Iterable[Path]) -> list[Path]:
    """Files of earlier builds in `out_dir` that still exist and that a build of the
    whole project, whose files are `current`, no longer makes."""
    current = [path.resolve() for path in current]
    # Only web pages refer to other files; a saved print page carries its own.
    kept = set(current) | _referenced(path for path in current if "web" in path.parts)
    # A clinic's editions (built with --clinic) are another set: '<stem>-<clinic>.pdf'
    # beside the plain edition, its web edition in 'web-<clinic>/', and the clinic's
    # logo beside a web page.
    clinic_prefixes = {(path.parent, path.with_suffix("").name + "-") for path in current}
    root = out_dir.resolve()
    stale = []
    for name in sorted(written_files(out_dir)):
        parts = Path(name).parts
        if any(part.startswith(".") for part in parts) or parts[:1] == ("readability",):
            continue  # the tool's own cache and state; reports of 'check'
        path = (root / name).resolve()
        if not path.is_relative_to(root) or not path.is_file() or path in kept:
            continue
        if any(
            path.parent == folder and path.name.startswith(prefix)
            for folder, prefix in clinic_prefixes
        ):
            continue
        if path.parent.name == "web" and path.suffix not in (".html", ".css"):
            continue
        if any(part.startswith("web-") for part in parts):  # a clinic's web edition
            continue
        stale.append(path)
    return stale


def stale_notice(out_dir: Path, stale: list[Path]) -> str:
    root = out_dir.resolve()
    listed = "\n".join(f"  {path.relative_to(root)}" for path in stale)
    return (
        f"note: {len(stale)} file(s) in {out_dir} came from an earlier build and are no "
        "longer built (the content or the editions changed); they are out of date. "
        f"Delete them if nobody needs them:\n{listed}"
    )
