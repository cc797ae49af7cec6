"""Asymmetric key material: the errors of the crypto core, looking up specs and algorithms,
loading PKCS#8 and SPKI DER (cached), generating and deriving private keys, and which specs
the installed `cryptography` can do. `_asymmetric` holds the operations on top."""

from __future__ import annotations

import importlib
import os
from functools import cache, lru_cache
from typing import Any, Callable

from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa

from .._rules.algorithms import (
    ENCRYPTION_ALGORITHMS,
    MAX_PLAINTEXT_BYTES,
    SIGNING_ALGORITHMS,
    EncryptionAlgorithm,
    SigningAlgorithm,
)
from .._rules.key_specs import KEY_SPECS, KeyFamily, KeySpecRule
from . import mlkem as _mlkem
from . import sm2 as _sm2
from .rsa_derive import derive_rsa as _derive_rsa

RandBytes = Callable[[int], bytes]


class AsymmetricError(Exception):
    """Bad input to an asymmetric or HMAC operation."""


class UnknownSpec(AsymmetricError):
    """A key spec or algorithm name this module does not know."""


class IncompatibleAlgorithm(AsymmetricError):
    """The algorithm or operation does not apply to the key spec."""


class InvalidKeyMaterial(AsymmetricError):
    """Key DER that does not parse, or is not a key of the given spec."""


class InvalidPeerKey(AsymmetricError):
    """A DeriveSharedSecret peer key that is not a DER SPKI on the key's curve."""


class BadMessageType(AsymmetricError):
    """A MessageType the signing algorithm does not allow."""

    def __init__(self, algorithm: str, family: KeyFamily, message_type: str) -> None:
        super().__init__(f"{algorithm} does not accept MessageType {message_type}")
        self.algorithm, self.family, self.message_type = algorithm, family, message_type


class BadDigestLength(AsymmetricError):
    """A DIGEST or EXTERNAL_MU message of the wrong length."""

    def __init__(self, algorithm: str, expected: int, actual: int) -> None:
        super().__init__(f"{algorithm} needs a {expected}-byte digest, got {actual} bytes")
        self.algorithm, self.expected, self.actual = algorithm, expected, actual


class PlaintextTooLarge(AsymmetricError):
    def __init__(self, key_spec: str, algorithm: str, limit: int) -> None:
        super().__init__(f"{algorithm} with {key_spec} encrypts at most {limit} bytes")
        self.key_spec, self.algorithm, self.limit = key_spec, algorithm, limit


class InvalidCiphertext(AsymmetricError):
    """A ciphertext that does not decrypt (or an ML-KEM ciphertext of the wrong length)."""


class UnsupportedByBackend(AsymmetricError):
    """The installed `cryptography` cannot do this; the message says what is missing."""


# --- Lookups -------------------------------------------------------------------------------


def _spec(key_spec: str) -> KeySpecRule:
    spec = KEY_SPECS.get(key_spec)
    if spec is None or spec.kind != "asymmetric":
        raise UnknownSpec(f"unknown asymmetric key spec {key_spec!r}")
    return spec


def _signing(key_spec: str, algorithm: str) -> tuple[KeySpecRule, SigningAlgorithm]:
    spec = _spec(key_spec)
    alg = SIGNING_ALGORITHMS.get(algorithm)
    if alg is None:
        raise UnknownSpec(f"unknown signing algorithm {algorithm!r}")
    if alg.family != spec.family:
        raise IncompatibleAlgorithm(f"{algorithm} does not apply to {key_spec}")
    return spec, alg


def _encryption(key_spec: str, algorithm: str) -> tuple[KeySpecRule, EncryptionAlgorithm]:
    spec = _spec(key_spec)
    alg = ENCRYPTION_ALGORITHMS.get(algorithm)
    if alg is None:
        raise UnknownSpec(f"unknown encryption algorithm {algorithm!r}")
    if (key_spec, algorithm) not in MAX_PLAINTEXT_BYTES:
        raise IncompatibleAlgorithm(f"{algorithm} does not apply to {key_spec}")
    return spec, alg


_HASHES: dict[str, Callable[[], hashes.HashAlgorithm]] = {
    "SHA1": hashes.SHA1,
    "SHA256": hashes.SHA256,
    "SHA384": hashes.SHA384,
    "SHA512": hashes.SHA512,
}
_CURVES: dict[str, Callable[[], ec.EllipticCurve]] = {
    "secp256r1": ec.SECP256R1,
    "secp384r1": ec.SECP384R1,
    "secp521r1": ec.SECP521R1,
    "secp256k1": ec.SECP256K1,
}
_CURVE_ORDERS: dict[str, int] = {  # SEC 2 / FIPS 186-5 group orders, for scalar derivation
    "secp256r1": 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551,
    "secp384r1": int(
        "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF"
        "C7634D81F4372DDF581A0DB248B0A77AECEC196ACCC52973",
        16,
    ),
    "secp521r1": int(
        "01FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF"
        "A51868783BF2F966B7FCC0148F709A5D03BB5C9B8899C47AEBB6FB71E91386409",
        16,
    ),
    "secp256k1": 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141,
}
_PQ_SEED_BYTES = {KeyFamily.ML_DSA: 32, KeyFamily.ML_KEM: 64}
# `cryptography`'s module and class-name prefix for each post-quantum family.
_PQ_MODULES = {KeyFamily.ML_DSA: ("mldsa", "MLDSA"), KeyFamily.ML_KEM: ("mlkem", "MLKEM")}


