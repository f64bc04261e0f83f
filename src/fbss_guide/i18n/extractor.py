"""Babel extraction method for the content YAML (registered as `fbss_content`).

`pybabel extract -F pyproject.toml` calls it once per content file. It loads the whole
content folder through the normal validated loader, so contexts (section/block/field) and
line numbers are exactly those the renderer uses, and yields the messages of that file
as `pgettext(context, text)` calls with a TRANSLATORS comment.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from functools import cache
from pathlib import Path
from typing import IO, Any

from fbss_guide.guide.content import load_guide
from fbss_guide.i18n.messages import ContentMessage, content_messages


def _signature(content_dir: Path) -> tuple[tuple[str, int, int], ...]:
    """Changes whenever a content file changes, so a long-lived process never extracts
    stale text (Babel calls the extractor once per file)."""
    return tuple(
        (str(path), path.stat().st_mtime_ns, path.stat().st_size)
        for path in sorted(content_dir.rglob("*.yaml"))
    )


def _messages_by_file(content_dir: Path) -> dict[Path, list[ContentMessage]]:
    return _load_messages(content_dir, _signature(content_dir))


@cache
def _load_messages(
    content_dir: Path, signature: tuple[tuple[str, int, int], ...]
) -> dict[Path, list[ContentMessage]]:
    guide = load_guide(content_dir)
    grouped: dict[Path, list[ContentMessage]] = {}
    for message in content_messages(guide):
        grouped.setdefault(message.file.resolve(), []).append(message)
    return grouped


def _content_dir(path: Path) -> Path:
    for parent in path.parents:
        if (parent / "guide.yaml").exists():
            return parent
    raise ValueError(f"{path} is not inside a content folder (no guide.yaml found above it)")


def extract_content(
    fileobj: IO[bytes],
    keywords: Collection[str],
    comment_tags: Collection[str],
    options: Mapping[str, Any],
) -> Iterator[tuple[int, str, tuple[str, str], list[str]]]:
    path = Path(fileobj.name).resolve()
    for message in _messages_by_file(_content_dir(path)).get(path, []):
        yield (
            message.line,
            "pgettext",
            (message.context, message.text),
            [f"TRANSLATORS: {message.comment}"],
        )
