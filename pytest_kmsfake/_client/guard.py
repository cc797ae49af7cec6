"""The network guard's error: a KMS request that no fake answered, stopped before it left.

The seam raises it (see `_seam.guard_on`); the pytest plugin turns the guard on for a whole
run with `--kms-fake-guard` or `kms_fake_guard = true`, and fails a test again at teardown
for every request the guard stopped during it, in case the code under test caught the error.
"""

from __future__ import annotations

import threading
from typing import Any

DOCS_PAGE = "the network guard page of the pytest-kmsfake documentation"
HOW_TO_FIX = (
    "To serve KMS in-process, give the test the kms_fake fixture (def test_x(kms_fake): ...) "
    "or mark it with @pytest.mark.kms_fake.\n"
    "To let such requests through, turn the guard off: for one test with "
    "@pytest.mark.kms_fake_guard(False), for the run with --no-kms-fake-guard on the command line "
    "or kms_fake_guard = false in the ini file.\n"
    f"See {DOCS_PAGE}."
)

_lock = threading.Lock()
_stopped: list[str] = []  # every request stopped so far in this process, oldest first


class KmsFakeGuardError(RuntimeError):
    """A KMS request that no fake answered, stopped by the network guard before it was
    signed or sent."""


def blocked(client: Any, operation_model: Any, *_: Any, **__: Any) -> KmsFakeGuardError:
    """The error for a KMS request about to go to AWS, remembered for the teardown check."""
    operation = getattr(operation_model, "name", str(operation_model))
    request = f"{operation} in {client.meta.region_name} ({client.meta.endpoint_url})"
    with _lock:
        _stopped.append(request)
    return KmsFakeGuardError(
        f"pytest-kmsfake's network guard stopped a request to real AWS KMS: {request} was "
        f"about to be signed and sent, and no fake KMS is active.\n{HOW_TO_FIX}"
    )


def stopped_count() -> int:
    """How many requests the guard has stopped in this process so far."""
    return len(_stopped)


def stopped_since(count: int) -> list[str]:
    """The requests stopped after the first `count` ("Encrypt in us-east-1 (<endpoint>)")."""
    with _lock:
        return list(_stopped[count:])
