"""CreateGrant, ListGrants, ListRetirableGrants, RetireGrant, RevokeGrant.

Who may call them is decided at the chokepoint (`resolve_key` -> `_authorize`), as for
every operation; this module keeps the grants themselves. What a grant allows is evaluated
only when access control is enforced.
"""

from __future__ import annotations

from typing import Any

from ..._access.policy import is_grant_principal
from ..._rules import errors
from ..._rules.access import (
    GRANT_CONSTRAINT_MAX_PAIRS,
    GRANT_CONSTRAINT_MAX_VALUE_CHARS,
    GRANT_OPERATIONS,
    GRANTS_PER_KEY,
)
from ..._rules.arns import root_principal
from ..._rules.key_specs import KEY_SPECS
from ..._state.grants import (
    Grant,
    grant_id_of_token,
    grant_not_found,
    invalid_grant_id,
    is_grant_id,
    make_token,
)
from ..._state.store import Key
from ..context import CallContext
from ..resolve import resolve_key
from ._paging import page
from ._registry import Output, Params, operation, stop_if_dry_run

_CONTEXT_CONSTRAINTS = ("EncryptionContextEquals", "EncryptionContextSubset")


def _one_of(params: Params, first: str, second: str, *, required: bool) -> None:
    if first in params and second in params:
        # The rule is documented [MD CreateGrant]; the wording is INFERRED.
        raise errors.validation(f"You can specify either {first} or {second}, but not both.")
    if required and first not in params and second not in params:
        raise errors.validation(f"You must specify either {first} or {second}.")  # INFERRED


def _check_principals(params: Params, members: tuple[str, ...]) -> None:
    """Grantee and retiring principals must be principals in form: an account, an IAM or STS
    principal ARN, or a service principal (AWS also requires that they exist)."""
    for member in members:
        value = params.get(member)
        if value is not None and not is_grant_principal(value):
            # Recorded from AWS (2016-2024) for a grantee it does not know [ISS].
            raise errors.KmsError(
                "InvalidArnException", f"ARN does not refer to a valid principal: {value}"
            )


def _check_operations(key: Key, operations: list[str]) -> None:
    if not operations:
        raise errors.validation("A grant must allow at least one operation.")  # INFERRED
    if set(operations) == {"CreateGrant"}:  # [ISS:ansible/ansible#31960, 2019]
        raise errors.validation("Grants must not contain only the CreateGrant operation.")
    allowed = GRANT_OPERATIONS.get((KEY_SPECS[key.key_spec].kind, key.key_usage), frozenset())
    refused = [op for op in operations if op not in allowed]
    if refused:
        # AWS documents a validation error here [MD CreateGrant.Operations]; wording INFERRED.
        raise errors.validation(
            f"Grant operations {', '.join(refused)} are not valid for {key.arn}, whose "
            f"KeySpec is {key.key_spec} and KeyUsage {key.key_usage}."
        )


def _check_constraints(key: Key, constraints: dict[str, Any]) -> None:
    for kind in _CONTEXT_CONSTRAINTS:
        pairs = constraints.get(kind)
        if pairs is None:
            continue
        if not KEY_SPECS[key.key_spec].symmetric:
            # Documented [MD CreateGrant.Constraints]; the wording is INFERRED.
            raise errors.validation(
                f"{kind} grant constraints are valid only for symmetric encryption KMS keys."
            )
        if len(pairs) > GRANT_CONSTRAINT_MAX_PAIRS or any(
            len(str(value)) > GRANT_CONSTRAINT_MAX_VALUE_CHARS for value in pairs.values()
        ):
            # The quotas are documented [MD CreateGrant.Constraints]; the wording is INFERRED.
            raise errors.validation(
                f"{kind} allows at most {GRANT_CONSTRAINT_MAX_PAIRS} pairs, each value at most "
                f"{GRANT_CONSTRAINT_MAX_VALUE_CHARS} characters."
            )


@operation("CreateGrant")
def create_grant(ctx: CallContext, params: Params) -> Output:
    key = resolve_key(ctx, params["KeyId"])
    _one_of(params, "GranteePrincipal", "GranteeServicePrincipal", required=True)
    _one_of(params, "RetiringPrincipal", "RetiringServicePrincipal", required=False)
    _check_principals(params, ("GranteePrincipal", "RetiringPrincipal"))
    operations = list(params["Operations"])
    _check_operations(key, operations)
    constraints = dict(params.get("Constraints") or {})
    _check_constraints(key, constraints)
    if "GranteeServicePrincipal" in params and (
        "SourceArn" not in constraints
        or not ("RetiringPrincipal" in params or "RetiringServicePrincipal" in params)
    ):
        # Documented [MD CreateGrant.GranteeServicePrincipal]; the wording is INFERRED.
        raise errors.validation(
            "A grant for a service principal needs a SourceArn constraint and a retiring principal."
        )
    name = params.get("Name")
    existing = None
    if name is not None:
        existing = next(
            (g for g in key.grants.values() if g.name == name and g.same_request(params)), None
        )
    if existing is None and len(key.grants) >= GRANTS_PER_KEY:
        raise errors.KmsError(  # the quota is documented [DG23]; the wording is INFERRED
            "LimitExceededException",
            f"{key.arn} already has {GRANTS_PER_KEY} grants.",
        )
    stop_if_dry_run(params)
    grant = existing or _new_grant(ctx, key, params, operations, constraints)
    assert ctx.access is not None
    token = make_token(ctx.access.token_secret, grant.grant_id, ctx.entropy.token_bytes(32))
    return {"GrantToken": token, "GrantId": grant.grant_id}


