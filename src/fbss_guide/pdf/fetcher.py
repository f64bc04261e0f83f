"""A URL fetcher that only serves files from the project's own folders.

WeasyPrint would otherwise follow any URL in the HTML or CSS, including http(s) and
arbitrary file: paths. Content and translations must never make the build read other
files or reach the network, so every request is checked against an allow-list of folders.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint.urls import URLFetcher, URLFetcherResponse

MAX_DATA_URL_BYTES = 256 * 1024
MAX_FILE_BYTES = 5 * 1024 * 1024


class FetchRefused(ValueError):
    """A resource the build may not load; the message names it and says what to do."""


# WeasyPrint ships no type information, so mypy sees URLFetcher as Any.
class SafeFetcher(URLFetcher):  # type: ignore[misc]
    """Serves only local files inside allowed folders and small data: URLs.

    `fail_on_errors=True` makes WeasyPrint stop rendering at the first refusal; the
    refusal's message is kept in `refused` so the build can report it in plain words.
    """

    def __init__(self, allowed_dirs: list[Path]) -> None:
        super().__init__(fail_on_errors=True, allowed_protocols={"file", "data"})
        self.allowed_dirs = [directory.resolve() for directory in allowed_dirs]
        self.refused: list[str] = []

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
        try:
            return self._fetch(url)
        except FetchRefused as exc:
            self.refused.append(str(exc))
            raise

    def _fetch(self, url: str) -> URLFetcherResponse:
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme == "data":
            if len(url) > MAX_DATA_URL_BYTES:
                raise FetchRefused(
                    f"a data: URL of {len(url)} bytes is larger than the limit of "
                    f"{MAX_DATA_URL_BYTES} bytes; put the image in a file inside content/"
                )
            return super().fetch(url)
        if scheme != "file":
            raise FetchRefused(
                f"'{url}' is not allowed: the build never loads anything from the network; "
                "put the file inside content/ and refer to it by its path"
            )
        path = Path(unquote(parts.path)).resolve()
        if not any(path.is_relative_to(directory) for directory in self.allowed_dirs):
            raise FetchRefused(
                f"'{path}' is outside the folders the build may read: "
                + ", ".join(str(d) for d in self.allowed_dirs)
            )
        if not path.is_file():
            raise FetchRefused(f"file '{path}' does not exist")
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise FetchRefused(f"file '{path}' is {size} bytes, more than {MAX_FILE_BYTES}")
        mime_type, _ = mimetypes.guess_type(path.name)
        return URLFetcherResponse(
            path.as_uri(),
            path.read_bytes(),
            {"Content-Type": mime_type or "application/octet-stream"},
        )
