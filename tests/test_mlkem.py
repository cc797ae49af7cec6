"""The pure-Python ML-KEM (`_mlkem`): byte for byte against `cryptography` for the parameter
sets it has, against published known answers for ML-KEM-512 (which it lacks), and through the
fake, where it serves every ML-KEM set the installed `cryptography` cannot."""

from __future__ import annotations

import base64
import hashlib
from typing import Any

import documented_service as documented
import pytest
from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from hypothesis import given, settings
from hypothesis import strategies as st

from pytest_kmsfake._crypto import asymmetric as asym
from pytest_kmsfake._crypto import asymmetric_keys as _asymmetric_keys
from pytest_kmsfake._crypto import mlkem as _mlkem
from pytest_kmsfake._crypto.mlkem import ML_KEM_512, PARAMS, MLKEMError, Params
from pytest_kmsfake._rules.model import service_model

# The parameter sets and their sizes are FIPS 203's, written by hand in documented_service;
# PARAMS is only how the fake's own parameter set for a size is reached.
SIZES = sorted(documented.ML_KEM)
seeds = st.binary(min_size=64, max_size=64)
messages = st.binary(min_size=32, max_size=32)


def _cryptography_class(size: int) -> Any:
    """cryptography's own MLKEM768PrivateKey etc., or None where it lacks the parameter set."""
    try:
        from cryptography.hazmat.primitives.asymmetric import mlkem
    except ImportError:  # cryptography < 47
        return None
    cls = getattr(mlkem, f"MLKEM{size}PrivateKey", None)
    if cls is None:
        return None
    try:
        cls.from_seed_bytes(bytes(64))
    except UnsupportedAlgorithm:  # a backend without ML-KEM
        return None
    return cls


IN_CRYPTOGRAPHY = [size for size in SIZES if _cryptography_class(size) is not None]


def _theirs(size: int, seed: bytes) -> Any:
    cls = _cryptography_class(size)
    if cls is None:
        pytest.skip(f"the installed cryptography has no ML-KEM-{size}")
    return cls.from_seed_bytes(seed)


def _flip(data: bytes, index: int, bit: int) -> bytes:
    index %= len(data)
    return data[:index] + bytes([data[index] ^ (1 << bit)]) + data[index + 1 :]


# --- (1) the same bytes as cryptography (ML-KEM-768 and ML-KEM-1024 in cryptography 50) -------


@pytest.mark.parametrize("size", [768, 1024])
@settings(max_examples=10, deadline=None)
@given(seed=seeds, index=st.integers(0, 2000), bit=st.integers(0, 7))
def test_agrees_with_cryptography(size: int, seed: bytes, index: int, bit: int) -> None:
    theirs, ours = _theirs(size, seed), _mlkem.PrivateKey(PARAMS[size], seed)
    assert ours.ek == theirs.public_key().public_bytes_raw()
    secret, ciphertext = ours.public_key().encapsulate()  # ours -> theirs
    assert theirs.decapsulate(ciphertext) == secret
    secret, ciphertext = theirs.public_key().encapsulate()  # theirs -> ours
    assert ours.decapsulate(ciphertext) == secret
    tampered = _flip(ciphertext, index, bit)  # the same implicit rejection value
    assert ours.decapsulate(tampered) == theirs.decapsulate(tampered) != secret


@pytest.mark.parametrize("size", [768, 1024])
def test_der_is_cryptographys_byte_for_byte(size: int) -> None:
    p, seed = PARAMS[size], hashlib.sha512(b"der").digest()
    theirs = _theirs(size, seed)
    pkcs8 = theirs.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    spki = theirs.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    assert _mlkem.private_key_der(p, seed) == pkcs8
    assert _mlkem.load_private_key(p, pkcs8).public_key().der() == spki
    assert _mlkem.load_public_key(p, spki).ek == theirs.public_key().public_bytes_raw()


# --- (2) known answers ----------------------------------------------------------------------

