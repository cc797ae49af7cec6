"""The asymmetric helpers, checked against `cryptography` objects used outside them."""

from __future__ import annotations

import hashlib
import hmac
import re
from typing import Any, Callable

import documented_key_specs as documented
import documented_service
import pytest
from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, padding, rsa, utils
from documented_key_specs import DIGEST, EXTERNAL_MU, GENERATE_VERIFY_MAC, RAW, SIGN_VERIFY
from hypothesis import given, settings
from hypothesis import strategies as st

from pytest_kmsfake import KmsFakeUnsupported
from pytest_kmsfake._crypto import asymmetric as asym
from pytest_kmsfake._crypto import ed25519ph as _ed25519ph
from pytest_kmsfake._crypto.keypool import SeededRandom
from pytest_kmsfake._rules import algorithms as _algorithms

# Every expected size, hash and message type below is AWS's, from the hand-written
# documented_key_specs and documented_service; the fake's tables are not read for them.
ASYMMETRIC_SPECS = [
    spec for spec in documented.KEY_SPECS if documented.kind_of(spec, "")[0] == "asymmetric"
]
SUPPORTED = [s for s in ASYMMETRIC_SPECS if asym.backend_supports(s)]
UNSUPPORTED = [s for s in ASYMMETRIC_SPECS if not asym.backend_supports(s)]
RSA_SPECS = list(documented.RSA_MODULUS_BITS)
RSA_SIGNING = list(documented.KEY_SPECS["RSA_2048"].usages[SIGN_VERIFY])
# The NIST and SECG curves and their one ECDSA algorithm each.
ECDSA_FOR = {
    spec: algorithms[0]
    for spec, facts in documented.KEY_SPECS.items()
    for algorithms in [facts.usages.get(SIGN_VERIFY, ())]
    if algorithms and algorithms[0].startswith("ECDSA")
}
ML_DSA_SPECS = [s for s in ("ML_DSA_44", "ML_DSA_65", "ML_DSA_87") if s in SUPPORTED]
ML_KEM_SPECS = [s for s in documented.KEM_CIPHERTEXT_BYTES if s in SUPPORTED]
ECDH_SPECS = [s for s in documented.SHARED_SECRET_BYTES if s != "SM2"]  # SM2: test_sm2.py
HASHES: dict[str, Callable[[], hashes.HashAlgorithm]] = {
    "SHA256": hashes.SHA256,
    "SHA384": hashes.SHA384,
    "SHA512": hashes.SHA512,
}
MESSAGE = b"the message KMS signs"


def _in_cryptography(spec: str) -> bool:
    """Whether `cryptography` itself loads the spec's keys (cryptography 50 lacks ML-KEM-512,
    which is then pure Python, checked in test_mlkem.py)."""
    try:
        serialization.load_der_private_key(asym.derive_private_key(spec, bytes), None)
    except (UnsupportedAlgorithm, ValueError):  # ValueError: cryptography before 47
        return False
    return True


ML_KEM_IN_CRYPTOGRAPHY = [s for s in ML_KEM_SPECS if _in_cryptography(s)]


def _cryptography_ml_kem(spec: str) -> Any:
    """cryptography's own MLKEM768PrivateKey etc., or None where it lacks the parameter set."""
    if spec not in ML_KEM_IN_CRYPTOGRAPHY:
        return None
    from cryptography.hazmat.primitives.asymmetric import mlkem

    return getattr(mlkem, f"MLKEM{spec.rsplit('_', 1)[1]}PrivateKey")


# (spec, algorithm) as KMS pairs them; SM2 is covered in test_sm2.py.
SIGNING_PAIRS = (
    [(spec, alg) for spec in RSA_SPECS for alg in RSA_SIGNING]
    + list(ECDSA_FOR.items())
    + [("ECC_NIST_EDWARDS25519", "ED25519_SHA_512")]
    + [(spec, "ML_DSA_SHAKE_256") for spec in ML_DSA_SPECS]
)
SIGNING_CASES = [
    (spec, alg, message_type)
    for spec, alg in SIGNING_PAIRS
    for message_type in sorted(documented.SIGNING_ALGORITHMS[alg].message_types)
    if message_type != EXTERNAL_MU
]


@pytest.fixture(scope="session")
def private_key() -> Callable[[str], bytes]:
    """One private key per spec for the whole session (RSA_4096 is slow to make)."""
    made: dict[str, bytes] = {}

    def get(spec: str) -> bytes:
        if spec not in made:
            made[spec] = asym.generate_private_key(spec)
        return made[spec]

    return get


