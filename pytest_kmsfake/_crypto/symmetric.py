"""Symmetric KMS cryptography: AES-256-GCM under a self-describing ciphertext blob.

Pure functions over bytes; they raise `CiphertextError`, never an AWS error, and the
operations decide what AWS says. The blob names the key ARN and the key material that
made it, so Decrypt needs no KeyId, and all of its header is authenticated together with
an unambiguous encoding of the encryption context.

Blob layout (version 1):
    0x01 | u16 len | key ARN (UTF-8) | 32-byte material id | 12-byte nonce | ciphertext+tag
"""

from __future__ import annotations

import functools
import os
import struct
from collections.abc import Mapping
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

_VERSION = 1
_MATERIAL_ID_BYTES = 32
_NONCE_BYTES = 12
_TAG_BYTES = 16
SECRET_BYTES = 32


class CiphertextError(Exception):
    """The blob is malformed, was tampered with, or does not match its context."""


@dataclass(frozen=True)
class ParsedBlob:
    key_arn: str
    material_id: str  # lowercase hex
    header: bytes
    nonce: bytes
    sealed: bytes


@functools.lru_cache(maxsize=512)
def _cipher(secret: bytes) -> AESGCM:
    """One AESGCM per key material, kept while it is in use."""
    return AESGCM(secret)


def new_secret() -> bytes:
    return os.urandom(SECRET_BYTES)


def new_material_id() -> str:
    return os.urandom(_MATERIAL_ID_BYTES).hex()


def encode_context(context: Mapping[str, str]) -> bytes:
    """Length-prefixed, sorted pairs: distinct contexts never encode alike."""
    items = sorted((k.encode("utf-8"), v.encode("utf-8")) for k, v in context.items())
    parts = [struct.pack(">I", len(items))]
    for key, value in items:
        parts += [struct.pack(">I", len(key)), key, struct.pack(">I", len(value)), value]
    return b"".join(parts)


def seal(
    secret: bytes, key_arn: str, material_id: str, plaintext: bytes, context: Mapping[str, str]
) -> bytes:
    arn = key_arn.encode("utf-8")
    header = bytes([_VERSION]) + struct.pack(">H", len(arn)) + arn + bytes.fromhex(material_id)
    nonce = os.urandom(_NONCE_BYTES)
    sealed = _cipher(secret).encrypt(nonce, plaintext, header + encode_context(context))
    return header + nonce + sealed


def parse(blob: bytes) -> ParsedBlob:
    try:
        if blob[0] != _VERSION:
            raise CiphertextError("unknown blob version")
        (arn_len,) = struct.unpack_from(">H", blob, 1)
        arn_end = 3 + arn_len
        header_end = arn_end + _MATERIAL_ID_BYTES
        arn = blob[3:arn_end].decode("utf-8")
    except (IndexError, struct.error, UnicodeDecodeError) as exc:
        raise CiphertextError(str(exc)) from exc
    if len(blob) < header_end + _NONCE_BYTES + _TAG_BYTES:
        raise CiphertextError("blob too short")
    return ParsedBlob(
        key_arn=arn,
        material_id=blob[arn_end:header_end].hex(),
        header=blob[:header_end],
        nonce=blob[header_end : header_end + _NONCE_BYTES],
        sealed=blob[header_end + _NONCE_BYTES :],
    )


def open_sealed(secret: bytes, blob: ParsedBlob, context: Mapping[str, str]) -> bytes:
    try:
        return _cipher(secret).decrypt(
            blob.nonce, blob.sealed, blob.header + encode_context(context)
        )
    except InvalidTag as exc:
        raise CiphertextError("authentication failed") from exc
