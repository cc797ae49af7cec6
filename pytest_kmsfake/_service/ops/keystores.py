"""CreateCustomKeyStore, DescribeCustomKeyStores, UpdateCustomKeyStore, ConnectCustomKeyStore,
DisconnectCustomKeyStore and DeleteCustomKeyStore.

The stores, their rules and what stands behind them are in `_keystores`; their error texts in
`_keystore_errors`. Connecting and disconnecting take effect at once: the minutes AWS spends
CONNECTING and DISCONNECTING are not modeled.
"""

from __future__ import annotations

from typing import Any

from ..._rules.limits import CUSTOM_KEY_STORES_PER_ACCOUNT_REGION
from ..._state.keystore_errors import error
from ..._state.keystores import (
    CLOUDHSM,
    PUBLIC,
    REQUIRED_AT_CREATION,
    UPDATABLE_WHILE_CONNECTED,
    VPC,
    XKS,
    check_backing,
    check_connection,
    check_settings,
    check_unique,
    connect,
    find,
    keys_in,
    registry,
)
from ..._state.store import (
    DISCONNECTED,
    FAILED,
    CustomKeyStore,
)
from ..context import CallContext
from ._paging import page
from ._registry import Output, Params, operation

_VPC_SETTINGS = ("XksProxyVpcEndpointServiceName", "XksProxyVpcEndpointServiceOwner")


def _default_owner(ctx: CallContext, settings: dict[str, Any]) -> None:
    """The VPC endpoint service's owner defaults to the calling account [MD]."""
    if settings.get("XksProxyConnectivity") == VPC:
        settings.setdefault("XksProxyVpcEndpointServiceOwner", ctx.account_id)


def _trail(ctx: CallContext, store: CustomKeyStore) -> None:
    """What CloudTrail adds to the entry of a call on a store: its name and, for a CloudHSM key
    store, its cluster [DG-CT ct-connect-keystore, ct-delete-keystore, ct-disconnect-keystore,
    ct-update-keystore]. The examples are CloudHSM key stores; that an external key store's
    entry shows only its name is INFERRED."""
    ctx.trail["customKeyStoreName"] = store.name
    cluster = store.settings.get("CloudHsmClusterId")
    if store.store_type == CLOUDHSM and cluster is not None:
        ctx.trail["clusterId"] = cluster


@operation("CreateCustomKeyStore")
def create_custom_key_store(ctx: CallContext, params: Params) -> Output:
    store_type = params.get("CustomKeyStoreType", CLOUDHSM)  # the default [MD]
    given = set(params) - {"CustomKeyStoreName", "CustomKeyStoreType"}
    settings = {name: params[name] for name in given}
    check_settings(store_type, given, settings, REQUIRED_AT_CREATION[store_type])
    _default_owner(ctx, settings)
    stores = registry(ctx.here)
    if len(stores.stores) >= CUSTOM_KEY_STORES_PER_ACCOUNT_REGION:
        raise error("quota", limit=CUSTOM_KEY_STORES_PER_ACCOUNT_REGION)
    name = params["CustomKeyStoreName"]
    check_unique(stores, store_type, name, settings)
    check_backing(stores, store_type, settings, "CreateCustomKeyStore")
    store_id = "cks-" + ctx.entropy.token_bytes(9).hex()[:17]  # [EX]
    stores.stores[store_id] = CustomKeyStore(store_id, name, store_type, ctx.now, settings)
    return {"CustomKeyStoreId": store_id}


@operation("DescribeCustomKeyStores")
def describe_custom_key_stores(ctx: CallContext, params: Params) -> Output:
    stores = list(registry(ctx.here).stores.values())
    if "CustomKeyStoreId" in params and "CustomKeyStoreName" in params:
        raise error("id-and-name")
    if "CustomKeyStoreId" in params:
        stores = [find(ctx.here, params["CustomKeyStoreId"])]
    elif "CustomKeyStoreName" in params:
        name = params["CustomKeyStoreName"]
        stores = [store for store in stores if store.name == name]
        if not stores:
            raise error("not-found", store=name)
    chunk, more = page("DescribeCustomKeyStores", stores, params)
    return {"CustomKeyStores": [_entry(store) for store in chunk], **more}


