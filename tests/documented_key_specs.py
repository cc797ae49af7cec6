"""What AWS KMS allows for each key spec, key usage and algorithm, written by hand from AWS's
documents: the expected answers of tests/test_documented_key_specs.py.

Nothing here comes from pytest_kmsfake, so a wrong entry in the fake's tables disagrees with
this module instead of agreeing with itself. Every fact carries its source tag:

[M]      botocore's KMS service model: shapes and enums
[MD]     the documentation strings of that model (e.g. CreateKey.KeyUsage)
[EX]     botocore's examples-1.json, written by AWS
[LS:d]   responses recorded against real AWS on date d (LocalStack snapshots)
[DG23]   the KMS developer guide as archived in mid-2023 (awsdocs/aws-kms-developer-guide)
[DOCS]   current AWS documentation pages (docs.aws.amazon.com), named after the tag
[ISS:r]  real AWS output quoted in a public issue or project
[STD]    the standard that defines the algorithm (sizes that follow from it)

Where the documents are silent or unclear, the fake's own choice is pinned in DEVIATIONS, with
the reason and the source, so that a change to it still fails a test.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

# --- Key usages and where DescribeKey lists their algorithms --------------------------------

ENCRYPT_DECRYPT = "ENCRYPT_DECRYPT"
SIGN_VERIFY = "SIGN_VERIFY"
GENERATE_VERIFY_MAC = "GENERATE_VERIFY_MAC"
KEY_AGREEMENT = "KEY_AGREEMENT"
ENCAPSULATE_DECAPSULATE = "ENCAPSULATE_DECAPSULATE"

# The KeyUsageType enum [M].
KEY_USAGES: tuple[str, ...] = (
    SIGN_VERIFY, ENCRYPT_DECRYPT, GENERATE_VERIFY_MAC, KEY_AGREEMENT, ENCAPSULATE_DECAPSULATE,
)  # fmt: skip

# KeyMetadata holds exactly one algorithm list, chosen by the key usage; the other lists are
# absent, not empty [MD KeyMetadata; EX DescribeKey; LS:2025-11 DescribeKey and CreateKey].
ALGORITHM_FIELD: Mapping[str, str] = {
    ENCRYPT_DECRYPT: "EncryptionAlgorithms",
    SIGN_VERIFY: "SigningAlgorithms",
    GENERATE_VERIFY_MAC: "MacAlgorithms",
    KEY_AGREEMENT: "KeyAgreementAlgorithms",
    ENCAPSULATE_DECAPSULATE: "EncapsulationAlgorithms",
}

# --- Key specs -------------------------------------------------------------------------------


@dataclass(frozen=True)
class SpecFacts:
    """One KeySpec: each key usage AWS allows it, with the algorithms DescribeKey lists for
    that usage, in order; the usage CreateKey assumes when KeyUsage is omitted (None: KeyUsage
    is required). Where AWS documents no order, `order_pinned_by` names the DEVIATIONS entry
    that pins the fake's."""

    usages: Mapping[str, tuple[str, ...]]
    source: str
    default_usage: str | None = None
    order_pinned_by: str | None = None


_RSA_ENCRYPTION = ("RSAES_OAEP_SHA_1", "RSAES_OAEP_SHA_256")  # [EX GetPublicKey; LS:2025-07]
_RSA_SIGNING = (  # in this order, PKCS #1 v1.5 first [EX DescribeKey RSA_2048]
    "RSASSA_PKCS1_V1_5_SHA_256",
    "RSASSA_PKCS1_V1_5_SHA_384",
    "RSASSA_PKCS1_V1_5_SHA_512",
    "RSASSA_PSS_SHA_256",
    "RSASSA_PSS_SHA_384",
    "RSASSA_PSS_SHA_512",
)
_RSA = (
    "[MD CreateKey.KeyUsage: RSA takes ENCRYPT_DECRYPT or SIGN_VERIFY; DG23 asymmetric-key-specs]"
)
_NIST_EC = (
    "[MD CreateKey.KeyUsage: NIST curves take SIGN_VERIFY or KEY_AGREEMENT; DG23 "
    "asymmetric-key-specs: one ECDSA algorithm per curve; LS:2025-08 DescribeKey P256, P521]"
)
_HMAC = "[MD CreateKey.KeyUsage: GENERATE_VERIFY_MAC; LS:2025-11 CreateKey HMAC_256, HMAC_512]"
_ML_DSA = (
    "[MD CreateKey.KeyUsage: SIGN_VERIFY; DOCS AWS security blog 'post-quantum signatures "
    "using AWS KMS and ML-DSA': the one algorithm ML_DSA_SHAKE_256; M SigningAlgorithmSpec]"
)
_ML_KEM = "[MD CreateKey.KeyUsage: ENCAPSULATE_DECAPSULATE; M EncapsulationAlgorithmSpec: ML_KEM]"

