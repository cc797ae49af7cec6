"""Access decisions where a fake that is too permissive would let a test pass that fails against
AWS. Every expected decision is written out by hand from the documented rule or example it
cites:

[OPS]      IAM User Guide, "IAM JSON policy elements: Condition operators", the "Important"
           note: a key missing from the request makes a condition false, except that a negated
           operator (StringNotLike, ArnNotLike, ...) is then true
[SET]      IAM User Guide, "Single-valued vs. multivalued context keys": ForAllValues is true
           when the request has no such key, ForAnyValue is false
[PRINC]    IAM User Guide, "AWS JSON policy elements: Principal", role session principals: a
           session principal names that one session ("Principals must always name a specific
           session")
[NOTPRINC] IAM User Guide, "AWS JSON policy elements: NotPrincipal", NotPrincipal with Deny and
           its two examples: the account ARN must be listed too, and an assumed-role session is
           evaluated as the account, the role and the session
[RETIRE]   KMS Developer Guide, "Retiring and revoking grants"
[GRANTS]   KMS Developer Guide, "Grants in AWS KMS": a grant can allow access, never deny it
[ALIAS]    KMS Developer Guide, "Controlling access to aliases"
[ABAC]     KMS Developer Guide, "ABAC for AWS KMS" and "Use tags to control access to KMS keys"
[MR]       KMS API Reference, ReplicateKey and UpdatePrimaryRegion, "Required permissions"
"""

from __future__ import annotations

from typing import Any

import pytest
from access_policies import ACCOUNT, OTHER, OTHER_ROLE, ROLE, ROOT, denied, policy
from botocore.exceptions import ClientError

from pytest_kmsfake import KmsFake
from pytest_kmsfake._access.conditions import holds

REGION = "us-east-1"
SESSION_1 = f"arn:aws:sts::{ACCOUNT}:assumed-role/app/session-1"
SESSION_2 = f"arn:aws:sts::{ACCOUNT}:assumed-role/app/session-2"
BOB = f"arn:aws:iam::{ACCOUNT}:user/Bob"
ALICE = f"arn:aws:iam::{ACCOUNT}:user/Alice"
THEIR_ROLE = f"arn:aws:iam::{OTHER}:role/partner"


pytestmark = pytest.mark.kms_fake(enforce_access=True)


def statement(effect: str, principal: Any, action: Any, **extra: Any) -> dict[str, Any]:
    return {
        "Effect": effect,
        "Principal": principal if principal == "*" else {"AWS": principal},
        "Action": action,
        "Resource": "*",
        **extra,
    }


def iam(*statements: dict[str, Any]) -> dict[str, Any]:
    return {"Version": "2012-10-17", "Statement": list(statements)}


def iam_statement(effect: str, action: Any, resource: Any = "*") -> dict[str, Any]:
    return {"Effect": effect, "Action": action, "Resource": resource}


def message(principal: str, action: str, resource: str, why: str) -> str:
    """AWS's AccessDeniedException text, as tests/test_policies_enforced.py records it."""
    return f"User: {principal} is not authorized to perform: kms:{action} on resource: {resource} {why}"


NO_RESOURCE_POLICY = "because no resource-based policy allows the kms:{} action"
NO_IDENTITY_POLICY = "because no identity-based policy allows the kms:{} action"
DENY_IN_KEY_POLICY = "with an explicit deny in a resource-based policy"
DENY_IN_IAM = "with an explicit deny in an identity-based policy"


def alias_arn(name: str) -> str:
    return f"arn:aws:kms:{REGION}:{ACCOUNT}:{name}"


@pytest.fixture
def key(kms: Any) -> dict[str, Any]:
    return dict(kms.create_key()["KeyMetadata"])


# --- 1. Negated condition operators with a missing key ---------------------------------------


NEGATED = (
    "StringNotEquals", "StringNotLike", "StringNotEqualsIgnoreCase", "NumericNotEquals",
    "DateNotEquals", "NotIpAddress", "ArnNotEquals", "ArnNotLike",
)  # fmt: skip


@pytest.mark.parametrize("operator", NEGATED)
def test_a_negated_operator_holds_when_the_key_is_missing(operator: str) -> None:
    # [OPS] Important: "If the policy condition requires that the key is not matched, such as
    # StringNotLike or ArnNotLike, and the right key is not present, the condition is true."
    assert holds(operator, "aws:sourcearn", ("10",), {}) is True


@pytest.mark.parametrize("operator", NEGATED)
def test_set_qualifiers_on_a_negated_operator_with_a_missing_key(operator: str) -> None:
    # [SET]: ForAllValues "also returns true if there are no context keys in the request";
    # ForAnyValue returns false when the key is missing, whatever operator follows it.
    assert holds(f"ForAllValues:{operator}", "kms:encryptioncontextkeys", ("a",), {}) is True
    assert holds(f"ForAnyValue:{operator}", "kms:encryptioncontextkeys", ("a",), {}) is False


def test_a_deny_on_string_not_equals_fires_without_an_encryption_context(
    kms: Any, key: dict[str, Any]
) -> None:
    # [OPS]: the request without an encryption context lacks kms:EncryptionContext:tenant, so
    # StringNotEquals is true and the Deny applies, even to the root the admin statement names.
    only_acme = statement(
        "Deny",
        "*",
        "kms:Encrypt",
        Condition={"StringNotEquals": {"kms:EncryptionContext:tenant": "acme"}},
    )
    kms.put_key_policy(KeyId=key["KeyId"], Policy=policy(only_acme))
    kms.encrypt(KeyId=key["KeyId"], Plaintext=b"p", EncryptionContext={"tenant": "acme"})
    assert denied(lambda: kms.encrypt(KeyId=key["KeyId"], Plaintext=b"p")) == message(
        ROOT, "Encrypt", key["Arn"], DENY_IN_KEY_POLICY
    )
    denied(lambda: kms.encrypt(KeyId=key["KeyId"], Plaintext=b"p", EncryptionContext={"t": "x"}))


