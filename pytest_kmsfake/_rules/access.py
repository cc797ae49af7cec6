"""The access-control tables: what grants may allow, which condition keys each operation
carries, how each operation is authorized, and the quotas of policies and grants.

The authorizer (`_authorize`), the grant operations (`_ops/grants.py`), the tests and the
generated docs read these tables; no module re-states them. Source tags as in `_rules`:
[MD] the botocore model's documentation, [DG23] the KMS developer guide (mid-2023),
[DOCS] current AWS documentation pages, [ABAC] the KMS developer guide's "ABAC for AWS KMS"
and "Use tags to control access to KMS keys" with the Service Authorization Reference.
"""

from __future__ import annotations

from collections.abc import Mapping

from .arns import ALIAS_NAME
from .key_specs import (
    ENCAPSULATE_DECAPSULATE,
    ENCRYPT_DECRYPT,
    GENERATE_VERIFY_MAC,
    KEY_AGREEMENT,
    SIGN_VERIFY,
)
from .operations import OPERATIONS

# --- Limits ----------------------------------------------------------------------------------

GRANTS_PER_KEY = 50_000  # [DG23], [DOCS]
# The key policy size quota: 32 KB in [DG23] and in the model's documentation of CreateKey
# until 2024; the newest documents omit the number. Over it: LimitExceededException [MD].
KEY_POLICY_MAX_CHARS = 32_768
GRANT_CONSTRAINT_MAX_PAIRS = 8  # per constraint [MD CreateGrant]
GRANT_CONSTRAINT_MAX_VALUE_CHARS = 384  # [MD CreateGrant]
GRANT_TOKENS_PER_REQUEST = 10  # the model's GrantTokenList max [M]
POLICY_VERSIONS = ("2012-10-17", "2008-10-17")  # the IAM policy language versions
POLICY_NAMES = ("default",)  # the only key policy a customer sets [MD PutKeyPolicy]
# Condition keys a key policy may not use: a key policy applies to one key, and these select
# keys by tag or alias. aws:ResourceTag is "supported only in IAM policies" [ABAC
# tag-authorization.md]; CreateKey and PutKeyPolicy refuse all three, recorded as
# MalformedPolicyDocumentException in a 2022 CloudTrail event [ISS awsdocs/aws-kms-developer-
# guide#47]. aws:ResourceTag and kms:ResourceTag stand for every key under them (.../<tag key>).
KEY_POLICY_FORBIDDEN_CONDITION_KEYS = ("aws:ResourceTag", "kms:ResourceTag", "kms:ResourceAliases")

# --- Grants ------------------------------------------------------------------------------------

# Every grant may allow these, whatever the key [DG23 grants.md "Grant operations"].
_GRANT_COMMON = frozenset({"CreateGrant", "DescribeKey", "RetireGrant"})

# Which operations a grant may allow, by the key's kind (`KeySpecRule.kind`) and usage: the
# operations the key itself supports [MD CreateGrant.Operations; DG23 grants.md].
GRANT_OPERATIONS: Mapping[tuple[str, str], frozenset[str]] = {
    ("symmetric", ENCRYPT_DECRYPT): _GRANT_COMMON
    | {
        "Decrypt",
        "Encrypt",
        "GenerateDataKey",
        "GenerateDataKeyWithoutPlaintext",
        "GenerateDataKeyPair",
        "GenerateDataKeyPairWithoutPlaintext",
        "ReEncryptFrom",
        "ReEncryptTo",
    },
    ("asymmetric", ENCRYPT_DECRYPT): _GRANT_COMMON
    | {"Decrypt", "Encrypt", "ReEncryptFrom", "ReEncryptTo", "GetPublicKey"},
    ("asymmetric", SIGN_VERIFY): _GRANT_COMMON | {"Sign", "Verify", "GetPublicKey"},
    ("hmac", GENERATE_VERIFY_MAC): _GRANT_COMMON | {"GenerateMac", "VerifyMac"},
    ("asymmetric", KEY_AGREEMENT): _GRANT_COMMON | {"DeriveSharedSecret", "GetPublicKey"},
    ("asymmetric", ENCAPSULATE_DECAPSULATE): _GRANT_COMMON
    | {"Encapsulate", "Decapsulate", "GetPublicKey"},
}

# Grant operations whose encryption-context constraint does not apply [MD CreateGrant].
GRANT_OPERATIONS_WITHOUT_CONTEXT = frozenset({"DescribeKey", "RetireGrant", "CreateGrant"})

