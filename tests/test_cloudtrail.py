"""The call log as CloudTrail events: each operation's event against AWS's documented example,
service events as the clock passes, and no secret in any event."""

from __future__ import annotations

import base64
import datetime
import json
import os
from collections.abc import Iterator
from typing import Any, Callable

import boto3
import documented_cloudtrail as documented
import pytest
from freezegun import freeze_time
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pytest_kmsfake import KmsFake

START = datetime.datetime(2031, 3, 1, 12, 0, 5, tzinfo=datetime.timezone.utc)
ALICE = documented.ALICE
CONTEXT = {"Department": "Engineering"}
# The example's cluster ID (cluster-1a23b4cdefg) breaks the model's pattern,
# cluster-[2-7a-zA-Z]{11,16}.
CLUSTER = "cluster-abcdefghijk"
FIXED = ("eventVersion", "eventSource", "eventName", "eventType", "readOnly", "eventCategory")


@pytest.fixture
def clock() -> Iterator[Any]:
    with freeze_time(START) as frozen:
        yield frozen


@pytest.fixture
def alice(kms_fake: KmsFake) -> Any:
    """A client in us-west-2 whose calls Alice makes, with the documented access key."""
    kms_fake.set_caller(ALICE)
    return boto3.client(
        "kms",
        region_name="us-west-2",
        aws_access_key_id="EXAMPLE_KEY_ID",
        aws_secret_access_key="secret",
    )


def _key(kms: Any, **params: Any) -> str:
    return str(kms.create_key(**params)["KeyMetadata"]["Arn"])


def _same_structure(event: Any, example: Any, path: str = "") -> None:
    """Field names, nesting, null and absent as in the example; values of the same type."""
    if example is None:
        assert event is None, f"{path}: {event!r} where AWS writes null"
        return
    if isinstance(example, dict):
        assert isinstance(event, dict), f"{path}: {event!r} where AWS writes an object"
        wanted = set(example) - documented.LEFT_OUT
        newer = documented.ADDED_SINCE - set(example)
        assert set(event) - newer == wanted, f"{path}: {sorted(event)} != {sorted(wanted)}"
        for name in wanted:
            _same_structure(event[name], example[name], f"{path}.{name}")
        return
    if isinstance(example, list):
        assert isinstance(event, list) and len(event) == len(example), f"{path}: {event!r}"
        for index, (item, expected) in enumerate(zip(event, example)):
            _same_structure(item, expected, f"{path}[{index}]")
        return
    assert type(event) is type(example), f"{path}: {event!r} is not like {example!r}"


