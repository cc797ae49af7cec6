"""Key lifecycle operations and identifiers. The key-state table is checked against AWS's in
test_documented_key_states."""

from __future__ import annotations

from typing import Any, Callable

import boto3
import pytest
from botocore.exceptions import ClientError

from pytest_kmsfake import KmsFake

ACCOUNT = "111122223333"


def _error(call: Callable[[], Any]) -> dict[str, str]:
    with pytest.raises(ClientError) as info:
        call()
    return dict(info.value.response["Error"])


def test_create_key_symmetric_defaults(kms: Any) -> None:
    metadata = kms.create_key()["KeyMetadata"]
    key_id = metadata["KeyId"]
    assert metadata == {
        "AWSAccountId": ACCOUNT,
        "KeyId": key_id,
        "Arn": f"arn:aws:kms:us-east-1:{ACCOUNT}:key/{key_id}",
        "CreationDate": metadata["CreationDate"],
        "Enabled": True,
        "Description": "",
        "KeyUsage": "ENCRYPT_DECRYPT",
        "KeyState": "Enabled",
        "Origin": "AWS_KMS",
        "KeyManager": "CUSTOMER",
        "CustomerMasterKeySpec": "SYMMETRIC_DEFAULT",
        "KeySpec": "SYMMETRIC_DEFAULT",
        "EncryptionAlgorithms": ["SYMMETRIC_DEFAULT"],
        "MultiRegion": False,
        "CurrentKeyMaterialId": metadata["CurrentKeyMaterialId"],
    }
    assert len(metadata["CurrentKeyMaterialId"]) == 64
    int(metadata["CurrentKeyMaterialId"], 16)


def test_key_ids_are_lowercase_uuid4(kms: Any) -> None:
    import uuid

    key_id = kms.create_key()["KeyMetadata"]["KeyId"]
    assert str(uuid.UUID(key_id)) == key_id and uuid.UUID(key_id).version == 4


def test_external_origin_starts_pending_import_without_material(kms: Any) -> None:
    metadata = kms.create_key(Origin="EXTERNAL")["KeyMetadata"]
    assert (metadata["KeyState"], metadata["Enabled"]) == ("PendingImport", False)
    assert "CurrentKeyMaterialId" not in metadata
    error = _error(lambda: kms.encrypt(KeyId=metadata["KeyId"], Plaintext=b"x"))
    assert error == {
        "Code": "KMSInvalidStateException",
        "Message": f"{metadata['Arn']} is pending import.",
    }


def test_multi_region_key_has_mrk_id_and_primary_configuration(kms: Any) -> None:
    metadata = kms.create_key(MultiRegion=True)["KeyMetadata"]
    assert metadata["KeyId"].startswith("mrk-") and len(metadata["KeyId"]) == 36
    assert metadata["MultiRegion"] is True
    assert metadata["MultiRegionConfiguration"] == {
        "MultiRegionKeyType": "PRIMARY",
        "PrimaryKey": {"Arn": metadata["Arn"], "Region": "us-east-1"},
        "ReplicaKeys": [],
    }


@pytest.mark.parametrize(
    ("params", "message"),
    [
        (
            {"KeySpec": "HMAC_256"},
            "You must specify a KeyUsage value for all KMS keys except for symmetric encryption "
            "keys.",
        ),
        (
            {"KeySpec": "RSA_2048", "KeyUsage": "KEY_AGREEMENT"},
            "KeyUsage KEY_AGREEMENT is not compatible with KeySpec RSA_2048",
        ),
        (
            {"KeyUsage": "SIGN_VERIFY"},
            "KeyUsage SIGN_VERIFY is not compatible with KeySpec SYMMETRIC_DEFAULT",
        ),
    ],
)
def test_create_key_spec_and_usage_rules_aws_messages(
    kms: Any, params: dict[str, str], message: str
) -> None:
    assert _error(lambda: kms.create_key(**params)) == {
        "Code": "ValidationException",
        "Message": message,
    }


def test_create_key_unknown_enum_value_message_from_the_model(kms: Any) -> None:
    error = _error(lambda: kms.create_key(KeySpec="HMAC_random"))
    assert error["Code"] == "ValidationException"
    # AWS's recorded text up to the enum list; the list itself is the model's (AWS's server
    # listed a stale set in its own order).
    assert error["Message"].startswith(
        "1 validation error detected: Value 'HMAC_random' at 'keySpec' failed to satisfy "
        "constraint: Member must satisfy enum value set: [RSA_2048, "
    )


