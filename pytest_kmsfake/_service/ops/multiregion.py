"""ReplicateKey and UpdatePrimaryRegion: copies of a multi-Region key in other Regions.

The state they work on, and how it follows the clock, is in `_multiregion`. Wordings marked
INFERRED were not recorded from AWS; they follow its style.
"""

from __future__ import annotations

from typing import Any

from ..._access.authorize import authorize_key
from ..._access.policy_text import stored_policy
from ..._rules import errors
from ..._rules.arns import is_known_region, key_arn, partition_for
from ..._rules.regions import check_key_spec
from ..._state.lifecycle import advance
from ..._state.multiregion import move_primary, related_set
from ..._state.store import Key
from ..context import CallContext
from ..resolve import check_state, resolve_key
from ._metadata import default_policy, key_metadata
from ._registry import Output, Params, operation
from .policies import check_new_policy
from .tags import check_new_tags


def _check_replica_region(primary: Key, region: str) -> None:
    if region == primary.region:
        raise errors.validation(  # INFERRED wording
            f"ReplicaRegion {region} is the Region of the primary key. A replica must be in a "
            "different Region."
        )
    if not is_known_region(region):
        raise errors.validation(f"ReplicaRegion {region} is not a valid Region.")  # INFERRED
    partition = partition_for(primary.region)
    if partition_for(region) != partition:
        raise errors.KmsError(  # INFERRED wording; replicas stay in one partition [MD]
            "UnsupportedOperationException",
            f"ReplicaRegion {region} is not in the {partition} partition of the primary key.",
        )


@operation("ReplicateKey")
def replicate_key(ctx: CallContext, params: Params) -> Output:
    primary = resolve_key(ctx, params["KeyId"])  # a multi-Region primary (`_rules`)
    region = params["ReplicaRegion"]
    _check_replica_region(primary, region)
    check_key_spec(ctx.options.rules, region, primary.key_spec, f"KeySpec {primary.key_spec}")
    store = ctx.store.region(ctx.account_id, region)
    advance(store, ctx.now, ctx.entropy)
    if primary.key_id in store.keys:  # [ISS:pulumi/pulumi-aws-native#184,2021]
        raise errors.KmsError(
            "AlreadyExistsException",
            "You can create only one replica of each primary key in each AWS Region.",
        )
    if "Policy" in params:
        check_new_policy(ctx, params)
    tags = params.get("Tags", [])
    check_new_tags({}, tags)

    replica = Key(
        key_id=primary.key_id,
        arn=key_arn(region, ctx.account_id, primary.key_id),
        account_id=ctx.account_id,
        region=region,
        creation_date=ctx.now,
        key_spec=primary.key_spec,
        key_usage=primary.key_usage,
        # Policy, description and tags are the replica's own; the defaults are CreateKey's.
        policy=stored_policy(params["Policy"])
        if "Policy" in params
        else default_policy(region, ctx.account_id),
        origin=primary.origin,
        description=params.get("Description", ""),
        multi_region=True,
        tags={tag["TagKey"]: tag["TagValue"] for tag in tags},
    )
    # AWS-generated material is shared, so a rotation reaches every copy; imported material
    # is imported into each replica again [MD].
    ready = "Enabled"
    if primary.origin == "EXTERNAL":
        ready = "PendingImport"
    else:
        replica.materials = primary.materials
    related = related_set(primary, ctx.here)
    related.add(store, replica)
    store.keys[replica.key_id] = replica
    delay = ctx.options.multi_region_delay
    if delay > 0:
        replica.state = "Creating"
        related.transitions[region] = (ctx.now + delay, ready)
    else:
        replica.set_state(ready, ctx.now)
    return {
        "ReplicaKeyMetadata": _as_just_created(replica),
        "ReplicaPolicy": replica.policy,
        # Absent when no tags are given [LS:2025-11-10]; botocore's example shows [] [EX].
        "ReplicaTags": [{"TagKey": k, "TagValue": v} for k, v in replica.tags.items()] or None,
    }


def _as_just_created(replica: Key) -> dict[str, Any]:
    """The replica as AWS reports it in the ReplicateKey response: Creating, with no material
    id yet [LS:2025-11-10], whatever the fake has done with it since."""
    meta = key_metadata(replica)
    meta.update(KeyState="Creating", Enabled=False, CurrentKeyMaterialId=None)
    return meta


@operation("UpdatePrimaryRegion")
def update_primary_region(ctx: CallContext, params: Params) -> Output:
    primary = resolve_key(ctx, params["KeyId"])  # a multi-Region primary (`_rules`)
    region = params["PrimaryRegion"]
    if region == primary.region:
        raise errors.validation(  # INFERRED wording
            f"PrimaryRegion {region} is already the Region of the primary key."
        )
    related = primary.related
    member = related.members.get(region) if related is not None else None
    if related is None or member is None:  # no replica there: INFERRED, AWS's usual text
        raise errors.not_found_key(key_arn(region, ctx.account_id, primary.key_id))
    new_primary = member[1]
    if ctx.enforce:  # "on the current replica key ... in the replica key's key policy" [MD]
        authorize_key(ctx, new_primary, "UpdatePrimaryRegion", None, new_primary.arn)
    check_state(new_primary, "UpdatePrimaryRegion")  # the replica too: INFERRED
    move_primary(related, new_primary, ctx.options.multi_region_delay, ctx.now)
    return {}
