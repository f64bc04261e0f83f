"""The package's shape: no two modules import each other, the CLI stays thin, the top
level holds only package-wide modules and no module grows past one job."""

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


# The package's top level holds only what is package-wide; every stage of the build is a
# subpackage (docs/architecture.md), so the top level does not grow back into a flat list.
TOP_LEVEL_MODULES = {"__init__.py", "__main__.py", "errors.py", "crash.py", "scaffold.py"}

# A module longer than this does more than one job: split it (docs/architecture.md).
MAX_MODULE_LINES = 550
# Modules allowed to be longer, each with the reason. None today.
LONG_MODULES: dict[str, str] = {}


def top_level_modules(package: Path) -> set[str]:
    return {path.name for path in package.glob("*.py")}


def folders_without_init(package: Path) -> list[str]:
    """Folders of Python modules that are not packages (a module there is unreachable by
    the dotted names the rest of the code uses)."""
    folders = {path.parent for path in package.rglob("*.py")}
    return sorted(
        str(folder.relative_to(package))
        for folder in folders
        if not (folder / "__init__.py").is_file()
    )


def long_modules(package: Path, limit: int, allowed: dict[str, str]) -> dict[str, int]:
    """Modules of more than `limit` lines, by path inside the package, except `allowed`."""
    found = {}
    for path in sorted(package.rglob("*.py")):
        name = path.relative_to(package).as_posix()
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > limit and name not in allowed:
            found[name] = lines
    return found


def test_the_top_level_holds_only_package_wide_modules() -> None:
    extra = top_level_modules(PACKAGE) - TOP_LEVEL_MODULES
    assert extra == set(), (
        f"new top-level modules {sorted(extra)}: put each in the package of its stage "
        "(pdf/, guide/, render/, engine/, ...; docs/architecture.md)"
    )
    assert folders_without_init(PACKAGE) == []


def test_no_module_is_longer_than_the_limit() -> None:
    assert long_modules(PACKAGE, MAX_MODULE_LINES, LONG_MODULES) == {}
    # An exception names a module that exists and still needs it.
    for name in LONG_MODULES:
        lines = len((PACKAGE / name).read_text(encoding="utf-8").splitlines())
        assert lines > MAX_MODULE_LINES, f"{name} is short enough now: drop its exception"


def test_the_shape_checks_find_what_they_look_for(tmp_path: Path) -> None:
    package = tmp_path / "pkg"
    (package / "stage").mkdir(parents=True)
    (package / "loose").mkdir()
    (package / "__init__.py").write_text("")
    (package / "stray.py").write_text("")
    (package / "stage" / "__init__.py").write_text("")
    (package / "stage" / "long.py").write_text("x = 1\n" * 12)
    (package / "loose" / "mod.py").write_text("")
    assert top_level_modules(package) == {"__init__.py", "stray.py"}
    assert folders_without_init(package) == ["loose"]
    assert long_modules(package, 10, {}) == {"stage/long.py": 12}
    assert long_modules(package, 10, {"stage/long.py": "a reason"}) == {}


def test_package_paths_point_at_the_package_root() -> None:
    """Modules one level down find the package's data and code from its root: the
    built-in templates, and every module for the cache key (a change to any module
    rebuilds everything)."""
    from fbss_guide.output_dir.cache import PACKAGE_DIR
    from fbss_guide.project.project_file import PACKAGE_TEMPLATES

    assert PACKAGE_DIR == PACKAGE
    assert PACKAGE_TEMPLATES == PACKAGE / "templates"
    assert (PACKAGE_TEMPLATES / "handout.html.j2").is_file()