def test_enum_sets_aws_printed_whole_come_in_its_order(kms: Any) -> None:
    # Recorded responses (reference/aws-errors.json), verbatim: AWS's order, not the model's.
    hmac = kms.create_key(KeySpec="HMAC_256", KeyUsage="GENERATE_VERIFY_MAC")["KeyMetadata"]
    error = _error(
        lambda: kms.generate_mac(KeyId=hmac["KeyId"], Message=b"m", MacAlgorithm="INVALID")
    )
    assert error == {
        "Code": "ValidationException",
        "Message": "1 validation error detected: Value 'INVALID' at 'macAlgorithm' failed to "
        "satisfy constraint: Member must satisfy enum value set: [HMAC_SHA_384, HMAC_SHA_256, "
        "HMAC_SHA_224, HMAC_SHA_512]",
    }
    ecc = kms.create_key(KeySpec="ECC_NIST_P256", KeyUsage="KEY_AGREEMENT")["KeyMetadata"]
    error = _error(
        lambda: kms.derive_shared_secret(
            KeyId=ecc["KeyId"], KeyAgreementAlgorithm="INVALID", PublicKey=b"k"
        )
    )
    assert error["Message"] == (
        "1 validation error detected: Value 'INVALID' at 'keyAgreementAlgorithm' failed to "
        "satisfy constraint: Member must satisfy enum value set: [ECDH]"
    )


def test_describe_key_accepts_all_four_reference_forms(kms: Any, key_id: str) -> None:
    kms.create_alias(AliasName="alias/four", TargetKeyId=key_id)
    arn = f"arn:aws:kms:us-east-1:{ACCOUNT}:key/{key_id}"
    alias_arn = f"arn:aws:kms:us-east-1:{ACCOUNT}:alias/four"
    for reference in (key_id, arn, "alias/four", alias_arn):
        assert kms.describe_key(KeyId=reference)["KeyMetadata"]["KeyId"] == key_id


@pytest.mark.parametrize(
    "call",
    [
        lambda kms, ref: kms.disable_key(KeyId=ref),
        lambda kms, ref: kms.get_key_policy(KeyId=ref, PolicyName="default"),
        lambda kms, ref: kms.list_resource_tags(KeyId=ref),
        lambda kms, ref: kms.create_grant(
            KeyId=ref, GranteePrincipal=f"arn:aws:iam::{ACCOUNT}:role/a", Operations=["Decrypt"]
        ),
        lambda kms, ref: kms.schedule_key_deletion(KeyId=ref),
    ],
)
def test_key_id_only_operations_refuse_aliases(kms: Any, key_id: str, call: Any) -> None:
    """AWS's text, quoted from real errors (2020-2026), before any lookup: the same for an
    alias that exists and one that does not, by name or ARN."""
    kms.create_alias(AliasName="alias/only", TargetKeyId=key_id)
    refused = {
        "Code": "InvalidArnException",
        "Message": "Key Aliases are not supported for this operation.",
    }
    for reference in ("alias/only", "alias/missing", f"arn:aws:kms:us-east-1:{ACCOUNT}:alias/only"):
        assert _error(lambda ref=reference: call(kms, ref)) == refused


@pytest.mark.parametrize(
    ("reference", "message"),
    [
        ("fake-key-id", "Invalid keyId 'fake-key-id'"),
        ("mrk-fake-key-id", "Invalid keyId 'mrk-fake-key-id'"),
        (
            "00000000-0000-4000-8000-000000000000",
            f"Key 'arn:aws:kms:us-east-1:{ACCOUNT}:key/00000000-0000-4000-8000-000000000000' "
            "does not exist",
        ),
        ("alias/missing", f"Alias arn:aws:kms:us-east-1:{ACCOUNT}:alias/missing is not found."),
        # Measured against KMS (2026): bare inside a key ARN, and upper-case hex is well formed.
        (f"arn:aws:kms:us-east-1:{ACCOUNT}:key/foo", "Invalid keyId foo"),
        (
            "786CA7CD-2B1A-4E4A-9B6A-0A1B2C3D4E5F",
            f"Key 'arn:aws:kms:us-east-1:{ACCOUNT}:key/786CA7CD-2B1A-4E4A-9B6A-0A1B2C3D4E5F' "
            "does not exist",
        ),
    ],
)
def test_missing_or_malformed_keys_aws_messages(kms: Any, reference: str, message: str) -> None:
    assert _error(lambda: kms.describe_key(KeyId=reference)) == {
        "Code": "NotFoundException",
        "Message": message,
    }