def _scenarios() -> dict[str, Callable[[Any], Any]]:
    """Per operation, the call of AWS's example, with the parameters it logs."""

    def encrypt(kms: Any) -> None:
        kms.encrypt(
            KeyId=_key(kms),
            Plaintext=b"secret",
            EncryptionContext=CONTEXT,
            EncryptionAlgorithm="SYMMETRIC_DEFAULT",
        )

    def decrypt(kms: Any) -> None:
        key = _key(kms)
        context = {"Department": "Engineering", "Project": "Alpha"}
        blob = kms.encrypt(KeyId=key, Plaintext=b"secret", EncryptionContext=context)
        kms.decrypt(
            CiphertextBlob=blob["CiphertextBlob"],
            KeyId=key,
            EncryptionContext=context,
        )

    def re_encrypt(kms: Any) -> None:
        source, destination = _key(kms), _key(kms)
        context = {"Project": "Alpha", "Department": "Engineering"}
        blob = kms.encrypt(KeyId=source, Plaintext=b"secret", EncryptionContext=context)
        kms.re_encrypt(
            CiphertextBlob=blob["CiphertextBlob"],
            SourceEncryptionAlgorithm="SYMMETRIC_DEFAULT",
            SourceEncryptionContext=context,
            DestinationKeyId=destination.rsplit("/", 1)[-1],
            DestinationEncryptionAlgorithm="SYMMETRIC_DEFAULT",
            DestinationEncryptionContext={"Level": "3A"},
        )

    def data_key(kms: Any) -> None:
        kms.generate_data_key(
            KeyId=_key(kms).rsplit("/", 1)[-1],
            KeySpec="AES_256",
            EncryptionContext={"Department": "Engineering", "Project": "Alpha"},
        )

    def data_key_without_plaintext(kms: Any) -> None:
        kms.generate_data_key_without_plaintext(
            KeyId=_key(kms).rsplit("/", 1)[-1],
            KeySpec="AES_256",
            EncryptionContext={"Project": "Alpha"},
        )

    def signing_key(kms: Any) -> str:
        return _key(kms, KeySpec="RSA_2048", KeyUsage="SIGN_VERIFY").rsplit("/", 1)[-1]

    def sign(kms: Any) -> None:
        kms.sign(
            MessageType="RAW",
            KeyId=signing_key(kms),
            SigningAlgorithm="RSASSA_PKCS1_V1_5_SHA_256",
            Message=b"document",
        )

    def verify(kms: Any) -> None:
        key = signing_key(kms)
        algorithm = "RSASSA_PKCS1_V1_5_SHA_256"
        signature = kms.sign(KeyId=key, Message=b"doc", SigningAlgorithm=algorithm)["Signature"]
        kms.verify(
            SigningAlgorithm=algorithm,
            KeyId=key,
            MessageType="RAW",
            Message=b"doc",
            Signature=signature,
        )

    def create_key(kms: Any) -> None:
        kms.create_key(
            Description="",
            Origin="EXTERNAL",
            BypassPolicyLockoutSafetyCheck=False,
            KeySpec="SYMMETRIC_DEFAULT",
            KeyUsage="ENCRYPT_DECRYPT",
        )

    def schedule_key_deletion(kms: Any) -> None:
        key = _key(kms).rsplit("/", 1)[-1]
        kms.schedule_key_deletion(PendingWindowInDays=20, KeyId=key)

    def enable_key(kms: Any) -> None:
        kms.enable_key(KeyId=_key(kms).rsplit("/", 1)[-1])

    def disable_key(kms: Any) -> None:
        kms.disable_key(KeyId=_key(kms).rsplit("/", 1)[-1])

    def update_alias(kms: Any) -> None:
        kms.create_alias(AliasName="alias/my_alias", TargetKeyId=_key(kms))
        target = _key(kms).rsplit("/", 1)[-1]
        kms.update_alias(AliasName="alias/my_alias", TargetKeyId=target)

    def untag_resource(kms: Any) -> None:
        key = _key(kms, Tags=[{"TagKey": "Dept", "TagValue": "IT"}])
        kms.untag_resource(KeyId=key, TagKeys=["Dept"])

    def key_id(kms: Any, **params: Any) -> str:
        return _key(kms, **params).rsplit("/", 1)[-1]

    def cancel_key_deletion(kms: Any) -> None:
        key = key_id(kms)
        kms.schedule_key_deletion(KeyId=key)
        kms.cancel_key_deletion(KeyId=key)

    def create_alias(kms: Any) -> None:
        kms.create_alias(AliasName="alias/ExampleAlias", TargetKeyId=key_id(kms))

    def grant(kms: Any, key: str) -> dict[str, Any]:
        return dict(
            kms.create_grant(
                KeyId=key,
                Constraints={"EncryptionContextSubset": {"ContextKey1": "Value1"}},
                Operations=["Encrypt", "RetireGrant"],
                GranteePrincipal=ALICE,
            )
        )

    def create_grant(kms: Any) -> None:
        grant(kms, _key(kms))

    def delete_alias(kms: Any) -> None:
        kms.create_alias(AliasName="alias/my_alias", TargetKeyId=_key(kms))
        kms.delete_alias(AliasName="alias/my_alias")

    def enable_key_rotation(kms: Any) -> None:
        kms.enable_key_rotation(KeyId=key_id(kms), RotationPeriodInDays=180)

    def disable_key_rotation(kms: Any) -> None:
        key = _key(kms)
        kms.enable_key_rotation(KeyId=key)
        kms.disable_key_rotation(KeyId=key)

    def data_key_pair(kms: Any) -> None:
        kms.generate_data_key_pair(
            KeyPairSpec="RSA_3072", EncryptionContext={"Project": "Alpha"}, KeyId=key_id(kms)
        )

    def data_key_pair_without_plaintext(kms: Any) -> None:
        kms.generate_data_key_pair_without_plaintext(
            KeyPairSpec="RSA_4096", EncryptionContext={"Index": "5"}, KeyId=key_id(kms)
        )

    def mac_key(kms: Any, spec: str) -> str:
        return key_id(kms, KeySpec=spec, KeyUsage="GENERATE_VERIFY_MAC")

    def generate_mac(kms: Any) -> None:
        kms.generate_mac(
            Message=b"message", KeyId=mac_key(kms, "HMAC_512"), MacAlgorithm="HMAC_SHA_512"
        )

    def verify_mac(kms: Any) -> None:
        key = _key(kms, KeySpec="HMAC_384", KeyUsage="GENERATE_VERIFY_MAC")
        mac = kms.generate_mac(Message=b"message", KeyId=key, MacAlgorithm="HMAC_SHA_384")["Mac"]
        kms.verify_mac(Message=b"message", KeyId=key, MacAlgorithm="HMAC_SHA_384", Mac=mac)

    def generate_random(kms: Any) -> None:
        kms.generate_random(NumberOfBytes=32)

    def get_key_policy(kms: Any) -> None:
        kms.get_key_policy(KeyId=key_id(kms), PolicyName="default")

    def external_key(kms: Any) -> str:
        return key_id(kms, Origin="EXTERNAL")

    def get_parameters_for_import(kms: Any) -> None:
        kms.get_parameters_for_import(
            KeyId=external_key(kms),
            WrappingAlgorithm="RSAES_OAEP_SHA_256",
            WrappingKeySpec="RSA_2048",
        )

    def import_key_material(kms: Any) -> None:
        from test_rotation_import import _import

        _import(
            kms,
            external_key(kms),
            bytes(32),
            ValidTo=datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=1),
            ExpirationModel="KEY_MATERIAL_EXPIRES",
            ImportType="NEW_KEY_MATERIAL",
            KeyMaterialDescription="ExampleKeyMaterialA",
        )

    def delete_imported_key_material(kms: Any) -> None:
        from test_rotation_import import _import

        key = external_key(kms)
        material = _import(kms, key, bytes(32), ExpirationModel="KEY_MATERIAL_DOES_NOT_EXPIRE")
        kms.delete_imported_key_material(KeyId=key, KeyMaterialId=material["KeyMaterialId"])

    def list_aliases(kms: Any) -> None:
        for name in ("alias/a", "alias/b"):
            kms.create_alias(AliasName=name, TargetKeyId=_key(kms))
        marker = kms.list_aliases(Limit=1)["NextMarker"]
        kms.list_aliases(Limit=5, Marker=marker)

    def list_grants(kms: Any) -> None:
        key = key_id(kms)
        grant(kms, key)
        grant(kms, key)
        marker = kms.list_grants(KeyId=key, Limit=1)["NextMarker"]
        kms.list_grants(KeyId=key, Marker=marker, Limit=10)

    def put_key_policy(kms: Any) -> None:
        policy = {
            "Version": "2012-10-17",
            "Statement": [
                {"Effect": "Allow", "Principal": {"AWS": ALICE}, "Action": "kms:*", "Resource": "*"}
            ],
        }
        kms.put_key_policy(
            KeyId=key_id(kms),
            PolicyName="default",
            Policy=json.dumps(policy),
            BypassPolicyLockoutSafetyCheck=False,
        )

    def retire_grant(kms: Any) -> None:
        kms.retire_grant(GrantToken=grant(kms, _key(kms))["GrantToken"])

    def revoke_grant(kms: Any) -> None:
        key = key_id(kms)
        kms.revoke_grant(KeyId=key, GrantId=grant(kms, key)["GrantId"])

    def rotate_key_on_demand(kms: Any) -> None:
        kms.rotate_key_on_demand(KeyId=key_id(kms))

    def tag_resource(kms: Any) -> None:
        kms.tag_resource(KeyId=_key(kms), Tags=[{"TagKey": "Department", "TagValue": "IT"}])

    def update_key_description(kms: Any) -> None:
        kms.update_key_description(KeyId=key_id(kms), Description="New key description")

    def update_primary_region(kms: Any) -> None:
        key = key_id(kms, MultiRegion=True)
        kms.replicate_key(KeyId=key, ReplicaRegion="ap-northeast-1")
        kms.update_primary_region(KeyId=key, PrimaryRegion="ap-northeast-1")

    def describe_key(kms: Any) -> None:
        kms.describe_key(KeyId=key_id(kms))

    def get_key_rotation_status(kms: Any) -> None:
        kms.get_key_rotation_status(KeyId=key_id(kms))

    def list_key_rotations(kms: Any) -> None:
        key = key_id(kms)
        kms.rotate_key_on_demand(KeyId=key)
        kms.list_key_rotations(KeyId=key, IncludeKeyMaterial="ALL_KEY_MATERIAL")

    def get_key_last_usage(kms: Any) -> None:
        kms.get_key_last_usage(KeyId=key_id(kms))

    def kem_key(kms: Any) -> str:
        return key_id(kms, KeySpec="ML_KEM_768", KeyUsage="ENCAPSULATE_DECAPSULATE")

    def encapsulate(kms: Any) -> None:
        kms.encapsulate(KeyId=kem_key(kms), EncapsulationAlgorithm="ML_KEM")

    def decapsulate(kms: Any) -> None:
        key = kem_key(kms)
        blob = kms.encapsulate(KeyId=key, EncapsulationAlgorithm="ML_KEM")
        kms.decapsulate(
            KeyId=key,
            EncapsulationAlgorithm="ML_KEM",
            SharedSecretCiphertextBlob=blob["SharedSecretCiphertextBlob"],
        )

    def store(kms: Any) -> str:
        return str(
            kms.create_custom_key_store(
                CustomKeyStoreName="ExampleKeyStore",
                CloudHsmClusterId=CLUSTER,
                TrustAnchorCertificate="<certificate>",
                KeyStorePassword="kmsPswd",
            )["CustomKeyStoreId"]
        )

    def connect_store(kms: Any) -> None:
        kms.connect_custom_key_store(CustomKeyStoreId=store(kms))

    def disconnect_store(kms: Any) -> None:
        store_id = store(kms)
        kms.connect_custom_key_store(CustomKeyStoreId=store_id)
        kms.disconnect_custom_key_store(CustomKeyStoreId=store_id)

    def delete_store(kms: Any) -> None:
        kms.delete_custom_key_store(CustomKeyStoreId=store(kms))

    def describe_stores(kms: Any) -> None:
        kms.describe_custom_key_stores(CustomKeyStoreId=store(kms))

    def update_store(kms: Any) -> None:
        kms.update_custom_key_store(CustomKeyStoreId=store(kms), CloudHsmClusterId=CLUSTER)

    return {
        "ConnectCustomKeyStore": connect_store,
        "CreateCustomKeyStore": store,
        "DeleteCustomKeyStore": delete_store,
        "DescribeCustomKeyStores": describe_stores,
        "DisconnectCustomKeyStore": disconnect_store,
        "UpdateCustomKeyStore": update_store,
        "GetKeyRotationStatus": get_key_rotation_status,
        "ListKeyRotations": list_key_rotations,
        "GetKeyLastUsage": get_key_last_usage,
        "Encapsulate": encapsulate,
        "Decapsulate": decapsulate,
        "CancelKeyDeletion": cancel_key_deletion,
        "CreateAlias": create_alias,
        "CreateGrant": create_grant,
        "DeleteAlias": delete_alias,
        "DeleteImportedKeyMaterial": delete_imported_key_material,
        "DescribeKey": describe_key,
        "DisableKeyRotation": disable_key_rotation,
        "EnableKeyRotation": enable_key_rotation,
        "GenerateDataKeyPair": data_key_pair,
        "GenerateDataKeyPairWithoutPlaintext": data_key_pair_without_plaintext,
        "GenerateMac": generate_mac,
        "VerifyMac": verify_mac,
        "GenerateRandom": generate_random,
        "GetKeyPolicy": get_key_policy,
        "GetParametersForImport": get_parameters_for_import,
        "ImportKeyMaterial": import_key_material,
        "ListAliases": list_aliases,
        "ListGrants": list_grants,
        "PutKeyPolicy": put_key_policy,
        "RetireGrant": retire_grant,
        "RevokeGrant": revoke_grant,
        "RotateKeyOnDemand": rotate_key_on_demand,
        "TagResource": tag_resource,
        "UpdateKeyDescription": update_key_description,
        "UpdatePrimaryRegion": update_primary_region,
        "Encrypt": encrypt,
        "Decrypt": decrypt,
        "ReEncrypt": re_encrypt,
        "GenerateDataKey": data_key,
        "GenerateDataKeyWithoutPlaintext": data_key_without_plaintext,
        "Sign": sign,
        "Verify": verify,
        "CreateKey": create_key,
        "ScheduleKeyDeletion": schedule_key_deletion,
        "EnableKey": enable_key,
        "DisableKey": disable_key,
        "UpdateAlias": update_alias,
        "UntagResource": untag_resource,
    }