# --- How each operation is authorized ----------------------------------------------------------

# Operations that KMS authorizes with IAM (identity-based) policies alone, not with a key
# policy [MD "Required permissions"], and the request member naming the resource ("*" when
# none does). They are checked once per call, at dispatch.
IAM_ONLY_OPERATIONS: Mapping[str, str] = {
    op: row.iam_only_resource for op, row in OPERATIONS.items() if row.iam_only_resource is not None
}

# Alias operations need kms:<Operation> on the alias, from the caller's IAM policies alone,
# and on every KMS key involved (the rows' `alias_permission` and `alias_current_key`). The
# alias, and the key it names before the call, are checked once per call, at dispatch; the
# TargetKeyId where it is resolved.
ALIAS_OPERATIONS = frozenset(op for op, row in OPERATIONS.items() if row.alias_permission)
ALIAS_CURRENT_KEY_OPERATIONS = frozenset(
    op for op, row in OPERATIONS.items() if row.alias_current_key
)
# Extra actions a request needs from IAM policies for some of its members (the rows'
# `member_actions`).
MEMBER_ACTIONS: Mapping[str, tuple[tuple[str, str], ...]] = {
    op: row.member_actions for op, row in OPERATIONS.items() if row.member_actions
}

# --- Condition keys ----------------------------------------------------------------------------

# kms:* condition keys taken from a request member, by operation [DOCS conditions-kms.html].
# (The key's own properties — kms:KeySpec, kms:KeyUsage, kms:KeyOrigin, kms:MultiRegion,
# kms:ResourceAliases — and the caller's — kms:CallerAccount, kms:ViaService, aws:PrincipalArn,
# aws:PrincipalAccount — are present on every call that uses a key.)
REQUEST_CONDITION_KEYS: Mapping[str, Mapping[str, str]] = {
    "kms:EncryptionAlgorithm": {
        "Encrypt": "EncryptionAlgorithm",
        "Decrypt": "EncryptionAlgorithm",
        "ReEncryptFrom": "SourceEncryptionAlgorithm",
        "ReEncryptTo": "DestinationEncryptionAlgorithm",
        "GenerateDataKey": "",
        "GenerateDataKeyWithoutPlaintext": "",
        "GenerateDataKeyPair": "",
        "GenerateDataKeyPairWithoutPlaintext": "",
    },
    "kms:SigningAlgorithm": {"Sign": "SigningAlgorithm", "Verify": "SigningAlgorithm"},
    "kms:MessageType": {"Sign": "MessageType", "Verify": "MessageType"},
    "kms:MacAlgorithm": {"GenerateMac": "MacAlgorithm", "VerifyMac": "MacAlgorithm"},
    "kms:KeyAgreementAlgorithm": {"DeriveSharedSecret": "KeyAgreementAlgorithm"},
    "kms:DataKeyPairSpec": {
        "GenerateDataKeyPair": "KeyPairSpec",
        "GenerateDataKeyPairWithoutPlaintext": "KeyPairSpec",
    },
    "kms:GrantOperations": {"CreateGrant": "Operations"},
    "kms:GranteePrincipal": {"CreateGrant": "GranteePrincipal"},
    "kms:RetiringPrincipal": {"CreateGrant": "RetiringPrincipal"},
    "kms:BypassPolicyLockoutSafetyCheck": {
        "CreateKey": "BypassPolicyLockoutSafetyCheck",
        "PutKeyPolicy": "BypassPolicyLockoutSafetyCheck",
    },
    # CreateKey has no key yet: its kms:KeySpec and friends come from the request.
    "kms:KeySpec": {"CreateKey": "KeySpec"},
    "kms:KeyUsage": {"CreateKey": "KeyUsage"},
    "kms:KeyOrigin": {"CreateKey": "Origin"},
    "kms:MultiRegion": {"CreateKey": "MultiRegion"},
}

# What a condition key is worth when the request leaves its member out [MD].
REQUEST_DEFAULTS: Mapping[str, object] = {
    "kms:EncryptionAlgorithm": "SYMMETRIC_DEFAULT",
    "kms:MessageType": "RAW",
    "kms:KeySpec": "SYMMETRIC_DEFAULT",
    "kms:KeyUsage": "ENCRYPT_DECRYPT",
    "kms:KeyOrigin": "AWS_KMS",
    "kms:MultiRegion": False,
    "kms:BypassPolicyLockoutSafetyCheck": False,
}

