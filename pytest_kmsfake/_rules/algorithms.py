"""Algorithm tables for the asymmetric and HMAC cryptography: data only, no crypto calls.

One frozen dataclass per row. `_rules.py` says which algorithm each KeySpec and KeyUsage
allows; this module says what each algorithm *is* (hash, digest length, message types,
padding, size limits) and what each asymmetric key spec is made of (family, size, curve).
Sources are tagged as in the project's fact sheet: [MD] the botocore model's documentation,
[DG23] the KMS developer guide, [LS] responses recorded against real AWS, [CALC] computed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

# --- Message types (MessageType enum [M]) ------------------------------------------------------

RAW = "RAW"
DIGEST = "DIGEST"
EXTERNAL_MU = "EXTERNAL_MU"

# --- Key families --------------------------------------------------------------------------

RSA = "RSA"
EC = "EC"  # NIST and SECG prime curves handled by `cryptography`
EDWARDS = "EDWARDS"  # Ed25519
SM2 = "SM2"  # sm2p256v1, implemented in `_sm2`
ML_DSA = "ML_DSA"
ML_KEM = "ML_KEM"

# A MessageType the algorithm refuses: AWS's message names the key spec for these families
# ("Message type DIGEST is incompatible with key spec ML_DSA_44.") and the algorithm for the
# others ("... with algorithm ED25519_SHA_512."), as measured against KMS in 2026
# [ISS:floci-io/floci#3025, #2930]; the families other than ML-DSA and Ed25519 are INFERRED.
MESSAGE_TYPE_REFUSAL_NAMES_KEY_SPEC: frozenset[str] = frozenset({ML_DSA})

# --- Signing schemes (the "padding kind" of each signing algorithm) ------------------------

RSA_PSS = "RSA_PSS"
RSA_PKCS1V15 = "RSA_PKCS1V15"
ECDSA = "ECDSA"  # DER-encoded (r, s)
SM2DSA = "SM2DSA"  # DER-encoded (r, s) over SM3(Z_A || M), default ID 1234567812345678
ED25519 = "ED25519"  # PureEdDSA, RFC 8032
ED25519PH = "ED25519PH"  # HashEdDSA (Ed25519ph), RFC 8032 section 5.1
ML_DSA_SCHEME = "ML_DSA"  # FIPS 204 pure ML-DSA with an empty context


@dataclass(frozen=True)
class SigningAlgorithm:
    """One SigningAlgorithmSpec value.

    `digest_length` is the exact Message length for MessageType DIGEST (None: DIGEST is not
    allowed); `mu_length` the exact length for EXTERNAL_MU (None: not allowed).
    `rehashes_digest` marks ED25519_PH_SHA_512: with DIGEST, KMS *still* applies the SHA-512
    prehash of FIPS 186-5 section 7.8.1 step 1, so the caller's digest is hashed twice [MD].
    """

    name: str
    family: str
    scheme: str
    hash_name: str  # SHA256 / SHA384 / SHA512 / SM3 / SHAKE256
    message_types: tuple[str, ...]
    digest_length: int | None = None
    mu_length: int | None = None
    salt_length: int | None = None  # RSA-PSS only: equals the hash length [DG23]
    rehashes_digest: bool = False

    @property
    def padding(self) -> str | None:
        """ "PSS" or "PKCS1V15" for the RSA schemes, None for the others."""
        return {RSA_PSS: "PSS", RSA_PKCS1V15: "PKCS1V15"}.get(self.scheme)


def _rsa(name: str, scheme: str, bits: int) -> SigningAlgorithm:
    salt = bits // 8 if scheme == RSA_PSS else None
    return SigningAlgorithm(
        name, RSA, scheme, f"SHA{bits}", (RAW, DIGEST), digest_length=bits // 8, salt_length=salt
    )


def _ecdsa(bits: int) -> SigningAlgorithm:
    return SigningAlgorithm(
        f"ECDSA_SHA_{bits}", EC, ECDSA, f"SHA{bits}", (RAW, DIGEST), digest_length=bits // 8
    )


# Digest lengths [MD, LS:2023-04-13]; PSS salt = hash length, MGF1 with the same hash [DG23];
# Ed25519 message types [MD]; EXTERNAL_MU is 64 bytes [MD]. Whether ML-DSA rejects DIGEST is
# UNVERIFIED in the fact sheet; here it is not allowed.
SIGNING_ALGORITHMS: Mapping[str, SigningAlgorithm] = {
    alg.name: alg
    for alg in (
        _rsa("RSASSA_PSS_SHA_256", RSA_PSS, 256),
        _rsa("RSASSA_PSS_SHA_384", RSA_PSS, 384),
        _rsa("RSASSA_PSS_SHA_512", RSA_PSS, 512),
        _rsa("RSASSA_PKCS1_V1_5_SHA_256", RSA_PKCS1V15, 256),
        _rsa("RSASSA_PKCS1_V1_5_SHA_384", RSA_PKCS1V15, 384),
        _rsa("RSASSA_PKCS1_V1_5_SHA_512", RSA_PKCS1V15, 512),
        _ecdsa(256),
        _ecdsa(384),
        _ecdsa(512),
        SigningAlgorithm("SM2DSA", SM2, SM2DSA, "SM3", (RAW, DIGEST), digest_length=32),
        SigningAlgorithm(
            "ML_DSA_SHAKE_256", ML_DSA, ML_DSA_SCHEME, "SHAKE256", (RAW, EXTERNAL_MU), mu_length=64
        ),
        SigningAlgorithm("ED25519_SHA_512", EDWARDS, ED25519, "SHA512", (RAW,)),
        SigningAlgorithm(
            "ED25519_PH_SHA_512",
            EDWARDS,
            ED25519PH,
            "SHA512",
            (DIGEST,),
            digest_length=64,
            rehashes_digest=True,
        ),
    )
}


# --- Encryption ----------------------------------------------------------------------------


@dataclass(frozen=True)
class EncryptionAlgorithm:
    """One asymmetric EncryptionAlgorithmSpec value (SYMMETRIC_DEFAULT lives in `_symmetric`)."""

    name: str
    family: str
    hash_name: str  # OAEP: the hash for both OAEP and MGF1, empty label [DG23]; SM2PKE: SM3
    padding: str | None  # "OAEP" or None


ENCRYPTION_ALGORITHMS: Mapping[str, EncryptionAlgorithm] = {
    "RSAES_OAEP_SHA_1": EncryptionAlgorithm("RSAES_OAEP_SHA_1", RSA, "SHA1", "OAEP"),
    "RSAES_OAEP_SHA_256": EncryptionAlgorithm("RSAES_OAEP_SHA_256", RSA, "SHA256", "OAEP"),
    # GM/T 0003.4; ciphertext is the ASN.1 DER SEQUENCE {x, y, C3, C2} of GM/T 0009 [DG23]
    "SM2PKE": EncryptionAlgorithm("SM2PKE", SM2, "SM3", None),
}

# Largest plaintext one Encrypt call accepts, per (KeySpec, algorithm) [MD, DG23, LS].
# RSA: modulus bytes - 2 * hash bytes - 2.
MAX_PLAINTEXT_BYTES: Mapping[tuple[str, str], int] = {
    ("RSA_2048", "RSAES_OAEP_SHA_1"): 214,
    ("RSA_2048", "RSAES_OAEP_SHA_256"): 190,
    ("RSA_3072", "RSAES_OAEP_SHA_1"): 342,
    ("RSA_3072", "RSAES_OAEP_SHA_256"): 318,
    ("RSA_4096", "RSAES_OAEP_SHA_1"): 470,
    ("RSA_4096", "RSAES_OAEP_SHA_256"): 446,
    ("SM2", "SM2PKE"): 1024,
}


# --- MAC -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class MacAlgorithm:
    name: str
    hash_name: str
    output_length: int  # raw RFC 2104 HMAC length in bytes [MD]


MAC_ALGORITHMS: Mapping[str, MacAlgorithm] = {
    f"HMAC_SHA_{bits}": MacAlgorithm(f"HMAC_SHA_{bits}", f"SHA{bits}", bits // 8)
    for bits in (224, 256, 384, 512)
}


@dataclass(frozen=True)
class HmacKeySpec:
    """An HMAC KeySpec: its one MAC algorithm and the key length the fake generates.

    AWS does not publish the length of the HMAC keys it generates. The fake's choice, which
    is independent of the hash block size: twice the output length capped at 64 bytes for
    HMAC_224/256 (56 and 64 bytes), and 128 bytes for HMAC_384/512. Every choice sits inside
    `imported_lengths`, the lengths KMS accepts for imported HMAC material ([LSI];
    UNVERIFIED against AWS).
    """

    name: str
    mac_algorithm: str
    key_length: int
    imported_lengths: tuple[int, int]


HMAC_KEY_SPECS: Mapping[str, HmacKeySpec] = {
    "HMAC_224": HmacKeySpec("HMAC_224", "HMAC_SHA_224", 56, (28, 64)),
    "HMAC_256": HmacKeySpec("HMAC_256", "HMAC_SHA_256", 64, (32, 64)),
    "HMAC_384": HmacKeySpec("HMAC_384", "HMAC_SHA_384", 128, (48, 128)),
    "HMAC_512": HmacKeySpec("HMAC_512", "HMAC_SHA_512", 128, (64, 128)),
}


# --- Asymmetric key specs ------------------------------------------------------------------


@dataclass(frozen=True)
class AsymmetricKeySpec:
    """What an asymmetric KeySpec is made of.

    `size` is the RSA modulus in bits, the curve's field size in bits, or the ML parameter
    set (44/65/87, 512/768/1024). `curve` is the SEC 2 / `cryptography` curve name.
    `ecdh_secret_length` is the raw ECDH secret in bytes (None: no key agreement) and
    `kem_ciphertext_length` the ML-KEM ciphertext in bytes [MD]; the shared secret is 32.
    """

    name: str
    family: str
    size: int
    curve: str | None = None
    ecdh_secret_length: int | None = None
    kem_ciphertext_length: int | None = None


ASYMMETRIC_KEY_SPECS: Mapping[str, AsymmetricKeySpec] = {
    spec.name: spec
    for spec in (
        AsymmetricKeySpec("RSA_2048", RSA, 2048),
        AsymmetricKeySpec("RSA_3072", RSA, 3072),
        AsymmetricKeySpec("RSA_4096", RSA, 4096),
        AsymmetricKeySpec("ECC_NIST_P256", EC, 256, "secp256r1", ecdh_secret_length=32),
        AsymmetricKeySpec("ECC_NIST_P384", EC, 384, "secp384r1", ecdh_secret_length=48),
        AsymmetricKeySpec("ECC_NIST_P521", EC, 521, "secp521r1", ecdh_secret_length=66),
        AsymmetricKeySpec("ECC_SECG_P256K1", EC, 256, "secp256k1"),
        AsymmetricKeySpec("ECC_NIST_EDWARDS25519", EDWARDS, 255, "ed25519"),
        AsymmetricKeySpec("SM2", SM2, 256, "sm2p256v1", ecdh_secret_length=32),
        AsymmetricKeySpec("ML_DSA_44", ML_DSA, 44),
        AsymmetricKeySpec("ML_DSA_65", ML_DSA, 65),
        AsymmetricKeySpec("ML_DSA_87", ML_DSA, 87),
        AsymmetricKeySpec("ML_KEM_512", ML_KEM, 512, kem_ciphertext_length=768),
        AsymmetricKeySpec("ML_KEM_768", ML_KEM, 768, kem_ciphertext_length=1088),
        AsymmetricKeySpec("ML_KEM_1024", ML_KEM, 1024, kem_ciphertext_length=1568),
    )
}

KEM_SHARED_SECRET_BYTES = 32  # [MD]

# DataKeyPairSpec, in model order [M]: every asymmetric spec except ML-DSA.
DATA_KEY_PAIR_SPECS: tuple[str, ...] = (
    "RSA_2048", "RSA_3072", "RSA_4096", "ECC_NIST_P256", "ECC_NIST_P384", "ECC_NIST_P521",
    "ECC_SECG_P256K1", "SM2", "ECC_NIST_EDWARDS25519", "ML_KEM_512", "ML_KEM_768", "ML_KEM_1024",
)  # fmt: skip