SCENARIOS = _scenarios()


def test_every_documented_example_has_a_scenario() -> None:
    assert set(SCENARIOS) == set(documented.API_CALLS)


@pytest.mark.parametrize("operation", sorted(documented.API_CALLS))
def test_the_event_of_each_operation_is_the_one_aws_documents(
    kms_fake: KmsFake, alice: Any, operation: str
) -> None:
    SCENARIOS[operation](alice)
    event = kms_fake.calls.last.cloudtrail()
    example = dict(documented.API_CALLS[operation])
    left_out = documented.CONSOLE_ONLY.get(operation, frozenset())
    if example["requestParameters"] is not None:
        example["requestParameters"] = {
            name: value
            for name, value in example["requestParameters"].items()
            if name not in left_out
        }
    if operation in documented.CONSOLE_SESSION:  # a call made with access keys has no session
        example["userIdentity"] = {
            k: v for k, v in example["userIdentity"].items() if k != "sessionContext"
        }
    _same_structure(event, example)
    for name in FIXED:
        assert event[name] == example[name] or name == "eventVersion"
    assert event["userIdentity"]["arn"] == ALICE
    assert event["userIdentity"]["accessKeyId"] == "EXAMPLE_KEY_ID"
    assert event["requestID"] == kms_fake.calls.last.request_id
    kinds = [":alias/" in resource["ARN"] for resource in event.get("resources", [])]
    assert kinds == [":alias/" in resource["ARN"] for resource in example.get("resources", [])]
    assert json.loads(json.dumps(event)) == event


