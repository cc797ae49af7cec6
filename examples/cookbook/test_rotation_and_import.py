"""Recipe: rotation and imported key material, following the clock."""

from __future__ import annotations

import datetime
import os

import boto3
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding
from freezegun import freeze_time

DAY = datetime.timedelta(days=1)


def test_rotation_happens_when_the_period_passes(kms_fake):
    kms = boto3.client("kms", region_name="us-east-1")
    with freeze_time("2030-01-01") as clock:
        key_id = kms.create_key()["KeyMetadata"]["KeyId"]
        old = kms.encrypt(KeyId=key_id, Plaintext=b"old")["CiphertextBlob"]
        kms.enable_key_rotation(KeyId=key_id, RotationPeriodInDays=90)

        clock.tick(91 * DAY)

        [rotation] = kms.list_key_rotations(KeyId=key_id)["Rotations"]
        assert rotation["RotationType"] == "AUTOMATIC"
        assert kms.decrypt(CiphertextBlob=old)["Plaintext"] == b"old"  # still decrypts
        new = kms.encrypt(KeyId=key_id, Plaintext=b"new")["CiphertextBlob"]
        assert kms.decrypt(CiphertextBlob=new)["KeyMaterialId"] == rotation["KeyMaterialId"]


def wrap(public_key_der: bytes, material: bytes) -> bytes:
    """What you do offline before importing: RSAES_OAEP_SHA_256 under the wrapping key."""
    public = serialization.load_der_public_key(public_key_der)
    oaep = padding.OAEP(mgf=padding.MGF1(hashes.SHA256()), algorithm=hashes.SHA256(), label=None)
    return public.encrypt(material, oaep)


def test_imported_material_expires(kms_fake):
    kms = boto3.client("kms", region_name="us-east-1")
    with freeze_time("2030-01-01") as clock:
        key_id = kms.create_key(Origin="EXTERNAL")["KeyMetadata"]["KeyId"]
        params = kms.get_parameters_for_import(
            KeyId=key_id, WrappingAlgorithm="RSAES_OAEP_SHA_256", WrappingKeySpec="RSA_2048"
        )
        kms.import_key_material(
            KeyId=key_id,
            ImportToken=params["ImportToken"],
            EncryptedKeyMaterial=wrap(params["PublicKey"], os.urandom(32)),
            ExpirationModel="KEY_MATERIAL_EXPIRES",
            ValidTo=datetime.datetime(2030, 1, 31, tzinfo=datetime.timezone.utc),
        )
        assert kms.describe_key(KeyId=key_id)["KeyMetadata"]["KeyState"] == "Enabled"

        clock.tick(31 * DAY)

        assert kms.describe_key(KeyId=key_id)["KeyMetadata"]["KeyState"] == "PendingImport"


def test_advance_time_without_a_clock_library(kms_fake):
    kms = boto3.client("kms", region_name="us-east-1")
    key_id = kms.create_key()["KeyMetadata"]["KeyId"]
    kms.schedule_key_deletion(KeyId=key_id, PendingWindowInDays=7)

    kms_fake.advance_time(days=8)  # freezegun under the hood, until the fake stops

    assert kms.list_keys()["Keys"] == []