KEY_SPECS: Mapping[str, SpecFacts] = {
    "SYMMETRIC_DEFAULT": SpecFacts(
        {ENCRYPT_DECRYPT: ("SYMMETRIC_DEFAULT",)},
        "[MD CreateKey.KeyUsage: omit it or ENCRYPT_DECRYPT; LS:2025-11 DescribeKey]",
        default_usage=ENCRYPT_DECRYPT,
    ),
    "RSA_2048": SpecFacts({ENCRYPT_DECRYPT: _RSA_ENCRYPTION, SIGN_VERIFY: _RSA_SIGNING}, _RSA),
    "RSA_3072": SpecFacts({ENCRYPT_DECRYPT: _RSA_ENCRYPTION, SIGN_VERIFY: _RSA_SIGNING}, _RSA),
    "RSA_4096": SpecFacts({ENCRYPT_DECRYPT: _RSA_ENCRYPTION, SIGN_VERIFY: _RSA_SIGNING}, _RSA),
    "ECC_NIST_P256": SpecFacts(
        {SIGN_VERIFY: ("ECDSA_SHA_256",), KEY_AGREEMENT: ("ECDH",)}, _NIST_EC
    ),
    "ECC_NIST_P384": SpecFacts(
        {SIGN_VERIFY: ("ECDSA_SHA_384",), KEY_AGREEMENT: ("ECDH",)}, _NIST_EC
    ),
    "ECC_NIST_P521": SpecFacts(
        {SIGN_VERIFY: ("ECDSA_SHA_512",), KEY_AGREEMENT: ("ECDH",)}, _NIST_EC
    ),
    "ECC_SECG_P256K1": SpecFacts(
        {SIGN_VERIFY: ("ECDSA_SHA_256",)},
        "[MD CreateKey.KeyUsage: ECC_SECG_P256K1 takes SIGN_VERIFY; DG23 asymmetric-key-specs]",
    ),
    "ECC_NIST_EDWARDS25519": SpecFacts(
        {SIGN_VERIFY: ("ED25519_SHA_512", "ED25519_PH_SHA_512")},
        "[MD CreateKey.KeySpec: ed25519, signing and verification only; MD Sign.MessageType]",
        order_pinned_by="ed25519-signing-algorithm-order",
    ),
    "HMAC_224": SpecFacts({GENERATE_VERIFY_MAC: ("HMAC_SHA_224",)}, _HMAC),
    "HMAC_256": SpecFacts({GENERATE_VERIFY_MAC: ("HMAC_SHA_256",)}, _HMAC),
    "HMAC_384": SpecFacts({GENERATE_VERIFY_MAC: ("HMAC_SHA_384",)}, _HMAC),
    "HMAC_512": SpecFacts({GENERATE_VERIFY_MAC: ("HMAC_SHA_512",)}, _HMAC),
    "SM2": SpecFacts(
        {ENCRYPT_DECRYPT: ("SM2PKE",), SIGN_VERIFY: ("SM2DSA",), KEY_AGREEMENT: ("ECDH",)},
        "[MD CreateKey.KeyUsage: SM2 (China Regions only) takes ENCRYPT_DECRYPT, SIGN_VERIFY "
        "or KEY_AGREEMENT; DG23 asymmetric-key-specs: SM2PKE, SM2DSA]",
    ),
    "ML_DSA_44": SpecFacts({SIGN_VERIFY: ("ML_DSA_SHAKE_256",)}, _ML_DSA),
    "ML_DSA_65": SpecFacts({SIGN_VERIFY: ("ML_DSA_SHAKE_256",)}, _ML_DSA),
    "ML_DSA_87": SpecFacts({SIGN_VERIFY: ("ML_DSA_SHAKE_256",)}, _ML_DSA),
    "ML_KEM_512": SpecFacts({ENCAPSULATE_DECAPSULATE: ("ML_KEM",)}, _ML_KEM),
    "ML_KEM_768": SpecFacts({ENCAPSULATE_DECAPSULATE: ("ML_KEM",)}, _ML_KEM),
    "ML_KEM_1024": SpecFacts({ENCAPSULATE_DECAPSULATE: ("ML_KEM",)}, _ML_KEM),
}

