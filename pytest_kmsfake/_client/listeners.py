"""Whether anyone listens to a botocore event in a way that can matter to a fake's call.

botocore registers handlers of its own on the events the bridge emits. For a KMS call served
in process they change nothing: they set headers on an HTTP request that is never sent, or
fill members KMS's operations do not have (idempotency tokens, a checksum validation mode).
Emitting an event that only they hear costs a few microseconds a call (a sixth of a symmetric
call), so the bridge skips it. Any other handler (a Stubber's, a user's, one a later botocore
adds) makes the event fire exactly as before, and so does any emitter that is not
botocore's or aiobotocore's own.
"""

from __future__ import annotations

from typing import Any, Callable

from botocore import handlers as _builtin

InertWhen = Callable[[Any], bool]  # operation model -> the handler does nothing for it


def _always(_: Any) -> bool:
    return True


def _no_idempotency_token(model: Any) -> bool:
    return not model.idempotent_members


def _no_validation_mode_member(model: Any) -> bool:
    return not (model.http_checksum or {}).get("requestValidationModeMember")


# botocore's own handler (by name) -> when it cannot change the fake's call.
INERT_BUILTINS: dict[str, InertWhen] = {
    "add_recursion_detection_header": _always,  # sets a request header
    "inject_api_version_header_if_needed": _always,  # sets a request header
    "generate_idempotent_uuid": _no_idempotency_token,
    "_handle_request_validation_mode_member": _no_validation_mode_member,
}

# The handler functions themselves: a handler that merely shares a name is not inert.
_INERT: dict[Any, InertWhen] = {
    handler: inert_when
    for name, inert_when in INERT_BUILTINS.items()
    if (handler := getattr(_builtin, name, None)) is not None
}


# Emitters whose emitting does nothing but call the handlers: botocore's own classes and
# aiobotocore's. A subclass elsewhere may do more on every emit (count, trace), so it fires.
_PLAIN_EMITTER_MODULES = frozenset({"botocore.hooks", "aiobotocore.hooks"})


def listened(events: Any, event_name: str, model: Any) -> bool:
    """True unless every handler of `event_name` is an inert botocore builtin for `model`."""
    emitter = getattr(events, "_emitter", events)
    if not {type(events).__module__, type(emitter).__module__} <= _PLAIN_EMITTER_MODULES:
        return True
    lookup_cache = getattr(emitter, "_lookup_cache", None)
    registry = getattr(emitter, "_handlers", None)
    alias = getattr(events, "_alias_event_name", None)
    if not isinstance(lookup_cache, dict) or registry is None or alias is None:
        return True
    name = alias(event_name)
    handlers = lookup_cache.get(name)
    if handlers is None:
        # As the emitter itself does on a first emit; registering anything empties this cache.
        handlers = lookup_cache[name] = registry.prefix_search(name)
    for handler in handlers:
        try:
            inert_when = _INERT.get(handler)
        except TypeError:  # an unhashable callable object: certainly not botocore's
            return True
        if inert_when is None or not inert_when(model):
            return True
    return False


def parameter_events_listened(client: Any, model: Any, event_suffix: str) -> bool:
    """Whether `client._emit_api_params` would run a handler that matters."""
    events = client.meta.events
    return listened(events, "provide-client-params." + event_suffix, model) or listened(
        events, "before-parameter-build." + event_suffix, model
    )