def _entry(store: CustomKeyStore) -> dict[str, Any]:
    """A CustomKeyStoresListEntry; members of the other store type are absent [MD, EX]."""
    settings = store.settings
    entry: dict[str, Any] = {
        "CustomKeyStoreId": store.store_id,
        "CustomKeyStoreName": store.name,
        "CustomKeyStoreType": store.store_type,
        "ConnectionState": store.connection_state,
        "ConnectionErrorCode": store.connection_error_code
        if store.connection_state == FAILED
        else None,
        "CreationDate": store.creation_date,
    }
    if store.store_type == CLOUDHSM:
        entry["CloudHsmClusterId"] = settings["CloudHsmClusterId"]
        entry["TrustAnchorCertificate"] = settings["TrustAnchorCertificate"]
        return entry
    entry["XksProxyConfiguration"] = {
        "Connectivity": settings["XksProxyConnectivity"],
        "AccessKeyId": settings["XksProxyAuthenticationCredential"]["AccessKeyId"],
        "UriEndpoint": settings["XksProxyUriEndpoint"],
        "UriPath": settings["XksProxyUriPath"],
        "VpcEndpointServiceName": settings.get("XksProxyVpcEndpointServiceName"),
        "VpcEndpointServiceOwner": settings.get("XksProxyVpcEndpointServiceOwner"),
    }
    return entry


@operation("UpdateCustomKeyStore")
def update_custom_key_store(ctx: CallContext, params: Params) -> Output:
    store = find(ctx.here, params["CustomKeyStoreId"])
    changes = {name: value for name, value in params.items() if name != "CustomKeyStoreId"}
    given = set(changes) - {"NewCustomKeyStoreName"}
    settings = {**store.settings, **{name: changes[name] for name in given}}
    connectivity = changes.get("XksProxyConnectivity", store.connectivity)
    if store.store_type == XKS and connectivity != store.connectivity:
        # A new connectivity comes with a new endpoint [MD]; PUBLIC drops the VPC settings.
        if (
            changes.get("XksProxyUriEndpoint", settings["XksProxyUriEndpoint"])
            == (store.settings["XksProxyUriEndpoint"])
        ):
            raise error("connectivity-endpoint")
        if connectivity == PUBLIC:
            for name in _VPC_SETTINGS:
                if name not in given:
                    settings.pop(name, None)
    check_settings(store.store_type, given, settings)
    _default_owner(ctx, settings)
    if store.connection_state != DISCONNECTED and not (
        store.connected and set(changes) <= UPDATABLE_WHILE_CONNECTED[store.store_type]
    ):
        check_connection(store, "UpdateCustomKeyStore")
    stores = registry(ctx.here)
    name = changes.get("NewCustomKeyStoreName", store.name)
    check_unique(stores, store.store_type, name, settings, store.store_id)
    current = store.settings.get("CloudHsmClusterId")
    if store.store_type == CLOUDHSM and settings["CloudHsmClusterId"] != current:
        cluster = settings["CloudHsmClusterId"]
        if stores.family(cluster) != stores.family(str(current)):
            raise error(
                "cluster-not-related", cluster=cluster, original=current, store=store.store_id
            )
        check_backing(stores, CLOUDHSM, settings, "UpdateCustomKeyStore")
    if store.store_type == XKS and given:
        check_backing(stores, XKS, settings, "UpdateCustomKeyStore")
    store.name, store.settings = name, settings
    _trail(ctx, store)  # as the store is after the update [INFERRED: the example changes none]
    return {}


@operation("ConnectCustomKeyStore")
def connect_custom_key_store(ctx: CallContext, params: Params) -> Output:
    store = find(ctx.here, params["CustomKeyStoreId"])
    check_connection(store, "ConnectCustomKeyStore")
    if store.connection_state == DISCONNECTED:  # connecting a connected store changes nothing
        connect(registry(ctx.here), store)
    _trail(ctx, store)
    return {}  # a failed connection shows in DescribeCustomKeyStores, not here [MD]


@operation("DisconnectCustomKeyStore")
def disconnect_custom_key_store(ctx: CallContext, params: Params) -> Output:
    store = find(ctx.here, params["CustomKeyStoreId"])
    check_connection(store, "DisconnectCustomKeyStore")
    store.connection_state, store.connection_error_code = DISCONNECTED, None
    _trail(ctx, store)
    return {}


@operation("DeleteCustomKeyStore")
def delete_custom_key_store(ctx: CallContext, params: Params) -> Output:
    store = find(ctx.here, params["CustomKeyStoreId"])
    check_connection(store, "DeleteCustomKeyStore")
    if keys_in(ctx.here, store):  # keys pending deletion count until they are deleted [MD]
        raise error("has-keys", store=store.store_id)
    del registry(ctx.here).stores[store.store_id]
    _trail(ctx, store)
    return {}
