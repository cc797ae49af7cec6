"""Grants: CreateGrant, ListGrants, ListRetirableGrants, RetireGrant, RevokeGrant, grant ids
and tokens, and GrantTokens on the operations that take them."""

from __future__ import annotations

import base64
import re
from typing import Any, Callable

import boto3
import pytest
from botocore.exceptions import ClientError
from botocore.parsers import create_parser
from botocore.validate import ParamValidator
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from pytest_kmsfake import KmsFake
from pytest_kmsfake._rules.access import GRANT_OPERATIONS
from pytest_kmsfake._rules.model import service_model
from pytest_kmsfake._rules.operations import OPERATIONS

ACCOUNT = "111122223333"
ROLE = f"arn:aws:iam::{ACCOUNT}:role/app"
OTHER_ROLE = f"arn:aws:iam::{ACCOUNT}:role/other"
GRANT_ID = re.compile(r"^[0-9a-f]{64}$")
# Service-principal grants (GranteeServicePrincipal, RetiringServicePrincipal) are in newer
# botocore models only; before them, GranteePrincipal and RetiringPrincipal were required.
SERVICE_PRINCIPALS = "GranteeServicePrincipal" in (
    service_model().operation_model("CreateGrant").input_shape.members  # type: ignore[union-attr]
)
needs_service_principals = pytest.mark.skipif(
    not SERVICE_PRINCIPALS, reason="this botocore's model has no service-principal grants"
)


def error_of(call: Callable[[], Any]) -> dict[str, str]:
    with pytest.raises(ClientError) as info:
        call()
    return dict(info.value.response["Error"])


def grant(kms: Any, key_id: str, **params: Any) -> dict[str, Any]:
    params.setdefault("GranteePrincipal", ROLE)
    params.setdefault("Operations", ["Decrypt"])
    return dict(kms.create_grant(KeyId=key_id, **params))


# --- Ids and tokens ------------------------------------------------------------------------------


def test_grant_ids_and_tokens_have_aws_formats(kms: Any, key_id: str) -> None:
    created = grant(kms, key_id)
    assert GRANT_ID.match(created["GrantId"])
    token = created["GrantToken"]
    assert re.fullmatch(r"[A-Za-z0-9_-]+", token)  # base64url, no padding
    assert len(token) == 491  # as long as the token in AWS's CreateGrant example
    assert (
        base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))[3:67].decode()
        == created["GrantId"]
    )


def test_name_makes_create_grant_idempotent_with_a_new_token_each_time(
    kms: Any, key_id: str
) -> None:
    first = grant(kms, key_id, Name="app-decrypt", Operations=["Decrypt", "Encrypt"])
    again = grant(kms, key_id, Name="app-decrypt", Operations=["Encrypt", "Decrypt"])
    assert again["GrantId"] == first["GrantId"]
    assert again["GrantToken"] != first["GrantToken"]
    assert len(kms.list_grants(KeyId=key_id)["Grants"]) == 1
    # Every token of a grant works.
    for token in (first["GrantToken"], again["GrantToken"]):
        kms.encrypt(KeyId=key_id, Plaintext=b"p", GrantTokens=[token])
    kms.retire_grant(GrantToken=again["GrantToken"])
    assert kms.list_grants(KeyId=key_id)["Grants"] == []


def test_without_name_or_with_other_params_a_new_grant_is_made(kms: Any, key_id: str) -> None:
    ids = {grant(kms, key_id)["GrantId"], grant(kms, key_id)["GrantId"]}
    ids.add(grant(kms, key_id, Name="n")["GrantId"])
    ids.add(grant(kms, key_id, Name="n", Operations=["Encrypt"])["GrantId"])
    assert len(ids) == 4


# --- CreateGrant -----------------------------------------------------------------------------------


# Which grant operations each kind of key takes: test_documented_key_specs.py.


def test_the_grant_table_agrees_with_the_key_usage_table() -> None:
    for (kind, usage), operations in GRANT_OPERATIONS.items():
        for operation in operations:
            api = operation.replace("ReEncryptFrom", "ReEncrypt").replace(
                "ReEncryptTo", "ReEncrypt"
            )
            required = OPERATIONS[api].usage
            if required is not None:
                assert required == usage, (kind, usage, operation)


