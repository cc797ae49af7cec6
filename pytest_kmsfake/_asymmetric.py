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

import hashlib
import hmac
import importlib
import math
import os
from functools import cache, lru_cache
from typing import Any, Callable

from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, padding, rsa, utils

from pytest_kmsfake import _ed25519ph, _mlkem, _sm2
from pytest_kmsfake._algorithms import (
    ASYMMETRIC_KEY_SPECS,
    DIGEST,
    EC,
    ECDSA,
    ED25519PH,
    EDWARDS,
    ENCRYPTION_ALGORITHMS,
    EXTERNAL_MU,
    HMAC_KEY_SPECS,
    MAC_ALGORITHMS,
    MAX_PLAINTEXT_BYTES,
    ML_DSA,
    ML_KEM,
    RSA,
    RSA_PSS,
    SIGNING_ALGORITHMS,
    SM2,
    AsymmetricKeySpec,
    EncryptionAlgorithm,
    SigningAlgorithm,
)

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


def _spec(key_spec: str) -> AsymmetricKeySpec:
    try:
        return ASYMMETRIC_KEY_SPECS[key_spec]
    except KeyError:
        raise UnknownSpec(f"unknown asymmetric key spec {key_spec!r}") from None


def _signing(key_spec: str, algorithm: str) -> tuple[AsymmetricKeySpec, SigningAlgorithm]:
    spec = _spec(key_spec)
    alg = SIGNING_ALGORITHMS.get(algorithm)
    if alg is None:
        raise UnknownSpec(f"unknown signing algorithm {algorithm!r}")
    if alg.family != spec.family:
        raise IncompatibleAlgorithm(f"{algorithm} does not apply to {key_spec}")
    return spec, alg


def _encryption(key_spec: str, algorithm: str) -> tuple[AsymmetricKeySpec, EncryptionAlgorithm]:
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
_PQ_SEED_BYTES = {ML_DSA: 32, ML_KEM: 64}


def _pq_class(spec: AsymmetricKeySpec, kind: str) -> Any:
    """`cryptography`'s MLDSA44PrivateKey etc., or UnsupportedByBackend naming what is missing."""
    module_name = "mldsa" if spec.family == ML_DSA else "mlkem"
    class_name = f"{spec.family.replace('_', '')}{spec.size}{kind}"
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
    if spec.family != ML_KEM:
        return None
    try:
        _pq_class(spec, "PrivateKey").from_seed_bytes(bytes(_PQ_SEED_BYTES[ML_KEM]))
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
    if _spec(key_spec).family not in (ML_DSA, ML_KEM):
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


def _matches(spec: AsymmetricKeySpec, key: Any, kind: str) -> bool:
    if spec.family == RSA:
        cls: Any = rsa.RSAPrivateKey if kind == "PrivateKey" else rsa.RSAPublicKey
        return isinstance(key, cls) and key.key_size == spec.size
    if spec.family == EC:
        cls = ec.EllipticCurvePrivateKey if kind == "PrivateKey" else ec.EllipticCurvePublicKey
        return isinstance(key, cls) and key.curve.name == spec.curve
    if spec.family == EDWARDS:
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
    if spec.family == SM2:
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
    if spec.family in (ML_DSA, ML_KEM):
        _pq_class(spec, "PrivateKey")
    try:
        key = serialization.load_der_private_key(
            der, password=None, unsafe_skip_rsa_key_validation=not validate
        )
    except UnsupportedAlgorithm as exc:
        if spec.family in (ML_DSA, ML_KEM):
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
    if spec.family == SM2:
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
    if spec.family in (ML_DSA, ML_KEM):
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
    if spec.family == RSA:
        return _pkcs8(rsa.generate_private_key(public_exponent=65537, key_size=spec.size))
    return derive_private_key(key_spec, os.urandom)


