"""The one patch: a class-level, reversible wrapt wrapper around `BaseClient._make_api_call`.

Installed when the first fake activates and removed when the last one exits, under a lock,
so botocore is exactly as before once no fake is active. Because it patches the class, KMS
clients created before activation (module-level clients) are routed too. The active fakes'
services are process-global, not context-local, so threads and executor workers see them.

When aiobotocore is installed, its `AioBaseClient._make_api_call` coroutine (which does not
call botocore's) is patched alongside, at the same moments, and routed through
`_async_bridge`. aiobotocore is imported only if it is installed, and only on activation.

The network guard (`guard_on` / `guard_off`, reference-counted too) is a separate patch of
`_make_request` (botocore's and aiobotocore's), the step after `before-call` handlers that
hands the request to the endpoint for signing and sending: for a KMS client it raises
`KmsFakeGuardError` instead. A fake never reaches that step, and neither does a call a
`Stubber` answers, so the guard stops only KMS requests that nothing in the process answers.
`pause_guard` / `resume_guard` let requests through an installed guard for a while.
"""

from __future__ import annotations

import importlib
import importlib.util
import threading
from typing import TYPE_CHECKING, Any, Callable

import wrapt
from botocore.client import BaseClient

from .bridge import call_through_fake
from .guard import blocked

if TYPE_CHECKING:
    from .._service.service import KmsService

_lock = threading.Lock()
_active: list[KmsService] = []
_original: Any | None = None
_async_originals: list[tuple[type, str, Any]] = []  # (class, attribute, original) while routed
_guards = 0
_guard_originals: list[tuple[type, str, Any]] = []  # the same for the network guard
_guard_pauses = 0  # while above zero, the installed guard lets KMS requests through


def activate(service: KmsService) -> None:
    global _original
    with _lock:
        if not _active:
            _original = BaseClient.__dict__["_make_api_call"]
            wrapt.wrap_function_wrapper(BaseClient, "_make_api_call", _route)
            aio_client = _aio_base_client()
            if aio_client is not None:
                _async_originals[:] = _wrap(aio_client, "_make_api_call", _route_async)
        _active.append(service)


def deactivate(service: KmsService) -> None:
    global _original
    with _lock:
        # Remove this service's most recent activation, wherever it is in the stack.
        for index in range(len(_active) - 1, -1, -1):
            if _active[index] is service:
                del _active[index]
                break
        if not _active and _original is not None:
            setattr(BaseClient, "_make_api_call", _original)  # noqa: B010 (a private method)
            _original = None
            _unwrap(_async_originals)


def active_service() -> KmsService | None:
    """The service of the innermost active fake, or None."""
    active = _active
    return active[-1] if active else None


def is_installed() -> bool:
    return _original is not None


def _route(
    wrapped: Callable[..., Any], client: BaseClient, args: tuple[Any, ...], kwargs: dict[str, Any]
) -> Any:
    service = active_service()
    if service is None or client.meta.service_model.service_name != "kms":
        return wrapped(*args, **kwargs)
    operation_name, api_params = _call_arguments(*args, **kwargs)
    return call_through_fake(service, client, operation_name, api_params)


def _route_async(
    wrapped: Callable[..., Any], client: Any, args: tuple[Any, ...], kwargs: dict[str, Any]
) -> Any:
    """Returns the coroutine the caller awaits: aiobotocore's own, or the fake's."""
    service = active_service()
    if service is None or client.meta.service_model.service_name != "kms":
        return wrapped(*args, **kwargs)
    from .async_bridge import acall_through_fake

    operation_name, api_params = _call_arguments(*args, **kwargs)
    return acall_through_fake(service, client, operation_name, api_params)


def _call_arguments(operation_name: str, api_params: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    return operation_name, api_params


# --- the network guard ------------------------------------------------------------------------


def guard_on() -> None:
    """Make every KMS request that no fake (or before-call handler) answers raise
    `KmsFakeGuardError` before it is signed or sent, until the matching `guard_off`."""
    global _guards
    with _lock:
        _guards += 1
        if _guards == 1:
            _guard_originals[:] = _wrap(BaseClient, "_make_request", _guard)
            aio_client = _aio_base_client()
            if aio_client is not None:
                _guard_originals.extend(_wrap(aio_client, "_make_request", _guard_async))


def guard_off() -> None:
    global _guards
    with _lock:
        if _guards == 0:
            return
        _guards -= 1
        if _guards == 0:
            _unwrap(_guard_originals)


def guard_is_on() -> bool:
    return bool(_guard_originals)


def pause_guard() -> None:
    """Let KMS requests through the installed guard (for one test, say, that moto serves)
    until the matching `resume_guard`."""
    global _guard_pauses
    with _lock:
        _guard_pauses += 1


def resume_guard() -> None:
    global _guard_pauses
    with _lock:
        if _guard_pauses > 0:
            _guard_pauses -= 1


def _stops(client: Any) -> bool:
    return client.meta.service_model.service_name == "kms" and _guard_pauses == 0


def _guard(
    wrapped: Callable[..., Any], client: BaseClient, args: tuple[Any, ...], kwargs: dict[str, Any]
) -> Any:
    __tracebackhide__ = True  # pytest shows the caller's line, not this one
    if _stops(client):
        raise blocked(client, *args, **kwargs)
    return wrapped(*args, **kwargs)


def _guard_async(
    wrapped: Callable[..., Any], client: Any, args: tuple[Any, ...], kwargs: dict[str, Any]
) -> Any:
    if _stops(client):
        return _raise_async(blocked(client, *args, **kwargs))
    return wrapped(*args, **kwargs)


async def _raise_async(error: Exception) -> Any:
    raise error


# --- patching helpers -------------------------------------------------------------------------

_aio_checked = False
_aio_client: type | None = None


def _aio_base_client() -> type | None:
    """aiobotocore's `AioBaseClient` if aiobotocore is installed (imported on first need);
    None otherwise, without importing anything."""
    global _aio_checked, _aio_client
    if not _aio_checked:
        _aio_checked = True
        if importlib.util.find_spec("aiobotocore") is not None:
            try:
                module = importlib.import_module("aiobotocore.client")
            except ImportError:  # installed but unusable: its clients cannot run either
                return None
            _aio_client = getattr(module, "AioBaseClient", None)
    return _aio_client


def _wrap(owner: type, name: str, wrapper: Callable[..., Any]) -> list[tuple[type, str, Any]]:
    original = owner.__dict__.get(name)
    if original is None:  # inherited: the patch of the class that defines it applies
        return []
    wrapt.wrap_function_wrapper(owner, name, wrapper)
    return [(owner, name, original)]


def _unwrap(originals: list[tuple[type, str, Any]]) -> None:
    for owner, name, original in reversed(originals):
        setattr(owner, name, original)
    originals.clear()
