"""Load YAML keeping line numbers, and treat duplicate keys and tabs as errors.

PyYAML silently keeps the last of two equal keys; an editor who pastes a block twice
would lose text without noticing. Mappings load as `Node`-annotated dicts so that
validation can name the line of every key and list item.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

from fbss_guide.errors import Problem
from fbss_guide.inputs.safe_input import MAX_INPUT_BYTES, InputRefused, read_input_bytes
from fbss_guide.inputs.textguard import file_problems

# A YAML alias is a pointer: ten nested aliases can stand for a billion values (the
# "billion laughs"). No real content file comes near this many values once expanded.
MAX_EXPANDED_NODES = 200_000


class LineDict(dict[str, Any]):
    """A mapping that remembers the line of itself and of each key (1-based)."""

    line: int = 0
    key_lines: dict[str, int]


class LineList(list[Any]):
    """A sequence that remembers the line of itself and of each item (1-based)."""

    line: int = 0
    item_lines: list[int]


# libyaml's parser when PyYAML has it (about five times faster), else the pure-Python one.
# Both classes offer the same methods; mypy only accepts one class under a name.
try:
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # PyYAML built without libyaml
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]


class _LineLoader(_BaseLoader):
    """SafeLoader that records positions and rejects duplicate keys."""

    def __init__(self, stream: str, path: Path, problems: list[Problem]) -> None:
        super().__init__(stream)
        self._path = path
        self._problems = problems

    # The stubs declare dict[Hashable, Any]; this one narrows every key to str (dict is
    # invariant in its key type, so mypy calls that an incompatible override).
    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> LineDict:  # type: ignore[override]
        self.flatten_mapping(node)
        result = LineDict()
        result.line = node.start_mark.line + 1
        result.key_lines = {}
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1
            if not isinstance(key_node, yaml.ScalarNode):
                # A list or mapping as a key (`? *alias`) is never content, and str() of
                # an expanded alias can take gigabytes.
                self._problems.append(
                    Problem(
                        self._path,
                        line,
                        "",
                        "a key must be a plain word, not a list or mapping",
                        "write the key as text followed by ':'",
                    )
                )
                continue
            key = self.construct_object(key_node, deep=True)
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

    def construct_sequence(self, node: yaml.SequenceNode, deep: bool = False) -> LineList:
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


def expanded_size(node: yaml.Node, limit: int = MAX_EXPANDED_NODES) -> int:
    """How many nodes the document has once every alias is expanded (stops past limit).

    Each node's size is computed once (aliases share node objects), so this is fast even
    for a document that would expand to billions.
    """
    sizes: dict[int, int] = {}

    def size(current: yaml.Node, depth: int) -> int:
        known = sizes.get(id(current))
        if known is not None:
            return known
        if depth > 200:  # deeper than any handout: reported as "nested far too deeply"
            raise RecursionError("YAML nested too deeply")
        total = 1
        if isinstance(current, yaml.SequenceNode):
            for child in current.value:
                total += size(child, depth + 1)
                if total > limit:
                    break
        elif isinstance(current, yaml.MappingNode):
            for key, value in current.value:
                total += size(key, depth + 1) + size(value, depth + 1)
                if total > limit:
                    break
        sizes[id(current)] = total
        return total

    return size(node, 0)


def load_yaml(
    path: Path,
    problems: list[Problem],
    display: str | None = None,
    root: Path | None = None,
    allow_empty: bool = False,
) -> Any:
    """Parse one YAML file; append problems instead of raising. Returns None on failure.

    Only a regular file inside `root` (default: the file's folder) of at most 2 MB is read;
    an empty file is a problem unless `allow_empty`.
    """
    shown = display or str(path)
    try:
        raw = read_input_bytes(path, root if root is not None else path.parent, MAX_INPUT_BYTES)
        text = raw.decode("utf-8")
    except InputRefused as refused:
        problems.append(Problem(shown, None, "", refused.message, refused.hint))
        return None
    except UnicodeDecodeError as exc:
        problems.append(
            Problem(shown, None, "", f"file is not UTF-8 text ({exc.reason})", "save as UTF-8")
        )
        return None
    except OSError as exc:
        problems.append(Problem(shown, None, "", f"cannot read file: {exc.strerror}", ""))
        return None
    text = text.removeprefix("\ufeff")  # a byte-order mark some editors add
    hidden = file_problems(text, shown)
    if hidden:
        problems.extend(hidden)
        return None
    if not allow_empty and not any(
        line.strip() and not line.lstrip().startswith("#") for line in text.splitlines()
    ):
        problems.append(
            Problem(
                shown,
                1,
                "",
                "the file is empty",
                "restore its content (see git history), or delete the file and its entry",
            )
        )
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
        node = loader.get_single_node()
        if node is None or _is_null(node):
            # '---', 'null', '~' or '...' alone: no bytes are missing, but nothing is
            # there either, and a caller that skips a None would drop the file silently.
            if not allow_empty:
                problems.append(
                    Problem(
                        shown,
                        node.start_mark.line + 1 if node is not None else 1,
                        "",
                        "the file has no content (only an empty YAML document: "
                        "'---', 'null', '~' or nothing)",
                        "restore its content (see git history), or delete the file and its entry",
                    )
                )
            return None
        if expanded_size(node) > MAX_EXPANDED_NODES:
            problems.append(
                Problem(
                    shown,
                    None,
                    "",
                    f"the file expands to more than {MAX_EXPANDED_NODES:,} values "
                    "(aliases '*name' nested inside each other)",
                    "write the text out instead of using YAML anchors and aliases",
                )
            )
            return None
        return loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        error_line = mark.line + 1 if mark else None
        what = exc.problem or "invalid YAML"
        context = f" ({exc.context})" if exc.context else ""
        problems.append(
            Problem(
                shown,
                error_line,
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


def _is_null(node: yaml.Node) -> bool:
    """Whether a document's root is YAML's null ('null', '~', an empty value)."""
    return isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:null"


def unknown_key_problems(
    data: LineDict, allowed: Sequence[str], file: str, prefix: str = ""
) -> list[Problem]:
    """One problem per key of `data` that is not in `allowed` (listed in the hint in the
    order given); `prefix` names the mapping inside the file ("logo.")."""
    return [
        Problem(
            file,
            data.key_lines[key],
            f"{prefix}{key}",
            f"unknown key '{key}'",
            "allowed keys: " + ", ".join(allowed),
        )
        for key in data
        if key not in allowed
    ]
