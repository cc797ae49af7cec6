"""Opt-in access control: key policies, grants and identity policies decide each call, and a
call they do not allow raises AccessDeniedException with AWS's message."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, Callable

import boto3
import pytest
from access_policies import ACCOUNT, ADMIN, OTHER, OTHER_ROLE, ROLE, ROOT, denied, policy
from botocore.exceptions import ClientError

from pytest_kmsfake import KmsFake

ALL_KMS = {"Statement": [{"Effect": "Allow", "Action": "kms:*", "Resource": "*"}]}

pytestmark = pytest.mark.kms_fake(enforce_access=True)


def allow(principal: Any, action: Any, **condition: Any) -> dict[str, Any]:
    statement = {
        "Effect": "Allow",
        "Principal": {"AWS": principal},
        "Action": action,
        "Resource": "*",
    }
    if condition:
        statement["Condition"] = condition
    return statement


def error_of(call: Callable[[], Any]) -> dict[str, str]:
    with pytest.raises(ClientError) as info:
        call()
    return dict(info.value.response["Error"])


def no_allow(
    principal: str, action: str, resource: str, policy_type: str = "resource-based"
) -> str:
    """AWS's text [ISS: "because no resource-based policy allows" 2021/2024, "because no
    identity-based policy allows" 2023-2025]."""
    return (
        f"User: {principal} is not authorized to perform: kms:{action} on resource: {resource} "
        f"because no {policy_type} policy allows the kms:{action} action"
    )


def explicit_deny(principal: str, action: str, resource: str, policy_type: str) -> str:
    article = "an" if policy_type.startswith("identity") else "a"
    return (  # IAM's documented format; INFERRED for KMS
        f"User: {principal} is not authorized to perform: kms:{action} on resource: {resource} "
        f"with an explicit deny in {article} {policy_type} policy"
    )


@pytest.fixture
def key(kms: Any) -> dict[str, Any]:
    return dict(kms.create_key()["KeyMetadata"])


@pytest.fixture
def as_role(kms_fake: KmsFake) -> Iterator[None]:
    with kms_fake.acting_as(ROLE):
        yield


# --- The two scenarios ---------------------------------------------------------------------


def test_a_key_policy_limits_data_key_pairs_to_one_spec(kms: Any, kms_fake: KmsFake) -> None:
    only_p256 = allow(
        ROLE, "kms:GenerateDataKeyPair", StringEquals={"kms:DataKeyPairSpec": "ECC_NIST_P256"}
    )
    key = kms.create_key(
        Policy=json.dumps({"Statement": [ADMIN | {"Principal": {"AWS": ROOT}}, only_p256]})
    )["KeyMetadata"]
    with kms_fake.acting_as(ROLE):
        pair = kms.generate_data_key_pair(KeyId=key["KeyId"], KeyPairSpec="ECC_NIST_P256")
        assert pair["KeyPairSpec"] == "ECC_NIST_P256"
        message = denied(
            lambda: kms.generate_data_key_pair(KeyId=key["KeyId"], KeyPairSpec="RSA_2048")
        )
    assert message == no_allow(ROLE, "GenerateDataKeyPair", key["Arn"], "identity-based")
    explanation = kms_fake.explain()
    assert (
        "does not apply: its condition StringEquals kms:DataKeyPairSpec ['ECC_NIST_P256'] (the request has RSA_2048) fails"
        in explanation
    )


def test_a_grant_with_an_encryption_context_constraint(
    kms: Any, kms_fake: KmsFake, key: dict[str, Any]
) -> None:
    kms.create_grant(
        KeyId=key["KeyId"],
        GranteePrincipal=ROLE,
        Operations=["Decrypt"],
        Constraints={"EncryptionContextSubset": {"tenant": "acme"}},
    )
    acme = kms.encrypt(
        KeyId=key["KeyId"], Plaintext=b"a", EncryptionContext={"tenant": "acme", "doc": "1"}
    )["CiphertextBlob"]
    other = kms.encrypt(KeyId=key["KeyId"], Plaintext=b"o", EncryptionContext={"tenant": "other"})[
        "CiphertextBlob"
    ]
    with kms_fake.acting_as(ROLE):
        assert (
            kms.decrypt(CiphertextBlob=acme, EncryptionContext={"tenant": "acme", "doc": "1"})[
                "Plaintext"
            ]
            == b"a"
        )
        assert "grant" in kms_fake.explain()
        assert denied(
            lambda: kms.decrypt(CiphertextBlob=other, EncryptionContext={"tenant": "other"})
        ) == (no_allow(ROLE, "Decrypt", key["Arn"], "identity-based"))
        # The grant gives Decrypt only.
        denied(
            lambda: kms.encrypt(
                KeyId=key["KeyId"], Plaintext=b"x", EncryptionContext={"tenant": "acme"}
            )
        )
    with kms_fake.acting_as(OTHER_ROLE):
        assert denied(
            lambda: kms.decrypt(
                CiphertextBlob=acme, EncryptionContext={"tenant": "acme", "doc": "1"}
            )
        ) == (no_allow(OTHER_ROLE, "Decrypt", key["Arn"], "identity-based"))


