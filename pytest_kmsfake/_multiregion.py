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

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable

from ._arns import key_arn
from ._clock import SECONDS_PER_DAY
from ._errors import KmsError
from ._rules import DEFAULT_PENDING_WINDOW_DAYS

if TYPE_CHECKING:
    from ._entropy import Entropy
    from ._store import Key, RegionStore

    Advance = Callable[[RegionStore, float, Entropy], None]

PRIMARY = "PRIMARY"
REPLICA = "REPLICA"
# States a key passes through on its own; a timed transition ends them [MD ReplicateKey,
# UpdatePrimaryRegion].
TRANSIENT_STATES = frozenset({"Creating", "Updating"})
# Properties of the primary that its replicas share, moved to the new primary by
# UpdatePrimaryRegion [MD]: automatic rotation.
_ROTATION_FIELDS = ("rotation_enabled", "rotation_period_days", "next_rotation_date")


@dataclass(eq=False)
class MultiRegionSet:
    """The copies of one multi-Region key, by Region, the primary's Region among them."""

    primary_region: str
    members: dict[str, tuple[RegionStore, Key]] = field(default_factory=dict)  # creation order
    # Region -> (time, state): a Creating or Updating copy gets `state` at `time`.
    transitions: dict[str, tuple[float, str]] = field(default_factory=dict)
    deletion_window_days: int | None = None  # for a primary pending replica deletion
    _settling: bool = False

    @property
    def primary(self) -> Key | None:
        member = self.members.get(self.primary_region)
        return member[1] if member is not None else None

    @property
    def replica_regions(self) -> list[str]:
        return [region for region in self.members if region != self.primary_region]

    def add(self, store: RegionStore, key: Key) -> None:
        self.members[key.region] = (store, key)
        key.related = self
        store.watched.add(key.key_id)  # a copy follows the others in time (see `settle`)

    def settle(self, here: RegionStore, now: float, entropy: Entropy, advance: Advance) -> None:
        """Bring the other Regions of the set up to date, then end due transient states."""
        if self._settling:
            return
        self._settling = True
        try:
            for store, _ in list(self.members.values()):
                if store is not here:
                    advance(store, now, entropy)
            for region, (when, state) in list(self.transitions.items()):
                if when <= now:
                    del self.transitions[region]
                    member = self.members.get(region)
                    if member is not None and member[1].state in TRANSIENT_STATES:
                        member[1].set_state(state, when)
        finally:
            self._settling = False

    def forget(self, key: Key, when: float) -> None:
        """`key`, one copy, was deleted at `when`. When the last replica of a primary pending
        replica deletion goes, the primary's own waiting period begins [MD]."""
        if self.members.get(key.region, (None, None))[1] is not key:
            return
        del self.members[key.region]
        self.transitions.pop(key.region, None)
        primary = self.primary
        if primary is None or self.replica_regions:
            return
        store = self.members[self.primary_region][0]
        if primary.state == "PendingReplicaDeletion":
            days = self.deletion_window_days or DEFAULT_PENDING_WINDOW_DAYS
            primary.set_state("PendingDeletion", when)
            primary.deletion_date = when + days * SECONDS_PER_DAY
            store.watched.add(primary.key_id)
        primary.related = None  # a primary alone again


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
