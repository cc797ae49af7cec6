"""Rotation, imported key material and key last usage, driven by a controlled clock."""

from __future__ import annotations

import datetime
import os
from collections.abc import Iterator
from typing import Any, Callable

import documented_service as documented
import pytest
from botocore.exceptions import ClientError
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding
from cryptography.hazmat.primitives.keywrap import aes_key_wrap_with_padding
from freezegun import freeze_time

from pytest_kmsfake import KmsFake
from pytest_kmsfake._rules.model import service_model

START = datetime.datetime(2031, 3, 1, tzinfo=datetime.timezone.utc)
DAY = datetime.timedelta(days=1)
ACCOUNT = "111122223333"


def _error(call: Callable[[], Any]) -> dict[str, str]:
    with pytest.raises(ClientError) as info:
        call()
    return dict(info.value.response["Error"])


@pytest.fixture
def clock() -> Iterator[Any]:
    with freeze_time(START) as frozen:
        yield frozen


# --- rotation ----------------------------------------------------------------------------------


def test_rotation_status_defaults(kms: Any, key_id: str) -> None:
    status = kms.get_key_rotation_status(KeyId=key_id)
    assert status["KeyRotationEnabled"] is False and status["KeyId"] == key_id
    assert "NextRotationDate" not in status and "RotationPeriodInDays" not in status


def test_automatic_rotation_when_the_clock_passes_the_period(
    clock: Any, kms: Any, key_id: str
) -> None:
    old = kms.encrypt(KeyId=key_id, Plaintext=b"before")["CiphertextBlob"]
    first_material = kms.describe_key(KeyId=key_id)["KeyMetadata"]["CurrentKeyMaterialId"]
    kms.enable_key_rotation(KeyId=key_id, RotationPeriodInDays=90)
    status = kms.get_key_rotation_status(KeyId=key_id)
    assert status["KeyRotationEnabled"] is True and status["RotationPeriodInDays"] == 90
    assert status["NextRotationDate"] == START + 90 * DAY
    assert kms.list_key_rotations(KeyId=key_id)["Rotations"] == []

    clock.tick(90 * DAY)
    rotations = kms.list_key_rotations(KeyId=key_id)["Rotations"]
    assert len(rotations) == 1
    rotation = rotations[0]
    assert (rotation["RotationType"], rotation["KeyMaterialState"]) == ("AUTOMATIC", "CURRENT")
    assert rotation["RotationDate"] == START + 90 * DAY
    current = kms.describe_key(KeyId=key_id)["KeyMetadata"]["CurrentKeyMaterialId"]
    assert current == rotation["KeyMaterialId"] != first_material
    assert kms.get_key_rotation_status(KeyId=key_id)["NextRotationDate"] == START + 180 * DAY

    new = kms.encrypt(KeyId=key_id, Plaintext=b"after")["CiphertextBlob"]
    assert kms.decrypt(CiphertextBlob=new)["KeyMaterialId"] == current
    assert kms.decrypt(CiphertextBlob=old)["Plaintext"] == b"before"  # old still decrypts
    assert kms.decrypt(CiphertextBlob=old)["KeyMaterialId"] == first_material


def test_every_period_passed_is_a_rotation(clock: Any, kms: Any, key_id: str) -> None:
    kms.enable_key_rotation(KeyId=key_id, RotationPeriodInDays=90)
    clock.tick(365 * DAY)
    rotations = kms.list_key_rotations(KeyId=key_id)["Rotations"]
    assert [r["RotationDate"] for r in rotations] == [START + n * 90 * DAY for n in (1, 2, 3, 4)]
    states = [r["KeyMaterialState"] for r in rotations]
    assert states == ["NON_CURRENT", "NON_CURRENT", "NON_CURRENT", "CURRENT"]


def test_rotation_pauses_while_disabled(clock: Any, kms: Any, key_id: str) -> None:
    kms.enable_key_rotation(KeyId=key_id)  # the default period
    status = kms.get_key_rotation_status(KeyId=key_id)
    assert status["RotationPeriodInDays"] == documented.DEFAULT_ROTATION_PERIOD_DAYS
    assert status["NextRotationDate"] == START + documented.DEFAULT_ROTATION_PERIOD_DAYS * DAY
    kms.disable_key(KeyId=key_id)
    clock.tick(400 * DAY)
    assert kms.list_key_rotations(KeyId=key_id)["Rotations"] == []
    kms.enable_key(KeyId=key_id)
    [rotation] = kms.list_key_rotations(KeyId=key_id)["Rotations"]
    assert rotation["RotationDate"] == START + 400 * DAY  # at once, on re-enabling


