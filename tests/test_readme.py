"""The README's first example runs as written, and its option table is the generated one."""

from __future__ import annotations

import importlib
import re
import sys
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[1] / "README.md"
DOCS = README.parent / "docs"


def test_the_readme_example_passes(pytester: pytest.Pytester) -> None:
    example = re.search(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), re.S)
    assert example is not None
    pytester.makepyfile(test_readme_example=example.group(1))
    pytester.runpytest().assert_outcomes(passed=1)


def test_the_readme_option_table_is_the_generated_one() -> None:
    """Regenerate it with `python docs/tables.py options` after changing an option."""
    sys.path.insert(0, str(DOCS))
    try:
        tables = importlib.import_module("tables")
    finally:
        sys.path.remove(str(DOCS))
        sys.modules.pop("tables", None)  # leave the name free for any other `tables`
    assert tables.options_table() in README.read_text(encoding="utf-8")
