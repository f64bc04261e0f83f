"""Catalog problems a translator can act on: which link differs, and an unescaped quote
named as such, with its msgctxt, instead of msgfmt's 'keyword "b" unknown'."""

from __future__ import annotations

from pathlib import Path

from fbss_guide.checks.catalog_structure import msgfmt_problems
from fbss_guide.checks.catalogs import check_catalog

HEADER = """msgid ""
msgstr ""
"Language: es\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"

"""


def write(tmp_path: Path, entries: str) -> Path:
    path = tmp_path / "es" / "LC_MESSAGES" / "messages.po"
    path.parent.mkdir(parents=True)
    path.write_text(HEADER + entries, encoding="utf-8")
    return path


def test_a_changed_link_address_is_named(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        'msgctxt "start/intro/text"\n'
        'msgid "Read [the guide](https://example.org/guide)."\n'
        'msgstr "Lea [la guía](https://example.org/guia)."\n',
    )
    messages = [p.message for p in check_catalog(path, "es", None) if "link" in p.message]
    [message] = messages
    assert "lacks https://example.org/guide" in message
    assert "has https://example.org/guia instead" in message


def test_an_unescaped_quote_is_named_with_its_msgctxt(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        'msgctxt "start/intro/text"\nmsgid "Say hello"\nmsgstr "Diga "hola" ahora"\n',
    )
    [problem] = msgfmt_problems(path)
    assert problem.key == "msgctxt 'start/intro/text'"
    assert problem.line == 9  # the msgstr line
    assert "unescaped double quote" in problem.message
    assert '\\"' in problem.hint


def test_an_escaped_quote_is_fine(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        'msgctxt "start/intro/text"\nmsgid "Say hello"\nmsgstr "Diga \\"hola\\" ahora"\n',
    )
    assert msgfmt_problems(path) == []
