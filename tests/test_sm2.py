"""SM2 and SM3, against the standards' published examples and, when present, OpenSSL's CLI.

Vectors:
  * SM3: GB/T 32905-2016 Appendix A, examples 1 ("abc") and 2 ("abcd" * 16).
  * SM2 on the recommended curve sm2p256v1: the examples of GM/T 0003.5-2012 /
    GB/T 32918.5-2017 (private key 3945208F..., nonce k = 59276E27..., message
    "message digest" signed with ID "1234567812345678"; "encryption standard" encrypted),
    as reproduced in the self-tests of openHiTLS (crypto/.../cmvp_selftest_sm2.c) and
    GmSSL-derived test suites.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from pathlib import Path

import documented_key_specs
import documented_service as documented
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from hypothesis import given, settings
from hypothesis import strategies as st

from pytest_kmsfake._crypto import asymmetric as asym
from pytest_kmsfake._crypto import sm2

D = 0x3945208F7B2144B13F36E38AC6D39F95889393692860B51A42FB81EF4DF7C5B8
PUBLIC = (
    0x09F9DF311E5421A150DD7D161E4BC5C672179FAD1833FC076BB08FF356F35020,
    0xCCEA490CE26775A52DC6EA718CC1AA600AED05FBF35E084A6632F6072DA9AD13,
)
K = 0x59276E27D506861A16680F3AD9C02DCCEF3CC1FA3CDBE4CE6D54B80DEAC1BC21
R = "f5a03b0648d2c4630eeac513e1bb81a15944da3827d5b74143ac7eaceee720b3"
S = "b1b6aa29df212fd8763182bc0d421ca1bb9038fd1f7f42d4840b69c485bbc1aa"
CIPHERTEXT_C1C3C2 = (
    "04"
    "04ebfc718e8d1798620432268e77feb6415e2ede0e073c0f4f640ecd2e149a73"
    "e858f9d81e5430a57b36daab8f950a3c64e6ee6a63094d99283aff767e124df0"
    "59983c18f809e262923c53aec295d30383b54e39d609d160afcb1908d0bd8766"
    "21886ca989ca9c7d58087307ca93092d651efa"
)
SPEC = "SM2"
# The curve's order, from the standard (documented_service), for scalars just in and out of
# range; the module's own constants are compared with it in test_documented_service.py.
ORDER = documented.SM2_CURVE.n


@pytest.fixture(scope="module")
def key() -> bytes:
    return asym.generate_private_key(SPEC)


# --- SM3 -----------------------------------------------------------------------------------


@pytest.mark.parametrize("sm3", [sm2.sm3, sm2.sm3_pure], ids=["sm3", "sm3_pure"])
def test_sm3_standard_examples(sm3: object) -> None:
    assert callable(sm3)
    assert sm3(b"abc").hex() == "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"
    expected = "debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732"
    assert sm3(b"abcd" * 16).hex() == expected


@pytest.mark.skipif(not sm2.HASHLIB_SM3, reason="this OpenSSL has no SM3 in hashlib")
@settings(max_examples=60)
@given(data=st.binary(max_size=300))
def test_pure_sm3_matches_openssl(data: bytes) -> None:
    assert sm2.sm3_pure(data) == hashlib.new("sm3", data).digest()


# --- the standard's examples ---------------------------------------------------------------


def test_public_key_of_the_example_private_key() -> None:
    assert sm2.public_point(D) == PUBLIC


def test_sm2dsa_example_signature() -> None:
    digest = sm2.message_digest(PUBLIC, b"message digest")
    signature = sm2.sign_digest(D, digest, k=K)
    assert signature.hex() == f"3046022100{R}022100{S}"
    assert sm2.verify_digest(PUBLIC, digest, signature)
    # the same signature through the KMS-shaped API: RAW computes Z_A and e itself
    der = sm2.private_key_der(D)
    public_der = asym.public_key_der(SPEC, der)
    assert asym.verify(SPEC, public_der, "SM2DSA", b"message digest", "RAW", signature)
    assert asym.verify(SPEC, public_der, "SM2DSA", digest, "DIGEST", signature)
    assert not asym.verify(SPEC, public_der, "SM2DSA", b"message digesT", "RAW", signature)


def test_sm2pke_example_ciphertext() -> None:
    ciphertext = sm2.encrypt(PUBLIC, b"encryption standard", k=K)
    assert sm2.to_c1c3c2(ciphertext).hex() == CIPHERTEXT_C1C3C2
    # GM/T 0009 DER: SEQUENCE { INTEGER x, INTEGER y, OCTET STRING C3, OCTET STRING C2 }
    raw = bytes.fromhex(CIPHERTEXT_C1C3C2)
    x, y, c3, c2 = raw[1:33], raw[33:65], raw[65:97], raw[97:]
    expected = (
        b"\x30\x7c"
        + b"\x02\x20" + x
        + b"\x02\x21\x00" + y  # y's top bit is set: a leading zero keeps it positive
        + b"\x04\x20" + c3
        + b"\x04\x13" + c2
    )  # fmt: skip
    assert ciphertext == expected
    assert sm2.decrypt(D, ciphertext) == b"encryption standard"
    assert (
        asym.decrypt(SPEC, sm2.private_key_der(D), "SM2PKE", ciphertext) == b"encryption standard"
    )


# --- DER -----------------------------------------------------------------------------------


def test_der_layouts() -> None:
    assert sm2.der_oid(sm2.SM2_CURVE_OID).hex() == "06082a811ccf5501822d"
    public_der = sm2.public_key_der(PUBLIC)
    assert public_der.hex().startswith("3059301306072a8648ce3d020106082a811ccf5501822d034200")
    assert sm2.parse_public_key_der(public_der) == PUBLIC
    private_der = sm2.private_key_der(D)
    assert private_der.hex().startswith(
        "308187020100301306072a8648ce3d020106082a811ccf5501822d046d306b0201010420" + f"{D:064x}"
    )
    assert sm2.parse_private_key_der(private_der) == D
    compressed = bytes([2 + (PUBLIC[1] & 1)]) + PUBLIC[0].to_bytes(32, "big")
    assert sm2.decode_point(compressed) == PUBLIC


def test_der_of_other_curves_is_refused() -> None:
    p256 = ec.generate_private_key(ec.SECP256R1())
    spki = p256.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    pkcs8 = p256.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    with pytest.raises(sm2.SM2Error):
        sm2.parse_public_key_der(spki)
    with pytest.raises(sm2.SM2Error):
        sm2.parse_private_key_der(pkcs8)
    with pytest.raises(asym.InvalidKeyMaterial):
        asym.public_key_der(SPEC, pkcs8)
    off_curve = sm2.public_key_der(PUBLIC)[:-1] + b"\x00"
    with pytest.raises(sm2.SM2Error, match="not on the SM2 curve"):
        sm2.parse_public_key_der(off_curve)


@settings(max_examples=100)
@given(data=st.binary(max_size=200))
def test_garbage_der_raises_sm2_error_only(data: bytes) -> None:
    for parse in (sm2.parse_public_key_der, sm2.parse_private_key_der):
        with pytest.raises(sm2.SM2Error):
            parse(data)


# --- round trips through the KMS-shaped API ------------------------------------------------


@settings(max_examples=20, deadline=None)
@given(message=st.binary(min_size=1, max_size=4096))
def test_sign_verify_round_trip(key: bytes, message: bytes) -> None:
    public_der = asym.public_key_der(SPEC, key)
    signature = asym.sign(SPEC, key, "SM2DSA", message, "RAW")
    assert asym.verify(SPEC, public_der, "SM2DSA", message, "RAW", signature)
    digest = sm2.message_digest(sm2.parse_public_key_der(public_der), message)
    assert asym.verify(SPEC, public_der, "SM2DSA", digest, "DIGEST", signature)
    assert asym.sign(SPEC, key, "SM2DSA", digest, "DIGEST") != signature  # fresh nonce


@settings(max_examples=20, deadline=None)
@given(plaintext=st.binary(min_size=1, max_size=1024))
def test_encrypt_decrypt_round_trip(key: bytes, plaintext: bytes) -> None:
    ciphertext = asym.encrypt(SPEC, asym.public_key_der(SPEC, key), "SM2PKE", plaintext)
    assert len(ciphertext) >= 32 + 32 + 32 + len(plaintext)
    assert asym.decrypt(SPEC, key, "SM2PKE", ciphertext) == plaintext


def test_plaintext_limit_is_1024_bytes(key: bytes) -> None:
    limit = documented_key_specs.MAX_PLAINTEXT_BYTES[(SPEC, "SM2PKE")]
    public_der = asym.public_key_der(SPEC, key)
    asym.encrypt(SPEC, public_der, "SM2PKE", b"x" * limit)
    with pytest.raises(asym.PlaintextTooLarge) as info:
        asym.encrypt(SPEC, public_der, "SM2PKE", b"x" * (limit + 1))
    assert info.value.limit == limit
    with pytest.raises(asym.AsymmetricError):
        asym.encrypt(SPEC, public_der, "SM2PKE", b"")


def test_tampered_ciphertext_is_refused(key: bytes) -> None:
    ciphertext = asym.encrypt(SPEC, asym.public_key_der(SPEC, key), "SM2PKE", b"secret")
    for index in (10, len(ciphertext) - 40, len(ciphertext) - 1):
        tampered = bytearray(ciphertext)
        tampered[index] ^= 1
        with pytest.raises(asym.InvalidCiphertext):
            asym.decrypt(SPEC, key, "SM2PKE", bytes(tampered))


@settings(max_examples=30, deadline=None)
@given(garbage=st.binary(max_size=200))
def test_garbage_signatures_are_false(key: bytes, garbage: bytes) -> None:
    assert asym.verify(SPEC, key, "SM2DSA", b"message", "RAW", garbage) is False


def test_verify_refuses_out_of_range_values() -> None:
    digest = sm2.message_digest(PUBLIC, b"message digest")
    r, s = int(R, 16), int(S, 16)
    for bad_r, bad_s in ((r, s + ORDER), (0, s), (r, 0), (5, ORDER - 5)):
        forged = sm2.der(0x30, sm2.der_integer(bad_r) + sm2.der_integer(bad_s))
        assert sm2.verify_digest(PUBLIC, digest, forged) is False


def test_ecdh_agrees_both_ways(key: bytes) -> None:
    other = asym.generate_private_key(SPEC)
    ours = asym.derive_shared_secret(SPEC, key, asym.public_key_der(SPEC, other))
    theirs = asym.derive_shared_secret(SPEC, other, asym.public_key_der(SPEC, key))
    assert ours == theirs and len(ours) == documented_key_specs.SHARED_SECRET_BYTES[SPEC]
    with pytest.raises(asym.InvalidPeerKey):
        asym.derive_shared_secret(SPEC, key, asym.public_key_der("ECC_NIST_P256", _p256()))


def _p256() -> bytes:
    return asym.generate_private_key("ECC_NIST_P256")


def test_private_key_range() -> None:
    for bad in (0, ORDER - 1, ORDER):
        with pytest.raises(sm2.SM2Error):
            sm2.public_point(bad)
    assert sm2.parse_private_key_der(sm2.private_key_der(ORDER - 2)) == ORDER - 2


# --- OpenSSL CLI interop (skipped when no openssl with SM2 is on PATH) ---------------------


def _openssl(*args: str, data: bytes = b"") -> bytes:
    result = subprocess.run(["openssl", *args], input=data, capture_output=True, check=True)
    return result.stdout


def _openssl_has_sm2() -> bool:
    if shutil.which("openssl") is None:
        return False
    try:
        _openssl("genpkey", "-algorithm", "SM2", "-outform", "DER")
    except (subprocess.CalledProcessError, OSError):
        return False
    return True


needs_openssl = pytest.mark.skipif(not _openssl_has_sm2(), reason="no openssl CLI with SM2")


@needs_openssl
def test_openssl_reads_our_keys_and_we_read_its_keys(key: bytes, tmp_path: Path) -> None:
    (tmp_path / "ours.der").write_bytes(key)
    public = _openssl("pkey", "-inform", "DER", "-in", str(tmp_path / "ours.der"), "-pubout",
                      "-outform", "DER")  # fmt: skip
    assert public == asym.public_key_der(SPEC, key)
    theirs = _openssl("genpkey", "-algorithm", "SM2", "-outform", "PEM")
    pkcs8 = _openssl("pkcs8", "-topk8", "-nocrypt", "-outform", "DER", data=theirs)
    assert sm2.private_key_der(sm2.parse_private_key_der(pkcs8)) == pkcs8  # byte for byte


@needs_openssl
def test_openssl_signatures_and_ours_interoperate(key: bytes, tmp_path: Path) -> None:
    (tmp_path / "key.der").write_bytes(key)
    (tmp_path / "pub.der").write_bytes(asym.public_key_der(SPEC, key))
    (tmp_path / "msg").write_bytes(b"hello from KMS")
    common = ["-rawin", "-digest", "sm3", "-pkeyopt", "distid:1234567812345678"]
    theirs = _openssl("pkeyutl", "-sign", "-keyform", "DER", "-inkey", str(tmp_path / "key.der"),
                      "-in", str(tmp_path / "msg"), *common)  # fmt: skip
    assert asym.verify(SPEC, key, "SM2DSA", b"hello from KMS", "RAW", theirs)
    (tmp_path / "sig").write_bytes(asym.sign(SPEC, key, "SM2DSA", b"hello from KMS", "RAW"))
    out = _openssl("pkeyutl", "-verify", "-pubin", "-keyform", "DER", "-inkey",
                   str(tmp_path / "pub.der"), "-in", str(tmp_path / "msg"), "-sigfile",
                   str(tmp_path / "sig"), *common)  # fmt: skip
    assert b"Verified Successfully" in out


@needs_openssl
def test_openssl_ciphertexts_and_ours_interoperate(key: bytes, tmp_path: Path) -> None:
    """AWS documents that OpenSSL 1.1.1+ writes the SM2PKE format KMS accepts [DG23]."""
    (tmp_path / "key.der").write_bytes(key)
    (tmp_path / "pub.der").write_bytes(asym.public_key_der(SPEC, key))
    theirs = _openssl("pkeyutl", "-encrypt", "-pubin", "-keyform", "DER", "-inkey",
                      str(tmp_path / "pub.der"), data=b"plaintext")  # fmt: skip
    assert asym.decrypt(SPEC, key, "SM2PKE", theirs) == b"plaintext"
    ours = asym.encrypt(SPEC, key, "SM2PKE", b"plaintext from python")
    plain = _openssl("pkeyutl", "-decrypt", "-keyform", "DER", "-inkey",
                     str(tmp_path / "key.der"), data=ours)  # fmt: skip
    assert plain == b"plaintext from python"