# --- Switching it on and off -------------------------------------------------------------------------


@pytest.mark.kms_fake(enforce_access=False)
def test_off_by_default_nothing_is_refused(kms: Any, kms_fake: KmsFake) -> None:
    key = kms.create_key()["KeyMetadata"]["KeyId"]
    with kms_fake.acting_as(OTHER_ROLE):
        kms.encrypt(KeyId=key, Plaintext=b"p")
        kms.create_key()
    assert kms_fake.calls.last.access == ()
    assert "access control was not enforced" in kms_fake.explain()
    kms_fake.enforce_access()
    with kms_fake.acting_as(OTHER_ROLE):
        denied(lambda: kms.encrypt(KeyId=key, Plaintext=b"p"))
    kms_fake.enforce_access(False)
    with kms_fake.acting_as(OTHER_ROLE):
        kms.encrypt(KeyId=key, Plaintext=b"p")


def test_the_root_with_the_default_policy_may_do_everything(
    kms: Any, kms_fake: KmsFake, key: dict[str, Any]
) -> None:
    blob = kms.encrypt(KeyId=key["KeyId"], Plaintext=b"p")["CiphertextBlob"]
    kms.decrypt(CiphertextBlob=blob)
    kms.re_encrypt(CiphertextBlob=blob, DestinationKeyId=key["KeyId"])
    kms.create_alias(AliasName="alias/a", TargetKeyId=key["KeyId"])
    kms.list_aliases()
    kms.delete_alias(AliasName="alias/a")
    kms.generate_random(NumberOfBytes=8)
    kms.tag_resource(KeyId=key["KeyId"], Tags=[{"TagKey": "a", "TagValue": "b"}])
    kms.create_key(Tags=[{"TagKey": "a", "TagValue": "b"}])
    kms.put_key_policy(KeyId=key["KeyId"], Policy=policy())
    kms.schedule_key_deletion(KeyId=key["KeyId"], PendingWindowInDays=7)
    # Each call was decided by the access rules, and allowed: none went through unchecked.
    assert kms_fake.calls.operations() == [
        "CreateKey", "Encrypt", "Decrypt", "ReEncrypt", "CreateAlias", "ListAliases",
        "DeleteAlias", "GenerateRandom", "TagResource", "CreateKey", "PutKeyPolicy",
        "ScheduleKeyDeletion",
    ]  # fmt: skip
    for call in kms_fake.calls:
        assert call.error is None and call.access, call.describe()
        assert all(decision.allowed for decision in call.access), kms_fake.explain(call)


# --- Key policies ---------------------------------------------------------------------------------------


def test_a_statement_naming_the_caller_needs_no_iam_policy(
    kms: Any, key: dict[str, Any], kms_fake: KmsFake
) -> None:
    kms.put_key_policy(
        KeyId=key["KeyId"], Policy=policy(allow(ROLE, ["kms:Encrypt", "kms:DescribeKey"]))
    )
    with kms_fake.acting_as(ROLE):
        kms.encrypt(KeyId=key["KeyId"], Plaintext=b"p")
        kms.describe_key(KeyId=key["KeyId"])
        assert denied(lambda: kms.disable_key(KeyId=key["KeyId"])) == no_allow(
            ROLE, "DisableKey", key["Arn"], "identity-based"
        )
    # A role session is the role.
    with kms_fake.acting_as(f"arn:aws:sts::{ACCOUNT}:assumed-role/app/session"):
        kms.encrypt(KeyId=key["KeyId"], Plaintext=b"p")


def test_without_the_account_statement_iam_policies_do_not_count(
    kms: Any, key: dict[str, Any], kms_fake: KmsFake
) -> None:
    only_role = json.dumps({"Statement": [allow(ROLE, "kms:*")]})
    kms.put_key_policy(KeyId=key["KeyId"], Policy=only_role, BypassPolicyLockoutSafetyCheck=True)
    kms_fake.put_identity_policy(OTHER_ROLE, ALL_KMS)
    with kms_fake.acting_as(OTHER_ROLE):
        assert denied(lambda: kms.encrypt(KeyId=key["KeyId"], Plaintext=b"p")) == no_allow(
            OTHER_ROLE, "Encrypt", key["Arn"]
        )
    # Not even the root may use it any more.
    assert denied(lambda: kms.describe_key(KeyId=key["KeyId"])) == no_allow(
        ROOT, "DescribeKey", key["Arn"]
    )


