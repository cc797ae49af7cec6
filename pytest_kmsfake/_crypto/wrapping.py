"""Unwrapping key material a user wrapped offline for ImportKeyMaterial. Pure functions.

RSAES_OAEP_SHA_*: RSA-OAEP with MGF1 of the same hash and no label. RSA_AES_KEY_WRAP_SHA_*:
CKM_RSA_AES_KEY_WRAP, an ephemeral AES-256 key encrypted with RSA-OAEP, followed by the
material wrapped under it with AES Key Wrap with Padding (RFC 5649) [DOCS importing-keys].
SM2PKE: SM2 public-key encryption under the SM2 wrapping key.
"""

from __future__ import annotations

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.keywrap import InvalidUnwrap, aes_key_unwrap_with_padding

from . import asymmetric as _asymmetric

_HASHES = {"SHA_1": hashes.SHA1, "SHA_256": hashes.SHA256}


class UnwrapError(Exception):
    """The wrapped material does not open with this wrapping key and algorithm."""


def unwrap(algorithm: str, wrapping_key_spec: str, private_der: bytes, wrapped: bytes) -> bytes:
    if algorithm == "SM2PKE":
        try:
            return _asymmetric.decrypt("SM2", private_der, "SM2PKE", wrapped)
        except _asymmetric.AsymmetricError as exc:
            raise UnwrapError(str(exc)) from None
    private = serialization.load_der_private_key(private_der, password=None)
    assert isinstance(private, rsa.RSAPrivateKey), "wrapping keys are RSA or SM2"
    hash_name = algorithm.rsplit("_SHA_", 1)[1]
    oaep = padding.OAEP(
        mgf=padding.MGF1(_HASHES[f"SHA_{hash_name}"]()),
        algorithm=_HASHES[f"SHA_{hash_name}"](),
        label=None,
    )
    try:
        if algorithm.startswith("RSAES_OAEP_"):
            return _oaep_decrypt(private, oaep, wrapped)
        if algorithm.startswith("RSA_AES_KEY_WRAP_"):
            size = private.key_size // 8
            aes_key = _oaep_decrypt(private, oaep, wrapped[:size])
            return aes_key_unwrap_with_padding(aes_key, wrapped[size:])
    except (InvalidUnwrap, ValueError) as exc:
        raise UnwrapError(str(exc)) from None
    raise UnwrapError(f"unknown wrapping algorithm {algorithm}")


def _oaep_decrypt(private: rsa.RSAPrivateKey, oaep: padding.OAEP, data: bytes) -> bytes:
    try:
        return private.decrypt(data, oaep)
    except ValueError as exc:
        raise UnwrapError(str(exc)) from None
