"""The request context of a call, as access control sees it: who calls, the action, the
resource, and the condition keys with their values.

Which condition keys an operation carries, and from which request member, is data in
`_access_rules`; this module only reads the request through those tables.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from .._rules.access import (
    ENCRYPTION_CONTEXT_MEMBER,
    GRANT_FOR_AWS_RESOURCE_OPERATIONS,
    REQUEST_ALIAS_ACTIONS,
    REQUEST_CONDITION_KEYS,
    REQUEST_DEFAULTS,
    REQUEST_TAG_KEY_MEMBERS,
    REQUEST_TAG_MEMBERS,
)
from .._rules.arns import ALIAS_ARN, ALIAS_NAME, parse_reference
from .conditions import Context
from .principals import Caller, root

if TYPE_CHECKING:
    from .._state.calls import Decision
    from .._state.store import Key, RegionStore, Store
    from .principals import AccessState


class CallContext(Protocol):
    """What access control reads of a call (the service's call context provides it): access
    control sits below the service and never imports it."""

    operation: str
    account_id: str
    region: str
    store: Store
    params: Mapping[str, Any] | None
    caller: Caller | None
    access: AccessState | None
    enforce: bool
    decisions: list[Decision]

    @property
    def here(self) -> RegionStore: ...


@dataclass(frozen=True)
class Request:
    """One authorization question: may `caller` perform kms:`action` on `resource`?"""

    caller: Caller
    operation: str  # the API operation (ReEncrypt)
    action: str  # the permission it needs, without "kms:" (ReEncryptFrom)
    resource: str  # a key ARN, an alias ARN, a principal, or "*"
    context: Context
    params: Mapping[str, Any]
    key: Key | None = None
    # Whether a statement resting on what the fake cannot evaluate is refused (see
    # `authorize._refuse_unevaluable`): with enforcement on, unless the user opted out.
    refuse_unevaluable: bool = False

    @property
    def kms_action(self) -> str:
        return f"kms:{self.action}"

    @property
    def encryption_context(self) -> Mapping[str, str] | None:
        member = ENCRYPTION_CONTEXT_MEMBER.get(self.action)
        value = self.params.get(member) if member else None
        return value if isinstance(value, Mapping) else None


def caller_of(ctx: CallContext) -> Caller:
    return ctx.caller if ctx.caller is not None else root(ctx.account_id, ctx.region)


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _values(value: Any) -> tuple[str, ...]:
    if isinstance(value, (list, tuple)):
        return tuple(_text(v) for v in value)
    return (_text(value),)


def build_request(
    ctx: CallContext,
    action: str,
    resource: str,
    key: Key | None = None,
    reference: str | None = None,
) -> Request:
    """The request for `action` in this call, with every condition key the fake knows."""
    caller = caller_of(ctx)
    params: Mapping[str, Any] = ctx.params or {}
    operation = ctx.operation
    context: dict[str, tuple[str, ...]] = {
        "kms:calleraccount": (caller.account_id,),
        "aws:principalarn": (caller.principal_arn,),
        "aws:principalaccount": (caller.account_id,),
    }
    if caller.via_service is not None:
        context["kms:viaservice"] = (caller.via_service,)
    if operation in GRANT_FOR_AWS_RESOURCE_OPERATIONS:
        context["kms:grantisforawsresource"] = (_text(caller.via_service is not None),)
    if key is not None:
        context.update(_key_keys(ctx, key))
    for name, members in REQUEST_CONDITION_KEYS.items():
        member = members.get(action, members.get(operation))
        if member is None:
            continue
        if member and member in params:
            context[name.lower()] = _values(params[member])
        elif name in REQUEST_DEFAULTS:
            context[name.lower()] = (_text(REQUEST_DEFAULTS[name]),)
    context.update(_encryption_context_keys(action, params))
    context.update(_request_tag_keys(operation, params))
    if reference is not None and action in REQUEST_ALIAS_ACTIONS:
        ref = parse_reference(reference)
        if ref.form in (ALIAS_NAME, ALIAS_ARN):
            context["kms:requestalias"] = (ref.name,)
    refuse = ctx.enforce and ctx.access is not None and not ctx.access.ignore_unevaluated
    return Request(caller, operation, action, resource, context, params, key, refuse)


def _key_keys(ctx: CallContext, key: Key) -> dict[str, tuple[str, ...]]:
    aliases = ctx.store.region(key.account_id, key.region).aliases_of(key.key_id)
    found: dict[str, tuple[str, ...]] = {
        "kms:keyspec": (key.key_spec,),
        "kms:keyusage": (key.key_usage,),
        "kms:keyorigin": (key.origin,),
        "kms:multiregion": (_text(key.multi_region),),
    }
    if aliases:
        found["kms:resourcealiases"] = tuple(alias.name for alias in aliases)
    for name, value in key.tags.items():  # [ABAC] condition key names ignore case
        found[f"aws:resourcetag/{name.lower()}"] = (value,)
    return found


def _request_tag_keys(operation: str, params: Mapping[str, Any]) -> dict[str, tuple[str, ...]]:
    """aws:RequestTag/<tag key> and aws:TagKeys of a request that sets or removes tags."""
    found: dict[str, tuple[str, ...]] = {}
    tags = params.get(REQUEST_TAG_MEMBERS.get(operation, "")) or ()
    for tag in tags:
        found[f"aws:requesttag/{str(tag['TagKey']).lower()}"] = (str(tag["TagValue"]),)
    names = [str(tag["TagKey"]) for tag in tags]
    names += [str(name) for name in params.get(REQUEST_TAG_KEY_MEMBERS.get(operation, "")) or ()]
    if names:
        found["aws:tagkeys"] = tuple(names)
    return found


def _encryption_context_keys(action: str, params: Mapping[str, Any]) -> dict[str, tuple[str, ...]]:
    """kms:EncryptionContext:<key> and kms:EncryptionContextKeys. For CreateGrant they come
    from the grant's encryption-context constraint [DOCS conditions-kms.html]."""
    found: dict[str, tuple[str, ...]] = {}
    if action == "CreateGrant":
        constraints = params.get("Constraints") or {}
        pairs: dict[str, str] = {}
        for kind in ("EncryptionContextSubset", "EncryptionContextEquals"):
            if kind in constraints:
                pairs.update(constraints[kind])
                found["kms:grantconstrainttype"] = (kind,)
    else:
        member = ENCRYPTION_CONTEXT_MEMBER.get(action)
        pairs = dict(params.get(member) or {}) if member else {}
    for name, value in pairs.items():
        found[f"kms:encryptioncontext:{name.lower()}"] = (str(value),)
    if pairs:
        found["kms:encryptioncontextkeys"] = tuple(pairs)
    return found