def test_for_all_values_on_a_single_valued_context_key_is_stored_and_admits_no_context(
    kms: Any, kms_fake: KmsFake, key: dict[str, Any]
) -> None:
    # [SET] warns that a set operator on a single-valued key "can lead to overly permissive
    # policies"; it documents no refusal. Evaluated as written: the one value is a set of one,
    # and a request without the key satisfies ForAllValues, so this Allow admits it.
    tenant_only = statement(
        "Allow",
        ROLE,
        "kms:Encrypt",
        Condition={"ForAllValues:StringEquals": {"kms:EncryptionContext:tenant": "acme"}},
    )
    kms.put_key_policy(KeyId=key["KeyId"], Policy=policy(tenant_only))
    with kms_fake.acting_as(ROLE):
        kms.encrypt(KeyId=key["KeyId"], Plaintext=b"p", EncryptionContext={"tenant": "acme"})
        kms.encrypt(KeyId=key["KeyId"], Plaintext=b"p")  # the permissive case AWS warns of
        assert denied(
            lambda: kms.encrypt(
                KeyId=key["KeyId"], Plaintext=b"p", EncryptionContext={"tenant": "other"}
            )
        ) == message(ROLE, "Encrypt", key["Arn"], NO_IDENTITY_POLICY.format("Encrypt"))


def test_an_identity_deny_on_arn_not_like_fires_when_the_key_is_absent(
    kms: Any, kms_fake: KmsFake, key: dict[str, Any]
) -> None:
    # [OPS]: aws:SourceArn is absent from a direct call, so ArnNotLike on it is true.
    kms_fake.put_identity_policy(
        ROLE,
        iam(
            iam_statement("Allow", "kms:*"),
            iam_statement("Deny", "kms:Encrypt")
            | {"Condition": {"ArnNotLike": {"aws:SourceArn": "arn:aws:s3:::reports/*"}}},
        ),
    )
    with kms_fake.acting_as(ROLE):
        kms.describe_key(KeyId=key["KeyId"])
        assert denied(lambda: kms.encrypt(KeyId=key["KeyId"], Plaintext=b"p")) == message(
            ROLE, "Encrypt", key["Arn"], DENY_IN_IAM
        )


def test_a_deny_on_for_any_value_with_a_negated_operator_needs_the_key(
    kms: Any, key: dict[str, Any]
) -> None:
    # [SET]: ForAnyValue is false when the request has no such key, so this Deny does not fire
    # on a call without an encryption context, and fires on one with a key other than tenant.
    deny = statement(
        "Deny",
        "*",
        "kms:Encrypt",
        Condition={"ForAnyValue:StringNotEquals": {"kms:EncryptionContextKeys": "tenant"}},
    )
    kms.put_key_policy(KeyId=key["KeyId"], Policy=policy(deny))
    kms.encrypt(KeyId=key["KeyId"], Plaintext=b"p")
    kms.encrypt(KeyId=key["KeyId"], Plaintext=b"p", EncryptionContext={"tenant": "acme"})
    denied(lambda: kms.encrypt(KeyId=key["KeyId"], Plaintext=b"p", EncryptionContext={"x": "1"}))


# --- 2. A session principal names one session ------------------------------------------------


def test_a_key_policy_naming_one_session_admits_that_session_only(
    kms: Any, kms_fake: KmsFake, key: dict[str, Any]
) -> None:
    # [PRINC] role session principals: the statement names session-1 of role app; another
    # session of the role, and the role itself, are other principals. The admin statement
    # leaves them to IAM policies, and they have none.
    kms.put_key_policy(
        KeyId=key["KeyId"], Policy=policy(statement("Allow", SESSION_1, "kms:Encrypt"))
    )
    with kms_fake.acting_as(SESSION_1):
        kms.encrypt(KeyId=key["KeyId"], Plaintext=b"p")
    for other in (SESSION_2, ROLE):
        with kms_fake.acting_as(other):
            assert denied(lambda: kms.encrypt(KeyId=key["KeyId"], Plaintext=b"p")) == message(
                other, "Encrypt", key["Arn"], NO_IDENTITY_POLICY.format("Encrypt")
            )


def test_a_grant_to_one_session_admits_that_session_only(
    kms: Any, kms_fake: KmsFake, key: dict[str, Any]
) -> None:
    # [PRINC], as for the key policy: the grantee principal is that one session.
    kms.create_grant(KeyId=key["KeyId"], GranteePrincipal=SESSION_1, Operations=["Encrypt"])
    with kms_fake.acting_as(SESSION_1):
        kms.encrypt(KeyId=key["KeyId"], Plaintext=b"p")
    with kms_fake.acting_as(SESSION_2):
        denied(lambda: kms.encrypt(KeyId=key["KeyId"], Plaintext=b"p"))