# SM2 keys exist only in the China Regions [MD CreateKey.KeySpec]; every other spec is
# available in us-east-1. ML-KEM is not available in China [MD].
REGION_OF_SPEC: Mapping[str, str] = {"SM2": "cn-north-1"}
DEFAULT_REGION = "us-east-1"

# CreateKey's refusals.
KEY_USAGE_REQUIRED = (  # a spec other than SYMMETRIC_DEFAULT without KeyUsage [LS:2023-04-13]
    "ValidationException",
    "You must specify a KeyUsage value for all KMS keys except for symmetric encryption keys.",
)
# A usage the spec does not allow: no trailing period. Recorded for KEY_AGREEMENT with
# RSA_2048 [LS:2024-12-25]; the same template for the other pairs is INFERRED.
INCOMPATIBLE_KEY_USAGE = (
    "ValidationException",
    "KeyUsage {usage} is not compatible with KeySpec {spec}",
)

# --- Which operations each kind of key supports ---------------------------------------------

# The kinds of key, as the columns of the key type table name them [DOCS symm-asymm-compare]:
# a key's kind is its family (symmetric, HMAC, asymmetric) and its key usage. ML-KEM keys
# (ENCAPSULATE_DECAPSULATE) are newer than that table [MD Encapsulate, Decapsulate].
KeyKind = tuple[str, str]
SYMMETRIC: KeyKind = ("symmetric", ENCRYPT_DECRYPT)
HMAC: KeyKind = ("hmac", GENERATE_VERIFY_MAC)
ASYMMETRIC_ENCRYPTION: KeyKind = ("asymmetric", ENCRYPT_DECRYPT)
SIGNING: KeyKind = ("asymmetric", SIGN_VERIFY)
AGREEMENT: KeyKind = ("asymmetric", KEY_AGREEMENT)
ENCAPSULATION: KeyKind = ("asymmetric", ENCAPSULATE_DECAPSULATE)
KEY_KINDS: tuple[KeyKind, ...] = (
    SYMMETRIC, HMAC, ASYMMETRIC_ENCRYPTION, SIGNING, AGREEMENT, ENCAPSULATION,
)  # fmt: skip
_ASYMMETRIC_KINDS = frozenset({ASYMMETRIC_ENCRYPTION, SIGNING, AGREEMENT, ENCAPSULATION})


def kind_of(spec: str, usage: str) -> KeyKind:
    """SYMMETRIC_DEFAULT is the symmetric encryption key, HMAC_* the HMAC keys, every other
    spec an asymmetric key pair [MD CreateKey.KeySpec]."""
    if spec == "SYMMETRIC_DEFAULT":
        return ("symmetric", usage)
    if spec.startswith("HMAC_"):
        return ("hmac", usage)
    return ("asymmetric", usage)


