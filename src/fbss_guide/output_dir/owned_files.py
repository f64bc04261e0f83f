"""The output folder: the tool touches only the files it wrote, one build at a time.

- `--out` may not be inside (or equal to) the content, locales or templates folder: a
  build there would mix generated files into the sources and hash its own output.
- An advisory lock (flock) on OUT/.fbss-guide.lock: a second build into the same folder
  fails at once with a clear message instead of mixing its files with the first one's.
- A manifest, OUT/.fbss-guide-manifest, lists every file a build wrote (one JSON object
  per line, appended before the file is written, so a crash still leaves a record).
- Temporary files carry a mark only this tool uses (`.<name>.fbss-tmp-XXXXXXXX.tmp`),
  and the sweep of leftovers looks only in folders the manifest names: a user's own
  `.thesis.tmp` is never touched.
- No write goes through a symbolic link: folders on the way from OUT to a file must be
  real folders, and files are renamed over their target (a link there is replaced, not
  followed).
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from fbss_guide.errors import BuildError

LOCK_NAME = ".fbss-guide.lock"
MANIFEST_NAME = ".fbss-guide-manifest"
TEMP_MARK = ".fbss-tmp-"
TEMP_SUFFIX = ".tmp"
# mkstemp's random part: 8 characters from [a-z0-9_].
_TEMP_NAME = re.compile(r"^\..+" + re.escape(TEMP_MARK) + r"[a-z0-9_]{8}" + r"\.tmp$")


def temp_prefix(target: Path) -> str:
    return f".{target.name}{TEMP_MARK}"


def is_temporary_name(name: str) -> bool:
    """True only for names this tool gives its temporary files."""
    return bool(_TEMP_NAME.match(name))


@dataclass
class _Session:
    out_dir: Path
    lock_fd: int | None = None
    written: set[str] = field(default_factory=set)


_sessions: dict[Path, _Session] = {}  # by resolved OUT; one lock per folder and process
_current: _Session | None = None


def check_out_dir(out_dir: Path, sources: dict[str, Path]) -> None:
    """Refuse an output folder inside (or equal to) a source folder."""
    out = out_dir.resolve()
    for name, folder in sources.items():
        source = folder.resolve()
        if out == source or out.is_relative_to(source):
            raise BuildError(
                f"the output folder {out_dir} is inside the {name} folder {folder}; "
                "generated files would mix with the sources. Choose an --out outside "
                f"{folder}, for example the project's output/ folder"
            )


def begin(out_dir: Path, sources: dict[str, Path]) -> None:
    """Start a build into out_dir: check the folder, take the lock if it exists (else
    at the first write), refuse symlinked tool folders, sweep leftover temporary files."""
    global _current
    check_out_dir(out_dir, sources)
    key = out_dir.resolve()
    session = _sessions.setdefault(key, _Session(key))
    _current = session
    session.written = set()
    if out_dir.is_dir():
        _lock(session)
        sweep(out_dir)


@contextlib.contextmanager
def building(out_dir: Path, sources: dict[str, Path]) -> Iterator[None]:
    """One build into out_dir: the lock is held until the build ends, however it ends."""
    global _current
    begin(out_dir, sources)
    try:
        yield
    finally:
        release(out_dir)
        _current = None


def check_inputs(*folders: Path) -> None:
    """Refuse FIFOs, devices and symbolic links out of the input folders, unopened."""
    from fbss_guide.errors import ContentError
    from fbss_guide.inputs.safe_input import tree_problems

    problems = [problem for folder in folders for problem in tree_problems(folder)]
    if problems:
        raise ContentError(problems)


def _lock(session: _Session) -> None:
    if session.lock_fd is not None:
        return  # this process holds it already (watch mode, repeated builds)
    session.out_dir.mkdir(parents=True, exist_ok=True)
    path = session.out_dir / LOCK_NAME
    flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags, 0o644)
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise BuildError(
                f"{path} is a symbolic link; remove it (the tool creates this lock file)"
            ) from None
        raise BuildError(f"cannot create the lock file {path}: {error.strerror}") from None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        holder = os.pread(fd, 64, 0).decode("ascii", "replace").strip() or "unknown"
        os.close(fd)
        raise BuildError(
            f"another fbss-guide build (process {holder}) is writing to {session.out_dir}; "
            "wait for it to finish, or build into another folder with --out"
        ) from None
    os.ftruncate(fd, 0)
    os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
    session.lock_fd = fd


def release(out_dir: Path) -> None:
    """Give the lock back (the end of the process does this too).

    The holder's process id is erased first, so that a build leaves the lock file as it
    found it (empty): a failed build changes no byte of the output folder.
    """
    session = _sessions.pop(out_dir.resolve(), None)
    if session is not None and session.lock_fd is not None:
        with contextlib.suppress(OSError):
            os.ftruncate(session.lock_fd, 0)
        os.close(session.lock_fd)


def _inside(session: _Session, target: Path) -> Path | None:
    try:
        return target.absolute().relative_to(session.out_dir)
    except ValueError:
        try:
            return target.resolve().relative_to(session.out_dir)
        except ValueError:
            return None


def before_write(target: Path) -> None:
    """Called before every write: take the lock, refuse symlinked folders.

    Writes outside the current build's OUT (catalogs compiled by `i18n compile`) pass
    through unchanged.
    """
    session = _current
    if session is None:
        return
    relative = _inside(session, target)
    if relative is None:
        return
    _lock(session)
    _refuse_linked_folders(session.out_dir, relative)


def after_write(target: Path) -> None:
    """Called once a file is in place: record it in the manifest. Recorded after, not
    before, so a build that fails before its first write changes no byte of OUT."""
    session = _current
    if session is None:
        return
    relative = _inside(session, target)
    if relative is None:
        return
    name = relative.as_posix()
    if name in session.written:
        return
    session.written.add(name)
    manifest = session.out_dir / MANIFEST_NAME
    if manifest.is_symlink():
        raise BuildError(f"{manifest} is a symbolic link; remove it")
    line = json.dumps({"build": os.getpid(), "file": name}) + "\n"
    with open(manifest, "a", encoding="utf-8") as handle:
        handle.write(line)


def _refuse_linked_folders(out_dir: Path, relative: Path) -> None:
    folder = out_dir
    for part in relative.parts[:-1]:
        folder = folder / part
        try:
            info = os.lstat(folder)
        except FileNotFoundError:
            return  # created by this write, as a real folder
        if stat.S_ISLNK(info.st_mode) or not stat.S_ISDIR(info.st_mode):
            raise BuildError(
                f"{folder} is a symbolic link or not a folder; the build writes only into "
                "folders it created. Remove it, or build into another folder with --out"
            )


def _plain_name(name: str) -> bool:
    """A relative path with no '..' (what this tool writes into a manifest)."""
    path = Path(name)
    return bool(path.parts) and not path.is_absolute() and ".." not in path.parts


def written_files(out_dir: Path) -> set[str]:
    """Every file (relative to OUT) any build recorded in the manifest."""
    try:
        text = (out_dir / MANIFEST_NAME).read_text(encoding="utf-8")
    except OSError:
        return set()
    files: set[str] = set()
    for line in text.splitlines():
        with contextlib.suppress(ValueError, TypeError, KeyError):
            files.add(str(json.loads(line)["file"]))
    return files


def sweep(out_dir: Path) -> list[Path]:
    """Delete temporary files a killed build left: only this tool's names, only in the
    folders the manifest names. Returns what was deleted."""
    removed: list[Path] = []
    root = out_dir.resolve()
    folders = {(root / name).parent for name in written_files(out_dir) if _plain_name(name)}
    for folder in sorted(folders):
        # The manifest is a file in OUT that anyone can edit: a line naming
        # "../../elsewhere/x" or a folder linked out of OUT must not lead the sweep
        # outside. Path.is_relative_to compares names only ("OUT/../x" passes), so the
        # folder is resolved first.
        if folder.is_symlink() or not folder.is_dir() or folder.resolve() != folder:
            continue
        if not folder.is_relative_to(root):
            continue
        for entry in folder.iterdir():
            if is_temporary_name(entry.name) and entry.is_file() and not entry.is_symlink():
                entry.unlink(missing_ok=True)
                removed.append(entry)
    return removed
