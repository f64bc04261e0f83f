"""Page 1 of a built PDF as a small PNG, drawn by poppler's pdftoppm (a build need)."""

from __future__ import annotations

import subprocess
import zipfile
from pathlib import Path

PREVIEW_DPI = 60  # about 500 pixels tall for A4: enough to recognise the page


def preview_png(zip_path: Path, member: str, folder: Path) -> Path:
    """Draw page 1 of the zip's PDF `member` as folder/preview.png."""
    pdf = folder / "preview.pdf"
    with zipfile.ZipFile(zip_path) as archive:
        pdf.write_bytes(archive.read(member))
    subprocess.run(
        [
            *("pdftoppm", "-r", str(PREVIEW_DPI), "-f", "1", "-l", "1", "-png", "-singlefile"),
            str(pdf),
            str(folder / "preview"),
        ],
        check=True,
        capture_output=True,
        timeout=60,
    )
    pdf.unlink()
    return folder / "preview.png"
