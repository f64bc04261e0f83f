"""The package's shape: no two modules import each other, and the CLI stays thin."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "fbss_guide"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def import_graph() -> dict[str, set[str]]:
    """Every fbss_guide module and the fbss_guide modules it imports, anywhere in it
    (top level, inside functions, under TYPE_CHECKING)."""
    modules = {_module_name(path): path for path in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                targets = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            for target in targets:
                if target in modules and target != name:
                    graph[name].add(target)
    return graph


def find_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    state: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(name: str) -> None:
        state[name] = 1
        stack.append(name)
        # A package's __init__ that imports its own modules counts like any module: a
        # chain out of one of them back to the package is a cycle at import time
        # (project -> formats -> formats.base -> i18n.localise -> project was one).
        for target in sorted(graph[name]):
            if state.get(target) == 1:
                found.append([*stack[stack.index(target) :], target])
            elif target not in state:
                visit(target)
        stack.pop()
        state[name] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name)
    return found


def test_no_module_imports_itself_through_others() -> None:
    """No two modules import each other, directly or through a chain."""
    assert find_cycles(import_graph()) == []


def test_the_cycle_finder_finds_a_cycle() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": set()}
    assert find_cycles(graph) == [["a", "b", "c", "a"]]


def test_the_cycle_finder_follows_a_package_into_its_modules() -> None:
    graph = {"p": {"pkg"}, "pkg": {"pkg.mod"}, "pkg.mod": {"p"}}
    assert find_cycles(graph) == [["p", "pkg", "pkg.mod", "p"]]


def test_the_graph_sees_imports_inside_functions() -> None:
    graph = import_graph()
    # The build command imports the build only inside its functions (fast --help).
    assert "fbss_guide.engine.build" in graph["fbss_guide.cli.build_command"]
