"""Asymmetric KMS cryptography: pure functions over DER bytes.

Private keys travel as PKCS#8 DER, public keys as SubjectPublicKeyInfo DER; functions that
need a public key also accept the private key. Nothing here knows about key state, AWS
errors or botocore: bad input raises an `AsymmetricError` subclass and dispatch decides
what AWS would say. No other exception escapes (a wrong signature is `False`).

Backed by `cryptography`, with these exceptions:
  * SM2 is `_sm2` (pure Python); `cryptography` has no SM2 curve.
  * ED25519_PH_SHA_512 is Ed25519ph (RFC 8032 HashEdDSA, empty context) in pure Python below,
    because `cryptography` offers only PureEdDSA. As KMS documents [MD], with MessageType
    DIGEST KMS still applies the SHA-512 prehash: the caller's 64 bytes are the message M and
    PH(M) = SHA-512(M), so an offline Ed25519ph verifier checks the signature over those bytes.
  * ML-DSA and ML-KEM come from `cryptography` (>= 47) when the module and the parameter set
    exist and the backend supports them. Otherwise ML-DSA specs raise `UnsupportedByBackend`
    (cryptography 48 has no ML-DSA signing or verifying of an external mu), and ML-KEM is the
    pure-Python `_mlkem` (cryptography 50 still has no ML-KEM-512), with the same DER.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import os
from typing import Any

from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, utils

from .._rules.algorithms import (
    DIGEST,
    ECDSA,
    ED25519PH,
    EXTERNAL_MU,
    MAC_ALGORITHMS,
    MAX_PLAINTEXT_BYTES,
    RSA_PSS,
    SIGNING_ALGORITHMS,
    EncryptionAlgorithm,
    SigningAlgorithm,
)
from .._rules.key_specs import KEY_SPECS, KeyFamily, KeySpecRule
from . import ed25519ph as _ed25519ph
from . import sm2 as _sm2
from .asymmetric_keys import (
    _HASHES,
    AsymmetricError,
    BadDigestLength,
    BadMessageType,
    IncompatibleAlgorithm,
    InvalidCiphertext,
    InvalidKeyMaterial,
    InvalidPeerKey,
    PlaintextTooLarge,
    RandBytes,
    UnknownSpec,
    UnsupportedByBackend,
    _encryption,
    _has_external_mu,
    _private,
    _public,
    _signing,
    _spec,
    backend_supports,
    check_private_key,
    derive_private_key,
    generate_private_key,
    public_key_der,
)

__all__ = [
    "AsymmetricError",
    "BadDigestLength",
    "BadMessageType",
    "IncompatibleAlgorithm",
    "InvalidCiphertext",
    "InvalidKeyMaterial",
    "InvalidPeerKey",
    "PlaintextTooLarge",
    "RandBytes",
    "UnknownSpec",
    "UnsupportedByBackend",
    "backend_supports",
    "check_message",
    "check_private_key",
    "decapsulate",
    "decrypt",
    "derive_private_key",
    "derive_shared_secret",
    "encapsulate",
    "encrypt",
    "generate_private_key",
    "hmac_generate_key",
    "hmac_mac",
    "hmac_verify",
    "public_key_der",
    "sign",
    "verify",
]

# --- Sign / verify -------------------------------------------------------------------------


def check_message(algorithm: str, message: bytes, message_type: str) -> None:
    """Refuse a message the signing algorithm cannot take with this MessageType."""
    try:
        alg = SIGNING_ALGORITHMS[algorithm]
    except KeyError:
        raise UnknownSpec(f"unknown signing algorithm {algorithm!r}") from None
    _check_message(alg, message, message_type)


def _check_message(alg: SigningAlgorithm, message: bytes, message_type: str) -> None:
    if message_type not in alg.message_types:
        raise BadMessageType(alg.name, alg.family, message_type)
    expected = {DIGEST: alg.digest_length, EXTERNAL_MU: alg.mu_length}.get(message_type)
    if expected is not None and len(message) != expected:
        raise BadDigestLength(alg.name, expected, len(message))
    if message_type == EXTERNAL_MU and not _has_external_mu():
        raise UnsupportedByBackend(
            f"{alg.name} with MessageType EXTERNAL_MU needs ML-DSA signing from a precomputed mu, "
            "which the installed cryptography (before 50) does not provide"
        )


def _rsa_padding(alg: SigningAlgorithm) -> padding.AsymmetricPadding:
    if alg.scheme == RSA_PSS:
        assert alg.salt_length is not None
        return padding.PSS(mgf=padding.MGF1(_HASHES[alg.hash_name]()), salt_length=alg.salt_length)
    return padding.PKCS1v15()


@functools.cache
def _hash_arg(alg: SigningAlgorithm, message_type: str) -> Any:
    """The hash argument of cryptography's sign/verify. Stateless, so made once each."""
    algorithm = _HASHES[alg.hash_name]()
    return utils.Prehashed(algorithm) if message_type == DIGEST else algorithm


