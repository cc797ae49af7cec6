"""What AWS documents about the CloudTrail events of KMS, written by hand: the expected
events of tests/test_cloudtrail.py.

Each example is the log entry of the KMS developer guide's page for the operation [DOCS
kms/latest/developerguide/ct-<operation>], as the page shows it, with two exceptions written
down in LEFT_OUT: `tlsDetails`, which a call that crossed no TLS connection cannot have, and
nothing else. Values are AWS's example values; the tests compare structure (field names,
nesting, which fields are null and which absent) and the values that do not depend on the
example (eventSource, eventName, eventType, readOnly, managementEvent, eventCategory).

Older pages (eventVersion 1.02 to 1.08) predate `managementEvent`, `eventCategory` and the
`type` of a resource; CloudTrail has written them since, so an event may have them where an
older example does not (ADDED_SINCE). Long opaque values (pagination markers, the policy
document of PutKeyPolicy) are shortened; they are compared by type only.

Operations not compared with a whole documented example, and why:

- ReplicateKey [DOCS ct-replicate-key]: the stored excerpts stop after
  responseElements.replicaKeyMetadata (the next member begins with "r"), so the rest of the
  response and the tail of the event are not known. What they show is compared
  (REPLICATE_KEY_KNOWN): requestParameters, replicaKeyMetadata spelled with "aWSAccountId"
  (CreateKey's keyMetadata spells it "AWSAccountId"), the event written in the primary key's
  Region.
- DeriveSharedSecret: no page was found (searched for ct-derivesharedsecret and the operation's
  log entry; the guide has pages for Encapsulate and Decapsulate, compared here).
- GetPublicKey, ListKeyPolicies, ListKeys, ListResourceTags, ListRetirableGrants: no page was
  found (searched for ct-<name> and for each operation's log entry; the stored excerpts of the
  guide's list of pages [DOCS understanding-kms-entries] stop at GenerateMac).
- UpdatePrimaryRegion writes two entries, one in each Region whose key changed role; the
  example compared is the one in the Region of the call (whose primary key became a
  replica). The fake writes only that one.

The custom key store operations' examples are of a CloudHSM key store; what an external key
store's entries show is not documented (the fake leaves the proxy credential out whole and
names only the store in additionalEventData).
"""

from __future__ import annotations

from typing import Any

ALICE = "arn:aws:iam::111122223333:user/Alice"
KEY = "arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
KEY_ID = "1234abcd-12ab-34cd-56ef-1234567890ab"
MATERIAL = "123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0"
GRANT_ID = "abcde1237f76e4ba7987489ac329fbfba6ad343d6f7075dbd1ef191f0120514a"
ALIAS = "arn:aws:kms:us-west-2:111122223333:alias/ExampleAlias"
MY_ALIAS = "arn:aws:kms:us-east-1:111122223333:alias/my_alias"

LEFT_OUT = frozenset({"tlsDetails"})
# Request members of an example that a request made with botocore cannot send: the console's
# CreateKey sends CustomerMasterKeySpec along with KeySpec, which the API refuses ("You cannot
# specify KeySpec and CustomerMasterKeySpec together.").
CONSOLE_ONLY: dict[str, frozenset[str]] = {"CreateKey": frozenset({"customerMasterKeySpec"})}
# Examples whose caller had signed in to the console: an IAM user's console session carries
# sessionContext.attributes [DOCS ct-deletealias]; a call made with the user's access keys, as
# botocore makes it, has none.
CONSOLE_SESSION = frozenset({"DeleteAlias"})
# currentKeyMaterialId: KeyMetadata has carried it since 2025, after the CreateKey example.
ADDED_SINCE = frozenset({"managementEvent", "eventCategory", "type", "currentKeyMaterialId"})

_ALICE_IDENTITY = {
    "type": "IAMUser",
    "principalId": "EX_PRINCIPAL_ID",
    "arn": ALICE,
    "accountId": "111122223333",
    "accessKeyId": "EXAMPLE_KEY_ID",
    "userName": "Alice",
}
_SERVICE_IDENTITY = {"accountId": "111122223333", "invokedBy": "AWS Internal"}
# An IAM user signed in to the console: the session's attributes [DOCS ct-deletealias].
_CONSOLE_ATTRIBUTES = {
    "attributes": {"mfaAuthenticated": "false", "creationDate": "2014-11-04T00:52:27Z"}
}


