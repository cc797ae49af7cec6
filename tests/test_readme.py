"""The README's first example runs as written, its option table is the generated one, and it
and the API page name what users import and read."""

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


def test_the_readme_names_every_field_of_a_call() -> None:
    import dataclasses

    from pytest_kmsfake import KmsCall

    text = README.read_text(encoding="utf-8")
    fields = [field.name for field in dataclasses.fields(KmsCall)] + ["succeeded"]
    assert [name for name in fields if f"`.{name}`" not in text] == []


def test_the_api_page_lists_every_public_name() -> None:
    import pytest_kmsfake

    page = (DOCS / "api.md").read_text(encoding="utf-8")
    imported = re.search(r"from pytest_kmsfake import \((.*?)\)", page, re.S)
    assert imported is not None
    names = set(pytest_kmsfake.__all__) - {"__version__"}
    assert {name.strip() for name in imported.group(1).split(",") if name.strip()} == names
    assert [name for name in sorted(names) if f"::: pytest_kmsfake.{name}\n" not in page] == []
