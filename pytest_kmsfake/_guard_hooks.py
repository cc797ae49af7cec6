"""The network guard's pytest side: the run's setting (command line, then ini file), the
`kms_fake_guard` marker, and the check that fails a test whose requests the guard stopped.

plugin.py registers the options and the marker and brings these hooks in; the guard itself
(`_client.guard`, `_client.seam`) knows nothing of pytest.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

import pytest

from ._client import guard as _guard

if TYPE_CHECKING:
    from types import ModuleType


def _seam() -> ModuleType:
    """The botocore seam, imported when the guard is first turned on: a run that never turns
    it on never imports botocore for it."""
    from ._client import seam

    return seam


_GUARD_ON = pytest.StashKey[bool]()
_GUARD_STOPPED_BEFORE = pytest.StashKey[int]()
_GUARD_UNDO = pytest.StashKey[Callable[[], None]]()  # what ends this test's own guard setting


def _wanted(config: pytest.Config) -> bool:
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


def start_run(config: pytest.Config) -> None:
    if _wanted(config):
        _seam().guard_on()
        config.stash[_GUARD_ON] = True


def end_run(config: pytest.Config) -> None:
    if config.stash.get(_GUARD_ON, False):
        _seam().guard_off()
        config.stash[_GUARD_ON] = False


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
        _seam().guard_on()
        item.stash[_GUARD_UNDO] = _seam().guard_off
    elif run_guarded and not guarded:
        _seam().pause_guard()
        item.stash[_GUARD_UNDO] = _seam().resume_guard
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
