"""pytest glue: the `kms_fake` fixture and marker, the ini options behind them (declared
in `_service.options`; read and checked by `_option_hooks`), and the network guard's options
and marker (its hooks: `_guard_hooks`).

Precedence for every option: the test's closest `kms_fake` marker, then the ini file, then
the built-in default.

pytest imports this module in every run of every project where the plugin is installed, so it
imports neither botocore nor cryptography nor the fake: they are loaded when a test first asks
for the fixture, the marker or the network guard.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from . import _guard_hooks, _option_hooks
from ._crypto import pool_config as _pool_config
from ._guard_hooks import pytest_runtest_setup as pytest_runtest_setup
from ._guard_hooks import pytest_runtest_teardown as pytest_runtest_teardown
from ._service.options import OPTION_SPECS, OptionError, ini_type

if TYPE_CHECKING:
    from ._fake import KmsFake

_MARKER_HELP = (
    f"kms_fake(*, {', '.join(f'{spec.name}=...' for spec in OPTION_SPECS)}): activate the fake "
    "KMS for this test with these options (see pytest-kmsfake's docs)."
)


def pytest_addoption(parser: pytest.Parser) -> None:
    for spec in OPTION_SPECS:
        parser.addini(spec.ini, spec.help, type=ini_type(spec), default=None)
    parser.addini(
        "kms_fake_prefill",
        "private keys to have ready before the tests, e.g. RSA_4096=50 ECC_NIST_P256=10: made "
        "once, then kept in pytest's cache directory for later runs",
        type="args",
        default=[],
    )
    parser.addini(
        "kms_fake_guard",
        "network guard: fail every KMS request that no fake answers, so no test can reach real "
        "KMS (true/false; --kms-fake-guard and --no-kms-fake-guard override it)",
        default=None,
    )
    group = parser.getgroup("kms_fake", "pytest-kmsfake")
    group.addoption(
        "--kms-fake-guard",
        action="store_true",
        dest="kms_fake_guard",
        default=None,
        help="fail every KMS request that no fake answers (the kms_fake_guard ini option)",
    )
    group.addoption(
        "--kms-fake-cloudtrail-dir",
        dest="kms_fake_cloudtrail_dir",
        default=None,
        metavar="DIR",
        help="write each test's KMS CloudTrail events to DIR (the kms_fake_cloudtrail_dir ini "
        "option)",
    )
    group.addoption(
        "--no-kms-fake-guard",
        action="store_false",
        dest="kms_fake_guard",
        default=None,
        help="let KMS requests that no fake answers through, whatever the ini file says",
    )


def pytest_configure(config: pytest.Config) -> None:
    _option_hooks.start_run(config)
    _guard_hooks.start_run(config)
    cache = getattr(config, "cache", None)
    if cache is not None:  # asymmetric key material survives between runs (see _keypool)
        _pool_config.use_cache_dir(Path(cache.mkdir("pytest-kmsfake-keys")))
    config.addinivalue_line("markers", _MARKER_HELP)
    config.addinivalue_line(
        "markers",
        "kms_fake_guard(True|False): turn pytest-kmsfake's network guard on or off for this "
        "test, whatever the run's setting (no argument: on).",
    )


def pytest_unconfigure(config: pytest.Config) -> None:
    _guard_hooks.end_run(config)


def pytest_sessionstart(session: pytest.Session) -> None:
    _option_hooks.prefill(session.config.getini("kms_fake_prefill"))


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    _option_hooks.check_markers(config, items)
    # The marker alone activates the fake.
    for item in items:
        if item.get_closest_marker("kms_fake") and "kms_fake" not in getattr(
            item, "fixturenames", ()
        ):
            # First, so the test's other fixtures already talk to the fake.
            item.fixturenames.insert(0, "kms_fake")  # type: ignore[attr-defined]


@pytest.fixture
def kms_fake(request: pytest.FixtureRequest) -> Iterator[KmsFake]:
    """A fresh, active fake KMS for this test; every botocore KMS client is routed to it."""
    from ._fake import KmsFake, KmsFakeProblems
    from ._testing.seeding import SeedError

    try:
        options = _option_hooks.options_for(request.node)
    except OptionError as exc:
        pytest.fail(str(exc), pytrace=False)
    try:
        fake = KmsFake(options)
    except SeedError as exc:
        pytest.fail(f"{_option_hooks.keys_source(request.node)}: {exc}", pytrace=False)
    fake.reports_problems_on_exit = False
    with fake:
        yield fake
    _write_cloudtrail(request, fake, options.cloudtrail_dir)
    try:
        fake.raise_problems(as_test=True)
    except KmsFakeProblems as problems:
        pytest.fail(str(problems), pytrace=False)


def _write_cloudtrail(
    request: pytest.FixtureRequest, fake: KmsFake, ini_dir: str | os.PathLike[str] | None
) -> None:
    """The test's CloudTrail events, to the directory the command line or ini file names."""
    directory: str | os.PathLike[str] | None = (
        request.config.getoption("kms_fake_cloudtrail_dir", None) or ini_dir
    )
    if directory:
        from ._state.cloudtrail import write_events

        write_events(fake.calls.cloudtrail(), directory, request.node.nodeid)
