"""The call log: every KMS call the fake served, and assertions over it."""

from __future__ import annotations

import difflib
import functools
import threading
from collections import deque
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, overload

from .._rules.model import operation_names
from . import cloudtrail as _cloudtrail
from .cloudtrail import KeyLike, ServiceEvent
from .cloudtrail_identity import Identity


@dataclass(frozen=True)
class Decision:
    """Why one action of one call was allowed or denied."""

    operation: str
    action: str  # e.g. "kms:Decrypt"
    resource: str
    principal: str
    allowed: bool
    reasons: tuple[str, ...]
    message: str | None = None  # the AccessDeniedException message, when denied

    def __str__(self) -> str:
        verdict = "allowed" if self.allowed else "denied"
        head = f"{self.action} on {self.resource} by {self.principal}: {verdict}"
        return "\n".join([head, *(f"  - {reason}" for reason in self.reasons)])


@dataclass
class KmsCall:
    """One call as the code under test made it, and what the fake answered."""

    operation: str
    params: Mapping[str, Any]  # exactly as the caller passed them
    region: str
    account_id: str
    response: Mapping[str, Any] | None  # the parsed response, None when the call failed
    error: str | None  # the AWS error code, None on success
    error_message: str | None = None
    injected: bool = False  # the error was injected with KmsFake.inject_fault
    # Seconds botocore's retry mode chose to wait before retrying this failed attempt; None
    # when it did not retry.
    retry_delay: float | None = None
    # With access control enforced: each authorization decision the call needed, in order
    # (see `KmsFake.explain`).
    access: tuple[Decision, ...] = ()
    # Which of the fake's own rules refused the call, when one did (a region rule, say).
    reason: str | None = None
    # For its CloudTrail event: the request id the response carried, when the call was made
    # (the fake's clock), who made it (None: the account's root), the client's user agent and
    # access key when known, and the keys the call used, in order.
    request_id: str | None = None
    time: float | None = None
    caller: Identity | None = None
    user_agent: str | None = None
    access_key_id: str | None = None
    keys: tuple[KeyLike, ...] = ()
    trail: Mapping[str, Any] = field(default_factory=dict)  # additionalEventData it adds

    @property
    def succeeded(self) -> bool:
        return self.error is None

    def matches(self, operation: str | None = None, **params: Any) -> bool:
        """True when this call is of `operation` and its params include `params`."""
        if operation is not None and self.operation != operation:
            return False
        return all(name in self.params and self.params[name] == v for name, v in params.items())

    def cloudtrail(self) -> dict[str, Any]:
        """The call as the CloudTrail event AWS KMS writes for it: a JSON-serializable dict,
        built now (nothing of it is kept while the call is served)."""
        return _cloudtrail.api_event(self)

    def describe(self) -> str:
        shown = ", ".join(f"{name}={_short(value)}" for name, value in self.params.items())
        outcome = "ok" if self.error is None else self.error
        if self.injected:
            outcome += " (injected)"
        if self.retry_delay is not None:
            outcome += f", retried after {self.retry_delay:.3f}s"
        if self.reason is not None:
            outcome += f" [{self.reason}]"
        return f"{self.operation}({shown}) in {self.region} -> {outcome}"


