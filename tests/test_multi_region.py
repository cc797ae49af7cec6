"""Multi-Region keys: ReplicateKey, UpdatePrimaryRegion, the copies' shared material and own
properties, deletion of a primary with replicas, and rotation across Regions."""

from __future__ import annotations

import datetime
import json
import os
from collections.abc import Iterator
from typing import Any

import boto3
import documented_service as documented
import pytest
from allowed_errors import modeled_error
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding
from freezegun import freeze_time

from pytest_kmsfake import KmsFake

ACCOUNT = "111122223333"
START = datetime.datetime(2031, 3, 1, tzinfo=datetime.timezone.utc)
DAY = datetime.timedelta(days=1)


def _arn(region: str, key_id: str, partition: str = "aws") -> str:
    return f"arn:{partition}:kms:{region}:{ACCOUNT}:key/{key_id}"


@pytest.fixture
def eu(kms_fake: KmsFake) -> Any:
    return boto3.client("kms", region_name="eu-west-1")


@pytest.fixture
def mrk(kms: Any) -> str:
    return str(kms.create_key(MultiRegion=True, Description="primary")["KeyMetadata"]["KeyId"])


@pytest.fixture
def replicated(kms: Any, eu: Any, mrk: str) -> str:
    kms.replicate_key(KeyId=mrk, ReplicaRegion="eu-west-1")
    return mrk


@pytest.fixture
def clock() -> Iterator[Any]:
    with freeze_time(START) as frozen:
        yield frozen


# --- CreateKey and ReplicateKey ----------------------------------------------------------------


def test_a_new_primary_has_no_replicas(kms: Any) -> None:
    meta = kms.create_key(MultiRegion=True)["KeyMetadata"]
    assert meta["KeyId"].startswith("mrk-") and meta["MultiRegion"] is True
    assert meta["MultiRegionConfiguration"] == {  # [LS:2025-11-10]
        "MultiRegionKeyType": "PRIMARY",
        "PrimaryKey": {"Arn": meta["Arn"], "Region": "us-east-1"},
        "ReplicaKeys": [],
    }
    single = kms.create_key()["KeyMetadata"]
    assert single["MultiRegion"] is False and "MultiRegionConfiguration" not in single


def test_replicate_key_answers_as_recorded_from_aws(kms: Any, mrk: str) -> None:
    response = kms.replicate_key(KeyId=mrk, ReplicaRegion="eu-west-1")
    replica_arn = _arn("eu-west-1", mrk)
    meta = response["ReplicaKeyMetadata"]
    # The recorded response reports the new replica as Creating, with no material id [LS].
    assert meta["KeyState"] == "Creating" and meta["Enabled"] is False
    assert "CurrentKeyMaterialId" not in meta
    assert meta["Arn"] == replica_arn and meta["KeyId"] == mrk
    assert meta["Description"] == "" and meta["Origin"] == "AWS_KMS"
    assert meta["MultiRegionConfiguration"] == {
        "MultiRegionKeyType": "REPLICA",
        "PrimaryKey": {"Arn": _arn("us-east-1", mrk), "Region": "us-east-1"},
        "ReplicaKeys": [{"Arn": replica_arn, "Region": "eu-west-1"}],
    }
    assert json.loads(response["ReplicaPolicy"]) == {
        "Version": "2012-10-17",
        "Id": "key-default-1",
        "Statement": [
            {
                "Sid": "Enable IAM User Permissions",
                "Effect": "Allow",
                "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"},
                "Action": "kms:*",
                "Resource": "*",
            }
        ],
    }
    assert response["ReplicaPolicy"].startswith('{\n  "Version" : "2012-10-17",')
    assert "ReplicaTags" not in response  # absent without tags [LS:2025-11-10]


def test_the_replica_is_usable_at_once(kms: Any, eu: Any, replicated: str) -> None:
    replica = eu.describe_key(KeyId=replicated)["KeyMetadata"]
    primary = kms.describe_key(KeyId=replicated)["KeyMetadata"]
    assert replica["KeyState"] == "Enabled" and replica["Enabled"] is True
    assert replica["CurrentKeyMaterialId"] == primary["CurrentKeyMaterialId"]
    assert eu.encrypt(KeyId=replicated, Plaintext=b"x")["KeyId"] == _arn("eu-west-1", replicated)