def _objects(spec: str, der: bytes) -> tuple[Any, Any]:
    """`cryptography`'s own private and public key objects for our DER."""
    private = serialization.load_der_private_key(
        der, password=None, unsafe_skip_rsa_key_validation=True
    )
    public = serialization.load_der_public_key(asym.public_key_der(spec, der))
    return private, public


def _hash(alg: str) -> hashes.HashAlgorithm:
    return HASHES[documented.SIGNING_ALGORITHMS[alg].hash_name]()


def _input(alg: str, message_type: str, message: bytes = MESSAGE) -> bytes:
    if message_type == DIGEST:
        return hashlib.new(documented.SIGNING_ALGORITHMS[alg].hash_name.lower(), message).digest()
    return message


def _first_message_type(alg: str) -> str:
    """RAW where the algorithm takes it, else DIGEST (ED25519_PH_SHA_512)."""
    types = documented.SIGNING_ALGORITHMS[alg].message_types
    return RAW if RAW in types else DIGEST


def _outside_verify(public: Any, alg: str, signature: bytes, message: bytes) -> None:
    """cryptography's verification of a signature over the *raw* message."""
    if alg.startswith("RSASSA_PSS"):
        h = _hash(alg)
        pss = padding.PSS(mgf=padding.MGF1(h), salt_length=h.digest_size)
        public.verify(signature, message, pss, h)
    elif alg.startswith("RSASSA_PKCS1"):
        public.verify(signature, message, padding.PKCS1v15(), _hash(alg))
    elif alg.startswith("ECDSA"):
        public.verify(signature, message, ec.ECDSA(_hash(alg)))
    else:  # Ed25519, ML-DSA with an empty context
        public.verify(signature, message)


def _outside_sign(private: Any, alg: str, message: bytes) -> bytes:
    signature: bytes
    if alg.startswith("RSASSA_PSS"):
        h = _hash(alg)
        pss = padding.PSS(mgf=padding.MGF1(h), salt_length=h.digest_size)
        signature = private.sign(message, pss, h)
    elif alg.startswith("RSASSA_PKCS1"):
        signature = private.sign(message, padding.PKCS1v15(), _hash(alg))
    elif alg.startswith("ECDSA"):
        signature = private.sign(message, ec.ECDSA(_hash(alg)))
    else:
        signature = private.sign(message)
    return signature


# --- key material --------------------------------------------------------------------------

# DER SubjectPublicKeyInfo sizes from the fact sheet (§3.3, [CALC]).
SPKI_SIZES = {
    "RSA_2048": 294, "RSA_3072": 422, "RSA_4096": 550, "ECC_NIST_P256": 91,
    "ECC_NIST_P384": 120, "ECC_NIST_P521": 158, "ECC_SECG_P256K1": 88,
    "ECC_NIST_EDWARDS25519": 44, "SM2": 91, "ML_DSA_44": 1334, "ML_DSA_65": 1974,
    "ML_DSA_87": 2614,
}  # fmt: skip


@pytest.mark.parametrize("spec", SUPPORTED)
def test_generated_keys_are_pkcs8_with_spki_public_keys(
    spec: str, private_key: Callable[[str], bytes]
) -> None:
    der = private_key(spec)
    public = asym.public_key_der(spec, der)
    if spec in SPKI_SIZES:
        assert len(public) == SPKI_SIZES[spec]
    if spec == "SM2":
        return  # cryptography has no SM2 curve; test_sm2.py checks these against OpenSSL
    if spec in ML_KEM_SPECS and spec not in ML_KEM_IN_CRYPTOGRAPHY:
        return  # test_mlkem.py checks these against known answers
    private, loaded = _objects(spec, der)
    assert loaded == private.public_key()
    assert public == private.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )


@pytest.mark.parametrize("spec", ML_KEM_SPECS)
def test_ml_kem_private_keys_are_in_seed_format(
    spec: str, private_key: Callable[[str], bytes]
) -> None:
    der = private_key(spec)
    # OneAsymmetricKey whose privateKey is the CHOICE seed [0] IMPLICIT OCTET STRING (64 bytes)
    assert len(der) == 86
    assert der[-66:-64] == b"\x80\x40"


def test_data_key_pair_specs_are_the_asymmetric_specs_without_ml_dsa() -> None:
    assert _algorithms.DATA_KEY_PAIR_SPECS == documented.DATA_KEY_PAIR_SPECS
    assert set(documented.DATA_KEY_PAIR_SPECS) == {
        s for s in ASYMMETRIC_SPECS if not s.startswith("ML_DSA")
    }


@pytest.mark.parametrize("spec", [s for s in SUPPORTED if not s.startswith("RSA_")])
def test_derived_keys_are_deterministic(spec: str) -> None:
    first = asym.derive_private_key(spec, SeededRandom(b"a", spec, 0))
    assert first == asym.derive_private_key(spec, SeededRandom(b"a", spec, 0))
    assert first != asym.derive_private_key(spec, SeededRandom(b"b", spec, 0))
    asym.public_key_der(spec, first)


