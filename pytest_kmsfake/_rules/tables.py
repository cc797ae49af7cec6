"""The rule tables: the one place that says what AWS KMS allows.

The engine, the tests and the generated docs all read these tables; no operation re-states
a rule in code. Sources are tagged as in the project's fact sheet: [MD] the botocore model's
documentation, [LS] responses recorded against real AWS, [DG23] the KMS developer guide.
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

# --- Which key an operation needs ----------------------------------------------------------

# The usage a key must have for each cryptographic operation [MD; DG23 symm-asymm-compare].
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

# Operations whose key must be symmetric (they encrypt with it internally) -> AWS's refusal of
# an asymmetric ENCRYPT_DECRYPT key, InvalidKeyUsageException. GenerateDataKey's text was
# measured against KMS (2026); None: the pair operations fail the way Encrypt without an
# algorithm does (INFERRED wording).
_ASYMMETRIC_DATA_KEY = "You cannot generate a data key with an asymmetric CMK"
SYMMETRIC_ONLY_OPERATIONS: Mapping[str, str | None] = {
    "GenerateDataKey": _ASYMMETRIC_DATA_KEY,
    "GenerateDataKeyWithoutPlaintext": _ASYMMETRIC_DATA_KEY,
    "GenerateDataKeyPair": None,
    "GenerateDataKeyPairWithoutPlaintext": None,
}

# --- Key references --------------------------------------------------------------------------

KEY_ID = "key-id"
KEY_ARN = "key-arn"
ALIAS_NAME = "alias-name"
ALIAS_ARN = "alias-arn"
ANY_REFERENCE: frozenset[str] = frozenset({KEY_ID, KEY_ARN, ALIAS_NAME, ALIAS_ARN})
KEY_ONLY: frozenset[str] = frozenset({KEY_ID, KEY_ARN})

# Operations whose KeyId accepts alias names and alias ARNs as well [MD, fact sheet §6].
# Every other operation takes a key ID or key ARN only.
_ALIAS_ACCEPTING = frozenset(
    {
        "Decapsulate", "Decrypt", "DeriveSharedSecret", "DescribeKey", "Encapsulate", "Encrypt",
        "GenerateDataKey", "GenerateDataKeyPair", "GenerateDataKeyPairWithoutPlaintext",
        "GenerateDataKeyWithoutPlaintext", "GetPublicKey", "ReEncrypt", "Sign", "Verify",
        "GenerateMac", "VerifyMac",
    }
)  # fmt: skip


def accepted_reference_forms(operation: str) -> frozenset[str]:
    return ANY_REFERENCE if operation in _ALIAS_ACCEPTING else KEY_ONLY


# Operations that may name a key in another account by ARN [MD].
CROSS_ACCOUNT_OPERATIONS: frozenset[str] = frozenset(
    {
        "CreateGrant", "Decapsulate", "Decrypt", "DeriveSharedSecret", "DescribeKey",
        "Encapsulate", "Encrypt", "GenerateDataKey", "GenerateDataKeyPair",
        "GenerateDataKeyPairWithoutPlaintext", "GenerateDataKeyWithoutPlaintext", "GenerateMac",
        "GetKeyRotationStatus", "GetPublicKey", "ListGrants", "ReEncrypt", "RetireGrant",
        "RevokeGrant", "Sign", "Verify", "VerifyMac",
    }
)  # fmt: skip

# --- Key states ------------------------------------------------------------------------------

KEY_STATES: tuple[str, ...] = (
    "Enabled", "Disabled", "PendingDeletion", "PendingReplicaDeletion", "PendingImport",
    "Unavailable", "Creating", "Updating",
)  # fmt: skip

# Outcomes of the key-state table. Each non-OK outcome names the error the chokepoint raises;
# the messages live in `_state_errors`.
OK = "ok"
DISABLED = "disabled"  # DisabledException "<arn> is disabled."
INVALID_STATE = "invalid-state"  # KMSInvalidStateException "<arn> is <state words>."
NOT_PENDING_DELETION = "not-pending-deletion"  # KMSInvalidStateException for CancelKeyDeletion


def _row(**overrides: str) -> Mapping[str, str]:
    row = dict.fromkeys(KEY_STATES, OK)
    for state, outcome in overrides.items():
        row[state] = outcome
    return row


_ALWAYS = _row()
# Encrypt, Decrypt, ReEncrypt, GenerateDataKey* [DG23 key-state.md]. Usable while Updating.
_CRYPTO = _row(
    Disabled=DISABLED, PendingDeletion=INVALID_STATE, PendingReplicaDeletion=INVALID_STATE,
    PendingImport=INVALID_STATE, Unavailable=INVALID_STATE, Creating=INVALID_STATE,
)  # fmt: skip
# Management calls that refuse a key pending deletion but accept every other state.
_NOT_PENDING_DELETION_ONLY = _row(
    PendingDeletion=INVALID_STATE, PendingReplicaDeletion=INVALID_STATE
)
_ENABLE_DISABLE = _row(
    PendingDeletion=INVALID_STATE, PendingReplicaDeletion=INVALID_STATE,
    PendingImport=INVALID_STATE, Creating=INVALID_STATE, Updating=INVALID_STATE,
)  # fmt: skip
_GRANT = _row(
    Disabled=DISABLED, PendingDeletion=INVALID_STATE, PendingReplicaDeletion=INVALID_STATE,
    PendingImport=INVALID_STATE, Creating=INVALID_STATE,
)  # fmt: skip
# Automatic rotation lets a key with imported material (PendingImport) or in a custom key
# store (Unavailable) past its state, to be refused for its origin: UnsupportedOperationException
# [DG23 key-state.md footnotes 6 and 7], from `KEY_KINDS_REQUIRED`.
_AUTOMATIC_ROTATION = _row(
    Disabled=DISABLED, PendingDeletion=INVALID_STATE, PendingReplicaDeletion=INVALID_STATE,
    Creating=INVALID_STATE,
)  # fmt: skip
# On-demand rotation checks the state first: a key pending import is "pending import." even
# when its kind cannot rotate [LS:2025-11-05]; the other cells are INFERRED from that order.
_ON_DEMAND_ROTATION = _row(
    Disabled=DISABLED, PendingDeletion=INVALID_STATE, PendingReplicaDeletion=INVALID_STATE,
    PendingImport=INVALID_STATE, Unavailable=INVALID_STATE, Creating=INVALID_STATE,
)  # fmt: skip

KEY_STATE_TABLE: Mapping[str, Mapping[str, str]] = {
    **dict.fromkeys(
        (
            "Encrypt",
            "Decrypt",
            "ReEncrypt",
            "GenerateDataKey",
            "GenerateDataKeyWithoutPlaintext",
            "GenerateDataKeyPair",
            "GenerateDataKeyPairWithoutPlaintext",
            "Sign",
            "Verify",
            "GenerateMac",
            "VerifyMac",
            "GetPublicKey",
            "DeriveSharedSecret",
            "Encapsulate",
            "Decapsulate",
            "UpdatePrimaryRegion",
        ),
        _CRYPTO,
    ),
    # ReplicateKey also refuses a primary that is Updating [DG23 key-state.md].
    "ReplicateKey": {**_CRYPTO, "Updating": INVALID_STATE},
    **dict.fromkeys(
        (
            "DescribeKey",
            "DeleteAlias",
            "GetKeyPolicy",
            "ListAliases",
            "ListGrants",
            "ListKeyPolicies",
            "ListResourceTags",
            "PutKeyPolicy",
            "RetireGrant",
            "RevokeGrant",
            "ListKeyRotations",
            "GetKeyLastUsage",
            "GetKeyRotationStatus",
        ),
        _ALWAYS,
    ),
    **dict.fromkeys(
        ("CreateAlias", "UpdateAlias", "TagResource", "UntagResource", "UpdateKeyDescription"),
        _NOT_PENDING_DELETION_ONLY,
    ),
    "ScheduleKeyDeletion": _row(
        PendingDeletion=INVALID_STATE,
        PendingReplicaDeletion=INVALID_STATE,
        Updating=INVALID_STATE,
    ),
    "CancelKeyDeletion": {
        state: OK
        if state in ("PendingDeletion", "PendingReplicaDeletion")
        else NOT_PENDING_DELETION
        for state in KEY_STATES
    },
    "EnableKey": _ENABLE_DISABLE,
    "DisableKey": _ENABLE_DISABLE,
    "CreateGrant": _GRANT,
    "EnableKeyRotation": _AUTOMATIC_ROTATION,
    "DisableKeyRotation": _AUTOMATIC_ROTATION,
    "RotateKeyOnDemand": _ON_DEMAND_ROTATION,
    # Import [DG23 key-state.md]: usable in PendingImport, not while pending deletion.
    "GetParametersForImport": _row(
        PendingDeletion=INVALID_STATE,
        PendingReplicaDeletion=INVALID_STATE,
        Creating=INVALID_STATE,
        Updating=INVALID_STATE,
    ),
    "ImportKeyMaterial": _row(
        PendingDeletion=INVALID_STATE,
        PendingReplicaDeletion=INVALID_STATE,
        Creating=INVALID_STATE,
    ),
    "DeleteImportedKeyMaterial": _row(Creating=INVALID_STATE, Updating=INVALID_STATE),
}

# The words after "<key-arn> is " in KMSInvalidStateException messages [DG23; LS:2025-11].
STATE_WORDS: Mapping[str, str] = {
    "PendingDeletion": "pending deletion",
    "PendingReplicaDeletion": "pending replica deletion",  # INFERRED from the DG23 footnote
    "PendingImport": "pending import",
    "Unavailable": "unavailable",
    "Creating": "creating",
    "Updating": "updating",
    "Enabled": "enabled",
    "Disabled": "disabled",
}

# --- Limits ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ListLimit:
    default: int
    maximum: int


# From the Limit documentation of each operation in botocore's model [MD].
LIST_LIMITS: Mapping[str, ListLimit] = {
    "ListKeys": ListLimit(100, 1000),
    "ListAliases": ListLimit(50, 100),
    "ListResourceTags": ListLimit(50, 50),
    "ListKeyPolicies": ListLimit(100, 1000),
    "ListKeyRotations": ListLimit(100, 1000),
    "ListGrants": ListLimit(50, 100),
    "ListRetirableGrants": ListLimit(50, 100),
    "DescribeCustomKeyStores": ListLimit(1000, 1000),  # default INFERRED: the model gives the max
}

MAX_TAGS_PER_KEY = 50  # the 51st tag fails with TagException "Too many tags" [LS:2025-01-21]
PENDING_WINDOW_DAYS = (7, 30)  # the model allows 1..365; the service 7..30 [MD]
DEFAULT_PENDING_WINDOW_DAYS = 30
ALIASES_PER_KEY = 50  # [DG23], [DOCS]
KEYS_PER_ACCOUNT_REGION = 100_000  # [DOCS]
# Rotation [MD EnableKeyRotation, RotateKeyOnDemand]: automatic rotation for symmetric keys
# with AWS_KMS material; on-demand rotation also for symmetric keys with imported material.
ROTATION_PERIOD_DAYS = (90, 2560)
DEFAULT_ROTATION_PERIOD_DAYS = 365
ON_DEMAND_ROTATIONS_PER_KEY = 25  # 10 in 2024-2025; 25 in the current model docs [MD]
AUTOMATIC_ROTATION_ORIGINS: frozenset[str] = frozenset({"AWS_KMS"})
ON_DEMAND_ROTATION_ORIGINS: frozenset[str] = frozenset({"AWS_KMS", "EXTERNAL"})
ROTATABLE_FAMILIES: frozenset[str] = frozenset({"symmetric"})


@dataclass(frozen=True)
class KeyKinds:
    """The keys an operation applies to: key spec families and origins (None: any). Another
    family is UnsupportedOperationException, with no message [LS:2025-03-08] unless
    `refusal` gives one ({arn} and {key_spec} filled in); another origin names it: "<key-arn>
    origin is AWS_KMS which is not valid for this operation." [LS]."""

    families: frozenset[str] | None
    origins: frozenset[str] | None
    refusal: str | None = None