@pytest.mark.parametrize(
    ("params", "message"),
    [
        pytest.param(
            {"GranteePrincipal": None},
            "You must specify either GranteePrincipal or GranteeServicePrincipal.",
            marks=needs_service_principals,
        ),
        pytest.param(
            {"GranteeServicePrincipal": "logs.amazonaws.com"},
            "You can specify either GranteePrincipal or GranteeServicePrincipal, but not both.",
            marks=needs_service_principals,
        ),
        pytest.param(
            {"RetiringPrincipal": ROLE, "RetiringServicePrincipal": "logs.amazonaws.com"},
            "You can specify either RetiringPrincipal or RetiringServicePrincipal, but not both.",
            marks=needs_service_principals,
        ),
        ({"Operations": []}, "A grant must allow at least one operation."),
        (
            {"Constraints": {"EncryptionContextSubset": {f"k{i}": "v" for i in range(9)}}},
            "EncryptionContextSubset allows at most 8 pairs, each value at most 384 characters.",
        ),
        (
            {"Constraints": {"EncryptionContextEquals": {"k": "v" * 385}}},
            "EncryptionContextEquals allows at most 8 pairs, each value at most 384 characters.",
        ),
    ],
)
def test_create_grant_validation(
    kms: Any, key_id: str, params: dict[str, Any], message: str
) -> None:
    # The rules are documented [MD CreateGrant]; the wordings are INFERRED.
    params = {"GranteePrincipal": ROLE, "Operations": ["Decrypt"], **params}
    params = {k: v for k, v in params.items() if v is not None}
    assert error_of(lambda: kms.create_grant(KeyId=key_id, **params)) == {
        "Code": "ValidationException",
        "Message": message,
    }


@needs_service_principals
def test_a_service_principal_grant_needs_a_source_arn_and_a_retiring_principal(
    kms: Any, key_id: str
) -> None:
    service = {"GranteeServicePrincipal": "logs.us-east-1.amazonaws.com", "Operations": ["Decrypt"]}
    assert error_of(lambda: kms.create_grant(KeyId=key_id, **service))["Message"] == (
        "A grant for a service principal needs a SourceArn constraint and a retiring principal."
    )
    source = {"SourceArn": f"arn:aws:logs:us-east-1:{ACCOUNT}:log-group:app"}
    created = kms.create_grant(
        KeyId=key_id,
        **service,
        Constraints=source,
        RetiringServicePrincipal="logs.us-east-1.amazonaws.com",
    )
    [entry] = kms.list_grants(KeyId=key_id, GranteeServicePrincipal="logs.us-east-1.amazonaws.com")[
        "Grants"
    ]
    assert entry["GrantId"] == created["GrantId"]
    assert "GranteePrincipal" not in entry
    assert kms.list_retirable_grants(RetiringServicePrincipal="logs.us-east-1.amazonaws.com")[
        "Grants"
    ] == [entry]


def test_encryption_context_constraints_need_a_symmetric_key(kms: Any) -> None:
    key_id = kms.create_key(KeySpec="RSA_2048", KeyUsage="SIGN_VERIFY")["KeyMetadata"]["KeyId"]
    assert error_of(
        lambda: grant(
            kms, key_id, Operations=["Sign"], Constraints={"EncryptionContextEquals": {"a": "b"}}
        )
    ) == {
        "Code": "ValidationException",
        "Message": "EncryptionContextEquals grant constraints are valid only for symmetric encryption KMS keys.",
    }


def test_create_grant_follows_the_key_state_table(kms: Any, kms_fake: KmsFake, key_id: str) -> None:
    arn = kms.describe_key(KeyId=key_id)["KeyMetadata"]["Arn"]
    kms.disable_key(KeyId=key_id)
    assert error_of(lambda: grant(kms, key_id)) == {
        "Code": "DisabledException",
        "Message": f"{arn} is disabled.",
    }
    kms_fake.set_key_state(key_id, "PendingImport")
    assert error_of(lambda: grant(kms, key_id)) == {
        "Code": "KMSInvalidStateException",
        "Message": f"{arn} is pending import.",
    }
    assert kms.list_grants(KeyId=key_id)["Grants"] == []