# RFC 9935 (Internet X.509 PKI: Algorithm Identifiers for ML-KEM), appendix C.1.1: the
# ML-KEM-512 example keys, made from the seed 00 01 .. 3f. The seed-form private key (C.1.1.1)
# and the public key, base64 as printed there (reproduced e.g. in aws/aws-lc,
# crypto/evp_extra/p_kem_test.cc).
RFC9935_SEED = bytes(range(64))
RFC9935_512_PRIVATE = """
MFQCAQAwCwYJYIZIAWUDBAQBBEKAQAABAgMEBQYHCAkKCwwNDg8QERITFBUWFxgZ
GhscHR4fICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8=
"""
RFC9935_512_PUBLIC = """
MIIDMjALBglghkgBZQMEBAEDggMhADmVgV5ZfRBDVc8pqlMzyTJRhp1bzb5IcST2
Ari2pmwWxHYWSK12XPXYAGtRXpBafwrAdrDGLvoygVPnylcBaZ8TBfHmvG+QsOSb
aTUSts6ZKouAFt38GmYsfj+WGcvYad13GvMIlszVkYrGy3dGbF53mZbWf/mqvJdQ
Pyx7fi0ADYZFD7GAfKTKvaRlgloxx4mht6SRqzhydl0yDQtxkg+iE8lAk0Frg7gS
Tmn2XmLLUADcw3qpoP/3OXDEdy81fSQYnKb1MFVowOI3ajdipoxgXlY8XSCVcuD8
dTLKKUcpU1VntfxBPF6HktJGRTbMgI+YrddGZPFBVm+QFqkKVBgpqYoEZM5BqLtE
wtT6PCwglGByjvFKGnxMm5jRIgO0zDUpFgqasteDj3/2tTrgWqMafWRrevpsRZMl
JqPDdVYZvplMIRwqMcBbNEeDbLIVC+GCna5rBMVTXP9Ubjkrp5dBFyD5JPSQpaxU
lfITVtVQt4KmTBaItrZVvMeEIZekNML2Vjtbfwmni8xIgjJ4NWHRb0y6tnVUAAUH
gVcMZmBLgXrRJSKUc26LAYYaS1p0UZuLb+UUiaUHI5Llh2JscTd2V10zgGocjicy
r5fCaA9RZmMxxOuLvAQxxPloMtrxs8RVKPuhU/bHixwZhwKUfM0zdyekb7U7oR3l
y0GRNGhZUWy2rXJADzzyCbI2rvNaWArIfrPjD6/WaXPKin3SZ1r0H3oXthQzzRr4
D3cIhp9mVIhJeYCxrBCgzctjagDthoGzXkKRJMqANQcluF+DperDpKPMFgCQPmUp
NWC5szblrw1SnawaBIEZMCy3qbzBELlIUb8CEX8ZncSFqFK3Rz8JuDGmgx1bVMC3
kNIlz2u5LZRiomzbM92lEjx6rw4moLg2Ve6ii/OoB0clAY/WuuS2Ac9huqtxp6PT
UZejQ+dLSicsEl1UCJZCbYW3lY07OKa6mH7DciXHtEzbEt3kU5tKsII2NoPwS/eg
nMXEHf6DChsWLgsyQzQ2LwhKFEZ3IzRLrdAA+NjFN8SPmY8FMHzr0e3guBw7xZoG
WhttY7Js
"""
# The same appendix's expanded-form private key ends with H(ek) || z; this is that H(ek).
RFC9935_512_EK_HASH = "82f101ff648063b376e2bb6c5b7455f655a50c2feadade150efa0e0e6f365aea"


def test_rfc9935_ml_kem_512_example_keys() -> None:
    private_der = base64.b64decode(RFC9935_512_PRIVATE)
    public_der = base64.b64decode(RFC9935_512_PUBLIC)
    assert _mlkem.private_key_der(ML_KEM_512, RFC9935_SEED) == private_der
    key = _mlkem.load_private_key(ML_KEM_512, private_der)
    assert key.public_key().der() == public_der
    assert key.dk[-64:] == bytes.fromhex(RFC9935_512_EK_HASH) + RFC9935_SEED[32:]
    assert asym.public_key_der("ML_KEM_512", private_der) == public_der  # through the fake's API


# C2SP CCTV "accumulated pq-crystals vectors" (https://c2sp.org/CCTV/ML-KEM, final FIPS 203):
# per test, d, z, m and a random ciphertext are drawn from SHAKE128(""); ek, dk, ct, K and the
# implicit-rejection K go into a running SHAKE128, whose first 32 bytes are the answer. CCTV
# publishes the hashes of 10 000 tests, for ML-KEM-512
# 705dcffc87f4e67e35a09dcaa31772e86f3341bd3ccf1e78a5fef99ae6a35a13, which
# `accumulated(p, 10_000)` reproduces for all three sets in a few minutes. The suite checks the
# first 100 tests, against the hashes that dajiaji/crystals-kyber-js (test/mlkem.test.ts) checks.
ACCUMULATED_100 = {
    512: "449120c6e320ef3e9fbfa2316e5f2d2e1e6dd37d8ff5d086d5d2db7d42aff0a1",
    768: "8d65b902f28edc683cebee2872962fd165a4d197c9e24ec74caa4470270df0b7",
    1024: "c3ffe9ebecfa479c142656cbfbc6417efa05b77e994fe538eef4daed166363df",
}


