"""Operation name -> handler. A handler takes the call context and the normalized params and
returns the response members (bytes for blobs, epoch seconds for timestamps)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Callable

from ..._rules.errors import UnsupportedByFake, dry_run_succeeded
from ..context import CallContext

Params = Mapping[str, Any]
Output = dict[str, Any]
Handler = Callable[[CallContext, Params], Output]

HANDLERS: dict[str, Handler] = {}


def operation(name: str) -> Callable[[Handler], Handler]:
    def register(handler: Handler) -> Handler:
        HANDLERS[name] = handler
        return handler

    return register


def stop_if_dry_run(params: Params) -> None:
    """Called by a handler once every check has passed and before anything happens."""
    if params.get("DryRun"):
        raise dry_run_succeeded()


def refuse_recipient(params: Params, operation: str) -> None:
    """Nitro Enclaves attestation (Recipient) is not modeled: refuse it loudly."""
    if "Recipient" in params:
        raise UnsupportedByFake(f"{operation} with a Nitro Enclaves Recipient")
