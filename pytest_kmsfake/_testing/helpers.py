"""The test helpers of `KmsFake`: call assertions, fault injection, seeding keys, forcing
key states, moving time. A base of `KmsFake`; they work on its `KmsService` alone."""

from __future__ import annotations

import datetime
from typing import Any

from .._client.default_region import default_region
from .._service.faults import _DEFAULT_MESSAGE, Fault, Faults
from .._service.options import FakeOptions
from .._service.service import KmsService
from .._state.calls import CallLog, KmsCall
from .._state.store import Key
from . import seeding as _seeding
from .timetravel import TimeTravel


class TestHelpers:
    """A base of `KmsFake`: needs only `_service` and `_time_travel`."""

    __test__ = False  # not a test class, whatever pytest's naming rules say

    _service: KmsService
    _time_travel: TimeTravel

    @property
    def calls(self) -> CallLog:
        """Every call the code under test made, in order, with assertion helpers."""
        return self._service.calls

    @property
    def faults(self) -> Faults:
        """The injected faults (see `inject_fault`), in the order they were added."""
        return self._service.faults

    @property
    def options(self) -> FakeOptions:
        """The options this fake runs with; assign a changed copy (`options.updated(...)`) to
        change them for the following calls."""
        return self._service.options

    @options.setter
    def options(self, options: FakeOptions) -> None:
        self._service.options = options

    def assert_called(self, operation: str, **params: Any) -> KmsCall:
        """Some call of `operation` had these params (subset match); fails listing the calls."""
        return self.calls.assert_called(operation, **params)

    def assert_called_once(self, operation: str, **params: Any) -> KmsCall:
        return self.calls.assert_called_once(operation, **params)

    def assert_not_called(self, operation: str, **params: Any) -> None:
        self.calls.assert_not_called(operation, **params)

    def inject_fault(
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
        """Make matching calls fail with AWS error `error` (a code such as ThrottlingException,
        KMSInternalException, DependencyTimeoutException, KeyUnavailableException).

        `operation` and `key` (any key reference; matched against the key the call names or,
        for Decrypt, the key in the ciphertext) narrow which calls match; `times` is how many
        calls fail (None: every matching call until `clear_faults`); `probability` and `seed`
        fail a reproducible share of calls instead; `delay` sleeps before answering (with
        `error=None`, a slow but successful call). Injected failures are logged with
        `injected=True`, are retried by botocore's retry mode like a real endpoint's, and a
        fault never consumed fails the test at teardown unless `optional`.
        """
        return self.faults.add(
            error,
            operation=operation,
            key=key,
            times=times,
            probability=probability,
            seed=seed,
            delay=delay,
            message=message,
            optional=optional,
        )

    def clear_faults(self) -> None:
        self.faults.clear()

    def teardown_problems(self) -> list[str]:
        """What a test should fail for at teardown: calls the fake could not serve, bugs inside
        it, and injected faults that never fired."""
        return self._service.teardown_problems()

    def create_key(
        self, region: str | None = None, *, account_id: str | None = None, **params: Any
    ) -> str:
        """Create a key directly, with CreateKey's parameters, in any region (by default the
        one botocore gives a client made without one: ``AWS_DEFAULT_REGION``, the profile's,
        else us-east-1) and account (the fake's own by default); not logged as a call of the
        code under test. Its key id."""
        return self._service.create_key(region or default_region(), account_id, params)

    def add_keys(self, declarations: Any) -> list[str]:
        """Create keys declared up front (a list of dicts, or a JSON/YAML file path): fixed key
        ids, aliases, specs, material, state. See `_seeding.FIELDS`. Returns the key ids."""
        return _seeding.seed(self._service, _seeding.load(declarations))

    def key(self, reference: str, region: str | None = None) -> Key:
        """The stored key for a key id, key ARN, alias name or alias ARN, in any state."""
        return self._service.find_key(reference, region)

    def set_key_state(self, reference: str, state: str, region: str | None = None) -> None:
        """Force any KeyState, including ones the API reaches only through custom key stores
        and multi-Region keys (Unavailable, Creating, Updating), to rehearse outages. The key
        keeps its material."""
        self._service.force_key_state(reference, state, region)

    def advance_time(
        self, delta: datetime.timedelta | None = None, *, days: float = 0, seconds: float = 0
    ) -> datetime.datetime:
        """Move the process clock forward (with freezegun; it keeps ticking from there) until
        the fake stops; deletions, rotations and expiries that fall due happen at the next
        call. Returns the new time. In a test that uses freezegun or time-machine, move that
        clock instead: this raises `ClockOwnedElsewhere` rather than fight it."""
        step = (delta or datetime.timedelta()) + datetime.timedelta(days=days, seconds=seconds)
        return self._time_travel.advance(step)

    def reset(self) -> None:
        """Forget every key, alias and call."""
        self._service.reset()
