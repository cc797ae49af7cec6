"""Checking a request's Signature Version 4 signature, when the fake knows the secrets.

The server computes the signature the client should have sent, as the SigV4 documentation
describes it (IAM User Guide, "Create a signed AWS API request": the canonical request, the
string to sign, the derived signing key), from the headers the `Authorization` header names,
and compares. AWS's answers, recorded from KMS:
- an access key id it does not know: UnrecognizedClientException, "The security token
  included in the request is invalid." (HTTP 400; aws/aws-encryption-sdk-java#9, a KMS call);
- a signature that does not match: InvalidSignatureException, "The request signature we
  calculated does not match the signature you provided. Check your AWS Secret Access Key and
  signing method. Consult the service documentation for details." (HTTP 400;
  aws/aws-sdk-cpp#1681, a KMS Decrypt).
The request time is not compared with the clock: a test's clock is often frozen or moved,
and a child process signs with the real time.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote, unquote

from .._rules.errors import KmsError
from .protocol import Credential, incomplete_signature

ALGORITHM = "AWS4-HMAC-SHA256"
INVALID_TOKEN = "The security token included in the request is invalid."
SIGNATURE_MISMATCH = (
    "The request signature we calculated does not match the signature you provided. Check "
    "your AWS Secret Access Key and signing method. Consult the service documentation for "
    "details."
)


def check_signature(
    secrets: Mapping[str, str],
    credential: Credential,
    method: str,
    path: str,
    headers: Any,
    body: bytes,
) -> None:
    """Raise AWS's error unless the request is signed with the secret of its access key.
    `credential` is the header's credential scope (`protocol.credential_of`); `headers` the
    request's header message (`get_all` gives every value of a name)."""
    fields = _authorization_fields(headers.get("Authorization", ""))
    secret = secrets.get(credential.access_key_id)
    if secret is None:
        raise KmsError("UnrecognizedClientException", INVALID_TOKEN, 400)
    timestamp = headers.get("X-Amz-Date") or headers.get("Date")
    if not timestamp:
        raise incomplete_signature(
            "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header."
        )
    signed = fields["SignedHeaders"].split(";")
    canonical = "\n".join(
        [
            method,
            _canonical_path(path),
            _canonical_query(path),
            "".join(f"{name}:{_header_value(headers, name)}\n" for name in signed),
            fields["SignedHeaders"],
            headers.get("X-Amz-Content-SHA256") or hashlib.sha256(body).hexdigest(),
        ]
    )
    to_sign = "\n".join(
        [ALGORITHM, timestamp, credential.scope, hashlib.sha256(canonical.encode()).hexdigest()]
    )
    key = f"AWS4{secret}".encode()
    for part in credential.scope.split("/"):
        key = hmac.new(key, part.encode(), hashlib.sha256).digest()
    expected = hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected, fields["Signature"]):
        raise KmsError("InvalidSignatureException", SIGNATURE_MISMATCH, 400)


def _authorization_fields(authorization: str) -> dict[str, str]:
    """SignedHeaders and Signature of an `AWS4-HMAC-SHA256 ...` header (its Credential has
    been read already)."""
    fields: dict[str, str] = {}
    for part in authorization[len(ALGORITHM) :].split(","):
        name, _, value = part.strip().partition("=")
        fields[name] = value
    missing = [n for n in ("SignedHeaders", "Signature") if not fields.get(n)]
    if missing:
        # The fake's words: the parameters AWS's message names, in its form.
        raise incomplete_signature(
            " ".join(f"Authorization header requires '{name}' parameter." for name in missing)
        )
    return fields


def _header_value(headers: Any, name: str) -> str:
    """A signed header's canonical value: each value trimmed, inner runs of spaces made one,
    several values joined with commas."""
    return ",".join(" ".join(value.split()) for value in headers.get_all(name, []))


def _canonical_path(path: str) -> str:
    """The path, each segment URI-encoded once (AWS services other than S3 encode the path
    the client sent, which is itself encoded: so twice in all, as botocore signs it)."""
    raw = path.split("?", 1)[0] or "/"
    return quote(raw, safe="/~")


def _canonical_query(path: str) -> str:
    if "?" not in path:
        return ""
    pairs = []
    for item in path.split("?", 1)[1].split("&"):
        if item:
            name, _, value = item.partition("=")
            pairs.append((quote(unquote(name), safe="-_.~"), quote(unquote(value), safe="-_.~")))
    return "&".join(f"{name}={value}" for name, value in sorted(pairs))
