"""The operations: one row per KMS operation with everything AWS says about the key it takes.

The chokepoint (`_service.resolve`), access control, the tests and the generated docs read
these rows; the sets they need (alias-accepting, tracked, IAM-only ...) are computed from
them, never written again. Sources are tagged as in the project's fact sheet: [MD] the
botocore model's documentation, [DG23] the KMS developer guide, [DOCS] current AWS
documentation pages, [LS] responses recorded against real AWS.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from . import key_states as states
from .arns import ANY_REFERENCE, KEY_ONLY, ReferenceForm
from .key_specs import (
    ENCAPSULATE_DECAPSULATE,
    ENCRYPT_DECRYPT,
    GENERATE_VERIFY_MAC,
    KEY_AGREEMENT,
    KEY_SPECS,
    SIGN_VERIFY,
    KeyFamily,
)


@dataclass(frozen=True)
class KeyAction:
    """An IAM action a call needs on a key it names, and the request member holding the
    encryption context that kms:EncryptionContext:* and grant constraints see with it."""

    name: str
    context_member: str | None = None


@dataclass(frozen=True)
class OperationRule:
    """One operation. An operation that names no key has no `references` and no `key_states`.

    `families` and `origins` are the keys it serves (None: any); a key of another family is
    UnsupportedOperationException, with no message [LS:2025-03-08] unless `family_refusal`
    gives one ({arn} and {key_spec} filled in); another origin names it: "<key-arn> origin is
    AWS_KMS which is not valid for this operation." [LS]. `symmetric_only` operations encrypt
    with the key internally and refuse an asymmetric ENCRYPT_DECRYPT key with
    InvalidKeyUsageException: `asymmetric_refusal`, or when None the refusal Encrypt gives
    without an algorithm.
    """

    name: str
    read_only: bool  # CloudTrail's readOnly
    usage: str | None = None  # the KeyUsage its key must have
    references: frozenset[ReferenceForm] = frozenset()  # the forms its key parameter accepts
    cross_account: bool = False  # may name another account's key by ARN [MD]
    key_states: Mapping[str, states.Outcome] | None = None  # its column of the key-state table
    families: frozenset[KeyFamily] | None = None
    origins: frozenset[str] | None = None
    family_refusal: str | None = None
    symmetric_only: bool = False
    asymmetric_refusal: str | None = None
    # The key must be a multi-Region primary key [MD]. Other keys get
    # UnsupportedOperationException "<key-arn> is not a multi-region primary key.", recorded
    # for a replica passed to ReplicateKey [LS:2025-09-08]; INFERRED for the other cases.
    primary_only: bool = False
    # A multi-Region replica refuses it, rotation being set on the primary [MD]; the same
    # error as above (INFERRED).
    replica_refused: bool = False
    custom_key_store_refused: bool = False  # [DG23 symm-asymm-compare; MD]
    actions: tuple[KeyAction, ...] = ()  # empty: kms:<name>, with no encryption context
    iam_only_resource: str | None = None  # authorized by IAM policies alone, on this member
    # Actions it needs from IAM policies alone when a member is present: (member, action).
    member_actions: tuple[tuple[str, str], ...] = ()
    # An alias operation: kms:<name> on the alias ARN from IAM policies alone, and on the key
    # it names [DOCS alias-access]; `alias_current_key` also on the key it names before the
    # call (UpdateAlias, DeleteAlias).
    alias_permission: bool = False
    alias_current_key: bool = False
    tracked: bool = False  # GetKeyLastUsage reports it

    @property
    def key_actions(self) -> tuple[KeyAction, ...]:
        """The actions the keys it names need; the first is the one on its (source) key."""
        return self.actions or (KeyAction(self.name),)


# Which keys an operation serves. Rotation [MD EnableKeyRotation, RotateKeyOnDemand]:
# automatic rotation for symmetric keys with AWS_KMS material; on-demand rotation also for
# symmetric keys with imported material.
ROTATABLE_FAMILIES: frozenset[KeyFamily] = frozenset({KeyFamily.SYMMETRIC})
AUTOMATIC_ROTATION_ORIGINS: frozenset[str] = frozenset({"AWS_KMS"})
ON_DEMAND_ROTATION_ORIGINS: frozenset[str] = frozenset({"AWS_KMS", "EXTERNAL"})
_EXTERNAL = frozenset({"EXTERNAL"})
_ASYMMETRIC = frozenset(rule.family for rule in KEY_SPECS.values() if rule.kind == "asymmetric")
# GenerateDataKey's refusal of an asymmetric key was measured against KMS (2026); the pair
# operations fail the way Encrypt without an algorithm does (INFERRED wording).
_ASYMMETRIC_DATA_KEY = "You cannot generate a data key with an asymmetric CMK"


def _context(name: str) -> tuple[KeyAction, ...]:
    return (KeyAction(name, "EncryptionContext"),)


def _like(template: OperationRule, name: str, **changes: Any) -> OperationRule:
    return replace(template, name=name, **changes)


# The cryptographic operations: their key by any reference, in any account [MD, fact sheet §6].
_CRYPTO = OperationRule(
    "",
    read_only=True,
    references=ANY_REFERENCE,
    cross_account=True,
    key_states=states.CRYPTOGRAPHIC,
    tracked=True,
)
_MANAGEMENT = OperationRule("", read_only=False, references=KEY_ONLY)
_LOOKING = OperationRule("", read_only=True, references=KEY_ONLY, key_states=states.ANY_STATE)
_CUSTOM_KEY_STORE = OperationRule("", read_only=False, iam_only_resource="*")

# readOnly as CloudTrail logs it [DOCS ct-encrypt, ct-reencrypt, ct-generaterandom,
# ct-getparametersforimport, ct-createkey]: true for the cryptographic operations and the
# ones that only look, false for every change. Rows in the order the docs list them.
_ROWS = (
    # [MD CreateKey]: "To use the Tags parameter, kms:TagResource".
    OperationRule(
        "CreateKey",
        read_only=False,
        iam_only_resource="*",
        member_actions=(("Tags", "TagResource"),),
    ),
    OperationRule("ListKeys", read_only=True, iam_only_resource="*"),
    _like(_CRYPTO, "Encrypt", usage=ENCRYPT_DECRYPT, actions=_context("Encrypt")),
    _like(_CRYPTO, "Decrypt", usage=ENCRYPT_DECRYPT, actions=_context("Decrypt")),
    _like(
        _CRYPTO,
        "ReEncrypt",
        usage=ENCRYPT_DECRYPT,
        # kms:ReEncryptFrom on the source key, kms:ReEncryptTo on the destination key [MD].
        actions=(
            KeyAction("ReEncryptFrom", "SourceEncryptionContext"),
            KeyAction("ReEncryptTo", "DestinationEncryptionContext"),
        ),
    ),
    *(
        _like(
            _CRYPTO,
            name,
            usage=ENCRYPT_DECRYPT,
            actions=_context(name),
            symmetric_only=True,
            asymmetric_refusal=_ASYMMETRIC_DATA_KEY,
        )
        for name in ("GenerateDataKey", "GenerateDataKeyWithoutPlaintext")
    ),
    *(
        _like(
            _CRYPTO,
            name,
            usage=ENCRYPT_DECRYPT,
            actions=_context(name),
            symmetric_only=True,
            custom_key_store_refused=True,
        )
        for name in ("GenerateDataKeyPair", "GenerateDataKeyPairWithoutPlaintext")
    ),
    _like(_CRYPTO, "Sign", usage=SIGN_VERIFY),
    _like(_CRYPTO, "Verify", usage=SIGN_VERIFY),
    _like(_CRYPTO, "GenerateMac", usage=GENERATE_VERIFY_MAC),
    _like(_CRYPTO, "VerifyMac", usage=GENERATE_VERIFY_MAC),
    _like(
        _CRYPTO,
        "GetPublicKey",
        tracked=False,
        families=_ASYMMETRIC,
        # The model lists UnsupportedOperationException; the wording is INFERRED.
        family_refusal="{arn} key spec {key_spec} is not valid for this operation.",
    ),
    _like(_CRYPTO, "DeriveSharedSecret", usage=KEY_AGREEMENT),
    _like(_CRYPTO, "Encapsulate", usage=ENCAPSULATE_DECAPSULATE),
    _like(_CRYPTO, "Decapsulate", usage=ENCAPSULATE_DECAPSULATE),
    _like(_MANAGEMENT, "UpdatePrimaryRegion", key_states=states.CRYPTOGRAPHIC, primary_only=True),
    # [MD ReplicateKey]: "kms:CreateKey in an IAM policy in the replica Region. To use the
    # Tags parameter, kms:TagResource in an IAM policy in the replica Region".
    _like(
        _MANAGEMENT,
        "ReplicateKey",
        key_states=states.REPLICATION,
        primary_only=True,
        member_actions=(("ReplicaRegion", "CreateKey"), ("Tags", "TagResource")),
    ),
    _like(_LOOKING, "DescribeKey", references=ANY_REFERENCE, cross_account=True),
    _like(
        _MANAGEMENT,
        "DeleteAlias",
        key_states=states.ANY_STATE,
        alias_permission=True,
        alias_current_key=True,
    ),
    _like(_LOOKING, "GetKeyPolicy"),
    _like(_LOOKING, "ListAliases", iam_only_resource="*"),
    _like(_LOOKING, "ListGrants", cross_account=True),
    _like(_LOOKING, "ListKeyPolicies"),
    _like(_LOOKING, "ListResourceTags"),
    _like(_MANAGEMENT, "PutKeyPolicy", key_states=states.ANY_STATE),
    _like(_MANAGEMENT, "RetireGrant", cross_account=True, key_states=states.ANY_STATE),
    _like(_MANAGEMENT, "RevokeGrant", cross_account=True, key_states=states.ANY_STATE),
    _like(
        _LOOKING,
        "ListKeyRotations",
        families=ROTATABLE_FAMILIES,
        origins=ON_DEMAND_ROTATION_ORIGINS,
    ),
    _like(_LOOKING, "GetKeyLastUsage"),
    _like(_LOOKING, "GetKeyRotationStatus", cross_account=True),
    _like(
        _MANAGEMENT,
        "CreateAlias",
        key_states=states.NOT_PENDING_DELETION_ONLY,
        alias_permission=True,
    ),
    _like(
        _MANAGEMENT,
        "UpdateAlias",
        key_states=states.NOT_PENDING_DELETION_ONLY,
        alias_permission=True,
        alias_current_key=True,
    ),
    *(
        _like(_MANAGEMENT, name, key_states=states.NOT_PENDING_DELETION_ONLY)
        for name in ("TagResource", "UntagResource", "UpdateKeyDescription")
    ),
    _like(_MANAGEMENT, "ScheduleKeyDeletion", key_states=states.SCHEDULE_DELETION),
    _like(_MANAGEMENT, "CancelKeyDeletion", key_states=states.CANCEL_DELETION),
    _like(_MANAGEMENT, "EnableKey", key_states=states.ENABLE_DISABLE),
    _like(_MANAGEMENT, "DisableKey", key_states=states.ENABLE_DISABLE),
    _like(_MANAGEMENT, "CreateGrant", cross_account=True, key_states=states.CREATE_GRANT),
    *(
        _like(
            _MANAGEMENT,
            name,
            key_states=states.AUTOMATIC_ROTATION,
            families=ROTATABLE_FAMILIES,
            origins=AUTOMATIC_ROTATION_ORIGINS,
            replica_refused=True,
        )
        for name in ("EnableKeyRotation", "DisableKeyRotation")
    ),
    _like(
        _MANAGEMENT,
        "RotateKeyOnDemand",
        key_states=states.ON_DEMAND_ROTATION,
        families=ROTATABLE_FAMILIES,
        origins=ON_DEMAND_ROTATION_ORIGINS,
        replica_refused=True,
    ),
    _like(
        _LOOKING,
        "GetParametersForImport",
        key_states=states.GET_IMPORT_PARAMETERS,
        origins=_EXTERNAL,
    ),
    _like(_MANAGEMENT, "ImportKeyMaterial", key_states=states.IMPORT_MATERIAL, origins=_EXTERNAL),
    _like(
        _MANAGEMENT,
        "DeleteImportedKeyMaterial",
        key_states=states.DELETE_IMPORTED_MATERIAL,
        origins=_EXTERNAL,
    ),
    OperationRule("GenerateRandom", read_only=True, iam_only_resource="*"),
    OperationRule("ListRetirableGrants", read_only=True, iam_only_resource="RetiringPrincipal"),
    _like(_CUSTOM_KEY_STORE, "CreateCustomKeyStore"),
    OperationRule("DescribeCustomKeyStores", read_only=True, iam_only_resource="*"),
    _like(_CUSTOM_KEY_STORE, "ConnectCustomKeyStore"),
    _like(_CUSTOM_KEY_STORE, "DisconnectCustomKeyStore"),
    _like(_CUSTOM_KEY_STORE, "UpdateCustomKeyStore"),
    _like(_CUSTOM_KEY_STORE, "DeleteCustomKeyStore"),
)

OPERATIONS: Mapping[str, OperationRule] = {row.name: row for row in _ROWS}

# --- Computed from the rows ------------------------------------------------------------------

# The operations GetKeyLastUsage reports (the model's KeyLastUsageTrackingOperation).
TRACKED_OPERATIONS: frozenset[str] = frozenset(op for op, row in OPERATIONS.items() if row.tracked)
# The operations with a column in the key-state table, in the docs' order.
KEY_STATE_OPERATIONS: tuple[str, ...] = tuple(
    op for op, row in OPERATIONS.items() if row.key_states is not None
)
