"""What AWS answers when asymmetric or HMAC cryptography refuses its input."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from .. import _asymmetric as asym
from .. import _errors as errors


@contextmanager
def as_aws_errors(key_spec: str) -> Iterator[None]:
    """Turn the crypto core's errors into KMS's, inside one operation."""
    try:
        yield
    except asym.BadDigestLength as exc:  # [LS:2023-04-13]
        raise errors.validation(
            f"Digest is invalid length for algorithm {exc.algorithm}."
        ) from None
    except asym.PlaintextTooLarge as exc:  # [LS:2023-04-13], all six RSA cases recorded
        raise errors.validation(
            f"Algorithm {exc.algorithm} and key spec {exc.key_spec} cannot encrypt data larger "
            f"than {exc.limit} bytes."
        ) from None
    except asym.InvalidPeerKey:
        raise errors.validation("") from None  # AWS answers with an empty message [LS:2024-12]
    except asym.BadMessageType as exc:
        raise errors.validation(str(exc)) from None  # INFERRED wording
    except asym.InvalidCiphertext:
        raise errors.invalid_ciphertext() from None
    except asym.UnsupportedByBackend as exc:
        raise errors.UnsupportedByFake(f"{key_spec}: {exc}") from None
    except asym.IncompatibleAlgorithm as exc:
        raise errors.validation(str(exc)) from None  # INFERRED wording