def _pq_class(spec: KeySpecRule, kind: str) -> Any:
    """`cryptography`'s MLDSA44PrivateKey etc., or UnsupportedByBackend naming what is missing."""
    module_name, prefix = _PQ_MODULES[spec.family]
    class_name = f"{prefix}{spec.size}{kind}"
    try:
        module = importlib.import_module(f"cryptography.hazmat.primitives.asymmetric.{module_name}")
    except ImportError:
        module = None
    cls = getattr(module, class_name, None)
    if cls is None:
        raise UnsupportedByBackend(
            f"{spec.name} needs cryptography's {module_name}.{class_name}, which the installed "
            "cryptography does not provide; upgrade cryptography to use this key spec"
        )
    return cls


@cache
def _pure_mlkem(key_spec: str) -> _mlkem.Params | None:
    """The `_mlkem` parameter set for an ML-KEM spec the installed cryptography cannot do."""
    spec = _spec(key_spec)
    if spec.family != KeyFamily.ML_KEM:
        return None
    try:
        _pq_class(spec, "PrivateKey").from_seed_bytes(bytes(_PQ_SEED_BYTES[KeyFamily.ML_KEM]))
    except (UnsupportedByBackend, UnsupportedAlgorithm):
        return _mlkem.PARAMS[spec.size]
    return None


@cache
def _has_external_mu() -> bool:
    """cryptography 50 added ML-DSA signing and verifying from a precomputed mu."""
    try:
        module = importlib.import_module("cryptography.hazmat.primitives.asymmetric.mldsa")
    except ImportError:
        return False
    return hasattr(getattr(module, "MLDSA44PrivateKey", None), "sign_mu")


@cache
def backend_supports(key_spec: str) -> bool:
    """Whether the key spec works with the installed `cryptography`: only ML-DSA ever fails,
    ML-KEM parameter sets cryptography lacks are pure Python (`_mlkem`)."""
    if _spec(key_spec).family not in (KeyFamily.ML_DSA, KeyFamily.ML_KEM):
        return True
    try:
        _private(key_spec, derive_private_key(key_spec, lambda n: bytes(range(n))))
    except UnsupportedByBackend:
        return False
    return True