def test_the_account_statement_delegates_to_iam_policies(
    kms: Any, key: dict[str, Any], kms_fake: KmsFake
) -> None:
    kms_fake.put_identity_policy(
        ROLE,
        {
            "Statement": [
                {
                    "Effect": "Allow",
                    "Action": ["kms:Encrypt", "kms:GenerateDataKey*"],
                    "Resource": key["Arn"],
                }
            ]
        },
    )
    kms_fake.put_identity_policy(
        ROLE,
        {
            "Statement": [
                {
                    "Effect": "Allow",
                    "Action": "kms:Decrypt",
                    "Resource": "arn:aws:kms:*:*:key/not-this-one",
                }
            ]
        },
        name="other",
    )
    with kms_fake.acting_as(ROLE):
        blob = kms.encrypt(KeyId=key["KeyId"], Plaintext=b"p")["CiphertextBlob"]
        kms.generate_data_key_without_plaintext(KeyId=key["KeyId"], KeySpec="AES_256")
        assert denied(lambda: kms.decrypt(CiphertextBlob=blob)) == no_allow(
            ROLE, "Decrypt", key["Arn"], "identity-based"
        )
    kms_fake.remove_identity_policy(ROLE, "inline")
    with kms_fake.acting_as(ROLE):
        denied(lambda: kms.encrypt(KeyId=key["KeyId"], Plaintext=b"p"))
    kms_fake.put_identity_policy(ROLE, ALL_KMS)
    kms_fake.remove_identity_policy(ROLE)
    with kms_fake.acting_as(ROLE):
        denied(lambda: kms.encrypt(KeyId=key["KeyId"], Plaintext=b"p"))


def test_an_explicit_deny_in_the_key_policy_wins(
    kms: Any, key: dict[str, Any], kms_fake: KmsFake
) -> None:
    deny = {
        "Sid": "no-decrypt",
        "Effect": "Deny",
        "Principal": "*",
        "Action": "kms:Decrypt",
        "Resource": "*",
    }
    blob = kms.encrypt(KeyId=key["KeyId"], Plaintext=b"p")["CiphertextBlob"]
    kms.put_key_policy(KeyId=key["KeyId"], Policy=policy(deny))
    assert denied(lambda: kms.decrypt(CiphertextBlob=blob)) == explicit_deny(
        ROOT, "Decrypt", key["Arn"], "resource-based"
    )
    assert "key policy statement 2 (Sid 'no-decrypt') denies kms:Decrypt" in kms_fake.explain()


def test_an_explicit_deny_in_an_identity_policy_wins(
    kms: Any, key: dict[str, Any], kms_fake: KmsFake
) -> None:
    kms.put_key_policy(KeyId=key["KeyId"], Policy=policy(allow(ROLE, "kms:*")))
    kms_fake.put_identity_policy(
        ROLE, {"Statement": [{"Effect": "Deny", "Action": "kms:Encrypt", "Resource": "*"}]}
    )
    kms.create_grant(KeyId=key["KeyId"], GranteePrincipal=ROLE, Operations=["Encrypt"])
    with kms_fake.acting_as(ROLE):
        assert denied(lambda: kms.encrypt(KeyId=key["KeyId"], Plaintext=b"p")) == (
            explicit_deny(ROLE, "Encrypt", key["Arn"], "identity-based")
        )


@pytest.mark.parametrize(
    ("statement", "allowed"),
    [
        (allow(ROLE, "kms:Gen*"), True),
        (allow(ROLE, "KMS:generatedatakey"), True),
        (allow(ROLE, "kms:*DataKey"), True),
        (allow(ROLE, "kms:Encrypt"), False),
        (allow(ROLE, "*"), True),
        (
            {
                "Effect": "Allow",
                "Principal": {"AWS": ROLE},
                "NotAction": "kms:Decrypt",
                "Resource": "*",
            },
            True,
        ),
        (
            {
                "Effect": "Allow",
                "Principal": {"AWS": ROLE},
                "NotAction": "kms:Gen*",
                "Resource": "*",
            },
            False,
        ),
        (  # NotPrincipal with Allow is not supported [IAM NotPrincipal]: it allows no one
            {
                "Effect": "Allow",
                "NotPrincipal": {"AWS": OTHER_ROLE},
                "Action": "kms:*",
                "Resource": "*",
            },
            False,
        ),
        (
            {"Effect": "Allow", "NotPrincipal": {"AWS": ROLE}, "Action": "kms:*", "Resource": "*"},
            False,
        ),
        ({"Effect": "Allow", "Principal": "*", "Action": "kms:*", "Resource": "*"}, True),
        (
            {
                "Effect": "Allow",
                "Principal": {"AWS": ROLE},
                "Action": "kms:*",
                "Resource": "arn:aws:kms:us-east-1:*:key/*",
            },
            True,
        ),
        (
            {
                "Effect": "Allow",
                "Principal": {"AWS": ROLE},
                "Action": "kms:*",
                "Resource": "arn:aws:kms:eu-west-1:*:key/*",
            },
            False,
        ),
        (
            {
                "Effect": "Allow",
                "Principal": {"AWS": ROLE},
                "Action": "kms:*",
                "NotResource": "arn:aws:kms:us-east-1:*",
            },
            False,
        ),
        (
            {
                "Effect": "Allow",
                "Principal": {"AWS": ROLE},
                "Action": "kms:*",
                "NotResource": "arn:aws:kms:eu-west-1:*",
            },
            True,
        ),
        (
            {
                "Effect": "Allow",
                "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:role/service-role/app"},
                "Action": "kms:*",
                "Resource": "*",
            },
            True,
        ),
        (
            {
                "Effect": "Allow",
                "Principal": {"Service": "s3.amazonaws.com"},
                "Action": "kms:*",
                "Resource": "*",
            },
            False,
        ),
        # A statement with no Resource is refused when the policy is put, since 2025-08-18
        # (tests/test_key_policies.py).
    ],
)
def test_principal_action_and_resource_matching(
    kms: Any, key: dict[str, Any], kms_fake: KmsFake, statement: dict[str, Any], allowed: bool
) -> None:
    kms.put_key_policy(KeyId=key["KeyId"], Policy=policy(statement))
    with kms_fake.acting_as(ROLE):
        if allowed:
            kms.generate_data_key(KeyId=key["KeyId"], KeySpec="AES_256")
        else:
            denied(lambda: kms.generate_data_key(KeyId=key["KeyId"], KeySpec="AES_256"))


