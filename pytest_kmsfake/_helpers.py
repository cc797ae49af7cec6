"""The test helpers of `KmsFake`: call assertions, fault injection, seeding keys, forcing
key states, moving time. Mixed into `KmsFake`, which provides the state they work on."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, cast

from . import _seeding
from ._rules.arns import ALIAS_ARN, ALIAS_NAME, parse_reference
from ._rules.errors import KmsError
from ._rules.key_states import KEY_STATES
from ._rules.limits import DEFAULT_PENDING_WINDOW_DAYS
from ._service.faults import _DEFAULT_MESSAGE, Fault, Faults
from ._service.options import FakeOptions
from ._service.wire import WireResponse
from ._state import clock as _clock
from ._state.calls import CallLog, KmsCall
from ._state.lifecycle import watch
from ._state.store import Key, Store
from ._timetravel import TimeTravel

if TYPE_CHECKING:
    from ._fake import KmsFake


class TestHelpers:
    """Mixed into `KmsFake`."""

    __test__ = False  # not a test class, whatever pytest's naming rules say

    calls: CallLog
    faults: Faults
    store: Store
    options: FakeOptions
    problems: list[str]
    _time_travel: TimeTravel

    def handle(
        self,
        operation: str,
        params: Mapping[str, Any],
        *,
        region: str,
        account_id: str | None = None,
        record: bool = True,
    ) -> WireResponse:
        raise NotImplementedError

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
        unused = [f"Injected fault never used: {f.describe()}" for f in self.faults.unconsumed()]
        return [*self.problems, *unused]

    def create_key(
        self, region: str = "us-east-1", *, account_id: str | None = None, **params: Any
    ) -> str:
        """Create a key directly, with CreateKey's parameters, in any region and account (the
        fake's own by default); not logged as a call of the code under test. Its key id."""
        account = account_id or self.options.account_id  # as that account's root
        response = self.handle("CreateKey", params, region=region, account_id=account, record=False)
        if response.status >= 300:
            error = response.parsed["Error"]
            raise KmsError(error["Code"], error["Message"])
        return str(response.parsed["KeyMetadata"]["KeyId"])

    def add_keys(self, declarations: Any) -> list[str]:
        """Create keys declared up front (a list of dicts, or a JSON/YAML file path): fixed key
        ids, aliases, specs, material, state. See `_seeding.FIELDS`. Returns the key ids."""
        return _seeding.seed(cast("KmsFake", self), _seeding.load(declarations))

    def _account(self, account_id: str | None) -> str:
        return account_id or self.options.account_id

    def key(self, reference: str, region: str | None = None) -> Key:
        """The stored key for a key id, key ARN, alias name or alias ARN, in any state."""
        ref = parse_reference(reference)
        with self.store.lock:
            matches: list[Key] = []
            for store in self.store.regions():
                if region not in (None, store.region) or ref.region not in (None, store.region):
                    continue
                if ref.account not in (None, store.account_id):
                    continue
                key_id = ref.name
                if ref.form in (ALIAS_NAME, ALIAS_ARN):
                    alias = store.aliases.get(ref.name)
                    key_id = alias.target_key_id if alias else ""
                if key_id in store.keys:
                    matches.append(store.keys[key_id])
        if len(matches) != 1:
            found = "no key" if not matches else f"{len(matches)} keys (pass region=...)"
            raise LookupError(f"{reference!r} names {found} in this fake")
        return matches[0]

    def set_key_state(self, reference: str, state: str, region: str | None = None) -> None:
        """Force any KeyState, including ones the API reaches only through custom key stores
        and multi-Region keys (Unavailable, Creating, Updating), to rehearse outages. The key
        keeps its material."""
        if state not in KEY_STATES:
            raise ValueError(f"unknown key state {state!r}; choose one of {', '.join(KEY_STATES)}")
        key = self.key(reference, region)
        with self.store.lock:
            now = _clock.now()
            key.set_state(state, now)
            if state == "PendingDeletion":
                if key.deletion_date is None:
                    key.deletion_date = now + DEFAULT_PENDING_WINDOW_DAYS * _clock.SECONDS_PER_DAY
                watch(self.store.region(key.account_id, key.region), key)
            else:
                key.deletion_date = None

    def advance_time(
        self, delta: datetime.timedelta | None = None, *, days: float = 0, seconds: float = 0
    ) -> datetime.datetime:
        """Move the process clock forward (with freezegun; it keeps ticking from there) until
        the fake stops; deletions, rotations and expiries that fall due happen at the next
        call. Returns the new time. In a test that uses freezegun or time-machine, move that
        clock instead: this raises rather than fight it."""
        step = (delta or datetime.timedelta()) + datetime.timedelta(days=days, seconds=seconds)
        return self._time_travel.advance(step)

    def reset(self) -> None:
        """Forget every key, alias and call."""
        with self.store.lock:
            self.store.clear()
            self.calls.clear()
            self.problems.clear()
