"""The full handout: every section, on A4 or Letter, in standard or large print."""

from __future__ import annotations

from typing import ClassVar

from fbss_guide.formats.printed import PrintedFormat
from fbss_guide.project.editions import EditionSpec


class HandoutFormat(PrintedFormat):
    name: ClassVar[str] = "handout"
    label: ClassVar[str] = "handout"
    options: ClassVar[frozenset[str]] = frozenset({"paper", "large_print"})
    template: ClassVar[str] = "handout.html.j2"

    def stylesheets(self, spec: EditionSpec) -> tuple[str, ...]:
        return ("print.css", "large-print.css") if spec.large_print else ("print.css",)


FORMAT = HandoutFormat()  # found by fbss_guide.formats
