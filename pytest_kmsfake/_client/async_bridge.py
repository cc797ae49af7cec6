"""The bridge for aiobotocore (and so aioboto3) clients: `_bridge` with the events awaited.

Runs in place of aiobotocore's `AioBaseClient._make_api_call` coroutine for KMS clients while
a fake is active. aiobotocore's clients emit their events through an async emitter, and
their retry handlers are coroutines; everything else is the sync bridge's own code: the same
request dict, the same fake (which is synchronous), the same retry decision through the
client's `needs-retry` handlers, the same modeled exceptions.

This module never imports aiobotocore: the seam imports it only after aiobotocore itself was
imported.
"""

from __future__ import annotations

import asyncio
import functools
import inspect
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from botocore.hooks import first_non_none_response

from .._service.wire import WireResponse
from .bridge import (
    _refuse_unknown_region,
    _Response,
    before_call_event,
    client_error,
    note_retry,
    prepare_call,
    retry_event,
    serve_once,
    validate_request,
)
from .listeners import parameter_events_listened

if TYPE_CHECKING:
    from .._service.service import KmsService


class _AsyncResponse(_Response):
    """The HTTP response aiobotocore's handlers see: like its `AioAWSResponse`, `content`
    and `text` are awaitables."""

    @property
    def content(self) -> Any:
        return self._awaitable_content()

    @property
    def text(self) -> Any:
        return self._awaitable_text()

    async def _awaitable_content(self) -> bytes:
        return bytes(self._content)

    async def _awaitable_text(self) -> str:
        return bytes(self._content).decode("utf-8")


async def _resolved(value: Any) -> Any:
    """aiobotocore's emitter and parameter hooks return awaitables; tolerate plain values."""
    return await value if inspect.isawaitable(value) else value


async def acall_through_fake(
    service: KmsService, client: Any, operation_name: str, api_params: Mapping[str, Any]
) -> Any:
    caller_params = dict(api_params)  # before any parameter handler can change it
    operation_model, request_dict, event_suffix = prepare_call(client, operation_name)
    request_context = request_dict["context"]
    if parameter_events_listened(client, operation_model, event_suffix):
        api_params = await _resolved(
            client._emit_api_params(
                api_params=api_params, operation_model=operation_model, context=request_context
            )
        )
    validate_request(client, operation_model, api_params)

    events: Any = client.meta.events
    answer = None
    before_call = before_call_event(client, operation_model, request_dict, event_suffix)
    if before_call is not None:
        answer = await _resolved(events.emit_until_response(before_call[0], **before_call[1]))
    event_response = answer[1] if answer else None
    if event_response is not None:  # an AioStubber (or another before-call handler) answered
        http, parsed = event_response
    else:
        _refuse_unknown_region(client)
        http, parsed = await _serve_with_retries(
            service, client, operation_model, api_params, caller_params, request_dict
        )

    await _resolved(
        events.emit(
            "after-call." + event_suffix,
            http_response=http,
            parsed=parsed,
            model=operation_model,
            context=request_context,
        )
    )
    if http.status_code >= 300:
        raise client_error(client, parsed, operation_name)
    return parsed


async def _serve_with_retries(
    service: KmsService,
    client: Any,
    operation_model: Any,
    api_params: Mapping[str, Any],
    caller_params: Mapping[str, Any],
    request_dict: dict[str, Any],
) -> tuple[Any, dict[str, Any]]:
    """`_bridge._serve_with_retries`, awaiting the client's retry handlers and sleeping with
    asyncio, so other tasks run while a retry waits."""
    retries = request_dict["context"].setdefault("retries", {})
    attempts = 1
    while True:
        retries["attempt"] = attempts
        wire, http = await _serve_once(service, client, operation_model, api_params, caller_params)
        if wire.status < 300:  # botocore's retry handlers never retry a success
            break
        event_name, arguments = retry_event(
            client, operation_model, request_dict, attempts, http, wire
        )
        responses = await _resolved(client.meta.events.emit(event_name, **arguments))
        delay = note_retry(wire, await _resolved(first_non_none_response(responses)))
        if delay is None:
            break
        if service.options.sleep_on_retry:
            await asyncio.sleep(delay)
        attempts += 1
    wire.parsed["ResponseMetadata"]["RetryAttempts"] = attempts - 1
    return http, wire.parsed


async def _serve_once(
    service: KmsService,
    client: Any,
    operation_model: Any,
    api_params: Mapping[str, Any],
    caller_params: Mapping[str, Any],
) -> tuple[WireResponse, _Response]:
    """One attempt. An injected fault with a delay sleeps inside the fake; while one is
    pending the attempt runs in a worker thread, so the delay does not block the event loop
    (and `asyncio.wait_for` timeouts fire as they would against a slow endpoint)."""
    serve = functools.partial(
        serve_once, service, client, operation_model, api_params, caller_params, _AsyncResponse
    )
    if any(fault.delay and not fault.exhausted for fault in service.faults):
        return await asyncio.get_running_loop().run_in_executor(None, serve)
    return serve()
