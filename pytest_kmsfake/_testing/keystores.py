"""Test helpers of `KmsFake` for custom key stores: outages, and the CloudHSM clusters and
external key store proxies that stand behind the stores."""

from __future__ import annotations

from collections.abc import Iterable

from .._client.default_region import default_region
from .._service.service import KmsService
from .._state.keystores import (
    CONNECTION_ERROR_CODES,
    registry,
)
from .._state.store import (
    CONNECTED,
    FAILED,
    ClusterFacts,
    CustomKeyStore,
    ProxyFacts,
)


class KeyStoreHelpers:
    """A base of `KmsFake`: needs only `_service`."""

    _service: KmsService

    def _account(self, account_id: str | None) -> str:
        return account_id or self._service.options.account_id

    def custom_key_store(self, store_id: str) -> CustomKeyStore:
        """The stored custom key store with this ID, in any account and Region."""
        with self._service.store.lock:
            for region in self._service.store.regions():
                found = registry(region).stores.get(store_id)
                if found is not None:
                    return found
        raise LookupError(f"no custom key store {store_id!r} in this fake")

    def fail_custom_key_store(
        self, store_id: str, connection_error_code: str = "NETWORK_ERRORS"
    ) -> None:
        """Break what stands behind a custom key store, as in an outage: its ConnectionState
        becomes FAILED with this ConnectionErrorCode, its keys become Unavailable, and every
        new ConnectCustomKeyStore fails the same way until `repair_custom_key_store`."""
        store = self.custom_key_store(store_id)
        codes = CONNECTION_ERROR_CODES[store.store_type]
        if connection_error_code not in codes:
            raise ValueError(
                f"{connection_error_code!r} is not a ConnectionErrorCode of a "
                f"{store.store_type} key store; choose one of {', '.join(codes)}"
            )
        with self._service.store.lock:
            store.failure = connection_error_code
            store.connection_state, store.connection_error_code = FAILED, connection_error_code

    def repair_custom_key_store(self, store_id: str, *, reconnect: bool = True) -> None:
        """End what `fail_custom_key_store` started. With `reconnect`, the store is CONNECTED
        again at once (its keys get their own states back); without, it stays as it is until
        the code under test disconnects and connects it."""
        store = self.custom_key_store(store_id)
        with self._service.store.lock:
            store.failure = None
            if reconnect:
                store.connection_state, store.connection_error_code = CONNECTED, None

    def cloudhsm_cluster(
        self,
        cluster_id: str,
        *,
        region: str | None = None,
        account_id: str | None = None,
        state: str = "ACTIVE",
        hsms: int = 2,
        trust_anchor: str | None = None,
        backup_of: str | None = None,
    ) -> None:
        """Describe a CloudHSM cluster as KMS would find it: its `state` ("DELETED": not
        found; anything but "ACTIVE": not active), its number of active `hsms`, its
        `trust_anchor` certificate (None: any), and the cluster it shares a backup history
        with (`backup_of`). A cluster never described is an active one with two HSMs."""
        facts = ClusterFacts(state, hsms, trust_anchor, backup_of)
        with self._service.store.lock:
            region_store = self._service.store.region(
                self._account(account_id), region or default_region()
            )
            registry(region_store).clusters[cluster_id] = facts

    def xks_proxy(
        self,
        uri_endpoint: str,
        *,
        region: str | None = None,
        account_id: str | None = None,
        reachable: bool = True,
        access_key_id: str | None = None,
        raw_secret_access_key: str | None = None,
        uri_path: str | None = None,
        external_keys: Iterable[str] | None = None,
    ) -> None:
        """Describe the external key store proxy at `uri_endpoint` as KMS would find it:
        whether it is `reachable`, the credential it accepts (None: any), its `uri_path` (None:
        any), and the IDs of its `external_keys` (None: any). A proxy never described is a
        reachable one that accepts everything."""
        keys = None if external_keys is None else frozenset(external_keys)
        facts = ProxyFacts(reachable, access_key_id, raw_secret_access_key, uri_path, keys)
        with self._service.store.lock:
            region_store = self._service.store.region(
                self._account(account_id), region or default_region()
            )
            registry(region_store).proxies[uri_endpoint] = facts