# --- Condition keys -------------------------------------------------------------------------------------


def _check(
    kms: Any,
    kms_fake: KmsFake,
    key_id: str,
    condition: dict[str, Any],
    action: str,
    ok: Callable[[], Any],
    refused: Callable[[], Any],
) -> None:
    kms.put_key_policy(KeyId=key_id, Policy=policy(allow(ROLE, action, **condition)))
    with kms_fake.acting_as(ROLE):
        ok()
        denied(refused)


def test_encryption_context_condition_keys(
    kms: Any, kms_fake: KmsFake, key: dict[str, Any]
) -> None:
    k = key["KeyId"]
    _check(
        kms,
        kms_fake,
        k,
        {"StringEquals": {"kms:EncryptionContext:Tenant": "acme"}},
        "kms:Encrypt",
        lambda: kms.encrypt(KeyId=k, Plaintext=b"p", EncryptionContext={"tenant": "acme"}),
        lambda: kms.encrypt(KeyId=k, Plaintext=b"p", EncryptionContext={"tenant": "ACME"}),
    )
    _check(
        kms,
        kms_fake,
        k,
        {
            "ForAllValues:StringEquals": {"kms:EncryptionContextKeys": ["tenant", "doc"]},
            "Null": {"kms:EncryptionContextKeys": "false"},
        },
        "kms:Encrypt",
        lambda: kms.encrypt(KeyId=k, Plaintext=b"p", EncryptionContext={"tenant": "a", "doc": "1"}),
        lambda: kms.encrypt(
            KeyId=k, Plaintext=b"p", EncryptionContext={"tenant": "a", "secret": "1"}
        ),
    )
    with kms_fake.acting_as(ROLE):
        denied(lambda: kms.encrypt(KeyId=k, Plaintext=b"p"))  # no context: Null fails
    _check(
        kms,
        kms_fake,
        k,
        {"ForAnyValue:StringLike": {"kms:EncryptionContextKeys": "aws:*"}},
        "kms:GenerateDataKey",
        lambda: kms.generate_data_key(
            KeyId=k, KeySpec="AES_128", EncryptionContext={"aws:s3:arn": "x"}
        ),
        lambda: kms.generate_data_key(
            KeyId=k, KeySpec="AES_128", EncryptionContext={"s3:arn": "x"}
        ),
    )


def test_re_encrypt_needs_from_on_the_source_and_to_on_the_destination(
    kms: Any, kms_fake: KmsFake
) -> None:
    source = kms.create_key()["KeyMetadata"]
    destination = kms.create_key()["KeyMetadata"]
    blob = kms.encrypt(KeyId=source["KeyId"], Plaintext=b"p", EncryptionContext={"v": "1"})[
        "CiphertextBlob"
    ]
    kms.put_key_policy(
        KeyId=source["KeyId"],
        Policy=policy(
            allow(ROLE, "kms:ReEncryptFrom", StringEquals={"kms:EncryptionContext:v": "1"})
        ),
    )
    kms.put_key_policy(
        KeyId=destination["KeyId"],
        Policy=policy(
            allow(ROLE, "kms:ReEncryptTo", StringEquals={"kms:EncryptionContext:v": "2"})
        ),
    )
    with kms_fake.acting_as(ROLE):
        kms.re_encrypt(
            CiphertextBlob=blob,
            SourceEncryptionContext={"v": "1"},
            DestinationKeyId=destination["KeyId"],
            DestinationEncryptionContext={"v": "2"},
        )
        assert [d.action for d in kms_fake.calls.last.access] == [
            "kms:ReEncryptTo",
            "kms:ReEncryptFrom",
        ]
        assert denied(
            lambda: kms.re_encrypt(
                CiphertextBlob=blob,
                SourceEncryptionContext={"v": "1"},
                DestinationKeyId=destination["KeyId"],
                DestinationEncryptionContext={"v": "3"},
            )
        ) == no_allow(ROLE, "ReEncryptTo", destination["Arn"], "identity-based")
        assert denied(
            lambda: kms.re_encrypt(
                CiphertextBlob=blob,
                SourceEncryptionContext={"v": "1"},
                DestinationKeyId=source["KeyId"],
            )
        ) == no_allow(ROLE, "ReEncryptTo", source["Arn"], "identity-based")