# Operation -> the kinds of key it works with [DOCS symm-asymm-compare "Key type table";
# DG23 the same table; MD for Encapsulate and Decapsulate, which need ENCAPSULATE_DECAPSULATE,
# and GetPublicKey, "the public key of an asymmetric KMS key"]. Rotation is for symmetric keys
# only; GetKeyRotationStatus works on every key and says false for the others [DG23].
SUPPORTED_BY: Mapping[str, frozenset[KeyKind]] = {
    "Encrypt": frozenset({SYMMETRIC, ASYMMETRIC_ENCRYPTION}),
    "Decrypt": frozenset({SYMMETRIC, ASYMMETRIC_ENCRYPTION}),
    "ReEncrypt": frozenset({SYMMETRIC, ASYMMETRIC_ENCRYPTION}),
    "GenerateDataKey": frozenset({SYMMETRIC}),
    "GenerateDataKeyWithoutPlaintext": frozenset({SYMMETRIC}),
    "GenerateDataKeyPair": frozenset({SYMMETRIC}),
    "GenerateDataKeyPairWithoutPlaintext": frozenset({SYMMETRIC}),
    "Sign": frozenset({SIGNING}),
    "Verify": frozenset({SIGNING}),
    "GenerateMac": frozenset({HMAC}),
    "VerifyMac": frozenset({HMAC}),
    "DeriveSharedSecret": frozenset({AGREEMENT}),
    "Encapsulate": frozenset({ENCAPSULATION}),
    "Decapsulate": frozenset({ENCAPSULATION}),
    "GetPublicKey": _ASYMMETRIC_KINDS,
    "EnableKeyRotation": frozenset({SYMMETRIC}),
    "DisableKeyRotation": frozenset({SYMMETRIC}),
    "RotateKeyOnDemand": frozenset({SYMMETRIC}),
    "GetKeyRotationStatus": frozenset(KEY_KINDS),
}

# Encapsulate and Decapsulate are not available in the China Regions [MD], whatever the key.
NOT_IN_CHINA: frozenset[str] = frozenset({"Encapsulate", "Decapsulate"})

# The key usage each cryptographic operation needs [MD InvalidKeyUsageException].
USAGE_REQUIRED: Mapping[str, str] = {
    "Encrypt": ENCRYPT_DECRYPT,
    "Decrypt": ENCRYPT_DECRYPT,
    "ReEncrypt": ENCRYPT_DECRYPT,
    "GenerateDataKey": ENCRYPT_DECRYPT,
    "GenerateDataKeyWithoutPlaintext": ENCRYPT_DECRYPT,
    "GenerateDataKeyPair": ENCRYPT_DECRYPT,
    "GenerateDataKeyPairWithoutPlaintext": ENCRYPT_DECRYPT,
    "Sign": SIGN_VERIFY,
    "Verify": SIGN_VERIFY,
    "GenerateMac": GENERATE_VERIFY_MAC,
    "VerifyMac": GENERATE_VERIFY_MAC,
    "DeriveSharedSecret": KEY_AGREEMENT,
    "Encapsulate": ENCAPSULATE_DECAPSULATE,
    "Decapsulate": ENCAPSULATE_DECAPSULATE,
}

