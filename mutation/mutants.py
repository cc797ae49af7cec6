"""Mutants of one module: each a single deliberate change to its syntax tree.

The operators model the mistakes that matter in a fake: a wrong or missing entry in a rule
table (a string, a number, an element of a set, a key of a mapping, a keyword of a row), a
flipped decision (a comparison, a boolean, `and`/`or`, a `not`), and a forgotten check (a
`raise` or a call statement deleted). Docstrings, annotations and `TYPE_CHECKING` blocks are
left alone: changing them changes nothing a test could see.
"""

from __future__ import annotations

import ast
import copy
from collections.abc import Iterator
from dataclasses import dataclass, replace

_COMPARISON_SWAPS: dict[type[ast.cmpop], type[ast.cmpop]] = {
    ast.Eq: ast.NotEq,
    ast.NotEq: ast.Eq,
    ast.Lt: ast.LtE,
    ast.LtE: ast.Lt,
    ast.Gt: ast.GtE,
    ast.GtE: ast.Gt,
    ast.In: ast.NotIn,
    ast.NotIn: ast.In,
    ast.Is: ast.IsNot,
    ast.IsNot: ast.Is,
}
_ARITHMETIC_SWAPS: dict[type[ast.operator], type[ast.operator]] = {
    ast.Add: ast.Sub,
    ast.Sub: ast.Add,
    ast.Mult: ast.FloorDiv,
    ast.FloorDiv: ast.Mult,
}


@dataclass(frozen=True)
class Mutant:
    """One change: the node's index in `ast.walk` order, what to do to it, and a description
    that stays the same while unrelated lines move (it names the enclosing definition and the
    code before and after, not the line number)."""

    module: str
    node_index: int
    operator: str
    variant: int
    line: int
    scope: str
    before: str
    after: str

    @property
    def key(self) -> str:
        return f"{self.module} | {self.scope} | {self.operator} | {self.before} -> {self.after}"


def mutants_of(module: str, source: str) -> list[Mutant]:
    tree = ast.parse(source)
    skipped = _skipped_nodes(tree)
    scopes = _scopes(tree)
    found = []
    for index, node in enumerate(ast.walk(tree)):
        if id(node) in skipped:
            continue
        for operator, variant in _changes(node):
            found.append(
                Mutant(
                    module=module,
                    node_index=index,
                    operator=operator,
                    variant=variant,
                    line=getattr(node, "lineno", 0),
                    scope=scopes.get(id(node), "<module>"),
                    before=_short(ast.unparse(node)),
                    after=_short(_describe_after(node, operator, variant)),
                )
            )
    return _numbered(found)


def _numbered(found: list[Mutant]) -> list[Mutant]:
    """Identical descriptions (the same string twice in one function) get `#2`, `#3`, ... so
    that every key names one mutant."""
    seen: dict[str, int] = {}
    numbered = []
    for mutant in found:
        seen[mutant.key] = seen.get(mutant.key, 0) + 1
        if seen[mutant.key] > 1:
            mutant = replace(mutant, after=f"{mutant.after} #{seen[mutant.key]}")
        numbered.append(mutant)
    return numbered


def apply(source: str, node_index: int, operator: str, variant: int) -> str:
    """The module's source with one mutant applied (formatting is not kept)."""
    tree = ast.parse(source)
    nodes = list(ast.walk(tree))
    node = nodes[node_index]
    parents = {id(child): parent for parent in nodes for child in ast.iter_child_nodes(parent)}
    _mutate(node, parents.get(id(node)), operator, variant)
    return ast.unparse(ast.fix_missing_locations(tree))


def _changes(node: ast.AST) -> Iterator[tuple[str, int]]:
    if isinstance(node, ast.Constant):
        if isinstance(node.value, bool):
            yield "flip-bool", 0
        elif isinstance(node.value, str):
            yield "change-string", 0
        elif isinstance(node.value, (int, float)):
            yield "change-number", 0
    elif isinstance(node, ast.Compare):
        for position, op in enumerate(node.ops):
            if type(op) in _COMPARISON_SWAPS:
                yield "flip-comparison", position
    elif isinstance(node, ast.BoolOp):
        yield "swap-and-or", 0
    elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        yield "drop-not", 0
    elif isinstance(node, ast.BinOp) and type(node.op) in _ARITHMETIC_SWAPS:
        yield "swap-arithmetic", 0
    elif isinstance(node, (ast.Set, ast.List, ast.Tuple)) and isinstance(
        getattr(node, "ctx", ast.Load()), ast.Load
    ):
        for position in range(len(node.elts)):
            yield "drop-element", position
    elif isinstance(node, ast.Dict):
        for position in range(len(node.keys)):
            yield "drop-entry", position
    elif isinstance(node, ast.Call):
        for position in range(len(node.keywords)):
            yield "drop-keyword", position
    elif isinstance(node, ast.Raise):
        yield "drop-raise", 0
    elif isinstance(node, ast.Expr) and isinstance(node.value, (ast.Call, ast.Await)):
        yield "drop-call", 0