def test_create_grant_dry_run(kms: Any, key_id: str) -> None:
    assert error_of(lambda: grant(kms, key_id, DryRun=True))["Code"] == "DryRunOperationException"
    assert kms.list_grants(KeyId=key_id)["Grants"] == []


def test_grants_per_key_quota(kms: Any, key_id: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("pytest_kmsfake._service.ops.grants.GRANTS_PER_KEY", 2)
    arn = kms.describe_key(KeyId=key_id)["KeyMetadata"]["Arn"]
    named = grant(kms, key_id, Name="kept")
    grant(kms, key_id)
    assert error_of(lambda: grant(kms, key_id)) == {
        "Code": "LimitExceededException",  # the quota is documented [DG23]; the text INFERRED
        "Message": f"{arn} already has 2 grants.",
    }
    assert grant(kms, key_id, Name="kept")["GrantId"] == named["GrantId"]  # no new grant


# --- Listing ---------------------------------------------------------------------------------------


def test_list_grants_entries(kms: Any, key_id: str) -> None:
    arn = kms.describe_key(KeyId=key_id)["KeyMetadata"]["Arn"]
    plain = grant(kms, key_id)
    constrained = grant(
        kms,
        key_id,
        Name="n",
        RetiringPrincipal=OTHER_ROLE,
        Operations=["Encrypt", "Decrypt"],
        Constraints={"EncryptionContextSubset": {"tenant": "a"}},
    )
    first, second = kms.list_grants(KeyId=arn)["Grants"]
    assert first["GrantId"] == plain["GrantId"]
    assert set(first) == {
        "KeyId",
        "GrantId",
        "Name",
        "CreationDate",
        "GranteePrincipal",
        "IssuingAccount",
        "Operations",
    }
    assert first["Name"] == ""  # as in AWS's ListGrants example, for a grant without a name
    assert first["KeyId"] == arn
    assert first["IssuingAccount"] == f"arn:aws:iam::{ACCOUNT}:root"
    assert second == {
        "KeyId": arn,
        "GrantId": constrained["GrantId"],
        "Name": "n",
        "CreationDate": second["CreationDate"],
        "GranteePrincipal": ROLE,
        "RetiringPrincipal": OTHER_ROLE,
        "IssuingAccount": f"arn:aws:iam::{ACCOUNT}:root",
        "Operations": ["Encrypt", "Decrypt"],
        "Constraints": {"EncryptionContextSubset": {"tenant": "a"}},
    }


def test_list_grants_filters_and_pages(kms: Any, key_id: str) -> None:
    ids = [
        grant(kms, key_id, GranteePrincipal=ROLE if i % 2 else OTHER_ROLE)["GrantId"]
        for i in range(5)
    ]
    assert [g["GrantId"] for g in kms.list_grants(KeyId=key_id, GrantId=ids[3])["Grants"]] == [
        ids[3]
    ]
    assert [
        g["GrantId"] for g in kms.list_grants(KeyId=key_id, GranteePrincipal=ROLE)["Grants"]
    ] == ids[1::2]
    assert kms.list_grants(KeyId=key_id, GrantId="0" * 64)["Grants"] == []
    seen: list[str] = []
    page = kms.list_grants(KeyId=key_id, Limit=2)
    while True:
        seen += [g["GrantId"] for g in page["Grants"]]
        if not page["Truncated"]:
            break
        page = kms.list_grants(KeyId=key_id, Limit=2, Marker=page["NextMarker"])
    assert seen == ids
    assert [
        g["GrantId"]
        for p in kms.get_paginator("list_grants").paginate(
            KeyId=key_id, PaginationConfig={"PageSize": 3}
        )
        for g in p["Grants"]
    ] == ids


def test_list_grants_with_a_malformed_grant_id(kms: Any, key_id: str) -> None:
    assert error_of(lambda: kms.list_grants(KeyId=key_id, GrantId="not-a-grant")) == {
        "Code": "InvalidGrantIdException",
        "Message": "Invalid grantId 'not-a-grant'",  # INFERRED
    }


def test_list_retirable_grants_across_keys_and_accounts(kms: Any, kms_fake: KmsFake) -> None:
    mine = kms.create_key()["KeyMetadata"]["KeyId"]
    theirs = kms_fake.create_key(account_id="444455556666")
    their_arn = f"arn:aws:kms:us-east-1:444455556666:key/{theirs}"
    a = grant(kms, mine, RetiringPrincipal=ROLE)
    grant(kms, mine, RetiringPrincipal=OTHER_ROLE)
    with kms_fake.acting_as("arn:aws:iam::444455556666:root"):
        b = grant(kms, theirs, RetiringPrincipal=ROLE)
    listed = kms.list_retirable_grants(RetiringPrincipal=ROLE)["Grants"]
    assert [(g["GrantId"], g["KeyId"]) for g in listed] == sorted(
        [
            (a["GrantId"], kms.describe_key(KeyId=mine)["KeyMetadata"]["Arn"]),
            (b["GrantId"], their_arn),
        ],
        key=lambda pair: pair[1].split(":")[4],
    )
    assert kms.list_retirable_grants(RetiringPrincipal=ROLE, Limit=1)["Truncated"] is True


@needs_service_principals
def test_list_retirable_grants_needs_a_retiring_principal(kms: Any) -> None:
    assert (
        error_of(lambda: kms.list_retirable_grants())
        == {
            "Code": "ValidationException",
            "Message": "You must specify either RetiringPrincipal or RetiringServicePrincipal.",  # INFERRED
        }
    )


# --- Retiring and revoking -----------------------------------------------------------------------------


def test_retire_by_token_and_by_key_arn_and_grant_id(kms: Any, key_id: str) -> None:
    arn = kms.describe_key(KeyId=key_id)["KeyMetadata"]["Arn"]
    by_token, by_id = grant(kms, key_id), grant(kms, key_id)
    kms.retire_grant(GrantToken=by_token["GrantToken"])
    kms.retire_grant(KeyId=arn, GrantId=by_id["GrantId"])
    assert kms.list_grants(KeyId=key_id)["Grants"] == []
    assert error_of(lambda: kms.retire_grant(GrantToken=by_token["GrantToken"])) == {
        "Code": "NotFoundException",
        "Message": f"Grant ID {by_token['GrantId']} not found",  # as moto words it; UNVERIFIED
    }
    assert error_of(lambda: kms.retire_grant(KeyId=arn)) == {
        "Code": "ValidationException",
        "Message": "Specify a GrantToken, or both a KeyId and a GrantId.",  # INFERRED
    }


@pytest.mark.parametrize("token", ["not a token", "AQpA", "A" * 491, "abc$", "=" * 8])
def test_malformed_grant_tokens(kms: Any, key_id: str, token: str) -> None:
    invalid = {"Code": "InvalidGrantTokenException", "Message": "Invalid grant token"}  # INFERRED
    assert error_of(lambda: kms.retire_grant(GrantToken=token)) == invalid
    assert (
        error_of(lambda: kms.encrypt(KeyId=key_id, Plaintext=b"p", GrantTokens=[token])) == invalid
    )


def test_a_token_from_another_fake_is_malformed(kms: Any, key_id: str) -> None:
    with KmsFake() as other:
        other_key = other.create_key()
        foreign = boto3.client("kms", region_name="us-east-1").create_grant(
            KeyId=other_key, GranteePrincipal=ROLE, Operations=["Decrypt"]
        )["GrantToken"]
    assert (
        error_of(lambda: kms.retire_grant(GrantToken=foreign))["Code"]
        == "InvalidGrantTokenException"
    )


# Every operation whose request has GrantTokens, from the model: 15 in the oldest supported
# botocore, 17 since the model has ML-KEM's Encapsulate and Decapsulate.
GRANT_TOKEN_OPERATIONS = sorted(
    name
    for name in service_model().operation_names
    if "GrantTokens" in getattr(service_model().operation_model(name).input_shape, "members", {})
)
# Makes, as the key's owner, what a call needs (a ciphertext, a signature, ...) and returns the
# call, for whoever acts then to make, with or without GrantTokens.
Prepare = Callable[[Any, str], Callable[..., Any]]

SYMMETRIC = ("SYMMETRIC_DEFAULT", "ENCRYPT_DECRYPT")
SIGNING = ("ECC_NIST_P256", "SIGN_VERIFY")
MAC = ("HMAC_256", "GENERATE_VERIFY_MAC")
AGREEMENT = ("ECC_NIST_P256", "KEY_AGREEMENT")
KEM = ("ML_KEM_768", "ENCAPSULATE_DECAPSULATE")
ECDSA = {"SigningAlgorithm": "ECDSA_SHA_256", "Message": b"m"}
HMAC = {"MacAlgorithm": "HMAC_SHA_256", "Message": b"m"}
ML_KEM = {"EncapsulationAlgorithm": "ML_KEM"}


def _decrypt(kms: Any, key_id: str) -> Callable[..., Any]:
    blob = kms.encrypt(KeyId=key_id, Plaintext=b"p")["CiphertextBlob"]
    return lambda **tokens: kms.decrypt(CiphertextBlob=blob, **tokens)


def _re_encrypt(kms: Any, key_id: str) -> Callable[..., Any]:
    blob = kms.encrypt(KeyId=key_id, Plaintext=b"p")["CiphertextBlob"]
    return lambda **tokens: kms.re_encrypt(CiphertextBlob=blob, DestinationKeyId=key_id, **tokens)


def _verify(kms: Any, key_id: str) -> Callable[..., Any]:
    signature = kms.sign(KeyId=key_id, **ECDSA)["Signature"]
    return lambda **tokens: kms.verify(KeyId=key_id, Signature=signature, **ECDSA, **tokens)


def _verify_mac(kms: Any, key_id: str) -> Callable[..., Any]:
    mac = kms.generate_mac(KeyId=key_id, **HMAC)["Mac"]
    return lambda **tokens: kms.verify_mac(KeyId=key_id, Mac=mac, **HMAC, **tokens)


def _derive_shared_secret(kms: Any, key_id: str) -> Callable[..., Any]:
    peer = ec.generate_private_key(ec.SECP256R1()).public_key()
    der = peer.public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return lambda **tokens: kms.derive_shared_secret(
        KeyId=key_id, KeyAgreementAlgorithm="ECDH", PublicKey=der, **tokens
    )


def _decapsulate(kms: Any, key_id: str) -> Callable[..., Any]:
    blob = kms.encapsulate(KeyId=key_id, **ML_KEM)["SharedSecretCiphertextBlob"]
    return lambda **tokens: kms.decapsulate(
        KeyId=key_id, SharedSecretCiphertextBlob=blob, **ML_KEM, **tokens
    )


# operation -> (the key's spec and usage, the grant's Operations, how to call it)
USES: dict[str, tuple[tuple[str, str], list[str], Prepare]] = {
    # A grant of CreateGrant alone is refused; through a grant, its grantee may grant that
    # grant's own operations only.
    "CreateGrant": (
        SYMMETRIC,
        ["CreateGrant", "Decrypt"],
        lambda kms, key_id: (
            lambda **tokens: kms.create_grant(
                KeyId=key_id, GranteePrincipal=OTHER_ROLE, Operations=["Decrypt"], **tokens
            )
        ),
    ),
    "Decrypt": (SYMMETRIC, ["Decrypt"], _decrypt),
    "DescribeKey": (
        SYMMETRIC,
        ["DescribeKey"],
        lambda kms, key_id: lambda **tokens: kms.describe_key(KeyId=key_id, **tokens),
    ),
    "Encrypt": (
        SYMMETRIC,
        ["Encrypt"],
        lambda kms, key_id: lambda **tokens: kms.encrypt(KeyId=key_id, Plaintext=b"p", **tokens),
    ),
    "GenerateDataKey": (
        SYMMETRIC,
        ["GenerateDataKey"],
        lambda kms, key_id: (
            lambda **tokens: kms.generate_data_key(KeyId=key_id, KeySpec="AES_256", **tokens)
        ),
    ),
    "GenerateDataKeyWithoutPlaintext": (
        SYMMETRIC,
        ["GenerateDataKeyWithoutPlaintext"],
        lambda kms, key_id: (
            lambda **tokens: kms.generate_data_key_without_plaintext(
                KeyId=key_id, KeySpec="AES_256", **tokens
            )
        ),
    ),
    "GenerateDataKeyPair": (
        SYMMETRIC,
        ["GenerateDataKeyPair"],
        lambda kms, key_id: (
            lambda **tokens: kms.generate_data_key_pair(
                KeyId=key_id, KeyPairSpec="ECC_NIST_P256", **tokens
            )
        ),
    ),
    "GenerateDataKeyPairWithoutPlaintext": (
        SYMMETRIC,
        ["GenerateDataKeyPairWithoutPlaintext"],
        lambda kms, key_id: (
            lambda **tokens: kms.generate_data_key_pair_without_plaintext(
                KeyId=key_id, KeyPairSpec="ECC_NIST_P256", **tokens
            )
        ),
    ),
    # ReEncrypt needs kms:ReEncryptFrom on the source key and kms:ReEncryptTo on the
    # destination, here the same key: two grant operations.
    "ReEncrypt": (SYMMETRIC, ["ReEncryptFrom", "ReEncryptTo"], _re_encrypt),
    "GetPublicKey": (
        SIGNING,
        ["GetPublicKey"],
        lambda kms, key_id: lambda **tokens: kms.get_public_key(KeyId=key_id, **tokens),
    ),
    "Sign": (
        SIGNING,
        ["Sign"],
        lambda kms, key_id: lambda **tokens: kms.sign(KeyId=key_id, **ECDSA, **tokens),
    ),
    "Verify": (SIGNING, ["Verify"], _verify),
    "GenerateMac": (
        MAC,
        ["GenerateMac"],
        lambda kms, key_id: lambda **tokens: kms.generate_mac(KeyId=key_id, **HMAC, **tokens),
    ),
    "VerifyMac": (MAC, ["VerifyMac"], _verify_mac),
    "DeriveSharedSecret": (AGREEMENT, ["DeriveSharedSecret"], _derive_shared_secret),
    "Encapsulate": (
        KEM,
        ["Encapsulate"],
        lambda kms, key_id: lambda **tokens: kms.encapsulate(KeyId=key_id, **ML_KEM, **tokens),
    ),
    "Decapsulate": (KEM, ["Decapsulate"], _decapsulate),
}


def test_grant_tokens_are_taken_where_aws_documents() -> None:
    expected = {
        "CreateGrant", "Decrypt", "DeriveSharedSecret", "DescribeKey", "Encrypt",
        "GenerateDataKey", "GenerateDataKeyPair", "GenerateDataKeyPairWithoutPlaintext",
        "GenerateDataKeyWithoutPlaintext", "GenerateMac", "GetPublicKey", "ReEncrypt", "Sign",
        "Verify", "VerifyMac",
    }  # fmt: skip
    if "Encapsulate" in service_model().operation_names:
        expected |= {"Encapsulate", "Decapsulate"}
        assert len(GRANT_TOKEN_OPERATIONS) == 17
    assert set(GRANT_TOKEN_OPERATIONS) == expected
    assert set(GRANT_TOKEN_OPERATIONS) <= set(USES)
    # AWS takes a grant token in any grant operation [DOCS using-grant-token]: each operation
    # that takes GrantTokens is one a grant can allow (ReEncrypt as ReEncryptFrom and
    # ReEncryptTo), and each grant operation takes them, except RetireGrant, whose one
    # GrantToken names the grant it retires. RevokeGrant takes no token [DOCS].
    grant_operations = set(service_model().shape_for("GrantOperation").enum)  # type: ignore[attr-defined]
    as_grant_operations = {
        name for operation in GRANT_TOKEN_OPERATIONS for name in USES[operation][1]
    }
    assert as_grant_operations <= grant_operations
    assert grant_operations - as_grant_operations == {"RetireGrant"}
    members = {
        name: set(service_model().operation_model(name).input_shape.members)  # type: ignore[union-attr]
        for name in ("RetireGrant", "RevokeGrant")
    }
    assert "GrantToken" in members["RetireGrant"] and "GrantTokens" not in members["RetireGrant"]
    assert not {"GrantToken", "GrantTokens"} & members["RevokeGrant"]


@pytest.mark.kms_fake(enforce_access=True)
@pytest.mark.parametrize("operation", GRANT_TOKEN_OPERATIONS)
def test_a_grant_token_lets_the_grantee_call_right_after_create_grant(
    kms: Any, kms_fake: KmsFake, operation: str
) -> None:
    (spec, usage), grant_operations, prepare = USES[operation]
    # The default key policy leaves the role to IAM, where it has no policy: denied.
    key_id = kms.create_key(KeySpec=spec, KeyUsage=usage)["KeyMetadata"]["KeyId"]
    call = prepare(kms, key_id)
    arn = kms.describe_key(KeyId=key_id)["KeyMetadata"]["Arn"]
    with kms_fake.acting_as(ROLE):
        error = error_of(call)
    # Any of the permissions the call needs (ReEncrypt needs two; which is checked first is
    # not AWS's documented behaviour).
    assert error["Code"] == "AccessDeniedException"
    assert error["Message"] in {
        f"User: {ROLE} is not authorized to perform: kms:{action} on resource: {arn} because "
        f"no identity-based policy allows the kms:{action} action"
        for action in grant_operations
    }

    token = grant(kms, key_id, Operations=grant_operations)["GrantToken"]
    with kms_fake.acting_as(ROLE):
        call(GrantTokens=[token])  # the token makes a new grant usable at once [DOCS]
        assert (kms_fake.calls.last.operation, kms_fake.calls.last.error) == (operation, None)
        assert "so allowed: a grant for the caller is enough, without IAM policies" in (
            kms_fake.explain()
        )
        # Where the model lists InvalidGrantTokenException, a token the fake did not make is
        # refused; DescribeKey's model does not, and it takes any token.
        if operation == "DescribeKey":
            call(GrantTokens=["not a token"])
        else:
            assert error_of(lambda: call(GrantTokens=["not a token"])) == {
                "Code": "InvalidGrantTokenException",
                "Message": "Invalid grant token",  # INFERRED
            }
        # AWS may refuse a new grant's permissions without its token until the grant is known
        # throughout KMS; the fake's grants take effect at once (docs/access-control.md).
        call()


@pytest.mark.kms_fake(enforce_access=True)
def test_a_new_grant_is_retired_with_its_token(kms: Any, kms_fake: KmsFake, key_id: str) -> None:
    """A new grant may be retired with its token before it is known throughout KMS [DOCS
    using-grant-token]."""
    token = grant(kms, key_id, RetiringPrincipal=ROLE)["GrantToken"]
    with kms_fake.acting_as(ROLE):
        kms.retire_grant(GrantToken=token)
    assert kms.list_grants(KeyId=key_id)["Grants"] == []


def test_revoke_grant(kms: Any, key_id: str) -> None:
    created = grant(kms, key_id)
    kms.revoke_grant(KeyId=key_id, GrantId=created["GrantId"])
    assert kms.list_grants(KeyId=key_id)["Grants"] == []
    assert error_of(lambda: kms.revoke_grant(KeyId=key_id, GrantId=created["GrantId"])) == {
        "Code": "NotFoundException",
        "Message": f"Grant ID {created['GrantId']} not found",
    }
    assert error_of(lambda: kms.revoke_grant(KeyId=key_id, GrantId="42")) == {
        "Code": "InvalidGrantIdException",
        "Message": "Invalid grantId '42'",
    }


def test_retire_and_revoke_dry_run(kms: Any, key_id: str) -> None:
    created = grant(kms, key_id)
    assert (
        error_of(lambda: kms.revoke_grant(KeyId=key_id, GrantId=created["GrantId"], DryRun=True))[
            "Code"
        ]
        == "DryRunOperationException"
    )
    assert (
        error_of(lambda: kms.retire_grant(GrantToken=created["GrantToken"], DryRun=True))["Code"]
        == "DryRunOperationException"
    )
    assert len(kms.list_grants(KeyId=key_id)["Grants"]) == 1


def test_grants_go_with_their_key(kms: Any, kms_fake: KmsFake, key_id: str) -> None:
    created = grant(kms, key_id, RetiringPrincipal=ROLE)
    kms.schedule_key_deletion(KeyId=key_id, PendingWindowInDays=7)
    assert len(kms.list_grants(KeyId=key_id)["Grants"]) == 1  # listable while pending deletion
    kms_fake.advance_time(days=8)
    assert kms.list_retirable_grants(RetiringPrincipal=ROLE)["Grants"] == []
    assert (
        error_of(lambda: kms.retire_grant(GrantToken=created["GrantToken"]))["Code"]
        == "NotFoundException"
    )


# --- Wire fidelity -----------------------------------------------------------------------------------


def test_grant_responses_match_botocore_and_the_output_shapes(kms: Any, key_id: str) -> None:
    seen: list[tuple[str, Any, dict[str, Any]]] = []
    kms.meta.events.register(
        "after-call.kms.*",
        lambda http_response, parsed, model, **_: seen.append((model.name, http_response, parsed)),
    )
    created = grant(
        kms,
        key_id,
        Name="g",
        RetiringPrincipal=ROLE,
        Constraints={"EncryptionContextEquals": {"a": "b"}},
    )
    kms.list_grants(KeyId=key_id)
    kms.list_retirable_grants(RetiringPrincipal=ROLE)
    kms.revoke_grant(KeyId=key_id, GrantId=grant(kms, key_id)["GrantId"])
    kms.retire_grant(GrantToken=created["GrantToken"])
    validator = ParamValidator()
    for operation, http, parsed in seen:
        shape = kms.meta.service_model.operation_model(operation).output_shape
        raw = {"status_code": http.status_code, "headers": http.headers, "body": http.content}
        body = {k: v for k, v in parsed.items() if k != "ResponseMetadata"}
        if shape is None:
            assert body == {}
            continue
        expected = create_parser("json").parse(raw, shape)
        assert body == {k: v for k, v in expected.items() if k != "ResponseMetadata"}, operation
        report = validator.validate(body, shape)
        assert not report.has_errors(), report.generate_report()


def test_a_grant_of_only_create_grant_is_refused(kms: Any, key_id: str) -> None:
    """Recorded from AWS (a boto3 traceback, 2019)."""
    only = {"GranteePrincipal": ROLE, "Operations": ["CreateGrant"]}
    assert error_of(lambda: kms.create_grant(KeyId=key_id, **only)) == {
        "Code": "ValidationException",
        "Message": "Grants must not contain only the CreateGrant operation.",
    }
    kms.create_grant(KeyId=key_id, GranteePrincipal=ROLE, Operations=["CreateGrant", "Decrypt"])


@pytest.mark.parametrize("member", ["GranteePrincipal", "RetiringPrincipal"])
@pytest.mark.parametrize(
    "principal", [f"arn:aws:iam::{ACCOUNT}:group/admins", "not-an-arn", "app-role"]
)
def test_a_principal_that_is_not_one_is_refused(
    kms: Any, key_id: str, member: str, principal: str
) -> None:
    """AWS's text, recorded for a grantee it did not know (2016-2024)."""
    params = {"GranteePrincipal": ROLE, "Operations": ["Decrypt"], member: principal}
    assert error_of(lambda: kms.create_grant(KeyId=key_id, **params)) == {
        "Code": "InvalidArnException",
        "Message": f"ARN does not refer to a valid principal: {principal}",
    }
    assert kms.list_grants(KeyId=key_id)["Grants"] == []


@pytest.mark.parametrize(
    "principal",
    [
        f"arn:aws:iam::{ACCOUNT}:root",
        ACCOUNT,
        f"arn:aws:iam::{ACCOUNT}:user/dev/alice",
        f"arn:aws:sts::{ACCOUNT}:assumed-role/app/session-1",
        "arn:aws-cn:iam::111122223333:role/app",
        "ec2.us-east-1.amazonaws.com",
    ],
)
def test_principals_of_every_kind_may_be_grantees(kms: Any, key_id: str, principal: str) -> None:
    kms.create_grant(KeyId=key_id, GranteePrincipal=principal, Operations=["Decrypt"])
    [entry] = kms.list_grants(KeyId=key_id)["Grants"]
    assert entry["GranteePrincipal"] == principal


def test_list_retirable_grants_refuses_a_principal_that_is_not_one(kms: Any) -> None:
    assert error_of(lambda: kms.list_retirable_grants(RetiringPrincipal="not-a-principal")) == {
        "Code": "InvalidArnException",
        "Message": "ARN does not refer to a valid principal: not-a-principal",
    }
    assert kms.list_retirable_grants(RetiringPrincipal=ROLE)["Grants"] == []