_EXTERNAL_ONLY = KeyKinds(None, frozenset({"EXTERNAL"}))
_ASYMMETRIC_FAMILIES = frozenset(r.family for r in KEY_SPECS.values() if r.kind == "asymmetric")
KEY_KINDS_REQUIRED: Mapping[str, KeyKinds] = {
    "EnableKeyRotation": KeyKinds(ROTATABLE_FAMILIES, AUTOMATIC_ROTATION_ORIGINS),
    "DisableKeyRotation": KeyKinds(ROTATABLE_FAMILIES, AUTOMATIC_ROTATION_ORIGINS),
    "RotateKeyOnDemand": KeyKinds(ROTATABLE_FAMILIES, ON_DEMAND_ROTATION_ORIGINS),
    "ListKeyRotations": KeyKinds(ROTATABLE_FAMILIES, ON_DEMAND_ROTATION_ORIGINS),
    "GetParametersForImport": _EXTERNAL_ONLY,
    "ImportKeyMaterial": _EXTERNAL_ONLY,
    "DeleteImportedKeyMaterial": _EXTERNAL_ONLY,
    # The model lists UnsupportedOperationException; the wording is INFERRED.
    "GetPublicKey": KeyKinds(
        _ASYMMETRIC_FAMILIES, None, "{arn} key spec {key_spec} is not valid for this operation."
    ),
}
# GetParametersForImport: the wrapping algorithms each wrapping key spec takes [MD]. AWS ended
# RSAES_PKCS1_V1_5 on 2023-10-01 [B3CL].
_RSA_WRAPPING = frozenset(
    {"RSAES_OAEP_SHA_1", "RSAES_OAEP_SHA_256", "RSA_AES_KEY_WRAP_SHA_1", "RSA_AES_KEY_WRAP_SHA_256"}
)
WRAPPING_ALGORITHMS: Mapping[str, frozenset[str]] = {
    "RSA_2048": _RSA_WRAPPING,
    "RSA_3072": _RSA_WRAPPING,
    "RSA_4096": _RSA_WRAPPING,
    "SM2": frozenset({"SM2PKE"}),
}
RETIRED_WRAPPING_ALGORITHMS: frozenset[str] = frozenset({"RSAES_PKCS1_V1_5"})
IMPORT_TOKEN_VALID_SECONDS = 24 * 3600  # GetParametersForImport's ParametersValidTo [MD]
IMPORTED_MATERIAL_MAX_VALID_DAYS = 365  # ImportKeyMaterial's ValidTo [MD]
AES_DATA_KEY_BYTES: Mapping[str, int] = {"AES_128": 16, "AES_256": 32}
RESERVED_ALIAS_PREFIX = "alias/aws/"

