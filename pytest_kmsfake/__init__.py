"""pytest-kmsfake: an in-process fake of AWS KMS for code that uses botocore or boto3."""

from __future__ import annotations

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
