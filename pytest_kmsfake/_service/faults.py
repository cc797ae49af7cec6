"""Fault injection: make calls fail with a chosen AWS error, to rehearse what production throws.

A fault matches calls by operation and by key, fails a number of times or with a probability
under a seed, and may delay the answer. Faults are consumed in the order they were added.
"""

from __future__ import annotations

import random
import threading
import time
from dataclasses import dataclass, field
from typing import Any, Callable

from .._rules.errors import KmsError

# Default messages for injected errors. UNVERIFIED: AWS's texts for these were not recorded
# (ThrottlingException's "Rate exceeded" is what AWS SDK users commonly report).
DEFAULT_MESSAGES: dict[str, str | None] = {
    "ThrottlingException": "Rate exceeded",
    "KMSInternalException": "An internal error occurred.",
    "DependencyTimeoutException": "The system timed out while trying to fulfill the request.",
    "KeyUnavailableException": "The request was rejected because the specified KMS key was not "
    "available.",
    "InvalidCiphertextException": None,
    "KMSInvalidSignatureException": None,
    "KMSInvalidMacException": None,
}

_DEFAULT_MESSAGE: Any = object()

# Request members that name a key, looked at when a fault is limited to one key.
KEY_MEMBERS = ("KeyId", "SourceKeyId", "DestinationKeyId", "TargetKeyId")


@dataclass
class Fault:
    """One injected fault. `remaining` is None for a fault that lasts until removed."""

    error: str | None
    message: str | None
    operation: str | None
    key: str | None
    remaining: int | None
    probability: float | None
    delay: float
    optional: bool
    hits: int = 0
    _random: random.Random = field(default_factory=random.Random, repr=False)

    @property
    def exhausted(self) -> bool:
        return self.remaining is not None and self.remaining <= 0

    def describe(self) -> str:
        where = f"{self.operation or 'every operation'}" + (f" on {self.key}" if self.key else "")
        what = self.error or f"a {self.delay}s delay"
        left = "" if self.remaining is None else f", {self.remaining} left"
        return f"{what} for {where} ({self.hits} injected{left})"


class Faults:
    """The faults of one fake, matched and consumed under a lock."""

    def __init__(self, sleep: Callable[[float], None] = time.sleep) -> None:
        self._faults: list[Fault] = []
        self._lock = threading.Lock()
        self._sleep = sleep

    def add(
        self,
        error: str | None = "ThrottlingException",
        *,
        operation: str | None = None,
        key: str | None = None,
        times: int | None = 1,
        probability: float | None = None,
        seed: int | None = None,
        delay: float = 0.0,
        message: Any = _DEFAULT_MESSAGE,
        optional: bool = False,
    ) -> Fault:
        if times is not None and times < 1:
            raise ValueError("times must be at least 1, or None for a fault that lasts")
        if probability is not None and not 0.0 <= probability <= 1.0:
            raise ValueError("probability must be between 0 and 1")
        if error is None and delay <= 0:
            raise ValueError("a fault needs an error, a delay, or both")
        if message is _DEFAULT_MESSAGE:
            message = DEFAULT_MESSAGES.get(error or "", f"Injected {error}.")
        fault = Fault(
            error=error,
            message=message,
            operation=operation,
            key=key,
            remaining=times,
            probability=probability,
            delay=delay,
            optional=optional or probability is not None,
            _random=random.Random(seed),
        )
        with self._lock:
            self._faults.append(fault)
        return fault

    def clear(self) -> None:
        with self._lock:
            self._faults.clear()

    def __iter__(self) -> Any:
        with self._lock:
            return iter(list(self._faults))

    def apply(self, operation: str, key_ids: Callable[[str], str | None], params: Any) -> None:
        """Sleep and/or raise for the first live fault that matches this call."""
        if not self._faults:  # the usual case, on every call: no lock needed to see it
            return
        fault = self._take(operation, key_ids, params)
        if fault is None:
            return
        if fault.delay:
            self._sleep(fault.delay)
        if fault.error is not None:
            raise KmsError(fault.error, fault.message, injected=True)

    def unconsumed(self) -> list[Fault]:
        return [f for f in self if not f.optional and f.remaining is not None and f.remaining > 0]

    def _take(
        self, operation: str, key_ids: Callable[[str], str | None], params: Any
    ) -> Fault | None:
        with self._lock:
            for fault in self._faults:
                if fault.exhausted or fault.operation not in (None, operation):
                    continue
                if fault.key is not None and not self._names_key(fault.key, key_ids, params):
                    continue
                if fault.probability is not None and fault._random.random() >= fault.probability:
                    continue
                fault.hits += 1
                if fault.remaining is not None:
                    fault.remaining -= 1
                return fault
        return None

    @staticmethod
    def _names_key(wanted: str, key_ids: Callable[[str], str | None], params: Any) -> bool:
        wanted_id = key_ids(wanted) or wanted
        for member in KEY_MEMBERS:
            value = params.get(member)
            if isinstance(value, str) and (value == wanted or key_ids(value) == wanted_id):
                return True
        blob = params.get("CiphertextBlob")
        if isinstance(blob, (bytes, bytearray)):
            from .._crypto.symmetric import CiphertextError, parse

            try:
                arn = parse(bytes(blob)).key_arn
            except CiphertextError:
                return False
            return key_ids(arn) == wanted_id
        return False