def test_replicate_key_as_far_as_its_example_is_known(kms_fake: KmsFake) -> None:
    known = documented.REPLICATE_KEY_KNOWN
    kms_fake.set_caller(ALICE)
    kms = boto3.client("kms", region_name=known["awsRegion"])
    key = kms.create_key(MultiRegion=True)["KeyMetadata"]["KeyId"]
    kms.replicate_key(
        KeyId=key, ReplicaRegion="us-west-2", BypassPolicyLockoutSafetyCheck=False, Description=""
    )
    event = kms_fake.calls.last.cloudtrail()
    for name in ("eventName", "awsRegion", "readOnly"):
        assert event[name] == known[name]
    _same_structure(event["requestParameters"], known["requestParameters"])
    metadata = event["responseElements"]["replicaKeyMetadata"]
    _same_structure(metadata, known["replicaKeyMetadata"])
    assert metadata["keyState"] == "Creating" and metadata["aWSAccountId"] == "111122223333"
    configuration = metadata["multiRegionConfiguration"]
    assert configuration["primaryKey"]["region"] == "us-east-1"


def test_resources_of_reencrypt_are_source_then_destination(kms: Any, kms_fake: KmsFake) -> None:
    source, destination = _key(kms), _key(kms)
    blob = kms.encrypt(KeyId=source, Plaintext=b"x")["CiphertextBlob"]
    kms.re_encrypt(CiphertextBlob=blob, DestinationKeyId=destination)
    event = kms_fake.calls.last.cloudtrail()
    assert [r["ARN"] for r in event["resources"]] == [source, destination]


