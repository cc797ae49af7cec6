"""Recipe: sign with a KMS key and verify offline; data key pairs for local encryption."""

from __future__ import annotations

import boto3
import pytest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec


def test_a_signature_verifies_outside_kms(kms_fake):
    kms = boto3.client("kms", region_name="us-east-1")
    key_id = kms.create_key(KeySpec="ECC_NIST_P256", KeyUsage="SIGN_VERIFY")["KeyMetadata"]["KeyId"]

    signature = kms.sign(KeyId=key_id, Message=b"invoice 42", SigningAlgorithm="ECDSA_SHA_256")[
        "Signature"
    ]

    public = serialization.load_der_public_key(kms.get_public_key(KeyId=key_id)["PublicKey"])
    public.verify(signature, b"invoice 42", ec.ECDSA(hashes.SHA256()))  # raises if invalid
    with pytest.raises(InvalidSignature):  # and it is: the signature covers that message only
        public.verify(signature, b"invoice 43", ec.ECDSA(hashes.SHA256()))


def test_a_data_key_pair(kms_fake):
    kms = boto3.client("kms", region_name="us-east-1")
    key_id = kms.create_key()["KeyMetadata"]["KeyId"]

    pair = kms.generate_data_key_pair(KeyId=key_id, KeyPairSpec="ECC_NIST_P256")

    private = serialization.load_der_private_key(pair["PrivateKeyPlaintext"], password=None)
    public_der = private.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    assert public_der == pair["PublicKey"]
    # Store the encrypted private key; KMS gives it back when needed.
    again = kms.decrypt(CiphertextBlob=pair["PrivateKeyCiphertextBlob"])["Plaintext"]
    assert again == pair["PrivateKeyPlaintext"]