# A key of another usage: recorded for GenerateMac, Sign, Verify, Encrypt and
# DeriveSharedSecret [LS:2023-04-13, LS:2024-12-25]; the template for the other operations is
# the same (INFERRED).
WRONG_KEY_USAGE = (
    "InvalidKeyUsageException",
    "{arn} key usage is {usage} which is not valid for {operation}.",
)
# Symmetric-only operations that need ENCRYPT_DECRYPT, on an asymmetric ENCRYPT_DECRYPT key.
SYMMETRIC_ONLY: frozenset[str] = frozenset(
    {
        "GenerateDataKey", "GenerateDataKeyWithoutPlaintext", "GenerateDataKeyPair",
        "GenerateDataKeyPairWithoutPlaintext",
    }
)  # fmt: skip
# GenerateDataKey and GenerateDataKeyWithoutPlaintext with an asymmetric key [DOCS AWS Backint
# Agent for SAP ASE troubleshooting, "KMS Key Type Mismatch"; ISS:apache/hadoop, hadoop-aws
# troubleshooting docs; ISS:floci-io/floci, measured 2026]. The pair operations: DEVIATIONS.
ASYMMETRIC_DATA_KEY = (
    "InvalidKeyUsageException",
    "You cannot generate a data key with an asymmetric CMK",
)
# Rotation operations on keys other than symmetric ones: no message [LS:2025-03-08
# RotateKeyOnDemand; the project's fact sheet §3.2 for Enable/DisableKeyRotation].
ROTATION_OPERATIONS: frozenset[str] = frozenset(
    {"EnableKeyRotation", "DisableKeyRotation", "RotateKeyOnDemand"}
)
ROTATION_REFUSED = ("UnsupportedOperationException", "")
# An algorithm the key spec does not have [LS:2023-04-13 HMAC_SHA_256 on HMAC_224;
# ISS:zalando/spring-cloud-config-aws-kms#82,2019 SYMMETRIC_DEFAULT on RSA_4096].
INCOMPATIBLE_ALGORITHM = (
    "InvalidKeyUsageException",
    "Algorithm {algorithm} is incompatible with key spec {spec}.",
)

# --- Grants ----------------------------------------------------------------------------------

# The GrantOperation enum [M].
GRANT_OPERATION_ENUM: tuple[str, ...] = (
    "Decrypt", "Encrypt", "GenerateDataKey", "GenerateDataKeyWithoutPlaintext", "ReEncryptFrom",
    "ReEncryptTo", "Sign", "Verify", "GetPublicKey", "CreateGrant", "RetireGrant", "DescribeKey",
    "GenerateDataKeyPair", "GenerateDataKeyPairWithoutPlaintext", "GenerateMac", "VerifyMac",
    "DeriveSharedSecret", "Encapsulate", "Decapsulate",
)  # fmt: skip

# "The grant operations that you allow must be supported by the KMS key in the grant. If you
# specify an unsupported operation, the CreateGrant request fails with a ValidationError
# exception." [DG23 grants.md "Grant operations"; DOCS grants.html; MD CreateGrant.Operations].
# CreateGrant, DescribeKey and RetireGrant work on every key [DOCS symm-asymm-compare];
# ReEncryptFrom and ReEncryptTo are the two halves of ReEncrypt [DG23]; grants for asymmetric
# keys cannot allow the data key (pair) operations [DG23].
_EVERY_KEY = frozenset({"CreateGrant", "DescribeKey", "RetireGrant"})
_SYMMETRIC_GRANTS = frozenset(
    {
        "Decrypt", "Encrypt", "GenerateDataKey", "GenerateDataKeyWithoutPlaintext",
        "GenerateDataKeyPair", "GenerateDataKeyPairWithoutPlaintext", "ReEncryptFrom",
        "ReEncryptTo",
    }
)  # fmt: skip
GRANT_OPERATIONS: Mapping[KeyKind, frozenset[str]] = {
    SYMMETRIC: _EVERY_KEY | _SYMMETRIC_GRANTS,
    HMAC: _EVERY_KEY | {"GenerateMac", "VerifyMac"},
    ASYMMETRIC_ENCRYPTION: _EVERY_KEY
    | {"Decrypt", "Encrypt", "ReEncryptFrom", "ReEncryptTo", "GetPublicKey"},
    SIGNING: _EVERY_KEY | {"Sign", "Verify", "GetPublicKey"},
    AGREEMENT: _EVERY_KEY | {"DeriveSharedSecret", "GetPublicKey"},
    ENCAPSULATION: _EVERY_KEY | {"Encapsulate", "Decapsulate", "GetPublicKey"},
}
# The operation each grant operation allows (ReEncrypt's halves are ReEncrypt) [DG23].
GRANT_OPERATION_API: Mapping[str, str] = {"ReEncryptFrom": "ReEncrypt", "ReEncryptTo": "ReEncrypt"}
# The error code of that refusal: the 2020 API reference says ValidationException ("CreateGrant
# fails with a ValidationException" [DOCS CreateGrantRequest, AWS SDK for Android]); newer
# documents write "ValidationError", which is not an error code KMS returns. The message is
# undocumented: DEVIATIONS.
GRANT_OPERATION_REFUSED_CODE = "ValidationException"