def test_caller_and_service_condition_keys(
    kms: Any, kms_fake: KmsFake, key: dict[str, Any]
) -> None:
    k = key["KeyId"]
    via_s3 = {"kms:ViaService": "s3.us-east-1.amazonaws.com", "kms:CallerAccount": ACCOUNT}
    admin = allow(ROOT, ["kms:Encrypt", "kms:PutKeyPolicy"])
    kms.put_key_policy(
        KeyId=k,
        Policy=json.dumps(
            {"Statement": [admin, allow(ACCOUNT, "kms:Decrypt", StringEquals=via_s3)]}
        ),
    )
    kms_fake.put_identity_policy(
        ROLE,
        {
            "Statement": [
                {
                    "Effect": "Allow",
                    "Action": "kms:Decrypt",
                    "Resource": "*",
                    "Condition": {"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/app"}},
                }
            ]
        },
    )
    blob = kms.encrypt(KeyId=k, Plaintext=b"p")["CiphertextBlob"]
    with kms_fake.acting_as(ROLE, via_service="s3.us-east-1.amazonaws.com"):
        kms.decrypt(CiphertextBlob=blob)
    with kms_fake.acting_as(ROLE):
        denied(lambda: kms.decrypt(CiphertextBlob=blob))
    kms_fake.put_identity_policy(
        OTHER_ROLE,
        ALL_KMS
        | {
            "Statement": [
                {
                    **ALL_KMS["Statement"][0],
                    "Condition": {"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/app"}},
                }
            ]
        },
    )
    with kms_fake.acting_as(OTHER_ROLE, via_service="s3.us-east-1.amazonaws.com"):
        denied(lambda: kms.decrypt(CiphertextBlob=blob))


def test_alias_condition_keys(kms: Any, kms_fake: KmsFake, key: dict[str, Any]) -> None:
    k = key["KeyId"]
    kms.create_alias(AliasName="alias/app-data", TargetKeyId=k)
    _check(
        kms,
        kms_fake,
        k,
        {"StringEquals": {"kms:RequestAlias": "alias/app-data"}},
        ["kms:Encrypt", "kms:Decrypt"],
        lambda: kms.encrypt(KeyId="alias/app-data", Plaintext=b"p"),
        lambda: kms.encrypt(KeyId=k, Plaintext=b"p"),
    )
    blob = kms.encrypt(KeyId=k, Plaintext=b"p")["CiphertextBlob"]
    with kms_fake.acting_as(ROLE):
        # Decrypt names its key twice (the alias, then the ciphertext's key): decided once.
        kms.decrypt(CiphertextBlob=blob, KeyId="alias/app-data")
        denied(lambda: kms.decrypt(CiphertextBlob=blob))
    # kms:ResourceAliases is for IAM policies [DG alias-authorization.md]; a key policy may not
    # use it (tests/test_access_false_greens.py).
    unaliased = kms.create_key()["KeyMetadata"]["KeyId"]
    for key_id in (k, unaliased):  # the admin statement delegates to IAM
        kms.put_key_policy(KeyId=key_id, Policy=policy())
    kms_fake.put_identity_policy(
        ROLE,
        {
            "Statement": [
                {
                    "Effect": "Allow",
                    "Action": "kms:Encrypt",
                    "Resource": "*",
                    "Condition": {
                        "ForAnyValue:StringLike": {"kms:ResourceAliases": "alias/app-*"}
                    },
                }
            ]
        },
    )
    with kms_fake.acting_as(ROLE):
        kms.encrypt(KeyId=k, Plaintext=b"p")
        denied(lambda: kms.encrypt(KeyId=unaliased, Plaintext=b"p"))


def test_key_property_condition_keys_in_identity_policies(kms: Any, kms_fake: KmsFake) -> None:
    kms_fake.put_identity_policy(
        ROLE,
        {
            "Statement": [
                {
                    "Effect": "Allow",
                    "Action": "kms:CreateKey",
                    "Resource": "*",
                    "Condition": {
                        "StringEquals": {
                            "kms:KeySpec": "ECC_NIST_P256",
                            "kms:KeyUsage": "SIGN_VERIFY",
                        },
                        "Bool": {"kms:MultiRegion": "false"},
                    },
                },
                {
                    "Effect": "Allow",
                    "Action": ["kms:Sign", "kms:PutKeyPolicy"],
                    "Resource": "*",
                    "Condition": {
                        "StringEquals": {
                            "kms:KeyOrigin": "AWS_KMS",
                            "kms:SigningAlgorithm": "ECDSA_SHA_256",
                            "kms:MessageType": "RAW",
                        }
                    },
                },
            ]
        },
    )
    with kms_fake.acting_as(ROLE):
        key = kms.create_key(KeySpec="ECC_NIST_P256", KeyUsage="SIGN_VERIFY")["KeyMetadata"]
        assert denied(lambda: kms.create_key()) == (
            f"User: {ROLE} is not authorized to perform: kms:CreateKey on resource: * because no identity-based policy allows the kms:CreateKey action"
        )
        denied(
            lambda: kms.create_key(
                KeySpec="ECC_NIST_P256", KeyUsage="SIGN_VERIFY", MultiRegion=True
            )
        )
        kms.sign(KeyId=key["KeyId"], Message=b"m", SigningAlgorithm="ECDSA_SHA_256")
        denied(
            lambda: kms.sign(
                KeyId=key["KeyId"],
                Message=b"m" * 32,
                MessageType="DIGEST",
                SigningAlgorithm="ECDSA_SHA_256",
            )
        )