def test_a_key_policy_naming_the_role_still_admits_its_sessions(
    kms: Any, kms_fake: KmsFake, key: dict[str, Any]
) -> None:
    # [PRINC] role principals: a session acts with its role's permissions.
    kms.put_key_policy(KeyId=key["KeyId"], Policy=policy(statement("Allow", ROLE, "kms:Encrypt")))
    for session in (SESSION_1, SESSION_2):
        with kms_fake.acting_as(session):
            kms.encrypt(KeyId=key["KeyId"], Plaintext=b"p")


# --- 3. NotPrincipal exempts the principals it lists, no one else ----------------------------


def _not_principal_policy(exempt: list[str]) -> str:
    everyone = statement("Allow", [BOB, ALICE, ROLE], "kms:Encrypt")
    deny = {
        "Effect": "Deny",
        "NotPrincipal": {"AWS": exempt},
        "Action": "kms:Encrypt",
        "Resource": "*",
    }
    return policy(everyone, deny)


def test_not_principal_with_a_user_and_the_account_exempts_that_user_and_the_root(
    kms: Any, kms_fake: KmsFake, key: dict[str, Any]
) -> None:
    # [NOTPRINC] "Example IAM user in the same or a different account": every principal
    # except Bob (and his account, listed as AWS asks) is denied; Alice, in the same account,
    # is not exempt.
    kms.put_key_policy(KeyId=key["KeyId"], Policy=_not_principal_policy([BOB, ROOT]))
    with kms_fake.acting_as(BOB):
        kms.encrypt(KeyId=key["KeyId"], Plaintext=b"p")
    kms.encrypt(KeyId=key["KeyId"], Plaintext=b"p")  # the root: the account ARN is listed
    for other in (ALICE, ROLE, SESSION_1):
        with kms_fake.acting_as(other):
            assert denied(lambda: kms.encrypt(KeyId=key["KeyId"], Plaintext=b"p")) == message(
                other, "Encrypt", key["Arn"], DENY_IN_KEY_POLICY
            )


def test_not_principal_with_the_account_root_alone_exempts_the_root_alone(
    kms: Any, kms_fake: KmsFake, key: dict[str, Any]
) -> None:
    # [NOTPRINC]: the account ARN is one principal among those evaluated; Bob is another, and
    # he is not listed.
    kms.put_key_policy(KeyId=key["KeyId"], Policy=_not_principal_policy([ROOT]))
    kms.encrypt(KeyId=key["KeyId"], Plaintext=b"p")
    with kms_fake.acting_as(BOB):
        denied(lambda: kms.encrypt(KeyId=key["KeyId"], Plaintext=b"p"))


def test_not_principal_without_the_account_does_not_exempt_the_user(
    kms: Any, kms_fake: KmsFake, key: dict[str, Any]
) -> None:
    # [NOTPRINC]: "you must also specify the account ARN of the not-denied principal.
    # Otherwise, the policy might deny access to the entire account containing the principal."
    # The fake takes the stricter reading, which AWS may apply.
    kms.put_key_policy(KeyId=key["KeyId"], Policy=_not_principal_policy([BOB]))
    with kms_fake.acting_as(BOB):
        denied(lambda: kms.encrypt(KeyId=key["KeyId"], Plaintext=b"p"))


def test_not_principal_listing_a_role_does_not_exempt_its_sessions(
    kms: Any, kms_fake: KmsFake, key: dict[str, Any]
) -> None:
    # [NOTPRINC] "Example IAM role in the same or different account": an assumed-role user is
    # evaluated as the account, the role and the session; only a session whose ARN is listed,
    # with its role and account, is exempt.
    kms.put_key_policy(KeyId=key["KeyId"], Policy=_not_principal_policy([ROLE, ROOT]))
    with kms_fake.acting_as(ROLE):
        kms.encrypt(KeyId=key["KeyId"], Plaintext=b"p")
    with kms_fake.acting_as(SESSION_1):
        denied(lambda: kms.encrypt(KeyId=key["KeyId"], Plaintext=b"p"))
    kms.put_key_policy(KeyId=key["KeyId"], Policy=_not_principal_policy([SESSION_1, ROLE, ROOT]))
    with kms_fake.acting_as(SESSION_1):
        kms.encrypt(KeyId=key["KeyId"], Plaintext=b"p")
    with kms_fake.acting_as(SESSION_2):
        denied(lambda: kms.encrypt(KeyId=key["KeyId"], Plaintext=b"p"))


# --- 4. kms:RetireGrant in a key policy grants nothing ---------------------------------------


@pytest.fixture
def grant(kms: Any, key: dict[str, Any]) -> dict[str, Any]:
    """A grant to OTHER_ROLE, without RetireGrant and without a retiring principal."""
    return dict(
        kms.create_grant(KeyId=key["KeyId"], GranteePrincipal=OTHER_ROLE, Operations=["Decrypt"])
    )


def test_kms_star_in_the_key_policy_does_not_let_an_admin_retire_a_grant(
    kms: Any, kms_fake: KmsFake, key: dict[str, Any], grant: dict[str, Any]
) -> None:
    # [RETIRE]: "The kms:RetireGrant permission is not effective in a key policy." The admin
    # is neither the retiring principal nor the grantee, and no IAM policy delegates it.
    kms.put_key_policy(KeyId=key["KeyId"], Policy=policy(statement("Allow", ROLE, "kms:*")))
    with kms_fake.acting_as(ROLE):
        assert denied(
            lambda: kms.retire_grant(KeyId=key["Arn"], GrantId=grant["GrantId"])
        ) == message(ROLE, "RetireGrant", key["Arn"], NO_IDENTITY_POLICY.format("RetireGrant"))
        assert "kms:RetireGrant in a key policy has no effect" in kms_fake.explain()
        # Revoking is another matter: the key policy controls RevokeGrant.
        kms.revoke_grant(KeyId=key["Arn"], GrantId=grant["GrantId"])


