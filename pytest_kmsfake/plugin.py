"""pytest glue: the `kms_fake` fixture and marker, and the ini options behind them.

Precedence for every option: the test's closest `kms_fake` marker, then the ini file, then
the built-in default.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Callable

import pytest

from ._client import guard as _guard
from ._client import seam as _seam
from ._crypto import material as _material
from ._fake import KmsFake
from ._rules.key_specs import KEY_SPECS
from ._seeding import SeedError
from ._service.options import FakeOptions, OptionError, from_mapping

_INI_OPTIONS = {
    "account_id": ("kms_fake_account_id", "AWS account id the code under test acts as"),
    "check_at_teardown": (
        "kms_fake_check_at_teardown",
        "fail a test at teardown if the fake met a call it could not serve (true/false)",
    ),
    "sleep_on_retry": (
        "kms_fake_sleep_on_retry",
        "really sleep for botocore's retry delay after an injected failure (true/false)",
    ),
}
_INI_OPTIONS.update(
    {
        "region_profile": (
            "kms_fake_region_profile",
            "region rules to apply: default, 2026-11 or none",
        ),
        "region_rules": (
            "kms_fake_region_rules",
            'your own region rules as JSON, e.g. [{"regions": ["eu-west-3"], "key_specs": '
            '["HMAC_*"]}]',
        ),
        "call_log_limit": (
            "kms_fake_call_log_limit",
            "keep only the most recent N calls in fake.calls",
        ),
        "keys": (
            "kms_fake_keys",
            "a JSON or YAML file of keys every test's fake starts with (relative to rootdir)",
        ),
        "key_seed": (
            "kms_fake_key_seed",
            "a seed that makes key ids and key material reproducible",
        ),
        "multi_region_delay": (
            "kms_fake_multi_region_delay",
            "seconds a new replica stays Creating and UpdatePrimaryRegion's keys stay Updating",
        ),
        "enforce_access": (
            "kms_fake_enforce_access",
            "evaluate key policies, grants and identity policies on every call (true/false)",
        ),
        "caller": (
            "kms_fake_caller",
            "the principal ARN calls act as (default: the account root)",
        ),
        "access_keys": (
            "kms_fake_access_keys",
            'access key id -> principal ARN as JSON, e.g. {"AKIAEXAMPLE": '
            '"arn:aws:iam::111122223333:role/app"}',
        ),
    }
)
_BOOLEAN_OPTIONS = {"check_at_teardown", "sleep_on_retry", "enforce_access"}
_JSON_OPTIONS = {"region_rules", "access_keys"}


def pytest_addoption(parser: pytest.Parser) -> None:
    for ini_name, help_text in _INI_OPTIONS.values():
        parser.addini(ini_name, help_text, default=None)
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
        "--no-kms-fake-guard",
        action="store_false",
        dest="kms_fake_guard",
        default=None,
        help="let KMS requests that no fake answers through, whatever the ini file says",
    )


_GUARD_ON = pytest.StashKey[bool]()
_GUARD_STOPPED_BEFORE = pytest.StashKey[int]()
_GUARD_UNDO = pytest.StashKey[Callable[[], None]]()  # what ends this test's own guard setting


def _guard_wanted(config: pytest.Config) -> bool:
    """The command line wins over the ini option; off by default."""
    flag = config.getoption("kms_fake_guard", None)
    if flag is not None:
        return bool(flag)
    raw = config.getini("kms_fake_guard")
    if raw in (None, ""):
        return False
    lowered = str(raw).strip().lower()
    if lowered not in ("true", "false"):
        raise pytest.UsageError(f"ini option kms_fake_guard must be true or false, got {raw!r}")
    return lowered == "true"


def pytest_configure(config: pytest.Config) -> None:
    if _guard_wanted(config):
        _seam.guard_on()
        config.stash[_GUARD_ON] = True
    cache = getattr(config, "cache", None)
    if cache is not None:  # asymmetric key material survives between runs (see _keypool)
        _material.configure_pool(cache_dir=Path(cache.mkdir("pytest-kmsfake-keys")))
    config.addinivalue_line(
        "markers",
        "kms_fake(*, account_id=..., region_profile=..., region_rules=..., key_seed=..., "
        "check_at_teardown=..., sleep_on_retry=..., enforce_access=..., caller=..., "
        "access_keys=...): activate the fake KMS for this test with these options (see "
        "pytest-kmsfake's docs).",
    )
    config.addinivalue_line(
        "markers",
        "kms_fake_guard(True|False): turn pytest-kmsfake's network guard on or off for this "
        "test, whatever the run's setting (no argument: on).",
    )


def pytest_unconfigure(config: pytest.Config) -> None:
    if config.stash.get(_GUARD_ON, False):
        _seam.guard_off()
        config.stash[_GUARD_ON] = False


def pytest_sessionstart(session: pytest.Session) -> None:
    for entry in session.config.getini("kms_fake_prefill"):
        spec, _, count = str(entry).partition("=")
        if not count.isdigit() or spec not in KEY_SPECS or KEY_SPECS[spec].kind != "asymmetric":
            raise pytest.UsageError(
                f"kms_fake_prefill entries look like RSA_4096=50 (an asymmetric KeySpec and a "
                f"count), got {entry!r}"
            )
        _material.prefill(spec, int(count))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # The marker alone activates the fake.
    for item in items:
        if item.get_closest_marker("kms_fake") and "kms_fake" not in getattr(
            item, "fixturenames", ()
        ):
            # First, so the test's other fixtures already talk to the fake.
            item.fixturenames.insert(0, "kms_fake")  # type: ignore[attr-defined]


def _guard_marker(item: pytest.Item) -> bool | None:
    """The closest kms_fake_guard marker's wish for this test: True, False, or None (none)."""
    marker = item.get_closest_marker("kms_fake_guard")
    if marker is None:
        return None
    if marker.kwargs or len(marker.args) > 1 or not all(isinstance(a, bool) for a in marker.args):
        arguments = ", ".join(
            [*map(repr, marker.args), *(f"{k}={v!r}" for k, v in marker.kwargs.items())]
        )
        pytest.fail(
            f"the kms_fake_guard marker takes True, False or nothing, got ({arguments})",
            pytrace=False,
        )
    return marker.args[0] if marker.args else True


