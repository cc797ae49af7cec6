"""pytest-kmsfake: an in-process fake of AWS KMS for code that uses botocore or boto3.

The public names are loaded when first used, so that pytest, which imports the plugin in every
run, does not import botocore or cryptography in projects that never use the fake.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ._client.guard import KmsFakeGuardError
    from ._fake import KmsFake, KmsFakeProblems, KmsFakeUnsupported, mock_kms
    from ._service.options import OptionError
    from ._state.calls import CallLog, KmsCall
    from ._testing.timetravel import ClockOwnedElsewhere

__version__ = "0.1.0"

__all__ = [
    "CallLog",
    "ClockOwnedElsewhere",
    "KmsCall",
    "KmsFake",
    "KmsFakeGuardError",
    "KmsFakeProblems",
    "KmsFakeUnsupported",
    "OptionError",
    "__version__",
    "mock_kms",
]

_WHERE = {
    "CallLog": "._state.calls",
    "ClockOwnedElsewhere": "._testing.timetravel",
    "KmsCall": "._state.calls",
    "KmsFake": "._fake",
    "KmsFakeGuardError": "._client.guard",
    "KmsFakeProblems": "._fake",
    "KmsFakeUnsupported": "._fake",
    "OptionError": "._service.options",
    "mock_kms": "._fake",
}


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value  # once loaded, a plain attribute
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