def test_every_copy_describes_the_whole_set(kms: Any, eu: Any, replicated: str) -> None:
    kms.replicate_key(KeyId=replicated, ReplicaRegion="ap-southeast-1")
    primary_entry = {"Arn": _arn("us-east-1", replicated), "Region": "us-east-1"}
    replicas = [
        {"Arn": _arn(region, replicated), "Region": region}
        for region in ("eu-west-1", "ap-southeast-1")
    ]
    for client, kind in ((kms, "PRIMARY"), (eu, "REPLICA")):
        config = client.describe_key(KeyId=replicated)["KeyMetadata"]["MultiRegionConfiguration"]
        assert config == {
            "MultiRegionKeyType": kind,
            "PrimaryKey": primary_entry,
            "ReplicaKeys": replicas,
        }


def test_a_replica_in_another_partition_uses_its_partition(kms_fake: KmsFake) -> None:
    gov = boto3.client("kms", region_name="us-gov-west-1")
    key_id = gov.create_key(MultiRegion=True)["KeyMetadata"]["KeyId"]
    meta = gov.replicate_key(KeyId=key_id, ReplicaRegion="us-gov-east-1")["ReplicaKeyMetadata"]
    assert meta["Arn"] == _arn("us-gov-east-1", key_id, "aws-us-gov")


# --- shared material ---------------------------------------------------------------------------


def test_encrypted_here_decrypts_there_and_back(kms: Any, eu: Any, replicated: str) -> None:
    context = {"purpose": "test"}
    blob = kms.encrypt(KeyId=replicated, Plaintext=b"secret", EncryptionContext=context)
    opened = eu.decrypt(CiphertextBlob=blob["CiphertextBlob"], EncryptionContext=context)
    assert opened["Plaintext"] == b"secret"
    assert opened["KeyId"] == _arn("eu-west-1", replicated)  # the copy that decrypted
    data_key = eu.generate_data_key(KeyId=replicated, KeySpec="AES_256")
    back = kms.decrypt(CiphertextBlob=data_key["CiphertextBlob"])
    assert back["Plaintext"] == data_key["Plaintext"]


def test_a_single_region_key_does_not_decrypt_in_another_region(kms: Any, eu: Any) -> None:
    key_id = kms.create_key()["KeyMetadata"]["KeyId"]
    blob = kms.encrypt(KeyId=key_id, Plaintext=b"x")["CiphertextBlob"]
    assert modeled_error(lambda: eu.decrypt(CiphertextBlob=blob))["Code"] == "AccessDeniedException"


@pytest.mark.parametrize(
    ("spec", "usage", "algorithm"),
    [
        ("RSA_2048", "SIGN_VERIFY", "RSASSA_PSS_SHA_256"),
        ("ECC_NIST_P256", "SIGN_VERIFY", "ECDSA_SHA_256"),
    ],
)
def test_signed_here_verifies_there(
    kms: Any, eu: Any, spec: str, usage: str, algorithm: str
) -> None:
    key_id = kms.create_key(MultiRegion=True, KeySpec=spec, KeyUsage=usage)["KeyMetadata"]["KeyId"]
    kms.replicate_key(KeyId=key_id, ReplicaRegion="eu-west-1")
    signature = kms.sign(KeyId=key_id, Message=b"m", SigningAlgorithm=algorithm)["Signature"]
    verified = eu.verify(
        KeyId=key_id, Message=b"m", Signature=signature, SigningAlgorithm=algorithm
    )
    assert verified["SignatureValid"] is True
    assert (
        eu.get_public_key(KeyId=key_id)["PublicKey"]
        == kms.get_public_key(KeyId=key_id)["PublicKey"]
    )


