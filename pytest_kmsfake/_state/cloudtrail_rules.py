"""What the KMS developer guide's log entry pages show operation by operation [DG-CT
ct-<operation>]: the members each entry leaves out, renames or adds, and which resources it
names. `cloudtrail` renders events with these tables."""

from __future__ import annotations

from collections.abc import Mapping

# Management operations whose response CloudTrail does not log as is. ScheduleKeyDeletion
# logs keyId, keyState and deletionDate [DG-CT ct-schedule-key-deletion].
RESPONSE_LEFT_OUT: Mapping[str, frozenset[str]] = {
    "ScheduleKeyDeletion": frozenset({"PendingWindowInDays"}),
}
# Request members AWS logs with their default when the request leaves them out: "The
# CloudTrail log entry for a Decrypt operation always includes the encryptionAlgorithm"
# [DG-CT ct-decrypt].
REQUEST_DEFAULTS: Mapping[str, Mapping[str, str]] = {
    "Decrypt": {"encryptionAlgorithm": "SYMMETRIC_DEFAULT"},
}
# Request members AWS does not log: GenerateRandom's example logs requestParameters null
# [DG-CT ct-generaterandom] (that NumberOfBytes is left out, rather than the example's call
# having none, is INFERRED: KMS refuses a GenerateRandom without it).
# CreateCustomKeyStore's example logs the name and the cluster of a CloudHSM key store, not
# its trust anchor certificate [DG-CT ct-create-keystore] (a request without it fails, so that
# it is left out is INFERRED). An external key store's proxy credential is a secret throughout
# (both its members are sensitive): it is left out whole, not logged as an empty object.
REQUEST_LEFT_OUT: Mapping[str, frozenset[str]] = {
    "GenerateRandom": frozenset({"NumberOfBytes"}),
    "CreateCustomKeyStore": frozenset(
        {"TrustAnchorCertificate", "XksProxyAuthenticationCredential"}
    ),
    "UpdateCustomKeyStore": frozenset({"XksProxyAuthenticationCredential"}),
}
# Request members CloudTrail logs under another name: the cluster of a CloudHSM key store is
# "clusterId" [DG-CT ct-create-keystore, ct-update-keystore].
REQUEST_RENAMED: Mapping[str, Mapping[str, str]] = {
    "CreateCustomKeyStore": {"CloudHsmClusterId": "clusterId"},
    "UpdateCustomKeyStore": {"CloudHsmClusterId": "clusterId"},
}
# Operations on custom key stores, whose entries have no resources element at all
# [DG-CT ct-connect-keystore, ct-create-keystore, ct-delete-keystore, ct-describe-keystores,
# ct-disconnect-keystore, ct-update-keystore].
NO_RESOURCES = frozenset(
    {
        "ConnectCustomKeyStore",
        "CreateCustomKeyStore",
        "DeleteCustomKeyStore",
        "DescribeCustomKeyStores",
        "DisconnectCustomKeyStore",
        "UpdateCustomKeyStore",
    }
)
# Operations whose log entries "recorded on or after December 2022 include the key ARN of the
# affected KMS key in the responseElements.keyId value, even though this operation does not
# return the key ARN" [DG-CT: each one's page says so]. The others' pages show
# responseElements null (TagResource, UpdateKeyDescription, PutKeyPolicy, RevokeGrant,
# RetireGrant, DisableKeyRotation) or the response's own keyId.
KEY_ARN_IN_RESPONSE = frozenset(
    {
        "CancelKeyDeletion",
        "CreateAlias",
        "CreateGrant",
        "DeleteAlias",
        "DisableKey",
        "EnableKey",
        "EnableKeyRotation",
        "ImportKeyMaterial",
        "UntagResource",
        "UpdateAlias",
        "UpdatePrimaryRegion",
    }
)
# Members that are secrets although their shape is a string.
SECRET_MEMBERS = frozenset({"GrantTokens", "GrantToken"})
# The error codes CloudTrail writes differently from the response [INFERRED: published KMS
# events show "AccessDenied"; no developer-guide example shows a denied call].
ERROR_CODES: Mapping[str, str] = {"AccessDeniedException": "AccessDenied"}
# The alias's resource comes before its key's for UpdateAlias and DeleteAlias, after it for
# CreateAlias [DG-CT ct-updatealias, ct-deletealias, ct-createalias].
ALIAS_FIRST = frozenset({"UpdateAlias", "DeleteAlias"})