def _resource(arn: str = KEY) -> dict[str, str]:
    return {"accountId": "111122223333", "type": "AWS::KMS::Key", "ARN": arn}


def _resource_v102(arn: str = KEY) -> dict[str, str]:
    """A resource as pages before eventVersion 1.05 show it, without its type."""
    return {"ARN": arn, "accountId": "111122223333"}


def _call(name: str, read_only: bool, request: Any, response: Any, **more: Any) -> dict[str, Any]:
    """An AwsApiCall example by Alice: the fields every page shows, in the pages' order."""
    event: dict[str, Any] = {
        "eventVersion": "1.11",
        "userIdentity": more.pop("identity", _ALICE_IDENTITY),
        "eventTime": "2025-05-20T20:46:16Z",
        "eventSource": "kms.amazonaws.com",
        "eventName": name,
        "awsRegion": "us-west-2",
        "sourceIPAddress": "192.0.2.0",
        "userAgent": "AWS Internal",
        "requestParameters": request,
        "responseElements": response,
    }
    additional = more.pop("additionalEventData", None)
    if additional is not None:
        event["additionalEventData"] = additional
    event.update(
        {
            "requestID": "f3423043-63bc-11e4-bc2b-4198b6150d5c",
            "eventID": "91235988-eb87-476a-ac2c-0cdc244e6dca",
            "readOnly": read_only,
            "resources": more.pop("resources", [_resource()]),
            "eventType": "AwsApiCall",
            "managementEvent": True,
            "recipientAccountId": "111122223333",
            "eventCategory": "Management",
        }
    )
    if event["resources"] is NO_RESOURCES:
        del event["resources"]
    return event


# A custom key store operation's entry has no resources element at all (not an empty list).
NO_RESOURCES: list[Any] = []
STORE_ID = "cks-1234567890abcdef0"
CLUSTER = "cluster-1a23b4cdefg"
_STORE = {"customKeyStoreName": "ExampleKeyStore", "clusterId": CLUSTER}


def _store_call(
    name: str, read_only: bool, request: Any, response: Any, **more: Any
) -> dict[str, Any]:
    """A custom key store operation's example [DOCS ct-*-keystore(s)] 1.08: a CloudHSM key
    store, no resources."""
    return _call(name, read_only, request, response, resources=NO_RESOURCES, **more)


def _service(name: str, details: Any = None, response: Any = None) -> dict[str, Any]:
    event: dict[str, Any] = {
        "eventVersion": "1.11",
        "userIdentity": _SERVICE_IDENTITY,
        "eventTime": "2025-05-22T19:55:11Z",
        "eventSource": "kms.amazonaws.com",
        "eventName": name,
        "awsRegion": "us-west-2",
        "sourceIPAddress": "AWS Internal",
        "userAgent": "AWS Internal",
        "requestParameters": None,
        "responseElements": response,
        "eventID": "cfa932fd-0d3a-4a76-a8b8-616863a2b547",
        "readOnly": False,
        "resources": [_resource()],
        "eventType": "AwsServiceEvent",
        "managementEvent": True,
        "recipientAccountId": "111122223333",
    }
    if details is not None:
        event["serviceEventDetails"] = details
    event["eventCategory"] = "Management"
    return event