# --- Algorithms --------------------------------------------------------------------------------

RAW, DIGEST, EXTERNAL_MU = "RAW", "DIGEST", "EXTERNAL_MU"  # MessageType [M]


@dataclass(frozen=True)
class SigningFacts:
    """One SigningAlgorithmSpec: the hash it uses, the MessageTypes it takes, the exact
    Message length for DIGEST and for EXTERNAL_MU, and the RSA-PSS salt length (bytes)."""

    hash_name: str
    message_types: frozenset[str]
    digest_length: int | None = None
    mu_length: int | None = None
    pss_salt_length: int | None = None


_RAW_OR_DIGEST = frozenset({RAW, DIGEST})
# Hashes and DIGEST lengths [MD Sign.MessageType: SHA_256/384/512 by suffix, SHAKE_256, SM3 for
# SM2DSA; "the length of the Message value must match the length of hashed messages"];
# PSS salt = hash length, "a 256-bit salt" etc. [DG23 asymmetric-key-specs]; Ed25519 message
# types and EXTERNAL_MU's 64 bytes [MD Sign.MessageType]; ML-DSA refuses DIGEST ("Message type
# DIGEST is incompatible with key spec ML_DSA_44.") [ISS:floci-io/floci#3025, measured 2026].
SIGNING_ALGORITHMS: Mapping[str, SigningFacts] = {
    "RSASSA_PSS_SHA_256": SigningFacts("SHA256", _RAW_OR_DIGEST, 32, pss_salt_length=32),
    "RSASSA_PSS_SHA_384": SigningFacts("SHA384", _RAW_OR_DIGEST, 48, pss_salt_length=48),
    "RSASSA_PSS_SHA_512": SigningFacts("SHA512", _RAW_OR_DIGEST, 64, pss_salt_length=64),
    "RSASSA_PKCS1_V1_5_SHA_256": SigningFacts("SHA256", _RAW_OR_DIGEST, 32),
    "RSASSA_PKCS1_V1_5_SHA_384": SigningFacts("SHA384", _RAW_OR_DIGEST, 48),
    "RSASSA_PKCS1_V1_5_SHA_512": SigningFacts("SHA512", _RAW_OR_DIGEST, 64),
    "ECDSA_SHA_256": SigningFacts("SHA256", _RAW_OR_DIGEST, 32),
    "ECDSA_SHA_384": SigningFacts("SHA384", _RAW_OR_DIGEST, 48),
    "ECDSA_SHA_512": SigningFacts("SHA512", _RAW_OR_DIGEST, 64),
    "SM2DSA": SigningFacts("SM3", _RAW_OR_DIGEST, 32),
    "ML_DSA_SHAKE_256": SigningFacts("SHAKE256", frozenset({RAW, EXTERNAL_MU}), mu_length=64),
    "ED25519_SHA_512": SigningFacts("SHA512", frozenset({RAW})),
    "ED25519_PH_SHA_512": SigningFacts("SHA512", frozenset({DIGEST}), 64),
}
# A DIGEST of the wrong length [LS:2023-04-13, recorded for PSS 256/384/512, PKCS #1 256/512
# and ECDSA 256/384; the same template for the other algorithms is INFERRED].
WRONG_DIGEST_LENGTH = ("ValidationException", "Digest is invalid length for algorithm {algorithm}.")
# A MessageType the algorithm does not take: Ed25519's texts name the algorithm, ML-DSA's the
# key spec [ISS:floci-io/floci#3025 and #2930, measured 2026].
MESSAGE_TYPE_REFUSED: Mapping[tuple[str, str], str] = {
    (
        "ED25519_SHA_512",
        DIGEST,
    ): "Message type DIGEST is incompatible with algorithm ED25519_SHA_512.",
    (
        "ED25519_PH_SHA_512",
        RAW,
    ): "Message type RAW is incompatible with algorithm ED25519_PH_SHA_512.",
    ("ML_DSA_SHAKE_256", DIGEST): "Message type DIGEST is incompatible with key spec {spec}.",
}

