"""The key states, and the columns of AWS's key-state table: what an operation answers for a
key in each state. `operations.OPERATIONS` gives each operation its column.

Sources are tagged as in the project's fact sheet: [DG23] the KMS developer guide,
[LS] responses recorded against real AWS.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import Enum, auto

KEY_STATES: tuple[str, ...] = (
    "Enabled", "Disabled", "PendingDeletion", "PendingReplicaDeletion", "PendingImport",
    "Unavailable", "Creating", "Updating",
)  # fmt: skip


class Outcome(Enum):
    """An answer of the key-state table. Each but OK names the error the chokepoint raises."""

    OK = auto()
    DISABLED = auto()  # DisabledException "<arn> is disabled."
    INVALID_STATE = auto()  # KMSInvalidStateException "<arn> is <state words>."
    NOT_PENDING_DELETION = auto()  # KMSInvalidStateException for CancelKeyDeletion


OK = Outcome.OK
DISABLED = Outcome.DISABLED
INVALID_STATE = Outcome.INVALID_STATE
NOT_PENDING_DELETION = Outcome.NOT_PENDING_DELETION

# The words after "<key-arn> is " in KMSInvalidStateException messages [DG23; LS:2025-11]:
# the states some operation refuses with INVALID_STATE.
STATE_WORDS: Mapping[str, str] = {
    "PendingDeletion": "pending deletion",
    "PendingReplicaDeletion": "pending replica deletion",  # INFERRED from the DG23 footnote
    "PendingImport": "pending import",
    "Unavailable": "unavailable",
    "Creating": "creating",
    "Updating": "updating",
}


def column(**refusals: Outcome) -> Mapping[str, Outcome]:
    """A column of the key-state table: OK in every state but the ones named."""
    return {state: refusals.get(state, OK) for state in KEY_STATES}


_PENDING_DELETION = {"PendingDeletion": INVALID_STATE, "PendingReplicaDeletion": INVALID_STATE}

ANY_STATE = column()
# Encrypt, Decrypt, ReEncrypt, GenerateDataKey* [DG23 key-state.md]. Usable while Updating.
CRYPTOGRAPHIC = column(
    Disabled=DISABLED, **_PENDING_DELETION, PendingImport=INVALID_STATE,
    Unavailable=INVALID_STATE, Creating=INVALID_STATE,
)  # fmt: skip
# ReplicateKey also refuses a primary that is Updating [DG23 key-state.md].
REPLICATION = {**CRYPTOGRAPHIC, "Updating": INVALID_STATE}
# Management calls that refuse a key pending deletion but accept every other state.
NOT_PENDING_DELETION_ONLY = column(**_PENDING_DELETION)
ENABLE_DISABLE = column(
    **_PENDING_DELETION, PendingImport=INVALID_STATE, Creating=INVALID_STATE,
    Updating=INVALID_STATE,
)  # fmt: skip
SCHEDULE_DELETION = column(**_PENDING_DELETION, Updating=INVALID_STATE)
CANCEL_DELETION = {
    state: OK if state in _PENDING_DELETION else NOT_PENDING_DELETION for state in KEY_STATES
}
CREATE_GRANT = column(
    Disabled=DISABLED, **_PENDING_DELETION, PendingImport=INVALID_STATE, Creating=INVALID_STATE
)
# Automatic rotation lets a key with imported material (PendingImport) or in a custom key
# store (Unavailable) past its state, to be refused for its origin: UnsupportedOperationException
# [DG23 key-state.md footnotes 6 and 7], from the operation's `origins`.
AUTOMATIC_ROTATION = column(Disabled=DISABLED, **_PENDING_DELETION, Creating=INVALID_STATE)
# On-demand rotation checks the state first: a key pending import is "pending import." even
# when its kind cannot rotate [LS:2025-11-05]; the other cells are INFERRED from that order.
ON_DEMAND_ROTATION = CRYPTOGRAPHIC
# Import [DG23 key-state.md]: usable in PendingImport, not while pending deletion.
GET_IMPORT_PARAMETERS = column(**_PENDING_DELETION, Creating=INVALID_STATE, Updating=INVALID_STATE)
IMPORT_MATERIAL = column(**_PENDING_DELETION, Creating=INVALID_STATE)
DELETE_IMPORTED_MATERIAL = column(Creating=INVALID_STATE, Updating=INVALID_STATE)
