"""Algorithm tables for the asymmetric and HMAC cryptography: data only, no crypto calls.

One frozen dataclass per row. `key_specs` says which algorithm each KeySpec and KeyUsage
allows and what each key spec is made of; this module says what each algorithm *is* (family,
hash, digest length, message types, signing scheme, size limits).
Sources are tagged as in the project's fact sheet: [MD] the botocore model's documentation,
[DG23] the KMS developer guide, [LS] responses recorded against real AWS, [CALC] computed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum, auto

from .key_specs import KeyFamily

# --- Message types (MessageType enum [M]) ------------------------------------------------------

RAW = "RAW"
DIGEST = "DIGEST"
EXTERNAL_MU = "EXTERNAL_MU"

# A MessageType the algorithm refuses: AWS's message names the key spec for these families
# ("Message type DIGEST is incompatible with key spec ML_DSA_44.") and the algorithm for the
# others ("... with algorithm ED25519_SHA_512."), as measured against KMS in 2026
# [ISS:floci-io/floci#3025, #2930]; the families other than ML-DSA and Ed25519 are INFERRED.
MESSAGE_TYPE_REFUSAL_NAMES_KEY_SPEC: frozenset[KeyFamily] = frozenset({KeyFamily.ML_DSA})

# --- Signing schemes (the "padding kind" of each signing algorithm) ------------------------


class SigningScheme(Enum):
    """How a signing algorithm signs; `_crypto.asymmetric` picks the primitive by it."""

    RSA_PSS = auto()
    RSA_PKCS1V15 = auto()
    ECDSA = auto()  # DER-encoded (r, s)
    SM2DSA = auto()  # DER-encoded (r, s) over SM3(Z_A || M), default ID 1234567812345678
    ED25519 = auto()  # PureEdDSA, RFC 8032
    # HashEdDSA (Ed25519ph), RFC 8032 section 5.1: with DIGEST too, KMS still applies the
    # SHA-512 prehash of FIPS 186-5 section 7.8.1 step 1, so the caller's digest is hashed
    # twice [MD].
    ED25519PH = auto()
    ML_DSA = auto()  # FIPS 204 pure ML-DSA with an empty context


RSA_PSS = SigningScheme.RSA_PSS
RSA_PKCS1V15 = SigningScheme.RSA_PKCS1V15
ECDSA = SigningScheme.ECDSA
SM2DSA = SigningScheme.SM2DSA
ED25519 = SigningScheme.ED25519
ED25519PH = SigningScheme.ED25519PH
ML_DSA_SCHEME = SigningScheme.ML_DSA


@dataclass(frozen=True)
class SigningAlgorithm:
    """One SigningAlgorithmSpec value.

    `digest_length` is the exact Message length for MessageType DIGEST (None: DIGEST is not
    allowed); `mu_length` the exact length for EXTERNAL_MU (None: not allowed).
    """

    name: str
    family: KeyFamily
    scheme: SigningScheme
    hash_name: str  # SHA256 / SHA384 / SHA512 / SM3 / SHAKE256
    message_types: tuple[str, ...]
    digest_length: int | None = None
    mu_length: int | None = None
    salt_length: int | None = None  # RSA-PSS only: equals the hash length [DG23]


def _rsa(name: str, scheme: SigningScheme, bits: int) -> SigningAlgorithm:
    salt = bits // 8 if scheme == RSA_PSS else None
    return SigningAlgorithm(
        name,
        KeyFamily.RSA,
        scheme,
        f"SHA{bits}",
        (RAW, DIGEST),
        digest_length=bits // 8,
        salt_length=salt,
    )


def _ecdsa(bits: int) -> SigningAlgorithm:
    return SigningAlgorithm(
        f"ECDSA_SHA_{bits}",
        KeyFamily.ECC,
        ECDSA,
        f"SHA{bits}",
        (RAW, DIGEST),
        digest_length=bits // 8,
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
        SigningAlgorithm("SM2DSA", KeyFamily.SM2, SM2DSA, "SM3", (RAW, DIGEST), digest_length=32),
        SigningAlgorithm(
            "ML_DSA_SHAKE_256",
            KeyFamily.ML_DSA,
            ML_DSA_SCHEME,
            "SHAKE256",
            (RAW, EXTERNAL_MU),
            mu_length=64,
        ),
        SigningAlgorithm("ED25519_SHA_512", KeyFamily.ED25519, ED25519, "SHA512", (RAW,)),
        SigningAlgorithm(
            "ED25519_PH_SHA_512",
            KeyFamily.ED25519,
            ED25519PH,
            "SHA512",
            (DIGEST,),
            digest_length=64,
        ),
    )
}


# --- Encryption ----------------------------------------------------------------------------


@dataclass(frozen=True)
class EncryptionAlgorithm:
    """One asymmetric EncryptionAlgorithmSpec value (SYMMETRIC_DEFAULT lives in `_symmetric`).
    RSA encrypts with OAEP, the hash serving OAEP and MGF1, with an empty label [DG23]."""

    name: str
    family: KeyFamily
    hash_name: str  # RSA: the OAEP hash; SM2PKE: SM3


ENCRYPTION_ALGORITHMS: Mapping[str, EncryptionAlgorithm] = {
    alg.name: alg
    for alg in (
        EncryptionAlgorithm("RSAES_OAEP_SHA_1", KeyFamily.RSA, "SHA1"),
        EncryptionAlgorithm("RSAES_OAEP_SHA_256", KeyFamily.RSA, "SHA256"),
        # GM/T 0003.4; ciphertext is the ASN.1 DER SEQUENCE {x, y, C3, C2} of GM/T 0009 [DG23]
        EncryptionAlgorithm("SM2PKE", KeyFamily.SM2, "SM3"),
    )
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
    alg.name: alg
    for alg in (
        MacAlgorithm(f"HMAC_SHA_{bits}", f"SHA{bits}", bits // 8) for bits in (224, 256, 384, 512)
    )
}


KEM_SHARED_SECRET_BYTES = 32  # [MD]

# DataKeyPairSpec, in model order [M]: every asymmetric spec except ML-DSA.
DATA_KEY_PAIR_SPECS: tuple[str, ...] = (
    "RSA_2048", "RSA_3072", "RSA_4096", "ECC_NIST_P256", "ECC_NIST_P384", "ECC_NIST_P521",
    "ECC_SECG_P256K1", "SM2", "ECC_NIST_EDWARDS25519", "ML_KEM_512", "ML_KEM_768", "ML_KEM_1024",
)  # fmt: skip
