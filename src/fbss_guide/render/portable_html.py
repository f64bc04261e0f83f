"""The print HTML saved beside each PDF, made to open on any machine.

WeasyPrint reads the print HTML with file:// addresses of the style sheets (inside the
installed package) and pictures (in the project). Saved as it is, the page pointed at
`file:///…/site-packages/fbss_guide/…` and opened unstyled and without pictures anywhere
else. The saved copy carries them instead: each style sheet as a <style> element, each
picture as a data: address. Only files the render itself named are read.
"""

from __future__ import annotations

import base64
import mimetypes
import re
from pathlib import Path
from urllib.parse import unquote, urlparse

_STYLESHEET = re.compile(r'<link rel="stylesheet" href="(file://[^"]+)">')
_SOURCE = re.compile(r'(\ssrc=")(file://[^"]+)(")')
_TYPES = {".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg"}


def _path(url: str) -> Path:
    return Path(unquote(urlparse(url).path))


def _style(match: re.Match[str]) -> str:
    css = _path(match.group(1)).read_text(encoding="utf-8")
    if "</" in css:  # cannot end the element early; keep the link rather than break it
        return match.group(0)
    return f"<style>\n{css}</style>"


def _data_url(match: re.Match[str]) -> str:
    path = _path(match.group(2))
    kind = _TYPES.get(path.suffix.lower()) or mimetypes.guess_type(path.name)[0]
    if kind is None:
        return match.group(0)
    data = base64.b64encode(path.read_bytes()).decode("ascii")
    return f"{match.group(1)}data:{kind};base64,{data}{match.group(3)}"


def portable_html(html: str) -> str:
    """`html` with its file:// style sheets inlined and file:// pictures embedded."""
    return _SOURCE.sub(_data_url, _STYLESHEET.sub(_style, html))