# AWS managed keys: the predefined alias -> the service whose calls may use the key (its
# kms:ViaService is "<service>.<region>.amazonaws.com") and what the key protects. DescribeKey
# on a predefined alias with no key makes the key [MD DescribeKey]; until then ListAliases
# lists the alias without a TargetKeyId [MD ListAliases]. A recorded ListAliases of a real
# account (2021) lists dynamodb, ebs, elasticfilesystem, es, glue, kinesisvideo, lambda, rds,
# redshift, s3, ssm and xray so [ISS]; the others here, the services of aws/ebs (ec2) and the
# rest, and the descriptions' wording are INFERRED.
AWS_MANAGED_KEYS: Mapping[str, tuple[str, str]] = {
    "alias/aws/acm": ("acm", "ACM private keys"),
    "alias/aws/dynamodb": ("dynamodb", "DynamoDB data"),
    "alias/aws/ebs": ("ec2", "EBS volumes"),
    "alias/aws/elasticfilesystem": ("elasticfilesystem", "EFS data"),
    "alias/aws/es": ("es", "Elasticsearch data"),
    "alias/aws/glue": ("glue", "Glue data"),
    "alias/aws/kinesis": ("kinesis", "Kinesis data"),
    "alias/aws/kinesisvideo": ("kinesisvideo", "Kinesis Video Streams data"),
    "alias/aws/lambda": ("lambda", "Lambda functions"),
    "alias/aws/rds": ("rds", "RDS databases"),
    "alias/aws/redshift": ("redshift", "Redshift data"),
    "alias/aws/s3": ("s3", "S3 objects"),
    "alias/aws/secretsmanager": ("secretsmanager", "Secrets Manager secrets"),
    "alias/aws/sns": ("sns", "SNS topics"),
    "alias/aws/sqs": ("sqs", "SQS queues"),
    "alias/aws/ssm": ("ssm", "SSM parameters"),
    "alias/aws/xray": ("xray", "X-Ray traces"),
}
AWS_MANAGED_ROTATION_DAYS = 365  # rotated every year, always on [MD]
RESERVED_TAG_PREFIX = "aws:"