def accumulated(p: Params, count: int) -> str:
    per_test = 96 + documented.ML_KEM[int(p.name.rsplit("-", 1)[1])].ciphertext
    rng = hashlib.shake_128(b"").digest(per_test * count)
    out = hashlib.shake_128()
    for i in range(count):
        draw = rng[i * per_test : (i + 1) * per_test]
        ek, dk = _mlkem.keygen(p, draw[:64])
        secret, ciphertext = _mlkem.encaps(p, ek, draw[64:96])
        assert _mlkem.decaps(p, dk, ciphertext) == secret
        out.update(ek + dk + ciphertext + secret + _mlkem.decaps(p, dk, draw[96:]))
    return out.hexdigest(32)


@pytest.mark.parametrize("size", SIZES)
def test_accumulated_known_answers(size: int) -> None:
    # Also for the sets cryptography has: with a cryptography that lacks them, the fake serves
    # them with this code, and these answers are then what it is checked against.
    assert accumulated(PARAMS[size], 100) == ACCUMULATED_100[size]


# --- (3) round trips, implicit rejection, refusals --------------------------------------------


@pytest.mark.parametrize("size", SIZES)
@settings(max_examples=15, deadline=None)
@given(seed=seeds, m=messages, index=st.integers(0, 2000), bit=st.integers(0, 7))
def test_round_trip_and_implicit_rejection(
    size: int, seed: bytes, m: bytes, index: int, bit: int
) -> None:
    p, facts = PARAMS[size], documented.ML_KEM[size]
    ek, dk = _mlkem.keygen(p, seed)
    assert (len(ek), len(dk)) == (facts.encapsulation_key, facts.decapsulation_key)
    secret, ciphertext = _mlkem.encaps(p, ek, m)
    assert len(secret) == documented.ML_KEM_SHARED_SECRET_BYTES
    assert len(ciphertext) == facts.ciphertext
    assert _mlkem.decaps(p, dk, ciphertext) == secret
    assert _mlkem.encaps(p, ek, m) == (secret, ciphertext)  # m is the only randomness
    tampered = _flip(ciphertext, index, bit)
    rejected = _mlkem.decaps(p, dk, tampered)  # a value, never an exception: K-bar = J(z || c)
    assert rejected == hashlib.shake_256(seed[32:] + tampered).digest(32) != secret


@pytest.mark.parametrize("size", SIZES)
def test_wrong_lengths_and_unreduced_keys_are_refused(size: int) -> None:
    p, length = PARAMS[size], documented.ML_KEM[size].ciphertext
    ek, dk = _mlkem.keygen(p, bytes(64))
    for call in (
        lambda: _mlkem.keygen(p, bytes(63)),
        lambda: _mlkem.encaps(p, ek[:-1]),
        lambda: _mlkem.encaps(p, ek, bytes(31)),
        lambda: _mlkem.decaps(p, dk, bytes(length + 1)),
        lambda: _mlkem.decaps(p, dk[:-1], bytes(length)),
        lambda: _mlkem.decaps(p, dk[:-33] + bytes(33), bytes(length)),  # H(ek)
        lambda: _mlkem.private_key_der(p, bytes(32)),
    ):
        with pytest.raises(MLKEMError):
            call()
    unreduced = b"\x01\x0d" + ek[2:]  # first coefficient 0xd01 = q (the check of FIPS 203 7.2)
    with pytest.raises(MLKEMError, match="not below q"):
        _mlkem.encaps(p, unreduced)
    spki = _mlkem.PublicKey(p, ek).der()
    with pytest.raises(MLKEMError, match="not below q"):
        _mlkem.load_public_key(p, spki.replace(ek, unreduced))


def test_keys_of_another_parameter_set_are_refused() -> None:
    for size in (768, 1024):
        seed = bytes(range(64))
        pkcs8 = _mlkem.private_key_der(PARAMS[size], seed)
        with pytest.raises(MLKEMError, match="not an ML-KEM-512"):
            _mlkem.load_private_key(ML_KEM_512, pkcs8)
        spki = _mlkem.PrivateKey(PARAMS[size], seed).public_key().der()
        with pytest.raises(MLKEMError, match="not an ML-KEM-512"):
            _mlkem.load_public_key(ML_KEM_512, spki)
        with pytest.raises(asym.InvalidKeyMaterial):
            asym.public_key_der("ML_KEM_512", pkcs8)


@settings(max_examples=100)
@given(data=st.binary(max_size=120), size=st.sampled_from(SIZES))
def test_garbage_der_raises_mlkem_error_only(data: bytes, size: int) -> None:
    for load in (_mlkem.load_private_key, _mlkem.load_public_key):
        with pytest.raises(MLKEMError):
            load(PARAMS[size], data)