def test_key_material_must_match_the_spec(private_key: Callable[[str], bytes]) -> None:
    p256 = private_key("ECC_NIST_P256")
    with pytest.raises(asym.InvalidKeyMaterial):
        asym.public_key_der("ECC_NIST_P384", p256)
    with pytest.raises(asym.InvalidKeyMaterial):
        asym.sign("RSA_2048", p256, "RSASSA_PSS_SHA_256", MESSAGE, RAW)
    with pytest.raises(asym.InvalidKeyMaterial):
        asym.public_key_der("RSA_3072", private_key("RSA_2048"))
    with pytest.raises(asym.UnknownSpec):
        asym.generate_private_key("SYMMETRIC_DEFAULT")


@settings(max_examples=40, deadline=None)
@given(garbage=st.binary(max_size=300), spec=st.sampled_from(SUPPORTED))
def test_garbage_key_material_raises_only_asymmetric_errors(garbage: bytes, spec: str) -> None:
    with pytest.raises(asym.InvalidKeyMaterial):
        asym.public_key_der(spec, garbage)


# --- sign and verify -----------------------------------------------------------------------


@pytest.mark.parametrize(("spec", "alg", "message_type"), SIGNING_CASES)
def test_signatures_verify_with_cryptography(
    spec: str, alg: str, message_type: str, private_key: Callable[[str], bytes]
) -> None:
    der = private_key(spec)
    signature = asym.sign(spec, der, alg, _input(alg, message_type), message_type)
    _, public = _objects(spec, der)
    _outside_verify(public, alg, signature, MESSAGE)
    if spec.startswith("RSA_"):
        assert len(signature) == documented.RSA_MODULUS_BITS[spec] // 8
    elif alg.startswith("ECDSA"):
        utils.decode_dss_signature(signature)  # DER (r, s)
    elif alg.startswith("ED25519"):
        assert len(signature) == 64
    else:  # ML-DSA: a pure ML-DSA signature with the empty context
        public.verify(signature, MESSAGE, b"")
    assert asym.verify(spec, asym.public_key_der(spec, der), alg, MESSAGE, RAW, signature) is True