def test_rotation_status_false_while_pending_deletion(kms: Any, key_id: str) -> None:
    kms.enable_key_rotation(KeyId=key_id)
    kms.schedule_key_deletion(KeyId=key_id)
    assert kms.get_key_rotation_status(KeyId=key_id)["KeyRotationEnabled"] is False
    kms.cancel_key_deletion(KeyId=key_id)
    assert kms.get_key_rotation_status(KeyId=key_id)["KeyRotationEnabled"] is True


def test_disable_key_rotation(kms: Any, key_id: str) -> None:
    kms.enable_key_rotation(KeyId=key_id)
    kms.disable_key_rotation(KeyId=key_id)
    assert kms.get_key_rotation_status(KeyId=key_id)["KeyRotationEnabled"] is False


def test_rotation_period_maximum(kms: Any, key_id: str) -> None:
    low, high = documented.ROTATION_PERIOD_DAYS
    for days in (low, high):
        kms.enable_key_rotation(KeyId=key_id, RotationPeriodInDays=days)
        assert kms.get_key_rotation_status(KeyId=key_id)["RotationPeriodInDays"] == days
    over = high + 1
    assert _error(lambda: kms.enable_key_rotation(KeyId=key_id, RotationPeriodInDays=over)) == {
        "Code": "ValidationException",
        "Message": f"1 validation error detected: Value '{over}' at 'rotationPeriodInDays' "
        f"failed to satisfy constraint: Member must have value less than or equal to {high}",
    }


def test_on_demand_rotation_and_its_limit(kms: Any, key_id: str) -> None:
    arn = f"arn:aws:kms:us-east-1:{ACCOUNT}:key/{key_id}"
    for _ in range(documented.ON_DEMAND_ROTATIONS_PER_KEY):
        assert kms.rotate_key_on_demand(KeyId=key_id)["KeyId"] == arn
    rotations = kms.list_key_rotations(KeyId=key_id)["Rotations"]
    assert len(rotations) == documented.ON_DEMAND_ROTATIONS_PER_KEY
    assert {r["RotationType"] for r in rotations} == {"ON_DEMAND"}
    assert _error(lambda: kms.rotate_key_on_demand(KeyId=key_id)) == {
        "Code": "LimitExceededException",
        "Message": "The on-demand rotations limit has been reached for the given keyId. No more "
        f"on-demand rotations can be performed for this key: {arn}",
    }


def test_on_demand_rotation_of_a_disabled_key(kms: Any, key_id: str) -> None:
    kms.disable_key(KeyId=key_id)
    assert _error(lambda: kms.rotate_key_on_demand(KeyId=key_id)) == {
        "Code": "DisabledException",
        "Message": f"arn:aws:kms:us-east-1:{ACCOUNT}:key/{key_id} is disabled.",
    }


def test_list_key_rotations_all_key_material(kms: Any, key_id: str) -> None:
    kms.rotate_key_on_demand(KeyId=key_id)
    everything = kms.list_key_rotations(KeyId=key_id, IncludeKeyMaterial="ALL_KEY_MATERIAL")
    first, rotated = everything["Rotations"]
    assert first["KeyMaterialState"] == "NON_CURRENT" and "RotationType" not in first
    assert rotated["KeyMaterialState"] == "CURRENT" and rotated["RotationType"] == "ON_DEMAND"


def test_list_key_rotations_paginates(kms: Any, key_id: str) -> None:
    for _ in range(5):
        kms.rotate_key_on_demand(KeyId=key_id)
    pages = list(
        kms.get_paginator("list_key_rotations").paginate(
            KeyId=key_id, PaginationConfig={"PageSize": 2}
        )
    )
    assert sum(len(p["Rotations"]) for p in pages) == 5


# --- import ------------------------------------------------------------------------------------


