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
older example does not (ADDED_SINCE).
"""

from __future__ import annotations

from typing import Any

ALICE = "arn:aws:iam::111122223333:user/Alice"
KEY = "arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
MATERIAL = "123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0"

LEFT_OUT = frozenset({"tlsDetails"})
# Request members of an example that a request made with botocore cannot send: the console's
# CreateKey sends CustomerMasterKeySpec along with KeySpec, which the API refuses ("You cannot
# specify KeySpec and CustomerMasterKeySpec together.").
CONSOLE_ONLY: dict[str, frozenset[str]] = {"CreateKey": frozenset({"customerMasterKeySpec"})}
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


def _resource(arn: str = KEY) -> dict[str, str]:
    return {"accountId": "111122223333", "type": "AWS::KMS::Key", "ARN": arn}


def _call(name: str, read_only: bool, request: Any, response: Any, **more: Any) -> dict[str, Any]:
    """An AwsApiCall example by Alice: the fields every page shows, in the pages' order."""
    event: dict[str, Any] = {
        "eventVersion": "1.11",
        "userIdentity": _ALICE_IDENTITY,
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
    return event


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
}
# UntagResource's page predates December 2022; like EnableKey's, entries since name the key.
API_CALLS["UntagResource"]["responseElements"] = {"keyId": KEY}

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