# RSAES-OAEP uses one hash for OAEP and MGF1, with an empty label [DG23 asymmetric-key-specs];
# SM2PKE is GM/T 0003.4, whose hash is SM3 [STD].
ENCRYPTION_HASHES: Mapping[str, str] = {
    "RSAES_OAEP_SHA_1": "SHA1",
    "RSAES_OAEP_SHA_256": "SHA256",
    "SM2PKE": "SM3",
}
# The largest plaintext one Encrypt call takes [MD Encrypt; DG23 asymmetric-key-specs table;
# LS:2023-04-13 all six RSA cases]. SYMMETRIC_DEFAULT takes 4096 bytes [MD].
MAX_PLAINTEXT_BYTES: Mapping[tuple[str, str], int] = {
    ("RSA_2048", "RSAES_OAEP_SHA_1"): 214,
    ("RSA_2048", "RSAES_OAEP_SHA_256"): 190,
    ("RSA_3072", "RSAES_OAEP_SHA_1"): 342,
    ("RSA_3072", "RSAES_OAEP_SHA_256"): 318,
    ("RSA_4096", "RSAES_OAEP_SHA_1"): 470,
    ("RSA_4096", "RSAES_OAEP_SHA_256"): 446,
    ("SM2", "SM2PKE"): 1024,
}
SYMMETRIC_MAX_PLAINTEXT_BYTES = 4096
TOO_MUCH_PLAINTEXT = (  # [LS:2023-04-13, all six RSA cases]
    "ValidationException",
    "Algorithm {algorithm} and key spec {spec} cannot encrypt data larger than {limit} bytes.",
)

# GenerateMac returns the raw RFC 2104 HMAC [MD GenerateMac], as long as the hash [STD].
MAC_LENGTHS: Mapping[str, int] = {
    "HMAC_SHA_224": 28,
    "HMAC_SHA_256": 32,
    "HMAC_SHA_384": 48,
    "HMAC_SHA_512": 64,
}

# The curve of each elliptic-curve spec [MD CreateKey.KeySpec] and the raw ECDH shared secret
# DeriveSharedSecret returns, the curve's field size in bytes [MD DeriveSharedSecret; STD].
CURVES: Mapping[str, str] = {
    "ECC_NIST_P256": "secp256r1",
    "ECC_NIST_P384": "secp384r1",
    "ECC_NIST_P521": "secp521r1",
    "ECC_SECG_P256K1": "secp256k1",
    "ECC_NIST_EDWARDS25519": "ed25519",
    "SM2": "sm2p256v1",  # GM/T 0003.5 [STD]
}
SHARED_SECRET_BYTES: Mapping[str, int] = {
    "ECC_NIST_P256": 32,
    "ECC_NIST_P384": 48,
    "ECC_NIST_P521": 66,
    "SM2": 32,
}
RSA_MODULUS_BITS: Mapping[str, int] = {"RSA_2048": 2048, "RSA_3072": 3072, "RSA_4096": 4096}
# What each spec's number measures: the AES key (256-bit AES-GCM [DG23 "Symmetric encryption
# KMS keys"]), the RSA modulus, the curve's field in bits (P-256/384/521 [FIPS 186-5],
# secp256k1 [SEC 2], 2^255 - 19 for Curve25519 [RFC 7748], sm2p256v1 [GM/T 0003.5]), the HMAC
# hash, and the ML-DSA and ML-KEM parameter set [FIPS 204, 203].
KEY_SIZES: Mapping[str, int] = {
    "SYMMETRIC_DEFAULT": 256,
    **RSA_MODULUS_BITS,
    "ECC_NIST_P256": 256,
    "ECC_NIST_P384": 384,
    "ECC_NIST_P521": 521,
    "ECC_SECG_P256K1": 256,
    "ECC_NIST_EDWARDS25519": 255,
    "HMAC_224": 224,
    "HMAC_256": 256,
    "HMAC_384": 384,
    "HMAC_512": 512,
    "SM2": 256,
    "ML_DSA_44": 44,
    "ML_DSA_65": 65,
    "ML_DSA_87": 87,
    "ML_KEM_512": 512,
    "ML_KEM_768": 768,
    "ML_KEM_1024": 1024,
}

