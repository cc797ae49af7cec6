"""The fake's state: keys and aliases, one independent store per account and region, and the
records keys point to (multi-Region sets, custom key stores)."""

from __future__ import annotations

import threading
import uuid
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable

from .._rules.arns import alias_arn
from .._rules.limits import DEFAULT_PENDING_WINDOW_DAYS
from .clock import SECONDS_PER_DAY

if TYPE_CHECKING:
    from .._crypto.entropy import Entropy
    from .cloudtrail import ServiceEvent
    from .grants import Grant

# Custom key store connection states [MD ConnectionStateType].
CONNECTED, CONNECTING, FAILED = "CONNECTED", "CONNECTING", "FAILED"
DISCONNECTED, DISCONNECTING = "DISCONNECTED", "DISCONNECTING"
# States a key passes through on its own; a timed transition ends them [MD ReplicateKey,
# UpdatePrimaryRegion].
TRANSIENT_STATES = frozenset({"Creating", "Updating"})

CURRENT = "CURRENT"
NON_CURRENT = "NON_CURRENT"
PENDING_ROTATION = "PENDING_ROTATION"


@dataclass
class KeyMaterial:
    """One version of a key's secret. Rotation adds versions; every version still decrypts.

    `secret` is the AES key, the HMAC key or the PKCS#8 DER private key, by key spec."""

    material_id: str  # 64 lowercase hex, as CurrentKeyMaterialId
    secret: bytes
    created: float
    state: str = CURRENT  # KeyMaterialState: CURRENT, NON_CURRENT, PENDING_ROTATION
    rotation_type: str | None = None  # AUTOMATIC or ON_DEMAND for materials made by rotation
    rotation_date: float | None = None
    imported: bool = False
    expiration_model: str | None = None  # imported material only
    valid_to: float | None = None
    description: str | None = None
    deleted: bool = False  # imported material deleted or expired: known, but unusable


@dataclass
class KeyLastUsage:
    operation: str
    timestamp: float
    request_id: str

    @property
    def event_id(self) -> str:
        """The CloudTrail event id: a UUID derived from the request, stable for it."""
        return str(uuid.uuid5(uuid.NAMESPACE_URL, f"cloudtrail:{self.request_id}"))


@dataclass
class ImportParameters:
    """What GetParametersForImport handed out: the wrapping key and how long it is valid."""

    token_id: str
    wrapping_algorithm: str
    wrapping_key_spec: str
    private_key_der: bytes
    valid_to: float


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
    # Rotation
    rotation_enabled: bool = False
    rotation_period_days: int | None = None
    next_rotation_date: float | None = None
    enabled_since: float | None = None  # automatic rotation pauses while a key is not Enabled
    # Import
    import_parameters: dict[str, ImportParameters] = field(default_factory=dict)
    last_usage: KeyLastUsage | None = None
    # Multi-Region keys: the primary and replicas this copy belongs to (see `_multiregion`)
    related: MultiRegionSet | None = field(default=None, compare=False, repr=False)
    # Custom key stores (see `_keystores`)
    custom_key_store: CustomKeyStore | None = field(default=None, compare=False, repr=False)
    xks_key_id: str | None = None

    @property
    def key_state(self) -> str:
        """The KeyState AWS reports. A key in a custom key store that is not connected is
        Unavailable, unless pending deletion, and gets its own state back on reconnection [DG23
        fix-keystore.md]; `state` keeps that own state (EnableKey and DisableKey change it)."""
        store = self.custom_key_store
        if store is not None and not store.connected and self.state != "PendingDeletion":
            return "Unavailable"
        return self.state

    grants: dict[str, Grant] = field(default_factory=dict)  # by grant id, in creation order

    @property
    def current_material(self) -> KeyMaterial | None:
        for material in reversed(self.materials):
            if material.state == CURRENT:
                return material
        return None

    @property
    def usable_material(self) -> KeyMaterial | None:
        """The current material, if it has not been deleted or expired."""
        current = self.current_material
        return current if current is not None and not current.deleted else None

    def material(self, material_id: str) -> KeyMaterial | None:
        for material in self.materials:
            if material.material_id == material_id:
                return material
        return None

    def set_state(self, state: str, now: float) -> None:
        if state == "Enabled" and self.state != "Enabled":
            self.enabled_since = now
        self.state = state


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
    # Keys with something due in time (deletion, rotation, material expiry): `_lifecycle`
    # looks at these, and only these, before every call.
    watched: set[str] = field(default_factory=set)
    key_stores: KeyStores | None = None  # custom key stores, made by `_keystores` when first used
    # Where `_lifecycle` reports what KMS does by itself (the call log's service events).
    notify: Callable[[ServiceEvent], None] | None = field(default=None, repr=False, compare=False)

    def delete_key(self, key_id: str) -> None:
        self.keys.pop(key_id, None)
        self.watched.discard(key_id)
        for name in [a.name for a in self.aliases.values() if a.target_key_id == key_id]:
            del self.aliases[name]

    def add_alias(self, name: str, key_id: str, now: float) -> Alias:
        alias = Alias(name, alias_arn(self.region, self.account_id, name), key_id, now, now)
        self.aliases[name] = alias
        return alias

    def aliases_of(self, key_id: str) -> list[Alias]:
        return [alias for alias in self.aliases.values() if alias.target_key_id == key_id]