def test_an_iam_policy_in_the_keys_account_delegates_retiring(
    kms: Any, kms_fake: KmsFake, key: dict[str, Any], grant: dict[str, Any]
) -> None:
    # [RETIRE]: "The AWS account that owns the KMS key can delegate the kms:RetireGrant
    # permission to an IAM principal in the account."
    kms_fake.put_identity_policy(ROLE, iam(iam_statement("Allow", "kms:RetireGrant")))
    with kms_fake.acting_as(ROLE):
        kms.retire_grant(KeyId=key["Arn"], GrantId=grant["GrantId"])


def test_the_keys_account_root_may_retire_any_of_its_grants(
    kms: Any, key: dict[str, Any], grant: dict[str, Any]
) -> None:
    # [RETIRE]: "As a backup, the AWS account in which the grant was created can retire it."
    kms.retire_grant(KeyId=key["Arn"], GrantId=grant["GrantId"])


def test_iam_retire_grant_alone_does_not_let_another_account_retire(
    kms: Any, kms_fake: KmsFake, key: dict[str, Any], grant: dict[str, Any]
) -> None:
    # [RETIRE]: "The kms:RetireGrant permission alone does not allow principals to retire a
    # grant": a principal of another account that the grant does not name cannot.
    kms.put_key_policy(KeyId=key["KeyId"], Policy=policy(statement("Allow", OTHER, "kms:*")))
    kms_fake.put_identity_policy(THEIR_ROLE, iam(iam_statement("Allow", "kms:*")))
    with kms_fake.acting_as(THEIR_ROLE):
        assert denied(
            lambda: kms.retire_grant(KeyId=key["Arn"], GrantId=grant["GrantId"])
        ) == message(
            THEIR_ROLE, "RetireGrant", key["Arn"], NO_RESOURCE_POLICY.format("RetireGrant")
        )


def test_another_account_as_retiring_principal_delegates_through_its_iam_policies(
    kms: Any, kms_fake: KmsFake, key: dict[str, Any]
) -> None:
    # [RETIRE]: "If the retiring principal is a different AWS account, administrators in the
    # other account can use kms:RetireGrant to delegate permission to retire the grant to an
    # IAM principal in that account."
    created = kms.create_grant(
        KeyId=key["KeyId"],
        GranteePrincipal=OTHER_ROLE,
        RetiringPrincipal=OTHER,
        Operations=["Decrypt"],
    )
    with kms_fake.acting_as(THEIR_ROLE):
        assert denied(lambda: kms.retire_grant(GrantToken=created["GrantToken"])) == message(
            THEIR_ROLE, "RetireGrant", key["Arn"], NO_IDENTITY_POLICY.format("RetireGrant")
        )
    kms_fake.put_identity_policy(THEIR_ROLE, iam(iam_statement("Allow", "kms:RetireGrant")))
    with kms_fake.acting_as(THEIR_ROLE):
        kms.retire_grant(GrantToken=created["GrantToken"])


def test_retiring_a_grant_that_is_gone_is_not_found_for_the_keys_account(
    kms: Any, key: dict[str, Any], grant: dict[str, Any]
) -> None:
    kms.retire_grant(KeyId=key["Arn"], GrantId=grant["GrantId"])
    with pytest.raises(ClientError) as info:
        kms.retire_grant(KeyId=key["Arn"], GrantId=grant["GrantId"])
    assert info.value.response["Error"]["Code"] == "NotFoundException"


def test_an_iam_deny_stops_the_retiring_principal(
    kms: Any, kms_fake: KmsFake, key: dict[str, Any]
) -> None:
    # [RETIRE]: "To deny permission to retire a grant, you can use a Deny action with the
    # kms:RetireGrant permission in your IAM policies."
    created = kms.create_grant(
        KeyId=key["KeyId"],
        GranteePrincipal=OTHER_ROLE,
        RetiringPrincipal=ROLE,
        Operations=["Decrypt"],
    )
    kms_fake.put_identity_policy(ROLE, iam(iam_statement("Deny", "kms:RetireGrant")))
    with kms_fake.acting_as(ROLE):
        assert denied(lambda: kms.retire_grant(GrantToken=created["GrantToken"])) == message(
            ROLE, "RetireGrant", key["Arn"], DENY_IN_IAM
        )


# --- 5. A grant only adds access -------------------------------------------------------------


@pytest.mark.parametrize("operations", [["Encrypt"], ["Decrypt"]])
def test_a_grant_to_the_account_does_not_take_away_what_the_key_policy_allows(
    kms: Any, kms_fake: KmsFake, key: dict[str, Any], operations: list[str]
) -> None:
    # [GRANTS]: grants allow access; they cannot deny it. The key policy names the role for
    # Encrypt, so a grant to the account root, whatever it allows, leaves Encrypt allowed.
    kms.put_key_policy(KeyId=key["KeyId"], Policy=policy(statement("Allow", ROLE, "kms:Encrypt")))
    kms.create_grant(KeyId=key["KeyId"], GranteePrincipal=ROOT, Operations=operations)
    with kms_fake.acting_as(ROLE):
        kms.encrypt(KeyId=key["KeyId"], Plaintext=b"p")
        assert kms_fake.explain().splitlines()[-1] == (
            "  - so allowed: the key policy allows the caller"
        )


# --- 6. Alias operations need permission on the alias and on every key -----------------------