# Encapsulate: a 32-byte shared secret and a ciphertext of 768, 1088 or 1568 bytes [MD].
KEM_SHARED_SECRET_BYTES = 32
KEM_CIPHERTEXT_BYTES: Mapping[str, int] = {
    "ML_KEM_512": 768,
    "ML_KEM_768": 1088,
    "ML_KEM_1024": 1568,
}

# The DataKeyPairSpec enum, in model order: every asymmetric spec but ML-DSA [M].
DATA_KEY_PAIR_SPECS: tuple[str, ...] = (
    "RSA_2048", "RSA_3072", "RSA_4096", "ECC_NIST_P256", "ECC_NIST_P384", "ECC_NIST_P521",
    "ECC_SECG_P256K1", "SM2", "ECC_NIST_EDWARDS25519", "ML_KEM_512", "ML_KEM_768", "ML_KEM_1024",
)  # fmt: skip

# --- Where the fake chose because the documents do not say -------------------------------------


@dataclass(frozen=True)
class Deviation:
    """The fake's behaviour, pinned, where AWS's documents are silent or unclear."""

    pinned: tuple[str, ...]
    reason: str
    source: str


DEVIATIONS: Mapping[str, Deviation] = {
    "ed25519-signing-algorithm-order": Deviation(
        ("ED25519_SHA_512", "ED25519_PH_SHA_512"),
        "No document or recording shows the order of SigningAlgorithms for an Ed25519 key; "
        "the fake lists them in SigningAlgorithmSpec enum order.",
        "MD CreateKey.KeySpec (the two algorithms); fact sheet §11 item 7 (order unverified)",
    ),
    "data-key-pair-under-an-asymmetric-key": Deviation(
        (
            "InvalidKeyUsageException",
            "Algorithm SYMMETRIC_DEFAULT is incompatible with key spec {spec}.",
        ),
        "GenerateDataKeyPair(WithoutPlaintext) under an asymmetric ENCRYPT_DECRYPT key: the "
        "model documents InvalidKeyUsageException but no message; the fake answers as Encrypt "
        "does without an EncryptionAlgorithm.",
        "MD GenerateDataKeyPair; LS:2023-04-13 (the algorithm template); INFERRED wording",
    ),
    "public-key-of-a-symmetric-or-hmac-key": Deviation(
        ("UnsupportedOperationException", "{arn} key spec {spec} is not valid for this operation."),
        "GetPublicKey lists both UnsupportedOperationException and InvalidKeyUsageException and "
        "documents no message for a key without a public key.",
        "MD GetPublicKey errors; DOCS symm-asymm-compare (not supported); INFERRED wording",
    ),
    "grant-operation-the-key-does-not-support": Deviation(
        (
            "Grant operations {operations} are not valid for {arn}, whose KeySpec is {spec} and KeyUsage {usage}.",
        ),
        "The refusal is documented (ValidationError/ValidationException) but its message is not.",
        "MD CreateGrant.Operations; DG23 grants.md; fact sheet §5 (text unverified)",
    ),
    "external-mu-of-the-wrong-length": Deviation(
        ("ValidationException", "Digest is invalid length for algorithm ML_DSA_SHAKE_256."),
        "EXTERNAL_MU must be exactly 64 bytes, but no message for another length is documented; "
        "the fake reuses the recorded DIGEST-length text.",
        "MD Sign.MessageType; LS:2023-04-13 (the DIGEST template); INFERRED wording",
    ),
}