def test_event_time_request_id_and_event_id(clock: Any, kms: Any, kms_fake: KmsFake) -> None:
    key = _key(kms)
    kms.encrypt(KeyId=key, Plaintext=b"x")
    event = kms_fake.calls[1].cloudtrail()
    assert event["eventTime"] == "2031-03-01T12:00:05Z"
    assert event["requestID"] == kms_fake.calls[1].request_id
    if hasattr(kms, "get_key_last_usage"):  # it names the event of the key's last use
        usage = kms.get_key_last_usage(KeyId=key)["KeyLastUsage"]
        assert (usage["KmsRequestId"], usage["CloudTrailEventId"]) == (
            event["requestID"],
            event["eventID"],
        )


def test_create_key_logs_key_metadata_with_aws_names_and_date(
    clock: Any, kms: Any, kms_fake: KmsFake
) -> None:
    kms.create_key()
    metadata = kms_fake.calls.last.cloudtrail()["responseElements"]["keyMetadata"]
    assert metadata["AWSAccountId"] == "111122223333"
    assert metadata["creationDate"] == "Mar 1, 2031, 12:00:05 PM"


def test_a_failed_call_has_error_code_and_message(kms: Any, kms_fake: KmsFake) -> None:
    key = _key(kms)
    kms.disable_key(KeyId=key)
    with pytest.raises(kms.exceptions.DisabledException):
        kms.encrypt(KeyId=key, Plaintext=b"x")
    event = kms_fake.calls.last.cloudtrail()
    assert event["errorCode"] == "DisabledException"
    assert event["errorMessage"] == f"{key} is disabled."
    assert event["responseElements"] is None and "additionalEventData" not in event
    assert [r["ARN"] for r in event["resources"]] == [key]


def test_root_assumed_role_and_via_service_identities(kms_fake: KmsFake) -> None:
    kms = boto3.client(
        "kms", region_name="us-east-1", aws_access_key_id="AKID", aws_secret_access_key="s"
    )
    kms.list_keys()
    root = kms_fake.calls.last.cloudtrail()["userIdentity"]
    assert root["type"] == "Root" and root["arn"] == "arn:aws:iam::111122223333:root"
    session = "arn:aws:sts::111122223333:assumed-role/RoleToBeAssumed/MySessionName"
    with kms_fake.acting_as(session):
        kms.list_keys()
    identity = kms_fake.calls.last.cloudtrail()["userIdentity"]
    example = dict(documented.ASSUMED_ROLE_IDENTITY)
    _same_structure(identity, example)
    assert identity["sessionContext"]["sessionIssuer"]["userName"] == "RoleToBeAssumed"
    assert identity["principalId"].endswith(":MySessionName")
    with kms_fake.acting_as(ALICE, via_service="secretsmanager.us-east-1.amazonaws.com"):
        kms.list_keys()
    event = kms_fake.calls.last.cloudtrail()
    assert {name: (event["userIdentity"] | event)[name] for name in documented.VIA_SERVICE} == (
        documented.VIA_SERVICE
    )


def test_user_agent_is_botocores(kms: Any, kms_fake: KmsFake) -> None:
    kms.list_keys()
    assert "Botocore/" in kms_fake.calls.last.cloudtrail()["userAgent"]


