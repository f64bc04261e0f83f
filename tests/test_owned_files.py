"""Unit tests for text hygiene, safe input reading and output-folder ownership (issue 15).

The end-to-end cases, through `fbss-guide build`, are in test_hostile_inputs.py.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from fbss_guide.errors import BuildError, Problem
from fbss_guide.inputs.safe_input import InputRefused, read_input_bytes, tree_problems
from fbss_guide.inputs.textguard import bad_characters, file_problems
from fbss_guide.inputs.yamlfile import load_yaml
from fbss_guide.output_dir import owned_files
from fbss_guide.output_dir.atomic import atomic_write_bytes

PERSIAN_WORD = "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645"  # "I want", with a ZWNJ


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("Call \u202e0800\u202c now", "reverses"),
        ("\u2067x\u2069", "reverses"),
        ("a\u200bb", "invisible"),
        ("\u200fword", "invisible"),
        ("12\u200d34", "next to a digit"),
        ("\u200cword", "only allowed inside a word"),
        ("line\u2028break", "invisible"),
    ],
)
def test_hidden_characters_are_found_with_a_reason(text: str, reason: str) -> None:
    [first, *_] = bad_characters(text)
    assert reason in first.reason


@pytest.mark.parametrize(
    "text", [PERSIAN_WORD, "fünf\u00adzehn", "40\u00a0%", "中文 😀", "tab\tand\nnewline"]
)
def test_characters_languages_need_are_allowed(text: str) -> None:
    assert bad_characters(text) == []


def test_file_problems_name_line_and_character() -> None:
    [problem] = file_problems("ok\nCall \u202e{emergency} now\n", "x.po")
    assert problem.line == 2
    assert "U+202E RIGHT-TO-LEFT OVERRIDE" in problem.message and problem.hint


def test_fifo_is_refused_without_opening_it(tmp_path: Path) -> None:
    fifo = tmp_path / "x.yaml"
    os.mkfifo(fifo)
    with pytest.raises(InputRefused, match="named pipe"):
        read_input_bytes(fifo, tmp_path)  # would block for ever if it were opened


def test_symlink_out_of_the_root_is_refused(tmp_path: Path) -> None:
    (tmp_path / "inside").mkdir()
    (tmp_path / "secret.txt").write_text("root:x:0:0")
    link = tmp_path / "inside" / "x.yaml"
    link.symlink_to(tmp_path / "secret.txt")
    with pytest.raises(InputRefused, match="outside") as refused:
        read_input_bytes(link, tmp_path / "inside")
    assert "root:x" not in refused.value.message
    problems = tree_problems(tmp_path / "inside")
    assert [p.file for p in problems] == ["inside/x.yaml"]


def test_size_limit(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_bytes(b"a" * 1001)
    with pytest.raises(InputRefused, match="too large"):
        read_input_bytes(big, tmp_path, limit=1000)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "the file is empty"),
        ("# only a comment\n", "the file is empty"),
        ("a: &a [x]\n? *a\n: v\n", "a key must be a plain word"),
        (
            "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
            + "".join(
                f"b{i}: &b{i} [{', '.join(['*' + ('a' if i == 0 else f'b{i - 1}')] * 10)}]\n"
                for i in range(6)
            ),
            "expands to more than",
        ),
    ],
)
def test_yaml_limits(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "x.yaml"
    path.write_text(text, encoding="utf-8")
    problems: list[Problem] = []
    load_yaml(path, problems)
    assert any(message in p.message for p in problems), [p.format() for p in problems]


def test_temporary_names_are_the_tools_own() -> None:
    assert owned_files.is_temporary_name(".guide.pdf.fbss-tmp-ab_12cd3.tmp")
    for name in (".thesis.tmp", ".guide.pdf.abc123.tmp", "guide.pdf.fbss-tmp-abcdefgh.tmp"):
        assert not owned_files.is_temporary_name(name)


def test_sweep_looks_only_in_folders_the_manifest_names(tmp_path: Path) -> None:
    out = tmp_path / "out"
    with owned_files.building(out, {}):
        atomic_write_bytes(out / "en" / "guide.pdf", b"pdf")
    mine = out / "en" / ".guide.pdf.fbss-tmp-abcd1234.tmp"
    elsewhere = out / "notes" / ".x.pdf.fbss-tmp-abcd1234.tmp"  # a folder we never wrote
    users = out / "en" / ".thesis.tmp"
    for path in (mine, elsewhere, users):
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(b"x")
    assert owned_files.sweep(out) == [mine]
    assert elsewhere.exists() and users.exists()
    assert owned_files.written_files(out) == {"en/guide.pdf"}


def test_out_equal_to_a_source_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(BuildError, match="inside the templates folder"):
        owned_files.check_out_dir(tmp_path / "t", {"templates": tmp_path / "t"})
    owned_files.check_out_dir(tmp_path / "out", {"templates": tmp_path / "t"})


def test_write_through_a_symlinked_folder_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "out"
    (tmp_path / "elsewhere").mkdir()
    out.mkdir()
    (out / "en").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    with owned_files.building(out, {}), pytest.raises(BuildError, match="symbolic link"):
        atomic_write_bytes(out / "en" / "guide.pdf", b"pdf")
    assert list((tmp_path / "elsewhere").iterdir()) == []


def test_a_symlink_at_the_target_is_replaced_not_followed(tmp_path: Path) -> None:
    victim = tmp_path / "victim"
    victim.write_bytes(b"keep")
    out = tmp_path / "out"
    out.mkdir()
    (out / "logo.svg").symlink_to(victim)
    with owned_files.building(out, {}):
        atomic_write_bytes(out / "logo.svg", b"<svg/>")
    assert victim.read_bytes() == b"keep"
    assert not (out / "logo.svg").is_symlink()


def test_check_and_build_both_need_messages_pot(tmp_path: Path) -> None:
    from fbss_guide.checks.catalogs import check_all_catalogs
    from fbss_guide.errors import ContentError
    from fbss_guide.i18n.catalogs import read_template

    locales = tmp_path / "locales"
    catalog = locales / "es" / "LC_MESSAGES" / "messages.po"
    catalog.parent.mkdir(parents=True)
    catalog.write_text('msgid ""\nmsgstr ""\n"Language: es\\n"\n', encoding="utf-8")
    [problem] = check_all_catalogs(locales)
    assert "messages.pot is missing" in problem.message
    with pytest.raises(ContentError, match=r"messages\.pot is missing"):
        read_template(locales)  # what the build calls
