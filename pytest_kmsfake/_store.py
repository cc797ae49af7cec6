"""The fake's state: keys and aliases, one independent store per account and region."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field


@dataclass
class KeyMaterial:
    """One version of a key's secret; rotation appends, every version still decrypts."""

    material_id: str  # 64 lowercase hex, as CurrentKeyMaterialId
    secret: bytes
    created: float


@dataclass
class Key:
    key_id: str
    arn: str
    account_id: str
    region: str
    creation_date: float
    key_spec: str
    key_usage: str
    policy: str
    origin: str = "AWS_KMS"
    key_manager: str = "CUSTOMER"
    description: str = ""
    state: str = "Enabled"
    multi_region: bool = False
    deletion_date: float | None = None
    tags: dict[str, str] = field(default_factory=dict)
    materials: list[KeyMaterial] = field(default_factory=list)

    @property
    def current_material(self) -> KeyMaterial | None:
        return self.materials[-1] if self.materials else None

    def material(self, material_id: str) -> KeyMaterial | None:
        for material in self.materials:
            if material.material_id == material_id:
                return material
        return None


@dataclass
class Alias:
    name: str  # including the "alias/" prefix
    arn: str
    target_key_id: str
    creation_date: float
    last_updated_date: float


@dataclass
class RegionStore:
    """Everything one account holds in one region. Dicts keep creation order for listings."""

    account_id: str
    region: str
    keys: dict[str, Key] = field(default_factory=dict)
    aliases: dict[str, Alias] = field(default_factory=dict)
    pending_deletion: set[str] = field(default_factory=set)

    def expire(self, now: float) -> None:
        """Delete the keys whose waiting period has passed, with their aliases, as AWS does."""
        if not self.pending_deletion:
            return
        for key_id in list(self.pending_deletion):
            key = self.keys[key_id]
            if key.deletion_date is not None and key.deletion_date <= now:
                self.delete_key(key_id)

    def delete_key(self, key_id: str) -> None:
        self.keys.pop(key_id, None)
        self.pending_deletion.discard(key_id)
        for name in [a.name for a in self.aliases.values() if a.target_key_id == key_id]:
            del self.aliases[name]

    def aliases_of(self, key_id: str) -> list[Alias]:
        return [alias for alias in self.aliases.values() if alias.target_key_id == key_id]


class Store:
    """All regions of all accounts, behind one lock that the dispatcher holds for each call."""

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self._regions: dict[tuple[str, str], RegionStore] = {}

    def region(self, account_id: str, region: str) -> RegionStore:
        key = (account_id, region)
        store = self._regions.get(key)
        if store is None:
            store = self._regions[key] = RegionStore(account_id, region)
        return store

    def regions(self) -> list[RegionStore]:
        return list(self._regions.values())

    def clear(self) -> None:
        self._regions.clear()
