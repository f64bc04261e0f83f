"""Cache keys: everything an edition's files, or a catalog's checks, depend on."""

from __future__ import annotations

import os

from fbss_guide.formats.base import EditionRequest, OutputFormat
from fbss_guide.i18n.paths import (
    SOURCE_LANGUAGE,
    babel_code,
    interface_po_path,
    interface_pot_path,
    po_path,
    pot_path,
)
from fbss_guide.output_dir import cache as build_cache
from fbss_guide.project.config import BuildConfig
from fbss_guide.project.project_file import READABILITY_CONFIG, effective_templates


def shared_key(config: BuildConfig) -> str:
    """What every edition depends on: code, libraries, content, templates, targets."""
    return build_cache.combine(
        build_cache.code_digest(),
        build_cache.dependency_versions(),
        build_cache.digest_tree(config.content_dir),
        *(
            build_cache.combine(name, build_cache.digest_file(path))
            for name, path in effective_templates(config.template_dirs).items()
        ),
        build_cache.digest_file(config.locales_dir / READABILITY_CONFIG),
        os.environ.get("SOURCE_DATE_EPOCH", ""),
    )


def edition_key(
    config: BuildConfig,
    edition: EditionRequest,
    output: OutputFormat,
    shared: str,
    font_hashes: build_cache.FontHashes,
) -> str:
    from fbss_guide.fonts import families as fonts

    # English reads only the project's interface overrides, if it has any.
    language_inputs = build_cache.digest_file(
        interface_po_path(config.locales_dir, SOURCE_LANGUAGE)
    )
    if edition.language != SOURCE_LANGUAGE:
        language_inputs = build_cache.combine(
            build_cache.digest_file(po_path(config.locales_dir, edition.language)),
            build_cache.digest_file(
                config.locales_dir / babel_code(edition.language) / "review.yaml"
            ),
            build_cache.digest_file(pot_path(config.locales_dir)),
            interface_inputs(config, edition.language),
        )
    clinic = ""
    if edition.clinic is not None:
        clinic = build_cache.digest_file(config.clinic_file) + build_cache.digest_file(
            edition.clinic.logo.path if edition.clinic.logo else None
        )
    families = [
        family
        for language in output.languages_shown(edition)
        for family in fonts.families_for(language)
    ]
    return build_cache.combine(
        shared,
        edition.language,
        edition.spec.suffix,
        *output.cache_inputs(edition),
        language_inputs,
        clinic,
        font_hashes.fingerprint(tuple(families)),
        str(config.allow_incomplete),
    )


def catalog_checks_key(config: BuildConfig, language: str, shared: str) -> str:
    """What a language's catalog and readability checks depend on."""
    return build_cache.combine(
        shared,
        "checks",
        language,
        build_cache.digest_file(po_path(config.locales_dir, language)),
        build_cache.digest_file(pot_path(config.locales_dir)),
        interface_inputs(config, language),
        str(config.allow_incomplete),
    )


def interface_inputs(config: BuildConfig, language: str) -> str:
    """The interface catalogs a language reads: the package's (package data, which the
    code digest does not cover) and the project's overrides."""
    from fbss_guide.i18n.interface import package_catalog_path

    return build_cache.combine(
        build_cache.digest_file(interface_pot_path()),
        build_cache.digest_file(package_catalog_path(language)),
        build_cache.digest_file(interface_po_path(config.locales_dir, language)),
    )