# The API calls, by operation [DOCS ct-<operation>].
API_CALLS: dict[str, dict[str, Any]] = {
    # [DOCS ct-encrypt] eventVersion 1.11
    "Encrypt": _call(
        "Encrypt",
        True,
        {
            "encryptionContext": {"Department": "Engineering"},
            "keyId": KEY,
            "encryptionAlgorithm": "SYMMETRIC_DEFAULT",
        },
        None,
        additionalEventData={"keyMaterialId": MATERIAL},
    ),
    # [DOCS ct-decrypt, "Decrypt with a standard symmetric encryption key"] 1.11
    "Decrypt": _call(
        "Decrypt",
        True,
        {
            "encryptionAlgorithm": "SYMMETRIC_DEFAULT",
            "keyId": KEY,
            "encryptionContext": {"Department": "Engineering", "Project": "Alpha"},
        },
        None,
        additionalEventData={"keyMaterialId": MATERIAL},
    ),
    # [DOCS ct-reencrypt] 1.11: "The resources field ... specifies two AWS KMS keys, the
    # source KMS key and the destination KMS key, in that order."
    "ReEncrypt": _call(
        "ReEncrypt",
        True,
        {
            "sourceEncryptionAlgorithm": "SYMMETRIC_DEFAULT",
            "sourceEncryptionContext": {"Project": "Alpha", "Department": "Engineering"},
            "destinationKeyId": "0987dcba-09fe-87dc-65ba-ab0987654321",
            "destinationEncryptionAlgorithm": "SYMMETRIC_DEFAULT",
            "destinationEncryptionContext": {"Level": "3A"},
        },
        None,
        additionalEventData={
            "destinationKeyMaterialId": MATERIAL,
            "sourceKeyMaterialId": MATERIAL,
        },
        resources=[_resource(), _resource()],
    ),
    # [DOCS ct-generatedatakey] 1.11
    "GenerateDataKey": _call(
        "GenerateDataKey",
        True,
        {
            "keyId": "1234abcd-12ab-34cd-56ef-1234567890ab",
            "keySpec": "AES_256",
            "encryptionContext": {"Department": "Engineering", "Project": "Alpha"},
        },
        None,
        additionalEventData={"keyMaterialId": MATERIAL},
    ),
    # [DOCS ct-generatedatakeyplaintext] 1.11
    "GenerateDataKeyWithoutPlaintext": _call(
        "GenerateDataKeyWithoutPlaintext",
        True,
        {
            "keyId": "1234abcd-12ab-34cd-56ef-1234567890ab",
            "keySpec": "AES_256",
            "encryptionContext": {"Project": "Alpha"},
        },
        None,
        additionalEventData={"keyMaterialId": MATERIAL},
    ),
    # [DOCS ct-sign] 1.08
    "Sign": _call(
        "Sign",
        True,
        {
            "messageType": "RAW",
            "keyId": "0987dcba-09fe-87dc-65ba-ab0987654321",
            "signingAlgorithm": "RSASSA_PKCS1_V1_5_SHA_256",
        },
        None,
    ),
    # [DOCS ct-verify] 1.08
    "Verify": _call(
        "Verify",
        True,
        {
            "signingAlgorithm": "RSASSA_PKCS1_V1_5_SHA_256",
            "keyId": "0987dcba-09fe-87dc-65ba-ab0987654321",
            "messageType": "RAW",
        },
        None,
    ),
    # [DOCS ct-createkey] 1.08, the symmetric encryption key for imported material.
    "CreateKey": _call(
        "CreateKey",
        False,
        {
            "description": "",
            "origin": "EXTERNAL",
            "bypassPolicyLockoutSafetyCheck": False,
            "customerMasterKeySpec": "SYMMETRIC_DEFAULT",
            "keySpec": "SYMMETRIC_DEFAULT",
            "keyUsage": "ENCRYPT_DECRYPT",
        },
        {
            "keyMetadata": {
                "AWSAccountId": "111122223333",
                "keyId": "1234abcd-12ab-34cd-56ef-1234567890ab",
                "arn": KEY,
                "creationDate": "Aug 10, 2022, 10:38:27 PM",
                "enabled": False,
                "description": "",
                "keyUsage": "ENCRYPT_DECRYPT",
                "keyState": "PendingImport",
                "origin": "EXTERNAL",
                "keyManager": "CUSTOMER",
                "customerMasterKeySpec": "SYMMETRIC_DEFAULT",
                "keySpec": "SYMMETRIC_DEFAULT",
                "encryptionAlgorithms": ["SYMMETRIC_DEFAULT"],
                "multiRegion": False,
            }
        },
    ),
    # [DOCS ct-schedule-key-deletion] 1.08
    "ScheduleKeyDeletion": _call(
        "ScheduleKeyDeletion",
        False,
        {"pendingWindowInDays": 20, "keyId": "1234abcd-12ab-34cd-56ef-1234567890ab"},
        {"keyId": KEY, "keyState": "PendingDeletion", "deletionDate": "Apr 12, 2021 18:58:30 PM"},
    ),
    # [DOCS ct-enablekey, ct-disablekey]: "entries for this operation recorded on or after
    # December 2022 include the key ARN of the affected KMS key in the responseElements.keyId"
    "EnableKey": _call(
        "EnableKey", False, {"keyId": "1234abcd-12ab-34cd-56ef-1234567890ab"}, {"keyId": KEY}
    ),
    "DisableKey": _call(
        "DisableKey", False, {"keyId": "1234abcd-12ab-34cd-56ef-1234567890ab"}, {"keyId": KEY}
    ),
    # [DOCS ct-updatealias] 1.05: the alias's resource first, then the key's.
    "UpdateAlias": _call(
        "UpdateAlias",
        False,
        {"aliasName": "alias/my_alias", "targetKeyId": "1234abcd-12ab-34cd-56ef-1234567890ab"},
        {"keyId": KEY},
        resources=[
            _resource("arn:aws:kms:us-west-2:111122223333:alias/my_alias"),
            _resource(),
        ],
    ),
    # [DOCS ct-untagresource] 1.05
    "UntagResource": _call("UntagResource", False, {"keyId": KEY, "tagKeys": ["Dept"]}, None),
    # [DOCS ct-cancel-key-deletion] 1.05
    "CancelKeyDeletion": _call("CancelKeyDeletion", False, {"keyId": KEY_ID}, {"keyId": KEY}),
    # [DOCS ct-createalias] 1.08: the key's resource first, then the alias's (UpdateAlias and
    # DeleteAlias name the alias first).
    "CreateAlias": _call(
        "CreateAlias",
        False,
        {"aliasName": "alias/ExampleAlias", "targetKeyId": KEY_ID},
        {"keyId": KEY},
        resources=[_resource(), _resource(ALIAS)],
    ),
    # [DOCS ct-creategrant] 1.02, a grant with an encryption context constraint. The grant
    # token is not logged.
    "CreateGrant": _call(
        "CreateGrant",
        False,
        {
            "keyId": KEY,
            "constraints": {"encryptionContextSubset": {"ContextKey1": "Value1"}},
            "operations": ["Encrypt", "RetireGrant"],
            "granteePrincipal": "EX_PRINCIPAL_ID",
        },
        {"grantId": GRANT_ID, "keyId": KEY},
        resources=[_resource_v102()],
    ),
    # [DOCS ct-deletealias] 1.02 (a console session's identity: see CONSOLE_SESSION). The
    # excerpt stops after the alias's resource and a comma: that the next resource is the
    # key's, as in UpdateAlias's example, is INFERRED.
    "DeleteAlias": _call(
        "DeleteAlias",
        False,
        {"aliasName": "alias/my_alias"},
        {"keyId": KEY},
        resources=[_resource_v102(MY_ALIAS), _resource_v102()],
        identity={**_ALICE_IDENTITY, "sessionContext": _CONSOLE_ATTRIBUTES},
    ),
    # [DOCS ct-describekey] 1.08
    "DescribeKey": _call("DescribeKey", True, {"keyId": KEY_ID}, None),
    # [DOCS ct-disable-key-rotation] 1.08: no keyId in responseElements.
    "DisableKeyRotation": _call("DisableKeyRotation", False, {"keyId": KEY}, None),
    # [DOCS ct-enablekeyrotation] 1.05, with the December 2022 keyId.
    "EnableKeyRotation": _call(
        "EnableKeyRotation", False, {"keyId": KEY_ID, "rotationPeriodInDays": 180}, {"keyId": KEY}
    ),
    # [DOCS ct-generatedatakeypair] 1.11
    "GenerateDataKeyPair": _call(
        "GenerateDataKeyPair",
        True,
        {"keyPairSpec": "RSA_3072", "encryptionContext": {"Project": "Alpha"}, "keyId": KEY_ID},
        None,
        additionalEventData={"keyMaterialId": MATERIAL},
    ),
    # [DOCS ct-generatedatakeypairwithoutplaintext] 1.11
    "GenerateDataKeyPairWithoutPlaintext": _call(
        "GenerateDataKeyPairWithoutPlaintext",
        True,
        {"keyPairSpec": "RSA_4096", "encryptionContext": {"Index": "5"}, "keyId": KEY_ID},
        None,
        additionalEventData={"keyMaterialId": MATERIAL},
    ),
    # [DOCS ct-generatemac] 1.08
    "GenerateMac": _call(
        "GenerateMac",
        True,
        {"macAlgorithm": "HMAC_SHA_512", "keyId": KEY_ID},
        None,
        resources=[_resource_v102()],
    ),
    # [DOCS ct-verifymac] 1.08
    "VerifyMac": _call(
        "VerifyMac",
        True,
        {"macAlgorithm": "HMAC_SHA_384", "keyId": KEY},
        None,
        resources=[_resource_v102()],
    ),
    # [DOCS ct-generaterandom] 1.02: "Because this operation doesn't use an AWS KMS key, the
    # resources field is empty."
    "GenerateRandom": _call("GenerateRandom", True, None, None, resources=[]),
    # [DOCS ct-getkeypolicy] 1.02
    "GetKeyPolicy": _call(
        "GetKeyPolicy",
        True,
        {"keyId": KEY_ID, "policyName": "default"},
        None,
        resources=[_resource_v102()],
    ),
    # [DOCS ct-getparametersforimport] 1.05: neither the public key nor the import token.
    "GetParametersForImport": _call(
        "GetParametersForImport",
        True,
        {
            "keyId": KEY_ID,
            "wrappingAlgorithm": "RSAES_OAEP_SHA_256",
            "wrappingKeySpec": "RSA_2048",
        },
        None,
    ),
    # [DOCS ct-importkeymaterial] 1.11: neither the wrapped material nor the import token;
    # validTo written like the dates of responseElements.
    "ImportKeyMaterial": _call(
        "ImportKeyMaterial",
        False,
        {
            "keyId": KEY_ID,
            "validTo": "May 21, 2025, 5:47:45 AM",
            "expirationModel": "KEY_MATERIAL_EXPIRES",
            "importType": "NEW_KEY_MATERIAL",
            "keyMaterialDescription": "ExampleKeyMaterialA",
        },
        {"keyId": KEY, "keyMaterialId": MATERIAL},
    ),
    # [DOCS ct-deleteimportedkeymaterial] 1.11
    "DeleteImportedKeyMaterial": _call(
        "DeleteImportedKeyMaterial",
        False,
        {"keyId": KEY_ID, "keyMaterialId": MATERIAL},
        {"keyId": KEY, "keyMaterialId": MATERIAL},
    ),
    # [DOCS ct-listaliases] 1.02: "Because this operation doesn't use any particular alias or
    # AWS KMS key, the resources field is empty."
    "ListAliases": _call(
        "ListAliases",
        True,
        {"limit": 5, "marker": "eyJiIjoiYWxpYXMvZTU0Y2MxOTMifQ"},
        None,
        resources=[],
    ),
    # [DOCS ct-listgrants] 1.02
    "ListGrants": _call(
        "ListGrants",
        True,
        {"keyId": KEY_ID, "marker": "eyJncmFudElkIjoiMWY4M2U2ZmMifQ==", "limit": 10},
        None,
        resources=[_resource_v102()],
    ),
    # [DOCS ct-put-key-policy] 1.08: the policy is logged, as a string; no keyId in
    # responseElements.
    "PutKeyPolicy": _call(
        "PutKeyPolicy",
        False,
        {
            "keyId": KEY_ID,
            "policyName": "default",
            "policy": '{"Version": "2012-10-17", "Statement": []}',
            "bypassPolicyLockoutSafetyCheck": False,
        },
        None,
    ),
    # [DOCS ct-retire-grant] 1.08: retired with its grant token, which is not logged, so
    # requestParameters is null; the grant's id is additionalEventData.
    "RetireGrant": _call(
        "RetireGrant", False, None, None, additionalEventData={"grantId": GRANT_ID}
    ),
    # [DOCS ct-revoke-grant] 1.08: no keyId in responseElements.
    "RevokeGrant": _call("RevokeGrant", False, {"keyId": KEY_ID, "grantId": GRANT_ID}, None),
    # [DOCS ct-rotatekeyondemand] 1.08: the response's own keyId.
    "RotateKeyOnDemand": _call("RotateKeyOnDemand", False, {"keyId": KEY_ID}, {"keyId": KEY_ID}),
    # [DOCS ct-tagresource] 1.05: no keyId in responseElements (the page has no December
    # 2022 note, unlike UntagResource's).
    "TagResource": _call(
        "TagResource",
        False,
        {"keyId": KEY, "tags": [{"tagKey": "Department", "tagValue": "IT"}]},
        None,
    ),
    # [DOCS ct-update-key-description] 1.08: no keyId in responseElements.
    "UpdateKeyDescription": _call(
        "UpdateKeyDescription",
        False,
        {"keyId": KEY_ID, "description": "New key description"},
        None,
    ),
    # [DOCS ct-update-primary-region] 1.08, the entry in the Region whose primary key became a
    # replica, with the December 2022 keyId.
    "UpdatePrimaryRegion": _call(
        "UpdatePrimaryRegion",
        False,
        {"keyId": "mrk-1234abcd12ab34cd56ef1234567890ab", "primaryRegion": "ap-northeast-1"},
        {"keyId": KEY},
    ),
    # [DOCS ct-getkeyrotationstatus] 1.08
    "GetKeyRotationStatus": _call("GetKeyRotationStatus", True, {"keyId": KEY_ID}, None),
    # [DOCS ct-listkeyrotations] 1.11
    "ListKeyRotations": _call(
        "ListKeyRotations",
        True,
        {"keyId": KEY_ID, "includeKeyMaterial": "ALL_KEY_MATERIAL"},
        None,
    ),
    # [DOCS ct-getkeylastusage] 1.11
    "GetKeyLastUsage": _call("GetKeyLastUsage", True, {"keyId": KEY_ID}, None),
    # [DOCS ct-encapsulate] 1.11: "The shared secret and its encapsulated (ciphertext) form
    # returned in the response are omitted from the log entry."
    "Encapsulate": _call(
        "Encapsulate", True, {"keyId": KEY_ID, "encapsulationAlgorithm": "ML_KEM"}, None
    ),
    # [DOCS ct-decapsulate] 1.11: "The encapsulated shared secret passed in the request is
    # omitted from the log entry."
    "Decapsulate": _call(
        "Decapsulate", True, {"keyId": KEY_ID, "encapsulationAlgorithm": "ML_KEM"}, None
    ),
    # [DOCS ct-create-keystore]: the name and the cluster ("clusterId", not
    # "cloudHsmClusterId"); neither the trust anchor certificate nor the password.
    "CreateCustomKeyStore": _store_call(
        "CreateCustomKeyStore",
        False,
        {"customKeyStoreName": "ExampleKeyStore", "clusterId": CLUSTER},
        {"customKeyStoreId": STORE_ID},
    ),
    # [DOCS ct-connect-keystore, ct-disconnect-keystore, ct-delete-keystore]: the store's name
    # and cluster in additionalEventData.
    "ConnectCustomKeyStore": _store_call(
        "ConnectCustomKeyStore",
        False,
        {"customKeyStoreId": STORE_ID},
        None,
        additionalEventData=_STORE,
    ),
    "DisconnectCustomKeyStore": _store_call(
        "DisconnectCustomKeyStore",
        False,
        {"customKeyStoreId": STORE_ID},
        None,
        additionalEventData=_STORE,
    ),
    "DeleteCustomKeyStore": _store_call(
        "DeleteCustomKeyStore",
        False,
        {"customKeyStoreId": STORE_ID},
        None,
        additionalEventData=_STORE,
    ),
    # [DOCS ct-describe-keystores]
    "DescribeCustomKeyStores": _store_call(
        "DescribeCustomKeyStores", True, {"customKeyStoreId": STORE_ID}, None
    ),
    # [DOCS ct-update-keystore], an update of the cluster.
    "UpdateCustomKeyStore": _store_call(
        "UpdateCustomKeyStore",
        False,
        {"customKeyStoreId": STORE_ID, "clusterId": CLUSTER},
        None,
        additionalEventData=_STORE,
    ),
}
# UntagResource's page predates December 2022; like EnableKey's, entries since name the key.
API_CALLS["UntagResource"]["responseElements"] = {"keyId": KEY}

