"""The print HTML saved beside each PDF opens on any machine: no file:// address of the
installed package or the project; style sheets and pictures are inside it."""

from __future__ import annotations

import base64
import re
import subprocess
import sys
from pathlib import Path

from fbss_guide.project.project_file import PACKAGE_TEMPLATES
from fbss_guide.scaffold import new_project


def test_saved_print_html_carries_its_styles_and_pictures(tmp_path: Path) -> None:
    project = new_project(tmp_path / "guide", title="Knee pain")
    result = subprocess.run(
        [sys.executable, "-m", "fbss_guide", "build", "--jobs", "1", "--format", "handout"],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    html = (project / "output" / "en" / "guide-en-a4.html").read_text("utf-8")
    assert "file:" not in html
    assert "site-packages" not in html and str(project) not in html
    assert "<link" not in html
    print_css = (PACKAGE_TEMPLATES / "print.css").read_text("utf-8")
    assert print_css in html  # the style sheet, whole, in a <style> element
    # Every picture is inside the page: the project's drawing and the charts the build
    # draws (the starter's icon array) alike.
    sources = re.findall(r'<img src="([^"]+)"', html)
    assert sources and all(src.startswith("data:image/svg+xml;base64,") for src in sources)
    pictures = [base64.b64decode(src.split(",", 1)[1]) for src in sources]
    assert (project / "content" / "images" / "example.svg").read_bytes() in pictures