# The encryption context behind kms:EncryptionContext:<key> and kms:EncryptionContextKeys,
# and behind a grant's encryption-context constraints, by action [DOCS conditions-kms.html].
ENCRYPTION_CONTEXT_MEMBER: Mapping[str, str] = {
    action.name: action.context_member
    for row in OPERATIONS.values()
    for action in row.key_actions
    if action.context_member is not None
}

# kms:RequestAlias is present when the KeyId of an operation that accepts aliases is one
# [DOCS], for each action on that key.
REQUEST_ALIAS_ACTIONS: frozenset[str] = frozenset(
    action.name
    for row in OPERATIONS.values()
    if ALIAS_NAME in row.references
    for action in row.key_actions
)

# kms:GrantIsForAWSResource is present on these operations [DOCS].
GRANT_FOR_AWS_RESOURCE_OPERATIONS = frozenset({"CreateGrant", "ListGrants", "RevokeGrant"})

# The other condition keys the fake puts in a request, and where their values come from.
# With REQUEST_CONDITION_KEYS, these are all the keys it knows: any other key is absent from
# every request (so only ...IfExists, Null and ForAllValues conditions on it can hold).
OTHER_CONDITION_KEYS: Mapping[str, str] = {
    "kms:EncryptionContext:<key>": "each pair of the encryption context (see "
    "ENCRYPTION_CONTEXT_MEMBER); for CreateGrant, of its encryption-context constraint",
    "kms:EncryptionContextKeys": "the keys of that encryption context (multivalued)",
    "kms:GrantConstraintType": "CreateGrant: EncryptionContextEquals or EncryptionContextSubset",
    "kms:CallerAccount": "the caller's account, on every call",
    "kms:ViaService": "the via_service given to set_caller or acting_as, when there is one",
    "kms:GrantIsForAWSResource": "CreateGrant, ListGrants, RevokeGrant: true when a via_service "
    "is set",
    "kms:RequestAlias": "the alias name, when the KeyId of a cryptographic operation or "
    "DescribeKey/GetPublicKey is an alias name or alias ARN",
    "kms:ResourceAliases": "the aliases of the key (multivalued), on every call that uses a key",
    "kms:KeySpec": "the key's KeySpec, on every call that uses a key",
    "kms:KeyUsage": "the key's KeyUsage, on every call that uses a key",
    "kms:KeyOrigin": "the key's Origin, on every call that uses a key",
    "kms:MultiRegion": "whether the key is multi-Region, on every call that uses a key",
    "aws:PrincipalArn": "the caller's ARN; for an assumed-role session, the role's ARN",
    "aws:PrincipalAccount": "the caller's account",
    "aws:SourceArn": "absent: a call is made directly, never by an AWS service on behalf of "
    "one of its resources",
    "aws:SourceAccount": "absent, as aws:SourceArn",
    "aws:ResourceTag/<tag key>": "each tag of the key, on every call that uses a key",
    "aws:RequestTag/<tag key>": "each tag the request sets: CreateKey, ReplicateKey, TagResource",
    "aws:TagKeys": "the tag keys the request sets or removes (multivalued): CreateKey, "
    "ReplicateKey, TagResource, UntagResource",
}

# The global tag condition keys [ABAC]. aws:ResourceTag/<tag key> is a condition key of the key
# resource type, so every request on a key carries the key's tags; the request's own tags
# (aws:RequestTag/<tag key>, aws:TagKeys) come from these members.
REQUEST_TAG_MEMBERS: Mapping[str, str] = {
    "CreateKey": "Tags",
    "ReplicateKey": "Tags",
    "TagResource": "Tags",
}
REQUEST_TAG_KEY_MEMBERS: Mapping[str, str] = {"UntagResource": "TagKeys"}

# The condition keys a request may carry, by name or by the prefix a template starts with;
# any other key is one the fake cannot evaluate (see `evaluable_condition_key`).
_TEMPLATE_PREFIXES = ("kms:encryptioncontext:", "aws:resourcetag/", "aws:requesttag/")


def evaluable_condition_key(key: str) -> bool:
    """Whether requests in the fake can carry `key` (lower case), so a condition on it means
    what it means against AWS; a key that no request carries would make every condition on it
    take its missing-key value, which may let in a caller AWS refuses."""
    known = {name.lower() for name in (*REQUEST_CONDITION_KEYS, *OTHER_CONDITION_KEYS)}
    return key in known or key.startswith(_TEMPLATE_PREFIXES)
