"""Opt-in access control: may this caller perform this action on this key?

KMS allows a call on a key when no policy explicitly denies it and either a grant allows
it, or the key policy allows the caller directly, or the key policy allows the caller's
account and the caller's identity-based (IAM) policies allow it too [DG23 "Determining
access"]. A caller from another account always needs its own IAM allow as well, except
through a grant. RetireGrant is decided by the grant and IAM policies, not the key policy.
Calls that name no key (CreateKey, ListKeys, ...) are authorized by IAM policies alone, and
alias operations need IAM's allow on the alias besides the key policy's on each key. Every
decision is recorded, with what matched, for `KmsFake.explain`.

Entry points: `authorize_key` (from the chokepoint `resolve_key`), `check_request` (once per
call, at dispatch) and `lockout_safe` (the key policy lockout safety check).
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .._rules import errors
from .._rules.access import (
    ALIAS_CURRENT_KEY_OPERATIONS,
    ALIAS_OPERATIONS,
    IAM_ONLY_OPERATIONS,
    MEMBER_ACTIONS,
    evaluable_condition_key,
)
from .._rules.arns import alias_arn
from .._rules.errors import UnsupportedByFake
from .._rules.limits import RESERVED_ALIAS_PREFIX
from .._rules.model import service_model
from .._state.calls import Decision
from .._state.grants import (
    Grant,
    at_least_as_strict,
    constraint_applies,
    constraints_hold,
    grant_id_of_token,
)
from .conditions import holds, wildcard_match
from .policy import DENY, Condition, Policy, Principal, Statement, parse_key_policy
from .principals import ACCOUNT, DIRECT, Caller, exempt, principal_scope
from .request_context import Request, build_request

if TYPE_CHECKING:
    from .._state.store import Key
    from .request_context import CallContext


def _denied(request: Request, policy_type: str, explicit: bool, with_resource: bool = True) -> str:
    """AWS's AccessDeniedException text [ISS 2021-2025 for "because no ... allows"; the
    "with an explicit deny" form is INFERRED from IAM's documented message format]."""
    where = f" on resource: {request.resource}" if with_resource else ""
    head = f"User: {request.caller.arn} is not authorized to perform: {request.kms_action}{where}"
    if explicit:
        article = "an" if policy_type[0] in "aeiou" else "a"
        return f"{head} with an explicit deny in {article} {policy_type} policy"
    return f"{head} because no {policy_type} policy allows the {request.kms_action} action"


# --- Matching ------------------------------------------------------------------------------


def _statement_scope(statement: Statement, caller: Caller) -> str | None:
    if statement.principals is not None:
        return principal_scope(statement.principals, caller)
    if statement.not_principals is not None:
        if statement.effect == DENY:
            return None if exempt(statement.not_principals, caller) else DIRECT
        # "NotPrincipal must be used with Effect Deny. Using it with Allow is not supported"
        # [IAM User Guide, NotPrincipal element]: such a statement allows no one, since
        # allowing everyone it does not list could let in a caller AWS refuses.
        return None
    return DIRECT  # identity-based policies apply to the principal they are attached to


def _targets(statement: Statement, request: Request) -> bool:
    """Whether the statement is about this action on this resource (conditions aside)."""
    if not statement.effective:
        return False
    action = request.kms_action
    if statement.actions is not None:
        if not any(wildcard_match(p, action, ignore_case=True) for p in statement.actions):
            return False
    elif any(wildcard_match(p, action, ignore_case=True) for p in statement.not_actions or ()):
        return False
    if statement.resources is not None:
        if not any(wildcard_match(p, request.resource) for p in statement.resources):
            return False
    elif any(wildcard_match(p, request.resource) for p in statement.not_resources or ()):
        return False
    return True


def _described(condition: Condition, request: Request) -> str:
    found = request.context.get(condition.key)
    has = ", ".join(found) if found else "no value"
    return (
        f"{condition.operator} {condition.written} {list(condition.values)} (the request has {has})"
    )


