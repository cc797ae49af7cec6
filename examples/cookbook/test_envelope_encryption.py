"""Recipe: envelope encryption of your own data with GenerateDataKey and AES-GCM."""

from __future__ import annotations

import os

import boto3
import pytest
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM


# --8<-- [start:app]
def seal_document(kms, key_id: str, owner: str, document: bytes) -> dict:
    """Encrypt `document` under a fresh data key; store only the data key's ciphertext."""
    data_key = kms.generate_data_key(
        KeyId=key_id, KeySpec="AES_256", EncryptionContext={"owner": owner}
    )
    nonce = os.urandom(12)
    body = AESGCM(data_key["Plaintext"]).encrypt(nonce, document, owner.encode())
    return {
        "owner": owner,
        "encrypted_key": data_key["CiphertextBlob"],
        "nonce": nonce,
        "body": body,
    }


def open_document(kms, envelope: dict) -> bytes:
    """Ask KMS to decrypt the data key, then decrypt the document locally."""
    data_key = kms.decrypt(
        CiphertextBlob=envelope["encrypted_key"],
        EncryptionContext={"owner": envelope["owner"]},
    )["Plaintext"]
    return AESGCM(data_key).decrypt(envelope["nonce"], envelope["body"], envelope["owner"].encode())
    # --8<-- [end:app]


@pytest.fixture
def kms(kms_fake):
    return boto3.client("kms", region_name="us-east-1")


@pytest.fixture
def key_id(kms_fake):
    return kms_fake.create_key(Description="documents")


def test_a_document_round_trips(kms, key_id):
    envelope = seal_document(kms, key_id, "ada", b"the contract")
    assert open_document(kms, envelope) == b"the contract"


def test_the_data_key_is_a_real_256_bit_key(kms, key_id):
    data_key = kms.generate_data_key(KeyId=key_id, KeySpec="AES_256")
    assert len(data_key["Plaintext"]) == 32
    assert data_key["Plaintext"] not in data_key["CiphertextBlob"]


def test_every_document_gets_its_own_data_key(kms, kms_fake, key_id):
    first = seal_document(kms, key_id, "ada", b"one")
    second = seal_document(kms, key_id, "ada", b"two")
    assert first["encrypted_key"] != second["encrypted_key"]
    assert kms_fake.calls.counts() == {"GenerateDataKey": 2}


def test_the_data_key_is_bound_to_its_owner(kms, key_id):
    envelope = seal_document(kms, key_id, "ada", b"the contract")
    envelope["owner"] = "mallory"
    with pytest.raises(kms.exceptions.InvalidCiphertextException):
        open_document(kms, envelope)


def test_a_tampered_body_fails_locally_not_in_kms(kms, kms_fake, key_id):
    envelope = seal_document(kms, key_id, "ada", b"the contract")
    envelope["body"] = bytes([envelope["body"][0] ^ 1]) + envelope["body"][1:]
    with pytest.raises(InvalidTag):
        open_document(kms, envelope)
    assert kms_fake.calls.last.operation == "Decrypt" and kms_fake.calls.last.succeeded


def test_documents_stay_sealed_while_the_key_is_disabled(kms, kms_fake, key_id):
    envelope = seal_document(kms, key_id, "ada", b"the contract")
    kms.disable_key(KeyId=key_id)
    with pytest.raises(kms.exceptions.DisabledException):
        open_document(kms, envelope)
