"""The README's first example runs as written, in a pytest run of its own."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[1] / "README.md"


def test_the_readme_example_passes(pytester: pytest.Pytester) -> None:
    example = re.search(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), re.S)
    assert example is not None
    pytester.makepyfile(test_readme_example=example.group(1))
    pytester.runpytest().assert_outcomes(passed=1)
