"""Plural headers are checked by what they do, never against a library's table."""

from __future__ import annotations

from pathlib import Path

import pytest

from fbss_guide.checks.plural_forms import check_plural_forms, parse_plural_forms


def catalog_file(tmp_path: Path, header: str, plural_strings: int | None = None) -> None:
    """Write a French catalog with the given Plural-Forms header and, if asked, one
    plural entry with that many translations."""
    lines = [
        'msgid ""',
        'msgstr ""',
        '"Content-Type: text/plain; charset=UTF-8\\n"',
        f'"Plural-Forms: {header}\\n"',
        "",
    ]
    if plural_strings is not None:
        lines += ['msgid "{n} page"', 'msgid_plural "{n} pages"']
        lines += [f'msgstr[{index}] "{index} page(s)"' for index in range(plural_strings)]
    path = tmp_path / "messages.po"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


GNU_FRENCH = "nplurals=2; plural=(n > 1);"
CLDR_FRENCH = "nplurals=3; plural=(n == 0 || n == 1) ? 0 : n != 0 && n % 1000000 == 0 ? 1 : 2;"


@pytest.mark.parametrize(("header", "forms"), [(GNU_FRENCH, 2), (CLDR_FRENCH, 3)])
def test_gnu_and_cldr_headers_are_both_valid(tmp_path: Path, header: str, forms: int) -> None:
    catalog_file(tmp_path, header, plural_strings=forms)
    problems = check_plural_forms(tmp_path / "messages.po", expected=None)
    assert problems == []


def test_a_difference_from_cldr_is_only_a_warning(tmp_path: Path) -> None:
    catalog_file(tmp_path, GNU_FRENCH, plural_strings=2)
    problems = check_plural_forms(tmp_path / "messages.po", expected=CLDR_FRENCH)
    assert [p.severity for p in problems] == ["warning"]
    assert CLDR_FRENCH in problems[0].hint


@pytest.mark.parametrize(
    ("header", "finding"),
    [
        ("nplurals=2; plural=(n > 1", "invalid header"),
        ("nplurals=2; plural=import os;", "invalid header"),
        ("plural=(n > 1);", "invalid header"),
        ("nplurals=2; plural=n;", "no valid form for n = 2"),
        ("nplurals=4; plural=(n != 1);", "never gives form(s) 2, 3"),
    ],
)
def test_broken_headers_are_errors(tmp_path: Path, header: str, finding: str) -> None:
    catalog_file(tmp_path, header)
    problems = check_plural_forms(tmp_path / "messages.po", expected=GNU_FRENCH)
    errors = [p for p in problems if p.severity == "error"]
    assert any(finding in p.message for p in errors), [p.format() for p in problems]
    assert all(p.line == 1 and p.key == "Plural-Forms" for p in errors)


def test_plural_entry_must_match_the_header(tmp_path: Path) -> None:
    catalog_file(tmp_path, CLDR_FRENCH, plural_strings=2)
    problems = check_plural_forms(tmp_path / "messages.po", expected=None)
    assert len(problems) == 1
    assert "2 plural forms but the header says nplurals=3" in problems[0].message
    assert problems[0].line and problems[0].line > 4  # the entry's own line


def test_parse_gives_a_working_function() -> None:
    count, plural = parse_plural_forms(CLDR_FRENCH)
    assert count == 3
    assert [plural(n) for n in (0, 1, 2, 1_000_000)] == [0, 0, 2, 1]