def test_mac_agreement_and_algorithm_condition_keys(kms: Any, kms_fake: KmsFake) -> None:
    mac_key = kms.create_key(KeySpec="HMAC_256", KeyUsage="GENERATE_VERIFY_MAC")["KeyMetadata"][
        "KeyId"
    ]
    _check(
        kms,
        kms_fake,
        mac_key,
        {"StringEquals": {"kms:MacAlgorithm": "HMAC_SHA_256"}},
        "kms:GenerateMac",
        lambda: kms.generate_mac(KeyId=mac_key, Message=b"m", MacAlgorithm="HMAC_SHA_256"),
        lambda: kms.generate_mac(KeyId=mac_key, Message=b"m", MacAlgorithm="HMAC_SHA_512"),
    )
    rsa = kms.create_key(KeySpec="RSA_2048", KeyUsage="ENCRYPT_DECRYPT")["KeyMetadata"]["KeyId"]
    _check(
        kms,
        kms_fake,
        rsa,
        {"StringEquals": {"kms:EncryptionAlgorithm": "RSAES_OAEP_SHA_256"}},
        "kms:Encrypt",
        lambda: kms.encrypt(KeyId=rsa, Plaintext=b"p", EncryptionAlgorithm="RSAES_OAEP_SHA_256"),
        lambda: kms.encrypt(KeyId=rsa, Plaintext=b"p", EncryptionAlgorithm="RSAES_OAEP_SHA_1"),
    )
    symmetric = kms.create_key()["KeyMetadata"]["KeyId"]
    _check(  # absent from the request, kms:EncryptionAlgorithm is SYMMETRIC_DEFAULT
        kms,
        kms_fake,
        symmetric,
        {"StringEquals": {"kms:EncryptionAlgorithm": "SYMMETRIC_DEFAULT"}},
        "kms:Encrypt",
        lambda: kms.encrypt(KeyId=symmetric, Plaintext=b"p"),
        lambda: kms.encrypt(
            KeyId=symmetric, Plaintext=b"p", EncryptionAlgorithm="RSAES_OAEP_SHA_1"
        ),
    )
    ecdh = kms.create_key(KeySpec="ECC_NIST_P256", KeyUsage="KEY_AGREEMENT")["KeyMetadata"]["KeyId"]
    public = kms.get_public_key(KeyId=ecdh)["PublicKey"]
    kms.put_key_policy(
        KeyId=ecdh,
        Policy=policy(
            allow(
                ROLE,
                "kms:DeriveSharedSecret",
                StringNotEquals={"kms:KeyAgreementAlgorithm": "ECDH"},
            )
        ),
    )
    with kms_fake.acting_as(ROLE):
        denied(
            lambda: kms.derive_shared_secret(
                KeyId=ecdh, KeyAgreementAlgorithm="ECDH", PublicKey=public
            )
        )


# --- Grants under enforcement -------------------------------------------------------------------------


def test_grant_condition_keys_and_creating_grants_through_a_grant(
    kms: Any, kms_fake: KmsFake, key: dict[str, Any]
) -> None:
    k = key["KeyId"]
    kms.put_key_policy(
        KeyId=k,
        Policy=policy(
            allow(
                ROLE,
                "kms:CreateGrant",
                **{
                    "ForAllValues:StringEquals": {"kms:GrantOperations": ["Decrypt", "Encrypt"]},
                    "Bool": {"kms:GrantIsForAWSResource": "false"},
                },
            )
        ),
    )
    with kms_fake.acting_as(ROLE):
        denied(
            lambda: kms.create_grant(
                KeyId=k, GranteePrincipal=OTHER_ROLE, Operations=["Decrypt", "CreateGrant"]
            )
        )
        kms.create_grant(KeyId=k, GranteePrincipal=OTHER_ROLE, Operations=["Decrypt"])
    with kms_fake.acting_as(ROLE, via_service="rds.us-east-1.amazonaws.com"):
        denied(
            lambda: kms.create_grant(KeyId=k, GranteePrincipal=OTHER_ROLE, Operations=["Decrypt"])
        )
    # A grant that allows CreateGrant lets its grantee pass on its own operations, no more,
    # with constraints at least as strict.
    third = f"arn:aws:iam::{ACCOUNT}:role/third"
    kms.create_grant(
        KeyId=k,
        GranteePrincipal=third,
        Operations=["CreateGrant", "Encrypt"],
        Constraints={"EncryptionContextSubset": {"t": "1"}},
    )
    with kms_fake.acting_as(third):
        kms.create_grant(
            KeyId=k,
            GranteePrincipal=OTHER_ROLE,
            Operations=["Encrypt"],
            Constraints={"EncryptionContextEquals": {"t": "1", "u": "2"}},
        )
        denied(
            lambda: kms.create_grant(KeyId=k, GranteePrincipal=OTHER_ROLE, Operations=["Encrypt"])
        )
        denied(
            lambda: kms.create_grant(
                KeyId=k,
                GranteePrincipal=OTHER_ROLE,
                Operations=["Decrypt"],
                Constraints={"EncryptionContextSubset": {"t": "1"}},
            )
        )
        # The constraint does not apply to CreateGrant itself, nor to DescribeKey.
        denied(lambda: kms.describe_key(KeyId=k))