# The part of ReplicateKey's example the stored excerpts show [DOCS ct-replicate-key] 1.08,
# from its start to the end of responseElements.replicaKeyMetadata: what follows ("r...") is
# not known. The entry is written in the primary key's Region (us-east-1; the replica's is
# us-west-2).
_REPLICA = "arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
REPLICATE_KEY_KNOWN: dict[str, Any] = {
    "eventName": "ReplicateKey",
    "awsRegion": "us-east-1",
    "readOnly": False,
    "requestParameters": {
        "keyId": KEY_ID,
        "replicaRegion": "us-west-2",
        "bypassPolicyLockoutSafetyCheck": False,
        "description": "",
    },
    "replicaKeyMetadata": {
        "aWSAccountId": "111122223333",  # not CreateKey's "AWSAccountId"
        "keyId": KEY_ID,
        "arn": _REPLICA,
        "creationDate": "Nov 18, 2020, 1:29:18 AM",
        "enabled": False,
        "description": "",
        "keyUsage": "ENCRYPT_DECRYPT",
        "keyState": "Creating",
        "origin": "AWS_KMS",
        "keyManager": "CUSTOMER",
        "keySpec": "SYMMETRIC_DEFAULT",
        "customerMasterKeySpec": "SYMMETRIC_DEFAULT",
        "encryptionAlgorithms": ["SYMMETRIC_DEFAULT"],
        "multiRegion": True,
        "multiRegionConfiguration": {
            "multiRegionKeyType": "REPLICA",
            "primaryKey": {
                "arn": "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
                "region": "us-east-1",
            },
            "replicaKeys": [{"arn": _REPLICA, "region": "us-west-2"}],
        },
    },
}