def test_a_mac_made_here_verifies_there(kms: Any, eu: Any) -> None:
    key_id = kms.create_key(MultiRegion=True, KeySpec="HMAC_256", KeyUsage="GENERATE_VERIFY_MAC")[
        "KeyMetadata"
    ]["KeyId"]
    kms.replicate_key(KeyId=key_id, ReplicaRegion="eu-west-1")
    mac = kms.generate_mac(KeyId=key_id, Message=b"m", MacAlgorithm="HMAC_SHA_256")["Mac"]
    result = eu.verify_mac(KeyId=key_id, Message=b"m", Mac=mac, MacAlgorithm="HMAC_SHA_256")
    assert result["MacValid"] is True


def test_rsa_encrypted_there_decrypts_here(kms: Any, eu: Any) -> None:
    key_id = kms.create_key(MultiRegion=True, KeySpec="RSA_2048", KeyUsage="ENCRYPT_DECRYPT")[
        "KeyMetadata"
    ]["KeyId"]
    kms.replicate_key(KeyId=key_id, ReplicaRegion="eu-west-1")
    algorithm = "RSAES_OAEP_SHA_256"
    blob = eu.encrypt(KeyId=key_id, Plaintext=b"x", EncryptionAlgorithm=algorithm)
    opened = kms.decrypt(
        KeyId=key_id, CiphertextBlob=blob["CiphertextBlob"], EncryptionAlgorithm=algorithm
    )
    assert opened["Plaintext"] == b"x"


# --- the replica's own properties --------------------------------------------------------------


def test_the_replica_has_its_own_description_tags_policy_and_state(
    kms: Any, eu: Any, mrk: str
) -> None:
    policy = json.dumps({"Version": "2012-10-17", "Statement": []})
    tags = [{"TagKey": "team", "TagValue": "eu"}]
    response = kms.replicate_key(
        KeyId=mrk,
        ReplicaRegion="eu-west-1",
        Description="eu copy",
        Policy=policy,
        Tags=tags,
        BypassPolicyLockoutSafetyCheck=True,  # a policy that grants nothing
    )
    assert response["ReplicaTags"] == tags
    assert json.loads(response["ReplicaPolicy"]) == json.loads(policy)
    assert response["ReplicaKeyMetadata"]["Description"] == "eu copy"
    assert json.loads(eu.get_key_policy(KeyId=mrk)["Policy"]) == json.loads(policy)
    assert eu.list_resource_tags(KeyId=mrk)["Tags"] == tags
    assert kms.list_resource_tags(KeyId=mrk)["Tags"] == []
    assert kms.describe_key(KeyId=mrk)["KeyMetadata"]["Description"] == "primary"

    eu.disable_key(KeyId=mrk)
    assert kms.describe_key(KeyId=mrk)["KeyMetadata"]["KeyState"] == "Enabled"
    error = modeled_error(lambda: eu.encrypt(KeyId=mrk, Plaintext=b"x"))
    assert error == {
        "Code": "DisabledException",
        "Message": f"{_arn('eu-west-1', mrk)} is disabled.",
    }


def test_replicate_checks_tags_and_policy(kms: Any, eu: Any, mrk: str) -> None:
    bad_tags = [{"TagKey": "aws:x", "TagValue": "y"}]
    error = modeled_error(
        lambda: kms.replicate_key(KeyId=mrk, ReplicaRegion="eu-west-1", Tags=bad_tags)
    )
    assert error == {"Code": "TagException", "Message": "Tags beginning with aws: are reserved"}
    error = modeled_error(
        lambda: kms.replicate_key(KeyId=mrk, ReplicaRegion="eu-west-1", Policy="{")
    )
    assert error["Code"] == "MalformedPolicyDocumentException"
    assert modeled_error(lambda: eu.describe_key(KeyId=mrk))["Code"] == "NotFoundException"


# --- ReplicateKey errors -----------------------------------------------------------------------


def test_a_replica_cannot_be_replicated(eu: Any, replicated: str) -> None:
    error = modeled_error(lambda: eu.replicate_key(KeyId=replicated, ReplicaRegion="us-west-2"))
    assert error == {  # [LS:2025-09-08]
        "Code": "UnsupportedOperationException",
        "Message": f"{_arn('eu-west-1', replicated)} is not a multi-region primary key.",
    }


