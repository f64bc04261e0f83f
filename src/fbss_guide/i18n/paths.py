"""Where catalogs live; no Babel import, so planning a build stays fast."""

from __future__ import annotations

from pathlib import Path

DOMAIN = "messages"
SOURCE_LANGUAGE = "en"
# Each language's readability measures and targets, in the locales folder.
READABILITY_CONFIG = "readability.yaml"


def pot_path(locales_dir: Path) -> Path:
    return locales_dir / f"{DOMAIN}.pot"


def po_path(locales_dir: Path, language: str) -> Path:
    return locales_dir / babel_code(language) / "LC_MESSAGES" / f"{DOMAIN}.po"


def babel_code(language: str) -> str:
    """BCP 47 tag (pt-BR, zh-Hans) to the folder name Babel uses (pt_BR, zh_Hans)."""
    return language.replace("-", "_")


def bcp47(code: str) -> str:
    return code.replace("_", "-")


def available_languages(locales_dir: Path) -> list[str]:
    """Languages that have a catalog, as BCP 47 tags, sorted."""
    return sorted(
        bcp47(path.parent.parent.name) for path in locales_dir.glob(f"*/LC_MESSAGES/{DOMAIN}.po")
    )