def _failed_condition(statement: Statement, request: Request) -> str | None:
    for c in statement.conditions:
        if not holds(c.operator, c.key, c.values, request.context):
            return _described(c, request)
    return None


def _held_conditions(statement: Statement, request: Request) -> str:
    """For an explanation: the conditions of a statement that applies, each of which held."""
    if not statement.conditions:
        return ""
    held = "; ".join(_described(c, request) for c in statement.conditions)
    return f", its condition{'s' if len(statement.conditions) > 1 else ''} holding: {held}"


@dataclass
class _Verdict:
    """What one kind of policy says: the best allow scope, or the statement that denies."""

    allow: str | None = None
    deny: str | None = None
    reasons: tuple[str, ...] = ()


def _refuse_unevaluable(statement: Statement, label: str) -> None:
    """A statement that applies to this request and rests on a condition key no request in
    the fake carries, or on a policy variable, cannot be decided as AWS decides it: refuse
    loudly rather than let its missing-key value let a caller in."""
    for condition in statement.conditions:
        if not evaluable_condition_key(condition.key):
            raise UnsupportedByFake(
                f"the condition key {condition.written} under enforce_access ({label}; the "
                "option ignore_unevaluated_conditions=True takes it as absent from every "
                "request)"
            )
        if any("${" in value for value in condition.values):
            raise UnsupportedByFake(
                f"policy variables under enforce_access ({condition.written} in {label}; the "
                "option ignore_unevaluated_conditions=True compares the value as written)"
            )


def _evaluate(policy: Policy, request: Request, where: str) -> _Verdict:
    verdict = _Verdict()
    for statement in policy.statements:
        scope = _statement_scope(statement, request.caller)
        if scope is None or not _targets(statement, request):
            continue
        label = f"{where} {statement.label}"
        if request.refuse_unevaluable:
            _refuse_unevaluable(statement, label)
        failed = _failed_condition(statement, request)
        if failed is not None:
            verdict.reasons += (f"{label} does not apply: its condition {failed} fails",)
            continue
        held = _held_conditions(statement, request)
        if statement.effect == DENY:
            return _Verdict(deny=label, reasons=(f"{label} denies {request.kms_action}{held}",))
        if verdict.allow != DIRECT:
            verdict.allow = scope
        whom = "the caller" if scope == DIRECT else f"account {request.caller.account_id}"
        verdict.reasons += (f"{label} allows {request.kms_action} to {whom}{held}",)
    return verdict


def _identity_verdict(ctx: CallContext, request: Request) -> _Verdict:
    if request.caller.is_root:
        return _Verdict(allow=DIRECT, reasons=("the account root has every IAM permission",))
    if not ctx.enforce:  # only a key policy that does not delegate to IAM is being checked
        return _Verdict(allow=DIRECT, reasons=("with enforcement off, IAM policies allow all",))
    verdict = _Verdict()
    policies = ctx.access.identity_policies(request.caller) if ctx.access is not None else []
    for name, policy in policies:
        found = _evaluate(policy, request, f"identity policy {name!r}")
        if found.deny is not None:
            return found
        verdict.allow = verdict.allow or found.allow
        verdict.reasons += found.reasons
    if not policies:
        verdict.reasons = (f"no identity policy is attached to {request.caller.principal_arn}",)
    return verdict


def _grantee_scope(grant: Grant, caller: Caller) -> str | None:
    if grant.grantee_principal is None:
        return None  # a service principal grantee: the service itself never calls here
    return principal_scope((Principal("AWS", grant.grantee_principal),), caller)


