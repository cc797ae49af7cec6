"""The key specs: one row per KeySpec, with its family, each key usage it permits and the
algorithms DescribeKey lists for that usage, and what its key material is made of.

Sources are tagged as in the project's fact sheet: [MD] the botocore model's documentation,
[EX] the model's examples, [LS] responses recorded against real AWS.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum, auto

# --- Key specs, usages and algorithms ------------------------------------------------------

SYMMETRIC_DEFAULT = "SYMMETRIC_DEFAULT"  # the key spec, and its encryption algorithm
ENCRYPT_DECRYPT = "ENCRYPT_DECRYPT"
SIGN_VERIFY = "SIGN_VERIFY"
GENERATE_VERIFY_MAC = "GENERATE_VERIFY_MAC"
KEY_AGREEMENT = "KEY_AGREEMENT"
ENCAPSULATE_DECAPSULATE = "ENCAPSULATE_DECAPSULATE"

# KeyMetadata carries exactly one algorithm list, chosen by the key usage [MD, EX, LS].
ALGORITHM_FIELD_BY_USAGE: Mapping[str, str] = {
    ENCRYPT_DECRYPT: "EncryptionAlgorithms",
    SIGN_VERIFY: "SigningAlgorithms",
    GENERATE_VERIFY_MAC: "MacAlgorithms",
    KEY_AGREEMENT: "KeyAgreementAlgorithms",
    ENCAPSULATE_DECAPSULATE: "EncapsulationAlgorithms",
}

_RSA_ENCRYPTION = ("RSAES_OAEP_SHA_1", "RSAES_OAEP_SHA_256")
_RSA_SIGNING = (  # order as DescribeKey returns it [EX]
    "RSASSA_PKCS1_V1_5_SHA_256",
    "RSASSA_PKCS1_V1_5_SHA_384",
    "RSASSA_PKCS1_V1_5_SHA_512",
    "RSASSA_PSS_SHA_256",
    "RSASSA_PSS_SHA_384",
    "RSASSA_PSS_SHA_512",
)


class KeyFamily(Enum):
    """The family of a key spec: what its key material is made of. The one spelling of a key
    family in the package."""

    SYMMETRIC = auto()
    HMAC = auto()
    RSA = auto()
    ECC = auto()  # the NIST and SECG prime curves `cryptography` handles
    ED25519 = auto()
    SM2 = auto()  # sm2p256v1, implemented in `_crypto.sm2`
    ML_DSA = auto()
    ML_KEM = auto()

    @property
    def word(self) -> str:
        """How the documentation's tables name it: "ml-dsa" for ML_DSA."""
        return self.name.lower().replace("_", "-")


@dataclass(frozen=True)
class KeySpecRule:
    """One KeySpec: each usage it permits with the algorithms DescribeKey lists, and what
    its key material is made of.

    `size` is the AES or HMAC key size in bits, the RSA modulus in bits, the curve's field
    size in bits, or the ML parameter set (44/65/87, 512/768/1024). `curve` is the SEC 2 /
    `cryptography` curve name. `ecdh_secret_length` is the raw ECDH secret in bytes (None: no
    key agreement) and `kem_ciphertext_length` the ML-KEM ciphertext in bytes [MD]; the
    shared secret is 32.

    AWS does not publish the length of the HMAC keys it generates. The fake's choice
    (`hmac_key_length`), independent of the hash block size: twice the output length capped
    at 64 bytes for HMAC_224/256 (56 and 64 bytes), and 128 bytes for HMAC_384/512. Every
    choice sits inside `imported_lengths`, the lengths KMS accepts for imported HMAC
    material ([LSI]; UNVERIFIED against AWS).
    """

    name: str
    family: KeyFamily
    usages: Mapping[str, tuple[str, ...]]
    size: int
    default_usage: str = ""  # only SYMMETRIC_DEFAULT may omit KeyUsage [LS:2023-04-13]
    curve: str | None = None
    ecdh_secret_length: int | None = None
    kem_ciphertext_length: int | None = None
    hmac_key_length: int | None = None
    imported_lengths: tuple[int, int] | None = None

    @property
    def symmetric(self) -> bool:
        return self.family is KeyFamily.SYMMETRIC

    @property
    def kind(self) -> str:
        """The three kinds AWS tells apart for aliases: symmetric, HMAC and asymmetric [MD]."""
        if self.family is KeyFamily.SYMMETRIC:
            return "symmetric"
        return "hmac" if self.family is KeyFamily.HMAC else "asymmetric"


