"""Multi-Region keys: a primary key and its replicas, one key ID and one key material across
the Regions of a partition.

A primary made by CreateKey(MultiRegion=True) stands alone until ReplicateKey first copies it;
then every copy points to one `MultiRegionSet`, from which DescribeKey reads the primary and
the replicas on every copy. Copies of a key whose material AWS generates share the very list
of key materials, so a rotation of the primary is in every Region at once, and a ciphertext,
signature or MAC made with one copy works with any other. Copies of a key with imported
material share nothing: each imports the same material itself [MD ReplicateKey].

Nothing runs in the background. Before each call `_lifecycle.advance` calls `settle` for every
copy in the caller's Region: it brings the other Regions of the set up to date first (a
replica's deletion, the primary's automatic rotation), then ends the transient states
(Creating, Updating) the clock has passed.
"""

from __future__ import annotations

from typing import Any

from .._rules.arns import key_arn
from .._rules.errors import KmsError
from .store import Key, MultiRegionSet, RegionStore

PRIMARY = "PRIMARY"
REPLICA = "REPLICA"
# Properties of the primary that its replicas share, moved to the new primary by
# UpdatePrimaryRegion [MD]: automatic rotation.
_ROTATION_FIELDS = ("rotation_enabled", "rotation_period_days", "next_rotation_date")


def key_type(key: Key) -> str | None:
    """PRIMARY or REPLICA for a multi-Region key, None for a single-Region key."""
    if not key.multi_region:
        return None
    related = key.related
    return PRIMARY if related is None or related.primary_region == key.region else REPLICA


def related_set(key: Key, store: RegionStore) -> MultiRegionSet:
    """The set of a primary key, made when it is first replicated."""
    if key.related is None:
        MultiRegionSet(key.region).add(store, key)
    assert key.related is not None
    return key.related


def metadata(key: Key) -> dict[str, Any]:
    """KeyMetadata members of a multi-Region key: MultiRegionConfiguration on every copy
    [LS:2025-11-10], and PendingDeletionWindowInDays on a primary pending replica deletion."""
    if not key.multi_region:
        return {}
    related = key.related
    primary_region = related.primary_region if related is not None else key.region
    replicas = related.replica_regions if related is not None else []
    meta: dict[str, Any] = {
        "MultiRegionConfiguration": {
            "MultiRegionKeyType": key_type(key),
            "PrimaryKey": _entry(key, primary_region),
            "ReplicaKeys": [_entry(key, region) for region in replicas],
        }
    }
    if key.state == "PendingReplicaDeletion" and related is not None:
        meta["PendingDeletionWindowInDays"] = related.deletion_window_days
    return meta


def _entry(key: Key, region: str) -> dict[str, str]:
    return {"Arn": key_arn(region, key.account_id, key.key_id), "Region": region}


def not_primary(arn: str) -> KmsError:
    return KmsError("UnsupportedOperationException", f"{arn} is not a multi-region primary key.")


def waits_for_replicas(key: Key, days: int) -> bool:
    """ScheduleKeyDeletion of a primary that still has replicas: PendingReplicaDeletion, with
    no deletion date until the last replica is deleted [MD ScheduleKeyDeletion]."""
    related = key.related
    if key_type(key) != PRIMARY or related is None or not related.replica_regions:
        return False
    key.state = "PendingReplicaDeletion"
    related.deletion_window_days = days
    return True


def rotation_source(key: Key) -> Key:
    """The key whose automatic rotation applies: a replica shares its primary's [MD]."""
    related = key.related
    primary = related.primary if related is not None else None
    return primary if primary is not None else key


def move_primary(related: MultiRegionSet, new_primary: Key, delay: float, now: float) -> None:
    """UpdatePrimaryRegion: the replica becomes the primary, the primary a replica. Both are
    Updating for `delay` seconds, then get their states back [MD]; 0 changes them at once."""
    old_primary = related.primary
    related.primary_region = new_primary.region
    if old_primary is None:
        return
    for name in _ROTATION_FIELDS:
        setattr(new_primary, name, getattr(old_primary, name))
    old_primary.rotation_enabled, old_primary.next_rotation_date = False, None
    if delay > 0:
        for key in (old_primary, new_primary):
            related.transitions[key.region] = (now + delay, key.state)
            key.state = "Updating"
