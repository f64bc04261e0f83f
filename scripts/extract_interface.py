"""Rewrite the package's interface.pot from its templates and code, then merge it into
every shipped interface catalog, keeping each translation (a task of the tool's
maintainers after a template or code change; tests/test_interface_catalogs.py fails until
it is run).

    python scripts/extract_interface.py
"""

from __future__ import annotations

from fbss_guide.i18n.commands import extract_interface, merge_file
from fbss_guide.i18n.interface import (
    package_catalog_path,
    package_languages,
    read_interface_template,
)


def main() -> None:
    print(f"wrote {extract_interface()}")
    template = read_interface_template()
    for language in package_languages():
        path = package_catalog_path(language)
        merge_file(path, template)
        print(f"updated {path}")


if __name__ == "__main__":
    main()