# --- Multi-Region keys and custom key stores ---------------------------------------------------

CUSTOM_KEY_STORES_PER_ACCOUNT_REGION = 10  # [DG23], [DOCS]
# Operations whose key must be a multi-Region primary key [MD]. Other keys get
# UnsupportedOperationException "<key-arn> is not a multi-region primary key.", recorded for a
# replica passed to ReplicateKey [LS:2025-09-08]; INFERRED for the other cases.
MULTI_REGION_PRIMARY_ONLY: frozenset[str] = frozenset({"ReplicateKey", "UpdatePrimaryRegion"})
# Operations a multi-Region replica refuses, rotation being set on the primary [MD]; the same
# error as above (INFERRED).
REPLICA_REFUSED: frozenset[str] = frozenset(
    {"EnableKeyRotation", "DisableKeyRotation", "RotateKeyOnDemand"}
)
# Operations a key in a custom key store refuses [DG23 symm-asymm-compare; MD].
CUSTOM_KEY_STORE_REFUSED: frozenset[str] = frozenset(
    {"GenerateDataKeyPair", "GenerateDataKeyPairWithoutPlaintext"}
)

# --- Partitions ------------------------------------------------------------------------------

# Regions of the non-commercial partitions by prefix, for regions botocore's endpoint data
# does not know yet; `_arns.partition_for` asks botocore first.
PARTITION_PREFIXES: tuple[tuple[str, str], ...] = (
    ("cn-", "aws-cn"),
    ("us-gov-", "aws-us-gov"),
    ("us-isob-", "aws-iso-b"),
    ("us-iso-", "aws-iso"),
    ("eu-isoe-", "aws-iso-e"),
    ("us-isof-", "aws-iso-f"),
)

DEFAULT_ACCOUNT_ID = "111122223333"
