"""The package's layers, read from its source: imports point down and never go round.

Every import counts, type-only ones included: a cycle that exists only for the type checker
still ties two modules together. The layers, top first (ARCHITECTURE.md):

- the package root: the public face and pytest glue (`__init__`, `plugin`, the fake);
- `_testing`: the fake's test helpers, each working on its service;
- the entry points, side by side and blind to each other: `_client` (the botocore seam and
  bridges) and `_endpoint` (the loopback HTTP endpoint);
- `_service`: one dispatch, the operation handlers and the key-resolution chokepoint;
- `_access`: policies, principals, conditions and the authorization decision;
- `_state`: keys, aliases, grants, key stores, the call log and the clock;
- `_crypto`: the cryptography;
- `_rules`: the rule tables and botocore's model.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "pytest_kmsfake"
LAYERS = (
    ("",),
    ("_testing",),
    ("_client", "_endpoint"),
    ("_service",),
    ("_access",),
    ("_state",),
    ("_crypto",),
    ("_rules",),
)


def _module_name(path: Path) -> str:
    parts = ["pytest_kmsfake", *path.relative_to(PACKAGE).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports() -> dict[str, set[str]]:
    """Module -> the package modules it imports (a name imported from a package counts as
    its submodule when one of that name exists)."""
    modules = {_module_name(path): path for path in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        targets: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets.update(a.name for a in node.names if a.name.startswith("pytest_kmsfake"))
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package.split(".")[: len(package.split(".")) - node.level + 1]
                    source = ".".join([*base, *([node.module] if node.module else [])])
                else:
                    source = node.module or ""
                if not source.startswith("pytest_kmsfake"):
                    continue
                for alias in node.names:
                    submodule = f"{source}.{alias.name}"
                    targets.add(submodule if submodule in modules else source)
        graph[name] = {target for target in targets if target in modules and target != name}
    return graph


def _package(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and (PACKAGE / parts[1]).is_dir() else ""


def _layer(module: str) -> int:
    package = _package(module)
    return next(rank for rank, members in enumerate(LAYERS) if package in members)


def _against_the_layers(module: str, target: str) -> bool:
    """Upward, or sideways into another package of the same layer."""
    if _layer(target) != _layer(module):
        return _layer(target) < _layer(module)
    return _package(target) != _package(module)


def test_the_import_graph_is_read() -> None:
    graph = _imports()
    assert "pytest_kmsfake._service.resolve" in graph["pytest_kmsfake._service.ops.crypto"]
    assert "pytest_kmsfake._rules.operations" in graph["pytest_kmsfake._service.resolve"]


def test_imports_point_down() -> None:
    upward = [
        f"{module} ({_package(module) or 'root'}) imports {target} "
        f"({_package(target) or 'root'})"
        for module, targets in _imports().items()
        for target in sorted(targets)
        if _against_the_layers(module, target)
    ]
    assert upward == []


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in graph[node]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_import_cycles() -> None:
    assert _cycles(_imports()) == []


@pytest.mark.parametrize(
    ("graph", "expected"),
    [
        ({"a": {"b"}, "b": {"a"}, "c": set()}, [["a", "b"]]),
        ({"a": {"b"}, "b": {"c"}, "c": set()}, []),
    ],
)
def test_the_cycle_finder_finds_cycles(
    graph: dict[str, set[str]], expected: list[list[str]]
) -> None:
    assert _cycles(graph) == expected