@functools.cache
def _ecdsa(alg: SigningAlgorithm, message_type: str) -> ec.ECDSA:
    return ec.ECDSA(_hash_arg(alg, message_type))


def _sm2_digest(point: _sm2.Point, message: bytes, message_type: str) -> bytes:
    return message if message_type == DIGEST else _sm2.message_digest(point, message)


def sign(
    key_spec: str, private_der: bytes, algorithm: str, message: bytes, message_type: str
) -> bytes:
    """RSA: PKCS#1 signature of modulus size. ECDSA/SM2DSA: DER (r, s). Ed25519: 64 bytes."""
    spec, alg = _signing(key_spec, algorithm)
    _check_message(alg, message, message_type)
    key = _private(key_spec, private_der)
    if spec.family == KeyFamily.SM2:
        return _sm2.sign_digest(key, _sm2_digest(_sm2.public_point(key), message, message_type))
    if spec.family == KeyFamily.RSA:
        result: bytes = key.sign(message, _rsa_padding(alg), _hash_arg(alg, message_type))
    elif spec.family == KeyFamily.ECC:
        result = key.sign(message, _ecdsa(alg, message_type))
    elif alg.scheme == ED25519PH:
        seed = key.private_bytes_raw()
        result = _ed25519ph.sign(seed, hashlib.sha512(message).digest())
    elif message_type == EXTERNAL_MU:  # ML-DSA over a precomputed mu (FIPS 204 section 6.2)
        result = key.sign_mu(message)
    else:  # ED25519 and ML-DSA (RAW, empty context)
        result = key.sign(message)
    return result


def verify(
    key_spec: str,
    public_or_private_der: bytes,
    algorithm: str,
    message: bytes,
    message_type: str,
    signature: bytes,
) -> bool:
    """True if `signature` is valid; False for any wrong or malformed signature."""
    spec, alg = _signing(key_spec, algorithm)
    _check_message(alg, message, message_type)
    key = _public(key_spec, public_or_private_der)
    if spec.family == KeyFamily.SM2:
        return _sm2.verify_digest(key, _sm2_digest(key, message, message_type), signature)
    if alg.scheme == ED25519PH:
        raw = key.public_bytes_raw()
        return _ed25519ph.verify(raw, hashlib.sha512(message).digest(), signature)
    try:
        if spec.family == KeyFamily.RSA:
            key.verify(signature, message, _rsa_padding(alg), _hash_arg(alg, message_type))
        elif alg.scheme == ECDSA:
            key.verify(signature, message, _ecdsa(alg, message_type))
        elif message_type == EXTERNAL_MU:
            key.verify_mu(signature, message)
        else:  # ED25519 and ML-DSA
            key.verify(signature, message)
    except (InvalidSignature, ValueError, TypeError):
        return False
    return True


# --- Encrypt / decrypt ---------------------------------------------------------------------


def _oaep(alg: EncryptionAlgorithm) -> padding.OAEP:
    return padding.OAEP(
        mgf=padding.MGF1(_HASHES[alg.hash_name]()), algorithm=_HASHES[alg.hash_name](), label=None
    )


def encrypt(key_spec: str, public_der: bytes, algorithm: str, plaintext: bytes) -> bytes:
    """RSAES-OAEP (same hash for MGF1, empty label) or SM2PKE (GM/T 0009 DER)."""
    spec, alg = _encryption(key_spec, algorithm)
    limit = MAX_PLAINTEXT_BYTES[(key_spec, algorithm)]
    if len(plaintext) > limit:
        raise PlaintextTooLarge(key_spec, algorithm, limit)
    key = _public(key_spec, public_der)
    if spec.family == KeyFamily.SM2:
        try:
            return _sm2.encrypt(key, plaintext)
        except _sm2.SM2Error as exc:
            raise AsymmetricError(str(exc)) from None
    result: bytes = key.encrypt(plaintext, _oaep(alg))
    return result


