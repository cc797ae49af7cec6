"""The access-control helpers of `KmsFake`: the enforcement switch, who calls, the IAM
policies a principal has, and why a call was allowed or denied."""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from .._access.principals import parse_caller

if TYPE_CHECKING:
    from .._service.service import KmsService
    from .._state.calls import KmsCall


class AccessControl:
    """A base of `KmsFake`: needs only `_service`."""

    _service: KmsService

    def enforce_access(self, enabled: bool = True) -> None:
        """Switch access control on (or off) for the following calls: key policies, grants
        and identity policies are evaluated, and a call they do not allow raises
        AccessDeniedException. Off by default (the ``enforce_access`` option)."""
        self._service.access.enforce = bool(enabled)

    @property
    def enforcing_access(self) -> bool:
        return self._service.access.enforce

    def set_caller(self, principal: str | None, *, via_service: str | None = None) -> None:
        """Make the following calls as `principal` (an IAM user or role ARN, an assumed-role
        ARN, an account id, an account root ARN); None goes back to the account root. Calls
        act in the principal's account. A client created with an access key mapped by
        `add_access_key` still calls as that key's principal. `via_service` (such as
        ``"s3.us-east-1.amazonaws.com"``) sets kms:ViaService, as when an AWS service calls
        KMS on the principal's behalf."""
        if principal is None:
            self._service.access.caller = None
            return
        caller = parse_caller(principal)
        self._service.access.caller = dataclasses.replace(caller, via_service=via_service)

    @contextlib.contextmanager
    def acting_as(self, principal: str, *, via_service: str | None = None) -> Iterator[None]:
        """``with fake.acting_as(role_arn):`` calls made in the block are made as `principal`
        (see `set_caller`); the previous caller is restored after the block."""
        previous = self._service.access.caller
        self.set_caller(principal, via_service=via_service)
        try:
            yield
        finally:
            self._service.access.caller = previous

    def add_access_key(self, access_key_id: str, principal: str) -> None:
        """A client created with this access key id (``aws_access_key_id=...``) calls as
        `principal`. Only the client's own credentials are read; no credential chain is
        resolved."""
        self._service.access.add_access_key(access_key_id, principal)

    def put_identity_policy(
        self, principal: str, policy: str | Mapping[str, Any], name: str = "inline"
    ) -> None:
        """Attach an identity-based (IAM) policy, as a JSON string or a dict, to an IAM user
        or role (an assumed-role session has its role's policies). Replaces the policy of the
        same `name`. Consulted when access control is enforced, and for the key policy
        lockout safety check."""
        self._service.access.put_identity_policy(principal, policy, name)

    def remove_identity_policy(self, principal: str, name: str | None = None) -> None:
        """Detach the policy `name` from `principal`, or all of its policies."""
        self._service.access.remove_identity_policy(principal, name)

    def explain(self, call: KmsCall | None = None) -> str:
        """Why a call (by default the last one) was allowed or denied: for each permission it
        needed, the key policy statements, grants and identity policies that matched."""
        call = call if call is not None else self._service.calls.last
        head = f"{call.describe()}"
        if not call.access:
            reason = (
                "access control was not enforced, or the call was refused before any "
                "permission was checked"
            )
            return f"{head}\n{reason}"
        return "\n".join([head, *(str(decision) for decision in call.access)])