def _new_grant(
    ctx: CallContext, key: Key, params: Params, operations: list[str], constraints: dict[str, Any]
) -> Grant:
    grant = Grant(
        grant_id=ctx.entropy.token_bytes(32).hex(),
        key_arn=key.arn,
        issuing_account=root_principal(key.region, key.account_id),
        creation_date=ctx.now,
        operations=tuple(operations),
        grantee_principal=params.get("GranteePrincipal"),
        grantee_service_principal=params.get("GranteeServicePrincipal"),
        retiring_principal=params.get("RetiringPrincipal"),
        retiring_service_principal=params.get("RetiringServicePrincipal"),
        name=params.get("Name"),
        constraints=constraints,
    )
    key.grants[grant.grant_id] = grant
    return grant


@operation("ListGrants")
def list_grants(ctx: CallContext, params: Params) -> Output:
    key = resolve_key(ctx, params["KeyId"])
    _one_of(params, "GranteePrincipal", "GranteeServicePrincipal", required=False)
    grants = list(key.grants.values())
    if "GrantId" in params:
        if not is_grant_id(params["GrantId"]):
            raise invalid_grant_id(params["GrantId"])
        grants = [g for g in grants if g.grant_id == params["GrantId"]]
    if "GranteePrincipal" in params:
        grants = [g for g in grants if g.grantee_principal == params["GranteePrincipal"]]
    if "GranteeServicePrincipal" in params:
        wanted = params["GranteeServicePrincipal"]
        grants = [g for g in grants if g.grantee_service_principal == wanted]
    chunk, more = page("ListGrants", grants, params)
    return {"Grants": [grant.entry() for grant in chunk], **more}


@operation("ListRetirableGrants")
def list_retirable_grants(ctx: CallContext, params: Params) -> Output:
    _one_of(params, "RetiringPrincipal", "RetiringServicePrincipal", required=True)
    # The model lists InvalidArnException here too; the same check as CreateGrant's INFERRED.
    _check_principals(params, ("RetiringPrincipal",))
    principal = params.get("RetiringPrincipal")
    service = params.get("RetiringServicePrincipal")
    found = [
        grant
        for key in _keys_in_region(ctx)
        for grant in key.grants.values()
        if (principal is not None and grant.retiring_principal == principal)
        or (service is not None and grant.retiring_service_principal == service)
    ]
    chunk, more = page("ListRetirableGrants", found, params)
    return {"Grants": [grant.entry() for grant in chunk], **more}


def _keys_in_region(ctx: CallContext) -> list[Key]:
    """Every key of every account in this call's region: grants on other accounts' keys can
    name a principal of this account [MD ListRetirableGrants]."""
    accounts = {s.account_id for s in ctx.store.regions() if s.region == ctx.region}
    return [key for account in sorted(accounts) for key in ctx.region_store(account).keys.values()]


def _grant_of_token(ctx: CallContext, token: str) -> tuple[Key, str]:
    assert ctx.access is not None
    grant_id = grant_id_of_token(ctx.access.token_secret, token)
    for key in _keys_in_region(ctx):
        if grant_id in key.grants:
            return key, grant_id
    raise grant_not_found(grant_id)


@operation("RetireGrant")
def retire_grant(ctx: CallContext, params: Params) -> Output:
    if "GrantToken" in params:
        owner, grant_id = _grant_of_token(ctx, params["GrantToken"])
        key = resolve_key(ctx, owner.arn)
    elif "KeyId" in params and "GrantId" in params:
        key = resolve_key(ctx, params["KeyId"])
        grant_id = params["GrantId"]
    else:
        # The rule is documented [MD RetireGrant]; the wording is INFERRED.
        raise errors.validation("Specify a GrantToken, or both a KeyId and a GrantId.")
    _remove(ctx, key, grant_id, params)
    # CloudTrail logs the grant's id, which a request with only a token does not show
    # [DG-CT ct-retire-grant].
    ctx.trail["grantId"] = grant_id
    return {}


@operation("RevokeGrant")
def revoke_grant(ctx: CallContext, params: Params) -> Output:
    key = resolve_key(ctx, params["KeyId"])
    _remove(ctx, key, params["GrantId"], params)
    return {}


def _remove(ctx: CallContext, key: Key, grant_id: str, params: Params) -> None:
    if not is_grant_id(grant_id):
        raise invalid_grant_id(grant_id)
    if grant_id not in key.grants:
        raise grant_not_found(grant_id)
    stop_if_dry_run(params)
    del key.grants[grant_id]