def _pkcs8(key: Any) -> bytes:
    der: bytes = key.private_bytes(
        serialization.Encoding.DER,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    return der


def _spki(key: Any) -> bytes:
    der: bytes = key.public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return der


def _matches(spec: KeySpecRule, key: Any, kind: str) -> bool:
    if spec.family == KeyFamily.RSA:
        cls: Any = rsa.RSAPrivateKey if kind == "PrivateKey" else rsa.RSAPublicKey
        return isinstance(key, cls) and key.key_size == spec.size
    if spec.family == KeyFamily.ECC:
        cls = ec.EllipticCurvePrivateKey if kind == "PrivateKey" else ec.EllipticCurvePublicKey
        return isinstance(key, cls) and key.curve.name == spec.curve
    if spec.family == KeyFamily.ED25519:
        cls = ed25519.Ed25519PrivateKey if kind == "PrivateKey" else ed25519.Ed25519PublicKey
        return isinstance(key, cls)
    return isinstance(key, _pq_class(spec, kind))


def check_private_key(key_spec: str, private_der: bytes) -> None:
    """Fully validate untrusted private key material (e.g. imported): the cryptographic
    operations skip the costly RSA consistency check (35 ms for RSA_2048, 350 ms for
    RSA_4096) because their keys come from this module."""
    _private(key_spec, private_der, validate=True)


@lru_cache(maxsize=512)
def _private(key_spec: str, der: bytes, validate: bool = False) -> Any:
    """The private key object (an int for SM2), cached: parsing keys is not free."""
    spec = _spec(key_spec)
    if spec.family == KeyFamily.SM2:
        try:
            return _sm2.parse_private_key_der(der)
        except _sm2.SM2Error as exc:
            raise InvalidKeyMaterial(f"not an SM2 private key: {exc}") from None
    params = _pure_mlkem(key_spec)
    if params is not None:
        try:
            return _mlkem.load_private_key(params, der)
        except _mlkem.MLKEMError as exc:
            raise InvalidKeyMaterial(f"not a {key_spec} private key: {exc}") from None
    if spec.family in (KeyFamily.ML_DSA, KeyFamily.ML_KEM):
        _pq_class(spec, "PrivateKey")
    try:
        key = serialization.load_der_private_key(
            der, password=None, unsafe_skip_rsa_key_validation=not validate
        )
    except UnsupportedAlgorithm as exc:
        if spec.family in (KeyFamily.ML_DSA, KeyFamily.ML_KEM):
            raise UnsupportedByBackend(f"{key_spec}: {exc}") from None
        raise InvalidKeyMaterial(f"not a {key_spec} private key: {exc}") from None
    except (ValueError, TypeError) as exc:
        raise InvalidKeyMaterial(f"not a PKCS#8 private key: {exc}") from None
    if not _matches(spec, key, "PrivateKey"):
        raise InvalidKeyMaterial(f"the private key is not a {key_spec} key")
    return key


@lru_cache(maxsize=512)
def _public(key_spec: str, der: bytes) -> Any:
    """The public key object (a point for SM2) from SPKI DER, or from PKCS#8 DER."""
    spec = _spec(key_spec)
    if spec.family == KeyFamily.SM2:
        try:
            return _sm2.parse_public_key_der(der)
        except _sm2.SM2Error:
            return _sm2.public_point(_private(key_spec, der))
    params = _pure_mlkem(key_spec)
    if params is not None:
        try:
            return _mlkem.load_public_key(params, der)
        except _mlkem.MLKEMError:
            return _private(key_spec, der).public_key()
    if spec.family in (KeyFamily.ML_DSA, KeyFamily.ML_KEM):
        _pq_class(spec, "PublicKey")
    try:
        key = serialization.load_der_public_key(der)
    except (ValueError, TypeError, UnsupportedAlgorithm):
        return _private(key_spec, der).public_key()
    if not _matches(spec, key, "PublicKey"):
        raise InvalidKeyMaterial(f"the public key is not a {key_spec} key")
    return key


# --- Key generation ------------------------------------------------------------------------


def generate_private_key(key_spec: str) -> bytes:
    """A fresh PKCS#8 DER private key (ML-KEM and ML-DSA in seed format)."""
    spec = _spec(key_spec)
    if spec.family == KeyFamily.RSA:
        return _pkcs8(rsa.generate_private_key(public_exponent=65537, key_size=spec.size))
    return derive_private_key(key_spec, os.urandom)


def derive_private_key(key_spec: str, randbytes: RandBytes) -> bytes:
    """A PKCS#8 DER private key whose only randomness is `randbytes`: deterministic for a
    deterministic source. EC/SM2 scalars are reduced from 64 extra bits (negligible bias);
    Ed25519 takes 32 bytes, ML-DSA a 32-byte and ML-KEM a 64-byte (d || z) seed; RSA primes
    are searched from the source with Miller-Rabin (slow: seconds for RSA_4096)."""
    spec = _spec(key_spec)
    if spec.family == KeyFamily.RSA:
        return _pkcs8(_derive_rsa(spec.size, randbytes))
    if spec.family == KeyFamily.SM2:
        return _sm2.private_key_der(int.from_bytes(randbytes(40), "big") % (_sm2.N - 2) + 1)
    if spec.family == KeyFamily.ECC:
        assert spec.curve is not None
        order = _CURVE_ORDERS[spec.curve]
        raw = randbytes((order.bit_length() + 7) // 8 + 8)
        scalar = int.from_bytes(raw, "big") % (order - 1) + 1
        return _pkcs8(ec.derive_private_key(scalar, _CURVES[spec.curve]()))
    if spec.family == KeyFamily.ED25519:
        return _pkcs8(ed25519.Ed25519PrivateKey.from_private_bytes(randbytes(32)))
    params = _pure_mlkem(key_spec)
    if params is not None:
        return _mlkem.private_key_der(params, randbytes(_PQ_SEED_BYTES[KeyFamily.ML_KEM]))
    cls = _pq_class(spec, "PrivateKey")
    try:
        return _pkcs8(cls.from_seed_bytes(randbytes(_PQ_SEED_BYTES[spec.family])))
    except UnsupportedAlgorithm as exc:
        raise UnsupportedByBackend(f"{key_spec}: {exc}") from None


def public_key_der(key_spec: str, private_der: bytes) -> bytes:
    """The DER SubjectPublicKeyInfo of a PKCS#8 private key."""
    key = _private(key_spec, private_der)
    if _spec(key_spec).family == KeyFamily.SM2:
        return _sm2.public_key_der(_sm2.public_point(key))
    if isinstance(key, _mlkem.PrivateKey):
        return key.public_key().der()
    return _spki(key.public_key())
