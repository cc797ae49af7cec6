"""Key lifecycle: CreateKey, DescribeKey, ListKeys, Enable/DisableKey, deletion, description."""

from __future__ import annotations

from typing import Any

from ..._access.policy_text import stored_policy
from ..._crypto import asymmetric as _asymmetric
from ..._rules import errors
from ..._rules.key_specs import IMPLEMENTED_KEY_SPECS, KEY_SPECS, SYMMETRIC_DEFAULT
from ..._rules.limits import (
    DEFAULT_PENDING_WINDOW_DAYS,
    KEYS_PER_ACCOUNT_REGION,
    PENDING_WINDOW_DAYS,
)
from ..._rules.regions import check_key_spec
from ..._state.clock import SECONDS_PER_DAY
from ..._state.keystores import store_for_new_key
from ..._state.lifecycle import watch
from ..._state.multiregion import waits_for_replicas
from ..aws_managed import make_if_predefined
from ..context import CallContext
from ..resolve import resolve_key
from ._metadata import default_policy, key_metadata
from ._paging import page
from ._registry import Output, Params, operation
from .policies import check_new_policy
from .tags import check_new_tags


@operation("CreateKey")
def create_key(ctx: CallContext, params: Params) -> Output:
    spec = _requested_spec(params)
    rule = KEY_SPECS[spec]
    usage = params.get("KeyUsage") or rule.default_usage
    if not usage:
        raise errors.validation(
            "You must specify a KeyUsage value for all KMS keys except for symmetric "
            "encryption keys."
        )
    if usage not in rule.usages:
        raise errors.validation(f"KeyUsage {usage} is not compatible with KeySpec {spec}")
    if len(ctx.here.keys) >= KEYS_PER_ACCOUNT_REGION:
        # The opening words were recorded from AWS (2016); the end of the sentence is INFERRED.
        raise errors.KmsError(
            "LimitExceededException", "Key quota for this account in this region is exceeded."
        )
    origin = params.get("Origin", "AWS_KMS")
    if spec not in IMPLEMENTED_KEY_SPECS or not _backend_supports(spec):
        raise errors.UnsupportedByFake(
            f"CreateKey with KeySpec {spec} (the installed cryptography package lacks it)"
        )
    check_key_spec(ctx.options.rules, ctx.region, spec, f"KeySpec {spec}")
    key_store = store_for_new_key(ctx.here, params, rule.symmetric)  # None: not in a key store
    tags = params.get("Tags", [])
    check_new_tags({}, tags)
    if "Policy" in params:
        check_new_policy(ctx, params)

    multi_region = bool(params.get("MultiRegion", False))
    key_id = ctx.entropy.key_id(multi_region)
    key = ctx.new_key(
        key_id,
        key_spec=spec,
        key_usage=usage,
        policy=stored_policy(params["Policy"])
        if "Policy" in params
        else default_policy(ctx.region, ctx.account_id),
        origin=origin,
        description=params.get("Description", ""),
        multi_region=multi_region,
        tags={tag["TagKey"]: tag["TagValue"] for tag in tags},
        # No material until ImportKeyMaterial [EX, LS].
        state="PendingImport" if origin == "EXTERNAL" else "Enabled",
    )
    key.custom_key_store, key.xks_key_id = key_store, params.get("XksKeyId")
    ctx.here.keys[key_id] = key
    return {"KeyMetadata": key_metadata(key)}


def _backend_supports(spec: str) -> bool:
    return KEY_SPECS[spec].kind != "asymmetric" or _asymmetric.backend_supports(spec)


def _requested_spec(params: Params) -> str:
    spec = params.get("KeySpec")
    legacy = params.get("CustomerMasterKeySpec")
    if spec and legacy:
        # INFERRED wording: AWS documents that the two must not be combined.
        raise errors.validation("You cannot specify KeySpec and CustomerMasterKeySpec together.")
    return str(spec or legacy or SYMMETRIC_DEFAULT)


@operation("DescribeKey")
def describe_key(ctx: CallContext, params: Params) -> Output:
    make_if_predefined(ctx, params["KeyId"])  # an AWS managed key is made on first sight [MD]
    return {"KeyMetadata": key_metadata(resolve_key(ctx, params["KeyId"]))}


@operation("ListKeys")
def list_keys(ctx: CallContext, params: Params) -> Output:
    keys = list(ctx.here.keys.values())
    chunk, more = page("ListKeys", keys, params)
    return {"Keys": [{"KeyId": key.key_id, "KeyArn": key.arn} for key in chunk], **more}


@operation("EnableKey")
def enable_key(ctx: CallContext, params: Params) -> Output:
    resolve_key(ctx, params["KeyId"]).set_state("Enabled", ctx.now)
    return {}


@operation("DisableKey")
def disable_key(ctx: CallContext, params: Params) -> Output:
    resolve_key(ctx, params["KeyId"]).set_state("Disabled", ctx.now)
    return {}


@operation("ScheduleKeyDeletion")
def schedule_key_deletion(ctx: CallContext, params: Params) -> Output:
    key = resolve_key(ctx, params["KeyId"])
    days = params.get("PendingWindowInDays", DEFAULT_PENDING_WINDOW_DAYS)
    low, high = PENDING_WINDOW_DAYS
    if not low <= days <= high:
        raise errors.validation(f"PendingWindowInDays must be between {low} and {high}")
    if waits_for_replicas(key, days):  # a multi-Region primary: no DeletionDate yet [MD]
        return {"KeyId": key.arn, "KeyState": key.state, "PendingWindowInDays": days}
    key.set_state("PendingDeletion", ctx.now)
    key.deletion_date = ctx.now + days * SECONDS_PER_DAY
    watch(ctx.here, key)
    return {
        "KeyId": key.arn,
        "DeletionDate": key.deletion_date,
        "KeyState": key.state,
        "PendingWindowInDays": days,
    }


@operation("CancelKeyDeletion")
def cancel_key_deletion(ctx: CallContext, params: Params) -> Output:
    key = resolve_key(ctx, params["KeyId"])
    key.set_state("Disabled", ctx.now)  # EnableKey is needed before it is usable again [MD]
    key.deletion_date = None
    return {"KeyId": key.arn}


@operation("UpdateKeyDescription")
def update_key_description(ctx: CallContext, params: Params) -> Output:
    resolve_key(ctx, params["KeyId"]).description = params["Description"]
    return {}


@operation("GetKeyLastUsage")
def get_key_last_usage(ctx: CallContext, params: Params) -> Output:
    key = resolve_key(ctx, params["KeyId"])
    usage = key.last_usage
    last: dict[str, Any] = {}
    if usage is not None:
        last = {
            "Operation": usage.operation,
            "Timestamp": usage.timestamp,
            "CloudTrailEventId": usage.event_id,
            "KmsRequestId": usage.request_id,
        }
    # The fake tracks every key from its creation, so tracking starts when the key does.
    return {
        "KeyId": key.key_id,
        "KeyLastUsage": last,
        "TrackingStartDate": key.creation_date,
        "KeyCreationDate": key.creation_date,
    }