def _key_policy_for_role(action: str) -> str:
    return policy(statement("Allow", ROLE, [action, "kms:DescribeKey"]))


def test_create_alias_needs_an_iam_policy_for_the_alias(
    kms: Any, kms_fake: KmsFake, key: dict[str, Any]
) -> None:
    # [ALIAS] kms:CreateAlias: "kms:CreateAlias for the alias. Provide this permission in an
    # IAM policy", and "kms:CreateAlias for the KMS key", in the key policy.
    kms.put_key_policy(KeyId=key["KeyId"], Policy=_key_policy_for_role("kms:CreateAlias"))
    name = "alias/test-key"
    with kms_fake.acting_as(ROLE):
        assert denied(
            lambda: kms.create_alias(AliasName=name, TargetKeyId=key["KeyId"])
        ) == message(ROLE, "CreateAlias", alias_arn(name), NO_IDENTITY_POLICY.format("CreateAlias"))
    # An IAM policy for the key's ARN is not one for the alias.
    kms_fake.put_identity_policy(ROLE, iam(iam_statement("Allow", "kms:CreateAlias", key["Arn"])))
    with kms_fake.acting_as(ROLE):
        denied(lambda: kms.create_alias(AliasName=name, TargetKeyId=key["KeyId"]))
    # The guide's own example statement for the alias.
    kms_fake.put_identity_policy(
        ROLE,
        iam(
            iam_statement(
                "Allow", ["kms:CreateAlias", "kms:UpdateAlias", "kms:DeleteAlias"], alias_arn(name)
            )
        ),
    )
    with kms_fake.acting_as(ROLE):
        kms.create_alias(AliasName=name, TargetKeyId=key["KeyId"])


def test_create_alias_honours_a_deny_in_the_key_policy_and_on_the_alias(
    kms: Any, kms_fake: KmsFake, key: dict[str, Any]
) -> None:
    # [ALIAS]: permission on both the alias and the key; an explicit deny on either refuses.
    kms_fake.put_identity_policy(
        ROLE,
        iam(
            iam_statement("Allow", "kms:CreateAlias"),
            iam_statement("Deny", "kms:CreateAlias", alias_arn("alias/secret-*")),
        ),
    )
    kms.put_key_policy(KeyId=key["KeyId"], Policy=_key_policy_for_role("kms:CreateAlias"))
    with kms_fake.acting_as(ROLE):
        kms.create_alias(AliasName="alias/open", TargetKeyId=key["KeyId"])
        assert denied(
            lambda: kms.create_alias(AliasName="alias/secret-1", TargetKeyId=key["KeyId"])
        ) == message(ROLE, "CreateAlias", alias_arn("alias/secret-1"), DENY_IN_IAM)
    no_aliases = statement("Deny", "*", "kms:CreateAlias")
    kms.put_key_policy(KeyId=key["KeyId"], Policy=policy(no_aliases))
    assert denied(
        lambda: kms.create_alias(AliasName="alias/other", TargetKeyId=key["KeyId"])
    ) == message(ROOT, "CreateAlias", key["Arn"], DENY_IN_KEY_POLICY)


def test_update_alias_needs_permission_on_the_current_key_too(
    kms: Any, kms_fake: KmsFake, key: dict[str, Any]
) -> None:
    # [ALIAS] kms:UpdateAlias: "for the alias", "for the KMS key that is currently associated
    # with the alias" and "for the KMS key that the update associates with the alias".
    new_key = kms.create_key(Policy=_key_policy_for_role("kms:UpdateAlias"))["KeyMetadata"]
    kms.create_alias(AliasName="alias/moving", TargetKeyId=key["KeyId"])
    kms_fake.put_identity_policy(
        ROLE, iam(iam_statement("Allow", "kms:UpdateAlias", alias_arn("alias/moving")))
    )
    with kms_fake.acting_as(ROLE):
        # The current key's default policy leaves it to IAM, and no IAM policy allows the key.
        assert denied(
            lambda: kms.update_alias(AliasName="alias/moving", TargetKeyId=new_key["KeyId"])
        ) == message(ROLE, "UpdateAlias", key["Arn"], NO_IDENTITY_POLICY.format("UpdateAlias"))
    kms.put_key_policy(KeyId=key["KeyId"], Policy=_key_policy_for_role("kms:UpdateAlias"))
    with kms_fake.acting_as(ROLE):
        kms.update_alias(AliasName="alias/moving", TargetKeyId=new_key["KeyId"])
    assert kms.describe_key(KeyId="alias/moving")["KeyMetadata"]["KeyId"] == new_key["KeyId"]


def test_update_alias_needs_the_alias_permission_from_iam(
    kms: Any, kms_fake: KmsFake, key: dict[str, Any]
) -> None:
    # [ALIAS]: both key policies name the role; the alias is IAM's to allow.
    new_key = kms.create_key(Policy=_key_policy_for_role("kms:UpdateAlias"))["KeyMetadata"]
    kms.put_key_policy(KeyId=key["KeyId"], Policy=_key_policy_for_role("kms:UpdateAlias"))
    kms.create_alias(AliasName="alias/moving", TargetKeyId=key["KeyId"])
    with kms_fake.acting_as(ROLE):
        assert denied(
            lambda: kms.update_alias(AliasName="alias/moving", TargetKeyId=new_key["KeyId"])
        ) == message(
            ROLE, "UpdateAlias", alias_arn("alias/moving"), NO_IDENTITY_POLICY.format("UpdateAlias")
        )


