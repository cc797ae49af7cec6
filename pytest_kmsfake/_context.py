"""What an operation handler gets: who is calling, where, when, and the state it may touch."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ._lifecycle import advance
from ._store import Key, RegionStore, Store

if TYPE_CHECKING:
    from ._entropy import Entropy
    from ._options import FakeOptions


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

    def region_store(self, account_id: str = "") -> RegionStore:
        """The store of this call's region for an account (the caller's by default), with
        whatever the clock has passed (deletion, rotation, expiry) carried out first."""
        store = self.store.region(account_id or self.account_id, self.region)
        advance(store, self.now, self.entropy)
        return store

    @property
    def here(self) -> RegionStore:
        return self.region_store()