def derive_private_key(key_spec: str, randbytes: RandBytes) -> bytes:
    """A PKCS#8 DER private key whose only randomness is `randbytes`: deterministic for a
    deterministic source. EC/SM2 scalars are reduced from 64 extra bits (negligible bias);
    Ed25519 takes 32 bytes, ML-DSA a 32-byte and ML-KEM a 64-byte (d || z) seed; RSA primes
    are searched from the source with Miller-Rabin (slow: seconds for RSA_4096)."""
    spec = _spec(key_spec)
    if spec.family == RSA:
        return _pkcs8(_derive_rsa(spec.size, randbytes))
    if spec.family == SM2:
        return _sm2.private_key_der(int.from_bytes(randbytes(40), "big") % (_sm2.N - 2) + 1)
    if spec.family == EC:
        assert spec.curve is not None
        order = _CURVE_ORDERS[spec.curve]
        raw = randbytes((order.bit_length() + 7) // 8 + 8)
        scalar = int.from_bytes(raw, "big") % (order - 1) + 1
        return _pkcs8(ec.derive_private_key(scalar, _CURVES[spec.curve]()))
    if spec.family == EDWARDS:
        return _pkcs8(ed25519.Ed25519PrivateKey.from_private_bytes(randbytes(32)))
    params = _pure_mlkem(key_spec)
    if params is not None:
        return _mlkem.private_key_der(params, randbytes(_PQ_SEED_BYTES[ML_KEM]))
    cls = _pq_class(spec, "PrivateKey")
    try:
        return _pkcs8(cls.from_seed_bytes(randbytes(_PQ_SEED_BYTES[spec.family])))
    except UnsupportedAlgorithm as exc:
        raise UnsupportedByBackend(f"{key_spec}: {exc}") from None


def public_key_der(key_spec: str, private_der: bytes) -> bytes:
    """The DER SubjectPublicKeyInfo of a PKCS#8 private key."""
    key = _private(key_spec, private_der)
    if _spec(key_spec).family == SM2:
        return _sm2.public_key_der(_sm2.public_point(key))
    if isinstance(key, _mlkem.PrivateKey):
        return key.public_key().der()
    return _spki(key.public_key())


@cache
def _primorial() -> int:
    """The product of the odd primes below 10000, for a one-gcd trial division."""
    sieve = bytearray([1]) * 10000
    sieve[:2] = b"\x00\x00"
    for i in range(2, 100):
        if sieve[i]:
            sieve[i * i :: i] = bytes(len(range(i * i, 10000, i)))
    return math.prod(i for i in range(3, 10000) if sieve[i])


def _probable_prime(n: int, randbytes: RandBytes, rounds: int = 6) -> bool:
    d, s = n - 1, 0
    while d % 2 == 0:
        d, s = d // 2, s + 1
    for _ in range(rounds):
        a = int.from_bytes(randbytes(n.bit_length() // 8), "big") % (n - 3) + 2
        x = pow(a, d, n)
        if x in (1, n - 1):
            continue
        for _ in range(s - 1):
            x = x * x % n
            if x == n - 1:
                break
        else:
            return False
    return True


def _derive_rsa(bits: int, randbytes: RandBytes, e: int = 65537) -> rsa.RSAPrivateKey:
    half = bits // 2

    def prime() -> int:
        while True:
            c = int.from_bytes(randbytes(half // 8), "big") | (3 << (half - 2)) | 1
            if math.gcd(c, _primorial()) == 1 and c % e != 1 and _probable_prime(c, randbytes):
                return c

    while True:
        p, q = prime(), prime()
        if abs(p - q) >> (half - 100) == 0:  # FIPS 186-5 A.1.3: |p - q| > 2^(nlen/2 - 100)
            continue
        d = pow(e, -1, math.lcm(p - 1, q - 1))
        if d.bit_length() > half:
            break
    public = rsa.RSAPublicNumbers(e, p * q)
    numbers = rsa.RSAPrivateNumbers(
        p, q, d, rsa.rsa_crt_dmp1(d, p), rsa.rsa_crt_dmq1(d, q), rsa.rsa_crt_iqmp(p, q), public
    )
    return numbers.private_key()


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
        raise BadMessageType(f"{alg.name} does not accept MessageType {message_type}")
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


def _hash_arg(alg: SigningAlgorithm, message_type: str) -> Any:
    algorithm = _HASHES[alg.hash_name]()
    return utils.Prehashed(algorithm) if message_type == DIGEST else algorithm


def _sm2_digest(point: _sm2.Point, message: bytes, message_type: str) -> bytes:
    return message if message_type == DIGEST else _sm2.message_digest(point, message)


def sign(
    key_spec: str, private_der: bytes, algorithm: str, message: bytes, message_type: str
) -> bytes:
    """RSA: PKCS#1 signature of modulus size. ECDSA/SM2DSA: DER (r, s). Ed25519: 64 bytes."""
    spec, alg = _signing(key_spec, algorithm)
    _check_message(alg, message, message_type)
    key = _private(key_spec, private_der)
    if spec.family == SM2:
        return _sm2.sign_digest(key, _sm2_digest(_sm2.public_point(key), message, message_type))
    if spec.family == RSA:
        result: bytes = key.sign(message, _rsa_padding(alg), _hash_arg(alg, message_type))
    elif spec.family == EC:
        result = key.sign(message, ec.ECDSA(_hash_arg(alg, message_type)))
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
    if spec.family == SM2:
        return _sm2.verify_digest(key, _sm2_digest(key, message, message_type), signature)
    if alg.scheme == ED25519PH:
        raw = key.public_bytes_raw()
        return _ed25519ph.verify(raw, hashlib.sha512(message).digest(), signature)
    try:
        if spec.family == RSA:
            key.verify(signature, message, _rsa_padding(alg), _hash_arg(alg, message_type))
        elif alg.scheme == ECDSA:
            key.verify(signature, message, ec.ECDSA(_hash_arg(alg, message_type)))
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
    if spec.family == SM2:
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
        if spec.family == SM2:
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
    if spec.family == SM2:
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


def _kem_spec(key_spec: str) -> AsymmetricKeySpec:
    spec = _spec(key_spec)
    if spec.family != ML_KEM:
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
    try:
        return os.urandom(HMAC_KEY_SPECS[key_spec].key_length)
    except KeyError:
        raise UnknownSpec(f"unknown HMAC key spec {key_spec!r}") from None


def hmac_mac(algorithm: str, key: bytes, message: bytes) -> bytes:
    try:
        hash_name = MAC_ALGORITHMS[algorithm].hash_name
    except KeyError:
        raise UnknownSpec(f"unknown MAC algorithm {algorithm!r}") from None
    return hmac.new(key, message, hash_name.lower()).digest()


def hmac_verify(algorithm: str, key: bytes, message: bytes, mac: bytes) -> bool:
    return hmac.compare_digest(hmac_mac(algorithm, key, message), mac)