@pytest.hookimpl(tryfirst=True)  # before the test's fixtures, which may call KMS too
def pytest_runtest_setup(item: pytest.Item) -> None:
    run_guarded = item.config.stash.get(_GUARD_ON, False)
    wish = _guard_marker(item)
    guarded = run_guarded if wish is None else wish
    if guarded and not run_guarded:
        _seam.guard_on()
        item.stash[_GUARD_UNDO] = _seam.guard_off
    elif run_guarded and not guarded:
        _seam.pause_guard()
        item.stash[_GUARD_UNDO] = _seam.resume_guard
    if guarded:
        item.stash[_GUARD_STOPPED_BEFORE] = _guard.stopped_count()


@pytest.hookimpl(trylast=True)  # after the fixtures' own teardown
def pytest_runtest_teardown(item: pytest.Item) -> None:
    undo = item.stash.get(_GUARD_UNDO, None)
    if undo is not None:
        undo()
        del item.stash[_GUARD_UNDO]
    before = item.stash.get(_GUARD_STOPPED_BEFORE, None)
    if before is None:
        return
    stopped = _guard.stopped_since(before)
    if stopped:
        listed = "\n".join(f"- {request}" for request in stopped)
        pytest.fail(
            "pytest-kmsfake's network guard stopped requests to real AWS KMS in this test "
            f"(even if the code under test caught the error):\n{listed}\n{_guard.HOW_TO_FIX}",
            pytrace=False,
        )


def _ini_options(config: pytest.Config) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for option, (ini_name, _) in _INI_OPTIONS.items():
        raw = config.getini(ini_name)
        if raw in (None, "", []):
            continue
        if option in _JSON_OPTIONS:
            try:
                values[option] = json.loads(str(raw))
            except ValueError as exc:
                raise OptionError(f"ini option {ini_name} must be JSON: {exc}") from None
            continue
        if option == "keys":
            values[option] = str(config.rootpath / str(raw).strip())
            continue
        if option == "call_log_limit":
            if not str(raw).strip().isdigit():
                raise OptionError(f"ini option {ini_name} must be a number, got {raw!r}")
            values[option] = int(str(raw).strip())
            continue
        if option == "multi_region_delay":
            try:
                values[option] = float(str(raw).strip())
            except ValueError:
                raise OptionError(f"ini option {ini_name} must be a number, got {raw!r}") from None
            continue
        if option in _BOOLEAN_OPTIONS:
            lowered = str(raw).strip().lower()
            if lowered not in ("true", "false"):
                raise OptionError(f"ini option {ini_name} must be true or false, got {raw!r}")
            values[option] = lowered == "true"
        else:
            values[option] = str(raw).strip()
    return values


def options_for(item: pytest.Item) -> FakeOptions:
    options = from_mapping(FakeOptions(), _ini_options(item.config), "ini file")
    marker = item.get_closest_marker("kms_fake")
    if marker is not None:
        if marker.args:
            raise OptionError("the kms_fake marker takes keyword options only")
        options = from_mapping(options, marker.kwargs, "the kms_fake marker")
    return options


@pytest.fixture
def kms_fake(request: pytest.FixtureRequest) -> Iterator[KmsFake]:
    """A fresh, active fake KMS for this test; every botocore KMS client is routed to it."""
    try:
        options = options_for(request.node)
    except OptionError as exc:
        pytest.fail(str(exc), pytrace=False)
    try:
        fake = KmsFake(options)
    except SeedError as exc:
        pytest.fail(f"kms_fake keys: {exc}", pytrace=False)
    fake.reports_problems_on_exit = False
    with fake:
        yield fake
    problems = fake.teardown_problems()
    if fake.options.check_at_teardown and problems:
        listed = "\n".join(f"- {problem}" for problem in problems)
        pytest.fail(
            "The fake KMS could not serve every call in this test (even if the code under test "
            f"caught the exception):\n{listed}\n"
            "Opt out with @pytest.mark.kms_fake(check_at_teardown=False).",
            pytrace=False,
        )
