"""The control API under `/_kmsfake/`: what a test's own process does with the fake's helpers,
for a test driver in another process (docs/serving.md lists the routes).

    GET    /_kmsfake/health                  {"ok": true}
    GET    /_kmsfake/calls                   the call log, oldest first
    DELETE /_kmsfake/calls                   forget the calls
    POST   /_kmsfake/keys/<key>/state        {"state": "Disabled", "region": "..."}
    POST   /_kmsfake/faults                  inject_fault's keywords, e.g. {"error": "...",
                                             "operation": "Encrypt", "times": 2}
    DELETE /_kmsfake/faults                  clear every fault
    POST   /_kmsfake/reset                   forget every key, alias and call

Answers are JSON: 200 with a value, 400 {"error": ...} for a request the fake refuses, 404
for an unknown route. Blobs in logged params and responses are base64 text, datetimes ISO
8601.
"""

from __future__ import annotations

import base64
import datetime
import json
from collections.abc import Mapping
from typing import Any, Callable, Protocol
from urllib.parse import unquote, urlsplit

from .._state.calls import CallLog, KmsCall

PREFIX = "/_kmsfake/"


class Controlled(Protocol):
    """What the control API drives: the fake's test helpers (`KmsFake` has them all)."""

    @property
    def calls(self) -> CallLog: ...

    def set_key_state(self, reference: str, state: str, region: str | None = None) -> None: ...

    @property
    def inject_fault(self) -> Callable[..., Any]: ...

    def clear_faults(self) -> None: ...

    def reset(self) -> None: ...


def jsonable(value: Any) -> Any:
    if isinstance(value, (bytes, bytearray, memoryview)):
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, (datetime.datetime, datetime.date)):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(key): jsonable(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(item) for item in value]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def call_record(call: KmsCall) -> dict[str, Any]:
    response = None
    if call.response is not None:
        response = {k: v for k, v in call.response.items() if k != "ResponseMetadata"}
    record: dict[str, Any] = jsonable(
        {
            "operation": call.operation,
            "region": call.region,
            "account_id": call.account_id,
            "params": call.params,
            "response": response,
            "error": call.error,
            "error_message": call.error_message,
            "injected": call.injected,
        }
    )
    return record


class ControlRoutes:
    def __init__(self, fake: Controlled) -> None:
        self.fake = fake

    def handle(self, method: str, path: str, body: bytes) -> tuple[int, Any]:
        route = [unquote(part) for part in urlsplit(path).path[len(PREFIX) :].split("/") if part]
        try:
            document = json.loads(body) if body.strip() else {}
            if not isinstance(document, dict):
                raise ValueError("the body must be a JSON object")
            return self._route(method, route, document)
        except (ValueError, LookupError, TypeError) as refused:
            return 400, {"error": str(refused)}

    def _route(self, method: str, route: list[str], body: dict[str, Any]) -> tuple[int, Any]:
        fake = self.fake
        if route == ["health"] and method == "GET":
            return 200, {"ok": True}
        if route == ["calls"] and method == "GET":
            return 200, [call_record(call) for call in fake.calls]
        if route == ["calls"] and method == "DELETE":
            fake.calls.clear()
            return 200, {"ok": True}
        if len(route) == 3 and route[0] == "keys" and route[2] == "state" and method == "POST":
            fake.set_key_state(route[1], str(body["state"]), body.get("region"))
            return 200, {"ok": True}
        if route == ["faults"] and method == "POST":
            fault = fake.inject_fault(**body)
            return 200, {"ok": True, "fault": str(getattr(fault, "describe", lambda: fault)())}
        if route == ["faults"] and method == "DELETE":
            fake.clear_faults()
            return 200, {"ok": True}
        if route == ["reset"] and method == "POST":
            fake.reset()
            return 200, {"ok": True}
        return 404, {"error": f"no control route {method} {PREFIX}{'/'.join(route)}"}
