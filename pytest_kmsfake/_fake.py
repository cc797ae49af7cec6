"""`KmsFake`: the fake KMS service, usable as a context manager, a decorator or a fixture."""

from __future__ import annotations

import functools
import inspect
import threading
import unittest
from collections.abc import Mapping
from typing import Any, Callable, TypeVar, cast

from botocore.utils import parse_timestamp

from ._access.authorize import check_request
from ._access.principals import AccessState, Caller
from ._access_helpers import AccessControl
from ._client import seam as _seam
from ._crypto.entropy import Entropy, random_uuid
from ._endpoint.control import ControlRoutes
from ._endpoint.env import endpoint_env
from ._endpoint.server import KmsEndpoint
from ._helpers import TestHelpers
from ._keystore_helpers import KeyStoreHelpers
from ._rules.errors import KmsError, UnsupportedByFake, internal_error, validation
from ._rules.model import WireTypeError, prepare_input, tracked_operations, validation_message
from ._rules.regions import check_operation
from ._service.context import CallContext
from ._service.faults import Faults
from ._service.ops import HANDLERS
from ._service.options import FakeOptions, from_mapping
from ._service.wire import TimestampParser, WireResponse, build_response, error_response
from ._state import clock as _clock
from ._state.calls import CallLog, Decision, KmsCall
from ._state.store import KeyLastUsage, Store
from ._timetravel import TimeTravel

F = TypeVar("F", bound=Callable[..., Any])

DOCS_PAGE = "docs/operations.md in the pytest-kmsfake documentation"


class KmsFakeUnsupported(NotImplementedError):
    """Raised where the code under test asked for something the fake does not implement."""


class KmsFakeProblems(AssertionError):
    """Raised when a fake stops after meeting calls it could not serve."""


def _stop_and_report(fake: KmsFake) -> None:
    fake.stop()
    fake.raise_problems()