def test_who_may_retire_a_grant(kms: Any, kms_fake: KmsFake, key: dict[str, Any]) -> None:
    retiring = f"arn:aws:iam::{ACCOUNT}:role/retirer"
    by_retiring = kms.create_grant(
        KeyId=key["KeyId"],
        GranteePrincipal=ROLE,
        RetiringPrincipal=retiring,
        Operations=["Decrypt"],
    )
    by_grantee = kms.create_grant(
        KeyId=key["KeyId"], GranteePrincipal=ROLE, Operations=["Decrypt", "RetireGrant"]
    )
    by_root = kms.create_grant(KeyId=key["KeyId"], GranteePrincipal=ROLE, Operations=["Decrypt"])
    with kms_fake.acting_as(OTHER_ROLE):
        assert denied(lambda: kms.retire_grant(GrantToken=by_retiring["GrantToken"])) == no_allow(
            OTHER_ROLE, "RetireGrant", key["Arn"], "identity-based"
        )
    with kms_fake.acting_as(retiring):
        kms.retire_grant(GrantToken=by_retiring["GrantToken"])
        assert "retiring principal" in kms_fake.explain()
    with kms_fake.acting_as(ROLE):
        denied(lambda: kms.retire_grant(KeyId=key["Arn"], GrantId=by_root["GrantId"]))
        kms.retire_grant(KeyId=key["Arn"], GrantId=by_grantee["GrantId"])
    kms.retire_grant(KeyId=key["Arn"], GrantId=by_root["GrantId"])  # the owning account
    assert kms.list_grants(KeyId=key["KeyId"])["Grants"] == []


def test_a_grant_to_another_account_needs_no_iam_policy(
    kms: Any, kms_fake: KmsFake, key: dict[str, Any]
) -> None:
    their_role = f"arn:aws:iam::{OTHER}:role/partner"
    kms.create_grant(
        KeyId=key["KeyId"], GranteePrincipal=their_role, Operations=["Encrypt", "DescribeKey"]
    )
    with kms_fake.acting_as(their_role):
        kms.encrypt(KeyId=key["Arn"], Plaintext=b"p")
        kms.describe_key(KeyId=key["Arn"])
        denied(lambda: kms.list_grants(KeyId=key["Arn"]))


# --- Calls that name no key, and the lockout safety check ---------------------------------------


def test_iam_only_operations(kms: Any, kms_fake: KmsFake, key: dict[str, Any]) -> None:
    kms.create_alias(AliasName="alias/x", TargetKeyId=key["KeyId"])
    with kms_fake.acting_as(ROLE):
        for call, action in [
            (lambda: kms.list_keys(), "ListKeys"),
            (lambda: kms.list_aliases(KeyId=key["KeyId"]), "ListAliases"),
            (lambda: kms.generate_random(NumberOfBytes=8), "GenerateRandom"),
        ]:
            assert (
                denied(call)
                == f"User: {ROLE} is not authorized to perform: kms:{action} on resource: * because no identity-based policy allows the kms:{action} action"
            )
        assert denied(lambda: kms.list_retirable_grants(RetiringPrincipal=ROLE)) == no_allow(
            ROLE, "ListRetirableGrants", ROLE, "identity-based"
        )
        assert denied(lambda: kms.delete_alias(AliasName="alias/x")) == no_allow(
            ROLE, "DeleteAlias", f"arn:aws:kms:us-east-1:{ACCOUNT}:alias/x", "identity-based"
        )
    kms_fake.put_identity_policy(
        ROLE,
        {
            "Statement": [
                {"Effect": "Allow", "Action": ["kms:CreateKey", "kms:List*"], "Resource": "*"}
            ]
        },
    )
    with kms_fake.acting_as(ROLE):
        kms.list_keys()
        kms.list_aliases()
        kms.create_key()
        # CreateKey with Tags also needs kms:TagResource [MD]; AWS names no resource then
        # [ISS LeanerCloud/CUDly#1670, 2026].
        assert denied(lambda: kms.create_key(Tags=[{"TagKey": "a", "TagValue": "b"}])) == (
            f"User: {ROLE} is not authorized to perform: kms:TagResource because no identity-based policy allows the kms:TagResource action"
        )


def test_the_lockout_check_consults_iam_policies_when_enforcing(
    kms: Any, kms_fake: KmsFake, key: dict[str, Any]
) -> None:
    kms.put_key_policy(KeyId=key["KeyId"], Policy=policy(allow(ROLE, "kms:PutKeyPolicy")))
    lockout = {
        "Code": "MalformedPolicyDocumentException",
        "Message": "The new key policy will not allow you to update the key policy in the future.",
    }
    with kms_fake.acting_as(ROLE):
        # The role may put a policy, but one that leaves it to IAM, where it has nothing, locks it out.
        assert error_of(lambda: kms.put_key_policy(KeyId=key["KeyId"], Policy=policy())) == lockout
        kms_fake.put_identity_policy(
            ROLE,
            {"Statement": [{"Effect": "Allow", "Action": "kms:PutKeyPolicy", "Resource": "*"}]},
        )
        kms.put_key_policy(KeyId=key["KeyId"], Policy=policy())


