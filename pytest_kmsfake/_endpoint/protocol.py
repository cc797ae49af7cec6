"""KMS's wire protocol on the way in: target, body, credential scope, and the errors AWS
answers when one of them is wrong.

Requests are `POST /` with `X-Amz-Target: TrentService.<Operation>` and a JSON 1.1 body
whose blobs are base64 text and whose timestamps are epoch seconds. The body is turned into
the params botocore's client would have passed (bytes for blobs, datetimes for timestamps),
then checked the way botocore checks them client-side (`validate_parameters`), because other
SDKs and hand-written clients check less; the messages are AWS's, from `_rules.model`.

Sources for the errors made here (every other error comes from the service):
- MissingAuthenticationToken: HTTP 403 in the Common Errors list of AWS API references
  ("The request must contain either a valid (registered) AWS access key ID or X.509
  certificate"); the JSON body's `__type` and message are those AWS JSON services send
  ("MissingAuthenticationTokenException", "Missing Authentication Token", seen from Lambda
  in brefphp/bref#1250). INFERRED for KMS.
- IncompleteSignature: HTTP 400, same Common Errors list; the message is the fake's own.
- SerializationException for a body that is not JSON or a blob that is not base64: the
  smithy framework's client error (HTTP 400) for an unreadable request; local-kms answers the
  same for bad base64 (nsmithuk/local-kms#5). AWS sends no message (INFERRED).
- UnknownOperationException: the smithy framework error for a target the service lacks,
  answered with HTTP 400 and no message by AWS JSON 1.1 services (INFERRED).
- A body over `MAX_BODY_BYTES`: KMS documents no request size limit. Its largest members
  (a key policy of 32 KiB, imported key material of 6 KiB, 4 KiB plaintexts) keep every valid
  request far below 1 MiB, so the fake refuses bigger bodies with HTTP 413 and
  "RequestEntityTooLargeException" (the code AWS's front ends use for an oversized request,
  INFERRED for KMS) before reading them.
"""

from __future__ import annotations

import base64
import binascii
import datetime
import functools
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from botocore.exceptions import ParamValidationError
from botocore.model import Shape
from botocore.validate import validate_parameters

from .._rules.errors import KmsError
from .._rules.model import WireTypeError, prepare_input, service_model, validation_message

TARGET_PREFIX = "TrentService."
MAX_BODY_BYTES = 1024 * 1024

_CREDENTIAL = re.compile(
    r"Credential=(?P<key>[^/,\s]+)/(?P<date>\d{8})/(?P<region>[a-z0-9-]+)/(?P<service>[^/,\s]+)"
    r"/aws4_request"
)


def missing_authentication() -> KmsError:
    return KmsError("MissingAuthenticationTokenException", "Missing Authentication Token", 403)


def incomplete_signature(detail: str) -> KmsError:
    return KmsError("IncompleteSignatureException", detail, 400)


def unreadable() -> KmsError:
    return KmsError("SerializationException", None, 400)


def unknown_operation() -> KmsError:
    return KmsError("UnknownOperationException", None, 400)


def too_large(size: int) -> KmsError:
    return KmsError(
        "RequestEntityTooLargeException",
        f"Request of {size} bytes exceeds the limit of {MAX_BODY_BYTES} bytes",
        413,
    )


@dataclass(frozen=True)
class Credential:
    """The SigV4 credential scope of a request: who signed, on which day, for which region
    and service."""

    access_key_id: str
    date: str
    region: str
    service: str

    @property
    def scope(self) -> str:
        return f"{self.date}/{self.region}/{self.service}/aws4_request"


def credential_of(authorization: str | None) -> Credential:
    """The credential scope of an `Authorization` header. The signature is not checked."""
    if not authorization:
        raise missing_authentication()
    if not authorization.startswith("AWS4-HMAC-SHA256 "):
        raise incomplete_signature(
            "Authorization header requires the AWS4-HMAC-SHA256 algorithm (Signature Version 4)"
        )
    found = _CREDENTIAL.search(authorization)
    if found is None:
        raise incomplete_signature(
            "Authorization header requires 'Credential' parameter in the form "
            "<access key id>/<date>/<region>/kms/aws4_request"
        )
    return Credential(found["key"], found["date"], found["region"], found["service"])


@functools.cache
def _operations() -> frozenset[str]:
    return frozenset(service_model().operation_names)


def operation_of(target: str | None) -> str:
    if not target or not target.startswith(TARGET_PREFIX):
        raise unknown_operation()
    operation = target[len(TARGET_PREFIX) :]
    if operation not in _operations():
        raise unknown_operation()
    return operation


def params_of(operation: str, body: bytes) -> dict[str, Any]:
    """The request body as botocore-style params, validated as botocore validates them."""
    try:
        document = json.loads(body) if body.strip() else {}
    except (ValueError, UnicodeDecodeError):
        raise unreadable() from None
    if not isinstance(document, dict):
        raise unreadable()
    shape = service_model().operation_model(operation).input_shape
    if shape is None:
        return {}
    params = _structure(shape, document)
    try:
        validate_parameters(params, shape)
    except ParamValidationError as invalid:
        # The same findings in AWS's words (and the wire-type errors AWS answers instead).
        try:
            _, problems = prepare_input(operation, params)
        except WireTypeError as wrong_type:
            raise KmsError("SerializationException", str(wrong_type)) from None
        raise KmsError(
            "ValidationException",
            validation_message(problems) if problems else str(invalid.kwargs["report"]),
        ) from None
    return params


# --- JSON value -> botocore param, by shape --------------------------------------------------
# Values of the wrong JSON type are left as they are, for validation to report; members the
# model does not know are dropped, as AWS ignores them.


def _structure(shape: Any, value: Mapping[str, Any]) -> dict[str, Any]:
    members = shape.members
    out: dict[str, Any] = {}
    for name, item in value.items():
        member = members.get(name)
        if member is None or item is None:
            continue
        out[name] = _value(member, item)
    return out


def _value(shape: Shape, value: Any) -> Any:
    kind = shape.type_name
    if kind == "blob":
        if not isinstance(value, str):
            raise unreadable()
        try:
            return base64.b64decode(value, validate=True)
        except (binascii.Error, ValueError):
            raise unreadable() from None
    if kind == "timestamp" and isinstance(value, (int, float)) and not isinstance(value, bool):
        return datetime.datetime.fromtimestamp(value, datetime.timezone.utc)
    if kind == "structure" and isinstance(value, Mapping):
        return _structure(shape, value)
    if kind == "list" and isinstance(value, list):
        member = shape.member  # type: ignore[attr-defined]
        return [_value(member, item) for item in value]
    if kind == "map" and isinstance(value, Mapping):
        inner = shape.value  # type: ignore[attr-defined]
        return {key: _value(inner, item) for key, item in value.items()}
    return value
