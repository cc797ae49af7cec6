"""The bridge for aiobotocore (and so aioboto3) clients: `_bridge.call_steps`, awaited.

Runs in place of aiobotocore's `AioBaseClient._make_api_call` coroutine for KMS clients while
a fake is active. aiobotocore's clients emit their events through an async emitter, and
their retry handlers are coroutines; the call itself is the sync bridge's `call_steps`, step
for step: the same request dict, the same service (which is synchronous), the same retry
decision through the client's `needs-retry` handlers, the same modeled exceptions. Only the
driver differs: it awaits what the steps ask for.

This module never imports aiobotocore: the seam imports it only after aiobotocore itself was
imported.
"""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Callable

from botocore.hooks import first_non_none_response

from .bridge import (
    EMIT,
    EMIT_API_PARAMS,
    EMIT_FIRST_RESPONSE,
    EMIT_UNTIL_RESPONSE,
    SERVE,
    _Response,
    call_steps,
)

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
    """The async driver of `_bridge.call_steps`: the same steps, awaited."""
    steps = call_steps(service, client, operation_name, api_params, _AsyncResponse)
    events: Any = client.meta.events
    answer: Any = None
    try:
        while True:
            kind, subject, arguments = steps.send(answer)
            if kind == SERVE:
                answer = await _serve(service, subject)
            elif kind == EMIT:
                answer = await _resolved(events.emit(subject, **arguments))
            elif kind == EMIT_UNTIL_RESPONSE:
                response = await _resolved(events.emit_until_response(subject, **arguments))
                answer = response[1] if response else None
            elif kind == EMIT_FIRST_RESPONSE:
                responses = await _resolved(events.emit(subject, **arguments))
                answer = await _resolved(first_non_none_response(responses))
            elif kind == EMIT_API_PARAMS:
                answer = await _resolved(client._emit_api_params(**arguments))
            else:  # SLEEP: other tasks run while a retry waits
                await asyncio.sleep(subject)
                answer = None
    except StopIteration as done:
        return done.value


async def _serve(service: KmsService, serve: Callable[[], Any]) -> Any:
    """One attempt. An injected fault with a delay sleeps inside the fake; while one is
    pending the attempt runs in a worker thread, so the delay does not block the event loop
    (and `asyncio.wait_for` timeouts fire as they would against a slow endpoint)."""
    if any(fault.delay and not fault.exhausted for fault in service.faults):
        return await asyncio.get_running_loop().run_in_executor(None, serve)
    return serve()
