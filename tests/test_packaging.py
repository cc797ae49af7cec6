"""What the distribution ships and says about itself."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import pytest_kmsfake

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "pytest_kmsfake"
PYPROJECT = (ROOT / "pyproject.toml").read_text(encoding="utf-8")


def test_the_license_file_is_the_mit_license_the_metadata_names() -> None:
    assert re.search(r'^license = "MIT"$', PYPROJECT, re.M)
    assert re.search(r'^license-files = \["LICENSE"\]$', PYPROJECT, re.M)
    assert (ROOT / "LICENSE").read_text(encoding="utf-8").startswith("MIT License\n")


def test_the_version_is_written_once() -> None:
    assert not re.search(r'^version = "', PYPROJECT, re.M)
    assert 'version = { attr = "pytest_kmsfake.__version__" }' in PYPROJECT
    assert re.fullmatch(r"\d+\.\d+\.\d+", pytest_kmsfake.__version__)


def _messages(path: Path) -> list[str]:
    """The string literals of a module that are not docstrings."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
    ]


@pytest.mark.parametrize(
    "path", sorted(PACKAGE.rglob("*.py")), ids=lambda p: str(p.relative_to(PACKAGE))
)
def test_no_message_points_at_a_file_that_does_not_ship(path: Path) -> None:
    # The docs, tests, examples and benchmarks are not in the wheel: a message names a page
    # of the documentation, or says the fix itself.
    unshipped = re.compile(r"\b(docs|tests|examples|benchmarks)/|\b[\w-]+\.md\b")
    assert [message for message in _messages(path) if unshipped.search(message)] == []


def test_the_sdist_holds_no_partial_test_tree() -> None:
    # setuptools adds tests/test*.py to an sdist by default, without the conftest and the
    # documented facts they import: a tree that cannot run. The manifest leaves it out whole
    # (checked by building the sdist: its files are the package, README, LICENSE and metadata).
    manifest = (ROOT / "MANIFEST.in").read_text(encoding="utf-8").splitlines()
    assert "prune tests" in manifest
