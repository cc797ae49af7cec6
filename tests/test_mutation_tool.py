"""The mutation-testing script: its mutants are real changes, and its list of equivalent
mutants names only mutants that still exist, each with a reason."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "mutation"))

from equivalent import EQUIVALENT  # noqa: E402
from mutants import apply, mutants_of  # noqa: E402
from run import MODULES  # noqa: E402

_SAMPLE = '''
"""Docstring."""
from typing import TYPE_CHECKING
if TYPE_CHECKING:
    from x import Y
TABLE = {"a": ("X", "Y"), "b": frozenset({1, 2})}
STRICT = True
def check(value: "Y", limit: int = 3) -> bool:
    """Docstring."""
    if not value and limit > 2:
        raise ValueError("bad")
    record(value, reason="r")
    return value in TABLE or limit + 1 == 0
'''


def _source(module: str) -> str:
    return (ROOT / "pytest_kmsfake" / f"{module.replace('.', '/')}.py").read_text()


def test_every_operator_changes_the_code_and_keeps_it_valid() -> None:
    mutants = mutants_of("sample", _SAMPLE)
    operators = {m.operator for m in mutants}
    assert operators == {
        "change-string", "change-number", "flip-bool", "flip-comparison", "swap-and-or",
        "drop-not", "drop-element", "drop-entry", "drop-keyword", "drop-raise", "drop-call",
        "swap-arithmetic",
    }  # fmt: skip
    original = ast.dump(ast.parse(_SAMPLE))
    for mutant in mutants:
        mutated = apply(_SAMPLE, mutant.node_index, mutant.operator, mutant.variant)
        assert ast.dump(ast.parse(mutated)) != original, mutant.key


def test_docstrings_annotations_and_type_checking_imports_are_not_mutated() -> None:
    mutants = mutants_of("sample", _SAMPLE)
    assert "'Docstring.'" not in {m.before for m in mutants}
    # The table's "Y" is mutated; the annotation "Y" of check() is not.
    assert [m.scope for m in mutants if m.before == "'Y'"] == ["TABLE"]
    assert not any("from x import" in m.before for m in mutants)


def test_described_mutants_are_the_applied_ones() -> None:
    [mutant] = [m for m in mutants_of("sample", _SAMPLE) if m.before == "limit > 2"]
    assert mutant.after == "limit >= 2"
    assert "limit >= 2" in apply(_SAMPLE, mutant.node_index, mutant.operator, mutant.variant)


@pytest.mark.parametrize("module", MODULES)
def test_mutant_keys_are_unique(module: str) -> None:
    keys = [m.key for m in mutants_of(module, _source(module))]
    assert keys
    assert len(keys) == len(set(keys))


def test_equivalent_mutants_exist_and_say_why() -> None:
    current = {m.key for module in MODULES for m in mutants_of(module, _source(module))}
    stale = sorted(set(EQUIVALENT) - current)
    assert not stale, "equivalent mutants that no longer exist; remove them:\n" + "\n".join(stale)
    assert all(reason.strip() for reason in EQUIVALENT.values())