# --- (4) through the fake -------------------------------------------------------------------


_NEEDS_ML_KEM_IN_THE_MODEL = pytest.mark.skipif(
    "ML_KEM_512" not in service_model().shape_for("KeySpec").enum,  # type: ignore[attr-defined]
    reason="this botocore's KMS model predates ML-KEM keys",
)


@_NEEDS_ML_KEM_IN_THE_MODEL
def test_ml_kem_512_through_the_fake(kms: Any, kms_fake: Any) -> None:
    key = kms.create_key(KeySpec="ML_KEM_512", KeyUsage="ENCAPSULATE_DECAPSULATE")["KeyMetadata"]
    assert (key["KeySpec"], key["KeyUsage"]) == ("ML_KEM_512", "ENCAPSULATE_DECAPSULATE")
    assert key["EncapsulationAlgorithms"] == ["ML_KEM"]
    public_der = kms.get_public_key(KeyId=key["KeyId"])["PublicKey"]
    public = _mlkem.load_public_key(ML_KEM_512, public_der)  # outside the fake
    private = _mlkem.load_private_key(ML_KEM_512, kms_fake.key(key["KeyId"]).materials[0].secret)
    assert private.ek == public.ek

    secret, ciphertext = public.encapsulate()
    inside = kms.decapsulate(
        KeyId=key["KeyId"], SharedSecretCiphertextBlob=ciphertext, EncapsulationAlgorithm="ML_KEM"
    )
    assert inside["SharedSecret"] == secret
    made = kms.encapsulate(KeyId=key["KeyId"], EncapsulationAlgorithm="ML_KEM")
    assert len(made["SharedSecretCiphertextBlob"]) == documented.ML_KEM[512].ciphertext
    assert private.decapsulate(made["SharedSecretCiphertextBlob"]) == made["SharedSecret"]

    tampered = _flip(ciphertext, 5, 0)
    rejected = kms.decapsulate(
        KeyId=key["KeyId"], SharedSecretCiphertextBlob=tampered, EncapsulationAlgorithm="ML_KEM"
    )["SharedSecret"]
    assert rejected == hashlib.shake_256(private.seed[32:] + tampered).digest(32)
    with pytest.raises(kms.exceptions.InvalidCiphertextException):
        kms.decapsulate(
            KeyId=key["KeyId"], SharedSecretCiphertextBlob=b"short", EncapsulationAlgorithm="ML_KEM"
        )


@_NEEDS_ML_KEM_IN_THE_MODEL
def test_ml_kem_512_data_key_pairs(kms: Any, key_id: str) -> None:
    pair = kms.generate_data_key_pair(KeyId=key_id, KeyPairSpec="ML_KEM_512")
    private = _mlkem.load_private_key(ML_KEM_512, pair["PrivateKeyPlaintext"])
    assert private.public_key().der() == pair["PublicKey"]
    assert (
        kms.decrypt(CiphertextBlob=pair["PrivateKeyCiphertextBlob"])["Plaintext"]
        == (pair["PrivateKeyPlaintext"])
    )


@_NEEDS_ML_KEM_IN_THE_MODEL
@pytest.mark.usefixtures("cryptography_without_post_quantum")
@pytest.mark.parametrize("size", [768, 1024])
def test_sets_cryptography_lacks_are_served_in_pure_python(
    size: int, kms: Any, kms_fake: Any
) -> None:
    spec, p = f"ML_KEM_{size}", PARAMS[size]
    assert _asymmetric_keys._pure_mlkem(spec) is p  # the fallback, not cryptography, serves it
    key_id = kms.create_key(KeySpec=spec, KeyUsage="ENCAPSULATE_DECAPSULATE")["KeyMetadata"][
        "KeyId"
    ]
    public = _mlkem.load_public_key(p, kms.get_public_key(KeyId=key_id)["PublicKey"])
    secret, ciphertext = public.encapsulate()
    decapsulated = kms.decapsulate(
        KeyId=key_id, SharedSecretCiphertextBlob=ciphertext, EncapsulationAlgorithm="ML_KEM"
    )
    assert decapsulated["SharedSecret"] == secret
    made = kms.encapsulate(KeyId=key_id, EncapsulationAlgorithm="ML_KEM")
    seed = kms_fake.key(key_id).materials[0].secret[-64:]  # seed-format PKCS#8 ends with it
    outside = [_mlkem.PrivateKey(p, seed)]
    theirs = _cryptography_class(size)  # the module object outlives its hiding
    if theirs is not None:  # and where cryptography has the set, its own key agrees
        outside.append(theirs.from_seed_bytes(seed))
    for private in outside:
        assert private.decapsulate(made["SharedSecretCiphertextBlob"]) == made["SharedSecret"]