def test_a_single_region_key_cannot_be_replicated(kms: Any, key_id: str) -> None:
    error = modeled_error(lambda: kms.replicate_key(KeyId=key_id, ReplicaRegion="eu-west-1"))
    assert error == {  # INFERRED: the recorded text for a replica
        "Code": "UnsupportedOperationException",
        "Message": f"{_arn('us-east-1', key_id)} is not a multi-region primary key.",
    }


def test_one_replica_per_region(kms: Any, eu: Any, replicated: str) -> None:
    error = modeled_error(lambda: kms.replicate_key(KeyId=replicated, ReplicaRegion="eu-west-1"))
    assert error == {  # [ISS:pulumi/pulumi-aws-native#184,2021; aws/aws-cdk#21203,2022]
        "Code": "AlreadyExistsException",
        "Message": "You can create only one replica of each primary key in each AWS Region.",
    }
    eu.schedule_key_deletion(KeyId=replicated, PendingWindowInDays=7)  # pending deletion too
    error = modeled_error(lambda: kms.replicate_key(KeyId=replicated, ReplicaRegion="eu-west-1"))
    assert error["Code"] == "AlreadyExistsException"


@pytest.mark.parametrize(
    ("region", "code", "message"),
    [
        (
            "us-east-1",
            "ValidationException",
            "ReplicaRegion us-east-1 is the Region of the primary key. A replica must be in a "
            "different Region.",
        ),
        (
            "cn-north-1",
            "UnsupportedOperationException",
            "ReplicaRegion cn-north-1 is not in the aws partition of the primary key.",
        ),
        (
            "zz-nowhere-9",
            "ValidationException",
            "ReplicaRegion zz-nowhere-9 is not a valid Region.",
        ),
    ],
)
def test_replica_region_rules(kms: Any, mrk: str, region: str, code: str, message: str) -> None:
    error = modeled_error(
        lambda: kms.replicate_key(KeyId=mrk, ReplicaRegion=region)
    )  # INFERRED texts
    assert error == {"Code": code, "Message": message}


def test_replicate_follows_the_key_state_table(kms: Any, kms_fake: KmsFake, mrk: str) -> None:
    kms.disable_key(KeyId=mrk)
    error = modeled_error(lambda: kms.replicate_key(KeyId=mrk, ReplicaRegion="eu-west-1"))
    assert error == {
        "Code": "DisabledException",
        "Message": f"{_arn('us-east-1', mrk)} is disabled.",
    }
    kms_fake.set_key_state(mrk, "Updating")  # ReplicateKey refuses Updating [DG23]
    error = modeled_error(lambda: kms.replicate_key(KeyId=mrk, ReplicaRegion="eu-west-1"))
    assert error == {
        "Code": "KMSInvalidStateException",
        "Message": f"{_arn('us-east-1', mrk)} is updating.",
    }


def test_replica_region_must_be_well_formed(kms: Any, mrk: str) -> None:
    error = modeled_error(lambda: kms.replicate_key(KeyId=mrk, ReplicaRegion="EU"))
    assert error["Code"] == "ValidationException"
    assert error["Message"] == (
        "1 validation error detected: Value 'EU' at 'replicaRegion' failed to satisfy "
        "constraint: Member must satisfy regular expression pattern: ^([a-z]+-){2,3}\\d+$"
    )


# --- imported material -------------------------------------------------------------------------


def _import(kms: Any, key_id: str, material: bytes) -> None:
    parameters = kms.get_parameters_for_import(
        KeyId=key_id, WrappingAlgorithm="RSAES_OAEP_SHA_256", WrappingKeySpec="RSA_2048"
    )
    public = serialization.load_der_public_key(parameters["PublicKey"])
    oaep = padding.OAEP(mgf=padding.MGF1(hashes.SHA256()), algorithm=hashes.SHA256(), label=None)
    kms.import_key_material(
        KeyId=key_id,
        ImportToken=parameters["ImportToken"],
        EncryptedKeyMaterial=public.encrypt(material, oaep),  # type: ignore[union-attr]
        ExpirationModel="KEY_MATERIAL_DOES_NOT_EXPIRE",
    )


