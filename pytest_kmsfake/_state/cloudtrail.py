"""Calls and service events as the CloudTrail events AWS KMS writes for them.

Nothing here runs while a call is served: the call log keeps cheap references (the request
id, the time, the caller, the keys used) and an event is built only when asked for.

The record follows the KMS developer guide's "log entry" pages, one per operation
(ct-encrypt, ct-createkey, ct-reencrypt, ct-delete-key, ct-rotatekey, ...) and CloudTrail's
record contents reference [DG-CT]. Secrets never appear: blob members (plaintexts,
ciphertexts, key material, signatures, messages, public keys) and members botocore's model
marks sensitive are left out, as AWS leaves them out; grant tokens too.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import time
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from .._crypto.symmetric import CiphertextError
from .._crypto.symmetric import parse as parse_ciphertext
from .._rules.arns import (
    KEY_ARN,
    KEY_ID,
    alias_arn,
    is_well_formed_key_id,
    key_arn,
    parse_reference,
)
from .._rules.model import lower_camel, service_model
from .._rules.operations import OPERATIONS
from .cloudtrail_identity import AWS_INTERNAL, Identity, event_time, user_identity
from .cloudtrail_rules import (
    ALIAS_FIRST,
    ERROR_CODES,
    KEY_ARN_IN_RESPONSE,
    NO_RESOURCES,
    REQUEST_DEFAULTS,
    REQUEST_LEFT_OUT,
    REQUEST_RENAMED,
    RESPONSE_LEFT_OUT,
    SECRET_MEMBERS,
)

EVENT_VERSION = "1.11"  # the version of the current log entry pages [DG-CT ct-encrypt]
EVENT_SOURCE = "kms.amazonaws.com"
KEY_TYPE = "AWS::KMS::Key"  # the resource type of keys and aliases alike [DG-CT ct-updatealias]
# In-process calls never cross a network; this is where they come from.
LOCAL_ADDRESS = "127.0.0.1"

_ALIAS_OPERATIONS = frozenset(op for op, row in OPERATIONS.items() if row.alias_permission)
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


class KeyLike(Protocol):
    @property
    def arn(self) -> str: ...


class ApiCall(Protocol):
    """What an API call's event is made from (a `KmsCall`)."""

    operation: str
    params: Mapping[str, Any]
    region: str
    account_id: str
    response: Mapping[str, Any] | None
    error: str | None
    error_message: str | None
    request_id: str | None
    time: float | None
    caller: Identity | None
    user_agent: str | None
    access_key_id: str | None

    @property
    def keys(self) -> Sequence[KeyLike]: ...
    @property
    def trail(self) -> Mapping[str, Any]: ...


@dataclass(frozen=True)
class ServiceEvent:
    """Something KMS did by itself as time passed: DeleteKey at the end of a key's waiting
    period, RotateKey for automatic rotation, DeleteExpiredKeyMaterial [DG-CT]."""

    name: str
    time: float  # when it happened, not when the fake noticed
    account_id: str
    region: str
    key_arn: str
    details: Mapping[str, Any] | None = None  # serviceEventDetails
    event_id: str = field(default_factory=lambda: str(uuid.uuid4()))

    def cloudtrail(self) -> dict[str, Any]:
        """The event as CloudTrail records it."""
        event: dict[str, Any] = {
            "eventVersion": EVENT_VERSION,
            "userIdentity": {"accountId": self.account_id, "invokedBy": AWS_INTERNAL},
            "eventTime": event_time(self.time),
            "eventSource": EVENT_SOURCE,
            "eventName": self.name,
            "awsRegion": self.region,
            "sourceIPAddress": AWS_INTERNAL,
            "userAgent": AWS_INTERNAL,
            "requestParameters": None,
            # "entries recorded on or after December 2022 include the key ARN ... in the
            # responseElements.keyId value" [DG-CT ct-delete-key]
            "responseElements": {"keyId": self.key_arn} if self.name == "DeleteKey" else None,
            "eventID": self.event_id,
            "readOnly": False,
            "resources": [_resource(self.key_arn)],
            "eventType": "AwsServiceEvent",
            "managementEvent": True,
            "recipientAccountId": self.account_id,
        }
        if self.details is not None:
            event["serviceEventDetails"] = dict(self.details)
        event["eventCategory"] = "Management"
        return event


