"""Recipe: sign a JWT with a KMS key, and verify it offline with the public key."""

from __future__ import annotations

import base64
import hashlib
import json

import boto3
import pytest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding
from cryptography.hazmat.primitives.asymmetric.utils import (
    decode_dss_signature,
    encode_dss_signature,
)
from cryptography.hazmat.primitives.serialization import load_der_public_key


# --8<-- [start:sign]
def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


# JWS algorithm -> (KMS signing algorithm, size of r and s in an ES* signature)
JWS_ALGORITHMS = {
    "ES256": ("ECDSA_SHA_256", 32),
    "RS256": ("RSASSA_PKCS1_V1_5_SHA_256", None),
}


def sign_jwt(kms, key_id: str, alg: str, claims: dict) -> str:
    header = {"alg": alg, "typ": "JWT", "kid": key_id}
    signing_input = ".".join(
        b64url(json.dumps(part, separators=(",", ":")).encode()) for part in (header, claims)
    ).encode("ascii")
    kms_algorithm, half = JWS_ALGORITHMS[alg]
    # KMS signs at most 4096 bytes of RAW message; hashing first works for any length.
    signature = kms.sign(
        KeyId=key_id,
        Message=hashlib.sha256(signing_input).digest(),
        MessageType="DIGEST",
        SigningAlgorithm=kms_algorithm,
    )["Signature"]
    if half is not None:  # KMS returns ECDSA signatures in DER; JWS wants r || s
        r, s = decode_dss_signature(signature)
        signature = r.to_bytes(half, "big") + s.to_bytes(half, "big")
    return f"{signing_input.decode('ascii')}.{b64url(signature)}"
    # --8<-- [end:sign]


# --8<-- [start:verify]
def verify_jwt(token: str, public_key_der: bytes) -> dict:
    """Offline: no KMS call, only the public key (from GetPublicKey, fetched once)."""
    header_b64, claims_b64, signature_b64 = token.split(".")
    header = json.loads(b64url_decode(header_b64))
    signing_input = f"{header_b64}.{claims_b64}".encode("ascii")
    signature = b64url_decode(signature_b64)
    public_key = load_der_public_key(public_key_der)
    if header["alg"] == "ES256":
        if not isinstance(public_key, ec.EllipticCurvePublicKey) or len(signature) != 64:
            raise InvalidSignature("not an ES256 signature for this key")
        der = encode_dss_signature(
            int.from_bytes(signature[:32], "big"), int.from_bytes(signature[32:], "big")
        )
        public_key.verify(der, signing_input, ec.ECDSA(hashes.SHA256()))
    elif header["alg"] == "RS256":
        public_key.verify(signature, signing_input, padding.PKCS1v15(), hashes.SHA256())
    else:
        raise InvalidSignature(f"unexpected alg {header['alg']!r}")
    return json.loads(b64url_decode(claims_b64))
    # --8<-- [end:verify]


# --8<-- [start:tests]
KEY_SPECS = {"ES256": "ECC_NIST_P256", "RS256": "RSA_2048"}


@pytest.fixture
def kms(kms_fake):
    return boto3.client("kms", region_name="us-east-1")


@pytest.fixture(params=["ES256", "RS256"])
def signing_key(request, kms):
    alg = request.param
    key_id = kms.create_key(KeySpec=KEY_SPECS[alg], KeyUsage="SIGN_VERIFY")["KeyMetadata"]["KeyId"]
    public_key = kms.get_public_key(KeyId=key_id)["PublicKey"]
    return alg, key_id, public_key


def test_a_token_signed_in_kms_verifies_offline(kms, kms_fake, signing_key):
    alg, key_id, public_key = signing_key
    token = sign_jwt(kms, key_id, alg, {"sub": "ada", "scope": "orders:read"})

    calls_before = kms_fake.calls.call_count
    assert verify_jwt(token, public_key) == {"sub": "ada", "scope": "orders:read"}
    assert kms_fake.calls.call_count == calls_before  # verification made no KMS call

    header = json.loads(b64url_decode(token.split(".")[0]))
    assert header == {"alg": alg, "typ": "JWT", "kid": key_id}


def test_an_es256_signature_is_raw_r_and_s(kms):
    key_id = kms.create_key(KeySpec="ECC_NIST_P256", KeyUsage="SIGN_VERIFY")["KeyMetadata"]["KeyId"]
    token = sign_jwt(kms, key_id, "ES256", {"sub": "ada"})
    assert len(b64url_decode(token.split(".")[2])) == 64  # DER is usually 70 to 72 bytes


def test_a_changed_claim_fails_verification(kms, signing_key):
    alg, key_id, public_key = signing_key
    header, _, signature = sign_jwt(kms, key_id, alg, {"sub": "ada", "admin": False}).split(".")
    forged = b64url(json.dumps({"sub": "ada", "admin": True}).encode())
    with pytest.raises(InvalidSignature):
        verify_jwt(f"{header}.{forged}.{signature}", public_key)


def test_kms_agrees_the_signature_is_valid(kms, signing_key):
    alg, key_id, _ = signing_key
    token = sign_jwt(kms, key_id, alg, {"sub": "ada"})
    signing_input, signature = token.rsplit(".", 1)
    raw = b64url_decode(signature)
    if alg == "ES256":  # back to DER for KMS
        raw = encode_dss_signature(int.from_bytes(raw[:32], "big"), int.from_bytes(raw[32:], "big"))
    kms_algorithm, _ = JWS_ALGORITHMS[alg]
    assert kms.verify(
        KeyId=key_id,
        Message=signing_input.encode("ascii"),
        MessageType="RAW",
        Signature=raw,
        SigningAlgorithm=kms_algorithm,
    )["SignatureValid"]


def test_a_disabled_key_cannot_sign_but_old_tokens_still_verify(kms, signing_key):
    alg, key_id, public_key = signing_key
    token = sign_jwt(kms, key_id, alg, {"sub": "ada"})
    kms.disable_key(KeyId=key_id)
    with pytest.raises(kms.exceptions.DisabledException):
        sign_jwt(kms, key_id, alg, {"sub": "ada"})
    assert verify_jwt(token, public_key) == {"sub": "ada"}
    # --8<-- [end:tests]
