"""The fake's only source of time, read at call time so freezegun and time-machine move it."""

from __future__ import annotations

import time

SECONDS_PER_DAY = 86_400


def now() -> float:
    """Seconds since the epoch, from `time.time` as patched (or not) at this very moment."""
    return time.time()


def to_wire_epoch(seconds: float) -> float:
    """KMS sends timestamps as epoch seconds with millisecond precision."""
    return round(seconds, 3)
