"""Custom key stores: AWS CloudHSM key stores and external key stores (XKS).

A custom key store belongs to one account and Region. Its ConnectionState decides what works:
keys are created and used only while it is CONNECTED, and otherwise report the KeyState
Unavailable (`Key.key_state`) and fail AWS's way through the key-state table. The rules are the
tables below, from the documentation in botocore's model [MD] unless tagged otherwise.

No CloudHSM cluster or external key store proxy stands behind a store. What KMS would learn from
them is described by `ClusterFacts` and `ProxyFacts`, which tests set with the fake's helpers; a
cluster or proxy nobody described behaves as a healthy one.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from .keystore_errors import error
from .store import (
    CONNECTED,
    CONNECTING,
    DISCONNECTED,
    FAILED,
    CustomKeyStore,
    Key,
    KeyStores,
    RegionStore,
)

CLOUDHSM = "AWS_CLOUDHSM"
XKS = "EXTERNAL_KEY_STORE"
PUBLIC, VPC = "PUBLIC_ENDPOINT", "VPC_ENDPOINT_SERVICE"
_ANCHOR = "TrustAnchorCertificate"

# --- Rules ---------------------------------------------------------------------------------

# The parameters of each store type; the other type's are refused.
TYPE_PARAMETERS: Mapping[str, frozenset[str]] = {
    CLOUDHSM: frozenset({"CloudHsmClusterId", "TrustAnchorCertificate", "KeyStorePassword"}),
    XKS: frozenset(
        {"XksProxyUriEndpoint", "XksProxyUriPath", "XksProxyVpcEndpointServiceName",
         "XksProxyVpcEndpointServiceOwner", "XksProxyAuthenticationCredential",
         "XksProxyConnectivity"}
    ),
}  # fmt: skip
# The ones CreateCustomKeyStore requires.
REQUIRED_AT_CREATION: Mapping[str, tuple[str, ...]] = {
    CLOUDHSM: ("CloudHsmClusterId", "TrustAnchorCertificate", "KeyStorePassword"),
    XKS: ("XksProxyUriEndpoint", "XksProxyUriPath", "XksProxyAuthenticationCredential",
          "XksProxyConnectivity"),
}  # fmt: skip
# For each XksProxyConnectivity: the settings it requires, and the ones it refuses.
CONNECTIVITY_SETTINGS: Mapping[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    PUBLIC: ((), ("XksProxyVpcEndpointServiceName", "XksProxyVpcEndpointServiceOwner")),
    VPC: (("XksProxyVpcEndpointServiceName",), ()),
}
# What UpdateCustomKeyStore may change while the store is CONNECTED; the rest needs it
# DISCONNECTED.
UPDATABLE_WHILE_CONNECTED: Mapping[str, frozenset[str]] = {
    CLOUDHSM: frozenset({"NewCustomKeyStoreName"}),
    XKS: frozenset(
        {"NewCustomKeyStoreName", "XksProxyAuthenticationCredential", "XksProxyUriPath"}
    ),
}
# The ConnectionStates in which each operation works on a store; in any other it fails with
# CustomKeyStoreInvalidStateException.
CONNECTION_STATE_TABLE: Mapping[str, frozenset[str]] = {
    "ConnectCustomKeyStore": frozenset({CONNECTED, CONNECTING, DISCONNECTED}),
    "DisconnectCustomKeyStore": frozenset({CONNECTED, CONNECTING, FAILED}),
    "UpdateCustomKeyStore": frozenset({DISCONNECTED}),  # or UPDATABLE_WHILE_CONNECTED
    "DeleteCustomKeyStore": frozenset({DISCONNECTED}),
    "CreateKey": frozenset({CONNECTED}),
    "GenerateRandom": frozenset({CONNECTED}),
}
# The Origin of the keys of each store type (CreateKey).
KEY_ORIGINS: Mapping[str, str] = {CLOUDHSM: "AWS_CLOUDHSM", XKS: "EXTERNAL_KEY_STORE"}
# Active HSMs a CloudHSM cluster must have for each operation (CloudHsmClusterInvalid-
# ConfigurationException).
CLUSTER_HSMS_NEEDED: Mapping[str, int] = {
    "CreateCustomKeyStore": 2, "UpdateCustomKeyStore": 2, "CreateKey": 2,
    "ConnectCustomKeyStore": 1,
}  # fmt: skip
# When KMS tests an external key store's proxy, by connectivity [DG23 xks-troubleshooting.md].
PROXY_TESTED_BY: Mapping[str, frozenset[str]] = {
    PUBLIC: frozenset({"CreateCustomKeyStore", "UpdateCustomKeyStore", "ConnectCustomKeyStore"}),
    VPC: frozenset({"UpdateCustomKeyStore", "ConnectCustomKeyStore"}),
}
# The ConnectionErrorCode values of each store type (ConnectionErrorCodeType).
CONNECTION_ERROR_CODES: Mapping[str, tuple[str, ...]] = {
    CLOUDHSM: ("INTERNAL_ERROR", "NETWORK_ERRORS", "CLUSTER_NOT_FOUND",
               "INSUFFICIENT_CLOUDHSM_HSMS", "INSUFFICIENT_FREE_ADDRESSES_IN_SUBNET",
               "INVALID_CREDENTIALS", "SUBNET_NOT_FOUND", "USER_LOCKED_OUT", "USER_LOGGED_IN",
               "USER_NOT_FOUND"),
    XKS: ("INTERNAL_ERROR", "NETWORK_ERRORS", "INVALID_CREDENTIALS", "XKS_PROXY_ACCESS_DENIED",
          "XKS_PROXY_INVALID_CONFIGURATION", "XKS_PROXY_INVALID_RESPONSE",
          "XKS_PROXY_INVALID_TLS_CONFIGURATION", "XKS_PROXY_NOT_REACHABLE", "XKS_PROXY_TIMED_OUT",
          "XKS_VPC_ENDPOINT_SERVICE_INVALID_CONFIGURATION", "XKS_VPC_ENDPOINT_SERVICE_NOT_FOUND"),
}  # fmt: skip


def registry(region: RegionStore) -> KeyStores:
    if region.key_stores is None:
        region.key_stores = KeyStores()
    return region.key_stores


def find(region: RegionStore, store_id: str) -> CustomKeyStore:
    store = registry(region).stores.get(store_id)
    if store is None:
        raise error("not-found", store=store_id)
    return store


def check_connection(store: CustomKeyStore, operation: str) -> None:
    if store.connection_state not in CONNECTION_STATE_TABLE[operation]:
        raise error(
            "invalid-state", operation=operation, store=store.store_id, state=store.connection_state
        )


def keys_in(region: RegionStore, store: CustomKeyStore) -> list[Key]:
    return [key for key in region.keys.values() if key.custom_key_store is store]


def metadata(key: Key) -> dict[str, Any]:
    """KeyMetadata members of a key in a custom key store [EX, MD]."""
    store = key.custom_key_store
    if store is None:
        return {}
    meta: dict[str, Any] = {"CustomKeyStoreId": store.store_id}
    if store.store_type == CLOUDHSM:
        meta["CloudHsmClusterId"] = store.settings["CloudHsmClusterId"]
    if key.xks_key_id is not None:
        meta["XksKeyConfiguration"] = {"Id": key.xks_key_id}
    return meta


# --- Checks of a store's settings ----------------------------------------------------------


def check_settings(
    store_type: str,
    given: Iterable[str],
    settings: Mapping[str, Any],
    required: Iterable[str] = (),
) -> None:
    """The cross-field rules, in order: parameters of the other store type, `required` ones,
    and what the XKS connectivity requires and refuses (`settings` is the configuration as it
    would be)."""
    given = sorted(given)
    for parameter in given:
        for other, parameters in TYPE_PARAMETERS.items():
            if other != store_type and parameter in parameters:
                raise error("wrong-type", parameter=parameter, type=store_type)
    for parameter in required:
        if parameter not in settings:
            raise error("missing", parameter=parameter, type=store_type)
    connectivity = str(settings.get("XksProxyConnectivity"))
    if store_type == XKS and connectivity in CONNECTIVITY_SETTINGS:
        needs, refuses = CONNECTIVITY_SETTINGS[connectivity]
        for parameter in needs:
            if not settings.get(parameter):
                raise error("connectivity-needs", parameter=parameter, connectivity=connectivity)
        for parameter in refuses:
            if parameter in given:
                raise error("connectivity-refuses", parameter=parameter, connectivity=connectivity)


def check_unique(
    stores: KeyStores, store_type: str, name: str, settings: Mapping[str, Any], me: str = ""
) -> None:
    """Names, clusters, proxy URIs and VPC endpoint services are one store's each [MD]. An
    update (`me`) may only move to a cluster of its own backup history: not checked again."""
    others = [s for s in stores.stores.values() if s.store_id != me]
    if any(s.name == name for s in others):
        raise error("name-in-use", name=name)
    if store_type == CLOUDHSM and me:
        return
    if store_type == CLOUDHSM:
        cluster = settings["CloudHsmClusterId"]
        family = stores.family(cluster)
        clusters = [s.settings["CloudHsmClusterId"] for s in others if s.store_type == CLOUDHSM]
        if any(stores.family(other) == family for other in clusters):
            raise error("cluster-in-use", cluster=cluster)
        return
    endpoint, path = settings["XksProxyUriEndpoint"], settings["XksProxyUriPath"]
    service = settings.get("XksProxyVpcEndpointServiceName")
    for other in (s for s in others if s.store_type == XKS):
        theirs = other.settings
        if (theirs["XksProxyUriEndpoint"], theirs["XksProxyUriPath"]) == (endpoint, path):
            raise error("uri-in-use", endpoint=endpoint, path=path)
        shared = theirs["XksProxyUriEndpoint"] == endpoint
        if shared and VPC in (other.connectivity, settings["XksProxyConnectivity"]):
            raise error("endpoint-in-use", endpoint=endpoint)
        if service and theirs.get("XksProxyVpcEndpointServiceName") == service:
            raise error("vpc-service-in-use", service=service)


def check_cluster(stores: KeyStores, cluster_id: str, operation: str) -> None:
    facts = stores.cluster(cluster_id)
    if facts.state == "DELETED":
        raise error("cluster-not-found", cluster=cluster_id)
    if facts.state != "ACTIVE":
        raise error("cluster-not-active", cluster=cluster_id)
    needed = CLUSTER_HSMS_NEEDED[operation]
    if facts.hsms < needed:
        hsms = f"{needed} active HSM" + ("s" if needed > 1 else "")
        raise error("cluster-hsms", cluster=cluster_id, hsms=hsms, operation=operation)


def proxy_problem(stores: KeyStores, settings: Mapping[str, Any]) -> str | None:
    """What the proxy would answer KMS's test with: None, or a message name."""
    facts = stores.proxy(settings["XksProxyUriEndpoint"])
    credential = settings["XksProxyAuthenticationCredential"]
    if not facts.reachable:
        return "proxy-unreachable"
    if facts.access_key_id is not None and (
        credential["AccessKeyId"] != facts.access_key_id
        or facts.raw_secret_access_key not in (None, credential["RawSecretAccessKey"])
    ):
        return "proxy-credential"
    if facts.uri_path is not None and settings["XksProxyUriPath"] != facts.uri_path:
        return "proxy-path"
    return None