def test_delete_alias_needs_permission_on_its_key(
    kms: Any, kms_fake: KmsFake, key: dict[str, Any]
) -> None:
    # [ALIAS] kms:DeleteAlias: "for the alias" (IAM) and "for the KMS key that is associated
    # with the alias" (key policy).
    kms.create_alias(AliasName="alias/gone", TargetKeyId=key["KeyId"])
    kms_fake.put_identity_policy(
        ROLE, iam(iam_statement("Allow", "kms:DeleteAlias", alias_arn("alias/gone")))
    )
    with kms_fake.acting_as(ROLE):
        assert denied(lambda: kms.delete_alias(AliasName="alias/gone")) == message(
            ROLE, "DeleteAlias", key["Arn"], NO_IDENTITY_POLICY.format("DeleteAlias")
        )
    kms.put_key_policy(KeyId=key["KeyId"], Policy=_key_policy_for_role("kms:DeleteAlias"))
    with kms_fake.acting_as(ROLE):
        kms.delete_alias(AliasName="alias/gone")


def test_delete_alias_honours_a_deny_in_the_key_policy_and_on_the_alias(
    kms: Any, kms_fake: KmsFake, key: dict[str, Any]
) -> None:
    # [ALIAS]: an explicit deny for the key, or an IAM deny for the alias, refuses.
    kms.create_alias(AliasName="alias/kept", TargetKeyId=key["KeyId"])
    kms.put_key_policy(KeyId=key["KeyId"], Policy=policy(statement("Deny", "*", "kms:DeleteAlias")))
    assert denied(lambda: kms.delete_alias(AliasName="alias/kept")) == message(
        ROOT, "DeleteAlias", key["Arn"], DENY_IN_KEY_POLICY
    )
    kms.put_key_policy(KeyId=key["KeyId"], Policy=policy(statement("Allow", ROLE, "kms:*")))
    kms_fake.put_identity_policy(
        ROLE,
        iam(
            iam_statement("Allow", "kms:*"),
            iam_statement("Deny", "kms:DeleteAlias", alias_arn("alias/kept")),
        ),
    )
    with kms_fake.acting_as(ROLE):
        assert denied(lambda: kms.delete_alias(AliasName="alias/kept")) == message(
            ROLE, "DeleteAlias", alias_arn("alias/kept"), DENY_IN_IAM
        )


# --- 7. Tags in conditions (ABAC) -------------------------------------------------------------
# [ABAC] KMS Developer Guide, "Use tags to control access to KMS keys": aws:ResourceTag/<key>
# in a key policy or an IAM policy controls access by the key's tags; aws:RequestTag/<key> and
# aws:TagKeys control which tags a request may set. Its examples: allow using only the keys
# tagged for one project, deny disabling the keys tagged as production.


def _as_role_with(kms_fake: KmsFake, *statements: dict[str, Any]) -> None:
    kms_fake.put_identity_policy(ROLE, iam(*statements))


def test_an_identity_deny_on_a_resource_tag_fires_for_the_tagged_key_only(
    kms: Any, kms_fake: KmsFake
) -> None:
    tagged = kms.create_key(Tags=[{"TagKey": "Environment", "TagValue": "Production"}])
    plain = kms.create_key()
    kms.put_key_policy(
        KeyId=tagged["KeyMetadata"]["KeyId"], Policy=policy(statement("Allow", ROOT, "kms:*"))
    )
    _as_role_with(
        kms_fake,
        iam_statement("Allow", "kms:DisableKey"),
        {
            **iam_statement("Deny", "kms:DisableKey"),
            "Condition": {"StringEquals": {"aws:ResourceTag/Environment": "Production"}},
        },
    )
    with kms_fake.acting_as(ROLE):
        kms.disable_key(KeyId=plain["KeyMetadata"]["KeyId"])
        arn = tagged["KeyMetadata"]["Arn"]
        assert denied(lambda: kms.disable_key(KeyId=arn)) == message(
            ROLE, "DisableKey", arn, DENY_IN_IAM
        )


def test_an_identity_allow_on_a_resource_tag_needs_the_tag(kms: Any, kms_fake: KmsFake) -> None:
    # [ABAC]'s first example: an IAM policy allows the operations only on keys tagged
    # Project=Alpha.
    alpha = kms.create_key(Tags=[{"TagKey": "Project", "TagValue": "Alpha"}])["KeyMetadata"]
    beta = kms.create_key(Tags=[{"TagKey": "Project", "TagValue": "Beta"}])["KeyMetadata"]
    for key in (alpha, beta):  # the key policies delegate to IAM
        kms.put_key_policy(KeyId=key["KeyId"], Policy=policy(statement("Allow", ROOT, "kms:*")))
    _as_role_with(
        kms_fake,
        {
            **iam_statement("Allow", "kms:Encrypt"),
            "Condition": {"StringEquals": {"aws:ResourceTag/Project": "Alpha"}},
        },
    )
    with kms_fake.acting_as(ROLE):
        kms.encrypt(KeyId=alpha["KeyId"], Plaintext=b"p")
        assert denied(lambda: kms.encrypt(KeyId=beta["KeyId"], Plaintext=b"p")) == message(
            ROLE, "Encrypt", beta["Arn"], NO_IDENTITY_POLICY.format("Encrypt")
        )