def _grant_verdict(request: Request, key: Key) -> _Verdict:
    verdict = _Verdict()
    for grant in key.grants.values():
        scope = _grantee_scope(grant, request.caller)
        if scope is None or request.action not in grant.operations:
            continue
        if grant.constraints.get("SourceArn"):
            continue  # aws:SourceArn is never in the fake's requests
        if constraint_applies(request.action) and not constraints_hold(
            grant.constraints, request.encryption_context
        ):
            continue
        if request.action == "CreateGrant" and not _may_create(grant, request.params):
            continue
        if verdict.allow != DIRECT:
            verdict.allow = scope
        verdict.reasons += (f"grant {grant.grant_id} allows {request.action}",)
    return verdict


def _may_create(grant: Grant, params: Mapping[str, Any]) -> bool:
    """A grant's CreateGrant permission covers only its own operations, with constraints at
    least as strict as its own [MD CreateGrant]."""
    wanted = set(params.get("Operations") or ())
    child = params.get("Constraints") or {}
    return wanted <= set(grant.operations) and at_least_as_strict(grant.constraints, child)


def _retire_verdict(ctx: CallContext, request: Request, key: Key) -> _Verdict:
    """Who may retire a grant, as the grant says [DG "Retiring and revoking grants"]: its
    retiring principal and, when the grant allows RetireGrant, its grantee, without any
    policy; where either is an account, the principals that account's IAM policies allow
    kms:RetireGrant; and the principals of the key's account ("the AWS account in which the
    grant was created") that its IAM policies allow. Anyone else is refused, whatever their
    IAM policies say ("kms:RetireGrant permission alone does not allow principals to retire
    a grant")."""
    grant = _target_grant(ctx, key)
    caller = request.caller
    retiring = grant.retiring_principal if grant is not None else None
    retiring_scope = principal_scope((Principal("AWS", retiring),), caller) if retiring else None
    by_grantee = grant is not None and "RetireGrant" in grant.operations
    grantee_scope = _grantee_scope(grant, caller) if grant is not None and by_grantee else None
    named = f"grant {grant.grant_id}" if grant is not None else "the grant"
    if retiring_scope == DIRECT:
        return _Verdict(DIRECT, reasons=(f"the caller is the retiring principal of {named}",))
    if grantee_scope == DIRECT:
        return _Verdict(DIRECT, reasons=(f"{named} allows its grantee to retire it",))
    if retiring_scope == ACCOUNT or grantee_scope == ACCOUNT:
        whom = "retiring principal" if retiring_scope == ACCOUNT else "grantee"
        reason = f"account {caller.account_id} is the {whom} of {named}"
        return _Verdict(ACCOUNT, reasons=(reason,))
    if caller.account_id == key.account_id:  # also when no such grant exists: NotFound then
        reason = f"{named} belongs to account {key.account_id}, the key's account"
        return _Verdict(ACCOUNT, reasons=(reason,))
    return _Verdict()


def _target_grant(ctx: CallContext, key: Key) -> Grant | None:
    params = ctx.params or {}
    grant_id = params.get("GrantId")
    if grant_id is None and "GrantToken" in params and ctx.access is not None:
        try:
            grant_id = grant_id_of_token(ctx.access.token_secret, params["GrantToken"])
        except errors.KmsError:
            return None
    return key.grants.get(grant_id) if isinstance(grant_id, str) else None


# --- Decisions -------------------------------------------------------------------------------


