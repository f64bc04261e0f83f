"""Font lookups are remembered, and forgotten on request (a font installed while
`build --watch` runs is found at the next rebuild)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from fbss_guide.errors import BuildError
from fbss_guide.fonts import families as fonts


def fake_fc_list(folder: Path, families: list[str]) -> None:
    """An fc-list that answers with these families and counts its calls."""
    script = folder / "fc-list"
    lines = "\n".join(families)
    script.write_text(
        f"#!/bin/sh\necho x >> '{folder}/calls'\ncat <<'END'\n{lines}\nEND\n", encoding="utf-8"
    )
    script.chmod(0o755)


def test_a_font_installed_meanwhile_is_found_after_forgetting(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ['PATH']}")
    fonts.forget_installed_fonts()
    try:
        fake_fc_list(tmp_path, [fonts.LATIN, fonts.SYMBOLS])
        with pytest.raises(BuildError, match=r"Noto Naskh Arabic.*fonts-noto-core"):
            fonts.require_fonts("ar")
        fake_fc_list(tmp_path, [fonts.LATIN, fonts.SYMBOLS, fonts.ARABIC])
        # Remembered: fontconfig is not asked again within one build.
        with pytest.raises(BuildError):
            fonts.require_fonts("ar")
        assert (tmp_path / "calls").read_text().count("x") == 1
        fonts.forget_installed_fonts()
        fonts.require_fonts("ar")
        assert (tmp_path / "calls").read_text().count("x") == 2
    finally:
        monkeypatch.undo()
        fonts.forget_installed_fonts()  # later tests see the real fontconfig
