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
    from ._state.calls import CallLog, KmsCall

__version__ = "0.1.0"

__all__ = [
    "CallLog",
    "KmsCall",
    "KmsFake",
    "KmsFakeGuardError",
    "KmsFakeProblems",
    "KmsFakeUnsupported",
    "__version__",
    "mock_kms",
]

_WHERE = {
    "CallLog": "._state.calls",
    "KmsCall": "._state.calls",
    "KmsFake": "._fake",
    "KmsFakeGuardError": "._client.guard",
    "KmsFakeProblems": "._fake",
    "KmsFakeUnsupported": "._fake",
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