def test_retagging_a_key_changes_what_the_tag_condition_allows(
    kms: Any, kms_fake: KmsFake
) -> None:
    # [ABAC]: "Changing a tag or alias might allow or deny permission to a KMS key."
    key = kms.create_key(Tags=[{"TagKey": "Project", "TagValue": "Alpha"}])["KeyMetadata"]
    kms.put_key_policy(KeyId=key["KeyId"], Policy=policy(statement("Allow", ROOT, "kms:*")))
    _as_role_with(
        kms_fake,
        {
            **iam_statement("Allow", "kms:Encrypt"),
            "Condition": {"StringEquals": {"aws:ResourceTag/Project": "Alpha"}},
        },
    )
    with kms_fake.acting_as(ROLE):
        kms.encrypt(KeyId=key["KeyId"], Plaintext=b"p")
    kms.tag_resource(KeyId=key["KeyId"], Tags=[{"TagKey": "Project", "TagValue": "Beta"}])
    with kms_fake.acting_as(ROLE):
        denied(lambda: kms.encrypt(KeyId=key["KeyId"], Plaintext=b"p"))


# [ABAC] tag-authorization.md: "the aws:ResourceTag/tag-key condition key is supported only in
# IAM policies ... It isn't supported in key policies, which apply only to one KMS key."
# kms:ResourceAliases serves the same purpose for aliases. The refusal, recorded in a 2022
# CloudTrail event [ISS awsdocs/aws-kms-developer-guide#47], names three keys.
FORBIDDEN_KEYS = (
    "These condition keys are not permitted in a key policy: "
    "aws:ResourceTag, kms:ResourceTag, kms:ResourceAliases"
)


@pytest.mark.parametrize(
    "condition",
    [
        {"StringEquals": {"aws:ResourceTag/Project": "Alpha"}},
        {"Null": {"AWS:RESOURCETAG/Type": "true"}},  # condition keys ignore case
        {"StringEquals": {"kms:ResourceTag/Project": "Alpha"}},
        {"ForAnyValue:StringLike": {"kms:ResourceAliases": "alias/app-*"}},
    ],
)
def test_a_key_policy_may_not_select_keys_by_tag_or_alias(
    kms: Any, key: dict[str, Any], condition: dict[str, Any]
) -> None:
    written = policy(statement("Allow", ROLE, "kms:Encrypt", Condition=condition))
    for call in (
        lambda: kms.put_key_policy(KeyId=key["KeyId"], Policy=written),
        lambda: kms.create_key(Policy=written),
    ):
        with pytest.raises(ClientError) as info:
            call()
        assert info.value.response["Error"] == {
            "Code": "MalformedPolicyDocumentException",
            "Message": FORBIDDEN_KEYS,
        }


def test_a_key_policy_may_use_the_request_tag_keys_and_the_request_alias(
    kms: Any, key: dict[str, Any]
) -> None:
    # Not in the recorded list: the request's tags (aws:RequestTag, aws:TagKeys) and
    # kms:RequestAlias ("in a key policy or IAM policy" [DG alias-authorization.md]).
    for condition in (
        {"StringEquals": {"aws:RequestTag/Project": "Alpha"}},
        {"ForAllValues:StringEquals": {"aws:TagKeys": ["Project"]}},
        {"StringLike": {"kms:RequestAlias": "alias/*alpha*"}},
    ):
        written = policy(statement("Allow", ROLE, "kms:TagResource", Condition=condition))
        kms.put_key_policy(KeyId=key["KeyId"], Policy=written)


def test_request_tags_and_tag_keys_limit_what_a_caller_may_tag(
    kms: Any, kms_fake: KmsFake, key: dict[str, Any]
) -> None:
    # [ABAC], the IAM User Guide's "Controlling access during AWS requests": aws:RequestTag
    # holds the tags a request sets, aws:TagKeys their keys (and the keys UntagResource removes).
    kms.put_key_policy(KeyId=key["KeyId"], Policy=policy(statement("Allow", ROOT, "kms:*")))
    _as_role_with(
        kms_fake,
        {
            **iam_statement("Allow", ["kms:TagResource", "kms:UntagResource"]),
            "Condition": {"ForAllValues:StringEquals": {"aws:TagKeys": ["Owner", "Project"]}},
        },
        {
            **iam_statement("Deny", "kms:TagResource"),
            "Condition": {"StringEquals": {"aws:RequestTag/Project": "Secret"}},
        },
    )
    with kms_fake.acting_as(ROLE):
        kms.tag_resource(KeyId=key["KeyId"], Tags=[{"TagKey": "Owner", "TagValue": "me"}])
        kms.untag_resource(KeyId=key["KeyId"], TagKeys=["Owner"])
        arn = key["Arn"]
        assert denied(
            lambda: kms.tag_resource(KeyId=arn, Tags=[{"TagKey": "Cost", "TagValue": "1"}])
        ) == message(ROLE, "TagResource", arn, NO_IDENTITY_POLICY.format("TagResource"))
        assert denied(
            lambda: kms.tag_resource(KeyId=arn, Tags=[{"TagKey": "Project", "TagValue": "Secret"}])
        ) == message(ROLE, "TagResource", arn, DENY_IN_IAM)
        assert denied(lambda: kms.untag_resource(KeyId=arn, TagKeys=["Cost"])) == message(
            ROLE, "UntagResource", arn, NO_IDENTITY_POLICY.format("UntagResource")
        )


# --- 8. What the fake cannot evaluate is refused, not ignored ----------------------------------
# A condition on a key no request in the fake carries would take its missing-key value: a Deny
# on aws:SourceIp would never fire, and an Allow on a negated operator would always hold. Both
# let in callers AWS refuses, so with enforcement on the call fails loudly instead.