def event_id(request_id: str) -> str:
    """A call's eventID: a UUID derived from its request id, the one GetKeyLastUsage reports."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"cloudtrail:{request_id}"))


def logged_date(when: float) -> str:
    """Dates inside responseElements, as CloudTrail writes them: "Aug 10, 2022, 10:38:27 PM"
    [DG-CT ct-createkey]."""
    t = time.gmtime(when)
    hour = t.tm_hour % 12 or 12
    half = "AM" if t.tm_hour < 12 else "PM"
    return (
        f"{_MONTHS[t.tm_mon - 1]} {t.tm_mday}, {t.tm_year}, "
        f"{hour}:{t.tm_min:02d}:{t.tm_sec:02d} {half}"
    )


def api_event(call: ApiCall) -> dict[str, Any]:
    """One call as the AwsApiCall event CloudTrail records for it."""
    rule = OPERATIONS.get(call.operation)
    read_only = rule.read_only if rule is not None else False
    failed = call.error is not None
    model = service_model().operation_model(call.operation)
    when = call.time if call.time is not None else 0.0
    identity = user_identity(call.caller, call.account_id, call.region, call.access_key_id, when)
    service = identity.get("invokedBy")
    event: dict[str, Any] = {
        "eventVersion": EVENT_VERSION,
        "userIdentity": identity,
        "eventTime": event_time(when),
        "eventSource": EVENT_SOURCE,
        "eventName": call.operation,
        "awsRegion": call.region,
        # A service calling for the principal is the source and the agent [DG-CT: the
        # secretsmanager.amazonaws.com example of Secrets Manager's KMS events].
        "sourceIPAddress": service or LOCAL_ADDRESS,
        "userAgent": service or call.user_agent or AWS_INTERNAL,
    }
    if failed:
        event["errorCode"] = ERROR_CODES.get(str(call.error), call.error)
        if call.error_message:
            event["errorMessage"] = call.error_message
    event["requestParameters"] = request_parameters(call.operation, call.params, model)
    event["responseElements"] = None
    resources = _resources(call)
    response = call.response
    if not failed and response is not None:
        if not read_only:
            event["responseElements"] = response_elements(
                call.operation, response, model, resources
            )
        material = _additional_data(call.operation, response) if read_only else {}
        additional = {**material, **call.trail}
        if additional:
            event["additionalEventData"] = additional
    if call.request_id is not None:
        event["requestID"] = call.request_id
        event["eventID"] = event_id(call.request_id)
    event["readOnly"] = read_only
    # Empty for a call that names no key [DG-CT ct-generaterandom, ct-listaliases]; absent for
    # the custom key store operations (NO_RESOURCES).
    if call.operation not in NO_RESOURCES:
        event["resources"] = [_resource(arn) for arn in resources]
    event["eventType"] = "AwsApiCall"
    event["managementEvent"] = True
    event["recipientAccountId"] = call.account_id
    event["eventCategory"] = "Management"
    return event


def request_parameters(
    operation: str, params: Mapping[str, Any], model: Any
) -> dict[str, Any] | None:
    """The request in lowerCamelCase, without its secrets; null when nothing is left."""
    left_out = REQUEST_LEFT_OUT.get(operation, frozenset())
    logged = _structure(model.input_shape, {k: v for k, v in params.items() if k not in left_out})
    for name, logged_as in REQUEST_RENAMED.get(operation, {}).items():
        camel = lower_camel(name)
        if camel in logged:
            logged = {logged_as if k == camel else k: v for k, v in logged.items()}
    for name, value in REQUEST_DEFAULTS.get(operation, {}).items():
        logged.setdefault(name, value)
    return logged or None


def response_elements(
    operation: str, response: Mapping[str, Any], model: Any, resources: Sequence[str]
) -> dict[str, Any] | None:
    """What CloudTrail logs of a management operation's response: the response in
    lowerCamelCase without secrets (keyMetadata keeps AWSAccountId, replicaKeyMetadata has
    aWSAccountId; dates as CloudTrail writes them), with the key ARN as keyId for the
    operations whose entries "recorded on or after December 2022" add it
    (KEY_ARN_IN_RESPONSE)."""
    left_out = RESPONSE_LEFT_OUT.get(operation, frozenset())
    shown = {k: v for k, v in response.items() if k not in left_out}
    logged = _structure(model.output_shape, shown) if model.output_shape is not None else {}
    metadata = logged.get("keyMetadata")
    if isinstance(metadata, dict):  # CreateKey's spelling (see _logged_name)
        logged["keyMetadata"] = {_ACCOUNT_AS_IS.get(k, k): v for k, v in metadata.items()}
    keys = [arn for arn in resources if ":key/" in arn]
    if keys and "keyId" not in logged and operation in KEY_ARN_IN_RESPONSE:
        logged["keyId"] = keys[0]
    return logged or None


def _structure(shape: Any, value: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if shape is None:
        return out
    members = shape.members
    for name, item in value.items():
        member = members.get(name)
        if member is None or name in SECRET_MEMBERS or _secret(member):
            continue
        out[_logged_name(name)] = _value(member, item)
    return out


def _value(shape: Any, value: Any) -> Any:
    kind = shape.type_name
    if kind == "structure" and isinstance(value, Mapping):
        return _structure(shape, value)
    if kind == "list" and isinstance(value, (list, tuple)):
        if _secret(shape.member):
            return None
        return [_value(shape.member, item) for item in value]
    if kind == "map" and isinstance(value, Mapping):
        return {str(k): _value(shape.value, v) for k, v in value.items()}
    if kind == "timestamp":
        return _date(value)
    return value


def _date(value: Any) -> Any:
    if isinstance(value, (int, float)):
        return logged_date(float(value))
    timestamp = getattr(value, "timestamp", None)
    if callable(timestamp):
        return logged_date(float(timestamp()))
    return value


def _secret(shape: Any) -> bool:
    return bool(shape.type_name == "blob" or shape.metadata.get("sensitive"))


def _logged_name(name: str) -> str:
    """lowerCamelCase, as CloudTrail writes members: ReplicateKey's replicaKeyMetadata spells
    the account "aWSAccountId" [DG-CT ct-replicate-key]; CreateKey's keyMetadata keeps
    "AWSAccountId" [DG-CT ct-createkey], which response_elements puts back."""
    return lower_camel(name)


_ACCOUNT_AS_IS = {lower_camel("AWSAccountId"): "AWSAccountId"}


def _resources(call: ApiCall) -> list[str]:
    """The ARNs of the keys (and aliases) the call used: both keys for ReEncrypt, source
    first [DG-CT ct-reencrypt]; an alias and its key (ALIAS_FIRST)."""
    arns: list[str] = []
    alias = call.params.get("AliasName")
    if (
        call.operation in _ALIAS_OPERATIONS
        and isinstance(alias, str)
        and alias.startswith("alias/")
    ):
        arns = _key_resources(call)
        alias_resource = alias_arn(call.region, call.account_id, alias)
        return [alias_resource, *arns] if call.operation in ALIAS_FIRST else [*arns, alias_resource]
    return _key_resources(call)


def _key_resources(call: ApiCall) -> list[str]:
    arns: list[str] = []
    response = call.response or {}
    if call.operation == "ReEncrypt" and "SourceKeyId" in response:
        return [str(response["SourceKeyId"]), str(response["KeyId"])]
    for key in call.keys:
        if key.arn not in arns:
            arns.append(key.arn)
    if not call.keys and isinstance(call.params.get("KeyId"), str):
        # A call refused before its key was resolved still names the key it asked for.
        ref = parse_reference(call.params["KeyId"])
        if ref.form in (KEY_ID, KEY_ARN) and is_well_formed_key_id(ref.name):
            account, region = ref.account or call.account_id, ref.region or call.region
            arns.append(key_arn(region, account, ref.name))
    if call.response is not None:
        for member in ("KeyMetadata", "ReplicaKeyMetadata"):
            metadata = call.response.get(member)
            if isinstance(metadata, Mapping) and metadata.get("Arn") not in (None, *arns):
                arns.append(str(metadata["Arn"]))
    return arns


def _resource(arn: str) -> dict[str, str]:
    return {"accountId": arn.split(":")[4], "type": KEY_TYPE, "ARN": arn}


def _additional_data(operation: str, response: Mapping[str, Any]) -> dict[str, Any]:
    """The key material a symmetric cryptographic operation used [DG-CT ct-encrypt,
    ct-reencrypt]: from the response, or for Encrypt (whose response does not name it) from
    the ciphertext it returned, which the fake's format ties to its material."""
    data: dict[str, Any] = {}
    for member in ("DestinationKeyMaterialId", "SourceKeyMaterialId", "KeyMaterialId"):
        value = response.get(member)
        if value:
            data[lower_camel(member)] = value
    blob = response.get("CiphertextBlob")
    if operation == "Encrypt" and not data and isinstance(blob, (bytes, bytearray)):
        with contextlib.suppress(CiphertextError):  # an asymmetric key's names no material
            data["keyMaterialId"] = parse_ciphertext(bytes(blob)).material_id
    return data


def write_events(
    events: Sequence[Mapping[str, Any]], directory: str | os.PathLike[str], name: str
) -> tuple[Path, Path]:
    """Write events twice: `<name>.jsonl`, one event a line, and `<name>.json`, CloudTrail's
    log-file form {"Records": [...]}. `name` is made safe for a file name. Returns both
    paths."""
    folder = Path(directory)
    folder.mkdir(parents=True, exist_ok=True)
    stem = re.sub(r"[^A-Za-z0-9_.-]+", "_", name).strip("_.") or "events"
    lines = folder / f"{stem}.jsonl"
    lines.write_text("".join(json.dumps(event) + "\n" for event in events), encoding="utf-8")
    log_file = folder / f"{stem}.json"
    log_file.write_text(json.dumps({"Records": list(events)}, indent=2) + "\n", encoding="utf-8")
    return lines, log_file