def test_a_replica_of_imported_material_imports_it_again(kms: Any, eu: Any) -> None:
    key_id = kms.create_key(MultiRegion=True, Origin="EXTERNAL")["KeyMetadata"]["KeyId"]
    material = os.urandom(32)
    _import(kms, key_id, material)
    kms.replicate_key(KeyId=key_id, ReplicaRegion="eu-west-1")
    replica = eu.describe_key(KeyId=key_id)["KeyMetadata"]
    assert (replica["KeyState"], replica["Origin"]) == ("PendingImport", "EXTERNAL")  # [MD]
    blob = kms.encrypt(KeyId=key_id, Plaintext=b"x")["CiphertextBlob"]
    _import(eu, key_id, material)
    assert eu.decrypt(CiphertextBlob=blob)["Plaintext"] == b"x"


# --- UpdatePrimaryRegion -----------------------------------------------------------------------


def test_the_primary_moves(kms: Any, eu: Any, replicated: str) -> None:
    assert kms.update_primary_region(KeyId=replicated, PrimaryRegion="eu-west-1")[
        "ResponseMetadata"
    ]
    for client in (kms, eu):
        config = client.describe_key(KeyId=replicated)["KeyMetadata"]["MultiRegionConfiguration"]
        assert config["PrimaryKey"] == {"Arn": _arn("eu-west-1", replicated), "Region": "eu-west-1"}
        assert config["ReplicaKeys"] == [
            {"Arn": _arn("us-east-1", replicated), "Region": "us-east-1"}
        ]
    assert kms.describe_key(KeyId=replicated)["KeyMetadata"]["KeyState"] == "Enabled"
    # Only the new primary replicates, and the old one is refused like any replica.
    eu.replicate_key(KeyId=replicated, ReplicaRegion="us-west-2")
    error = modeled_error(lambda: kms.replicate_key(KeyId=replicated, ReplicaRegion="ap-south-1"))
    assert error["Message"] == f"{_arn('us-east-1', replicated)} is not a multi-region primary key."
    error = modeled_error(
        lambda: kms.update_primary_region(KeyId=replicated, PrimaryRegion="us-west-2")
    )
    assert error["Code"] == "UnsupportedOperationException"
    blob = kms.encrypt(KeyId=replicated, Plaintext=b"x")["CiphertextBlob"]
    assert eu.decrypt(CiphertextBlob=blob)["Plaintext"] == b"x"


def test_update_primary_region_errors(kms: Any, replicated: str) -> None:
    error = modeled_error(
        lambda: kms.update_primary_region(KeyId=replicated, PrimaryRegion="us-west-2")
    )
    assert error == {  # INFERRED: AWS's usual text for a missing key
        "Code": "NotFoundException",
        "Message": f"Key '{_arn('us-west-2', replicated)}' does not exist",
    }
    error = modeled_error(
        lambda: kms.update_primary_region(KeyId=replicated, PrimaryRegion="us-east-1")
    )
    assert error == {  # INFERRED
        "Code": "ValidationException",
        "Message": "PrimaryRegion us-east-1 is already the Region of the primary key.",
    }


def test_update_primary_region_of_a_primary_without_replicas(kms: Any, mrk: str) -> None:
    error = modeled_error(lambda: kms.update_primary_region(KeyId=mrk, PrimaryRegion="eu-west-1"))
    assert error == {  # INFERRED
        "Code": "NotFoundException",
        "Message": f"Key '{_arn('eu-west-1', mrk)}' does not exist",
    }
    meta = kms.describe_key(KeyId=mrk)["KeyMetadata"]["MultiRegionConfiguration"]
    assert meta["MultiRegionKeyType"] == "PRIMARY" and meta["ReplicaKeys"] == []


def test_update_primary_region_of_a_single_region_key(kms: Any, key_id: str) -> None:
    error = modeled_error(
        lambda: kms.update_primary_region(KeyId=key_id, PrimaryRegion="eu-west-1")
    )
    assert error == {
        "Code": "UnsupportedOperationException",
        "Message": f"{_arn('us-east-1', key_id)} is not a multi-region primary key.",
    }


