"""The same test written three ways: with pytest-kmsfake, with moto's mock_aws and with
botocore's Stubber. docs/migrating.md shows them side by side.

The moto version runs only where moto is installed (`pip install "moto[kms]"`).
"""

from __future__ import annotations

import os

import boto3
import pytest
from botocore.stub import Stubber
from cryptography.hazmat.primitives.ciphers.aead import AESGCM


# --8<-- [start:code-under-test]
def seal_note(kms, key_id: str, note: bytes) -> dict:
    data_key = kms.generate_data_key(
        KeyId=key_id, KeySpec="AES_256", EncryptionContext={"app": "notes"}
    )
    nonce = os.urandom(12)
    body = AESGCM(data_key["Plaintext"]).encrypt(nonce, note, None)
    return {"key": data_key["CiphertextBlob"], "nonce": nonce, "body": body}


def open_note(kms, sealed: dict) -> bytes:
    data_key = kms.decrypt(CiphertextBlob=sealed["key"], EncryptionContext={"app": "notes"})
    return AESGCM(data_key["Plaintext"]).decrypt(sealed["nonce"], sealed["body"], None)
    # --8<-- [end:code-under-test]


# --8<-- [start:kmsfake]
def test_notes_with_pytest_kmsfake(kms_fake):
    kms = boto3.client("kms", region_name="us-east-1")
    key_id = kms.create_key()["KeyMetadata"]["KeyId"]
    kms.create_alias(AliasName="alias/notes", TargetKeyId=key_id)

    sealed = seal_note(kms, "alias/notes", b"hello")

    assert open_note(kms, sealed) == b"hello"
    kms_fake.assert_called_once("GenerateDataKey", KeyId="alias/notes", KeySpec="AES_256")
    # --8<-- [end:kmsfake]


# --8<-- [start:moto]
@pytest.mark.kms_fake_guard(False)  # moto answers this test's KMS requests, after signing
def test_notes_with_moto():
    moto = pytest.importorskip("moto")
    with moto.mock_aws():
        kms = boto3.client("kms", region_name="us-east-1")  # created inside the mock
        key_id = kms.create_key()["KeyMetadata"]["KeyId"]
        kms.create_alias(AliasName="alias/notes", TargetKeyId=key_id)

        sealed = seal_note(kms, "alias/notes", b"hello")

        assert open_note(kms, sealed) == b"hello"
        # No call log: to check the KeySpec, wrap or spy on the client yourself.
    # --8<-- [end:moto]


# --8<-- [start:stubber]
def test_notes_with_stubber():
    kms = boto3.client("kms", region_name="us-east-1")
    data_key = os.urandom(32)
    key_arn = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
    context = {"app": "notes"}

    with Stubber(kms) as stub:
        stub.add_response(
            "generate_data_key",
            {"CiphertextBlob": b"wrapped-key", "Plaintext": data_key, "KeyId": key_arn},
            expected_params={
                "KeyId": "alias/notes",
                "KeySpec": "AES_256",
                "EncryptionContext": context,
            },
        )
        stub.add_response(
            "decrypt",
            {"Plaintext": data_key, "KeyId": key_arn},
            expected_params={"CiphertextBlob": b"wrapped-key", "EncryptionContext": context},
        )

        sealed = seal_note(kms, "alias/notes", b"hello")

        assert open_note(kms, sealed) == b"hello"
        stub.assert_no_pending_responses()
    # --8<-- [end:stubber]


# --8<-- [start:mixing]
def test_a_stubber_keeps_priority_over_the_fake(kms_fake):
    stubbed = boto3.client("kms", region_name="us-east-1")
    other = boto3.client("kms", region_name="us-east-1")

    with Stubber(stubbed) as stub:
        stub.add_response("list_keys", {"Keys": [], "Truncated": False})
        assert stubbed.list_keys()["Keys"] == []  # answered by the Stubber
        stub.assert_no_pending_responses()

    other.create_key()  # answered by the fake
    assert kms_fake.calls.counts() == {"CreateKey": 1}  # the stubbed call never reached it
    # --8<-- [end:mixing]


# --8<-- [start:with-moto]
def test_moto_for_s3_and_the_fake_for_kms(kms_fake):
    moto = pytest.importorskip("moto")
    with moto.mock_aws():
        s3 = boto3.client("s3", region_name="us-east-1")
        kms = boto3.client("kms", region_name="us-east-1")
        s3.create_bucket(Bucket="reports")  # served by moto
        key_id = kms.create_key()["KeyMetadata"]["KeyId"]  # served by the fake

        blob = kms.encrypt(KeyId=key_id, Plaintext=b"report")["CiphertextBlob"]
        s3.put_object(Bucket="reports", Key="q3", Body=blob)

        stored = s3.get_object(Bucket="reports", Key="q3")["Body"].read()
        assert kms.decrypt(CiphertextBlob=stored)["Plaintext"] == b"report"
    assert kms_fake.calls.counts() == {"CreateKey": 1, "Encrypt": 1, "Decrypt": 1}
    # --8<-- [end:with-moto]