# --- service events ----------------------------------------------------------------------------


def _service_event(kms_fake: KmsFake, name: str) -> dict[str, Any]:
    events = [e for e in kms_fake.calls.cloudtrail() if e["eventType"] == "AwsServiceEvent"]
    assert [e["eventName"] for e in events] == [name]
    return events[0]


def test_deletion_at_the_end_of_the_waiting_period(clock: Any, kms: Any, kms_fake: KmsFake) -> None:
    key = _key(kms)
    kms.schedule_key_deletion(KeyId=key, PendingWindowInDays=7)
    clock.tick(datetime.timedelta(days=8))
    kms.list_keys()
    event = _service_event(kms_fake, "DeleteKey")
    _same_structure(event, documented.SERVICE_EVENTS["DeleteKey"])
    assert event["eventTime"] == "2031-03-08T12:00:05Z"  # when it happened, not when noticed
    assert event["resources"][0]["ARN"] == key
    names = [e["eventName"] for e in kms_fake.calls.cloudtrail()]
    assert names == ["CreateKey", "ScheduleKeyDeletion", "DeleteKey", "ListKeys"]


def test_automatic_rotation(clock: Any, kms: Any, kms_fake: KmsFake) -> None:
    key = _key(kms)
    kms.enable_key_rotation(KeyId=key, RotationPeriodInDays=90)
    clock.tick(datetime.timedelta(days=91))
    kms.list_keys()
    event = _service_event(kms_fake, "RotateKey")
    _same_structure(event, documented.SERVICE_EVENTS["RotateKey"])
    details = event["serviceEventDetails"]
    assert details["rotationType"] == "AUTOMATIC" and details["keyId"] == key.rsplit("/", 1)[-1]
    rotations = kms.list_key_rotations(KeyId=key)["Rotations"]
    assert details["currentKeyMaterialId"] == rotations[-1]["KeyMaterialId"]
    assert event["eventTime"] == "2031-05-30T12:00:05Z"


def test_expiry_of_imported_key_material(clock: Any, kms: Any, kms_fake: KmsFake) -> None:
    from test_rotation_import import _import

    key = kms.create_key(Origin="EXTERNAL")["KeyMetadata"]["KeyId"]
    _import(
        kms,
        key,
        bytes(32),
        ValidTo=START + datetime.timedelta(days=10),
        ExpirationModel="KEY_MATERIAL_EXPIRES",
    )
    clock.tick(datetime.timedelta(days=11))
    kms.list_keys()
    event = _service_event(kms_fake, "DeleteExpiredKeyMaterial")
    _same_structure(event, documented.SERVICE_EVENTS["DeleteExpiredKeyMaterial"])
    assert event["eventTime"] == "2031-03-11T12:00:05Z"


# --- no secrets --------------------------------------------------------------------------------


