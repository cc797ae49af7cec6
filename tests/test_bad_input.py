"""Random, malformed and oversized input, generated from botocore's input shapes, gets only
botocore's ParamValidationError or a modeled AWS error: never a crash inside the fake, and
the state's invariants hold after every call."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import boto3
import documented_service as documented
import pytest
from allowed_errors import fuzz_operation
from botocore.config import Config
from botocore.model import Shape
from hypothesis import strategies as st

from pytest_kmsfake import KmsFake, mock_kms
from pytest_kmsfake._rules.model import service_model
from pytest_kmsfake._service.ops import HANDLERS

KNOWN_REFERENCES = st.sampled_from(["alias/fuzz", "alias/missing", "not-a-key", ""])


def input_strategy(
    shape: Shape, name: str, depth: int = 0, *, wrong_types: bool = False
) -> st.SearchStrategy[Any]:
    """Values for `shape`; with `wrong_types`, scalars are sometimes of another JSON type
    (what a client without parameter validation sends on)."""
    right = _right_type(shape, name, depth, wrong_types)
    if wrong_types and shape.type_name in _WRONG:
        return st.one_of(right, _WRONG[shape.type_name])
    return right


_WRONG = {
    "string": st.one_of(st.integers(), st.booleans()),
    "integer": st.one_of(st.text(max_size=5), st.booleans()),
    "long": st.text(max_size=5),
    "boolean": st.one_of(st.integers(), st.text(max_size=5)),
}


def _right_type(shape: Shape, name: str, depth: int, wrong_types: bool) -> st.SearchStrategy[Any]:
    kind = shape.type_name
    if kind == "structure":
        members = shape.members  # type: ignore[attr-defined]
        required = set(shape.required_members)  # type: ignore[attr-defined]
        if depth > 2:
            return st.fixed_dictionaries({})
        return st.fixed_dictionaries(
            {
                m: input_strategy(s, m, depth + 1, wrong_types=wrong_types)
                for m, s in members.items()
                if m in required
            },
            optional={
                m: input_strategy(s, m, depth + 1, wrong_types=wrong_types)
                for m, s in members.items()
                if m not in required
            },
        )
    if kind == "list":
        member = input_strategy(shape.member, name, depth + 1, wrong_types=wrong_types)  # type: ignore[attr-defined]
        return st.lists(member, max_size=4)
    if kind == "map":
        return st.dictionaries(st.text(max_size=6), st.text(max_size=6), max_size=3)
    if kind == "string":
        enum = getattr(shape, "enum", None)
        if enum:
            return st.one_of(st.sampled_from(enum), st.text(max_size=10))
        if name.endswith("KeyId"):
            return st.one_of(KNOWN_REFERENCES, st.text(max_size=40))
        return st.one_of(st.text(max_size=20), st.text(min_size=250, max_size=300))
    if kind == "blob":
        return st.binary(max_size=5000)
    if kind in ("integer", "long"):
        return st.integers(min_value=-5, max_value=5000)
    if kind == "boolean":
        return st.booleans()
    if kind == "timestamp":
        return st.datetimes()
    return st.none()


@pytest.fixture(scope="module")
def fuzzed() -> Iterator[tuple[Any, KmsFake]]:
    with mock_kms(check_at_teardown=False) as fake:
        client = boto3.client("kms", region_name="us-east-1")
        key = client.create_key()["KeyMetadata"]["KeyId"]
        client.create_alias(AliasName="alias/fuzz", TargetKeyId=key)
        yield client, fake


def _check_invariants(fake: KmsFake) -> None:
    for store in fake._service.store.regions():
        for alias in store.aliases.values():
            assert alias.target_key_id in store.keys, alias
        for key in store.keys.values():
            if key.state == "PendingDeletion":
                assert key.key_id in store.watched
            assert (key.deletion_date is not None) == (key.state == "PendingDeletion")
            assert key.materials or key.origin == "EXTERNAL"
            assert len(key.tags) <= documented.MAX_TAGS_PER_KEY


@pytest.mark.parametrize("operation", sorted(set(HANDLERS) & set(service_model().operation_names)))
def test_fuzzed_input_gets_only_modeled_errors(fuzzed: tuple[Any, KmsFake], operation: str) -> None:
    client, fake = fuzzed
    params = input_strategy(service_model().operation_model(operation).input_shape, operation)
    fuzz_operation(client, fake, operation, params, max_examples=40, after_each=_check_invariants)


@pytest.fixture(scope="module")
def unvalidated() -> Iterator[tuple[Any, KmsFake]]:
    with mock_kms(check_at_teardown=False) as fake:
        client = boto3.client(
            "kms", region_name="us-east-1", config=Config(parameter_validation=False)
        )
        key = client.create_key()["KeyMetadata"]["KeyId"]
        client.create_alias(AliasName="alias/fuzz", TargetKeyId=key)
        yield client, fake


@pytest.mark.parametrize("operation", sorted(set(HANDLERS) & set(service_model().operation_names)))
def test_without_client_validation_the_fake_still_answers_like_aws(
    unvalidated: tuple[Any, KmsFake], operation: str
) -> None:
    """A client made with parameter_validation=False sends what botocore would refuse:
    empty strings, values below the minimum, members of the wrong JSON type. The fake
    answers those as the server does (ValidationException, SerializationException)."""
    client, fake = unvalidated
    shape = service_model().operation_model(operation).input_shape
    params = input_strategy(shape, operation, wrong_types=True)
    fuzz_operation(client, fake, operation, params, max_examples=15, after_each=_check_invariants)
