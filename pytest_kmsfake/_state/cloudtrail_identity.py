"""Who made a call, as CloudTrail's userIdentity element names it [CloudTrail userIdentity
element], and the time format of CloudTrail's records."""

from __future__ import annotations

import hashlib
import time
from typing import Any, Protocol

from .._rules.arns import partition_for

AWS_INTERNAL = "AWS Internal"  # who and where, for what KMS does by itself [DG-CT ct-rotatekey]


class Identity(Protocol):
    """Who made a call (the access layer's `Caller`)."""

    @property
    def arn(self) -> str: ...
    @property
    def account_id(self) -> str: ...
    @property
    def principal_arn(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def via_service(self) -> str | None: ...


def event_time(when: float) -> str:
    """ISO 8601 in UTC to the second, with Z, as CloudTrail writes eventTime."""
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(when))


def user_identity(
    caller: Identity | None,
    account_id: str,
    region: str,
    access_key_id: str | None,
    when: float,
) -> dict[str, Any]:
    """The userIdentity element [CloudTrail userIdentity element]: the account root, an IAM
    user, an assumed role with its sessionContext, a federated user; `invokedBy` when a
    service called for the principal."""
    partition = partition_for(region)
    if caller is None or caller.kind == "root":
        account = caller.account_id if caller is not None else account_id
        identity: dict[str, Any] = {
            "type": "Root",
            "principalId": account,
            "arn": caller.arn if caller is not None else f"arn:{partition}:iam::{account}:root",
            "accountId": account,
        }
        _add_access_key(identity, access_key_id)
    elif caller.kind == "user":
        name = caller.arn.rsplit("/", 1)[-1]
        identity = {
            "type": "IAMUser",
            "principalId": unique_id("AIDA", caller.principal_arn),
            "arn": caller.arn,
            "accountId": caller.account_id,
        }
        _add_access_key(identity, access_key_id)
        identity["userName"] = name
    elif caller.kind in ("assumed-role", "role"):
        role_arn = caller.principal_arn
        role_name = role_arn.rsplit("/", 1)[-1]
        if caller.kind == "assumed-role":
            arn, session = caller.arn, caller.arn.rsplit("/", 1)[-1]
        else:  # a role ARN given as the caller: a session of that role
            session = "pytest-kmsfake"
            arn = f"arn:{partition}:sts::{caller.account_id}:assumed-role/{role_name}/{session}"
        role_id = unique_id("AROA", role_arn)
        identity = {
            "type": "AssumedRole",
            "principalId": f"{role_id}:{session}",
            "arn": arn,
            "accountId": caller.account_id,
        }
        _add_access_key(identity, access_key_id)
        identity["sessionContext"] = {
            "sessionIssuer": {
                "type": "Role",
                "principalId": role_id,
                "arn": role_arn,
                "accountId": caller.account_id,
                "userName": role_name,
            },
            "attributes": {"creationDate": event_time(when), "mfaAuthenticated": "false"},
        }
    else:  # federated-user
        name = caller.arn.rsplit("/", 1)[-1]
        identity = {
            "type": "FederatedUser",
            "principalId": f"{caller.account_id}:{name}",
            "arn": caller.arn,
            "accountId": caller.account_id,
        }
        _add_access_key(identity, access_key_id)
    if caller is not None and caller.via_service is not None:
        identity["invokedBy"] = service_principal(caller.via_service)
    return identity


def service_principal(via_service: str) -> str:
    """kms:ViaService names a service with its region (ec2.us-east-1.amazonaws.com); CloudTrail
    names it without (ec2.amazonaws.com)."""
    parts = via_service.split(".")
    if len(parts) >= 4 and parts[-2:] == ["amazonaws", "com"]:
        return f"{parts[0]}.amazonaws.com"
    return via_service


def unique_id(prefix: str, arn: str) -> str:
    """A stable IAM unique id (AIDA... for users, AROA... for roles) for a principal ARN."""
    digest = hashlib.sha256(arn.encode()).digest()
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
    return prefix + "".join(alphabet[b % 32] for b in digest[:17])


def _add_access_key(identity: dict[str, Any], access_key_id: str | None) -> None:
    if access_key_id:
        identity["accessKeyId"] = access_key_id
