"""Output formats, by the name the project file uses. Each module of this package that
defines `FORMAT` (an `OutputFormat`, see base.py) is one: adding a format is its module
and its template, nothing else."""

from __future__ import annotations

import importlib
import pkgutil

from fbss_guide.formats.base import OutputFormat


def _package_formats() -> dict[str, OutputFormat]:
    found: dict[str, OutputFormat] = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda info: info.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        output = getattr(module, "FORMAT", None)
        if output is not None:
            found[output.name] = output
    # The handout first: it is what a build makes when an edition names no format.
    return dict(sorted(found.items(), key=lambda item: item[0] != "handout"))


FORMATS: dict[str, OutputFormat] = _package_formats()


def format_of(name: str) -> OutputFormat:
    try:
        return FORMATS[name]
    except KeyError:
        raise KeyError(f"unknown output format '{name}'; known: {', '.join(FORMATS)}") from None