def test_dry_run_checks_permissions_first(kms: Any, kms_fake: KmsFake, key: dict[str, Any]) -> None:
    with kms_fake.acting_as(ROLE):
        denied(lambda: kms.encrypt(KeyId=key["KeyId"], Plaintext=b"p", DryRun=True))
    assert (
        error_of(lambda: kms.encrypt(KeyId=key["KeyId"], Plaintext=b"p", DryRun=True))["Code"]
        == "DryRunOperationException"
    )


def test_access_is_checked_before_the_key_state(
    kms: Any, kms_fake: KmsFake, key: dict[str, Any]
) -> None:
    kms.disable_key(KeyId=key["KeyId"])
    with kms_fake.acting_as(ROLE):
        denied(lambda: kms.encrypt(KeyId=key["KeyId"], Plaintext=b"p"))
    assert (
        error_of(lambda: kms.encrypt(KeyId=key["KeyId"], Plaintext=b"p"))["Code"]
        == "DisabledException"
    )


# --- explain ---------------------------------------------------------------------------------------------


def test_explain_names_what_matched(kms: Any, kms_fake: KmsFake, key: dict[str, Any]) -> None:
    kms.encrypt(KeyId=key["KeyId"], Plaintext=b"p")
    text = kms_fake.explain()
    assert text.splitlines() == [
        f"Encrypt(KeyId='{key['KeyId']}', Plaintext=b'p') in us-east-1 -> ok",
        f"kms:Encrypt on {key['Arn']} by {ROOT}: allowed",
        "  - key policy statement 1 (Sid 'Enable IAM User Permissions') allows kms:Encrypt to the caller",
        "  - the account root has every IAM permission",
        "  - so allowed: the key policy allows the caller",
    ]
    call = kms_fake.calls.last
    [decision] = call.access
    assert decision.allowed and decision.action == "kms:Encrypt" and decision.resource == key["Arn"]
    with kms_fake.acting_as(ROLE):
        denied(lambda: kms.encrypt(KeyId=key["KeyId"], Plaintext=b"p"))
    assert kms_fake.explain().splitlines()[-1] == (
        "  - so denied: the key lets account 111122223333 decide through IAM policies, and no identity policy of the caller allows it"
    )
    assert kms_fake.explain(call) == text


def test_explain_shows_the_conditions_that_held_and_the_one_that_failed(
    kms: Any, kms_fake: KmsFake, key: dict[str, Any]
) -> None:
    tenant = {
        "Sid": "tenant",
        "Effect": "Allow",
        "Principal": {"AWS": ROLE},
        "Action": "kms:Encrypt",
        "Resource": "*",
        "Condition": {"StringEquals": {"kms:EncryptionContext:tenant": "acme"}},
    }
    kms.put_key_policy(KeyId=key["KeyId"], Policy=policy(tenant))
    with kms_fake.acting_as(ROLE):
        kms.encrypt(KeyId=key["KeyId"], Plaintext=b"p", EncryptionContext={"tenant": "acme"})
        held = kms_fake.explain().splitlines()
        denied(lambda: kms.encrypt(KeyId=key["KeyId"], Plaintext=b"p"))
        failed = kms_fake.explain().splitlines()
    assert (
        "  - key policy statement 2 (Sid 'tenant') allows kms:Encrypt to the caller, its "
        "condition holding: StringEquals kms:EncryptionContext:tenant ['acme'] (the request "
        "has acme)"
    ) in held
    assert (
        "  - key policy statement 2 (Sid 'tenant') does not apply: its condition StringEquals "
        "kms:EncryptionContext:tenant ['acme'] (the request has no value) fails"
    ) in failed


@pytest.mark.kms_fake(enforce_access=True)
def test_works_with_a_boto3_session_client(kms_fake: KmsFake) -> None:
    kms_fake.add_access_key("AKIAAPP", ROLE)
    session = boto3.Session(
        aws_access_key_id="AKIAAPP", aws_secret_access_key="s", region_name="us-east-1"
    )
    with pytest.raises(ClientError) as info:
        session.client("kms").list_keys()
    assert info.value.response["Error"]["Message"].startswith(f"User: {ROLE} is not authorized")


def test_an_account_as_retiring_principal_leaves_it_to_iam(
    kms: Any, kms_fake: KmsFake, key: dict[str, Any]
) -> None:
    created = kms.create_grant(
        KeyId=key["KeyId"], GranteePrincipal=ROLE, RetiringPrincipal=ACCOUNT, Operations=["Decrypt"]
    )
    with kms_fake.acting_as(OTHER_ROLE):
        denied(lambda: kms.retire_grant(GrantToken=created["GrantToken"]))
    kms_fake.put_identity_policy(
        OTHER_ROLE,
        {"Statement": [{"Effect": "Allow", "Action": "kms:RetireGrant", "Resource": "*"}]},
    )
    with kms_fake.acting_as(OTHER_ROLE):
        kms.retire_grant(GrantToken=created["GrantToken"])