def _wrap(public_der: bytes, material: bytes, algorithm: str) -> bytes:
    """What a user does offline with `cryptography`, following AWS's import instructions."""
    public = serialization.load_der_public_key(public_der)
    digest = hashes.SHA1() if algorithm.endswith("SHA_1") else hashes.SHA256()
    oaep = padding.OAEP(mgf=padding.MGF1(digest), algorithm=digest, label=None)
    if algorithm.startswith("RSAES_OAEP"):
        return public.encrypt(material, oaep)  # type: ignore[union-attr]
    aes_key = os.urandom(32)
    return public.encrypt(aes_key, oaep) + aes_key_wrap_with_padding(aes_key, material)  # type: ignore[union-attr]


def _import(
    kms: Any, key_id: str, material: bytes, algorithm: str = "RSAES_OAEP_SHA_256", **extra: Any
) -> Any:
    parameters = kms.get_parameters_for_import(
        KeyId=key_id, WrappingAlgorithm=algorithm, WrappingKeySpec="RSA_2048"
    )
    return kms.import_key_material(
        KeyId=key_id,
        ImportToken=parameters["ImportToken"],
        EncryptedKeyMaterial=_wrap(parameters["PublicKey"], material, algorithm),
        **extra,
    )


@pytest.fixture
def external_key(kms: Any) -> str:
    return str(kms.create_key(Origin="EXTERNAL")["KeyMetadata"]["KeyId"])


@pytest.mark.parametrize("algorithm", sorted(documented.WRAPPING_ALGORITHMS["RSA_2048"]))
def test_import_unwraps_material_wrapped_offline(
    kms: Any, external_key: str, algorithm: str
) -> None:
    material = os.urandom(32)
    response = _import(
        kms, external_key, material, algorithm, ExpirationModel="KEY_MATERIAL_DOES_NOT_EXPIRE"
    )
    assert response["KeyId"] == f"arn:aws:kms:us-east-1:{ACCOUNT}:key/{external_key}"
    metadata = kms.describe_key(KeyId=external_key)["KeyMetadata"]
    assert (metadata["KeyState"], metadata["Enabled"]) == ("Enabled", True)
    assert (
        metadata["ExpirationModel"] == "KEY_MATERIAL_DOES_NOT_EXPIRE" and "ValidTo" not in metadata
    )
    assert metadata["CurrentKeyMaterialId"] == response["KeyMaterialId"]
    blob = kms.encrypt(KeyId=external_key, Plaintext=b"byok")["CiphertextBlob"]
    assert kms.decrypt(CiphertextBlob=blob)["Plaintext"] == b"byok"


def test_get_parameters_for_import(clock: Any, kms: Any, external_key: str) -> None:
    parameters = kms.get_parameters_for_import(
        KeyId=external_key, WrappingAlgorithm="RSAES_OAEP_SHA_256", WrappingKeySpec="RSA_3072"
    )
    valid = datetime.timedelta(hours=documented.IMPORT_TOKEN_VALID_HOURS)
    assert parameters["ParametersValidTo"] == START + valid
    assert serialization.load_der_public_key(parameters["PublicKey"]).key_size == 3072  # type: ignore[union-attr]
    assert parameters["KeyId"].endswith(external_key)


def test_import_into_an_aws_kms_key(kms: Any, key_id: str) -> None:
    assert _error(
        lambda: kms.get_parameters_for_import(
            KeyId=key_id, WrappingAlgorithm="RSAES_OAEP_SHA_256", WrappingKeySpec="RSA_2048"
        )
    ) == {
        "Code": "UnsupportedOperationException",
        "Message": f"arn:aws:kms:us-east-1:{ACCOUNT}:key/{key_id} origin is AWS_KMS which is not "
        "valid for this operation.",
    }


def test_import_needs_valid_to_when_material_expires(kms: Any, external_key: str) -> None:
    assert _error(lambda: _import(kms, external_key, os.urandom(32))) == {
        "Code": "ValidationException",
        "Message": "A validTo date must be set if the ExpirationModel is KEY_MATERIAL_EXPIRES",
    }


