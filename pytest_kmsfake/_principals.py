"""Who is calling: the caller's principal and account, and the IAM policies a test gave it.

The principal of a call comes, in this order, from the access key the client was created
with (when the test mapped that key to a principal), from the caller set on the fake
(`KmsFake.set_caller`, `acting_as`, the ``caller`` option), and otherwise is the root of the
fake's account. The access key is read from the client without resolving any credential
chain: the fake never looks for credentials that the client did not already hold.
"""

from __future__ import annotations

import hashlib
import os
import re
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ._arns import partition_for
from ._policy import Policy, parse_identity_policy

if TYPE_CHECKING:
    from ._options import FakeOptions

_CALLER = re.compile(
    r"^arn:(?P<partition>aws[a-z-]*):(?P<service>iam|sts)::(?P<account>\d{12}):"
    r"(?P<kind>root|user|role|assumed-role|federated-user)(?:/(?P<rest>[\w+=,.@/-]+))?$"
)


@dataclass(frozen=True)
class Caller:
    """The identity a call is made with."""

    arn: str  # as AWS names the caller in AccessDeniedException messages
    account_id: str
    principal_arn: str  # aws:PrincipalArn: the role's ARN for a role session
    kind: str  # root, user, role, assumed-role, federated-user
    via_service: str | None = None  # kms:ViaService: an AWS service calling for the principal

    @property
    def is_root(self) -> bool:
        return self.kind == "root"

    @property
    def identity_key(self) -> str:
        """Identity policies attach to users and roles by name (paths do not matter)."""
        name = self.principal_arn.rsplit("/", 1)[-1]
        kind = "role" if self.kind in ("role", "assumed-role") else self.kind
        return f"{self.account_id}:{kind}/{name}"


def root(account_id: str, region: str) -> Caller:
    arn = f"arn:{partition_for(region)}:iam::{account_id}:root"
    return Caller(arn, account_id, arn, "root")


def parse_caller(principal: str, region: str = "us-east-1") -> Caller:
    """A Caller from an account id, an IAM user or role ARN, an account root ARN, or an STS
    assumed-role or federated-user ARN; ValueError for anything else."""
    if re.fullmatch(r"\d{12}", principal):
        return root(principal, region)
    match = _CALLER.match(principal)
    rest = match.group("rest") if match else None
    if match is None or (match.group("kind") == "root") != (rest is None):
        raise ValueError(
            f"{principal!r} is not a principal the fake can act as; use an account id or an "
            "ARN such as arn:aws:iam::111122223333:role/app, arn:aws:iam::111122223333:user/"
            "ana, arn:aws:iam::111122223333:root or arn:aws:sts::111122223333:assumed-role/"
            "app/session"
        )
    kind, account, partition = match.group("kind"), match.group("account"), match["partition"]
    service = "sts" if kind in ("assumed-role", "federated-user") else "iam"
    if match.group("service") != service:
        raise ValueError(f"{principal!r}: {kind} principals are {service} ARNs")
    principal_arn = principal
    if kind == "assumed-role":
        role = str(rest).split("/")[0]
        principal_arn = f"arn:{partition}:iam::{account}:role/{role}"
    return Caller(principal, account, principal_arn, kind)


def access_key_of(client: Any) -> str | None:
    """The access key id a botocore client was created with, if it holds one already. Reads
    the credentials' attributes directly: the `access_key` property of refreshable
    credentials would fetch new ones."""
    signer = getattr(client, "_request_signer", None)
    credentials = getattr(signer, "_credentials", None)
    if credentials is None:
        return None
    attributes = getattr(credentials, "__dict__", {})
    key = attributes.get("access_key") or attributes.get("_access_key")
    return key if isinstance(key, str) else None


class AccessState:
    """A fake's access-control settings: the enforcement switch, access keys, the caller and
    the identity policies. Safe to change from any thread."""

    def __init__(self, options: FakeOptions) -> None:
        self._lock = threading.Lock()
        self.enforce: bool = options.enforce_access
        self.access_keys: dict[str, str] = {}
        for key, principal in options.access_keys.items():
            self.add_access_key(key, principal)
        self.caller: Caller | None = None
        if options.caller is not None:
            self.caller = parse_caller(options.caller)
        self._policies: dict[str, dict[str, Policy]] = {}
        seed = options.key_seed
        # Signs grant tokens; derived from the seed so that seeded runs are reproducible.
        self.token_secret = (
            hashlib.sha256(f"grant tokens:{seed}".encode()).digest() if seed else os.urandom(32)
        )

    def add_access_key(self, access_key_id: str, principal: str) -> None:
        parse_caller(principal)  # fail now, not at the call
        with self._lock:
            self.access_keys[access_key_id] = principal

    def principal_for_client(self, client: Any) -> str | None:
        key = access_key_of(client)
        return self.access_keys.get(key) if key is not None else None

    def caller_for(
        self, principal: str | None, account_id: str | None, default_account: str, region: str
    ) -> Caller:
        """Who makes a call: the client's mapped principal, else the root of an explicitly
        given account, else the caller set on the fake, else the default account's root."""
        if principal is not None:
            caller = parse_caller(principal, region)
        elif account_id is not None:
            caller = root(account_id, region)
        elif self.caller is not None:
            caller = self.caller
        else:
            caller = root(default_account, region)
        if caller.is_root and not caller.arn.startswith(f"arn:{partition_for(region)}:"):
            # The root of the region's partition (aws-cn, aws-us-gov, ...).
            fixed = root(caller.account_id, region)
            caller = Caller(fixed.arn, caller.account_id, fixed.arn, "root", caller.via_service)
        return caller

    def put_identity_policy(
        self, principal: str, document: str | Mapping[str, Any], name: str
    ) -> None:
        caller = parse_caller(principal)
        if caller.is_root:
            raise ValueError("the account root has every IAM permission; attach no policy to it")
        policy = parse_identity_policy(document)
        with self._lock:
            self._policies.setdefault(caller.identity_key, {})[name] = policy

    def remove_identity_policy(self, principal: str, name: str | None = None) -> None:
        key = parse_caller(principal).identity_key
        with self._lock:
            if name is None:
                self._policies.pop(key, None)
            else:
                self._policies.get(key, {}).pop(name, None)

    def identity_policies(self, caller: Caller) -> list[tuple[str, Policy]]:
        with self._lock:
            return list(self._policies.get(caller.identity_key, {}).items())
