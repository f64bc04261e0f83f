"""This checkout's own guide project, as the tests use it (the package itself knows no
project folder: it finds fbss-guide.yaml from the working folder or --project)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fbss_guide.project.config import BuildConfig
from fbss_guide.project.project_file import PACKAGE_TEMPLATES, READABILITY_CONFIG, load_project

PROJECT_ROOT = Path(__file__).resolve().parents[1]
PROJECT = load_project(PROJECT_ROOT)
DEFAULT_CONTENT = PROJECT.content_dir
DEFAULT_LOCALES = PROJECT.locales_dir
DEFAULT_OUTPUT = PROJECT.out_dir
DEFAULT_TEMPLATES = PACKAGE_TEMPLATES

__all__ = [
    "DEFAULT_CONTENT",
    "DEFAULT_LOCALES",
    "DEFAULT_OUTPUT",
    "DEFAULT_TEMPLATES",
    "PROJECT",
    "PROJECT_ROOT",
    "READABILITY_CONFIG",
    "project_config",
]


def project_config(**overrides: Any) -> BuildConfig:
    """A BuildConfig of this project (English A4 unless told otherwise), with overrides."""
    base = BuildConfig(
        content_dir=DEFAULT_CONTENT,
        locales_dir=DEFAULT_LOCALES,
        out_dir=DEFAULT_OUTPUT,
    )
    from dataclasses import replace

    return replace(base, **overrides)