def test_imported_material_expires_and_the_key_returns_to_pending_import(
    clock: Any, kms: Any, external_key: str
) -> None:
    material = os.urandom(32)
    _import(
        kms,
        external_key,
        material,
        ValidTo=START + 10 * DAY,
        ExpirationModel="KEY_MATERIAL_EXPIRES",
    )
    metadata = kms.describe_key(KeyId=external_key)["KeyMetadata"]
    assert metadata["ValidTo"] == START + 10 * DAY
    assert metadata["ExpirationModel"] == "KEY_MATERIAL_EXPIRES"
    blob = kms.encrypt(KeyId=external_key, Plaintext=b"x")["CiphertextBlob"]

    clock.tick(10 * DAY)
    metadata = kms.describe_key(KeyId=external_key)["KeyMetadata"]
    assert (metadata["KeyState"], metadata["Enabled"]) == ("PendingImport", False)
    assert "ExpirationModel" not in metadata and "ValidTo" not in metadata
    assert "CurrentKeyMaterialId" in metadata  # stays [LS:2025-11-10]
    arn = f"arn:aws:kms:us-east-1:{ACCOUNT}:key/{external_key}"
    assert _error(lambda: kms.decrypt(CiphertextBlob=blob)) == {
        "Code": "KMSInvalidStateException",
        "Message": f"{arn} is pending import.",
    }
    _import(kms, external_key, material, ExpirationModel="KEY_MATERIAL_DOES_NOT_EXPIRE")
    assert kms.decrypt(CiphertextBlob=blob)["Plaintext"] == b"x"


def test_delete_imported_material_and_reimport(kms: Any, external_key: str) -> None:
    material = os.urandom(32)
    imported = _import(kms, external_key, material, ExpirationModel="KEY_MATERIAL_DOES_NOT_EXPIRE")
    deleted = kms.delete_imported_key_material(KeyId=external_key)
    assert deleted["KeyMaterialId"] == imported["KeyMaterialId"]
    assert kms.describe_key(KeyId=external_key)["KeyMetadata"]["KeyState"] == "PendingImport"
    error = _error(
        lambda: _import(
            kms, external_key, os.urandom(32), ExpirationModel="KEY_MATERIAL_DOES_NOT_EXPIRE"
        )
    )
    assert error["Code"] == "IncorrectKeyMaterialException"
    again = _import(kms, external_key, material, ExpirationModel="KEY_MATERIAL_DOES_NOT_EXPIRE")
    assert again["KeyMaterialId"] == imported["KeyMaterialId"]
    assert kms.describe_key(KeyId=external_key)["KeyMetadata"]["KeyState"] == "Enabled"


def test_new_material_waits_for_on_demand_rotation(kms: Any, external_key: str) -> None:
    never = {"ExpirationModel": "KEY_MATERIAL_DOES_NOT_EXPIRE"}
    first = _import(kms, external_key, os.urandom(32), **never)
    arn = f"arn:aws:kms:us-east-1:{ACCOUNT}:key/{external_key}"
    assert _error(lambda: kms.rotate_key_on_demand(KeyId=external_key)) == {
        "Code": "KMSInvalidStateException",
        "Message": f"No available key material pending rotation for the key: {arn}.",
    }
    old_blob = kms.encrypt(KeyId=external_key, Plaintext=b"old")["CiphertextBlob"]
    second = _import(kms, external_key, os.urandom(32), ImportType="NEW_KEY_MATERIAL", **never)
    third_material = os.urandom(32)
    blocked = _error(
        lambda: _import(kms, external_key, third_material, ImportType="NEW_KEY_MATERIAL", **never)
    )
    assert blocked["Code"] == "KMSInvalidStateException"
    assert blocked["Message"].startswith("New key material (id: ")
    assert blocked["Message"].endswith(
        f"cannot be imported into KMS key {external_key}, because another key material "
        f"(id: {second['KeyMaterialId']}) is pending rotation."
    )
    everything = kms.list_key_rotations(KeyId=external_key, IncludeKeyMaterial="ALL_KEY_MATERIAL")
    states = {r["KeyMaterialId"]: r["KeyMaterialState"] for r in everything["Rotations"]}
    assert states == {
        first["KeyMaterialId"]: "CURRENT",
        second["KeyMaterialId"]: "PENDING_ROTATION",
    }
    kms.rotate_key_on_demand(KeyId=external_key)
    assert (
        kms.describe_key(KeyId=external_key)["KeyMetadata"]["CurrentKeyMaterialId"]
        == second["KeyMaterialId"]
    )
    assert kms.decrypt(CiphertextBlob=old_blob)["Plaintext"] == b"old"


