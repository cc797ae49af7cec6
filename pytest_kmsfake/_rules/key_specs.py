"""The key specs: one row per KeySpec, with each key usage it permits and the algorithms
DescribeKey lists for that usage.

Sources are tagged as in the project's fact sheet: [MD] the botocore model's documentation,
[EX] the model's examples, [LS] responses recorded against real AWS.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

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


@dataclass(frozen=True)
class KeySpecRule:
    """What one KeySpec allows: each permitted usage with the algorithms DescribeKey lists."""

    family: str  # symmetric, hmac, rsa, ecc, ed25519, sm2, ml-dsa, ml-kem
    usages: Mapping[str, tuple[str, ...]]
    default_usage: str = ""  # only SYMMETRIC_DEFAULT may omit KeyUsage [LS:2023-04-13]

    @property
    def symmetric(self) -> bool:
        return self.family == "symmetric"

    @property
    def kind(self) -> str:
        """The three kinds AWS tells apart for aliases: symmetric, HMAC and asymmetric [MD]."""
        return self.family if self.family in ("symmetric", "hmac") else "asymmetric"


KEY_SPECS: Mapping[str, KeySpecRule] = {
    "SYMMETRIC_DEFAULT": KeySpecRule(
        "symmetric", {ENCRYPT_DECRYPT: ("SYMMETRIC_DEFAULT",)}, default_usage=ENCRYPT_DECRYPT
    ),
    **{
        f"RSA_{bits}": KeySpecRule(
            "rsa", {ENCRYPT_DECRYPT: _RSA_ENCRYPTION, SIGN_VERIFY: _RSA_SIGNING}
        )
        for bits in (2048, 3072, 4096)
    },
    "ECC_NIST_P256": KeySpecRule(
        "ecc", {SIGN_VERIFY: ("ECDSA_SHA_256",), KEY_AGREEMENT: ("ECDH",)}
    ),
    "ECC_NIST_P384": KeySpecRule(
        "ecc", {SIGN_VERIFY: ("ECDSA_SHA_384",), KEY_AGREEMENT: ("ECDH",)}
    ),
    "ECC_NIST_P521": KeySpecRule(
        "ecc", {SIGN_VERIFY: ("ECDSA_SHA_512",), KEY_AGREEMENT: ("ECDH",)}
    ),
    "ECC_SECG_P256K1": KeySpecRule("ecc", {SIGN_VERIFY: ("ECDSA_SHA_256",)}),
    "ECC_NIST_EDWARDS25519": KeySpecRule(
        "ed25519", {SIGN_VERIFY: ("ED25519_SHA_512", "ED25519_PH_SHA_512")}
    ),
    **{
        f"HMAC_{bits}": KeySpecRule("hmac", {GENERATE_VERIFY_MAC: (f"HMAC_SHA_{bits}",)})
        for bits in (224, 256, 384, 512)
    },
    "SM2": KeySpecRule(
        "sm2", {ENCRYPT_DECRYPT: ("SM2PKE",), SIGN_VERIFY: ("SM2DSA",), KEY_AGREEMENT: ("ECDH",)}
    ),
    **{
        f"ML_DSA_{n}": KeySpecRule("ml-dsa", {SIGN_VERIFY: ("ML_DSA_SHAKE_256",)})
        for n in (44, 65, 87)
    },
    **{
        f"ML_KEM_{n}": KeySpecRule("ml-kem", {ENCAPSULATE_DECAPSULATE: ("ML_KEM",)})
        for n in (512, 768, 1024)
    },
}

# Key specs whose cryptography this version of the fake implements; CreateKey of any other
# spec fails loudly (UnsupportedByFake) rather than pretending.
IMPLEMENTED_KEY_SPECS: frozenset[str] = frozenset(KEY_SPECS)