def _blobs(value: Any) -> Iterator[bytes]:
    if isinstance(value, (bytes, bytearray)):
        yield bytes(value)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _blobs(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _blobs(item)


def _secret_calls() -> dict[str, Callable[[Any, str, str, bytes], None]]:
    """Every operation that takes or returns a secret, given a symmetric key, a signing key
    and a plaintext."""
    return {
        "Encrypt": lambda k, s, g, p: k.encrypt(KeyId=s, Plaintext=p),
        "Decrypt": lambda k, s, g, p: k.decrypt(
            CiphertextBlob=k.encrypt(KeyId=s, Plaintext=p)["CiphertextBlob"]
        ),
        "ReEncrypt": lambda k, s, g, p: k.re_encrypt(
            CiphertextBlob=k.encrypt(KeyId=s, Plaintext=p)["CiphertextBlob"], DestinationKeyId=s
        ),
        "GenerateDataKey": lambda k, s, g, p: k.generate_data_key(KeyId=s, KeySpec="AES_256"),
        "GenerateDataKeyWithoutPlaintext": lambda k, s, g, p: k.generate_data_key_without_plaintext(
            KeyId=s, NumberOfBytes=len(p)
        ),
        "GenerateDataKeyPair": lambda k, s, g, p: k.generate_data_key_pair(
            KeyId=s, KeyPairSpec="ECC_NIST_P256"
        ),
        "GenerateDataKeyPairWithoutPlaintext": lambda k, s, g, p: (
            k.generate_data_key_pair_without_plaintext(KeyId=s, KeyPairSpec="ECC_NIST_P256")
        ),
        "GenerateRandom": lambda k, s, g, p: k.generate_random(NumberOfBytes=len(p)),
        "Sign": lambda k, s, g, p: k.sign(KeyId=g, Message=p, SigningAlgorithm="ECDSA_SHA_256"),
        "Verify": lambda k, s, g, p: k.verify(
            KeyId=g,
            Message=p,
            SigningAlgorithm="ECDSA_SHA_256",
            Signature=k.sign(KeyId=g, Message=p, SigningAlgorithm="ECDSA_SHA_256")["Signature"],
        ),
        "GetPublicKey": lambda k, s, g, p: k.get_public_key(KeyId=g),
        "GetParametersForImport": lambda k, s, g, p: k.get_parameters_for_import(
            KeyId=k.create_key(Origin="EXTERNAL")["KeyMetadata"]["KeyId"],
            WrappingAlgorithm="RSAES_OAEP_SHA_256",
            WrappingKeySpec="RSA_2048",
        ),
        "CreateGrant": lambda k, s, g, p: k.create_grant(
            KeyId=s,
            GranteePrincipal="arn:aws:iam::111122223333:role/app",
            Operations=["Decrypt"],
        ),
        "GenerateMac": lambda k, s, g, p: k.generate_mac(
            KeyId=_key(k, **_HMAC), Message=p, MacAlgorithm="HMAC_SHA_256"
        ),
        "VerifyMac": lambda k, s, g, p: _verify_mac(k, p),
        "DeriveSharedSecret": lambda k, s, g, p: k.derive_shared_secret(
            KeyId=_key(k, **_AGREEMENT),
            KeyAgreementAlgorithm="ECDH",
            PublicKey=k.get_public_key(KeyId=_key(k, **_AGREEMENT))["PublicKey"],
        ),
        "Encapsulate": lambda k, s, g, p: k.encapsulate(
            KeyId=_key(k, **_KEM), EncapsulationAlgorithm="ML_KEM"
        ),
        "Decapsulate": lambda k, s, g, p: _decapsulate(k),
        "ImportKeyMaterial": lambda k, s, g, p: _import_material(k, p),
        "CreateCustomKeyStore": lambda k, s, g, p: (_hsm_store(k, p), _xks_store(k, p)),
        "UpdateCustomKeyStore": lambda k, s, g, p: _update_stores(k, p),
    }


_HMAC = {"KeySpec": "HMAC_256", "KeyUsage": "GENERATE_VERIFY_MAC"}
_AGREEMENT = {"KeySpec": "ECC_NIST_P256", "KeyUsage": "KEY_AGREEMENT"}
_KEM = {"KeySpec": "ML_KEM_768", "KeyUsage": "ENCAPSULATE_DECAPSULATE"}


def _verify_mac(kms: Any, message: bytes) -> Any:
    key = _key(kms, **_HMAC)
    mac = kms.generate_mac(KeyId=key, Message=message, MacAlgorithm="HMAC_SHA_256")["Mac"]
    return kms.verify_mac(KeyId=key, Message=message, MacAlgorithm="HMAC_SHA_256", Mac=mac)


def _decapsulate(kms: Any) -> Any:
    key = _key(kms, **_KEM)
    blob = kms.encapsulate(KeyId=key, EncapsulationAlgorithm="ML_KEM")
    return kms.decapsulate(
        KeyId=key,
        EncapsulationAlgorithm="ML_KEM",
        SharedSecretCiphertextBlob=blob["SharedSecretCiphertextBlob"],
    )


def _import_material(kms: Any, plaintext: bytes) -> Any:
    from test_rotation_import import _import

    key = kms.create_key(Origin="EXTERNAL")["KeyMetadata"]["KeyId"]
    material = (plaintext * 32)[:32]
    return _import(kms, key, material, ExpirationModel="KEY_MATERIAL_DOES_NOT_EXPIRE")


def _unique() -> str:
    return base64.b32encode(os.urandom(10)).decode().lower()[:11]


def _password(secret: bytes) -> str:
    """A key store password (7 to 32 characters) made of the secret."""
    return secret.hex()[:32]


def _credential(secret: bytes) -> dict[str, str]:
    """An XKS proxy credential made of the secret: an access key ID of 20 to 30 characters
    A-Z2-7, a raw secret access key of 43 to 64 characters of base64."""
    return {
        "AccessKeyId": base64.b32encode(secret * 4).decode()[:24],
        "RawSecretAccessKey": base64.b64encode(secret * 8).decode()[:50],
    }


def _hsm_store(kms: Any, secret: bytes) -> str:
    return str(
        kms.create_custom_key_store(
            CustomKeyStoreName="hsm-" + _unique(),
            CloudHsmClusterId="cluster-" + _unique(),
            TrustAnchorCertificate="<certificate>",
            KeyStorePassword=_password(secret),
        )["CustomKeyStoreId"]
    )


def _xks_store(kms: Any, secret: bytes) -> str:
    return str(
        kms.create_custom_key_store(
            CustomKeyStoreName="xks-" + _unique(),
            CustomKeyStoreType="EXTERNAL_KEY_STORE",
            XksProxyUriEndpoint=f"https://{_unique()}.xks.example.com",
            XksProxyUriPath="/kms/xks/v1",
            XksProxyAuthenticationCredential=_credential(secret[::-1]),
            XksProxyConnectivity="PUBLIC_ENDPOINT",
        )["CustomKeyStoreId"]
    )


def _update_stores(kms: Any, secret: bytes) -> None:
    kms.update_custom_key_store(
        CustomKeyStoreId=_hsm_store(kms, secret[::-1]), KeyStorePassword=_password(secret)
    )
    kms.update_custom_key_store(
        CustomKeyStoreId=_xks_store(kms, secret[::-1]),
        XksProxyAuthenticationCredential=_credential(secret),
    )


def _sensitive(shape: Any, value: Any) -> Iterator[bytes]:
    """The values of the members botocore's model marks sensitive (strings, not blobs)."""
    if shape is None:
        return
    if shape.metadata.get("sensitive") and isinstance(value, str):
        yield value.encode()
    elif shape.type_name == "structure" and isinstance(value, dict):
        for name, item in value.items():
            if name in shape.members:
                yield from _sensitive(shape.members[name], item)


SECRET_CALLS = _secret_calls()


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    operations=st.lists(st.sampled_from(sorted(SECRET_CALLS)), min_size=1, max_size=4),
    plaintext=st.binary(min_size=8, max_size=64),
)
def test_no_event_holds_a_secret(
    kms_fake: KmsFake, kms: Any, operations: list[str], plaintext: bytes
) -> None:
    kms_fake.reset()
    symmetric = _key(kms)
    signing = _key(kms, KeySpec="ECC_NIST_P256", KeyUsage="SIGN_VERIFY")
    for operation in operations:
        SECRET_CALLS[operation](kms, symmetric, signing, plaintext)
    from pytest_kmsfake._rules.model import service_model

    secrets = {plaintext}
    for call in kms_fake.calls:
        secrets.update(_blobs(dict(call.params)), _blobs(dict(call.response or {})))
        shape = service_model().operation_model(call.operation).input_shape
        secrets.update(_sensitive(shape, dict(call.params)))
        if call.response and "GrantToken" in call.response:
            secrets.add(call.response["GrantToken"].encode())
    text = json.dumps(kms_fake.calls.cloudtrail())  # raw bytes would not even serialize
    for secret in secrets:
        if len(secret) < 8:
            continue
        for form in (base64.b64encode(secret).decode(), secret.hex(), secret.decode("latin-1")):
            assert form not in text


