from pathlib import Path

from fbss_guide.errors import Problem
from fbss_guide.inputs.yamlfile import LineDict, load_yaml


def load(tmp_path: Path, text: str) -> tuple[object, list[Problem]]:
    path = tmp_path / "file.yaml"
    path.write_text(text, encoding="utf-8")
    problems: list[Problem] = []
    return load_yaml(path, problems), problems


def test_duplicate_key_is_reported_with_both_lines(tmp_path: Path) -> None:
    _, problems = load(tmp_path, "a: 1\nb: 2\na: 3\n")
    [problem] = problems
    assert problem.line == 3
    assert problem.key == "a"
    assert "duplicate key 'a'" in problem.message
    assert "line 1" in problem.message


def test_lines_are_recorded_for_keys_and_items(tmp_path: Path) -> None:
    data, problems = load(tmp_path, "top:\n  inner: x\nlist:\n  - one\n  - two\n")
    assert not problems
    assert isinstance(data, LineDict)
    assert data.key_lines == {"top": 1, "list": 3}
    assert data["top"].key_lines == {"inner": 2}
    assert data["list"].item_lines == [4, 5]


def test_tab_indentation_names_the_line(tmp_path: Path) -> None:
    data, [problem] = load(tmp_path, "a:\n\tb: 1\n")
    assert data is None
    assert problem.line == 2
    assert "tab" in problem.message


def test_bad_indentation_is_a_syntax_error_with_line(tmp_path: Path) -> None:
    data, [problem] = load(tmp_path, "a:\n  b: 1\n c: 2\n")
    assert data is None
    assert problem.line == 3
    assert "YAML syntax error" in problem.message
    assert "indentation" in problem.hint


def test_not_utf8_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "file.yaml"
    path.write_bytes(b"a: \xff\xfe\n")
    problems: list[Problem] = []
    assert load_yaml(path, problems) is None
    assert "UTF-8" in problems[0].message
