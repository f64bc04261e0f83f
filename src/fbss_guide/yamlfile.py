"""Load YAML keeping line numbers, and treat duplicate keys and tabs as errors.

PyYAML silently keeps the last of two equal keys; an editor who pastes a block twice
would lose text without noticing. Mappings load as `Node`-annotated dicts so that
validation can name the line of every key and list item.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from fbss_guide.errors import Problem


class LineDict(dict):
    """A mapping that remembers the line of itself and of each key (1-based)."""

    line: int = 0
    key_lines: dict[str, int]


class LineList(list):
    """A sequence that remembers the line of itself and of each item (1-based)."""

    line: int = 0
    item_lines: list[int]


# libyaml's parser when PyYAML has it (about five times faster), else the pure-Python one.
_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _LineLoader(_BaseLoader):  # type: ignore[valid-type,misc]
    """SafeLoader that records positions and rejects duplicate keys."""

    def __init__(self, stream: str, path: Path, problems: list[Problem]) -> None:
        super().__init__(stream)
        self._path = path
        self._problems = problems

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> LineDict:  # type: ignore[override]
        self.flatten_mapping(node)
        result = LineDict()
        result.line = node.start_mark.line + 1
        result.key_lines = {}
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            line = key_node.start_mark.line + 1
            if not isinstance(key, str):
                key = str(key)
            if key in result:
                self._problems.append(
                    Problem(
                        self._path,
                        line,
                        key,
                        f"duplicate key '{key}' (first used on line {result.key_lines[key]})",
                        "remove one of the two entries or give this one another name",
                    )
                )
                continue
            result[key] = self.construct_object(value_node, deep=True)
            result.key_lines[key] = line
        return result

    def construct_sequence(self, node: yaml.SequenceNode, deep: bool = False) -> LineList:  # type: ignore[override]
        result = LineList(self.construct_object(child, deep=True) for child in node.value)
        result.line = node.start_mark.line + 1
        result.item_lines = [child.start_mark.line + 1 for child in node.value]
        return result


_LineLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _LineLoader.construct_mapping
)
_LineLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _LineLoader.construct_sequence
)


def load_yaml(path: Path, problems: list[Problem], display: str | None = None) -> Any:
    """Parse one YAML file; append problems instead of raising. Returns None on failure."""
    shown = display or str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        problems.append(
            Problem(shown, None, "", f"file is not UTF-8 text ({exc.reason})", "save as UTF-8")
        )
        return None
    except OSError as exc:
        problems.append(Problem(shown, None, "", f"cannot read file: {exc.strerror}", ""))
        return None
    for number, line in enumerate(text.splitlines(), start=1):
        indent = line[: len(line) - len(line.lstrip())]
        if "\t" in indent:
            problems.append(
                Problem(
                    shown,
                    number,
                    "",
                    "a tab is used for indentation",
                    "YAML needs spaces: replace the tab with spaces (2 per level)",
                )
            )
            return None
    loader = _LineLoader(text, Path(shown), problems)
    try:
        return loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        what = exc.problem or "invalid YAML"
        context = f" ({exc.context})" if exc.context else ""
        problems.append(
            Problem(
                shown,
                line,
                "",
                f"YAML syntax error: {what}{context}",
                "check the indentation of this line and the line before; "
                "text containing ': ' or starting with a quote must be quoted",
            )
        )
        return None
    except yaml.YAMLError as exc:
        problems.append(Problem(shown, None, "", f"YAML error: {exc}", ""))
        return None
    except RecursionError:
        problems.append(
            Problem(
                shown,
                None,
                "",
                "the YAML is nested far too deeply (hundreds of levels of [ or {)",
                "content files need only a few levels; look for a run of brackets",
            )
        )
        return None
    finally:
        loader.dispose()
