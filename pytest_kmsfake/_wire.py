"""Responses in the two forms botocore knows: KMS's JSON wire body, and the parsed dict.

Handlers return plain values (bytes for blobs, epoch seconds for timestamps, None for
absent members). `build_response` makes from them exactly what botocore's JSON parser
would make from the wire body, and `error_response` does the same for an error; the test
suite checks both against botocore's real parser.
"""

from __future__ import annotations

import base64
import email.utils
import functools
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Callable

from botocore.model import Shape
from botocore.utils import parse_timestamp

from ._clock import to_wire_epoch
from ._entropy import random_uuid
from ._errors import KmsError
from ._model import service_model

TimestampParser = Callable[[Any], Any]
_JSON = json.JSONEncoder(separators=(",", ":"))
CONTENT_TYPE = "application/x-amz-json-1.1"


@dataclass
class WireResponse:
    status: int
    headers: dict[str, str]
    body: bytes
    parsed: dict[str, Any]
    call: Any = None  # the KmsCall logged for it, if any


def build_response(
    operation: str,
    output: Mapping[str, Any],
    now: float,
    timestamp_parser: TimestampParser = parse_timestamp,
    request_id: str | None = None,
) -> WireResponse:
    shape = service_model().operation_model(operation).output_shape
    wire = _to_wire(shape, output) if shape is not None else {}
    parsed = _to_parsed(shape, output, timestamp_parser) if shape is not None else {}
    body = _JSON.encode(wire).encode() if shape is not None else b""
    return _finish(200, body, parsed, now, request_id)


def error_response(error: KmsError, now: float, request_id: str | None = None) -> WireResponse:
    wire: dict[str, Any] = {"__type": error.code}
    parsed: dict[str, Any] = {"Error": {"Message": error.message or "", "Code": error.code}}
    if error.message is not None:
        wire["message"] = error.message
        # botocore copies a modeled error's members to the top level; every KMS error shape
        # has the single member "message".
        if error.code in _modeled_errors():
            parsed["message"] = error.message
    body = _JSON.encode(wire).encode()
    return _finish(error.status, body, parsed, now, request_id)


@functools.lru_cache(maxsize=64)
def _http_date(second: int) -> str:
    return email.utils.formatdate(second, usegmt=True)


@functools.lru_cache(maxsize=4096)
def _parsed_timestamp(parser: TimestampParser, epoch: float) -> Any:
    """botocore's parser builds a fresh tzlocal() each time; datetimes are immutable, so one
    per instant is shared."""
    return parser(epoch)


def _finish(
    status: int, body: bytes, parsed: dict[str, Any], now: float, request_id: str | None
) -> WireResponse:
    request_id = request_id or random_uuid()
    headers = {
        "x-amzn-requestid": request_id,
        "cache-control": "no-cache, no-store, must-revalidate, private",
        "expires": "0",
        "pragma": "no-cache",
        "date": _http_date(int(now)),
        "content-type": CONTENT_TYPE,
        "content-length": str(len(body)),
    }
    parsed["ResponseMetadata"] = {
        "RequestId": request_id,
        "HTTPStatusCode": status,
        "HTTPHeaders": headers,
        "RetryAttempts": 0,
    }
    return WireResponse(status, headers, body, parsed)


_MODELED_ERRORS: frozenset | None = None  # type: ignore[type-arg]


def _modeled_errors() -> frozenset:  # type: ignore[type-arg]
    global _MODELED_ERRORS
    if _MODELED_ERRORS is None:
        _MODELED_ERRORS = frozenset(shape.name for shape in service_model().error_shapes)
    return _MODELED_ERRORS


def _to_wire(shape: Shape, value: Any) -> Any:
    kind = shape.type_name
    if kind == "structure":
        return {
            name: _to_wire(shape.members[name], item)  # type: ignore[attr-defined]
            for name, item in value.items()
            if item is not None
        }
    if kind == "list":
        return [_to_wire(shape.member, item) for item in value]  # type: ignore[attr-defined]
    if kind == "map":
        return {k: _to_wire(shape.value, v) for k, v in value.items()}  # type: ignore[attr-defined]
    if kind == "blob":
        return base64.b64encode(value).decode("ascii")
    if kind == "timestamp":
        return to_wire_epoch(value)
    return value


def _to_parsed(shape: Shape, value: Any, timestamp_parser: TimestampParser) -> Any:
    kind = shape.type_name
    if kind == "structure":
        members = shape.members  # type: ignore[attr-defined]
        return {
            name: _to_parsed(members[name], v, timestamp_parser)
            for name, v in value.items()
            if v is not None
        }
    if kind == "list":
        return [_to_parsed(shape.member, v, timestamp_parser) for v in value]  # type: ignore[attr-defined]
    if kind == "map":
        return {k: _to_parsed(shape.value, v, timestamp_parser) for k, v in value.items()}  # type: ignore[attr-defined]
    if kind == "blob":
        return bytes(value)
    if kind == "timestamp":
        return _parsed_timestamp(timestamp_parser, to_wire_epoch(value))
    return value