def test_key_arn_of_another_region_is_an_invalid_arn(kms: Any, key_id: str) -> None:
    other = boto3.client("kms", region_name="ap-southeast-1")
    arn = f"arn:aws:kms:us-east-1:{ACCOUNT}:key/{key_id}"
    assert _error(lambda: other.describe_key(KeyId=arn)) == {
        "Code": "NotFoundException",
        "Message": "Invalid arn us-east-1",
    }
    # A bare key id is looked up in the caller's region, where it does not exist.
    assert _error(lambda: other.describe_key(KeyId=key_id))["Message"] == (
        f"Key 'arn:aws:kms:ap-southeast-1:{ACCOUNT}:key/{key_id}' does not exist"
    )


def test_regions_and_accounts_are_independent_stores(kms_fake: KmsFake) -> None:
    east = boto3.client("kms", region_name="us-east-1")
    west = boto3.client("kms", region_name="us-west-2")
    east.create_key()
    assert west.list_keys()["Keys"] == []
    other_account = kms_fake._service.dispatch("ListKeys", {}, region="us-east-1", account_id="444455556666")
    assert other_account.parsed["Keys"] == []


@pytest.mark.parametrize(
    ("region", "partition"),
    [("cn-north-1", "aws-cn"), ("us-gov-west-1", "aws-us-gov"), ("eu-central-1", "aws")],
)
def test_arn_partition_follows_the_region(kms_fake: KmsFake, region: str, partition: str) -> None:
    client = boto3.client("kms", region_name=region)
    arn = client.create_key()["KeyMetadata"]["Arn"]
    assert arn.startswith(f"arn:{partition}:kms:{region}:{ACCOUNT}:key/")
    key_id = arn.rsplit("/", 1)[1]
    policy = client.get_key_policy(KeyId=key_id)["Policy"]
    assert f'"AWS" : "arn:{partition}:iam::{ACCOUNT}:root"' in policy


def test_list_keys_paginates_with_limit_marker_and_botocores_paginator(kms: Any) -> None:
    created = [kms.create_key()["KeyMetadata"]["KeyId"] for _ in range(5)]
    first = kms.list_keys(Limit=2)
    assert first["Truncated"] is True and len(first["Keys"]) == 2
    second = kms.list_keys(Limit=2, Marker=first["NextMarker"])
    assert [k["KeyId"] for k in first["Keys"] + second["Keys"]] == created[:4]
    pages = list(kms.get_paginator("list_keys").paginate(PaginationConfig={"PageSize": 2}))
    assert [k["KeyId"] for page in pages for k in page["Keys"]] == created
    assert pages[-1]["Truncated"] is False and "NextMarker" not in pages[-1]
    listed = kms.list_keys()["Keys"][0]
    assert listed == {
        "KeyId": created[0],
        "KeyArn": f"arn:aws:kms:us-east-1:{ACCOUNT}:key/{created[0]}",
    }


def test_list_keys_bad_marker(kms: Any) -> None:
    assert _error(lambda: kms.list_keys(Marker="garbage"))["Code"] == "InvalidMarkerException"


@pytest.mark.parametrize(("operation", "maximum"), [("list_keys", 1000), ("list_aliases", 100)])
def test_limit_above_the_service_maximum(kms: Any, operation: str, maximum: int) -> None:
    # botocore checks only the model's minimum; the service checks its own maximum.
    assert _error(lambda: getattr(kms, operation)(Limit=maximum + 1)) == {
        "Code": "ValidationException",
        "Message": f"1 validation error detected: Value '{maximum + 1}' at 'limit' failed to "
        f"satisfy constraint: Member must have value less than or equal to {maximum}",
    }


def test_enable_disable(kms: Any, key_id: str) -> None:
    kms.disable_key(KeyId=key_id)
    metadata = kms.describe_key(KeyId=key_id)["KeyMetadata"]
    assert (metadata["KeyState"], metadata["Enabled"]) == ("Disabled", False)
    kms.enable_key(KeyId=key_id)
    assert kms.describe_key(KeyId=key_id)["KeyMetadata"]["KeyState"] == "Enabled"


def test_schedule_and_cancel_deletion(kms: Any, key_id: str) -> None:
    arn = f"arn:aws:kms:us-east-1:{ACCOUNT}:key/{key_id}"
    response = kms.schedule_key_deletion(KeyId=key_id)
    assert response["KeyId"] == arn
    assert (response["KeyState"], response["PendingWindowInDays"]) == ("PendingDeletion", 30)
    metadata = kms.describe_key(KeyId=key_id)["KeyMetadata"]
    assert metadata["KeyState"] == "PendingDeletion" and metadata["Enabled"] is False
    assert metadata["DeletionDate"] == response["DeletionDate"]
    assert "PendingDeletionWindowInDays" not in metadata
    assert [k["KeyId"] for k in kms.list_keys()["Keys"]] == [key_id]  # still listed
    assert kms.cancel_key_deletion(KeyId=key_id)["KeyId"] == arn
    metadata = kms.describe_key(KeyId=key_id)["KeyMetadata"]
    assert metadata["KeyState"] == "Disabled" and "DeletionDate" not in metadata


