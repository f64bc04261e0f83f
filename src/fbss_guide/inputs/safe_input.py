"""Read input files safely: regular files inside the project, below a size limit.

A symlink `content/sections/12-x.yaml -> /etc/passwd` must not be read (its first line
would be printed in an error), a FIFO would block the build for ever, and a 50 MB YAML
file takes gigabytes to parse. Every check happens before the file is opened, and the
read itself stops one byte past the limit, so a file that grows in between is caught too.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fbss_guide.errors import Problem

# Content, catalog and clinic files are a few kilobytes to a few hundred; 2 MB is
# far above any real one and far below what hurts the machine.
MAX_INPUT_BYTES = 2 * 1024 * 1024


class InputRefused(Exception):
    """The file is not read; `hint` says how to fix it."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


def check_input_file(path: Path, root: Path | None) -> Path:
    """The resolved path of a readable regular file inside root, or InputRefused."""
    try:
        info = os.lstat(path)
    except FileNotFoundError as error:
        raise InputRefused("file not found", "check the file name") from error
    except OSError as error:
        raise InputRefused(f"cannot read file: {error.strerror}", "check its permissions") from None
    resolved = path.resolve()
    if stat.S_ISLNK(info.st_mode):
        if root is not None and not resolved.is_relative_to(root.resolve()):
            raise InputRefused(
                f"the file is a symbolic link to {_shown(resolved)}, outside "
                f"{_shown(root.resolve())}; files outside the project are not read",
                "replace the link with a copy of the file inside the project",
            )
        try:
            info = os.stat(path)
        except OSError as error:
            raise InputRefused(
                f"the file is a broken symbolic link ({error.strerror})",
                "replace the link with the file itself",
            ) from None
    if not stat.S_ISREG(info.st_mode):
        kind = (
            "a folder"
            if stat.S_ISDIR(info.st_mode)
            else "a named pipe (FIFO)"
            if stat.S_ISFIFO(info.st_mode)
            else "a device or socket"
        )
        raise InputRefused(
            f"the input is {kind}, not a regular file; it was not opened",
            "replace it with an ordinary text file",
        )
    return resolved


def _shown(path: Path) -> str:
    # The target's name only: the point is where it is, not what it contains.
    return str(path)


def read_input_bytes(path: Path, root: Path | None, limit: int = MAX_INPUT_BYTES) -> bytes:
    """The bytes of a regular file inside root, at most `limit` of them."""
    check_input_file(path, root)
    size = os.stat(path).st_size
    if size > limit:
        raise InputRefused(_too_large(size, limit), _SPLIT_HINT)
    # O_NONBLOCK: if the file was swapped for a FIFO since the check, open does not hang.
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise InputRefused("the input is not a regular file", "use an ordinary text file")
        with os.fdopen(fd, "rb", closefd=False) as handle:
            data = handle.read(limit + 1)
    finally:
        os.close(fd)
    if len(data) > limit:
        raise InputRefused(_too_large(len(data), limit), _SPLIT_HINT)
    return data


_SPLIT_HINT = "split the text into several smaller files, or remove what is not needed"


def _too_large(size: int, limit: int) -> str:
    return (
        f"the file is too large ({size / 1024 / 1024:.1f} MB or more); "
        f"the limit is {limit // 1024 // 1024} MB"
    )


def tree_problems(folder: Path, display_root: Path | None = None) -> list[Problem]:
    """Entries of an input folder that are not ordinary files: FIFOs, devices, sockets,
    and symbolic links that point outside the folder. Nothing is opened.

    Run before the build cache hashes the folder: hashing a FIFO would block for ever,
    and a build whose outputs are up to date would otherwise never look at the folder.
    """
    from fbss_guide.errors import Problem

    problems: list[Problem] = []
    root = folder.resolve()
    if not root.is_dir():
        return problems
    shown_base = (display_root or folder.parent).resolve()
    for current, dirs, files in os.walk(root, followlinks=False):
        for name in sorted(files + [d for d in dirs if os.path.islink(Path(current) / d)]):
            path = Path(current) / name
            try:
                check_input_file(path, root)
            except InputRefused as refused:
                if "folder" in refused.message and path.resolve().is_relative_to(root):
                    continue  # a symlink to a folder inside the project is fine
                try:
                    shown = str(path.relative_to(shown_base))
                except ValueError:
                    shown = str(path)
                problems.append(Problem(shown, None, "", refused.message, refused.hint))
    return problems