class CallLog(Sequence[KmsCall]):
    """An ordered, thread-safe list of `KmsCall`, with the helpers tests reach for."""

    def __init__(self, limit: int | None = None) -> None:
        # With a limit, only the most recent `limit` calls are kept, so a long test's memory
        # stays bounded; `call_count` still counts every call.
        self._calls: deque[KmsCall] = deque(maxlen=limit)
        self._lock = threading.Lock()
        self._total = 0
        # What KMS did by itself (deletion, rotation, expiry), each with the number of calls
        # logged before it, so that `cloudtrail` puts it in its place.
        self._service_events: deque[tuple[int, ServiceEvent]] = deque(maxlen=limit)

    def append(self, call: KmsCall) -> None:
        with self._lock:
            self._calls.append(call)
            self._total += 1

    def clear(self) -> None:
        with self._lock:
            self._calls.clear()
            self._service_events.clear()
            self._total = 0

    def add_service_event(self, event: ServiceEvent) -> None:
        with self._lock:
            self._service_events.append((self._total, event))

    @property
    def service_events(self) -> list[ServiceEvent]:
        """What KMS did by itself as the clock passed: deletions, automatic rotations and
        expiries of imported key material, in the order the fake carried them out."""
        with self._lock:
            return [event for _, event in self._service_events]

    def cloudtrail(self) -> list[dict[str, Any]]:
        """Every call and service event as the CloudTrail events AWS KMS writes, in order.
        Calls the fake could not serve (KmsFakeUnsupported) reached no KMS and have none."""
        with self._lock:
            calls = list(self._calls)
            pending = list(self._service_events)
            first = self._total - len(calls)
        events: list[dict[str, Any]] = []
        waiting = 0
        for index, call in enumerate(calls, first):
            batch: list[ServiceEvent] = []
            while waiting < len(pending) and pending[waiting][0] <= index:
                batch.append(pending[waiting][1])
                waiting += 1
            events.extend(event.cloudtrail() for event in sorted(batch, key=_when))
            if call.request_id is not None:
                events.append(call.cloudtrail())
        rest = sorted((event for _, event in pending[waiting:]), key=_when)
        events.extend(event.cloudtrail() for event in rest)
        return events

    @property
    def dropped(self) -> int:
        """Calls no longer kept because of the call_log_limit option."""
        return self._total - len(self._calls)

    @overload
    def __getitem__(self, index: int) -> KmsCall: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[KmsCall]: ...

    def __getitem__(self, index: Any) -> Any:
        with self._lock:
            if isinstance(index, slice):
                return list(self._calls)[index]
            return self._calls[index]

    def __len__(self) -> int:
        return len(self._calls)

    def __iter__(self) -> Iterator[KmsCall]:
        with self._lock:
            return iter(list(self._calls))

    def __repr__(self) -> str:
        return f"<CallLog of {len(self)} calls>"

    @property
    def last(self) -> KmsCall:
        """The most recent call; IndexError-free failure message when there is none."""
        with self._lock:
            if not self._calls:
                raise AssertionError("No KMS call was made.")
            return self._calls[-1]

    @property
    def called(self) -> bool:
        return bool(self._calls)

    @property
    def call_count(self) -> int:
        """Every call made, including any the call_log_limit option no longer keeps."""
        return self._total

    def filter(self, operation: str | None = None, **params: Any) -> list[KmsCall]:
        """The calls of `operation` (any, if None) whose params include `params`. An
        operation KMS does not have is a ValueError, naming the nearest one it has."""
        if operation is not None:
            check_operation(operation)
        return [call for call in self if call.matches(operation, **params)]

    def since(self, position: int) -> CallLog:
        """The calls made after `position`, an earlier `call_count`: what one test did with a
        fake shared by several. A new `CallLog` (a snapshot), with the same helpers:
        ``start = fake.calls.call_count`` ... ``fake.calls.since(start).assert_called_once(...)``.
        """
        if not isinstance(position, int) or isinstance(position, bool) or position < 0:
            raise ValueError(f"since() takes an earlier call_count, got {position!r}")
        view = CallLog()
        with self._lock:
            if position > self._total:  # not a count this log has had
                raise ValueError(
                    f"since() takes an earlier call_count, got {position!r}; "
                    f"the count is {self._total}"
                )
            first_kept = self._total - len(self._calls)  # calls the limit dropped come first
            view._calls.extend(list(self._calls)[max(0, position - first_kept) :])
            view._total = self._total - position
        return view

    def operations(self) -> list[str]:
        return [call.operation for call in self]

    def assert_called(self, operation: str, **params: Any) -> KmsCall:
        """Some call of `operation` had these params (a subset match). Returns the last one."""
        found = self.filter(operation, **params)
        if not found:
            wanted = f"{operation}({', '.join(f'{k}={v!r}' for k, v in params.items())})"
            raise AssertionError(f"Expected a KMS call {wanted}.\n{self._summary()}")
        return found[-1]

    def assert_called_once(self, operation: str, **params: Any) -> KmsCall:
        found = self.filter(operation, **params)
        if len(found) != 1:
            raise AssertionError(
                f"Expected exactly one {operation} call matching {params!r}, "
                f"found {len(found)}.\n{self._summary()}"
            )
        return found[0]

    def assert_not_called(self, operation: str, **params: Any) -> None:
        found = self.filter(operation, **params)
        if found:
            raise AssertionError(
                f"Expected no {operation} call matching {params!r}, found {len(found)}.\n"
                f"{self._summary()}"
            )

    def counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for call in self:
            counts[call.operation] = counts.get(call.operation, 0) + 1
        return counts

    def _summary(self) -> str:
        calls = list(self)
        if not calls:
            return "No KMS calls were made."
        lines = [f"  {i}. {call.describe()}" for i, call in enumerate(calls, 1)]
        return "KMS calls made:\n" + "\n".join(lines)


def _when(event: ServiceEvent) -> float:
    return event.time


@functools.cache
def _known() -> frozenset[str]:
    return frozenset(operation_names())


@functools.cache
def _by_folded_name() -> dict[str, str]:
    return {name.lower(): name for name in operation_names()}


def check_operation(operation: str) -> None:
    """Refuse a name that is not an operation of botocore's KMS model: an assertion about
    calls of an operation that does not exist would pass or fail for the wrong reason."""
    if operation in _known():
        return
    spelled = _by_folded_name().get(operation.replace("_", "").replace("-", "").lower())
    if spelled is not None:
        raise ValueError(
            f"{operation!r} is not a KMS operation name: the call log names operations as "
            f"KMS does, {spelled!r}"
        )
    nearest = difflib.get_close_matches(operation, operation_names(), n=1)
    refusal = f"{operation!r} is not a KMS operation (botocore's KMS model has no such operation)"
    raise ValueError(refusal + (f"; did you mean {nearest[0]!r}?" if nearest else ""))


def _short(value: Any) -> str:
    """Long blobs (ciphertexts, plaintexts) shown by size, so call listings stay readable."""
    if isinstance(value, (bytes, bytearray)) and len(value) > 24:
        return f"<{len(value)} bytes>"
    return repr(value)