@pytest.mark.parametrize("days", [1, 6, 31, 365])
def test_pending_window_must_be_7_to_30(kms: Any, key_id: str, days: int) -> None:
    assert _error(lambda: kms.schedule_key_deletion(KeyId=key_id, PendingWindowInDays=days)) == {
        "Code": "ValidationException",
        "Message": "PendingWindowInDays must be between 7 and 30",
    }


def test_cancel_deletion_of_a_key_not_pending_deletion(kms: Any, key_id: str) -> None:
    arn = f"arn:aws:kms:us-east-1:{ACCOUNT}:key/{key_id}"
    assert _error(lambda: kms.cancel_key_deletion(KeyId=key_id)) == {
        "Code": "KMSInvalidStateException",
        "Message": f"{arn} is not pending deletion.",
    }


def test_update_key_description(kms: Any, key_id: str) -> None:
    kms.update_key_description(KeyId=key_id, Description="new words")
    assert kms.describe_key(KeyId=key_id)["KeyMetadata"]["Description"] == "new words"


def test_description_longer_than_8192_is_refused(kms: Any) -> None:
    error = _error(lambda: kms.create_key(Description="d" * 8193))
    assert error["Code"] == "ValidationException"
    assert error["Message"].endswith(
        "at 'description' failed to satisfy constraint: Member must have length less than or "
        "equal to 8192"
    )


# --- forcing key states ---------------------------------------------------------------------


def test_set_key_state_rejects_unknown_states(kms_fake: KmsFake, key_id: str) -> None:
    with pytest.raises(ValueError, match="unknown key state 'Broken'"):
        kms_fake.set_key_state(key_id, "Broken")


def test_a_key_in_another_region_is_not_found_and_the_log_says_where_it_is(
    kms_fake: KmsFake,
) -> None:
    ireland = boto3.client("kms", region_name="eu-west-1")
    key_id = ireland.create_key()["KeyMetadata"]["KeyId"]
    virginia = boto3.client("kms", region_name="us-east-1")
    with pytest.raises(virginia.exceptions.NotFoundException) as info:
        virginia.describe_key(KeyId=key_id)
    # AWS's message is AWS's; the call log tells the test where the key is.
    assert info.value.response["Error"]["Message"] == (
        f"Key 'arn:aws:kms:us-east-1:111122223333:key/{key_id}' does not exist"
    )
    assert kms_fake.calls.last.reason == (
        f"key {key_id} is not in this region and account, but is in eu-west-1 of account "
        "111122223333"
    )
    missing = "1234abcd-12ab-34cd-56ef-1234567890ab"
    with pytest.raises(virginia.exceptions.NotFoundException):
        virginia.describe_key(KeyId=missing)
    assert kms_fake.calls.last.reason is None


def test_a_multi_region_key_missing_here_is_named_in_each_region_it_is_in(
    kms_fake: KmsFake,
) -> None:
    ireland = boto3.client("kms", region_name="eu-west-1")
    key_id = ireland.create_key(MultiRegion=True)["KeyMetadata"]["KeyId"]
    ireland.replicate_key(KeyId=key_id, ReplicaRegion="ap-south-1")
    virginia = boto3.client("kms", region_name="us-east-1")
    with pytest.raises(virginia.exceptions.NotFoundException):
        virginia.describe_key(KeyId=key_id)
    reason = kms_fake.calls.last.reason
    assert reason is not None
    places = reason.split(", but is in ", 1)[1].split(", ")
    assert sorted(places) == [
        "ap-south-1 of account 111122223333",
        "eu-west-1 of account 111122223333",
    ]


def test_a_key_forced_enabled_without_its_imported_material_is_pending_import(
    kms: Any, kms_fake: KmsFake
) -> None:
    # A key whose imported material is missing cannot encrypt, whatever state it was forced
    # into: the refusal names the key as pending import.
    key = kms.create_key(Origin="EXTERNAL")["KeyMetadata"]
    kms_fake.set_key_state(key["KeyId"], "Enabled")
    error = _error(lambda: kms.encrypt(KeyId=key["KeyId"], Plaintext=b"p"))
    assert error == {
        "Code": "KMSInvalidStateException",
        "Message": f"{key['Arn']} is pending import.",
    }
