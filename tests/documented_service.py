"""What AWS KMS documents about its limits and quotas, deletion, rotation, import, data keys,
aliases, AWS managed keys, multi-Region keys and custom key stores, and the standards behind
the pure-Python ML-KEM and SM2, written by hand: the expected answers of
tests/test_documented_service.py and of the behaviour tests that import them.

Nothing here comes from pytest_kmsfake, so a wrong entry in the fake's tables disagrees with
this module instead of agreeing with itself. Every fact carries its source tag, as in
tests/documented_key_specs.py:

[M]      botocore's KMS service model: shapes, enums and constraints
[MD]     the documentation strings of that model (e.g. ScheduleKeyDeletion.PendingWindowInDays)
[EX]     botocore's examples-1.json, written by AWS
[LS:d]   responses recorded against real AWS on date d (LocalStack snapshots)
[REC]    real AWS responses recorded by another public project (the reference file
         aws-responses.json names each one)
[DG23]   the KMS developer guide as archived in mid-2023 (awsdocs/aws-kms-developer-guide)
[DOCS]   current AWS documentation pages (docs.aws.amazon.com), named after the tag
[MD:svc] the documentation strings of another service's botocore model (e.g. MD:kinesis)
[ISS:r]  real AWS output quoted in a public issue or project
[PUB]    a third party's public code or page that quotes AWS's text, named after the tag
[LSI]    LocalStack's implementation: an emulator's word, UNVERIFIED against AWS
[STD]    the standard that defines the algorithm, named after the tag

Where the documents are silent, unclear or in conflict, the fake's own choice is pinned in
DEVIATIONS, with the reason and the source, so that a change to it still fails a test.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

# --- List operations -------------------------------------------------------------------------


@dataclass(frozen=True)
class ListLimit:
    """The Limit a List operation takes: its default (None: undocumented) and its maximum."""

    default: int | None
    maximum: int
    source: str


# "If you include a value, it must be between 1 and <max>, inclusive. If you do not include a
# value, it defaults to <default>." [MD <Operation>.Limit]. DescribeCustomKeyStores documents
# neither; its Limit is the model's LimitType, 1..1000 [M].
LIST_LIMITS: Mapping[str, ListLimit] = {
    "ListKeys": ListLimit(100, 1000, "[MD ListKeys.Limit]"),
    "ListAliases": ListLimit(50, 100, "[MD ListAliases.Limit]"),
    "ListResourceTags": ListLimit(50, 50, "[MD ListResourceTags.Limit]"),
    "ListKeyPolicies": ListLimit(100, 1000, "[MD ListKeyPolicies.Limit]"),
    "ListKeyRotations": ListLimit(100, 1000, "[MD ListKeyRotations.Limit]"),
    "ListGrants": ListLimit(50, 100, "[MD ListGrants.Limit]"),
    "ListRetirableGrants": ListLimit(50, 100, "[MD ListRetirableGrants.Limit]"),
    "DescribeCustomKeyStores": ListLimit(None, 1000, "[M LimitType]; default: DEVIATIONS"),
}

# --- Resource quotas ---------------------------------------------------------------------------

# Per account and Region [DOCS resource-limits.html, the resource quota table; DG23].
KEYS_PER_ACCOUNT_REGION = 100_000  # customer managed keys
ALIASES_PER_KEY = 50  # customer created aliases
GRANTS_PER_KEY = 50_000
CUSTOM_KEY_STORES_PER_ACCOUNT_REGION = 10
# "requests to create an additional resource of that type generate an LimitExceededException"
# [DOCS resource-limits.html].
QUOTA_EXCEEDED_ERROR = "LimitExceededException"
# Not adjustable [DOCS resource-limits.html]; "a maximum of 25 times per KMS key" [MD
# RotateKeyOnDemand]. It was 10 in 2024-2025.
ON_DEMAND_ROTATIONS_PER_KEY = 25

# "Up to 32 kilobytes (32,768 bytes)" [DOCS key-policy-overview.html "Key policy format";
# DG23]. The model lets the Policy member hold 131,072 characters [M PolicyType]: the quota is
# the service's, checked after the model's constraint. For how the fake counts: DEVIATIONS.
KEY_POLICY_MAX_BYTES = 32_768
# The printable ASCII and Latin-1 characters, tab, line feed and carriage return [M PolicyType;
# DOCS key-policy-overview.html].
KEY_POLICY_PATTERN = "[\\u0009\\u000A\\u000D\\u0020-\\u00FF]+"
# "The only valid value is default" [MD GetKeyPolicy.PolicyName, PutKeyPolicy.PolicyName].
POLICY_NAMES: tuple[str, ...] = ("default",)
# The IAM policy language's two versions [DOCS IAM User Guide, "IAM JSON policy elements:
# Version"].
POLICY_VERSIONS: frozenset[str] = frozenset({"2012-10-17", "2008-10-17"})
# CreateGrant: "Each constraint value can include up to 8 encryption context pairs. The
# encryption context value in each constraint cannot exceed 384 characters." [MD
# GrantConstraints]; at most 10 grant tokens a request [M GrantTokenList].
GRANT_CONSTRAINT_MAX_PAIRS = 8
GRANT_CONSTRAINT_MAX_VALUE_CHARS = 384
GRANT_TOKENS_PER_REQUEST = 10

# --- Tags --------------------------------------------------------------------------------------

MAX_TAGS_PER_KEY = 50  # the 51st fails with TagException "Too many tags" [LS:2025-01-21]
TAG_KEY_MAX_CHARS = 128  # [M TagKeyType; LS:2025-01]
TAG_VALUE_MAX_CHARS = 256  # [M TagValueType; LS:2025-01]
# "Tags beginning with aws: are reserved", for aws: and AWS: alike [LS:2025-01].
RESERVED_TAG_PREFIX = "aws:"

# --- Deletion ----------------------------------------------------------------------------------

# "it must be between 7 and 30, inclusive. If you do not include a value, it defaults to 30."
# [MD ScheduleKeyDeletion.PendingWindowInDays]; the model's own type allows 1..365 [M].
PENDING_WINDOW_DAYS = (7, 30)
DEFAULT_PENDING_WINDOW_DAYS = 30
PENDING_WINDOW_REFUSED = (  # [ISS:Skyscanner/kms-issuer#8,2020, real AWS output]
    "ValidationException",
    "PendingWindowInDays must be between 7 and 30",
)

# --- Rotation ----------------------------------------------------------------------------------

ROTATION_PERIOD_DAYS = (90, 2560)  # [M RotationPeriodInDaysType]
DEFAULT_ROTATION_PERIOD_DAYS = 365  # "the default value is 365 days" [MD EnableKeyRotation]
# "KMS always rotates the key material of Amazon Web Services managed keys every year"; every
# three years before May 2022 [MD EnableKeyRotation].
AWS_MANAGED_ROTATION_DAYS = 365

# The origins of the keys each origin-bound operation takes (None: any origin).
AWS_KMS, EXTERNAL = "AWS_KMS", "EXTERNAL"
ORIGINS_REQUIRED: Mapping[str, frozenset[str] | None] = {
    # "You cannot enable automatic rotation of ... KMS keys with imported key material, or
    # KMS keys in a custom key store." [MD EnableKeyRotation, DisableKeyRotation; DG23 [7]]
    "EnableKeyRotation": frozenset({AWS_KMS}),
    "DisableKeyRotation": frozenset({AWS_KMS}),
    # On demand: not in a custom key store; with imported material once new material is
    # PENDING_ROTATION [MD RotateKeyOnDemand].
    "RotateKeyOnDemand": frozenset({AWS_KMS, EXTERNAL}),
    # The import operations: "The Origin of the KMS key must be EXTERNAL" [MD
    # GetParametersForImport.KeyId; DG23 [9]].
    "GetParametersForImport": frozenset({EXTERNAL}),
    "ImportKeyMaterial": frozenset({EXTERNAL}),
    "DeleteImportedKeyMaterial": frozenset({EXTERNAL}),
    # Asymmetric keys may have imported material [MD GetParametersForImport], so their public
    # key is there whatever the origin.
    "GetPublicKey": None,
}
# ListKeyRotations is origin-bound in the fake too, but no document says how: DEVIATIONS.

# The key families each family-bound operation takes, by their KeySpec prefixes.
SYMMETRIC_FAMILY = frozenset({"SYMMETRIC"})
ASYMMETRIC_FAMILIES = frozenset({"RSA", "ECC", "ED25519", "SM2", "ML_DSA", "ML_KEM"})
FAMILIES_REQUIRED: Mapping[str, frozenset[str]] = {
    # "Automatic key rotation is supported only on symmetric encryption KMS keys. You cannot
    # enable automatic rotation of asymmetric KMS keys, HMAC KMS keys ..." [MD
    # EnableKeyRotation, DisableKeyRotation]
    "EnableKeyRotation": SYMMETRIC_FAMILY,
    "DisableKeyRotation": SYMMETRIC_FAMILY,
    # "On-demand key rotation is supported only on symmetric encryption KMS keys." [MD
    # RotateKeyOnDemand]
    "RotateKeyOnDemand": SYMMETRIC_FAMILY,
    # "Returns the public key of an asymmetric KMS key." [MD GetPublicKey]
    "GetPublicKey": ASYMMETRIC_FAMILIES,
}
# ListKeyRotations is family-bound in the fake too: DEVIATIONS.

# The operations authorized by IAM policies alone ("Required permissions: kms:<name> (IAM
# policy)" [MD]) and the resource the policy is evaluated on: "*", as they name no key, except
# ListRetirableGrants: "The authorized resource in ListRetirableGrants calls is the retiring
# principal specified in the request." [MD ListRetirableGrants], so the request member that
# names it.
IAM_ONLY_RESOURCE: Mapping[str, str] = {
    "CreateKey": "*",
    "ListKeys": "*",
    "ListAliases": "*",
    "GenerateRandom": "*",
    "CreateCustomKeyStore": "*",
    "ConnectCustomKeyStore": "*",
    "DescribeCustomKeyStores": "*",
    "DisconnectCustomKeyStore": "*",
    "UpdateCustomKeyStore": "*",
    "DeleteCustomKeyStore": "*",
    "ListRetirableGrants": "RetiringPrincipal",
}

# The operations that take another account's key, by its key ARN: "Cross-account use: Yes"
# in each operation's documentation [MD]; every other operation says "No" (GenerateRandom,
# "Not applicable", and ListRetirableGrants name no key).
CROSS_ACCOUNT_OPERATIONS: frozenset[str] = frozenset(
    {
        "CreateGrant",
        "Decapsulate",
        "Decrypt",
        "DeriveSharedSecret",
        "DescribeKey",
        "Encapsulate",
        "Encrypt",
        "GenerateDataKey",
        "GenerateDataKeyPair",
        "GenerateDataKeyPairWithoutPlaintext",
        "GenerateDataKeyWithoutPlaintext",
        "GenerateMac",
        "GetKeyRotationStatus",
        "GetPublicKey",
        "ListGrants",
        "ReEncrypt",
        "RetireGrant",
        "RevokeGrant",
        "Sign",
        "Verify",
        "VerifyMac",
    }
)

# --- Import ------------------------------------------------------------------------------------

# "Each public key and import token set is valid for 24 hours." [MD GetParametersForImport;
# DOCS importing-keys-get-public-key-and-token.html]
IMPORT_TOKEN_VALID_HOURS = 24
# "The maximum value is 365 days from the request date." [MD ImportKeyMaterial.ValidTo]
IMPORTED_MATERIAL_MAX_VALID_DAYS = 365
# The wrapping algorithms of each wrapping key spec [M WrappingKeySpec, AlgorithmSpec]: the RSA
# specs take the RSAES_OAEP and RSA_AES_KEY_WRAP algorithms [MD
# GetParametersForImport.WrappingAlgorithm]; "AWS KMS also supports the SM2 wrapping key spec
# (China Regions only)", whose algorithm is SM2PKE [DOCS
# importing-keys-get-public-key-and-token.html].
_RSA_WRAPPING = frozenset(
    {"RSAES_OAEP_SHA_1", "RSAES_OAEP_SHA_256", "RSA_AES_KEY_WRAP_SHA_1", "RSA_AES_KEY_WRAP_SHA_256"}
)
WRAPPING_ALGORITHMS: Mapping[str, frozenset[str]] = {
    "RSA_2048": _RSA_WRAPPING,
    "RSA_3072": _RSA_WRAPPING,
    "RSA_4096": _RSA_WRAPPING,
    "SM2": frozenset({"SM2PKE"}),
}
# "As of October 10, 2023, KMS does not support the RSAES_PKCS1_V1_5 wrapping algorithm."
# [MD GetParametersForImport.WrappingAlgorithm]
RETIRED_WRAPPING_ALGORITHMS: frozenset[str] = frozenset({"RSAES_PKCS1_V1_5"})

# --- Data keys ---------------------------------------------------------------------------------

# "Use AES_128 to generate a 128-bit symmetric key, or AES_256 to generate a 256-bit symmetric
# key." [MD GenerateDataKey.KeySpec; M DataKeySpec]
AES_DATA_KEY_BYTES: Mapping[str, int] = {"AES_128": 16, "AES_256": 32}
DATA_KEY_MAX_BYTES = 1024  # NumberOfBytes [M NumberOfBytesType]

# --- Aliases and AWS managed keys ---------------------------------------------------------------

# "The alias/aws/ prefix is reserved for Amazon Web Services managed keys." [MD CreateAlias]
RESERVED_ALIAS_PREFIX = "alias/aws/"


@dataclass(frozen=True)
class AwsManagedKey:
    """A predefined alias of an AWS managed key: the service whose calls may use the key (its
    kms:ViaService is "<service>.<region>.amazonaws.com"), what DescribeKey's Description
    says the key protects (None: no recording; DEVIATIONS pins the fake's words), and where
    the alias is documented."""

    service: str
    protects: str | None
    source: str


# The aliases have the form aws/<service-name> [DOCS kms-alias.html; MD ListAliases], and the
# key's policy lets the account use it through that service only (kms:ViaService
# "sqs.<region>.amazonaws.com" in AWS's auto-sqs-1 policy [PUB magicorntech/terraform-aws-kms
# main_sqs.tf]). For aws/ebs the service is EC2's: DEVIATIONS.
_LSI = "[LSI the predefined aliases of LocalStack's KMS (RESERVED_ALIASES): UNVERIFIED]"
# What each key protects, in its Description: recorded from real accounts' DescribeKey or
# listings of their AWS managed keys (keys made since about 2021 say "Default key that
# protects my ...", older ones "Default master key ..."). [TFX]: a Terraform export of one
# real account's AWS managed keys (their auto-<service> key policies, eu-west-2, 2024);
# [CSP]: cloudsploit's test fixtures of describe-key output.
AWS_MANAGED_KEYS: Mapping[str, AwsManagedKey] = {
    "alias/aws/acm": AwsManagedKey(
        "acm", "ACM private keys", "[EX ListAliases; REC a key listing of 2022 and of 2024]"
    ),
    "alias/aws/dynamodb": AwsManagedKey(
        "dynamodb",
        "DynamoDB data",
        "[DOCS kms-alias.html; MD:dynamodb SSESpecification; REC DescribeKey of aws/dynamodb, "
        "2025-10: 'Default key that protects my DynamoDB data when no other key is defined']",
    ),
    "alias/aws/ebs": AwsManagedKey(
        "ec2", "EBS volumes", "[EX ListAliases; REC describe-key of 2021; TFX]"
    ),
    "alias/aws/elasticfilesystem": AwsManagedKey(
        "elasticfilesystem",
        "EFS filesystems",
        f"{_LSI}; [REC console text with the key's ARN; a Terraform copy of auto-elasticfilesystem-1]",
    ),
    "alias/aws/es": AwsManagedKey(
        "es",
        "Amazon OpenSearch Service (successor to Amazon Elasticsearch Service) data",
        f"{_LSI}; [TFX auto-es-2; older keys say 'my Elasticsearch data']",
    ),
    "alias/aws/glue": AwsManagedKey("glue", "Glue data", f"{_LSI}; [CSP, the older form]"),
    "alias/aws/kinesis": AwsManagedKey(
        "kinesis", None, "[MD:kinesis StartStreamEncryption.KeyId: 'Master key owned by Kinesis']"
    ),
    "alias/aws/kinesisvideo": AwsManagedKey(
        "kinesisvideo", "kinesis video data", f"{_LSI}; [CSP, the older form, in lower case]"
    ),
    "alias/aws/lambda": AwsManagedKey(
        "lambda", "Lambda functions", f"{_LSI}; [REC describe-key of 2020; TFX]"
    ),
    "alias/aws/rds": AwsManagedKey(
        "rds", "RDS database volumes", "[EX ListAliases; REC describe-key of 2021; TFX]"
    ),
    "alias/aws/redshift": AwsManagedKey("redshift", None, "[EX ListAliases]"),
    "alias/aws/s3": AwsManagedKey(
        "s3",
        "S3 objects",
        "[EX ListAliases; REC DescribeKey of aws/s3: '... protects my S3 objects when no other "
        "key is defined']",
    ),
    "alias/aws/secretsmanager": AwsManagedKey(
        "secretsmanager",
        "Secrets Manager data",
        "[MD:secretsmanager CreateSecret.KmsKeyId; REC an AWS Config item of 2022; TFX]",
    ),
    "alias/aws/sns": AwsManagedKey(
        "sns",
        "SNS data",
        "[PUB KICS query 'SNS Topic Encrypted With AWS Managed Key'; REC a terraformer export; "
        "TFX]",
    ),
    "alias/aws/sqs": AwsManagedKey(
        "sqs",
        "SQS messages",
        "[MD:sqs KmsMasterKeyId: 'the alias ... for Amazon SQS is always alias/aws/sqs'; REC a "
        "key listing of 2022]",
    ),
    "alias/aws/ssm": AwsManagedKey(
        "ssm", "SSM parameters", f"{_LSI}; [REC describe-key of 2017 and of 2021; TFX]"
    ),
    "alias/aws/xray": AwsManagedKey(
        "xray",
        "X-Ray data",
        f"{_LSI}; [REC a ListAliases listing aws/xray without a TargetKeyId; CSP, the older form]",
    ),
}
# What the Description of an AWS managed key says around what it protects [REC DescribeKey
# of aws/dynamodb]; older keys say "Default master key that protects my ..." [REC aws/s3].
AWS_MANAGED_DESCRIPTION = "Default key that protects my {protects} when no other key is defined"

# --- Multi-Region keys and custom key stores ----------------------------------------------------

# Operations on a multi-Region primary key only: ReplicateKey "creates a multi-Region replica
# key based on a multi-Region primary key"; UpdatePrimaryRegion needs kms:UpdatePrimaryRegion
# "on the current primary key (in the primary key's Region)" [MD ReplicateKey,
# UpdatePrimaryRegion].
MULTI_REGION_PRIMARY_ONLY: frozenset[str] = frozenset({"ReplicateKey", "UpdatePrimaryRegion"})
# Rotation of a set of multi-Region keys is set and started on the primary key: "set the
# property on the primary key", "invoke the on-demand rotation on the primary Region key"
# [MD EnableKeyRotation, DisableKeyRotation, RotateKeyOnDemand].
REPLICA_REFUSED: frozenset[str] = frozenset(
    {"EnableKeyRotation", "DisableKeyRotation", "RotateKeyOnDemand"}
)
# "The operations that generate asymmetric data key pairs, GenerateDataKeyPair and
# GenerateDataKeyPairWithoutPlaintext, are not supported in custom key stores." [DOCS
# use-cmk-keystore.html, which lists GenerateDataKey and GenerateDataKeyWithoutPlaintext among
# the operations such keys perform; DOCS symm-asymm-compare.html, special features table; MD
# GenerateDataKeyPair, GenerateDataKeyPairWithoutPlaintext]. The model's KeyId documentation
# of GenerateDataKey and GenerateDataKeyWithoutPlaintext says otherwise ("You cannot specify
# ... a KMS key in a custom key store"); the developer guide's list is the explicit one.
CUSTOM_KEY_STORE_REFUSED: frozenset[str] = frozenset(
    {"GenerateDataKeyPair", "GenerateDataKeyPairWithoutPlaintext"}
)

# --- The standards behind the pure-Python algorithms ---------------------------------------------


@dataclass(frozen=True)
class MlKemParameters:
    """An ML-KEM parameter set [STD FIPS 203 table 2] and its sizes in bytes [table 3], with
    its object identifier [STD NIST CSOR, id-alg-ml-kem-*; RFC 9935]."""

    k: int
    eta1: int
    eta2: int
    du: int
    dv: int
    encapsulation_key: int
    decapsulation_key: int
    ciphertext: int
    oid: str


ML_KEM_SHARED_SECRET_BYTES = 32  # [STD FIPS 203 table 3]
ML_KEM_SEED_BYTES = 64  # d || z, the seed form of the private key [STD FIPS 203; RFC 9935]
ML_KEM: Mapping[int, MlKemParameters] = {
    512: MlKemParameters(2, 3, 2, 10, 4, 800, 1632, 768, "2.16.840.1.101.3.4.4.1"),
    768: MlKemParameters(3, 2, 2, 10, 4, 1184, 2400, 1088, "2.16.840.1.101.3.4.4.2"),
    1024: MlKemParameters(4, 2, 2, 11, 5, 1568, 3168, 1568, "2.16.840.1.101.3.4.4.3"),
}


@dataclass(frozen=True)
class CurveParameters:
    """A short Weierstrass curve y^2 = x^3 + ax + b over GF(p), with generator (gx, gy) of
    order n."""

    p: int
    a: int
    b: int
    n: int
    gx: int
    gy: int


# The recommended curve of SM2 [STD GB/T 32918.5-2017 (GM/T 0003.5-2012); the same numbers as
# `openssl ecparam -name SM2 -param_enc explicit -text`], its OID [STD GM/T 0006], and the
# default distinguishing ID that KMS uses and cannot change [STD GM/T 0009; DG23; MD Sign].
SM2_CURVE = CurveParameters(
    p=0xFFFFFFFE_FFFFFFFF_FFFFFFFF_FFFFFFFF_FFFFFFFF_00000000_FFFFFFFF_FFFFFFFF,
    a=0xFFFFFFFE_FFFFFFFF_FFFFFFFF_FFFFFFFF_FFFFFFFF_00000000_FFFFFFFF_FFFFFFFC,
    b=0x28E9FA9E_9D9F5E34_4D5A9E4B_CF6509A7_F39789F5_15AB8F92_DDBCBD41_4D940E93,
    n=0xFFFFFFFE_FFFFFFFF_FFFFFFFF_FFFFFFFF_7203DF6B_21C6052B_53BBF409_39D54123,
    gx=0x32C4AE2C_1F198119_5F990446_6A39C994_8FE30BBF_F2660BE1_715A4589_334C74C7,
    gy=0xBC3736A2_F4F6779C_59BDCEE3_6B692153_D0A9877C_C62A4740_02DF32E5_2139F0A0,
)
SM2_CURVE_OID = "1.2.156.10197.1.301"
SM2_DEFAULT_ID = b"1234567812345678"

# --- Where the fake chose because the documents do not say ---------------------------------------


@dataclass(frozen=True)
class Deviation:
    """The fake's behaviour, pinned, where AWS's documents are silent, unclear or in
    conflict."""

    pinned: object
    reason: str
    source: str


# The pinned values that tests use directly, typed.
PINNED_HMAC_KEY_BYTES: Mapping[str, int] = {
    "HMAC_224": 56,
    "HMAC_256": 64,
    "HMAC_384": 128,
    "HMAC_512": 128,
}
PINNED_HMAC_IMPORTED_BYTES: Mapping[str, tuple[int, int]] = {
    "HMAC_224": (28, 64),
    "HMAC_256": (32, 64),
    "HMAC_384": (48, 128),
    "HMAC_512": (64, 128),
}
PINNED_AWS_MANAGED_PROTECTS: Mapping[str, str] = {
    "alias/aws/kinesis": "Kinesis data",
    "alias/aws/redshift": "Redshift data",
}

DEVIATIONS: Mapping[str, Deviation] = {
    "describe-custom-key-stores-default-limit": Deviation(
        1000,
        "DescribeCustomKeyStores documents no default Limit; the fake returns up to the model's "
        "maximum, which no account reaches (10 stores per Region).",
        "M LimitType; fact sheet §9 (INFERRED default)",
    ),
    "hmac-generated-key-bytes": Deviation(
        PINNED_HMAC_KEY_BYTES,
        "AWS does not publish the length of the HMAC key material it generates; the fake's "
        "lengths sit inside the ranges it accepts for imported material.",
        "DOCS hmac.html (silent); pytest_kmsfake._rules.key_specs.KeySpecRule",
    ),
    "hmac-imported-key-bytes": Deviation(
        PINNED_HMAC_IMPORTED_BYTES,
        "The lengths of HMAC material KMS imports come from an emulator, not from AWS.",
        "fact sheet §3.3 (LSI, UNVERIFIED)",
    ),
    "aws-managed-key-descriptions": Deviation(
        PINNED_AWS_MANAGED_PROTECTS,
        "No description of aws/kinesis or aws/redshift was found recorded; theirs are the "
        "fake's words in the same sentence.",
        "REC and TFX for the others (AWS_MANAGED_KEYS); INFERRED for these two",
    ),
    "aws-managed-ebs-via-service": Deviation(
        "ec2",
        "EBS volumes are created and attached through the EC2 API, so the fake lets the key of "
        "aws/ebs be used through ec2.<region>.amazonaws.com; no document seen here says so.",
        "INFERRED",
    ),
    "list-key-rotations-origins": Deviation(
        frozenset({AWS_KMS, EXTERNAL}),
        "ListKeyRotations documents no key kinds; the fake answers for keys that can rotate "
        "(on demand, so with AWS_KMS or imported material) and refuses keys in a custom key "
        "store as the other rotation operations do.",
        "MD ListKeyRotations (silent); documented_key_states ListKeyRotations row (INFERRED)",
    ),
    "list-key-rotations-families": Deviation(
        SYMMETRIC_FAMILY,
        "ListKeyRotations documents no key kinds; the fake answers for symmetric encryption "
        "keys, the only keys that rotate, and refuses others with UnsupportedOperationException "
        "as the other rotation operations do.",
        "MD ListKeyRotations (silent); MD RotateKeyOnDemand, EnableKeyRotation",
    ),
    "key-policy-size-counts-characters": Deviation(
        "characters",
        "AWS gives the key policy quota in bytes; the fake counts characters, which differ "
        "only for the Latin-1 characters the policy pattern also allows.",
        "DOCS key-policy-overview.html; M PolicyType",
    ),
}
