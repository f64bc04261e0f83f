"""Font families named per script, so output looks the same on every machine.

Fontconfig picks fallback fonts by machine; naming each family removes that guesswork.
For Simplified Chinese the SC face must be named, because `zh-Hans` otherwise falls to
the Japanese face (different glyph shapes).
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from functools import cache
from typing import Any, TypeVar

from fbss_guide.errors import BuildError

LATIN = "Noto Sans"
SYMBOLS = "Noto Sans Symbols2"
ARABIC = "Noto Naskh Arabic"
CJK_SC = "Noto Sans CJK SC"
# Korean needs the KR face named: the shared CJK fonts otherwise pick Chinese or
# Japanese glyph shapes for Hanja and punctuation.
CJK_KR = "Noto Sans CJK KR"

# Debian package that provides each family; the Makefile installs them.
PACKAGES = {
    LATIN: "fonts-noto-core",
    SYMBOLS: "fonts-noto-core",
    ARABIC: "fonts-noto-core",
    CJK_SC: "fonts-noto-cjk",
    CJK_KR: "fonts-noto-cjk",
}


# Answers from fontconfig (and from font files) are remembered within a process, because
# asking costs a subprocess each time; a long-lived process (build --watch) forgets them
# with forget_installed_fonts(), since a font may be installed or removed while it runs.
_FORGET: list[Callable[[], None]] = []
_Lookup = TypeVar("_Lookup", bound=Callable[..., Any])


def font_lookup(function: _Lookup) -> _Lookup:
    """Remember a font lookup's answers until forget_installed_fonts() is called."""
    remembered = cache(function)
    _FORGET.append(remembered.cache_clear)
    return remembered  # type: ignore[return-value]


def families_for(language: str) -> list[str]:
    """The font stack for a language: its script's face first, then Latin and symbols."""
    base = language.split("-")[0].split("_")[0].lower()
    if base == "ar":
        return [ARABIC, LATIN, SYMBOLS]
    if base == "zh":
        return [CJK_SC, LATIN, SYMBOLS]
    if base == "ko":
        return [CJK_KR, LATIN, SYMBOLS]
    return [LATIN, SYMBOLS, CJK_SC, ARABIC]


def css_font_stack(language: str) -> str:
    return ", ".join(f'"{family}"' for family in families_for(language)) + ", sans-serif"


@font_lookup
def installed_families() -> frozenset[str]:
    if shutil.which("fc-list") is None:
        raise BuildError("fc-list not found: install fontconfig (run 'make build' to set up)")
    result = subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True, check=True)
    names: set[str] = set()
    for line in result.stdout.splitlines():
        names.update(part.strip() for part in line.split(","))
    return frozenset(names)


def forget_installed_fonts() -> None:
    """Ask fontconfig again next time (watch mode: a font may have been installed).
    Forgets every font_lookup answer: installed families, font files, their coverage."""
    for forget in _FORGET:
        forget()


def require_fonts(language: str) -> None:
    """Fail before rendering if a named family is missing, naming the package to install."""
    missing = [family for family in families_for(language) if family not in installed_families()]
    if missing:
        packages = sorted({PACKAGES[family] for family in missing})
        raise BuildError(
            f"font(s) needed for language '{language}' are not installed: "
            + ", ".join(missing)
            + f". Install the Debian package(s) {', '.join(packages)} (make build does this)."
        )