def check_backing(
    stores: KeyStores, store_type: str, settings: Mapping[str, Any], operation: str
) -> None:
    """What KMS tests against the cluster or the proxy when a store is created or updated."""
    if store_type == CLOUDHSM:
        cluster = settings["CloudHsmClusterId"]
        check_cluster(stores, cluster, operation)
        anchor = stores.cluster(cluster).trust_anchor  # given at creation only
        if operation == "CreateCustomKeyStore" and anchor not in (None, settings[_ANCHOR]):
            raise error("trust-anchor", cluster=cluster)
    elif operation in PROXY_TESTED_BY[settings["XksProxyConnectivity"]]:
        problem = proxy_problem(stores, settings)
        if problem is not None:
            raise error(problem)


def random_source(region: RegionStore, store_id: str) -> None:
    """GenerateRandom in a custom key store: a connected CloudHSM key store only [MD]."""
    store = find(region, store_id)
    if store.store_type == XKS:
        raise error("random-in-xks")
    check_connection(store, "GenerateRandom")


# The ConnectionErrorCode a failed connection reports for each problem [MD].
CONNECTION_ERRORS: Mapping[str, str] = {
    "proxy-unreachable": "XKS_PROXY_NOT_REACHABLE",
    "proxy-credential": "INVALID_CREDENTIALS",
    "proxy-path": "XKS_PROXY_INVALID_CONFIGURATION",
    "cluster-not-found": "CLUSTER_NOT_FOUND",
}


