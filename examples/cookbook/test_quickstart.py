"""The first test from the quick start and the home page, exactly as the docs show it."""

from __future__ import annotations

# --8<-- [start:first-test]
import boto3
import pytest


def test_a_disabled_key_refuses_to_encrypt(kms_fake):
    kms = boto3.client("kms", region_name="us-east-1")
    key_id = kms.create_key(Description="orders")["KeyMetadata"]["KeyId"]
    kms.disable_key(KeyId=key_id)

    with pytest.raises(kms.exceptions.DisabledException, match="is disabled"):
        kms.encrypt(KeyId=key_id, Plaintext=b"card number")

    kms_fake.assert_called_once("DisableKey", KeyId=key_id)
    # --8<-- [end:first-test]


# --8<-- [start:round-trip]
def test_encrypt_then_decrypt(kms_fake):
    kms = boto3.client("kms", region_name="us-east-1")
    key_id = kms.create_key()["KeyMetadata"]["KeyId"]

    blob = kms.encrypt(KeyId=key_id, Plaintext=b"hello")["CiphertextBlob"]
    answer = kms.decrypt(CiphertextBlob=blob)  # no KeyId needed: the blob names its key

    assert answer["Plaintext"] == b"hello"
    assert answer["KeyId"].endswith(key_id)  # KMS answers with the key ARN
    # --8<-- [end:round-trip]