# What KMS does by itself [DOCS ct-delete-key, ct-rotatekey, ct-deleteexpiredkeymaterial].
SERVICE_EVENTS: dict[str, dict[str, Any]] = {
    # The page's example (2020) shows responseElements null; its text says entries "recorded
    # on or after December 2022 include the key ARN ... in the responseElements.keyId value".
    "DeleteKey": _service("DeleteKey", response={"keyId": KEY}),
    "RotateKey": _service(
        "RotateKey",
        {
            "rotationType": "AUTOMATIC",
            "keyOrigin": "AWS_KMS",
            "previousKeyMaterialId": MATERIAL,
            "currentKeyMaterialId": MATERIAL,
            "keyId": "1234abcd-12ab-34cd-56ef-1234567890ab",
        },
    ),
    "DeleteExpiredKeyMaterial": _service(
        "DeleteExpiredKeyMaterial",
        {"keyId": "1234abcd-12ab-34cd-56ef-1234567890ab", "keyMaterialId": MATERIAL},
    ),
}

# The userIdentity element [DOCS awscloudtrail/latest/userguide/cloudtrail-event-reference-
# user-identity]: an assumed role carries its sessionContext.
ASSUMED_ROLE_IDENTITY = {
    "type": "AssumedRole",
    "principalId": "AROAIDPPEZS35WEXAMPLE:AssumedRoleSessionName",
    "arn": "arn:aws:sts::123456789012:assumed-role/RoleToBeAssumed/MySessionName",
    "accountId": "123456789012",
    "accessKeyId": "",
    "sessionContext": {
        "sessionIssuer": {
            "type": "Role",
            "principalId": "AROAIDPPEZS35WEXAMPLE",
            "arn": "arn:aws:iam::123456789012:role/RoleToBeAssumed",
            "accountId": "123456789012",
            "userName": "RoleToBeAssumed",
        },
        "attributes": {"mfaAuthenticated": "false", "creationDate": "20131102T010628Z"},
    },
}
# A call a service made for the principal: Secrets Manager's GenerateDataKey [DOCS
# kms/latest/developerguide/services-secrets-manager]: invokedBy, and the service as the
# source address and the user agent.
VIA_SERVICE = {
    "invokedBy": "secretsmanager.amazonaws.com",
    "sourceIPAddress": "secretsmanager.amazonaws.com",
    "userAgent": "secretsmanager.amazonaws.com",
}
