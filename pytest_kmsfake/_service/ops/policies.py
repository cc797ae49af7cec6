"""GetKeyPolicy, PutKeyPolicy, ListKeyPolicies, and the checks every new key policy passes
(also CreateKey's `Policy`). Evaluating policies is opt-in and lives in `_authorize`."""

from __future__ import annotations

from ..._access.authorize import lockout_safe
from ..._access.policy import LOCKOUT, malformed, parse_key_policy
from ..._access.policy_text import stored_policy
from ..._rules import errors
from ..._rules.access import POLICY_NAMES
from ..._rules.arns import key_arn
from ..._rules.errors import KmsError
from ..._state.store import Key
from ..context import CallContext
from ..resolve import resolve_key
from ._paging import page
from ._registry import Output, Params, operation

DEFAULT_POLICY_NAME = POLICY_NAMES[0]


def check_new_policy(ctx: CallContext, params: Params, key: Key | None = None) -> None:
    """A new key policy must follow the grammar (MalformedPolicyDocumentException), fit the
    size quota (LimitExceededException) and, unless BypassPolicyLockoutSafetyCheck, let the
    caller call PutKeyPolicy again [MD PutKeyPolicy]."""
    policy = parse_key_policy(params["Policy"])
    if params.get("BypassPolicyLockoutSafetyCheck"):
        return
    resource = key.arn if key is not None else key_arn(ctx.region, ctx.account_id, "*")
    if not lockout_safe(ctx, policy, resource, key):
        raise malformed(LOCKOUT)


def _check_policy_name(params: Params, *, putting: bool = False) -> str:
    name = params.get("PolicyName", DEFAULT_POLICY_NAME)
    if putting and name == "AWS_RAM":
        # The rule is documented [MD PutKeyPolicy]; the wording is INFERRED.
        raise errors.validation("You cannot set the AWS_RAM key policy; RAM manages it.")
    if name not in POLICY_NAMES:
        # INFERRED wording; "default" is the only policy name a customer key has [MD].
        raise KmsError("NotFoundException", f"Policy {name} does not exist.")
    return str(name)


@operation("GetKeyPolicy")
def get_key_policy(ctx: CallContext, params: Params) -> Output:
    key = resolve_key(ctx, params["KeyId"])
    return {"Policy": key.policy, "PolicyName": _check_policy_name(params)}


@operation("PutKeyPolicy")
def put_key_policy(ctx: CallContext, params: Params) -> Output:
    key = resolve_key(ctx, params["KeyId"])
    _check_policy_name(params, putting=True)
    check_new_policy(ctx, params, key)
    key.policy = stored_policy(params["Policy"])
    return {}


@operation("ListKeyPolicies")
def list_key_policies(ctx: CallContext, params: Params) -> Output:
    resolve_key(ctx, params["KeyId"])
    chunk, more = page("ListKeyPolicies", list(POLICY_NAMES), params)
    return {"PolicyNames": chunk, **more}
