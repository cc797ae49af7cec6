"""EnableKeyRotation, DisableKeyRotation, GetKeyRotationStatus, RotateKeyOnDemand,
ListKeyRotations. Rotations happen when the clock passes them (`_lifecycle`)."""

from __future__ import annotations

from typing import Any

from ..._rules import errors
from ..._rules.limits import (
    DEFAULT_ROTATION_PERIOD_DAYS,
    ON_DEMAND_ROTATIONS_PER_KEY,
    ROTATION_PERIOD_DAYS,
)
from ..._state.lifecycle import report_rotation, rotate, start_automatic_rotation
from ..._state.multiregion import rotation_source
from ..._state.store import CURRENT, PENDING_ROTATION, Key, KeyMaterial
from ..context import CallContext
from ..resolve import resolve_key
from ._paging import page
from ._registry import Output, Params, operation


@operation("EnableKeyRotation")
def enable_key_rotation(ctx: CallContext, params: Params) -> Output:
    key = resolve_key(ctx, params["KeyId"])
    days = params.get("RotationPeriodInDays", DEFAULT_ROTATION_PERIOD_DAYS)
    low, high = ROTATION_PERIOD_DAYS
    if not low <= days <= high:  # botocore checks the minimum; the server the maximum
        raise errors.validation(
            f"1 validation error detected: Value '{days}' at 'rotationPeriodInDays' failed to "
            f"satisfy constraint: Member must have value less than or equal to {high}"
        )
    # A new period counts from the last rotation, or from now when rotation starts [MD].
    last = max((m.rotation_date or 0.0 for m in key.materials), default=0.0)
    since = last if key.rotation_enabled and last else ctx.now
    start_automatic_rotation(ctx.here, key, days, since)
    return {}


@operation("DisableKeyRotation")
def disable_key_rotation(ctx: CallContext, params: Params) -> Output:
    key = resolve_key(ctx, params["KeyId"])
    key.rotation_enabled = False
    key.next_rotation_date = None
    return {}


@operation("GetKeyRotationStatus")
def get_key_rotation_status(ctx: CallContext, params: Params) -> Output:
    key = resolve_key(ctx, params["KeyId"])
    source = rotation_source(key)  # a multi-Region replica shares its primary's rotation [MD]
    # Reported false while the key is pending deletion; it comes back on cancel [MD].
    enabled = source.rotation_enabled and key.state != "PendingDeletion"
    output: dict[str, Any] = {"KeyId": key.key_id, "KeyRotationEnabled": enabled}
    if enabled:
        output["RotationPeriodInDays"] = source.rotation_period_days
        output["NextRotationDate"] = source.next_rotation_date
    return output


@operation("RotateKeyOnDemand")
def rotate_key_on_demand(ctx: CallContext, params: Params) -> Output:
    key = resolve_key(ctx, params["KeyId"])
    on_demand = sum(1 for m in key.materials if m.rotation_type == "ON_DEMAND")
    if on_demand >= ON_DEMAND_ROTATIONS_PER_KEY:
        raise errors.KmsError(
            "LimitExceededException",
            "The on-demand rotations limit has been reached for the given keyId. No more "
            f"on-demand rotations can be performed for this key: {key.arn}",
        )
    previous = key.current_material
    if key.origin == "EXTERNAL":
        material = _promote_pending_material(key, ctx.now)
    else:
        material = rotate(
            key, ctx.now, "ON_DEMAND", ctx.entropy
        )  # AWS rotates asynchronously; here it is done at once
    store = ctx.store.region(key.account_id, key.region)
    report_rotation(store, key, previous.material_id if previous else None, material)
    return {"KeyId": key.arn}


def _promote_pending_material(key: Key, now: float) -> KeyMaterial:
    pending = [m for m in key.materials if m.state == PENDING_ROTATION]
    if not pending:
        raise errors.KmsError(
            "KMSInvalidStateException",
            f"No available key material pending rotation for the key: {key.arn}.",
        )
    for material in key.materials:
        if material.state == CURRENT:
            material.state = "NON_CURRENT"
    pending[0].state = CURRENT
    pending[0].rotation_type = "ON_DEMAND"
    pending[0].rotation_date = now
    return pending[0]


@operation("ListKeyRotations")
def list_key_rotations(ctx: CallContext, params: Params) -> Output:
    key = resolve_key(ctx, params["KeyId"])
    everything = params.get("IncludeKeyMaterial") == "ALL_KEY_MATERIAL"
    materials = [m for m in key.materials if everything or m.rotation_type is not None]
    chunk, more = page("ListKeyRotations", materials, params)
    return {"Rotations": [_rotation_entry(key, m) for m in chunk], **more}


def _rotation_entry(key: Key, material: KeyMaterial) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "KeyId": key.key_id,
        "KeyMaterialId": material.material_id,
        "KeyMaterialState": material.state,
        "RotationDate": material.rotation_date,
        "RotationType": material.rotation_type,
    }
    if material.imported:
        entry["ImportState"] = "PENDING_IMPORT" if material.deleted else "IMPORTED"
        entry["KeyMaterialDescription"] = material.description
        entry["ExpirationModel"] = material.expiration_model
        entry["ValidTo"] = material.valid_to
    return entry
