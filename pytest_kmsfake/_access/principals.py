"""Who is calling: the caller's principal and account, the IAM policies a test gave it, and
whether a policy's Principal or NotPrincipal, or a grant, names it.

The principal of a call comes, in this order, from the access key the client was created
with (when the test mapped that key to a principal), from the caller set on the fake
(`KmsFake.set_caller`, `acting_as`, the ``caller`` option), and otherwise is the root of the
fake's account. The access key is read from the client without resolving any credential
chain: the fake never looks for credentials that the client did not already hold.
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .._rules.arns import partition_for
from .policy import ANYONE, Policy, Principal, parse_identity_policy

DIRECT = "direct"  # a statement or grant names the caller (or everyone)
ACCOUNT = "account"  # it names the caller's account, which delegates to IAM policies

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


# --- Whom a policy or grant names ---------------------------------------------------------


@functools.lru_cache(maxsize=1024)
def _parsed(value: str) -> Caller | None:
    try:
        return parse_caller(value)
    except ValueError:
        return None


def _account_of(value: str) -> str | None:
    """The account a principal value stands for as a whole: an account id or a root ARN."""
    if len(value) == 12 and value.isdigit():
        return value
    if value.startswith("arn:") and value.endswith(":root"):
        return value.split(":")[4]
    return None


def _names_caller(value: str, caller: Caller) -> bool:
    """Whether a principal ARN names the caller itself (accounts aside). A user or role ARN
    names that user or role whatever its path, and a role also names its sessions; a session
    ARN names that one session only [IAM User Guide, Principal element, "Role session
    principals": principals "must always name a specific session"]."""
    if value == caller.arn:
        return True
    named = _parsed(value)
    if named is None or named.kind not in ("user", "role") or caller.is_root:
        return False
    return named.identity_key == caller.identity_key


def principal_scope(principals: tuple[Principal, ...], caller: Caller) -> str | None:
    """How a Principal element (or a grant's grantee or retiring principal) names the caller:
    DIRECT when it names the caller or everyone (the account root is its account), ACCOUNT
    when it names the caller's account, which then decides through IAM policies, or None."""
    best: str | None = None
    for principal in principals:
        if principal == ANYONE:
            return DIRECT
        if principal.kind != "AWS":
            continue  # service, federated and canonical-user principals never call here
        account = _account_of(principal.value)
        if account is not None:
            if account == caller.account_id:
                best = DIRECT if caller.is_root else ACCOUNT
            continue
        if _names_caller(principal.value, caller):
            return DIRECT
    return best


def exempt(listed: tuple[Principal, ...], caller: Caller) -> bool:
    """Whether a Deny's NotPrincipal spares the caller. AWS evaluates a request as the
    account, then the user or role, then the role session, and the Deny applies unless each
    of them is listed: the account ARN spares the root alone, and a role does not spare its
    sessions [IAM User Guide, NotPrincipal element, "NotPrincipal with Deny" and both of its
    examples]. Where the guide says an unlisted account only "might" be denied, the fake
    denies: it must never allow more than AWS."""
    if ANYONE in listed:
        return True
    values = [p.value for p in listed if p.kind == "AWS"]
    if not any(_account_of(value) == caller.account_id for value in values):
        return False
    if caller.is_root:
        return True
    if caller.kind == "assumed-role":
        role = Caller(caller.principal_arn, caller.account_id, caller.principal_arn, "role")
        return caller.arn in values and any(_names_caller(value, role) for value in values)
    return any(_names_caller(value, caller) for value in values)


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

    def __init__(
        self,
        *,
        enforce: bool = False,
        access_keys: Mapping[str, str] | None = None,
        caller: str | None = None,
        seed: str | None = None,
        ignore_unevaluated: bool = False,
    ) -> None:
        self._lock = threading.Lock()
        self.enforce = enforce
        # Take condition keys and policy variables the fake cannot evaluate as absent,
        # rather than refuse the call (see `authorize._refuse_unevaluable`).
        self.ignore_unevaluated = ignore_unevaluated
        self.access_keys: dict[str, str] = {}
        for key, principal in (access_keys or {}).items():
            self.add_access_key(key, principal)
        self.caller: Caller | None = None
        if caller is not None:
            self.caller = parse_caller(caller)
        self._policies: dict[str, dict[str, Policy]] = {}
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
