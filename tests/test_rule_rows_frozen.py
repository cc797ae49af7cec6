"""The rule tables are read by every call and shared by every fake: a row that could be
changed in place would let one test's mistake leak into the next. Each row type is frozen."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from pytest_kmsfake._rules import algorithms, arns, key_specs, limits, operations, regions

ROWS: list[Any] = [
    next(iter(key_specs.KEY_SPECS.values())),
    next(iter(algorithms.SIGNING_ALGORITHMS.values())),
    next(iter(algorithms.ENCRYPTION_ALGORITHMS.values())),
    next(iter(algorithms.MAC_ALGORITHMS.values())),
    operations.OPERATIONS["Encrypt"],
    operations.OPERATIONS["Encrypt"].key_actions[0],
    arns.parse_reference("alias/app"),
    limits.LIST_LIMITS["ListKeys"],
    regions.PROFILES["default"][0],
]


@pytest.mark.parametrize("row", ROWS, ids=lambda row: type(row).__name__)
def test_a_rule_row_cannot_be_changed_in_place(row: Any) -> None:
    field = dataclasses.fields(row)[0].name
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(row, field, getattr(row, field))