# --- transient states with multi_region_delay --------------------------------------------------


@pytest.mark.kms_fake(multi_region_delay=30)
def test_a_replica_can_stay_creating(clock: Any, kms: Any, eu: Any, mrk: str) -> None:
    kms.replicate_key(KeyId=mrk, ReplicaRegion="eu-west-1")
    assert eu.describe_key(KeyId=mrk)["KeyMetadata"]["KeyState"] == "Creating"
    error = modeled_error(lambda: eu.encrypt(KeyId=mrk, Plaintext=b"x"))
    assert error == {
        "Code": "KMSInvalidStateException",
        "Message": f"{_arn('eu-west-1', mrk)} is creating.",
    }
    eu.update_key_description(KeyId=mrk, Description="managed while creating")
    clock.tick(datetime.timedelta(seconds=30))
    assert eu.describe_key(KeyId=mrk)["KeyMetadata"]["KeyState"] == "Enabled"


@pytest.mark.kms_fake(multi_region_delay=5)
def test_update_primary_region_can_leave_both_keys_updating(
    clock: Any, kms: Any, eu: Any, mrk: str
) -> None:
    kms.replicate_key(KeyId=mrk, ReplicaRegion="eu-west-1")
    clock.tick(datetime.timedelta(seconds=5))
    eu.disable_key(KeyId=mrk)
    eu.enable_key(KeyId=mrk)
    kms.update_primary_region(KeyId=mrk, PrimaryRegion="eu-west-1")
    for client, region in ((kms, "us-east-1"), (eu, "eu-west-1")):
        assert client.describe_key(KeyId=mrk)["KeyMetadata"]["KeyState"] == "Updating"
        assert client.encrypt(KeyId=mrk, Plaintext=b"x")["KeyId"] == _arn(region, mrk)
        error = modeled_error(lambda c=client: c.disable_key(KeyId=mrk))
        assert error["Message"] == f"{_arn(region, mrk)} is updating."
    clock.tick(datetime.timedelta(seconds=5))
    assert kms.describe_key(KeyId=mrk)["KeyMetadata"]["KeyState"] == "Enabled"
    assert eu.describe_key(KeyId=mrk)["KeyMetadata"]["KeyState"] == "Enabled"


# --- deletion ----------------------------------------------------------------------------------


def test_a_primary_with_replicas_waits_for_them(
    clock: Any, kms: Any, eu: Any, replicated: str
) -> None:
    response = kms.schedule_key_deletion(KeyId=replicated, PendingWindowInDays=7)
    assert response["KeyState"] == "PendingReplicaDeletion" and response["PendingWindowInDays"] == 7
    assert "DeletionDate" not in response  # [MD]
    meta = kms.describe_key(KeyId=replicated)["KeyMetadata"]
    assert meta["PendingDeletionWindowInDays"] == 7 and "DeletionDate" not in meta
    assert meta["Enabled"] is False
    error = modeled_error(lambda: kms.encrypt(KeyId=replicated, Plaintext=b"x"))
    assert error == {  # INFERRED state words
        "Code": "KMSInvalidStateException",
        "Message": f"{_arn('us-east-1', replicated)} is pending replica deletion.",
    }
    error = modeled_error(lambda: kms.replicate_key(KeyId=replicated, ReplicaRegion="us-west-2"))
    assert error["Code"] == "KMSInvalidStateException"

    clock.tick(60 * DAY)  # nothing happens while the replica stays
    assert kms.describe_key(KeyId=replicated)["KeyMetadata"]["KeyState"] == "PendingReplicaDeletion"
    eu.schedule_key_deletion(KeyId=replicated, PendingWindowInDays=10)
    replica_gone = START + 70 * DAY
    clock.tick(10 * DAY)  # only the primary's Region is called from here on
    meta = kms.describe_key(KeyId=replicated)["KeyMetadata"]
    assert meta["KeyState"] == "PendingDeletion" and "PendingDeletionWindowInDays" not in meta
    assert meta["DeletionDate"] == replica_gone + 7 * DAY  # the wait starts then [MD]
    assert meta["MultiRegionConfiguration"]["ReplicaKeys"] == []
    clock.tick(7 * DAY)
    assert modeled_error(lambda: kms.describe_key(KeyId=replicated))["Code"] == "NotFoundException"


