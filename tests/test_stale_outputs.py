"""Files an earlier build wrote and the project no longer builds are named as stale
(the starter's picture after the author replaced it, a Letter PDF after the Letter
edition was dropped); a build of one language or format does not call the rest stale."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from fbss_guide.scaffold import new_project


def build(project: Path, *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "fbss_guide", "build", "--jobs", "1", *args],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    return result.stderr


def test_what_the_project_no_longer_builds_is_named(tmp_path: Path) -> None:
    project = new_project(tmp_path / "guide", title="Knee pain")
    assert "no longer built" not in build(project)
    out = project / "output" / "en"
    assert (out / "web" / "images" / "example.svg").is_file()

    # The author's own picture, and no Letter edition.
    images = project / "content" / "images"
    (images / "knee.svg").write_bytes((images / "example.svg").read_bytes())
    section = project / "content" / "sections" / "01-start.yaml"
    section.write_text(
        section.read_text("utf-8").replace("images/example.svg", "images/knee.svg"), "utf-8"
    )
    settings = project / "fbss-guide.yaml"
    settings.write_text(
        settings.read_text("utf-8").replace("  - format: handout\n    paper: letter\n", ""),
        "utf-8",
    )
    said = build(project)
    assert "3 file(s)" in said and "no longer built" in said
    for name in ("guide-en-letter.pdf", "guide-en-letter.html", "example.svg"):
        assert name in said
    assert "knee.svg" not in said and "guide-en-a4.pdf" not in said
    # Named, not deleted: the author decides.
    assert (out / "guide-en-letter.pdf").is_file()

    # A narrower build says nothing of the rest.
    assert "no longer built" not in build(project, "--format", "web")
    # Once deleted, nothing is said.
    for path in (out / "guide-en-letter.pdf", out / "guide-en-letter.html"):
        path.unlink()
    (out / "web" / "images" / "example.svg").unlink()
    assert "no longer built" not in build(project)


def test_a_clinics_editions_are_not_called_stale(tmp_path: Path) -> None:
    """Editions built with --clinic are another set, not leftovers of the plain build."""
    root = Path(__file__).resolve().parents[1]
    project = new_project(tmp_path / "guide", title="Knee pain")
    clinic = root / "examples" / "clinic" / "clinic.yaml"
    build(project, "--clinic", str(clinic), "--format", "handout", "--paper", "a4")
    build(project, "--clinic", str(clinic), "--format", "web")
    assert "no longer built" not in build(project)
