"""Write files so that a reader never sees a half-written one."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from fbss_guide.output_dir import owned_files


def atomic_write_bytes(target: Path, data: bytes) -> None:
    """Write to a temporary file in the same folder, then rename over the target.

    A crash, a full disk or Ctrl-C leaves either the old file or the new one, never a
    mix, and no temporary file behind.
    """
    # Refuses symlinked folders on the way (and records the file in OUT's manifest once
    # written); the rename replaces a link at the target itself instead of following it.
    owned_files.before_write(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temp_name = tempfile.mkstemp(
        prefix=owned_files.temp_prefix(target), suffix=owned_files.TEMP_SUFFIX, dir=target.parent
    )
    try:
        # mkstemp makes the file private (0600); give it the usual permissions instead,
        # so a clinic's web server can read the web edition.
        os.fchmod(fd, 0o666 & ~_umask())
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp_name, target)
        owned_files.after_write(target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp_name)
        raise


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def atomic_write_text(target: Path, text: str) -> None:
    atomic_write_bytes(target, text.encode("utf-8"))
