"""`fbss-guide new`: any title makes a guide its own loader reads back, and a `new` that
fails leaves nothing behind."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fbss_guide import scaffold
from fbss_guide.errors import BuildError
from fbss_guide.guide.content import load_guide
from fbss_guide.scaffold import new_project

AWKWARD_TITLES = [
    "Knee osteoarthritis: what helps",
    "Knee pain: what helps — a guide",
    'The "best" exercises',
    "It's not #1",
    "- a title that starts like a list item",
    "? a question mark first",
    "yes",
    "null",
    "3.14",
    "Title: with: colons: everywhere",
    "آلام الركبة: ما الذي يساعد",  # Arabic, right to left
    "כאב ברך",  # Hebrew
    "膝关节疼痛：什么有帮助",  # noqa: RUF001 (a full-width colon)
    "Біль у коліні: що допомагає",  # noqa: RUF001 (Ukrainian)
    "@at first",
    "%percent first",
    "& ampersand first",
    "* star first",
    "| pipe first",
    "> greater first",
    "!bang first",
    "`backtick first",
]


def made_title(folder: Path) -> str:
    return load_guide(folder / "content").title.source


def leftovers(parent: Path) -> list[str]:
    return sorted(path.name for path in parent.iterdir())


@pytest.mark.parametrize("title", AWKWARD_TITLES)
def test_an_awkward_title_makes_a_guide_that_loads(tmp_path: Path, title: str) -> None:
    folder = new_project(tmp_path / "guide", title=title)
    assert made_title(folder) == title
    assert leftovers(tmp_path) == ["guide"]  # no temporary folder beside it


PLAIN_TEXT = st.text(
    alphabet=st.characters(
        categories=("L", "N", "Zs"),
        include_characters=":\"'#-—?!,.()/&;%@*|>`=~",
    ),
    min_size=1,
    max_size=60,
).filter(lambda text: text.strip())


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(title=PLAIN_TEXT)
def test_any_plain_title_is_read_back_as_written(
    tmp_path_factory: pytest.TempPathFactory, title: str
) -> None:
    parent = tmp_path_factory.mktemp("new")
    folder = new_project(parent / "guide", title=title)
    assert made_title(folder) == " ".join(title.split())
    assert leftovers(parent) == ["guide"]


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(title=st.text(min_size=1, max_size=40))
def test_any_title_makes_a_guide_or_a_clear_error_and_nothing(
    tmp_path_factory: pytest.TempPathFactory, title: str
) -> None:
    """Any text at all: control characters, bidi marks, HTML, markup. Either the guide
    loads with that title, or `new` says why and leaves the folder as it was."""
    parent = tmp_path_factory.mktemp("new")
    try:
        folder = new_project(parent / "guide", title=title)
    except BuildError as error:
        assert "Nothing was written" in str(error) or "title is empty" in str(error)
        assert leftovers(parent) == []
    else:
        assert made_title(folder) == " ".join(title.split())
        assert leftovers(parent) == ["guide"]


def test_a_failed_new_leaves_nothing_and_a_second_try_works(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "deep" / "er" / "guide"

    def broken_extract(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("fbss_guide.i18n.commands.extract", broken_extract)
    with pytest.raises(OSError):
        new_project(target, title="Knee pain")
    assert leftovers(tmp_path) == []  # not even the folders made on the way
    monkeypatch.undo()
    new_project(target, title="Knee pain")
    assert made_title(target) == "Knee pain"


def test_a_failed_new_keeps_an_empty_folder_empty(tmp_path: Path) -> None:
    target = tmp_path / "guide"
    target.mkdir()
    with pytest.raises(BuildError, match="U\\+0007"):
        new_project(target, title="Knee\x07pain")
    assert leftovers(tmp_path) == ["guide"]
    assert leftovers(target) == []


def test_new_with_a_colon_title_through_the_command(tmp_path: Path) -> None:
    title = "Knee osteoarthritis: what helps"
    result = subprocess.run(
        [sys.executable, "-m", "fbss_guide", "new", "knee", "--title", title],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert made_title(tmp_path / "knee") == title
    check = subprocess.run(
        [sys.executable, "-m", "fbss_guide", "check"],
        cwd=tmp_path / "knee",
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert check.returncode == 0, check.stderr


def test_yaml_scalar_quotes_what_yaml_would_misread() -> None:
    assert scaffold.yaml_scalar("a: b") == '"a: b"'
    assert scaffold.yaml_scalar("yes") == '"yes"'
    assert "\n" not in scaffold.yaml_scalar("x" * 500)


def test_new_fills_an_empty_folder(tmp_path: Path) -> None:
    target = tmp_path / "guide"
    target.mkdir()
    new_project(target, title="Knee pain")
    assert made_title(target) == "Knee pain"
    assert leftovers(tmp_path) == ["guide"]