def test_import_token_expires_after_24_hours(clock: Any, kms: Any, external_key: str) -> None:
    parameters = kms.get_parameters_for_import(
        KeyId=external_key, WrappingAlgorithm="RSAES_OAEP_SHA_256", WrappingKeySpec="RSA_2048"
    )
    clock.tick(datetime.timedelta(hours=documented.IMPORT_TOKEN_VALID_HOURS))
    error = _error(
        lambda: kms.import_key_material(
            KeyId=external_key,
            ImportToken=parameters["ImportToken"],
            EncryptedKeyMaterial=_wrap(
                parameters["PublicKey"], os.urandom(32), "RSAES_OAEP_SHA_256"
            ),
            ExpirationModel="KEY_MATERIAL_DOES_NOT_EXPIRE",
        )
    )
    assert error["Code"] == "ExpiredImportTokenException"


def test_wrong_wrapping_or_token(kms: Any, external_key: str) -> None:
    parameters = kms.get_parameters_for_import(
        KeyId=external_key, WrappingAlgorithm="RSAES_OAEP_SHA_256", WrappingKeySpec="RSA_2048"
    )
    wrapped_sha1 = _wrap(parameters["PublicKey"], os.urandom(32), "RSAES_OAEP_SHA_1")
    never = {"ExpirationModel": "KEY_MATERIAL_DOES_NOT_EXPIRE"}
    assert (
        _error(
            lambda: kms.import_key_material(
                KeyId=external_key,
                ImportToken=parameters["ImportToken"],
                EncryptedKeyMaterial=wrapped_sha1,
                **never,
            )
        )["Code"]
        == "InvalidCiphertextException"
    )
    assert (
        _error(
            lambda: kms.import_key_material(
                KeyId=external_key,
                ImportToken=b"forged",
                EncryptedKeyMaterial=wrapped_sha1,
                **never,
            )
        )["Code"]
        == "InvalidImportTokenException"
    )
    wrong_size = _wrap(parameters["PublicKey"], os.urandom(16), "RSAES_OAEP_SHA_256")
    assert (
        _error(
            lambda: kms.import_key_material(
                KeyId=external_key,
                ImportToken=parameters["ImportToken"],
                EncryptedKeyMaterial=wrong_size,
                **never,
            )
        )["Code"]
        == "ValidationException"
    )


def test_rotation_of_imported_keys_is_on_demand_only(kms: Any, external_key: str) -> None:
    arn = f"arn:aws:kms:us-east-1:{ACCOUNT}:key/{external_key}"
    _import(kms, external_key, os.urandom(32), ExpirationModel="KEY_MATERIAL_DOES_NOT_EXPIRE")
    assert _error(lambda: kms.enable_key_rotation(KeyId=external_key)) == {
        "Code": "UnsupportedOperationException",
        "Message": f"{arn} origin is EXTERNAL which is not valid for this operation.",
    }


# --- key last usage ------------------------------------------------------------------------------

needs_last_usage = pytest.mark.skipif(
    "GetKeyLastUsage" not in service_model().operation_names,
    reason="this botocore predates GetKeyLastUsage",
)


@needs_last_usage
def test_key_last_usage_tracks_successful_cryptographic_calls(
    clock: Any, kms: Any, kms_fake: KmsFake, key_id: str
) -> None:
    unused = kms.get_key_last_usage(KeyId=key_id)
    assert unused["KeyLastUsage"] == {} and unused["KeyId"] == key_id
    assert unused["TrackingStartDate"] == unused["KeyCreationDate"] == START
    clock.tick(DAY)
    blob = kms.encrypt(KeyId=key_id, Plaintext=b"x")
    clock.tick(DAY)
    kms.describe_key(KeyId=key_id)  # not a cryptographic operation
    with pytest.raises(ClientError):
        kms.decrypt(CiphertextBlob=blob["CiphertextBlob"], EncryptionContext={"wrong": "context"})
    last = kms.get_key_last_usage(KeyId=key_id)["KeyLastUsage"]
    assert last["Operation"] == "Encrypt" and last["Timestamp"] == START + DAY
    encrypt_call = kms_fake.calls.filter("Encrypt")[-1]
    assert encrypt_call.response is not None
    assert last["KmsRequestId"] == encrypt_call.response["ResponseMetadata"]["RequestId"]
