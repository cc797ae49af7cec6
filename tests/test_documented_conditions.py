"""The fake's condition operators against the IAM User Guide (tests/documented_conditions.py):
every documented case through the evaluation function, and a few through a key policy with
access control enforced.

The expectations come from the documented cases only. Where the fake is known to differ, the
case is a strict xfail that names the difference, so that the day it is fixed the xfail fails
and is removed."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError
from documented_conditions import (
    ABSENT,
    ACCOUNT,
    CASES,
    END_TO_END,
    OPERATORS,
    Case,
    EndToEnd,
)

from pytest_kmsfake import KmsFake
from pytest_kmsfake._access.conditions import OPERATORS as FAKE_OPERATORS
from pytest_kmsfake._access.conditions import holds, split_operator


def _case_id(case: Case) -> str:
    request = "absent" if case.request is ABSENT else ",".join(case.request) or "empty"
    return f"{case.operator}-{case.key}-{','.join(case.policy)}-{request}"


def _case_param(case: Case) -> Any:
    return pytest.param(case, id=_case_id(case))


@pytest.mark.parametrize("case", [_case_param(case) for case in CASES])
def test_each_documented_case(case: Case) -> None:
    # Condition key names are case-insensitive; the fake keeps them in lower case.
    key = case.key.lower()
    context = {} if case.request is ABSENT else {key: case.request}
    assert holds(case.operator, key, case.policy, context) is case.holds, case.source


# --- Nothing is missing on either side --------------------------------------------------------------


def test_the_fake_supports_every_documented_operator_and_no_other() -> None:
    assert set(FAKE_OPERATORS) == set(OPERATORS)


def _base(case: Case) -> tuple[str, str, bool]:
    qualifier, base, if_exists = split_operator(case.operator)
    assert base in OPERATORS, case.operator  # a typo in the data would test nothing
    return qualifier, base, if_exists


@pytest.mark.parametrize("operator", OPERATORS)
def test_each_operator_has_true_false_and_missing_key_cases(operator: str) -> None:
    plain = [c for c in CASES if _base(c) == ("", operator, False)]
    assert {c.holds for c in plain if c.request is not ABSENT} == {True, False}, operator
    assert any(c.request is ABSENT for c in plain), operator
    if operator != "Null":  # "except the Null condition" [OPS § ...IfExists]
        assert any(_base(c) == ("", operator, True) and c.request is ABSENT for c in CASES), (
            operator
        )


def test_both_set_operators_meet_a_missing_key_and_an_empty_set() -> None:
    for qualifier in ("ForAllValues", "ForAnyValue"):
        requests = [c.request for c in CASES if _base(c)[0] == qualifier]
        assert ABSENT in requests and () in requests, qualifier


# --- Through a key policy -----------------------------------------------------------------------------

ADMIN = {
    "Sid": "admin",
    "Effect": "Allow",
    "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"},
    "Action": "kms:*",
    "Resource": "*",
}


def _policy(condition: Any) -> str:
    # The account's statement leaves other callers to IAM policies, and they have none: only
    # the conditional statement can allow them.
    conditional = {
        "Sid": "conditional",
        "Effect": "Allow",
        "Principal": {"AWS": "*"},
        "Action": "kms:Encrypt",
        "Resource": "*",
        "Condition": condition,
    }
    return json.dumps({"Version": "2012-10-17", "Statement": [ADMIN, conditional]})


def _allowed(call: Callable[[], object]) -> bool:
    try:
        call()
    except ClientError as error:
        assert error.response["Error"]["Code"] == "AccessDeniedException", error.response
        return False
    return True


def _end_to_end_param(case: EndToEnd) -> Any:
    return pytest.param(case, id=case.name)


@pytest.mark.kms_fake(enforce_access=True)
@pytest.mark.parametrize("case", [_end_to_end_param(case) for case in END_TO_END])
def test_through_a_key_policy(kms_fake: KmsFake, case: EndToEnd) -> None:
    kms: Any = boto3.client("kms", region_name="us-east-1")
    key_id = kms.create_key(Policy=_policy(case.condition))["KeyMetadata"]["KeyId"]
    extra = {} if case.context is None else {"EncryptionContext": dict(case.context)}
    with kms_fake.acting_as(case.caller):
        allowed = _allowed(lambda: kms.encrypt(KeyId=key_id, Plaintext=b"p", **extra))
    assert allowed is case.allowed, f"{case.source}\n{kms_fake.explain()}"


def test_null_takes_no_if_exists(kms_fake: KmsFake) -> None:
    """ "You can add IfExists to the end of any condition operator name except the Null
    condition" [OPS § ...IfExists]: a key policy with NullIfExists is not a policy."""
    kms: Any = boto3.client("kms", region_name="us-east-1")
    with pytest.raises(ClientError) as info:
        kms.create_key(Policy=_policy({"NullIfExists": {"kms:EncryptionContextKeys": "true"}}))
    assert info.value.response["Error"]["Code"] == "MalformedPolicyDocumentException"