def _mutate(node: ast.AST, parent: ast.AST | None, operator: str, variant: int) -> None:
    if operator == "flip-bool":
        assert isinstance(node, ast.Constant)
        node.value = not node.value
    elif operator == "change-string":
        assert isinstance(node, ast.Constant)
        node.value = f"{node.value}XX" if node.value else "XX"
    elif operator == "change-number":
        assert isinstance(node, ast.Constant)
        node.value = node.value + 1
    elif operator == "flip-comparison":
        assert isinstance(node, ast.Compare)
        node.ops[variant] = _COMPARISON_SWAPS[type(node.ops[variant])]()
    elif operator == "swap-and-or":
        assert isinstance(node, ast.BoolOp)
        node.op = ast.Or() if isinstance(node.op, ast.And) else ast.And()
    elif operator == "drop-not":
        assert isinstance(node, ast.UnaryOp) and parent is not None
        _replace_child(parent, node, node.operand)
    elif operator == "swap-arithmetic":
        assert isinstance(node, ast.BinOp)
        node.op = _ARITHMETIC_SWAPS[type(node.op)]()
    elif operator == "drop-element":
        assert isinstance(node, (ast.Set, ast.List, ast.Tuple))
        del node.elts[variant]
    elif operator == "drop-entry":
        assert isinstance(node, ast.Dict)
        del node.keys[variant]
        del node.values[variant]
    elif operator == "drop-keyword":
        assert isinstance(node, ast.Call)
        del node.keywords[variant]
    elif operator in ("drop-raise", "drop-call"):
        assert parent is not None
        _replace_child(parent, node, ast.Pass())
    else:
        raise ValueError(f"unknown mutation operator {operator!r}")


def _replace_child(parent: ast.AST, old: ast.AST, new: ast.AST) -> None:
    for field, value in ast.iter_fields(parent):
        if value is old:
            setattr(parent, field, new)
            return
        if isinstance(value, list) and any(item is old for item in value):
            value[[item is old for item in value].index(True)] = new
            return
    raise LookupError("child not found in its parent")


def _skipped_nodes(tree: ast.AST) -> set[int]:
    """Nodes whose change no test can see: docstrings, annotations, `__all__`, the imports
    under `if TYPE_CHECKING:`."""
    skipped: set[int] = set()

    def skip(subtree: ast.AST | None) -> None:
        if subtree is not None:
            skipped.update(id(n) for n in ast.walk(subtree))

    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if (
            isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
            and body
            and isinstance(body[0], ast.Expr)
            and isinstance(body[0].value, ast.Constant)
            and isinstance(body[0].value.value, str)
        ):
            skip(body[0])
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            skip(node.returns)
            for argument in [*node.args.args, *node.args.kwonlyargs, *node.args.posonlyargs]:
                skip(argument.annotation)
            for argument in (node.args.vararg, node.args.kwarg):
                if argument is not None:
                    skip(argument.annotation)
        elif isinstance(node, ast.AnnAssign):
            skip(node.annotation)
        elif _invisible(node):
            skip(node)
    return skipped


def _invisible(node: ast.AST) -> bool:
    if isinstance(node, ast.If):
        return ast.unparse(node.test) in ("TYPE_CHECKING", "typing.TYPE_CHECKING")
    if isinstance(node, ast.Assign):
        return any(isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets)
    if isinstance(node, ast.Call):
        return ast.unparse(node.func) in ("TypeVar", "cast")
    return False


def _scopes(tree: ast.AST) -> dict[int, str]:
    """Each node's enclosing definition or module-level assignment, by dotted name."""
    scopes: dict[int, str] = {}

    def visit(node: ast.AST, scope: str) -> None:
        for child in ast.iter_child_nodes(node):
            inner = scope
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                inner = f"{scope}.{child.name}" if scope else child.name
            elif isinstance(child, (ast.Assign, ast.AnnAssign)) and not scope:
                targets = child.targets if isinstance(child, ast.Assign) else [child.target]
                inner = ",".join(ast.unparse(t) for t in targets)
            scopes[id(child)] = inner or "<module>"
            visit(child, inner)

    visit(tree, "")
    return scopes


def _describe_after(node: ast.AST, operator: str, variant: int) -> str:
    if operator in ("drop-raise", "drop-call"):
        return "pass"
    if operator == "drop-not" and isinstance(node, ast.UnaryOp):
        return ast.unparse(node.operand)
    if operator == "drop-element" and isinstance(node, (ast.Set, ast.List, ast.Tuple)):
        return f"without {ast.unparse(node.elts[variant])}"
    if operator == "drop-entry" and isinstance(node, ast.Dict):
        key = node.keys[variant]
        named = ast.unparse(key) if key is not None else f"**{ast.unparse(node.values[variant])}"
        return f"without {named}"
    if operator == "drop-keyword" and isinstance(node, ast.Call):
        keyword = node.keywords[variant]
        return f"without {keyword.arg or '**'}={_short(ast.unparse(keyword.value), 40)}"
    changed = copy.deepcopy(node)
    _mutate(changed, None, operator, variant)
    return ast.unparse(changed)


def _short(text: str, limit: int = 90) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 3] + "..."
