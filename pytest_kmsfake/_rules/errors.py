"""Errors the fake answers with, and the AWS message templates they carry.

`KmsError` is raised anywhere inside the engine and turned into the client's modeled
exception at the seam. Every template here is copied from a real AWS response unless its
docstring says otherwise; the tests assert each one verbatim.
"""

from __future__ import annotations

# Codes AWS marks as server faults (`fault: true` in the model) answer with HTTP 500.
SERVER_FAULTS = frozenset(
    {"KMSInternalException", "DependencyTimeoutException", "KeyUnavailableException"}
)


class KmsError(Exception):
    """An error KMS returns on the wire: a code, a message (possibly absent) and a status."""

    def __init__(
        self,
        code: str,
        message: str | None = "",
        status: int | None = None,
        *,
        injected: bool = False,
        reason: str | None = None,
    ):
        super().__init__(f"{code}: {message}" if message else code)
        self.code = code
        self.injected = injected  # raised by fault injection, not by KMS's rules
        # Which of the fake's own rules refused the call, for the call log (AWS's message
        # cannot say, as it does not have the fake's rules).
        self.reason = reason
        # None means the wire body carries no "message" member at all (AWS does this for
        # InvalidCiphertextException and the signature/MAC failures).
        self.message = message
        self.status = status if status is not None else (500 if code in SERVER_FAULTS else 400)


class UnsupportedByFake(Exception):
    """An operation or feature this fake does not implement yet; never a silent no-op."""


def validation(message: str) -> KmsError:
    return KmsError("ValidationException", message)


def not_found_key(arn: str) -> KmsError:
    return KmsError("NotFoundException", f"Key '{arn}' does not exist")


def aliases_not_supported() -> KmsError:
    """An alias given to an operation that takes a key ID or key ARN only, checked before any
    lookup [ISS: real errors quoted 2020-2026, for GetKeyPolicy, CreateGrant, DisableKey and
    ListResourceTags]."""
    return KmsError("InvalidArnException", "Key Aliases are not supported for this operation.")


def invalid_key_id(value: str, *, quoted: bool = True) -> KmsError:
    return KmsError(
        "NotFoundException", f"Invalid keyId '{value}'" if quoted else f"Invalid keyId {value}"
    )


def invalid_arn(region: str) -> KmsError:
    return KmsError("NotFoundException", f"Invalid arn {region}")


def alias_not_found(alias_arn: str) -> KmsError:
    return KmsError("NotFoundException", f"Alias {alias_arn} is not found.")


def wrong_key_usage(arn: str, usage: str, operation: str) -> KmsError:
    return KmsError(
        "InvalidKeyUsageException",
        f"{arn} key usage is {usage} which is not valid for {operation}.",
    )


def incompatible_algorithm(algorithm: str, key_spec: str) -> KmsError:
    return KmsError(
        "InvalidKeyUsageException",
        f"Algorithm {algorithm} is incompatible with key spec {key_spec}.",
    )


def incorrect_key() -> KmsError:
    return KmsError(
        "IncorrectKeyException",
        "The key ID in the request does not identify a CMK that can perform this operation.",
    )


def invalid_ciphertext() -> KmsError:
    return KmsError("InvalidCiphertextException", None)


def ciphertext_key_unreachable() -> KmsError:
    """Recorded from real AWS (2017-2022) for ciphertext whose key is gone or in another Region."""
    return KmsError(
        "AccessDeniedException",
        "The ciphertext refers to a customer master key that does not exist, does not exist in "
        "this region, or you are not allowed to access.",
    )


def unsupported_origin(arn: str, origin: str) -> KmsError:
    return KmsError(
        "UnsupportedOperationException",
        f"{arn} origin is {origin} which is not valid for this operation.",
    )


def dry_run_succeeded() -> KmsError:
    return KmsError(
        "DryRunOperationException",
        "The request would have succeeded, but the DryRun option is set.",
    )


def internal_error(operation: str, exc: BaseException) -> KmsError:
    """A bug inside the fake. AWS's own text is opaque; ours names the bug so it can be fixed."""
    return KmsError(
        "KMSInternalException",
        f"pytest-kmsfake failed inside {operation}: {type(exc).__name__}: {exc}",
    )


class KmsFakeUnsupported(NotImplementedError):
    """Raised where the code under test asked for something the fake does not implement."""
