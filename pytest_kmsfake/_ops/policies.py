"""GetKeyPolicy, PutKeyPolicy, ListKeyPolicies. Policies are stored as given; evaluating them
is opt-in and lives elsewhere."""

from __future__ import annotations

import json

from .._context import CallContext
from .._errors import KmsError
from .._resolve import resolve_key
from ._paging import page
from ._registry import Output, Params, operation

DEFAULT_POLICY_NAME = "default"


def check_policy_document(policy: str) -> None:
    """A key policy must at least be a JSON object with a Statement list.

    INFERRED wording: AWS's MalformedPolicyDocumentException texts for syntax errors were not
    recorded; these follow its style."""
    try:
        document = json.loads(policy)
    except ValueError:
        raise KmsError("MalformedPolicyDocumentException", "Policy is not valid JSON.") from None
    if not isinstance(document, dict) or not isinstance(document.get("Statement"), (list, dict)):
        raise KmsError(
            "MalformedPolicyDocumentException", "Policy document must contain a Statement."
        )


def _check_policy_name(params: Params) -> str:
    name = params.get("PolicyName", DEFAULT_POLICY_NAME)
    if name != DEFAULT_POLICY_NAME:
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
    _check_policy_name(params)
    check_policy_document(params["Policy"])
    key.policy = params["Policy"]
    return {}


@operation("ListKeyPolicies")
def list_key_policies(ctx: CallContext, params: Params) -> Output:
    resolve_key(ctx, params["KeyId"])
    chunk, more = page("ListKeyPolicies", [DEFAULT_POLICY_NAME], params)
    return {"PolicyNames": chunk, **more}
