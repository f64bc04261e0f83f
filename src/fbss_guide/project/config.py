"""One typed object with everything a build needs, made from the project file and the
command line's overrides."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fbss_guide.i18n.paths import SOURCE_LANGUAGE, available_languages
from fbss_guide.project.editions import STANDARD, EditionSpec
from fbss_guide.project.project_file import Project, template_search_path

if TYPE_CHECKING:
    from fbss_guide.clinic.details import Clinic


@dataclass(frozen=True)
class BuildConfig:
    content_dir: Path
    locales_dir: Path
    out_dir: Path
    templates_dir: Path | None = None  # the project's overrides of the built-in templates
    languages: tuple[str, ...] | None = None  # None: English and every catalog
    allow_incomplete: bool = False
    editions: tuple[EditionSpec, ...] = (STANDARD,)
    clinic: Clinic | None = None
    clinic_file: Path | None = None
    jobs: int = 1  # worker processes; 1 renders in this process
    force: bool = False  # rebuild even what the cache says is up to date

    @classmethod
    def from_project(cls, project: Project, **overrides: Any) -> BuildConfig:
        config = cls(
            content_dir=project.content_dir,
            locales_dir=project.locales_dir,
            out_dir=project.out_dir,
            templates_dir=project.templates_dir,
            languages=project.languages,
            editions=project.editions,
        )
        return replace(config, **overrides)

    @property
    def template_dirs(self) -> tuple[Path, ...]:
        return template_search_path(self.templates_dir)

    def all_languages(self) -> tuple[str, ...]:
        if self.languages:
            return self.languages
        return (SOURCE_LANGUAGE, *available_languages(self.locales_dir))
