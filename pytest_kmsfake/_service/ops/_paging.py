"""Limit/Marker/Truncated/NextMarker pagination shared by the List* operations."""

from __future__ import annotations

import base64
from collections.abc import Mapping, Sequence
from typing import Any, TypeVar

from ..._rules import errors
from ..._rules.limits import LIST_LIMITS

T = TypeVar("T")


def page(
    operation: str, items: Sequence[T], params: Mapping[str, Any]
) -> tuple[list[T], dict[str, Any]]:
    """One page of `items` and the Truncated/NextMarker members to return with it."""
    limits = LIST_LIMITS[operation]
    limit = params.get("Limit", limits.default)
    if limit > limits.maximum:
        raise errors.validation(
            f"1 validation error detected: Value '{limit}' at 'limit' failed to satisfy "
            f"constraint: Member must have value less than or equal to {limits.maximum}"
        )
    start = _decode(operation, params["Marker"]) if "Marker" in params else 0
    chunk = list(items[start : start + limit])
    end = start + len(chunk)
    if end < len(items):
        return chunk, {"Truncated": True, "NextMarker": _encode(operation, end)}
    return chunk, {"Truncated": False}


def _encode(operation: str, index: int) -> str:
    return base64.urlsafe_b64encode(f"{operation}:{index}".encode()).decode()


def _decode(operation: str, marker: str) -> int:
    try:
        name, index = base64.urlsafe_b64decode(marker.encode()).decode().split(":")
        if name == operation and int(index) >= 0:
            return int(index)
    except (ValueError, UnicodeError):
        pass
    # INFERRED: the code is modeled for every List*; AWS's text for it was not recorded.
    raise errors.KmsError("InvalidMarkerException", "Marker is not valid.")
