"""Plan a build: every edition the config asks for, its cache key, and whether its files
are up to date. Reads files and asks fontconfig; imports neither Jinja2 nor WeasyPrint."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from fbss_guide.engine.keys import edition_key
from fbss_guide.engine.report import BuiltEdition
from fbss_guide.formats import format_of
from fbss_guide.formats.base import EditionRequest, OutputFormat
from fbss_guide.output_dir import cache as build_cache
from fbss_guide.project.config import BuildConfig


@dataclass(frozen=True)
class Planned:
    edition: EditionRequest
    output: OutputFormat
    key: str
    files: tuple[Path, ...]
    cached: BuiltEdition | None  # the up-to-date files, or None: to build


def plan_editions(
    config: BuildConfig,
    guide_name: str,
    shared: str,
    store: build_cache.BuildCache,
    font_hashes: build_cache.FontHashes,
) -> list[Planned]:
    """Languages x editions, in the config's order; formats that do not apply to a
    language (the bilingual edition in English) are left out."""
    planned = []
    for language in config.all_languages():
        for spec in config.editions:
            output = format_of(spec.format)
            if not output.accepts(language):
                continue
            edition = EditionRequest(language, spec, config.clinic)
            key = edition_key(config, edition, output, shared, font_hashes)
            files = tuple(output.outputs(config.out_dir, guide_name, edition))
            stem = edition.stem(guide_name)
            entry = None if config.force else store.fresh(stem, key, list(files))
            cached = None
            if entry is not None:
                cached = BuiltEdition(
                    edition,
                    files,
                    entry.pages,
                    entry.draft,
                    "cached",
                    entry.size,
                    0.0,
                    entry.checks,
                )
            planned.append(Planned(edition, output, key, files, cached))
    return planned