class Store:
    """All regions of all accounts, behind one lock that the dispatcher holds for each call."""

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self._regions: dict[tuple[str, str], RegionStore] = {}
        # Receives the service events of every region (see `RegionStore.notify`).
        self.service_events: Callable[[ServiceEvent], None] | None = None

    def region(self, account_id: str, region: str) -> RegionStore:
        key = (account_id, region)
        store = self._regions.get(key)
        if store is None:
            store = self._regions[key] = RegionStore(account_id, region, notify=self._notify)
        return store

    def _notify(self, event: ServiceEvent) -> None:
        if self.service_events is not None:
            self.service_events(event)

    def regions(self) -> list[RegionStore]:
        return list(self._regions.values())

    def clear(self) -> None:
        self._regions.clear()


# --- Custom key stores ---------------------------------------------------------------------


@dataclass(eq=False)
class CustomKeyStore:
    store_id: str  # "cks-" and 17 hex digits [EX]
    name: str
    store_type: str
    creation_date: float
    settings: dict[str, Any]  # the store's parameters as last set, by their API names
    connection_state: str = DISCONNECTED
    connection_error_code: str | None = None
    failure: str | None = None  # what the backing store suffers from (fake helpers)

    @property
    def connected(self) -> bool:
        return self.connection_state == CONNECTED

    @property
    def connectivity(self) -> str | None:
        return self.settings.get("XksProxyConnectivity")


@dataclass
class ClusterFacts:
    """A CloudHSM cluster as KMS would find it. Undescribed: active, two HSMs, any trust anchor
    is its own, and it shares a backup history with no other cluster."""

    state: str = "ACTIVE"  # "DELETED": KMS cannot find it
    hsms: int = 2
    trust_anchor: str | None = None
    backup_of: str | None = None  # clusters sharing a backup history name the same cluster


@dataclass
class ProxyFacts:
    """An external key store proxy as KMS would find it. Undescribed: reachable, any credential
    authenticates, any URI path works, and any XksKeyId names a usable external key."""

    reachable: bool = True
    access_key_id: str | None = None
    raw_secret_access_key: str | None = None
    uri_path: str | None = None
    external_keys: frozenset[str] | None = None


@dataclass
class KeyStores:
    """The custom key stores of one account and Region, and what stands behind them."""

    stores: dict[str, CustomKeyStore] = field(default_factory=dict)
    clusters: dict[str, ClusterFacts] = field(default_factory=dict)
    proxies: dict[str, ProxyFacts] = field(default_factory=dict)

    def cluster(self, cluster_id: str) -> ClusterFacts:
        return self.clusters.get(cluster_id) or ClusterFacts()

    def proxy(self, endpoint: str) -> ProxyFacts:
        return self.proxies.get(endpoint) or ProxyFacts()

    def family(self, cluster_id: str) -> str:
        return self.cluster(cluster_id).backup_of or cluster_id


# --- Multi-Region keys ---------------------------------------------------------------------

Advance = Callable[["RegionStore", float, "Entropy"], None]


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
