"""Shared fixtures: small content trees built inline, and one build of the real handout."""

from __future__ import annotations

import shutil
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from babel.messages.pofile import read_po, write_po
from checkout import DEFAULT_CONTENT, DEFAULT_LOCALES, PROJECT_ROOT, project_config

from fbss_guide.engine.build import BuiltEdition, build

GUIDE_YAML = """\
id: test
language: en
title: Test handout
subtitle: A small guide for tests
version: 0.0.1
reviewed_on: 2026-01-15
next_review: 2027-01-15
author: Test authors
description: A handout used by the tests.
keywords: [test]
sections: [intro, urgent, refs]
"""

INTRO_YAML = """\
id: intro
heading: What this is
blocks:
  - kind: paragraph
    id: first
    text: This is a short test. It has **bold** text and a source [@smith-2020].
  - kind: bullets
    id: list
    points:
      - You can walk each day.
      - You can ask your doctor.
"""

URGENT_YAML = """\
id: urgent
heading: Get help now
readability:
  target: 6
blocks:
  - kind: callout
    id: now
    level: urgent
    title: "Call {emergency} now"
    points:
      - You cannot pass urine [@smith-2020].
    action: Go now.
"""

REFS_YAML = """\
id: refs
heading: References
readability:
  exempt: A list of sources.
blocks:
  - kind: references
    id: list
"""

REFERENCES_YAML = """\
- id: smith-2020
  type: systematic-review
  authors: Smith A, Jones B
  year: 2020
  title: A review of things
  source: J Things. 2020;1(1):1-10
  doi: 10.1000/test.1
  checked: Made up for the tests.
"""


def write_tree(root: Path, files: dict[str, str]) -> Path:
    """Create files under root from {relative path: text} (text is dedented)."""
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return root


def small_content_files() -> dict[str, str]:
    return {
        "guide.yaml": GUIDE_YAML,
        "sections/01-intro.yaml": INTRO_YAML,
        "sections/02-urgent.yaml": URGENT_YAML,
        "sections/03-refs.yaml": REFS_YAML,
        "references.yaml": REFERENCES_YAML,
    }


@pytest.fixture
def small_content(tmp_path: Path) -> Path:
    """A valid minimal content folder."""
    return write_tree(tmp_path / "content", small_content_files())


@pytest.fixture
def make_content(tmp_path: Path) -> Callable[[dict[str, str]], Path]:
    """Build a content folder from the small one, with some files replaced or added."""

    def make(changes: dict[str, str]) -> Path:
        folder = tmp_path / "content"
        if folder.exists():
            shutil.rmtree(folder)
        return write_tree(folder, {**small_content_files(), **changes})

    return make


@pytest.fixture(scope="session")
def real_build(tmp_path_factory: pytest.TempPathFactory) -> BuiltEdition:
    """The real English handout, built once per test run."""
    out = tmp_path_factory.mktemp("output")
    [edition] = build(project_config(content_dir=DEFAULT_CONTENT, out_dir=out, languages=("en",)))
    return edition


@pytest.fixture
def project(tmp_path: Path, small_content: Path) -> Path:
    """A copy of the project's set-up (pyproject, templates) with the small content."""
    root = tmp_path / "project"
    root.mkdir()
    shutil.copy(PROJECT_ROOT / "pyproject.toml", root)
    shutil.copytree(PROJECT_ROOT / "templates", root / "templates")
    shutil.copytree(PROJECT_ROOT / "src", root / "src", ignore=shutil.ignore_patterns("*.pyc"))
    shutil.copytree(small_content, root / "content")
    (root / "locales").mkdir()
    shutil.copy(DEFAULT_LOCALES / "readability.yaml", root / "locales")
    (root / "fbss-guide.yaml").write_text(
        "content: content\nlocales: locales\ntemplates: templates\n", encoding="utf-8"
    )
    return root


def fill(path: Path, transform=lambda text: "ES " + text) -> None:
    """Translate every entry of a catalog mechanically, keeping markers and placeholders."""
    with path.open("rb") as handle:
        catalog = read_po(handle)
    for message in catalog:
        if not message.id:
            continue
        if isinstance(message.id, tuple | list):
            message.string = tuple(transform(message.id[-1]) for _ in range(catalog.num_plurals))
        else:
            message.string = transform(message.id)
        message.flags.discard("fuzzy")
    with path.open("wb") as handle:
        write_po(handle, catalog)
