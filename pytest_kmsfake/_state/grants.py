"""Grants: the stored grant, grant ids and tokens in AWS's formats, and what a grant allows.

A grant id is 64 lowercase hex characters [EX]. A grant token is opaque base64url without
padding, shaped like AWS's own (a version byte, the grant id, an authenticated body; about
490 characters, as the CreateGrant example in the model [EX]). Every CreateGrant hands out a
new token, even when `Name` makes the call return an existing grant, and every token of a
grant works the same [MD]. A token the fake did not make is malformed
(InvalidGrantTokenException).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .._rules.access import GRANT_OPERATIONS_WITHOUT_CONTEXT
from .._rules.errors import KmsError

_GRANT_ID = re.compile(r"^[0-9a-f]{64}$")
_TOKEN_CHARS = re.compile(r"^[A-Za-z0-9_-]+$")
_HEADER = b"\x01\x0a\x40"  # version 1, then field 1: the 64-character grant id
_BODY_TAG = b"\x22"  # field 4: the authenticated body
_NONCE_BYTES = 32
_BODY_BYTES = 298  # so a token is 368 bytes (491 characters), as AWS's example [EX]


@dataclass
class Grant:
    grant_id: str
    key_arn: str
    issuing_account: str  # the root ARN of the key's account, as ListGrants shows it [EX]
    creation_date: float
    operations: tuple[str, ...]
    grantee_principal: str | None = None
    grantee_service_principal: str | None = None
    retiring_principal: str | None = None
    retiring_service_principal: str | None = None
    name: str | None = None
    constraints: dict[str, Any] = field(default_factory=dict)

    def entry(self) -> dict[str, Any]:
        """The grant as ListGrants and ListRetirableGrants list it; absent members absent."""
        return {
            "KeyId": self.key_arn,
            "GrantId": self.grant_id,
            "Name": self.name or "",  # "" for a grant made without one [EX ListGrants]
            "CreationDate": self.creation_date,
            "GranteePrincipal": self.grantee_principal,
            "RetiringPrincipal": self.retiring_principal,
            "IssuingAccount": self.issuing_account,
            "Operations": list(self.operations),
            "Constraints": self.constraints or None,
            "GranteeServicePrincipal": self.grantee_service_principal,
            "RetiringServicePrincipal": self.retiring_service_principal,
        }

    def same_request(self, params: Mapping[str, Any]) -> bool:
        """Whether a CreateGrant with the same Name asked for exactly this grant again."""
        return (
            self.grantee_principal == params.get("GranteePrincipal")
            and self.grantee_service_principal == params.get("GranteeServicePrincipal")
            and self.retiring_principal == params.get("RetiringPrincipal")
            and self.retiring_service_principal == params.get("RetiringServicePrincipal")
            and sorted(self.operations) == sorted(params.get("Operations", ()))
            and self.constraints == dict(params.get("Constraints") or {})
        )


def is_grant_id(value: str) -> bool:
    return bool(_GRANT_ID.match(value))


def invalid_grant_id(value: str) -> KmsError:
    # INFERRED wording, after "Invalid keyId '<value>'": AWS's text was not recorded.
    return KmsError("InvalidGrantIdException", f"Invalid grantId '{value}'")


def grant_not_found(grant_id: str) -> KmsError:
    return KmsError("NotFoundException", f"Grant ID {grant_id} not found")  # [MOTO]


def invalid_grant_token() -> KmsError:
    return KmsError("InvalidGrantTokenException", "Invalid grant token")  # INFERRED wording


def make_token(secret: bytes, grant_id: str, nonce: bytes) -> str:
    """A new token for a grant: the id, a nonce, a MAC over both, and filler derived from
    them (so the token has AWS's length without consuming entropy)."""
    mac = hmac.new(secret, grant_id.encode() + nonce, hashlib.sha256).digest()
    filler = hashlib.shake_256(mac + nonce).digest(_BODY_BYTES - _NONCE_BYTES - len(mac))
    body = nonce + filler + mac
    raw = _HEADER + grant_id.encode() + _BODY_TAG + _varint(len(body)) + body
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def grant_id_of_token(secret: bytes, token: str) -> str:
    """The grant id a token names; InvalidGrantTokenException for a token the fake did not
    make. (Whether that grant still exists is for the caller to decide.)"""
    if not _TOKEN_CHARS.match(token):
        raise invalid_grant_token()
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
    except (binascii.Error, ValueError):
        raise invalid_grant_token() from None
    prefix = _HEADER + b"0" * 64 + _BODY_TAG + _varint(_BODY_BYTES)
    if len(raw) != len(prefix) + _BODY_BYTES or not raw.startswith(_HEADER):
        raise invalid_grant_token()
    grant_id = raw[len(_HEADER) : len(_HEADER) + 64].decode("ascii", "replace")
    body = raw[len(prefix) :]
    nonce, mac = body[:_NONCE_BYTES], body[-32:]
    expected = hmac.new(secret, grant_id.encode() + nonce, hashlib.sha256).digest()
    if not is_grant_id(grant_id) or not hmac.compare_digest(mac, expected):
        raise invalid_grant_token()
    return grant_id


def _varint(value: int) -> bytes:
    out = bytearray()
    while True:
        byte, value = value & 0x7F, value >> 7
        out.append(byte | (0x80 if value else 0))
        if not value:
            return bytes(out)


# --- What a grant allows -----------------------------------------------------------------


def _lower_keys(context: Mapping[str, str]) -> dict[str, str]:
    # Grant constraint keys match without regard to case; values match exactly [MD].
    return {str(k).lower(): v for k, v in context.items()}


def constraints_hold(constraints: Mapping[str, Any], context: Mapping[str, str] | None) -> bool:
    """Whether a request's encryption context satisfies a grant's constraints."""
    request = _lower_keys(context or {})
    equals = constraints.get("EncryptionContextEquals")
    if equals is not None and _lower_keys(equals) != request:
        return False
    subset = constraints.get("EncryptionContextSubset")
    if subset is None:
        return True
    return all(request.get(k) == v for k, v in _lower_keys(subset).items())


def constraint_applies(operation: str) -> bool:
    return operation not in GRANT_OPERATIONS_WITHOUT_CONTEXT


def at_least_as_strict(parent: Mapping[str, Any], child: Mapping[str, Any]) -> bool:
    """A grant created through a constrained grant's CreateGrant permission must be equally
    strict or stricter [MD CreateGrant.Constraints]."""
    equals = parent.get("EncryptionContextEquals")
    if equals is not None:
        return _lower_keys(child.get("EncryptionContextEquals") or {}) == _lower_keys(equals)
    subset = parent.get("EncryptionContextSubset")
    if subset is None:
        return True
    wanted = _lower_keys(subset)
    for kind in ("EncryptionContextEquals", "EncryptionContextSubset"):
        given = child.get(kind)
        if given is not None and all(_lower_keys(given).get(k) == v for k, v in wanted.items()):
            return True
    return False