SOURCE_IP_DENY = {
    **iam_statement("Deny", "kms:Encrypt"),
    "Condition": {"NotIpAddress": {"aws:SourceIp": "203.0.113.0/24"}},
}


def test_a_statement_on_a_key_the_fake_cannot_evaluate_refuses_the_call(
    kms: Any, kms_fake: KmsFake, key: dict[str, Any]
) -> None:
    from pytest_kmsfake import KmsFakeUnsupported

    kms_fake.put_identity_policy(ROLE, iam(iam_statement("Allow", "kms:*"), SOURCE_IP_DENY))
    with kms_fake.acting_as(ROLE):
        kms.describe_key(KeyId=key["KeyId"])  # the statement is not about DescribeKey
        with pytest.raises(KmsFakeUnsupported, match=r"condition key aws:SourceIp under"):
            kms.encrypt(KeyId=key["KeyId"], Plaintext=b"p")
    kms_fake._service.problems.clear()  # reported; the test is about the refusal itself


def test_a_policy_variable_refuses_the_call(
    kms: Any, kms_fake: KmsFake, key: dict[str, Any]
) -> None:
    from pytest_kmsfake import KmsFakeUnsupported

    own_context = {
        **iam_statement("Allow", "kms:Encrypt"),
        "Condition": {"StringEquals": {"kms:EncryptionContext:user": "${aws:username}"}},
    }
    kms_fake.put_identity_policy(ROLE, iam(own_context))
    with kms_fake.acting_as(ROLE), pytest.raises(KmsFakeUnsupported, match="policy variables"):
        kms.encrypt(KeyId=key["KeyId"], Plaintext=b"p", EncryptionContext={"user": "app"})
    kms_fake._service.problems.clear()


@pytest.mark.kms_fake(enforce_access=True, ignore_unevaluated_conditions=True)
def test_opting_in_takes_such_keys_as_absent(
    kms: Any, kms_fake: KmsFake, key: dict[str, Any]
) -> None:
    # NotIpAddress on a key the request lacks is true [OPS], so the Deny fires.
    kms_fake.put_identity_policy(ROLE, iam(iam_statement("Allow", "kms:*"), SOURCE_IP_DENY))
    with kms_fake.acting_as(ROLE):
        assert denied(lambda: kms.encrypt(KeyId=key["KeyId"], Plaintext=b"p")) == message(
            ROLE, "Encrypt", key["Arn"], DENY_IN_IAM
        )


@pytest.mark.kms_fake(enforce_access=False)
def test_without_enforcement_nothing_is_refused(kms: Any, key: dict[str, Any]) -> None:
    deny = statement(
        "Deny", "*", "kms:Encrypt", Condition={"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}
    )
    kms.put_key_policy(KeyId=key["KeyId"], Policy=policy(deny))
    kms.encrypt(KeyId=key["KeyId"], Plaintext=b"p")


# --- 9. Multi-Region operations need permission on every key and Region -----------------------
# [MR] KMS API Reference, ReplicateKey: "kms:ReplicateKey on the primary key ... kms:CreateKey
# in an IAM policy in the replica Region. To use the Tags parameter, kms:TagResource in an IAM
# policy in the replica Region." UpdatePrimaryRegion: kms:UpdatePrimaryRegion "on the current
# primary key" and "on the current replica key", each in that key's key policy.


def _multi_region_key(kms: Any, actions: list[str]) -> dict[str, Any]:
    created = kms.create_key(MultiRegion=True)["KeyMetadata"]
    kms.put_key_policy(KeyId=created["KeyId"], Policy=policy(statement("Allow", ROLE, actions)))
    return dict(created)


def test_replicating_needs_create_key_from_iam_in_the_replica_region(
    kms: Any, kms_fake: KmsFake
) -> None:
    primary = _multi_region_key(kms, ["kms:ReplicateKey"])
    with kms_fake.acting_as(ROLE):
        assert denied(
            lambda: kms.replicate_key(KeyId=primary["KeyId"], ReplicaRegion="eu-west-1")
        ) == (
            f"User: {ROLE} is not authorized to perform: kms:CreateKey because no "
            "identity-based policy allows the kms:CreateKey action"
        )
    kms_fake.put_identity_policy(ROLE, iam(iam_statement("Allow", "kms:CreateKey")))
    with kms_fake.acting_as(ROLE):
        tags = [{"TagKey": "team", "TagValue": "a"}]
        assert denied(
            lambda: kms.replicate_key(KeyId=primary["KeyId"], ReplicaRegion="eu-west-1", Tags=tags)
        ).startswith(f"User: {ROLE} is not authorized to perform: kms:TagResource because")
        kms.replicate_key(KeyId=primary["KeyId"], ReplicaRegion="eu-west-1")


def test_updating_the_primary_region_needs_the_replicas_key_policy_too(
    kms: Any, kms_fake: KmsFake
) -> None:
    primary = _multi_region_key(kms, ["kms:UpdatePrimaryRegion"])
    kms.replicate_key(KeyId=primary["KeyId"], ReplicaRegion="eu-west-1")
    replica_arn = primary["Arn"].replace("us-east-1", "eu-west-1")
    # The replica got the default key policy: the account root only, so the role is refused.
    with kms_fake.acting_as(ROLE):
        assert denied(
            lambda: kms.update_primary_region(KeyId=primary["KeyId"], PrimaryRegion="eu-west-1")
        ) == message(
            ROLE,
            "UpdatePrimaryRegion",
            replica_arn,
            NO_IDENTITY_POLICY.format("UpdatePrimaryRegion"),
        )
