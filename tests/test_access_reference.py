"""Random key policies, identity policies and requests, decided twice: by the fake, and by a
reference evaluator written here, from the documents alone, in the plainest way.

The reference follows the KMS Developer Guide, "Determining access to AWS KMS keys" and "Key
policies" ("Allows access to the AWS account and enables IAM policies"), and the IAM User
Guide's "Policy evaluation logic" and "Condition operators":

1. An explicit Deny that applies, in the key policy or in the caller's identity policies:
   denied.
2. The key policy allows the caller itself (its ARN; a role's ARN covers the role's sessions;
   "*" covers everyone): allowed.
3. The key policy allows the caller's account (the account id or its root ARN): the account's
   IAM policies decide. The root needs none; anyone else needs an identity policy Allow.
4. Otherwise: denied.

A condition on a key the request lacks is false, except that ...IfExists and the negated
operators are then true. Identity policies belong to users and roles; a role's sessions have
their role's. The space drawn is one account; grants and NotPrincipal are out of it (other
tests cover them case by case).
"""

from __future__ import annotations

import fnmatch
import json
from typing import Any

import boto3
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pytest_kmsfake import mock_kms

ACCOUNT = "111122223333"
ROOT = f"arn:aws:iam::{ACCOUNT}:root"
ROLE = f"arn:aws:iam::{ACCOUNT}:role/app"
SESSION = f"arn:aws:sts::{ACCOUNT}:assumed-role/app/worker"
USER = f"arn:aws:iam::{ACCOUNT}:user/alice"
CALLERS = (ROOT, ROLE, SESSION, USER)
POLICY_PRINCIPALS = (ACCOUNT, ROOT, ROLE, SESSION, USER, "*")
CONTEXTS: tuple[dict[str, str] | None, ...] = (None, {"tenant": "acme"}, {"tenant": "other"})


# --- The reference --------------------------------------------------------------------------


def _covers(principal: str, caller: str) -> bool:
    if principal == "*":
        return True
    if principal == ROLE:
        return caller in (ROLE, SESSION)
    return principal == caller


def _names_account(principal: str) -> bool:
    return principal in (ACCOUNT, ROOT)


def _condition_holds(condition: dict[str, Any] | None, context: dict[str, str] | None) -> bool:
    if not condition:
        return True
    [(operator, tests)] = condition.items()
    [(_, wanted)] = tests.items()  # always kms:EncryptionContext:tenant here
    value = (context or {}).get("tenant")
    if value is None:
        return operator.endswith("IfExists") or "Not" in operator
    base = operator.removesuffix("IfExists")
    if base == "StringEquals":
        return value == wanted
    if base == "StringNotEquals":
        return value != wanted
    if base == "StringLike":
        return fnmatch.fnmatchcase(value, wanted)
    raise AssertionError(operator)


def _action_matches(statement: dict[str, Any], action: str) -> bool:
    if "NotAction" in statement:
        return not fnmatch.fnmatchcase(action, statement["NotAction"])
    return fnmatch.fnmatchcase(action, statement["Action"])


def _applies(statement: dict[str, Any], action: str, context: dict[str, str] | None) -> bool:
    return _action_matches(statement, action) and _condition_holds(
        statement.get("Condition"), context
    )


def reference_allows(
    key_policy: list[dict[str, Any]],
    identity: dict[str, list[dict[str, Any]]],
    caller: str,
    action: str,
    context: dict[str, str] | None,
) -> bool:
    owner = ROLE if caller == SESSION else caller
    mine = [s for s in identity.get(owner, []) if _applies(s, action, context)]
    ours = [
        s
        for s in key_policy
        if _applies(s, action, context)
        and any(_covers(p, caller) or _names_account(p) for p in s["Principal"]["AWS"])
    ]
    if any(s["Effect"] == "Deny" for s in [*mine, *ours]):
        # A Deny naming the account applies to every principal in it.
        return False
    allows = [s for s in ours if s["Effect"] == "Allow"]
    if any(_covers(p, caller) for s in allows for p in s["Principal"]["AWS"]):
        return True
    if any(_names_account(p) for s in allows for p in s["Principal"]["AWS"]):
        return caller == ROOT or any(s["Effect"] == "Allow" for s in mine)
    return False


# --- The draws --------------------------------------------------------------------------------

_conditions = st.one_of(
    st.none(),
    st.builds(
        lambda op, value: {op: {"kms:EncryptionContext:tenant": value}},
        st.sampled_from(
            ["StringEquals", "StringNotEquals", "StringLike", "StringEqualsIfExists"]
        ),
        st.sampled_from(["acme", "a*", "other"]),
    ),
)
_actions = st.sampled_from(["kms:Encrypt", "kms:*", "kms:Enc*", "kms:Decrypt", "kms:Describe*"])


def _statement(with_principal: bool) -> st.SearchStrategy[dict[str, Any]]:
    def build(effect: str, negated: bool, action: str, principals: list[str], cond: Any) -> Any:
        statement: dict[str, Any] = {
            "Effect": effect,
            "NotAction" if negated else "Action": action,
            "Resource": "*",
        }
        if with_principal:
            statement["Principal"] = {"AWS": principals}
        if cond is not None:
            statement["Condition"] = cond
        return statement

    return st.builds(
        build,
        st.sampled_from(["Allow", "Allow", "Deny"]),
        st.booleans(),
        _actions,
        st.lists(st.sampled_from(POLICY_PRINCIPALS), min_size=1, max_size=2, unique=True),
        _conditions,
    )


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    key_policy=st.lists(_statement(True), min_size=1, max_size=3),
    role_policy=st.lists(_statement(False), max_size=2),
    user_policy=st.lists(_statement(False), max_size=2),
    caller=st.sampled_from(CALLERS),
    context=st.sampled_from(CONTEXTS),
)
def test_the_fake_decides_as_the_reference(
    key_policy: list[dict[str, Any]],
    role_policy: list[dict[str, Any]],
    user_policy: list[dict[str, Any]],
    caller: str,
    context: dict[str, str] | None,
) -> None:
    identity = {ROLE: role_policy, USER: user_policy}
    expected = reference_allows(key_policy, identity, caller, "kms:Encrypt", context)
    with mock_kms(enforce_access=True) as fake:
        kms = boto3.client("kms", region_name="us-east-1")
        key = kms.create_key(
            Policy=json.dumps({"Version": "2012-10-17", "Statement": key_policy}),
            BypassPolicyLockoutSafetyCheck=True,
        )["KeyMetadata"]["KeyId"]
        for principal, statements in identity.items():
            if statements:
                fake.put_identity_policy(principal, {"Statement": statements})
        extra = {"EncryptionContext": context} if context else {}
        with fake.acting_as(caller):
            try:
                kms.encrypt(KeyId=key, Plaintext=b"p", **extra)
                allowed = True
            except kms.exceptions.ClientError as error:
                assert error.response["Error"]["Code"] == "AccessDeniedException", error
                allowed = False
        assert allowed == expected, fake.explain()
