"""`KmsFake`: the fake KMS service, usable as a context manager, a decorator or a fixture."""

from __future__ import annotations

import functools
import inspect
import threading
import unittest
from typing import TYPE_CHECKING, Any, Callable, TypeVar, cast, overload

from ._client import seam as _seam
from ._endpoint.control import ControlRoutes
from ._endpoint.env import endpoint_env
from ._endpoint.server import KmsEndpoint
from ._rules.errors import KmsFakeUnsupported
from ._service.options import FakeOptions, from_mapping
from ._service.service import KmsService
from ._testing.access import AccessControl
from ._testing.helpers import TestHelpers
from ._testing.keystores import KeyStoreHelpers
from ._testing.timetravel import TimeTravel

__all__ = ["KmsFake", "KmsFakeProblems", "KmsFakeUnsupported", "mock_kms"]

F = TypeVar("F", bound=Callable[..., Any])


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
        chosen = from_mapping(base, option_values, "KmsFake()") if option_values else base
        self._service = KmsService(chosen, owner=self)
        self._depth = 0
        self._depth_lock = threading.Lock()
        self._time_travel = TimeTravel()
        if chosen.keys:
            self.add_keys(chosen.keys)

    # --- activation -------------------------------------------------------------------------

    def start(self) -> KmsFake:
        with self._depth_lock:
            self._depth += 1
            if self._depth == 1:
                _seam.activate(self._service)
        return self

    def stop(self) -> None:
        with self._depth_lock:
            if self._depth == 0:
                self._stop_serving()
                return
            self._depth -= 1
            if self._depth == 0:
                _seam.deactivate(self._service)
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

    def raise_problems(self, *, as_test: bool = False) -> None:
        """Fail, as at teardown, if the fake met a call it could not serve, a bug inside it or
        an injected fault never used (unless the check_at_teardown option is off). `as_test`:
        word it for the fixture, whose opt-out is the marker."""
        problems = self.teardown_problems()
        if problems and self.options.check_at_teardown:
            listed = "\n".join(f"- {problem}" for problem in problems)
            where, opt_out = (
                (" in this test", "@pytest.mark.kms_fake(check_at_teardown=False)")
                if as_test
                else ("", "check_at_teardown=False")
            )
            raise KmsFakeProblems(
                f"The fake KMS could not serve every call{where} (even if the code under test "
                f"caught the exception):\n{listed}\nOpt out with {opt_out}."
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
        service = _seam.active_service()
        return cast("KmsFake", service.owner) if service is not None else None

    # --- serving other processes over HTTP (docs/serving.md) -----------------------------------

    _endpoint: KmsEndpoint | None = None

    def serve(self, *, control: bool = True) -> str:
        """Serve this fake (its keys, options, clock and call log) to other processes on a
        loopback HTTP endpoint speaking KMS's wire protocol; returns its URL. Idempotent. The
        endpoint stops when the fake stops. `control=False` leaves out the /_kmsfake/ API."""
        with self._depth_lock:
            if self._endpoint is None:
                routes = ControlRoutes(self) if control else None
                service = self._service
                endpoint = KmsEndpoint(
                    service.dispatch,
                    service.access,
                    control=routes,
                    secret_keys=service.options.secret_keys,
                )
                self._endpoint = endpoint.start()
            return self._endpoint.url

    def server_env(
        self, region: str = "us-east-1", access_key_id: str | None = None
    ) -> dict[str, str]:
        """Environment variables that send a child process's AWS SDK or CLI to `serve()`'s
        endpoint, in `region`, with dummy credentials (or `access_key_id`, to call as the
        principal the ``access_keys`` option maps it to, signing with its secret when the
        ``secret_keys`` option holds one)."""
        secrets = self._service.options.secret_keys
        if secrets and access_key_id not in secrets:
            raise ValueError(
                "the fake checks signatures (secret_keys): pass server_env() an access_key_id "
                f"it has a secret for: {', '.join(sorted(secrets))}"
            )
        secret = secrets.get(access_key_id) if access_key_id is not None else None
        return endpoint_env(self.serve(), region, access_key_id, secret)

    def _stop_serving(self) -> None:
        endpoint, self._endpoint = self._endpoint, None
        if endpoint is not None:
            endpoint.stop()

    def __repr__(self) -> str:
        state = "active" if self.active else "inactive"
        return f"<KmsFake {state}, account {self.options.account_id}, {len(self.calls)} calls>"


if TYPE_CHECKING:  # mock_kms's keywords, for type checkers
    from typing_extensions import Unpack

    from ._service.options import KmsFakeOptions


@overload
def mock_kms(target: F, /) -> F: ...
@overload
def mock_kms(**options: Unpack[KmsFakeOptions]) -> KmsFake: ...
def mock_kms(target: F | None = None, /, **options: Any) -> KmsFake | F:
    """A new fake KMS: ``with mock_kms() as fake:``, or a decorator, ``@mock_kms()`` or
    ``@mock_kms`` (a function, a coroutine function or a `unittest.TestCase` class).

    Its keyword options are the ``kms_fake`` marker's, validated the same way (an
    `OptionError`, a `ValueError`, at once): ``account_id``, ``check_at_teardown``,
    ``sleep_on_retry``, ``region_profile``, ``region_rules``, ``call_log_limit``,
    ``cloudtrail_dir``, ``keys``, ``key_seed``, ``multi_region_delay``, ``enforce_access``,
    ``caller``, ``access_keys``, ``secret_keys`` and ``ignore_unevaluated_conditions``; the
    options table of the plugin page gives each one's default and meaning. Leaving the block
    raises `KmsFakeProblems` if the fake met a call it could not serve, unless
    ``check_at_teardown=False``.
    """
    if target is None:
        return KmsFake(from_mapping(FakeOptions(), options, "mock_kms()"))
    if options or not callable(target):
        raise TypeError(
            "mock_kms() takes keyword options only (or, without parentheses, decorates a "
            f"function or a TestCase class), got {target!r}"
        )
    return KmsFake()(target)
