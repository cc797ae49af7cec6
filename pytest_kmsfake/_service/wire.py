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

from .._crypto.entropy import random_uuid
from .._rules.errors import KmsError
from .._rules.model import service_model
from .._state.clock import to_wire_epoch

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


# Converters are compiled once per output shape: only blob, timestamp and container members
# need work, and absent (None) members are dropped. Members the installed botocore does not
# model are dropped too, as its parser would ignore them.
Converter = Callable[[Any], Any]


@functools.cache
def _wire_converter(shape: Shape) -> Converter | None:
    """Handler output -> the JSON wire value; None when the value passes unchanged."""
    kind = shape.type_name
    if kind == "structure":
        return _structure_converter(
            {name: _wire_converter(member) for name, member in shape.members.items()}  # type: ignore[attr-defined]
        )
    if kind == "list":
        return _list_converter(_wire_converter(shape.member))  # type: ignore[attr-defined]
    if kind == "map":
        return _map_converter(_wire_converter(shape.value))  # type: ignore[attr-defined]
    if kind == "blob":
        return lambda value: base64.b64encode(value).decode("ascii")
    if kind == "timestamp":
        return to_wire_epoch
    return None


@functools.cache
def _parsed_converter(shape: Shape, parser: TimestampParser) -> Converter | None:
    """Handler output -> what botocore's parser returns; None when it passes unchanged."""
    kind = shape.type_name
    if kind == "structure":
        return _structure_converter(
            {name: _parsed_converter(m, parser) for name, m in shape.members.items()}  # type: ignore[attr-defined]
        )
    if kind == "list":
        return _list_converter(_parsed_converter(shape.member, parser))  # type: ignore[attr-defined]
    if kind == "map":
        return _map_converter(_parsed_converter(shape.value, parser))  # type: ignore[attr-defined]
    if kind == "blob":
        return bytes
    if kind == "timestamp":
        return lambda value: _parsed_timestamp(parser, to_wire_epoch(value))
    return None


def _structure_converter(plans: dict[str, Converter | None]) -> Converter:
    def convert(value: Mapping[str, Any]) -> dict[str, Any]:
        out = {}
        for name, item in value.items():
            if item is None or name not in plans:
                continue
            plan = plans[name]
            out[name] = item if plan is None else plan(item)
        return out

    return convert


def _list_converter(inner: Converter | None) -> Converter:
    if inner is None:
        return list
    return lambda value: [inner(item) for item in value]


def _map_converter(inner: Converter | None) -> Converter:
    if inner is None:
        return dict
    return lambda value: {key: inner(item) for key, item in value.items()}


def _to_wire(shape: Shape, value: Any) -> Any:
    convert = _wire_converter(shape)
    return value if convert is None else convert(value)


def _to_parsed(shape: Shape, value: Any, timestamp_parser: TimestampParser) -> Any:
    convert = _parsed_converter(shape, timestamp_parser)
    return value if convert is None else convert(value)