def _rsa(bits: int) -> KeySpecRule:
    usages = {ENCRYPT_DECRYPT: _RSA_ENCRYPTION, SIGN_VERIFY: _RSA_SIGNING}
    return KeySpecRule(f"RSA_{bits}", KeyFamily.RSA, usages, bits)


def _nist(bits: int, curve: str, ecdh_secret_length: int) -> KeySpecRule:
    hash_bits = min(bits, 512)
    usages = {SIGN_VERIFY: (f"ECDSA_SHA_{hash_bits}",), KEY_AGREEMENT: ("ECDH",)}
    return KeySpecRule(
        f"ECC_NIST_P{bits}", KeyFamily.ECC, usages, bits, curve=curve,
        ecdh_secret_length=ecdh_secret_length,
    )  # fmt: skip


def _hmac(bits: int, key_length: int, imported_lengths: tuple[int, int]) -> KeySpecRule:
    usages = {GENERATE_VERIFY_MAC: (f"HMAC_SHA_{bits}",)}
    return KeySpecRule(
        f"HMAC_{bits}", KeyFamily.HMAC, usages, bits, hmac_key_length=key_length,
        imported_lengths=imported_lengths,
    )  # fmt: skip


def _ml_kem(size: int, ciphertext_length: int) -> KeySpecRule:
    usages = {ENCAPSULATE_DECAPSULATE: ("ML_KEM",)}
    return KeySpecRule(
        f"ML_KEM_{size}", KeyFamily.ML_KEM, usages, size, kem_ciphertext_length=ciphertext_length
    )


KEY_SPECS: Mapping[str, KeySpecRule] = {
    rule.name: rule
    for rule in (
        KeySpecRule(
            SYMMETRIC_DEFAULT,
            KeyFamily.SYMMETRIC,
            {ENCRYPT_DECRYPT: (SYMMETRIC_DEFAULT,)},
            256,
            default_usage=ENCRYPT_DECRYPT,
        ),
        _rsa(2048),
        _rsa(3072),
        _rsa(4096),
        _nist(256, "secp256r1", 32),
        _nist(384, "secp384r1", 48),
        _nist(521, "secp521r1", 66),
        KeySpecRule(
            "ECC_SECG_P256K1",
            KeyFamily.ECC,
            {SIGN_VERIFY: ("ECDSA_SHA_256",)},
            256,
            curve="secp256k1",
        ),
        KeySpecRule(
            "ECC_NIST_EDWARDS25519",
            KeyFamily.ED25519,
            {SIGN_VERIFY: ("ED25519_SHA_512", "ED25519_PH_SHA_512")},
            255,
            curve="ed25519",
        ),
        _hmac(224, 56, (28, 64)),
        _hmac(256, 64, (32, 64)),
        _hmac(384, 128, (48, 128)),
        _hmac(512, 128, (64, 128)),
        KeySpecRule(
            "SM2",
            KeyFamily.SM2,
            {ENCRYPT_DECRYPT: ("SM2PKE",), SIGN_VERIFY: ("SM2DSA",), KEY_AGREEMENT: ("ECDH",)},
            256,
            curve="sm2p256v1",
            ecdh_secret_length=32,
        ),
        *(
            KeySpecRule(f"ML_DSA_{n}", KeyFamily.ML_DSA, {SIGN_VERIFY: ("ML_DSA_SHAKE_256",)}, n)
            for n in (44, 65, 87)
        ),
        _ml_kem(512, 768),
        _ml_kem(768, 1088),
        _ml_kem(1024, 1568),
    )
}

# Key specs whose cryptography this version of the fake implements; CreateKey of any other
# spec fails loudly (UnsupportedByFake) rather than pretending.
IMPLEMENTED_KEY_SPECS: frozenset[str] = frozenset(KEY_SPECS)