def connect(stores: KeyStores, store: CustomKeyStore) -> None:
    """ConnectCustomKeyStore: CONNECTED, or FAILED with the ConnectionErrorCode of what stands
    in the way. A cluster that is not active or has no HSM fails the call at once [MD]."""
    problem: str | None = None
    if store.store_type == CLOUDHSM:
        cluster_id = store.settings["CloudHsmClusterId"]
        if stores.cluster(cluster_id).state == "DELETED":
            problem = "cluster-not-found"
        else:
            check_cluster(stores, cluster_id, "ConnectCustomKeyStore")
    else:
        problem = proxy_problem(stores, store.settings)
    code = store.failure or (CONNECTION_ERRORS[problem] if problem else None)
    store.connection_state = FAILED if code else CONNECTED
    store.connection_error_code = code


# --- Keys in custom key stores -------------------------------------------------------------


def store_for_new_key(
    region: RegionStore, params: Mapping[str, Any], symmetric: bool
) -> CustomKeyStore | None:
    """CreateKey's custom key store, checked: None for a key outside custom key stores."""
    origin = params.get("Origin", "AWS_KMS")
    store_id, xks_key = params.get("CustomKeyStoreId"), params.get("XksKeyId")
    if store_id is None:
        if origin in KEY_ORIGINS.values():
            raise error("origin-needs-store", origin=origin)
        if xks_key is not None:
            raise error("xks-key-refused")
        return None
    store = find(region, store_id)
    expected = KEY_ORIGINS[store.store_type]
    if origin != expected:
        raise error("store-needs-origin", store=store_id, expected=expected)
    if (xks_key is None) == (store.store_type == XKS):
        raise error("xks-key-required" if xks_key is None else "xks-key-refused")
    if not symmetric:
        raise error("store-key-spec")
    if params.get("MultiRegion"):
        raise error("store-multi-region")
    check_connection(store, "CreateKey")
    stores = registry(region)
    if store.store_type == CLOUDHSM:
        check_cluster(stores, store.settings["CloudHsmClusterId"], "CreateKey")
        return store
    known = stores.proxy(store.settings["XksProxyUriEndpoint"]).external_keys
    if known is not None and xks_key not in known:
        raise error("xks-key-not-found")
    if any(key.xks_key_id == xks_key for key in keys_in(region, store)):
        raise error("xks-key-in-use", xks_key=xks_key)
    return store
