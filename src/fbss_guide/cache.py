"""A content-addressed build cache: an edition is rebuilt only when an input changed.

An edition's key is a hash of everything it depends on: the content, the templates,
its language's catalog and review status, the readability targets, the clinic file
and logo, the fonts its script uses, the edition options, SOURCE_DATE_EPOCH and the
package's own code. Computing keys reads files and asks fontconfig, but imports
neither Jinja2 nor WeasyPrint, so a build with nothing to do finishes at once.

Entries are written only after an edition's files are safely in place, so a failed
or interrupted build never leaves an entry that claims a file is up to date.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
from dataclasses import asdict, dataclass
from functools import cache
from pathlib import Path

from fbss_guide import __version__
from fbss_guide.atomic import atomic_write_text

PACKAGE_DIR = Path(__file__).resolve().parent


def _digest_files(paths: list[Path], root: Path) -> str:
    hasher = hashlib.sha256()
    for path in sorted(paths):
        hasher.update(str(path.relative_to(root)).encode())
        hasher.update(b"\0")
        hasher.update(path.read_bytes())
        hasher.update(b"\0")
    return hasher.hexdigest()


def digest_tree(root: Path, pattern: str = "*") -> str:
    """Hash of every file under root (names and bytes); empty string if root is missing."""
    if not root.exists():
        return ""
    files = [p for p in root.rglob(pattern) if p.is_file() and "__pycache__" not in p.parts]
    return _digest_files(files, root)


def digest_file(path: Path | None) -> str:
    if path is None:
        return ""
    try:
        stat = path.stat()
    except OSError:
        return ""
    return _digest_file(path, stat.st_mtime_ns, stat.st_size)


@cache
def _digest_file(path: Path, mtime_ns: int, size: int) -> str:
    # Keyed by modification time and size too, so a changed file is hashed again.
    return hashlib.sha256(path.read_bytes()).hexdigest()


@cache
def code_digest() -> str:
    """The package's own code: a change to the renderer rebuilds everything."""
    return __version__ + ":" + digest_tree(PACKAGE_DIR, "*.py")


@cache
def font_fingerprint(families: tuple[str, ...]) -> str:
    """Which font files fontconfig would use for these families, with their sizes."""
    result = subprocess.run(
        ["fc-list", "--format", "%{family}\t%{file}\n"],
        capture_output=True,
        text=True,
        check=False,
    )
    entries = []
    for line in result.stdout.splitlines():
        names, _, file = line.partition("\t")
        if any(family in names.split(",") for family in families):
            try:
                size = os.stat(file).st_size
            except OSError:
                size = -1
            entries.append(f"{file}:{size}")
    return hashlib.sha256("\n".join(sorted(entries)).encode()).hexdigest()


def combine(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


@dataclass(frozen=True)
class CacheEntry:
    key: str
    pdf_sha256: str
    pages: int
    size: int
    seconds: float
    checks: str


class BuildCache:
    """Cache entries live in OUT/.cache/<edition>.json."""

    def __init__(self, out_dir: Path) -> None:
        self.folder = out_dir / ".cache"

    def _path(self, stem: str) -> Path:
        return self.folder / f"{stem}.json"

    def fresh(self, stem: str, key: str, outputs: list[Path]) -> CacheEntry | None:
        """The entry if the key matches and the outputs are the files it recorded."""
        try:
            data = json.loads(self._path(stem).read_text(encoding="utf-8"))
            entry = CacheEntry(**data)
        except (OSError, ValueError, TypeError):
            return None
        if entry.key != key or not all(path.exists() for path in outputs):
            return None
        if entry.pdf_sha256 and digest_file(outputs[0]) != entry.pdf_sha256:
            return None  # the file was changed or replaced by hand
        return entry

    def previous_seconds(self, stem: str) -> float | None:
        """How long the edition took last time, whatever its inputs were then."""
        try:
            return float(json.loads(self._path(stem).read_text(encoding="utf-8"))["seconds"])
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def store(self, stem: str, entry: CacheEntry) -> None:
        atomic_write_text(self._path(stem), json.dumps(asdict(entry), indent=1))

    # Check results -------------------------------------------------------------------
    # Checks are a pure function of their inputs: once content (or a catalog) passed
    # them, the same inputs pass again. Remembering that keeps small rebuilds fast.

    def passed(self, name: str, key: str) -> bool:
        try:
            return (self.folder / "checks" / f"{name}.key").read_text(encoding="utf-8") == key
        except OSError:
            return False

    def mark_passed(self, name: str, key: str) -> None:
        atomic_write_text(self.folder / "checks" / f"{name}.key", key)
