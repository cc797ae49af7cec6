"""AWS KMS's key-state table, written out by hand from AWS's documents: what every operation
that names a key answers in every key state.

Pure data, with no import from the fake: the tests compare the fake's own table and its
behaviour with this one, so a wrong entry on the fake's side cannot also be the expectation.

Sources (each row names its own):

- DG23: the developer guide's key-state page (key-state.md), last version of the archived
  awsdocs/aws-kms-developer-guide (2023-06-15): the table, its N/A cells and footnotes [1]-[15].
  The current page (docs.aws.amazon.com/kms/latest/developerguide/key-state.html) begins the
  same way; its table was not available to check, so the rows of the operations added since
  2023 are inferred, and marked so.
- FS: the project's fact sheet, section 4.2 (the same table, with later recordings).
- MD: the documentation in botocore 1.44.8's KMS model; M: the model's shapes (modeled errors).
- LS: LocalStack's snapshots recorded against real AWS, with the recording date.
- ISS: real AWS output pasted in public issues.

Each cell is AWS's answer for a key that can be in that state and that the operation takes:
PendingImport is a key with imported material, Unavailable a key in a custom key store
(`IMPORTED`, `CUSTOM_KEY_STORE`), and the other states the operation's usual key.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

STATES: tuple[str, ...] = (
    "Enabled",
    "Disabled",
    "PendingDeletion",
    "PendingReplicaDeletion",
    "PendingImport",
    "Unavailable",
    "Creating",
    "Updating",
)

DISABLED_ERROR = "DisabledException"
INVALID_STATE_ERROR = "KMSInvalidStateException"
UNSUPPORTED_ERROR = "UnsupportedOperationException"

# The kinds of key a footnote speaks of.
SYMMETRIC = "symmetric"  # a symmetric encryption key with material KMS made
IMPORTED = "imported"  # a symmetric encryption key with imported material (Origin EXTERNAL)
CUSTOM_KEY_STORE = "custom-key-store"  # in a CloudHSM key store; Unavailable: disconnected
# In a CloudHSM key store that is disconnected once the key is in the state in question.
DISCONNECTED_AFTERWARDS = "custom-key-store-disconnected-afterwards"
ALIAS_SOURCE = "alias-source"  # the key an alias points to before UpdateAlias moves it


@dataclass(frozen=True)
class Cell:
    """One cell: success, or the error code and the words after "<key-arn> " in its message."""

    error: str | None = None
    words: str = ""
    footnote: str = ""  # AWS's footnote, in short
    inferred: str = ""  # what AWS's documents do not say, and what the cell rests on instead
    cannot_occur: bool = False  # AWS: N/A, no key the operation takes can be in this state
    then_state: str = ""  # the key state after a successful call, where AWS says


@dataclass(frozen=True)
class Row:
    cells: Mapping[str, Cell]
    source: str


@dataclass(frozen=True)
class FootnoteCase:
    """A footnote's condition made concrete: this operation, on this kind of key in this
    state, answers `cell`."""

    operation: str
    state: str
    key: str
    cell: Cell
    source: str


@dataclass(frozen=True)
class Deviation:
    """Where the fake answers otherwise than `DOCUMENTED` (or where AWS says the state cannot
    occur): what the fake answers, and why it is allowed to."""

    fake: Cell
    reason: str
    source: str


# --- footnotes of DG23's table, with the fact sheet's codes for them ------------------------

F1 = "[1] DisabledException: <key ARN> is disabled."
F2_OR_3 = (
    "[2] or [3]: DisabledException or KMSInvalidStateException, <key ARN> is pending deletion "
    "(or pending replica deletion)."
)
F3 = "[3] KMSInvalidStateException: <key ARN> is pending deletion (or pending replica deletion)."
F4 = "[4] KMSInvalidStateException: <key ARN> is not pending deletion (or pending replica ...)."
F5 = "[5] KMSInvalidStateException: <key ARN> is pending import."
F6 = (
    "[6] UEXT: UnsupportedOperationException: <key ARN> origin is EXTERNAL which is not valid "
    "for this operation."
)
F7 = (
    "[7] U7: UnsupportedOperationException if the key has imported material or is in a custom "
    "key store."
)
F8 = "[8] KMSInvalidStateException if the key has imported material."
F9 = (
    "[9] U9: UnsupportedOperationException if the key cannot have or does not have imported "
    "material."
)
F10 = (
    "[10] alias's current key pending deletion: succeeds; target key pending deletion: "
    "KMSInvalidStateException <key ARN> is pending deletion."
)
F11 = "[11] KMSInvalidStateException: <key ARN> is unavailable."
F12 = "[12] succeeds, but the key state does not change until the key is available again."
F13 = (
    "[13] a key in a custom key store stays PendingDeletion while unavailable, so its deletion "
    "can be cancelled."
)
F14 = "[14] KMSInvalidStateException: <key ARN> is creating (while ReplicateKey runs)."
F15 = "[15] KMSInvalidStateException: <key ARN> is updating (while UpdatePrimaryRegion runs)."

# --- the cells --------------------------------------------------------------------------------

# Which of [2] and [3]: AWS answered KMSInvalidStateException for Decrypt and Encrypt of a key
# pending deletion [ISS:hashicorp/terraform-provider-aws#27352,2022; ISS:segmentio/chamber#355,
# 2022]; LocalStack answers the same. No recording of DisabledException in this case was found.
_WHICH_OF_2_OR_3 = (
    "code: [2] or [3] allows either; KMSInvalidStateException is what AWS answered for Decrypt "
    "and Encrypt [ISS 2022]"
)
# The message of a key pending replica deletion: the footnotes say "is pending deletion (or
# pending replica deletion)", read here as the state's own words.
_REPLICA_WORDS = "words: the footnote's '(or pending replica deletion)', as the state's own words"

OK = Cell()
D = Cell(DISABLED_ERROR, "is disabled.", F1)
PD = Cell(INVALID_STATE_ERROR, "is pending deletion.", F3)
PRD = Cell(INVALID_STATE_ERROR, "is pending replica deletion.", F3, _REPLICA_WORDS)
PD_2_OR_3 = Cell(INVALID_STATE_ERROR, "is pending deletion.", F2_OR_3, _WHICH_OF_2_OR_3)
PRD_2_OR_3 = replace(PD_2_OR_3, words="is pending replica deletion.",
                     inferred=f"{_WHICH_OF_2_OR_3}; {_REPLICA_WORDS}")  # fmt: skip
NPD = Cell(INVALID_STATE_ERROR, "is not pending deletion.", F4)
PI = Cell(INVALID_STATE_ERROR, "is pending import.", F5)
UN = Cell(INVALID_STATE_ERROR, "is unavailable.", F11)
CR = Cell(INVALID_STATE_ERROR, "is creating.", F14)
UP = Cell(INVALID_STATE_ERROR, "is updating.", F15)
NA = Cell(cannot_occur=True)

# Rotation [7] and import [9] footnotes. The message for a key in a custom key store is not
# documented; the recorded form for an AWS_KMS key (GetParametersForImport [LS:2023-10,
# 2025-11]) is taken with that key's origin.
_CUSTOM_STORE_WORDS = "origin is AWS_CLOUDHSM which is not valid for this operation."
_ORIGIN_WORDS = "words: the recorded '<key-arn> origin is <Origin> which is not valid ...' [LS]"
UEXT = Cell(UNSUPPORTED_ERROR, "origin is EXTERNAL which is not valid for this operation.", F6)
U7_CUSTOM = Cell(UNSUPPORTED_ERROR, _CUSTOM_STORE_WORDS, F7, _ORIGIN_WORDS)
U9_CUSTOM = Cell(UNSUPPORTED_ERROR, _CUSTOM_STORE_WORDS, F9, _ORIGIN_WORDS)
OK_7 = Cell(footnote=F7)
D_7 = replace(D, footnote=f"[1] or [7]: {F1} {F7}")
PD_7 = replace(PD, footnote=f"[3] or [7]: {F3} {F7}")
PRD_7 = replace(PRD, footnote=f"[3] or [7]: {F3} {F7}")
OK_9 = Cell(footnote=F9)
_WORDS_OF_8 = "words: [8] gives the code only; the state's words as in [3]"
PD_8 = Cell(INVALID_STATE_ERROR, "is pending deletion.", f"[8] or [9]: {F8} {F9}", _WORDS_OF_8)
PRD_8 = replace(PD_8, words="is pending replica deletion.",
                inferred=f"{_WORDS_OF_8}; {_REPLICA_WORDS}")  # fmt: skip


def _inferred(cell: Cell, why: str) -> Cell:
    return replace(cell, inferred="; ".join(part for part in (cell.inferred, why) if part))


# The rows AWS added after DG23: not in the 2023 table, inferred from the rows of the
# operations they resemble and the errors the model lists for them [M].
_AFTER_2023 = "not in DG23's table (2023): inferred from the rows of similar operations"
# Imports into asymmetric, HMAC and key-agreement keys are documented now [MD CreateKey,
# ImportKeyMaterial]: in 2023 DG23 marked PendingImport N/A for their operations.
_IMPORTS_NOW = (
    "DG23 marks N/A: in 2023 only symmetric keys took imported material; imports into other "
    "keys are documented now [MD ImportKeyMaterial], so the state occurs and [5] applies"
)
# Custom key stores hold symmetric encryption keys only [MD CreateKey].
_SYMMETRIC_ONLY_STORES = "custom key stores hold symmetric encryption keys only [MD CreateKey]"
# Operations that never refuse a key for its state (KMSInvalidStateException is not modeled).
_NO_STATE_ERROR = "the model lists no KMSInvalidStateException for it [M]"
# Listing calls succeed in every state [DG23: ListGrants, ListKeyPolicies, ListResourceTags],
# though the model lists KMSInvalidStateException for some of them too.
_LIKE_LISTINGS = "as the other listing calls, which succeed in every state [DG23]"

_SIGNING = (OK, D, PD_2_OR_3, PRD_2_OR_3, _inferred(PI, _IMPORTS_NOW), NA, CR, OK)
_AGREEMENT = (
    OK,
    _inferred(D, _AFTER_2023),
    _inferred(PD_2_OR_3, _AFTER_2023),
    _inferred(PRD_2_OR_3, _AFTER_2023),
    _inferred(PI, f"{_AFTER_2023}; {_IMPORTS_NOW}"),
    _inferred(NA, f"{_AFTER_2023}; {_SYMMETRIC_ONLY_STORES}"),
    _inferred(CR, _AFTER_2023),
    _inferred(OK, _AFTER_2023),
)


def _row(source: str, *cells: Cell) -> Row:
    assert len(cells) == len(STATES), source
    return Row(dict(zip(STATES, cells)), source)


_LAST_USAGE = _inferred(OK, _NO_STATE_ERROR)
_ROTATIONS_LIST = _inferred(OK, _LIKE_LISTINGS)

DOCUMENTED: Mapping[str, Row] = {
    # Columns: Enabled, Disabled, PendingDeletion, PendingReplicaDeletion, PendingImport,
    # Unavailable, Creating, Updating. DG23 has one column for the two pending-deletion states.
    "CancelKeyDeletion": _row(
        "DG23",
        NPD, NPD, OK, OK, NPD, replace(NPD, footnote=f"{F4} {F13}"), NPD, NPD,
    ),
    "CreateAlias": _row("DG23", OK, OK, PD, PRD, OK, OK, OK, OK),
    "CreateGrant": _row("DG23", OK, D, PD_2_OR_3, PRD_2_OR_3, PI, OK, CR, OK),
    "Decrypt": _row("DG23; ISS 2022", OK, D, PD_2_OR_3, PRD_2_OR_3, PI, UN, CR, OK),
    "DeleteAlias": _row("DG23", OK, OK, OK, OK, OK, OK, OK, OK),
    "DeleteImportedKeyMaterial": _row(
        "DG23; MD DeleteImportedKeyMaterial (the state afterwards)",
        Cell(footnote=F9, then_state="PendingImport"),
        Cell(footnote=F9, then_state="PendingImport"),
        Cell(footnote=F9, then_state="PendingDeletion"),
        Cell(footnote=F9, then_state="PendingImport"),  # MD: any state but PendingDeletion
        Cell(footnote="succeeds, with no effect", then_state="PendingImport"),
        NA, CR, UP,
    ),
    "DescribeKey": _row("DG23", OK, OK, OK, OK, OK, OK, OK, OK),
    "DisableKey": _row(
        "DG23", OK, OK, PD, PRD, PI, Cell(footnote=F12, then_state="Unavailable"), CR, UP
    ),
    "DisableKeyRotation": _row("DG23", OK_7, D_7, PD_7, PRD_7, UEXT, U7_CUSTOM, CR, OK_7),
    "EnableKey": _row(
        "DG23", OK, OK, PD, PRD, PI, Cell(footnote=F12, then_state="Unavailable"), CR, UP
    ),
    "EnableKeyRotation": _row("DG23", OK_7, D_7, PD_7, PRD_7, UEXT, U7_CUSTOM, CR, OK_7),
    "Encrypt": _row("DG23; ISS 2022", OK, D, PD_2_OR_3, PRD_2_OR_3, PI, UN, CR, OK),
    "GenerateDataKey": _row("DG23", OK, D, PD_2_OR_3, PRD_2_OR_3, PI, UN, CR, OK),
    "GenerateDataKeyPair": _row("DG23", OK, D, PD_2_OR_3, PRD_2_OR_3, PI, UN, CR, OK),
    "GenerateDataKeyPairWithoutPlaintext":
        _row("DG23", OK, D, PD_2_OR_3, PRD_2_OR_3, PI, UN, CR, OK),
    "GenerateDataKeyWithoutPlaintext":
        _row("DG23", OK, D, PD_2_OR_3, PRD_2_OR_3, PI, UN, CR, OK),
    "GenerateMac": _row("DG23; MD", *_SIGNING),
    "GetKeyPolicy": _row("DG23", OK, OK, OK, OK, OK, OK, OK, OK),
    "GetKeyRotationStatus": _row(
        "DG23; MD (false while pending deletion)",
        OK_7, OK_7,
        Cell(footnote=f"{F7} Reports KeyRotationEnabled false while pending deletion [MD]."),
        Cell(footnote=f"{F7} Reports KeyRotationEnabled false while pending deletion [MD]."),
        UEXT, U7_CUSTOM, OK_7, OK_7,
    ),
    "GetParametersForImport": _row("DG23", OK_9, OK_9, PD_8, PRD_8, OK, U9_CUSTOM, CR, UP),
    "GetPublicKey": _row("DG23; MD", *_SIGNING),
    "ImportKeyMaterial": _row("DG23", OK_9, OK_9, PD_8, PRD_8, OK, U9_CUSTOM, CR, OK),
    "ListAliases": _row("DG23", OK, OK, OK, OK, OK, OK, OK, OK),
    "ListGrants": _row("DG23", OK, OK, OK, OK, OK, OK, OK, OK),
    "ListKeyPolicies": _row("DG23", OK, OK, OK, OK, OK, OK, OK, OK),
    "ListResourceTags": _row("DG23", OK, OK, OK, OK, OK, OK, OK, OK),
    "PutKeyPolicy": _row("DG23", OK, OK, OK, OK, OK, OK, OK, OK),
    "ReEncrypt": _row("DG23", OK, D, PD_2_OR_3, PRD_2_OR_3, PI, UN, CR, OK),
    "ReplicateKey": _row("DG23", OK, D, PD_2_OR_3, PRD_2_OR_3, PI, NA, CR, UP),
    "RetireGrant": _row("DG23", OK, OK, OK, OK, OK, OK, OK, OK),
    "RevokeGrant": _row("DG23", OK, OK, OK, OK, OK, OK, OK, OK),
    "ScheduleKeyDeletion": _row("DG23", OK, OK, PD, PRD, OK, OK, OK, UP),
    "Sign": _row("DG23; MD", *_SIGNING),
    "TagResource": _row("DG23", OK, OK, PD, PRD, OK, OK, OK, OK),
    "UntagResource": _row("DG23", OK, OK, PD, PRD, OK, OK, OK, OK),
    "UpdateAlias": _row(
        "DG23",
        OK, OK, replace(PD, footnote=F10), replace(PRD, footnote=F10), OK, OK, OK, OK,
    ),
    "UpdateKeyDescription": _row("DG23", OK, OK, PD, PRD, OK, OK, OK, OK),
    "UpdatePrimaryRegion": _row("DG23", OK, D, PD_2_OR_3, PRD_2_OR_3, PI, NA, CR, OK),
    "Verify": _row("DG23; MD", *_SIGNING),
    "VerifyMac": _row("DG23; MD", *_SIGNING),
    # --- operations added after DG23 ---------------------------------------------------------
    "DeriveSharedSecret": _row("FS (INFERRED); MD; M", *_AGREEMENT),
    "Encapsulate": _row("FS (INFERRED); MD; M", *_AGREEMENT),
    "Decapsulate": _row("FS (INFERRED); MD; M", *_AGREEMENT),
    # Disabled [LS:2025-03-08] and PendingImport [LS:2025-11-05] were recorded; PendingImport
    # even for an RSA key, so the state is checked before the key's kind, and a key in a
    # custom key store is refused for its state rather than as [7] would have it.
    "RotateKeyOnDemand": _row(
        "FS; LS:2025-03-08, 2025-11-05; MD",
        OK, D, _inferred(PD, _AFTER_2023), _inferred(PRD, _AFTER_2023), PI,
        _inferred(UN, f"{_AFTER_2023}; the recorded order, state before key kind"),
        _inferred(CR, _AFTER_2023), _inferred(OK_7, f"{_AFTER_2023}; as EnableKeyRotation"),
    ),
    "ListKeyRotations": _row(
        "FS (UNVERIFIED); MD",
        OK, OK, _ROTATIONS_LIST, _ROTATIONS_LIST,
        _inferred(OK, "keys with imported material list their key materials [MD]"),
        _inferred(U7_CUSTOM, "[7], as for the other rotation operations in a custom key store"),
        _ROTATIONS_LIST, _ROTATIONS_LIST,
    ),
    "GetKeyLastUsage": _row(
        "FS (UNVERIFIED); M",
        OK, OK, _LAST_USAGE, _LAST_USAGE, _LAST_USAGE, _LAST_USAGE, _LAST_USAGE, _LAST_USAGE,
    ),
}  # fmt: skip

# --- footnotes made concrete --------------------------------------------------------------------

# [7] for a key with imported material, in the words [6] gives for such a key.
UEXT_7 = replace(
    UEXT, footnote=F7, inferred="words: [6], AWS's text for an EXTERNAL key refused by rotation"
)
# [1] or [7], [3] or [7]: a key with imported material or in a custom key store that is also
# disabled or pending deletion meets two refusals, and the table does not say which comes
# first. The state's: AWS answered RotateKeyOnDemand on an RSA key pending import with the
# state's error, not the key kind's [LS:2025] (docs/fidelity.md). A peer, local-kms, checks the
# origin first; it is not a recording of AWS.
_STATE_BEFORE_ORIGIN = (
    "order: [1] or [7] / [3] or [7] allow either; the state first, as AWS orders the state "
    "before the key's kind for RotateKeyOnDemand [LS:2025]"
)
_ROTATION_ORDER_CASES = tuple(
    FootnoteCase(operation, state, kind, replace(cell, inferred=_STATE_BEFORE_ORIGIN), "DG23 [7]")
    for operation in ("EnableKeyRotation", "DisableKeyRotation")
    for kind in (IMPORTED, CUSTOM_KEY_STORE)
    for state, cell in (("Disabled", D_7), ("PendingDeletion", PD_7))
)
FOOTNOTE_CASES: tuple[FootnoteCase, ...] = (
    *_ROTATION_ORDER_CASES,
    FootnoteCase("EnableKeyRotation", "Enabled", IMPORTED, UEXT_7, "DG23 [7]"),
    FootnoteCase("DisableKeyRotation", "Enabled", IMPORTED, UEXT_7, "DG23 [7]"),
    FootnoteCase("EnableKeyRotation", "Enabled", CUSTOM_KEY_STORE, U7_CUSTOM, "DG23 [7]"),
    FootnoteCase("DisableKeyRotation", "Enabled", CUSTOM_KEY_STORE, U7_CUSTOM, "DG23 [7]"),
    FootnoteCase("GetKeyRotationStatus", "Enabled", IMPORTED, UEXT_7, "DG23 [7]"),
    FootnoteCase("GetKeyRotationStatus", "Enabled", CUSTOM_KEY_STORE, U7_CUSTOM, "DG23 [7]"),
    FootnoteCase(
        "RotateKeyOnDemand", "Enabled", CUSTOM_KEY_STORE,
        replace(U7_CUSTOM, footnote="keys in a custom key store cannot rotate on demand"),
        "MD RotateKeyOnDemand",
    ),
    FootnoteCase(
        "GetParametersForImport", "Enabled", SYMMETRIC,
        Cell(UNSUPPORTED_ERROR, "origin is AWS_KMS which is not valid for this operation.", F9),
        "DG23 [9]; LS:2023-10, 2025-11 (the text)",
    ),
    FootnoteCase(
        "GetParametersForImport", "Disabled", SYMMETRIC,
        Cell(UNSUPPORTED_ERROR, "origin is AWS_KMS which is not valid for this operation.", F9),
        "DG23 [9]; LS (the text)",
    ),
    FootnoteCase(
        "ImportKeyMaterial", "Enabled", SYMMETRIC,
        Cell(UNSUPPORTED_ERROR, "origin is AWS_KMS which is not valid for this operation.", F9,
             "words: as recorded for GetParametersForImport [LS]"),
        "DG23 [9]",
    ),
    FootnoteCase(
        "DeleteImportedKeyMaterial", "Enabled", SYMMETRIC,
        Cell(UNSUPPORTED_ERROR, "origin is AWS_KMS which is not valid for this operation.", F9,
             "words: as recorded for GetParametersForImport [LS]"),
        "DG23 [9]",
    ),
    FootnoteCase("UpdateAlias", "PendingDeletion", ALIAS_SOURCE, Cell(footnote=F10), "DG23 [10]"),
    FootnoteCase(
        "UpdateAlias", "PendingReplicaDeletion", ALIAS_SOURCE, Cell(footnote=F10), "DG23 [10]"
    ),
    # Pending deletion, then its key store is disconnected: the key stays PendingDeletion,
    # and the deletion can be cancelled.
    FootnoteCase(
        "CancelKeyDeletion", "PendingDeletion", DISCONNECTED_AFTERWARDS, Cell(footnote=F13),
        "DG23 [13]",
    ),
    FootnoteCase(
        "ScheduleKeyDeletion", "Unavailable", CUSTOM_KEY_STORE,
        Cell(footnote=F13, inferred="then_state: a key pending deletion stays so while "
             "unavailable [13], so scheduling deletion makes it PendingDeletion",
             then_state="PendingDeletion"),
        "DG23 [13]",
    ),
)  # fmt: skip

# --- where the fake answers otherwise -----------------------------------------------------------

_FORCED = (
    "AWS: N/A, no key this operation takes can be in this state; a test can still force it, "
    "and the fake then answers as the rest of the row does"
)
_ROTATION_STATUS_OF_IMPORTED = (
    "DG23 (2023) predates the rotation of imported material (2025): GetKeyRotationStatus now "
    "reports on-demand rotations, which keys with imported material have [MD RotateKeyOnDemand]"
    "; whether it still refuses them is not documented, and the fake answers"
)
_ROTATION_STATUS_IN_STORE = (
    "the fake reports rotation off for a key in a custom key store instead of refusing it; "
    "listed on the multi-Region and custom key store page of the docs"
)

DEVIATIONS: Mapping[tuple[str, str], Deviation] = {
    **{
        (operation, "Unavailable"): Deviation(replace(UN, footnote=""), _FORCED, "DG23 N/A")
        for operation in (
            "Sign", "Verify", "GenerateMac", "VerifyMac", "GetPublicKey", "DeriveSharedSecret",
            "Encapsulate", "Decapsulate", "ReplicateKey", "UpdatePrimaryRegion",
        )
    },
    ("DeleteImportedKeyMaterial", "Unavailable"): Deviation(
        Cell(UNSUPPORTED_ERROR, _CUSTOM_STORE_WORDS),
        "AWS: N/A, a key in a custom key store has no imported material; the fake refuses it as "
        "GetParametersForImport and ImportKeyMaterial do [9]",
        "DG23 N/A and [9]",
    ),
    ("GetKeyRotationStatus", "PendingImport"): Deviation(
        OK, _ROTATION_STATUS_OF_IMPORTED, "DG23 [6]; MD"
    ),
    ("GetKeyRotationStatus", "Unavailable"): Deviation(
        OK, _ROTATION_STATUS_IN_STORE, "DG23 [7]"
    ),
}  # fmt: skip

FOOTNOTE_DEVIATIONS: Mapping[tuple[str, str, str], Deviation] = {
    ("GetKeyRotationStatus", "Enabled", IMPORTED): Deviation(
        OK, _ROTATION_STATUS_OF_IMPORTED, "DG23 [7]; MD"
    ),
    ("GetKeyRotationStatus", "Enabled", CUSTOM_KEY_STORE): Deviation(
        OK, _ROTATION_STATUS_IN_STORE, "DG23 [7]"
    ),
}