def _decide(ctx: CallContext, request: Request, key: Key) -> Decision:
    if request.action == "RetireGrant":
        return _decide_retire(ctx, request, key)
    key_policy = _evaluate(parse_key_policy(key.policy), request, "key policy")
    identity = _identity_verdict(ctx, request)
    grants = _grant_verdict(request, key)
    reasons = key_policy.reasons + grants.reasons + identity.reasons
    same_account = request.caller.account_id == key.account_id

    def deny(policy_type: str, why: str, explicit: bool = False) -> Decision:
        message = _denied(request, policy_type, explicit)
        return _decision(request, False, (*reasons, f"so denied: {why}"), message)

    def allow(why: str) -> Decision:
        return _decision(request, True, (*reasons, f"so allowed: {why}"))

    if key_policy.deny is not None:
        return deny("resource-based", "an explicit deny in the key policy", explicit=True)
    if identity.deny is not None:
        return deny("identity-based", "an explicit deny in an identity policy", explicit=True)
    # Each of the key policy and the grants may allow on its own: a grant adds access and
    # never takes any away [DG "Grants in AWS KMS"], so a grant to the caller's account does
    # not make a key policy that names the caller need IAM policies as well.
    if grants.allow == DIRECT:
        return allow("a grant for the caller is enough, without IAM policies")
    if key_policy.allow == DIRECT and same_account:
        return allow("the key policy allows the caller")
    if key_policy.allow is None and grants.allow is None:
        return deny("resource-based", "neither the key policy nor a grant allows the caller")
    # What allows the caller leaves it to its account's IAM policies, or the caller is from
    # another account, which always needs them too [DG "Allowing users in other accounts"].
    source = "the key policy" if key_policy.allow is not None else "a grant"
    if identity.allow is None:
        why = (
            f"the key lets account {request.caller.account_id} decide through IAM policies, "
            "and no identity policy of the caller allows it"
            if same_account
            else "a caller from another account also needs an identity policy that allows it"
        )
        return deny("identity-based", why)
    if same_account:
        return allow(f"{source} allows the account and an identity policy the caller")
    return allow(f"{source} allows the caller from another account, and an identity policy too")


def _decide_retire(ctx: CallContext, request: Request, key: Key) -> Decision:
    """RetireGrant: decided by the grant and IAM policies. "The kms:RetireGrant permission is
    not effective in a key policy" [DG "Retiring and revoking grants"], so the key policy's
    allows count for nothing; its explicit denies still refuse, as the fake never allows
    more than AWS might."""
    key_policy = _evaluate(parse_key_policy(key.policy), request, "key policy")
    identity = _identity_verdict(ctx, request)
    grants = _retire_verdict(ctx, request, key)
    ignored = () if key_policy.deny else ("kms:RetireGrant in a key policy has no effect",)
    key_reasons = key_policy.reasons if key_policy.deny else ()
    reasons = key_reasons + ignored + grants.reasons + identity.reasons

    def deny(policy_type: str, why: str, explicit: bool = False) -> Decision:
        message = _denied(request, policy_type, explicit)
        return _decision(request, False, (*reasons, f"so denied: {why}"), message)

    if key_policy.deny is not None:
        return deny("resource-based", "an explicit deny in the key policy", explicit=True)
    if identity.deny is not None:
        return deny("identity-based", "an explicit deny in an identity policy", explicit=True)
    if grants.allow is None:
        return deny("resource-based", "the grant does not name the caller or its account")
    if grants.allow == ACCOUNT and identity.allow is None:
        return deny("identity-based", "no identity policy of the caller allows kms:RetireGrant")
    why = "the grant names the caller" if grants.allow == DIRECT else "an identity policy allows it"
    return _decision(request, True, (*reasons, f"so allowed: {why}"))


def _decision(
    request: Request, allowed: bool, reasons: tuple[str, ...], message: str | None = None
) -> Decision:
    if not allowed and not reasons:
        reasons = ("no statement or grant matched",)
    return Decision(
        request.operation,
        request.kms_action,
        request.resource,
        request.caller.arn,
        allowed,
        reasons,
        message,
    )


def _record(ctx: CallContext, decision: Decision) -> None:
    ctx.decisions.append(decision)
    if not decision.allowed:
        raise errors.KmsError("AccessDeniedException", decision.message)


def authorize_key(
    ctx: CallContext, key: Key, operation: str, action: str | None, reference: str
) -> None:
    """Raise AccessDeniedException unless the caller may perform `action` (by default the
    operation's own) on `key`. Called by `resolve_key` when enforcement is on."""
    wanted = f"kms:{action or operation}"
    for earlier in ctx.decisions:  # Decrypt may name its key twice: decide once
        if earlier.allowed and earlier.action == wanted and earlier.resource == key.arn:
            return
    request = build_request(ctx, action or operation, key.arn, key, reference)
    _record(ctx, _decide(ctx, request, key))