@pytest.mark.parametrize(("spec", "alg", "message_type"), SIGNING_CASES)
def test_outside_signatures_verify(
    spec: str, alg: str, message_type: str, private_key: Callable[[str], bytes]
) -> None:
    der = private_key(spec)
    private, _ = _objects(spec, der)
    signature = _outside_sign(private, alg, MESSAGE)
    public_der = asym.public_key_der(spec, der)
    message = _input(alg, message_type)
    assert asym.verify(spec, public_der, alg, message, message_type, signature) is True
    assert asym.verify(spec, der, alg, message, message_type, signature) is True  # PKCS#8 too
    tampered = bytearray(signature)
    tampered[len(tampered) // 2] ^= 1
    assert asym.verify(spec, public_der, alg, message, message_type, bytes(tampered)) is False
    other = _input(alg, message_type, MESSAGE + b"!")
    assert asym.verify(spec, public_der, alg, other, message_type, signature) is False


@pytest.mark.parametrize("alg", [a for a in RSA_SIGNING if "PSS" in a])
def test_pss_salt_is_the_hash_length(alg: str, private_key: Callable[[str], bytes]) -> None:
    der = private_key("RSA_2048")
    _, public = _objects("RSA_2048", der)
    signature = asym.sign("RSA_2048", der, alg, MESSAGE, RAW)
    h = _hash(alg)
    with pytest.raises(InvalidSignature):
        public.verify(signature, MESSAGE, padding.PSS(padding.MGF1(h), h.digest_size - 1), h)
    public.verify(signature, MESSAGE, padding.PSS(padding.MGF1(h), h.digest_size), h)


@settings(max_examples=25, deadline=None)
@given(
    message=st.binary(min_size=1, max_size=4096),
    case=st.sampled_from(
        [
            ("RSA_2048", "RSASSA_PSS_SHA_256"),
            ("RSA_2048", "RSASSA_PKCS1_V1_5_SHA_512"),
            ("ECC_NIST_P256", "ECDSA_SHA_256"),
            ("ECC_SECG_P256K1", "ECDSA_SHA_256"),
            ("ECC_NIST_EDWARDS25519", "ED25519_SHA_512"),
            ("ECC_NIST_EDWARDS25519", "ED25519_PH_SHA_512"),
        ]
        + [(s, "ML_DSA_SHAKE_256") for s in ML_DSA_SPECS[:1]]
    ),
)
def test_sign_verify_round_trip(
    message: bytes, case: tuple[str, str], private_key: Callable[[str], bytes]
) -> None:
    spec, alg = case
    der = private_key(spec)
    message_type = _first_message_type(alg)
    if message_type == DIGEST:
        message = hashlib.sha512(message).digest()
    signature = asym.sign(spec, der, alg, message, message_type)
    public_der = asym.public_key_der(spec, der)
    assert asym.verify(spec, public_der, alg, message, message_type, signature)


@settings(max_examples=60, deadline=None)
@given(
    garbage=st.binary(max_size=600),
    case=st.sampled_from([*SIGNING_PAIRS, ("ECC_NIST_EDWARDS25519", "ED25519_PH_SHA_512")]),
)
def test_garbage_signatures_are_false(
    garbage: bytes, case: tuple[str, str], private_key: Callable[[str], bytes]
) -> None:
    spec, alg = case
    message_type = _first_message_type(alg)
    message = _input(alg, message_type)
    if alg == "ED25519_PH_SHA_512":
        message = hashlib.sha512(MESSAGE).digest()
    assert asym.verify(spec, private_key(spec), alg, message, message_type, garbage) is False


def _first_spec_signing_with(alg: str) -> str:
    return next(
        spec
        for spec, facts in documented.KEY_SPECS.items()
        if alg in facts.usages.get(SIGN_VERIFY, ())
    )


@pytest.mark.parametrize(
    "alg", [a for a, facts in documented.SIGNING_ALGORITHMS.items() if facts.digest_length]
)
def test_digest_must_have_the_hash_length(alg: str, private_key: Callable[[str], bytes]) -> None:
    spec = _first_spec_signing_with(alg)
    expected = documented.SIGNING_ALGORITHMS[alg].digest_length
    assert expected is not None
    with pytest.raises(asym.BadDigestLength) as info:
        asym.sign(spec, private_key(spec), alg, b"\x01" * (expected + 1), DIGEST)
    assert (info.value.expected, info.value.actual) == (expected, expected + 1)
    with pytest.raises(asym.BadDigestLength):
        asym.verify(spec, private_key(spec), alg, b"\x01" * (expected - 1), DIGEST, b"sig")


@pytest.mark.parametrize(
    ("spec", "alg", "message_type"),
    [
        ("ECC_NIST_EDWARDS25519", "ED25519_SHA_512", DIGEST),
        ("ECC_NIST_EDWARDS25519", "ED25519_PH_SHA_512", RAW),
        ("RSA_2048", "RSASSA_PSS_SHA_256", EXTERNAL_MU),
        ("ML_DSA_44", "ML_DSA_SHAKE_256", DIGEST),
    ],
)
def test_message_types_each_algorithm_refuses(
    spec: str, alg: str, message_type: str, private_key: Callable[[str], bytes]
) -> None:
    if spec not in SUPPORTED:
        pytest.skip(f"{spec} is not supported by this cryptography")
    with pytest.raises(asym.BadMessageType):
        asym.sign(spec, private_key(spec), alg, b"\x00" * 64, message_type)


@pytest.mark.parametrize("spec", ML_DSA_SPECS)
def test_external_mu(spec: str, private_key: Callable[[str], bytes]) -> None:
    """EXTERNAL_MU signs a 64-byte mu (FIPS 204 section 6.2): with cryptography 50 and newer it
    equals signing the message itself; older versions say clearly that they cannot."""
    der = private_key(spec)
    with pytest.raises(asym.BadDigestLength):
        asym.sign(spec, der, "ML_DSA_SHAKE_256", b"\x00" * 63, EXTERNAL_MU)
    mldsa = pytest.importorskip("cryptography.hazmat.primitives.asymmetric.mldsa")
    if not hasattr(mldsa, "MLDSAMuHasher"):
        with pytest.raises(asym.UnsupportedByBackend, match="EXTERNAL_MU"):
            asym.sign(spec, der, "ML_DSA_SHAKE_256", b"\x00" * 64, EXTERNAL_MU)
        return
    public = serialization.load_der_public_key(asym.public_key_der(spec, der))
    hasher = mldsa.MLDSAMuHasher(public)  # type: ignore[attr-defined]
    hasher.update(b"a message hashed outside KMS")
    mu = hasher.finalize()
    signature = asym.sign(spec, der, "ML_DSA_SHAKE_256", mu, EXTERNAL_MU)
    public.verify(signature, b"a message hashed outside KMS")  # type: ignore[call-arg]
    assert asym.verify(spec, der, "ML_DSA_SHAKE_256", mu, EXTERNAL_MU, signature)
    assert asym.verify(
        spec, der, "ML_DSA_SHAKE_256", b"a message hashed outside KMS", "RAW", signature
    )


@pytest.mark.parametrize(
    ("spec", "alg"),
    [
        ("RSA_2048", "ECDSA_SHA_256"),
        ("ECC_NIST_P256", "RSASSA_PSS_SHA_256"),
        ("SM2", "ED25519_SHA_512"),
    ],
)
def test_algorithm_must_fit_the_key_family(
    spec: str, alg: str, private_key: Callable[[str], bytes]
) -> None:
    with pytest.raises(asym.IncompatibleAlgorithm):
        asym.sign(spec, private_key(spec), alg, MESSAGE, RAW)
    with pytest.raises(asym.UnknownSpec):
        asym.sign(spec, private_key(spec), "SHA256withRSA", MESSAGE, RAW)


# --- Ed25519ph -----------------------------------------------------------------------------

# RFC 8032 section 7.3, the Ed25519ph test vector (message "abc").
RFC8032_SEED = bytes.fromhex("833fe62409237b9d62ec77587520911e9a759cec1d19755b7da901b96dca3d42")
RFC8032_PUBLIC = bytes.fromhex("ec172b93ad5e563bf4932c70e1245034c35467ef2efd4d64ebf819683467e2bf")
RFC8032_SIGNATURE = bytes.fromhex(
    "98a70222f0b8121aa9d30f813d683f809e462b469c7ff87639499bb94e6dae41"
    "31f85042463c2a355a2003d062adf5aaa10b8c61e636062aaad11c2a26083406"
)


def test_ed25519ph_matches_rfc8032() -> None:
    prehash = hashlib.sha512(b"abc").digest()
    assert _ed25519ph.sign(RFC8032_SEED, prehash) == RFC8032_SIGNATURE
    assert _ed25519ph.verify(RFC8032_PUBLIC, prehash, RFC8032_SIGNATURE)
    assert not _ed25519ph.verify(RFC8032_PUBLIC, hashlib.sha512(b"abd").digest(), RFC8032_SIGNATURE)
    # The same key through cryptography: our Edwards arithmetic agrees with OpenSSL's.
    key = ed25519.Ed25519PrivateKey.from_private_bytes(RFC8032_SEED)
    assert key.public_key().public_bytes_raw() == RFC8032_PUBLIC


def test_ed25519_ph_sha_512_hashes_the_digest_again() -> None:
    """KMS documents that with DIGEST it still applies the SHA-512 prehash [MD]: the caller's
    64 bytes are Ed25519ph's message M, and PH(M) = SHA-512(M)."""
    spec, alg = "ECC_NIST_EDWARDS25519", "ED25519_PH_SHA_512"
    der = serialization.PrivateFormat.PKCS8
    private = ed25519.Ed25519PrivateKey.from_private_bytes(RFC8032_SEED)
    pkcs8 = private.private_bytes(serialization.Encoding.DER, der, serialization.NoEncryption())
    digest = hashlib.sha512(MESSAGE).digest()
    signature = asym.sign(spec, pkcs8, alg, digest, DIGEST)
    assert signature == _ed25519ph.sign(RFC8032_SEED, hashlib.sha512(digest).digest())
    public_der = asym.public_key_der(spec, pkcs8)
    assert asym.verify(spec, public_der, alg, digest, DIGEST, signature)
    # Not PureEdDSA, and not Ed25519ph over PH = the digest itself.
    assert asym.verify(spec, public_der, "ED25519_SHA_512", digest, RAW, signature) is False
    assert signature != _ed25519ph.sign(RFC8032_SEED, digest)


# --- encrypt and decrypt -------------------------------------------------------------------

OAEP_CASES = [
    (spec, alg) for spec, alg in documented.MAX_PLAINTEXT_BYTES if spec.startswith("RSA_")
]


def _oaep(alg: str) -> padding.OAEP:
    h = hashes.SHA1() if alg.endswith("SHA_1") else hashes.SHA256()
    return padding.OAEP(mgf=padding.MGF1(h), algorithm=h, label=None)


@pytest.mark.parametrize(("spec", "alg"), OAEP_CASES)
def test_oaep_interoperates_with_cryptography(
    spec: str, alg: str, private_key: Callable[[str], bytes]
) -> None:
    der = private_key(spec)
    private, public = _objects(spec, der)
    limit = documented.MAX_PLAINTEXT_BYTES[(spec, alg)]
    plaintext = bytes(range(256)) * 2
    outside = public.encrypt(plaintext[:limit], _oaep(alg))
    assert asym.decrypt(spec, der, alg, outside) == plaintext[:limit]
    ours = asym.encrypt(spec, asym.public_key_der(spec, der), alg, plaintext[:limit])
    assert private.decrypt(ours, _oaep(alg)) == plaintext[:limit]
    with pytest.raises(asym.PlaintextTooLarge) as info:
        asym.encrypt(spec, asym.public_key_der(spec, der), alg, plaintext[: limit + 1])
    assert info.value.limit == limit


@settings(max_examples=30, deadline=None)
@given(
    plaintext=st.binary(min_size=1, max_size=190),
    alg=st.sampled_from(["RSAES_OAEP_SHA_1", "RSAES_OAEP_SHA_256"]),
)
def test_oaep_round_trip(plaintext: bytes, alg: str, private_key: Callable[[str], bytes]) -> None:
    der = private_key("RSA_2048")
    ciphertext = asym.encrypt("RSA_2048", asym.public_key_der("RSA_2048", der), alg, plaintext)
    assert len(ciphertext) == 256
    assert asym.decrypt("RSA_2048", der, alg, ciphertext) == plaintext


@settings(max_examples=40, deadline=None)
@given(garbage=st.binary(max_size=600), spec=st.sampled_from(["RSA_2048", "SM2"]))
def test_garbage_ciphertext_raises_invalid_ciphertext(
    garbage: bytes, spec: str, private_key: Callable[[str], bytes]
) -> None:
    alg = "SM2PKE" if spec == "SM2" else "RSAES_OAEP_SHA_256"
    with pytest.raises(asym.InvalidCiphertext):
        asym.decrypt(spec, private_key(spec), alg, garbage)


def test_encryption_algorithm_must_fit_the_key(private_key: Callable[[str], bytes]) -> None:
    p256 = private_key("ECC_NIST_P256")
    with pytest.raises(asym.IncompatibleAlgorithm):
        asym.encrypt("ECC_NIST_P256", p256, "RSAES_OAEP_SHA_256", b"x")
    with pytest.raises(asym.IncompatibleAlgorithm):
        asym.encrypt("RSA_2048", private_key("RSA_2048"), "SM2PKE", b"x")
    with pytest.raises(asym.UnknownSpec):
        asym.encrypt("RSA_2048", private_key("RSA_2048"), "SYMMETRIC_DEFAULT", b"x")


# --- key agreement -------------------------------------------------------------------------


@pytest.mark.parametrize("spec", ECDH_SPECS)
def test_ecdh_matches_cryptography(spec: str, private_key: Callable[[str], bytes]) -> None:
    der = private_key(spec)
    curve = {"ECC_NIST_P256": ec.SECP256R1, "ECC_NIST_P384": ec.SECP384R1}.get(spec, ec.SECP521R1)
    peer = ec.generate_private_key(curve())
    peer_der = peer.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    secret = asym.derive_shared_secret(spec, der, peer_der)
    ours = serialization.load_der_public_key(asym.public_key_der(spec, der))
    assert isinstance(ours, ec.EllipticCurvePublicKey)
    assert secret == peer.exchange(ec.ECDH(), ours)
    assert len(secret) == documented.SHARED_SECRET_BYTES[spec]


@pytest.mark.parametrize("spec", ECDH_SPECS)
def test_ecdh_peer_must_be_on_the_same_curve(
    spec: str, private_key: Callable[[str], bytes]
) -> None:
    der = private_key(spec)
    for other in ("ECC_NIST_P256", "ECC_SECG_P256K1", "RSA_2048", "SM2", "ECC_NIST_EDWARDS25519"):
        if other != spec:
            with pytest.raises(asym.InvalidPeerKey):
                asym.derive_shared_secret(spec, der, asym.public_key_der(other, private_key(other)))
    with pytest.raises(asym.InvalidPeerKey):  # a private key is not a peer public key
        asym.derive_shared_secret(spec, der, der)


@settings(max_examples=40, deadline=None)
@given(garbage=st.binary(max_size=200), spec=st.sampled_from([*ECDH_SPECS, "SM2"]))
def test_garbage_peer_keys_raise_invalid_peer_key(
    garbage: bytes, spec: str, private_key: Callable[[str], bytes]
) -> None:
    with pytest.raises(asym.InvalidPeerKey):
        asym.derive_shared_secret(spec, private_key(spec), garbage)


@pytest.mark.parametrize("spec", ["RSA_2048", "ECC_SECG_P256K1", "ECC_NIST_EDWARDS25519"])
def test_ecdh_needs_a_key_agreement_spec(spec: str, private_key: Callable[[str], bytes]) -> None:
    with pytest.raises(asym.IncompatibleAlgorithm):
        asym.derive_shared_secret(spec, private_key(spec), b"")


# --- ML-KEM --------------------------------------------------------------------------------


def test_ml_kem_never_needs_cryptography() -> None:
    assert ML_KEM_SPECS == ["ML_KEM_512", "ML_KEM_768", "ML_KEM_1024"]


@pytest.mark.parametrize("spec", ML_KEM_IN_CRYPTOGRAPHY)
def test_ml_kem_interoperates_with_cryptography(
    spec: str, private_key: Callable[[str], bytes]
) -> None:
    der = private_key(spec)
    private, public = _objects(spec, der)
    ciphertext, secret = asym.encapsulate(spec, asym.public_key_der(spec, der))
    assert len(ciphertext) == documented.KEM_CIPHERTEXT_BYTES[spec]
    assert len(secret) == documented.KEM_SHARED_SECRET_BYTES
    assert private.decapsulate(ciphertext) == secret
    outside_secret, outside_ciphertext = public.encapsulate()
    assert asym.decapsulate(spec, der, outside_ciphertext) == outside_secret


@pytest.mark.parametrize("spec", ML_KEM_SPECS)
def test_ml_kem_rejects_only_wrong_lengths(spec: str, private_key: Callable[[str], bytes]) -> None:
    der = private_key(spec)
    length = documented.KEM_CIPHERTEXT_BYTES[spec]
    for wrong in (0, length - 1, length + 1):
        with pytest.raises(asym.InvalidCiphertext):
            asym.decapsulate(spec, der, b"\x07" * wrong)
    ciphertext, secret = asym.encapsulate(spec, der)
    tampered = bytes([ciphertext[0] ^ 1]) + ciphertext[1:]
    rejected = asym.decapsulate(spec, der, tampered)  # implicit rejection: a value, no error
    assert len(rejected) == 32 and rejected != secret
    assert asym.decapsulate(spec, der, tampered) == rejected


# --- a cryptography without a key spec --------------------------------------------------------


@pytest.mark.usefixtures("cryptography_without_post_quantum")
@pytest.mark.parametrize("size", [44, 65, 87])
def test_ml_dsa_without_cryptography_support_says_so(size: int) -> None:
    spec = f"ML_DSA_{size}"
    assert not asym.backend_supports(spec)
    message = (
        f"{spec} needs cryptography's mldsa.MLDSA{size}PrivateKey, which the installed "
        "cryptography does not provide; upgrade cryptography to use this key spec"
    )
    with pytest.raises(asym.UnsupportedByBackend, match=re.escape(message)):
        asym.generate_private_key(spec)
    with pytest.raises(asym.UnsupportedByBackend, match=re.escape(message)):
        asym.derive_private_key(spec, bytes)
    with pytest.raises(asym.UnsupportedByBackend, match="MLDSA"):
        asym.public_key_der(spec, b"\x30\x00")
    with pytest.raises(asym.UnsupportedByBackend, match="MLDSA"):
        asym.sign(spec, b"\x30\x00", "ML_DSA_SHAKE_256", b"m", RAW)


@pytest.mark.usefixtures("cryptography_without_post_quantum")
@pytest.mark.parametrize("spec", ["ML_KEM_512", "ML_KEM_768", "ML_KEM_1024"])
def test_ml_kem_without_cryptography_support_is_pure_python(spec: str) -> None:
    assert asym.backend_supports(spec)
    der = asym.generate_private_key(spec)
    ciphertext, secret = asym.encapsulate(spec, asym.public_key_der(spec, der))
    assert asym.decapsulate(spec, der, ciphertext) == secret
    theirs = _cryptography_ml_kem(spec)  # the module object outlives its hiding
    if theirs is not None:  # the pure key is cryptography's key, seed for seed
        assert theirs.from_seed_bytes(der[-64:]).decapsulate(ciphertext) == secret


@pytest.mark.parametrize("spec", ML_DSA_SPECS[:1])
def test_external_mu_without_cryptography_support_says_so(
    spec: str, monkeypatch: pytest.MonkeyPatch, private_key: Callable[[str], bytes]
) -> None:
    monkeypatch.setattr(asym, "_has_external_mu", lambda: False)  # cryptography 47 to 49
    der, mu = private_key(spec), b"\x00" * 64
    message = (
        "ML_DSA_SHAKE_256 with MessageType EXTERNAL_MU needs ML-DSA signing from a precomputed "
        "mu, which the installed cryptography (before 50) does not provide"
    )
    with pytest.raises(asym.UnsupportedByBackend, match=re.escape(message)):
        asym.sign(spec, der, "ML_DSA_SHAKE_256", mu, EXTERNAL_MU)
    signature = asym.sign(spec, der, "ML_DSA_SHAKE_256", mu, RAW)  # other message types still work
    with pytest.raises(asym.UnsupportedByBackend, match=re.escape(message)):
        asym.verify(spec, der, "ML_DSA_SHAKE_256", mu, EXTERNAL_MU, signature)


@pytest.mark.kms_fake(check_at_teardown=False)
@pytest.mark.usefixtures("cryptography_without_post_quantum")
def test_the_fake_names_the_key_spec_this_cryptography_lacks(kms: Any) -> None:
    with pytest.raises(KmsFakeUnsupported) as info:
        kms.create_key(KeySpec="ML_DSA_65", KeyUsage="SIGN_VERIFY")
    assert str(info.value) == (
        "pytest-kmsfake does not support CreateKey with KeySpec ML_DSA_65 (the installed "
        "cryptography package lacks it) yet, so the call was not sent anywhere. See the "
        "supported operations page of the pytest-kmsfake documentation for what is supported."
    )


@pytest.mark.kms_fake(check_at_teardown=False)
@pytest.mark.parametrize("spec", ML_DSA_SPECS[:1])
def test_the_fake_names_external_mu_this_cryptography_lacks(
    spec: str, kms: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    key_id = kms.create_key(KeySpec=spec, KeyUsage="SIGN_VERIFY")["KeyMetadata"]["KeyId"]
    monkeypatch.setattr(asym, "_has_external_mu", lambda: False)  # cryptography 47 to 49
    with pytest.raises(KmsFakeUnsupported) as info:
        kms.sign(
            KeyId=key_id,
            Message=bytes(64),
            MessageType="EXTERNAL_MU",
            SigningAlgorithm="ML_DSA_SHAKE_256",
        )
    assert str(info.value) == (
        f"pytest-kmsfake does not support {spec}: ML_DSA_SHAKE_256 with MessageType EXTERNAL_MU "
        "needs ML-DSA signing from a precomputed mu, which the installed cryptography (before "
        "50) does not provide yet, so the call was not sent anywhere. See the supported "
        "operations page of the pytest-kmsfake documentation for what is supported."
    )


# --- HMAC ----------------------------------------------------------------------------------


HMAC_SPECS = [
    s for s in documented.KEY_SPECS if GENERATE_VERIFY_MAC in documented.KEY_SPECS[s].usages
]


@pytest.mark.parametrize("spec", HMAC_SPECS)
def test_hmac_keys_and_macs_match_the_stdlib(spec: str) -> None:
    (alg,) = documented.KEY_SPECS[spec].usages[GENERATE_VERIFY_MAC]
    key = asym.hmac_generate_key(spec)
    # AWS does not publish the length; the fake's is pinned (documented_service DEVIATIONS).
    assert len(key) == documented_service.PINNED_HMAC_KEY_BYTES[spec]
    assert key != asym.hmac_generate_key(spec)
    mac = asym.hmac_mac(alg, key, MESSAGE)
    bits = int(alg.rsplit("_", 1)[1])
    assert mac == hmac.new(key, MESSAGE, f"sha{bits}").digest()
    assert len(mac) == documented.MAC_LENGTHS[alg] == bits // 8
    assert asym.hmac_verify(alg, key, MESSAGE, mac)
    assert not asym.hmac_verify(alg, key, MESSAGE + b"!", mac)


@settings(max_examples=50)
@given(
    key=st.binary(max_size=200),
    message=st.binary(max_size=4096),
    alg=st.sampled_from(sorted(documented.MAC_LENGTHS)),
)
def test_hmac_is_rfc_2104(key: bytes, message: bytes, alg: str) -> None:
    expected = hmac.new(key, message, "sha" + alg.rsplit("_", 1)[1]).digest()
    assert asym.hmac_mac(alg, key, message) == expected


def test_hmac_unknown_names() -> None:
    with pytest.raises(asym.UnknownSpec):
        asym.hmac_generate_key("HMAC_128")
    with pytest.raises(asym.UnknownSpec):
        asym.hmac_mac("HMAC_SHA_1", b"k", b"m")


def test_untrusted_keys_get_the_full_check(private_key: Callable[[str], bytes]) -> None:
    asym.check_private_key("RSA_2048", private_key("RSA_2048"))
    good = serialization.load_der_private_key(private_key("RSA_2048"), password=None)
    assert isinstance(good, rsa.RSAPrivateKey)
    numbers = good.private_numbers()
    assert numbers.public_numbers.e == 65537
    broken = rsa.RSAPrivateNumbers(
        numbers.p,
        numbers.q,
        numbers.d + 2,
        numbers.dmp1,
        numbers.dmq1,
        numbers.iqmp,
        numbers.public_numbers,
    ).private_key(unsafe_skip_rsa_key_validation=True)
    der = broken.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    with pytest.raises(asym.InvalidKeyMaterial):
        asym.check_private_key("RSA_2048", der)
    with pytest.raises(asym.InvalidKeyMaterial):
        asym.check_private_key("ECC_NIST_P256", private_key("RSA_2048"))
