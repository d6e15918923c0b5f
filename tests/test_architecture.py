"""The house shows the pipeline: stages import downwards only, and no module imports itself round a circle.

Every import counts, also those inside functions and under TYPE_CHECKING: an
import hidden in a function is still a dependency, and hiding circles that way
is what this test exists to stop.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "sitroom"

# The floors, lowest first, in the order data flows. A module may import its own
# floor and those below it, never one above. Names are the first part of the
# module path under sitroom (a module or a package).
FLOORS: list[set[str]] = [
    {"records", "taxonomy", "settings", "knowledge"},  # the typed records and what sitroom knows
    {"gazetteer"},  # the atlas the stages consult
    {"ingest"},
    {"nlp"},
    {"extract"},
    {"resolve"},
    {"merge"},
    {"snippets"},
    {"pipeline"},
    {"store"},
    {"export"},
    {"parallel"},  # the per-article work over processes or a cluster, feeding the one writer (and Parquet parts)
    {"report"},  # situation reports and alerts, read from the store; web and cli show them
    {"service", "watch", "evaluate", "web"},
    {"cli"},
]


def module_names(root: Path, package: str) -> dict[str, Path]:
    """Dotted module name -> file, for every module under `root` (a package's __init__ under its package name)."""
    names = {}
    for path in root.rglob("*.py"):
        parts = [package, *path.relative_to(root).with_suffix("").parts]
        if parts[-1] == "__init__":
            parts = parts[:-1]
        names[".".join(parts)] = path
    return names


def imports_of(name: str, path: Path, known: set[str]) -> set[str]:
    """The modules of the package that `name` imports, anywhere in its file."""
    is_package = path.name == "__init__.py"
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = name.split(".")
                base = base[: len(base) - node.level + (1 if is_package else 0)]
                stem = ".".join(base + ([node.module] if node.module else []))
            else:
                stem = node.module or ""
            # "from . import dedup" imports the submodule; "from .lookup import fold" the module.
            targets = [f"{stem}.{a.name}" if f"{stem}.{a.name}" in known else stem for a in node.names]
        else:
            continue
        for target in targets:
            while target and target not in known:  # "sitroom.gazetteer.lookup.X" -> the module that holds it
                target = target.rpartition(".")[0]
            if target and target != name:
                found.add(target)
    return found


def import_graph(root: Path, package: str) -> dict[str, set[str]]:
    names = module_names(root, package)
    return {name: imports_of(name, path, set(names)) for name, path in names.items()}


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return sorted(found)


def floor_of(module: str) -> int | None:
    parts = module.split(".")
    if len(parts) < 2:
        return None  # the package's own __init__
    for number, names in enumerate(FLOORS):
        if parts[1] in names:
            return number
    raise AssertionError(f"{module} is on no floor: add its stage to FLOORS in {Path(__file__).name}")


def test_no_import_circles():
    assert circles(import_graph(PACKAGE, "sitroom")) == []


def test_stages_import_only_their_own_floor_and_those_below():
    upward = []
    for module, targets in sorted(import_graph(PACKAGE, "sitroom").items()):
        here = floor_of(module)
        for target in sorted(targets):
            there = floor_of(target)
            if here is not None and there is not None and there > here:
                upward.append(f"{module} imports {target}")
    assert upward == []


@pytest.fixture
def toy_package(tmp_path: Path) -> Path:
    """A package with a circle hidden in a function and one through a package __init__."""
    root = tmp_path / "toy"
    (root / "stage").mkdir(parents=True)
    (root / "__init__.py").write_text("")
    (root / "low.py").write_text("def f():\n    from .high import g\n")
    (root / "high.py").write_text("from . import low\nfrom .stage.inner import h\n")
    (root / "stage" / "__init__.py").write_text("from .inner import h\n")
    (root / "stage" / "inner.py").write_text("from ..stage import other\n")
    (root / "stage" / "other.py").write_text("import toy.stage\n")
    return root


def test_the_walker_sees_circles_behind_function_imports_and_package_inits(toy_package):
    graph = import_graph(toy_package, "toy")
    assert graph["toy.low"] == {"toy.high"}
    assert graph["toy.high"] == {"toy.low", "toy.stage.inner"}
    assert graph["toy.stage.inner"] == {"toy.stage.other"}
    assert circles(graph) == [["toy.high", "toy.low"], ["toy.stage", "toy.stage.inner", "toy.stage.other"]]
