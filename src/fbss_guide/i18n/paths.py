"""Where catalogs live; no Babel import, so planning a build stays fast."""

from __future__ import annotations

import re
from pathlib import Path

from fbss_guide.errors import BuildError

DOMAIN = "messages"
# The tool's own interface strings (table headings, verdict words, "Page {page} of
# {pages}"): a gettext domain of its own, shipped translated in the package (as Sphinx
# ships sphinx.po), so a project's catalogs hold only its content. A project may override
# any of them in locales/<ll>/LC_MESSAGES/interface.po.
INTERFACE_DOMAIN = "interface"
PACKAGE_LOCALES = Path(__file__).resolve().parents[1] / "locales"
SOURCE_LANGUAGE = "en"
# Each language's readability measures and targets, in the locales folder.
READABILITY_CONFIG = "readability.yaml"
# A BCP 47 tag as the project uses them: language, optional script, optional region
# (es, pt-BR, zh-Hans, sr-Latn-RS, es-419). Anything else ("../x", "es/", "") would make
# a path out of locales/ when it becomes a folder name.
LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}(?:-[A-Z][a-z]{3})?(?:-(?:[A-Z]{2}|[0-9]{3}))?$")


def pot_path(locales_dir: Path) -> Path:
    return locales_dir / f"{DOMAIN}.pot"


def interface_pot_path() -> Path:
    """The package's template of its interface strings."""
    return PACKAGE_LOCALES / f"{INTERFACE_DOMAIN}.pot"


def interface_po_path(locales_dir: Path, language: str) -> Path:
    """The interface catalog of `language` in `locales_dir`: the package's own
    (PACKAGE_LOCALES) or a project's overrides."""
    check_language_code(language, locales_dir)
    return locales_dir / babel_code(language) / "LC_MESSAGES" / f"{INTERFACE_DOMAIN}.po"


def check_language_code(language: str, locales_dir: Path) -> None:
    """Refuse what is not a language code, naming the project's languages."""
    if LANGUAGE_CODE.match(language):
        return
    known = [SOURCE_LANGUAGE, *available_languages(locales_dir)]
    raise BuildError(
        f"'{language}' is not a language code; this project's languages are: "
        + ", ".join(dict.fromkeys(known))
        + " (a code is like es, pt-BR or zh-Hans)"
    )


def po_path(locales_dir: Path, language: str) -> Path:
    check_language_code(language, locales_dir)
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
