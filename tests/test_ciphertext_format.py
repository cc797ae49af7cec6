"""The symmetric ciphertext blob: its documented layout, what Decrypt refuses, and how the
encryption context is bound to it."""

from __future__ import annotations

from typing import Any

import pytest

ARN_PREFIX = "arn:aws:kms:us-east-1:111122223333:key/"
MATERIAL_ID_BYTES = 32
NONCE_BYTES = 12
TAG_BYTES = 16


def _encrypt(kms: Any, key_id: str, plaintext: bytes = b"secret", **extra: Any) -> bytes:
    return bytes(kms.encrypt(KeyId=key_id, Plaintext=plaintext, **extra)["CiphertextBlob"])


def _header_length(key_id: str) -> int:
    return 1 + 2 + len(ARN_PREFIX + key_id) + MATERIAL_ID_BYTES


def test_blob_layout_is_version_arn_material_nonce_and_sealed_text(kms: Any, key_id: str) -> None:
    arn = (ARN_PREFIX + key_id).encode()
    blob = _encrypt(kms, key_id, b"0123456789")
    assert blob[0] == 0x01
    assert int.from_bytes(blob[1:3], "big") == len(arn)
    assert blob[3 : 3 + len(arn)] == arn
    assert len(blob) == _header_length(key_id) + NONCE_BYTES + 10 + TAG_BYTES


@pytest.mark.parametrize("version", [0x00, 0x02, 0xFF])
def test_an_unknown_version_byte_is_refused(kms: Any, key_id: str, version: int) -> None:
    blob = _encrypt(kms, key_id)
    with pytest.raises(kms.exceptions.InvalidCiphertextException):
        kms.decrypt(CiphertextBlob=bytes([version]) + blob[1:])


def test_an_unknown_version_byte_is_refused_before_the_key_id_is_compared(
    kms: Any, key_id: str
) -> None:
    other = kms.create_key()["KeyMetadata"]["KeyId"]
    blob = _encrypt(kms, key_id)
    with pytest.raises(kms.exceptions.InvalidCiphertextException):
        kms.decrypt(CiphertextBlob=b"\x02" + blob[1:], KeyId=other)


@pytest.mark.parametrize("blob", [b"\x01", b"\x01\x00", b"\x01\x00\x05abc", b"\x01\x00\x01\xff"])
def test_a_blob_cut_inside_its_header_is_refused(kms: Any, blob: bytes) -> None:
    with pytest.raises(kms.exceptions.InvalidCiphertextException):
        kms.decrypt(CiphertextBlob=blob)


@pytest.mark.parametrize(
    "keep",
    [
        0,  # the header alone
        5,  # part of the nonce
        NONCE_BYTES,  # the nonce, nothing sealed
        NONCE_BYTES + 4,  # a truncated tag
        NONCE_BYTES + TAG_BYTES - 1,
    ],
)
def test_a_blob_too_short_for_nonce_and_tag_is_refused(kms: Any, key_id: str, keep: int) -> None:
    blob = _encrypt(kms, key_id)
    cut = blob[: _header_length(key_id) + keep]
    with pytest.raises(kms.exceptions.InvalidCiphertextException):
        kms.decrypt(CiphertextBlob=cut)


def test_a_truncated_tag_is_refused(kms: Any, key_id: str) -> None:
    blob = _encrypt(kms, key_id)
    with pytest.raises(kms.exceptions.InvalidCiphertextException):
        kms.decrypt(CiphertextBlob=blob[:-1])


@pytest.mark.parametrize(
    ("context", "other"),
    [
        ({"ab": "c"}, {"a": "bc"}),
        ({"a": "v"}, {"b": "v"}),  # same value, different key
        ({"k": "1"}, {"k": "2"}),  # same key, different value
        ({"a": "\x00\x00\x00\x01z"}, {"a\x00\x00\x00\x05": "z"}),  # key length is bound
        (
            {"a": "x", "b": "y\x00\x00\x00\x01cz"},
            {"a": "x\x00\x00\x00\x01by", "c": "z"},
        ),  # value length is bound
    ],
)
def test_contexts_that_differ_do_not_decrypt_each_others_blobs(
    kms: Any, key_id: str, context: dict[str, str], other: dict[str, str]
) -> None:
    for made_with, opened_with in ((context, other), (other, context)):
        blob = _encrypt(kms, key_id, EncryptionContext=made_with)
        assert kms.decrypt(CiphertextBlob=blob, EncryptionContext=made_with)["Plaintext"] == (
            b"secret"
        )
        with pytest.raises(kms.exceptions.InvalidCiphertextException):
            kms.decrypt(CiphertextBlob=blob, EncryptionContext=opened_with)