def decrypt(key_spec: str, private_der: bytes, algorithm: str, ciphertext: bytes) -> bytes:
    spec, alg = _encryption(key_spec, algorithm)
    key = _private(key_spec, private_der)
    try:
        if spec.family == KeyFamily.SM2:
            return _sm2.decrypt(key, ciphertext)
        result: bytes = key.decrypt(ciphertext, _oaep(alg))
    except ValueError:  # includes SM2Error
        raise InvalidCiphertext(f"the ciphertext does not decrypt under {algorithm}") from None
    return result


# --- Key agreement and encapsulation -------------------------------------------------------


def derive_shared_secret(key_spec: str, private_der: bytes, peer_public_der: bytes) -> bytes:
    """Raw ECDH secret (the x-coordinate); the peer must be a DER SPKI on the same curve."""
    spec = _spec(key_spec)
    if spec.ecdh_secret_length is None:
        raise IncompatibleAlgorithm(f"ECDH does not apply to {key_spec}")
    key = _private(key_spec, private_der)
    if spec.family == KeyFamily.SM2:
        try:
            return _sm2.ecdh(key, _sm2.parse_public_key_der(peer_public_der))
        except _sm2.SM2Error as exc:
            raise InvalidPeerKey(f"peer key: {exc}") from None
    try:
        peer = serialization.load_der_public_key(peer_public_der)
    except (ValueError, TypeError, UnsupportedAlgorithm) as exc:
        raise InvalidPeerKey(f"peer key is not a DER SubjectPublicKeyInfo: {exc}") from None
    if not isinstance(peer, ec.EllipticCurvePublicKey) or peer.curve.name != spec.curve:
        raise InvalidPeerKey(f"peer key is not on the curve of {key_spec}")
    secret: bytes = key.exchange(ec.ECDH(), peer)
    return secret


def _kem_spec(key_spec: str) -> KeySpecRule:
    spec = _spec(key_spec)
    if spec.family != KeyFamily.ML_KEM:
        raise IncompatibleAlgorithm(f"ML_KEM does not apply to {key_spec}")
    return spec


def encapsulate(key_spec: str, public_der: bytes) -> tuple[bytes, bytes]:
    """(ciphertext, 32-byte shared secret)."""
    _kem_spec(key_spec)
    shared_secret, ciphertext = _public(key_spec, public_der).encapsulate()
    return ciphertext, shared_secret


def decapsulate(key_spec: str, private_der: bytes, ciphertext: bytes) -> bytes:
    """The shared secret; a wrong-length ciphertext raises, any other gets implicit rejection."""
    spec = _kem_spec(key_spec)
    if len(ciphertext) != spec.kem_ciphertext_length:
        raise InvalidCiphertext(
            f"{key_spec} ciphertext must be {spec.kem_ciphertext_length} bytes, "
            f"got {len(ciphertext)}"
        )
    key = _private(key_spec, private_der)
    try:
        secret: bytes = key.decapsulate(ciphertext)
    except ValueError:
        raise InvalidCiphertext(f"{key_spec} ciphertext was refused") from None
    return secret


# --- HMAC ----------------------------------------------------------------------------------


def hmac_generate_key(key_spec: str) -> bytes:
    spec = KEY_SPECS.get(key_spec)
    if spec is None or spec.hmac_key_length is None:
        raise UnknownSpec(f"unknown HMAC key spec {key_spec!r}")
    return os.urandom(spec.hmac_key_length)


def hmac_mac(algorithm: str, key: bytes, message: bytes) -> bytes:
    try:
        hash_name = MAC_ALGORITHMS[algorithm].hash_name
    except KeyError:
        raise UnknownSpec(f"unknown MAC algorithm {algorithm!r}") from None
    return hmac.new(key, message, hash_name.lower()).digest()


def hmac_verify(algorithm: str, key: bytes, message: bytes, mac: bytes) -> bool:
    return hmac.compare_digest(hmac_mac(algorithm, key, message), mac)