def test_cancel_deletion_of_a_primary_waiting_for_replicas(kms: Any, replicated: str) -> None:
    kms.schedule_key_deletion(KeyId=replicated)
    assert kms.cancel_key_deletion(KeyId=replicated)["KeyId"] == _arn("us-east-1", replicated)
    meta = kms.describe_key(KeyId=replicated)["KeyMetadata"]
    assert meta["KeyState"] == "Disabled" and "PendingDeletionWindowInDays" not in meta


def test_a_primary_without_replicas_is_deleted_as_usual(kms: Any, mrk: str) -> None:
    response = kms.schedule_key_deletion(KeyId=mrk, PendingWindowInDays=7)
    assert response["KeyState"] == "PendingDeletion" and "DeletionDate" in response


# --- rotation ----------------------------------------------------------------------------------


def test_rotating_the_primary_rotates_every_copy(kms: Any, eu: Any, replicated: str) -> None:
    before = eu.describe_key(KeyId=replicated)["KeyMetadata"]["CurrentKeyMaterialId"]
    kms.rotate_key_on_demand(KeyId=replicated)
    after = eu.describe_key(KeyId=replicated)["KeyMetadata"]["CurrentKeyMaterialId"]
    assert after != before
    assert after == kms.describe_key(KeyId=replicated)["KeyMetadata"]["CurrentKeyMaterialId"]
    blob = eu.encrypt(KeyId=replicated, Plaintext=b"x")["CiphertextBlob"]
    assert kms.decrypt(CiphertextBlob=blob)["KeyMaterialId"] == after


def _snake(operation: str) -> str:
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in operation).lstrip("_")


@pytest.mark.parametrize("operation", sorted(documented.REPLICA_REFUSED))
def test_rotation_is_set_on_the_primary_only(eu: Any, replicated: str, operation: str) -> None:
    error = modeled_error(lambda: getattr(eu, _snake(operation))(KeyId=replicated))
    assert error == {  # INFERRED: the recorded ReplicateKey text
        "Code": "UnsupportedOperationException",
        "Message": f"{_arn('eu-west-1', replicated)} is not a multi-region primary key.",
    }


def test_automatic_rotation_of_the_primary_reaches_the_replicas(
    clock: Any, kms: Any, eu: Any, replicated: str
) -> None:
    kms.enable_key_rotation(KeyId=replicated, RotationPeriodInDays=90)
    status = eu.get_key_rotation_status(KeyId=replicated)
    assert status["KeyRotationEnabled"] is True and status["RotationPeriodInDays"] == 90
    first = eu.describe_key(KeyId=replicated)["KeyMetadata"]["CurrentKeyMaterialId"]
    clock.tick(90 * DAY)  # only the replica's Region is called
    rotations = eu.list_key_rotations(KeyId=replicated)["Rotations"]
    assert [r["RotationType"] for r in rotations] == ["AUTOMATIC"]
    assert eu.describe_key(KeyId=replicated)["KeyMetadata"]["CurrentKeyMaterialId"] != first


def test_the_new_primary_carries_the_rotation(
    clock: Any, kms: Any, eu: Any, replicated: str
) -> None:
    kms.enable_key_rotation(KeyId=replicated, RotationPeriodInDays=90)
    kms.update_primary_region(KeyId=replicated, PrimaryRegion="eu-west-1")
    assert kms.get_key_rotation_status(KeyId=replicated)["KeyRotationEnabled"] is True
    eu.disable_key_rotation(KeyId=replicated)
    assert kms.get_key_rotation_status(KeyId=replicated)["KeyRotationEnabled"] is False
    clock.tick(90 * DAY)
    assert kms.list_key_rotations(KeyId=replicated)["Rotations"] == []
