"""What AWS answers when asymmetric or HMAC cryptography refuses its input."""

from __future__ import annotations

from types import TracebackType
from typing import Any, Callable

from ..._crypto import asymmetric as asym
from ..._rules import errors
from ..._rules.algorithms import MESSAGE_TYPE_REFUSAL_NAMES_KEY_SPEC

# The crypto core's error -> KMS's, given the error and the key spec.
_TRANSLATIONS: tuple[tuple[type[Exception], Callable[[Any, str], Exception]], ...] = (
    (
        asym.BadDigestLength,  # [LS:2023-04-13]
        lambda exc, _: errors.validation(
            f"Digest is invalid length for algorithm {exc.algorithm}."
        ),
    ),
    (
        asym.PlaintextTooLarge,  # [LS:2023-04-13], all six RSA cases recorded
        lambda exc, _: errors.validation(
            f"Algorithm {exc.algorithm} and key spec {exc.key_spec} cannot encrypt data larger "
            f"than {exc.limit} bytes."
        ),
    ),
    # AWS answers with an empty message [LS:2024-12]
    (asym.InvalidPeerKey, lambda exc, _: errors.validation("")),
    (asym.BadMessageType, lambda exc, spec: errors.validation(_message_type_refused(exc, spec))),
    (asym.InvalidCiphertext, lambda exc, _: errors.invalid_ciphertext()),
    (asym.UnsupportedByBackend, lambda exc, spec: errors.UnsupportedByFake(f"{spec}: {exc}")),
    (asym.IncompatibleAlgorithm, lambda exc, _: errors.validation(str(exc))),  # INFERRED wording
)


def _message_type_refused(exc: asym.BadMessageType, key_spec: str) -> str:
    """AWS's words, per `_algorithms.MESSAGE_TYPE_REFUSAL_NAMES_KEY_SPEC`."""
    if exc.family in MESSAGE_TYPE_REFUSAL_NAMES_KEY_SPEC:
        return f"Message type {exc.message_type} is incompatible with key spec {key_spec}."
    return f"Message type {exc.message_type} is incompatible with algorithm {exc.algorithm}."


class _AwsErrors:
    """A plain context manager: Sign and Verify enter one twice per call, and a generator
    based one costs several times as much."""

    __slots__ = ("key_spec",)

    def __init__(self, key_spec: str) -> None:
        self.key_spec = key_spec

    def __enter__(self) -> None:
        return None

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if exc is None:
            return
        for error_class, translate in _TRANSLATIONS:
            if isinstance(exc, error_class):
                raise translate(exc, self.key_spec) from None


def as_aws_errors(key_spec: str) -> _AwsErrors:
    """Turn the crypto core's errors into KMS's, inside one operation."""
    return _AwsErrors(key_spec)
