"""The errors of the custom key store operations: AWS's exception codes and their texts.

No AWS text for these errors was recorded. The ones marked as inferred follow the documentation
of each exception in botocore's model [MD]; the [DG23] ones are quoted from the developer guide's
page on troubleshooting external key stores (xks-troubleshooting.md). Tests assert each verbatim.
"""

from __future__ import annotations

from collections.abc import Mapping

from .._rules.errors import KmsError

_PROXY_UNREACHABLE = (  # [DG23]
    "AWS KMS cannot communicate with the external key store proxy. This might be a transient "
    "network issue. If you see this error repeatedly, verify that your external key store proxy "
    "is active and is connected to the network, and that its endpoint URI is correct in your "
    "external key store."
)
MESSAGES: Mapping[str, tuple[str, str]] = {
    "not-found": (  # INFERRED
        "CustomKeyStoreNotFoundException",
        "Custom key store '{store}' does not exist.",
    ),
    "invalid-state": (  # INFERRED
        "CustomKeyStoreInvalidStateException",
        "{operation} is not valid for custom key store {store} while its ConnectionState is "
        "{state}.",
    ),
    "has-keys": (  # INFERRED
        "CustomKeyStoreHasCMKsException",
        "Custom key store {store} contains KMS keys. Delete them before you delete the custom "
        "key store.",
    ),
    "name-in-use": (  # INFERRED
        "CustomKeyStoreNameInUseException",
        "The custom key store name {name} is already assigned to another custom key store in "
        "the account.",
    ),
    "quota": (  # INFERRED
        "LimitExceededException",
        "This account already has {limit} custom key stores in this Region, the most it can have.",
    ),
    "cluster-in-use": (  # INFERRED
        "CloudHsmClusterInUseException",
        "The CloudHSM cluster {cluster} is already associated with a custom key store in the "
        "account, or shares a backup history with one.",
    ),
    "cluster-not-found": (  # INFERRED
        "CloudHsmClusterNotFoundException",
        "KMS cannot find the CloudHSM cluster {cluster}.",
    ),
    "cluster-not-active": (  # INFERRED
        "CloudHsmClusterNotActiveException",
        "The CloudHSM cluster {cluster} is not active.",
    ),
    "cluster-hsms": (  # INFERRED
        "CloudHsmClusterInvalidConfigurationException",
        "The CloudHSM cluster {cluster} must contain at least {hsms} for {operation}.",
    ),
    "cluster-not-related": (  # INFERRED
        "CloudHsmClusterNotRelatedException",
        "The CloudHSM cluster {cluster} does not share a backup history with {original}, the "
        "cluster of custom key store {store}.",
    ),
    "trust-anchor": (  # INFERRED
        "IncorrectTrustAnchorException",
        "The trust anchor certificate is not the trust anchor certificate of the CloudHSM "
        "cluster {cluster}.",
    ),
    "uri-in-use": (  # INFERRED
        "XksProxyUriInUseException",
        "The proxy URI {endpoint}{path} is already associated with another external key store "
        "in this Region.",
    ),
    "endpoint-in-use": (  # INFERRED
        "XksProxyUriEndpointInUseException",
        "The XksProxyUriEndpoint {endpoint} is already associated with another external key "
        "store in this Region.",
    ),
    "vpc-service-in-use": (  # INFERRED
        "XksProxyVpcEndpointServiceInUseException",
        "The VPC endpoint service {service} is already associated with another external key "
        "store in this Region.",
    ),
    "proxy-unreachable": (  # [DG23]
        "XksProxyUriUnreachableException",
        _PROXY_UNREACHABLE,
    ),
    "proxy-credential": (  # [DG23]
        "XksProxyIncorrectAuthenticationCredentialException",
        "The external key store proxy rejected the request because it could not authenticate "
        "AWS KMS. Verify the credentials for your external key store and update if necessary.",
    ),
    "proxy-path": (  # [DG23]
        "XksProxyInvalidConfigurationException",
        "The external key store proxy rejected the request because of an invalid URI path. "
        "Verify the URI path for your external key store and update if necessary.",
    ),
    "xks-key-not-found": (  # [DG23]
        "XksKeyNotFoundException",
        "The external key store proxy rejected the request because it could not find the "
        "external key.",
    ),
    "xks-key-in-use": (  # INFERRED
        "XksKeyAlreadyInUseException",
        "The external key {xks_key} is already associated with another KMS key in this external "
        "key store.",
    ),
    "random-in-xks": (  # INFERRED
        "UnsupportedOperationException",
        "GenerateRandom does not support external key stores. Specify the ID of an AWS CloudHSM "
        "key store.",
    ),
    "wrong-type": (  # INFERRED
        "ValidationException",
        "{parameter} is not valid for a custom key store of type {type}.",
    ),
    "missing": (  # INFERRED
        "ValidationException",
        "{parameter} is required for a custom key store of type {type}.",
    ),
    "connectivity-needs": (  # INFERRED
        "ValidationException",
        "{parameter} is required when XksProxyConnectivity is {connectivity}.",
    ),
    "connectivity-refuses": (  # INFERRED
        "ValidationException",
        "{parameter} is not valid when XksProxyConnectivity is {connectivity}.",
    ),
    "connectivity-endpoint": (  # INFERRED
        "ValidationException",
        "To change XksProxyConnectivity, also change XksProxyUriEndpoint.",
    ),
    "id-and-name": (  # INFERRED
        "ValidationException",
        "Specify either CustomKeyStoreId or CustomKeyStoreName, not both.",
    ),
    "origin-needs-store": (  # INFERRED
        "ValidationException",
        "CustomKeyStoreId is required when Origin is {origin}.",
    ),
    "store-needs-origin": (  # INFERRED
        "ValidationException",
        "A KMS key in custom key store {store} must have Origin {expected}.",
    ),
    "xks-key-required": (  # INFERRED
        "ValidationException",
        "XksKeyId is required when Origin is EXTERNAL_KEY_STORE.",
    ),
    "xks-key-refused": (  # INFERRED
        "ValidationException",
        "XksKeyId is valid only when Origin is EXTERNAL_KEY_STORE.",
    ),
    "store-key-spec": (  # INFERRED
        "UnsupportedOperationException",
        "A KMS key in a custom key store must be a symmetric encryption key (KeySpec "
        "SYMMETRIC_DEFAULT).",
    ),
    "store-multi-region": (  # INFERRED
        "UnsupportedOperationException",
        "You cannot create a multi-Region key in a custom key store.",
    ),
}


def error(which: str, /, **fields: object) -> KmsError:
    """The error `which` names in MESSAGES, its text filled in with `fields`."""
    code, template = MESSAGES[which]
    return KmsError(code, template.format(**fields))