def test_every_secret_bearing_operation_is_in_the_property_test() -> None:
    from pytest_kmsfake._rules.model import service_model

    model = service_model()
    bearing = set()
    for name in model.operation_names:
        operation = model.operation_model(name)
        for shape in (operation.input_shape, operation.output_shape):
            members = shape.members.values() if shape is not None else ()
            if any(m.type_name == "blob" or m.metadata.get("sensitive") for m in members):
                bearing.add(name)
    assert bearing <= set(SECRET_CALLS) | {"CreateGrant"}


# --- export ------------------------------------------------------------------------------------


def test_each_tests_events_are_written_as_json_lines_and_as_a_log_file(
    pytester: pytest.Pytester,
) -> None:
    pytester.makeini("[pytest]\nkms_fake_cloudtrail_dir = trail\n")
    pytester.makepyfile(
        """
        import boto3

        def test_one(kms_fake):
            kms = boto3.client("kms", region_name="eu-west-1")
            kms.encrypt(KeyId=kms.create_key()["KeyMetadata"]["KeyId"], Plaintext=b"secret")
        """
    )
    pytester.runpytest().assert_outcomes(passed=1)
    written = sorted(p.name for p in (pytester.path / "trail").iterdir())
    assert written == [
        "test_each_tests_events_are_written_as_json_lines_and_as_a_log_file.py_test_one.json",
        "test_each_tests_events_are_written_as_json_lines_and_as_a_log_file.py_test_one.jsonl",
    ]
    lines = (pytester.path / "trail" / written[1]).read_text().splitlines()
    assert [json.loads(line)["eventName"] for line in lines] == ["CreateKey", "Encrypt"]
    records = json.loads((pytester.path / "trail" / written[0]).read_text())["Records"]
    assert [record["eventName"] for record in records] == ["CreateKey", "Encrypt"]


def test_the_command_line_names_the_directory(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        def test_nothing(kms_fake):
            pass
        """
    )
    pytester.runpytest("--kms-fake-cloudtrail-dir=out").assert_outcomes(passed=1)
    assert sorted(p.suffix for p in (pytester.path / "out").iterdir()) == [".json", ".jsonl"]