def _iam_only(ctx: CallContext, action: str, resource: str, with_resource: bool = True) -> None:
    request = build_request(ctx, action, resource)
    identity = _identity_verdict(ctx, request)
    if identity.deny is not None:
        message = _denied(request, "identity-based", True, with_resource)
        _record(ctx, _decision(request, False, identity.reasons, message))
    elif identity.allow is None:
        message = _denied(request, "identity-based", False, with_resource)
        _record(ctx, _decision(request, False, identity.reasons, message))
    else:
        _record(ctx, _decision(request, True, identity.reasons))


def _authorize_alias(ctx: CallContext, name: str) -> None:
    """kms:<Operation> on the alias, from IAM policies alone, then on the key the alias names
    now, for UpdateAlias and DeleteAlias [DG "Controlling access to aliases"]. A reserved
    aws/ alias is refused by the operation itself, whoever calls."""
    _iam_only(ctx, ctx.operation, alias_arn(ctx.region, ctx.account_id, name))
    if ctx.operation not in ALIAS_CURRENT_KEY_OPERATIONS or name.startswith(RESERVED_ALIAS_PREFIX):
        return
    store = ctx.here
    alias = store.aliases.get(name)
    key = store.keys.get(alias.target_key_id) if alias is not None else None
    if key is not None:  # a missing alias is the operation's NotFoundException
        authorize_key(ctx, key, ctx.operation, None, name)


@functools.cache
def validates_grant_tokens(operation: str) -> bool:
    """Operations whose model lists InvalidGrantTokenException. DescribeKey takes GrantTokens
    but does not: the fake accepts any token there (INFERRED)."""
    errors_of = service_model().operation_model(operation).error_shapes
    return any(shape.name == "InvalidGrantTokenException" for shape in errors_of)


def check_request(ctx: CallContext, params: Mapping[str, Any]) -> None:
    """Once per call, before the operation runs: every grant token must be one the fake made
    (InvalidGrantTokenException), and with enforcement on, calls that KMS authorizes with IAM
    policies alone are authorized here."""
    tokens = params.get("GrantTokens") or ()
    if tokens and ctx.access is not None and validates_grant_tokens(ctx.operation):
        for token in tokens:
            grant_id_of_token(ctx.access.token_secret, token)
    if not ctx.enforce:
        return
    member = IAM_ONLY_OPERATIONS.get(ctx.operation)
    if member is not None:
        resource = str(params.get(member, "*")) if member != "*" else "*"
        _iam_only(ctx, ctx.operation, resource)
    if ctx.operation in ALIAS_OPERATIONS and isinstance(params.get("AliasName"), str):
        _authorize_alias(ctx, params["AliasName"])
    for name, action in MEMBER_ACTIONS.get(ctx.operation, ()):
        if name in params:
            _iam_only(ctx, action, "*", with_resource=False)


def lockout_safe(ctx: CallContext, policy: Policy, resource: str, key: Key | None) -> bool:
    """The key policy lockout safety check: would `policy` let this caller call PutKeyPolicy
    on the key? With enforcement off, IAM policies are taken to allow whatever the key policy
    delegates to the account."""
    # Only a safety net: a condition it cannot evaluate is taken as absent, never refused.
    request = dataclasses.replace(
        build_request(ctx, "PutKeyPolicy", resource, key), refuse_unevaluable=False
    )
    verdict = _evaluate(policy, request, "new key policy")
    if verdict.deny is not None or verdict.allow is None:
        return False
    if not ctx.enforce or verdict.allow == DIRECT:  # PutKeyPolicy is same-account only
        return True
    return _identity_verdict(ctx, request).allow is not None
