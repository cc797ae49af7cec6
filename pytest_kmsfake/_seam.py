"""The one patch: a class-level, reversible wrapt wrapper around `BaseClient._make_api_call`.

Installed when the first fake activates and removed when the last one exits, under a lock,
so botocore is exactly as before once no fake is active. Because it patches the class, KMS
clients created before activation (module-level clients) are routed too. The active fakes
are process-global, not context-local, so threads and executor workers see them.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any, Callable

import wrapt
from botocore.client import BaseClient

from ._bridge import call_through_fake

if TYPE_CHECKING:
    from ._fake import KmsFake

_lock = threading.Lock()
_active: list[KmsFake] = []
_original: Any | None = None


def activate(fake: KmsFake) -> None:
    global _original
    with _lock:
        if not _active:
            _original = BaseClient.__dict__["_make_api_call"]
            wrapt.wrap_function_wrapper(BaseClient, "_make_api_call", _route)
        _active.append(fake)


def deactivate(fake: KmsFake) -> None:
    global _original
    with _lock:
        # Remove this fake's most recent activation, wherever it is in the stack.
        for index in range(len(_active) - 1, -1, -1):
            if _active[index] is fake:
                del _active[index]
                break
        if not _active and _original is not None:
            setattr(BaseClient, "_make_api_call", _original)  # noqa: B010 (a private method)
            _original = None


def active_fake() -> KmsFake | None:
    """The innermost active fake, or None."""
    active = _active
    return active[-1] if active else None


def is_installed() -> bool:
    return _original is not None


def _route(
    wrapped: Callable[..., Any], client: BaseClient, args: tuple[Any, ...], kwargs: dict[str, Any]
) -> Any:
    fake = active_fake()
    if fake is None or client.meta.service_model.service_name != "kms":
        return wrapped(*args, **kwargs)
    operation_name, api_params = _call_arguments(*args, **kwargs)
    return call_through_fake(fake, client, operation_name, api_params)


def _call_arguments(operation_name: str, api_params: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    return operation_name, api_params