class KmsFake(TestHelpers, KeyStoreHelpers, AccessControl):
    """An in-process AWS KMS. While active, every botocore KMS client in the process talks to it.

    Use it as ``with mock_kms() as fake:``, as ``@mock_kms()``, or through the ``kms_fake``
    fixture. Activation is reference-counted: entering an active fake again is a no-op.
    """

    def __init__(self, options: FakeOptions | None = None, **option_values: Any) -> None:
        base = options or FakeOptions()
        self.options = from_mapping(base, option_values, "KmsFake()") if option_values else base
        self.store = Store()
        self.calls = CallLog(self.options.call_log_limit)
        self.problems: list[str] = []  # what the fake could not serve; reported at teardown
        self._depth = 0
        self._depth_lock = threading.Lock()
        self._time_travel = TimeTravel()
        self.faults = Faults()
        self.entropy = Entropy(self.options.key_seed)
        self.access = AccessState(
            enforce=self.options.enforce_access,
            access_keys=self.options.access_keys,
            caller=self.options.caller,
            seed=self.options.key_seed,
        )  # principals, identity policies, enforcement
        if self.options.keys:
            self.add_keys(self.options.keys)

    # --- activation -------------------------------------------------------------------------

    def start(self) -> KmsFake:
        with self._depth_lock:
            self._depth += 1
            if self._depth == 1:
                _seam.activate(self)
        return self

    def stop(self) -> None:
        with self._depth_lock:
            if self._depth == 0:
                self._stop_serving()
                return
            self._depth -= 1
            if self._depth == 0:
                _seam.deactivate(self)
                self._time_travel.stop()
                self._stop_serving()

    @property
    def active(self) -> bool:
        return self._depth > 0

    def __enter__(self) -> KmsFake:
        return self.start()

    def __exit__(self, exc_type: object, *exc_info: object) -> None:
        self.stop()
        if exc_type is None and not self.active and self.reports_problems_on_exit:
            self.raise_problems()

    # The pytest fixture reports problems itself, as a teardown failure.
    reports_problems_on_exit = True

    def raise_problems(self) -> None:
        """Fail, as at teardown, if the fake met a call it could not serve, a bug inside it or
        an injected fault never used (unless the check_at_teardown option is off)."""
        problems = self.teardown_problems()
        if problems and self.options.check_at_teardown:
            listed = "\n".join(f"- {problem}" for problem in problems)
            raise KmsFakeProblems(
                "The fake KMS could not serve every call (even if the code under test caught "
                f"the exception):\n{listed}\nOpt out with check_at_teardown=False."
            )

    def __call__(self, target: F) -> F:
        """Decorate a function, coroutine function or unittest.TestCase class: each run (each
        test, with its setUp and tearDown) gets a fresh fake with these options."""
        if inspect.isclass(target) and issubclass(target, unittest.TestCase):
            return cast(F, self._decorate_test_case(target))
        options = self.options
        if inspect.iscoroutinefunction(target):

            @functools.wraps(target)
            async def run_async(*args: Any, **kwargs: Any) -> Any:
                with KmsFake(options):
                    return await target(*args, **kwargs)

            return cast(F, run_async)

        @functools.wraps(target)
        def run(*args: Any, **kwargs: Any) -> Any:
            with KmsFake(options):
                return target(*args, **kwargs)

        return cast(F, run)

    def _decorate_test_case(self, cls: type[unittest.TestCase]) -> type[unittest.TestCase]:
        options = self.options
        original_setup = cls.setUp

        @functools.wraps(original_setup)
        def setUp(test: unittest.TestCase) -> None:
            fake = KmsFake(options).start()
            test.kms_fake = fake  # type: ignore[attr-defined]
            test.addCleanup(_stop_and_report, fake)
            original_setup(test)

        cls.setUp = setUp  # type: ignore[method-assign,assignment]
        return cls

    @staticmethod
    def current() -> KmsFake | None:
        """The fake serving calls right now (the innermost active one), if any."""
        return _seam.active_fake()

    # --- serving calls ----------------------------------------------------------------------

    def handle(
        self,
        operation: str,
        params: Mapping[str, Any],
        *,
        region: str,
        account_id: str | None = None,
        timestamp_parser: TimestampParser = parse_timestamp,
        recorded_params: Mapping[str, Any] | None = None,
        record: bool = True,
        principal: str | None = None,
    ) -> WireResponse:
        """Serve one KMS request (params as botocore validated them) and log it. `principal`
        is who calls (by default the caller set on the fake, or the account's root)."""
        account = account_id or self.options.account_id
        caller: Caller | None = None
        if principal is not None or (self.access.caller is not None and account_id is None):
            caller = self.access.caller_for(principal, account_id, account, region)
            account = caller.account_id
        decisions: list[Decision] = []
        # The call log keeps params as the caller passed them: a copy the caller cannot change.
        logged = dict(params) if recorded_params is None else recorded_params
        now = _clock.now()
        request_id = random_uuid()
        injected, reason = False, None
        try:
            self.faults.apply(operation, self._key_id_or_none, params)
            output = self._run(
                operation, params, region, account, now, request_id, caller, decisions
            )
            response = build_response(operation, output, now, timestamp_parser, request_id)
        except KmsError as error:
            injected, reason = error.injected, error.reason
            response = error_response(error, now, request_id)
        except UnsupportedByFake as gap:
            message = (
                f"pytest-kmsfake does not support {gap} yet, so the call was not sent anywhere. "
                f"See {DOCS_PAGE} for what is supported."
            )
            self.problems.append(message)
            if record:
                call = KmsCall(operation, logged, region, account, None, "Unsupported", message)
                self.calls.append(call)
            raise KmsFakeUnsupported(message) from None
        except Exception as exc:  # a bug in the fake: answer like KMS would, and remember it
            bug = internal_error(operation, exc)
            self.problems.append(f"{bug.message} (params: {dict(params)!r})")
            response = error_response(bug, now, request_id)
        if record:
            failed = response.status >= 300
            answer = response.parsed["Error"] if failed else {}
            response.call = KmsCall(
                operation,
                logged,
                region,
                account,
                None if failed else response.parsed,
                answer.get("Code"),
                answer.get("Message"),
                injected=injected,
                reason=reason,
                access=tuple(decisions),
            )
            self.calls.append(response.call)
        return response

    def _key_id_or_none(self, reference: str) -> str | None:
        try:
            return self.key(reference).key_id
        except LookupError:
            return None

    def _run(
        self,
        operation: str,
        params: Mapping[str, Any],
        region: str,
        account: str,
        now: float,
        request_id: str,
        caller: Caller | None = None,
        decisions: list[Decision] | None = None,
    ) -> dict[str, Any]:
        handler = HANDLERS.get(operation)
        if handler is None:
            raise UnsupportedByFake(f"the KMS operation {operation}")
        try:
            normalized, problems = prepare_input(operation, params)
        except WireTypeError as unreadable:
            raise KmsError("SerializationException", str(unreadable)) from None
        if problems:
            raise validation(validation_message(problems))
        check_operation(self.options.rules, region, operation)
        with self.store.lock:
            ctx = CallContext(
                operation, account, region, now, self.store, self.options, self.entropy
            )
            ctx.params, ctx.caller, ctx.access = normalized, caller, self.access
            ctx.enforce = self.access.enforce
            if decisions is not None:
                ctx.decisions = decisions
            if ctx.enforce or "GrantTokens" in normalized:
                check_request(ctx, normalized)
            output = handler(ctx, normalized)
            if operation in tracked_operations():
                for key in ctx.used_keys:
                    key.last_usage = KeyLastUsage(operation, now, request_id)
            return output

    # --- serving other processes over HTTP (docs/serving.md) -----------------------------------

    _endpoint: KmsEndpoint | None = None

    def serve(self, *, control: bool = True) -> str:
        """Serve this fake (its keys, options, clock and call log) to other processes on a
        loopback HTTP endpoint speaking KMS's wire protocol; returns its URL. Idempotent. The
        endpoint stops when the fake stops. `control=False` leaves out the /_kmsfake/ API."""
        with self._depth_lock:
            if self._endpoint is None:
                routes = ControlRoutes(self) if control else None
                self._endpoint = KmsEndpoint(self.handle, self.access, control=routes).start()
            return self._endpoint.url

    def server_env(
        self, region: str = "us-east-1", access_key_id: str | None = None
    ) -> dict[str, str]:
        """Environment variables that send a child process's AWS SDK or CLI to `serve()`'s
        endpoint, in `region`, with dummy credentials (or `access_key_id`, to call as the
        principal the ``access_keys`` option maps it to)."""
        return endpoint_env(self.serve(), region, access_key_id)

    def _stop_serving(self) -> None:
        endpoint, self._endpoint = self._endpoint, None
        if endpoint is not None:
            endpoint.stop()

    def __repr__(self) -> str:
        state = "active" if self.active else "inactive"
        return f"<KmsFake {state}, account {self.options.account_id}, {len(self.calls)} calls>"


def mock_kms(**options: Any) -> KmsFake:
    """A new fake KMS: ``with mock_kms() as fake:`` or ``@mock_kms()``.

    Keyword options are the fields of `FakeOptions` (the same as the ``kms_fake`` marker's):
    ``account_id``, ``region_profile``, ``region_rules``, ``key_seed``, ``check_at_teardown``
    and ``sleep_on_retry``. Leaving the block raises `KmsFakeProblems` if the fake met a call
    it could not serve, unless ``check_at_teardown=False``.
    """
    return KmsFake(**options)
