"""Builds already made: answered without a builder or a place in the waiting line.

A finished build leaves its zip and preview in the clinic's cache folder, under the
choices it was made for (languages, editions), with a fingerprint of the project's
inputs as they were when the build was asked for. A repeat of the same request finds
them there and is done at once: the request's own folder gets hard links to the files
(removed after its download, as for any build), and no worker is taken. A change to
the content, a catalog or a template changes the fingerprint, so the next request
builds again (and the engine's own cache still reuses every edition it can).

The fingerprint reads file sizes and modification times only (about a hundred `stat`
calls), so it costs well under a millisecond per request.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import secrets
import shutil
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from fbss_guide.project.project_file import Project

READY_DIR = "ready"
META_FILE = "ready.json"
ZIP_NAME = "handouts.zip"
PREVIEW_NAME = "preview.png"


@dataclass(frozen=True)
class ReadyBuild:
    zip_path: Path
    preview: Path | None
    preview_of: str


def inputs_fingerprint(project: Project) -> str:
    """What the project's editions are made from, as it stands now (sizes and times)."""
    digest = hashlib.sha256()
    roots = [project.content_dir, project.locales_dir, *project.template_dirs]
    files: list[Path] = [project.file] if project.file else []
    for root in roots:
        if root.is_dir():
            files += (path for path in root.rglob("*") if "__pycache__" not in path.parts)
    for path in sorted(set(files)):
        with contextlib.suppress(OSError):
            stat = path.stat()
            if path.is_file():
                digest.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def selection_folder(cache_folder: Path, languages: Sequence[str], editions: Iterable[str]) -> Path:
    """Where a clinic's build of these choices is kept (order of editions does not count)."""
    choice = "|".join(languages) + "#" + "|".join(sorted(editions))
    return cache_folder / READY_DIR / hashlib.sha256(choice.encode()).hexdigest()[:24]


def find(folder: Path, fingerprint: str) -> ReadyBuild | None:
    """The build kept in folder, if it was made from the same inputs and is whole."""
    try:
        meta = json.loads((folder / META_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(meta, dict) or meta.get("fingerprint") != fingerprint:
        return None
    zip_path = folder / ZIP_NAME
    preview = folder / PREVIEW_NAME if meta.get("preview_of") else None
    if not zip_path.is_file() or (preview is not None and not preview.is_file()):
        return None
    return ReadyBuild(zip_path, preview, str(meta.get("preview_of") or ""))


def keep(folder: Path, build: ReadyBuild, fingerprint: str) -> None:
    """Keep a finished build's files for repeats: the files first, the record last, so a
    reader never sees a record without its files."""
    folder.mkdir(parents=True, exist_ok=True)
    _link_or_copy(build.zip_path, folder / ZIP_NAME)
    if build.preview is not None:
        _link_or_copy(build.preview, folder / PREVIEW_NAME)
    meta = {"fingerprint": fingerprint, "preview_of": build.preview_of}
    _write_atomic(folder / META_FILE, json.dumps(meta).encode())


def hand_out(build: ReadyBuild, request_folder: Path) -> ReadyBuild:
    """The kept files, linked into a request's own folder (removed after its download)."""
    zip_path = request_folder / ZIP_NAME
    _link_or_copy(build.zip_path, zip_path)
    preview = None
    if build.preview is not None:
        preview = request_folder / PREVIEW_NAME
        _link_or_copy(build.preview, preview)
    return ReadyBuild(zip_path, preview, build.preview_of)


def _link_or_copy(source: Path, target: Path) -> None:
    """A hard link where the file system allows one (no copy of a large zip), else a copy;
    either way the target appears whole, by rename."""
    temporary = target.with_name(f".{target.name}.{secrets.token_hex(6)}.tmp")
    with contextlib.suppress(FileNotFoundError):
        temporary.unlink()
    try:
        os.link(source, temporary)
    except OSError:
        shutil.copyfile(source, temporary)
    os.replace(temporary, target)


def _write_atomic(path: Path, data: bytes) -> None:
    handle, name = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(name, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(name)
        raise
