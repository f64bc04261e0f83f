"""Output formats, by the name the project file uses. Adding a format is one module in
this package (an `OutputFormat`, see base.py) plus its template, and one line here."""

from __future__ import annotations

from fbss_guide.formats.base import OutputFormat
from fbss_guide.formats.handout import HandoutFormat
from fbss_guide.formats.web import WebFormat

FORMATS: dict[str, OutputFormat] = {
    output.name: output
    for output in (
        HandoutFormat(),
        WebFormat(),
    )
}


def format_of(name: str) -> OutputFormat:
    try:
        return FORMATS[name]
    except KeyError:
        raise KeyError(f"unknown output format '{name}'; known: {', '.join(FORMATS)}") from None
