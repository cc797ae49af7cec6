"""What an operation handler gets: who is calling, where, when, and the state it may touch."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .._rules.arns import key_arn
from .._state.lifecycle import advance
from .._state.store import Key, KeyMaterial, RegionStore, Store

if TYPE_CHECKING:
    from .._access.principals import AccessState, Caller
    from .._crypto.entropy import Entropy
    from .._state.calls import Decision
    from .options import FakeOptions


@dataclass
class CallContext:
    operation: str
    account_id: str
    region: str
    now: float
    store: Store
    options: FakeOptions
    entropy: Entropy
    used_keys: list[Key] = field(default_factory=list)  # for GetKeyLastUsage
    # What the call's CloudTrail event shows that neither the request nor the response does:
    # its additionalEventData (the grant RetireGrant retired).
    trail: dict[str, Any] = field(default_factory=dict)
    # Access control (`_authorize`): the request, who makes it (None: the account root),
    # whether to enforce, and the decisions taken.
    params: Mapping[str, Any] | None = None
    caller: Caller | None = None
    access: AccessState | None = None
    enforce: bool = False
    decisions: list[Decision] = field(default_factory=list)

    def region_store(self, account_id: str = "") -> RegionStore:
        """The store of this call's region for an account (the caller's by default), with
        whatever the clock has passed (deletion, rotation, expiry) carried out first."""
        store = self.store.region(account_id or self.account_id, self.region)
        advance(store, self.now, self.entropy)
        return store

    @property
    def here(self) -> RegionStore:
        return self.region_store()

    def new_key(self, key_id: str, **fields: Any) -> Key:
        """A key of this call's account and region, created now, with its first material
        unless it is to wait for imported material (state PendingImport)."""
        key = Key(
            key_id=key_id,
            arn=key_arn(self.region, self.account_id, key_id),
            account_id=self.account_id,
            region=self.region,
            creation_date=self.now,
            **fields,
        )
        if key.state != "PendingImport":
            key.enabled_since = self.now
            material = self.entropy.material(key.key_spec)
            key.materials.append(KeyMaterial(self.entropy.material_id(), material, self.now))
        return key
