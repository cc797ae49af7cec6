"""AWS managed keys: the keys AWS services keep in an account under an ``aws/<service>`` alias.

DescribeKey on a predefined alias that has no key yet makes the key, as KMS does [MD
DescribeKey]; the predefined aliases are `_rules.AWS_MANAGED_KEYS`. The key is a symmetric
encryption key that AWS manages (KeyManager "AWS"), rotates every year, and carries the key
policy AWS gives these keys: the account may read it (Describe*, Get*, List*) and may use it
only through the service (kms:ViaService). That policy decides every call on the key, with or
without `enforce_access`, because it does not delegate to the account's IAM policies: no IAM
permission lets code disable, delete, tag, alias or re-policy the key, or use it directly.
"""

from __future__ import annotations

from .._access.policy_text import aws_pretty
from .._rules.arns import ALIAS_ARN, ALIAS_NAME, parse_reference, root_principal
from .._rules.aws_managed import AWS_MANAGED_KEYS
from .._rules.limits import AWS_MANAGED_ROTATION_DAYS
from .._state.lifecycle import start_automatic_rotation
from .context import CallContext

AWS = "AWS"  # KeyManager of an AWS managed key


def make_if_predefined(ctx: CallContext, reference: str) -> None:
    """Make the AWS managed key behind a predefined alias, if `reference` names one in the
    caller's own account and region and it has no key yet."""
    ref = parse_reference(reference)
    if ref.form not in (ALIAS_NAME, ALIAS_ARN) or ref.name not in AWS_MANAGED_KEYS:
        return
    if ref.form == ALIAS_ARN and (ref.region, ref.account) != (ctx.region, ctx.account_id):
        return
    store = ctx.here
    if ref.name in store.aliases:
        return
    service, protected = AWS_MANAGED_KEYS[ref.name]
    key = ctx.new_key(
        ctx.entropy.key_id(False),
        key_spec="SYMMETRIC_DEFAULT",
        key_usage="ENCRYPT_DECRYPT",
        policy=aws_managed_policy(ctx.region, ctx.account_id, ref.name, service),
        key_manager=AWS,
        # INFERRED wording, after the descriptions AWS gives these keys.
        description=f"Default key that protects my {protected} when no other key is defined",
    )
    store.keys[key.key_id] = key
    store.add_alias(ref.name, key.key_id, ctx.now)
    start_automatic_rotation(store, key, AWS_MANAGED_ROTATION_DAYS, ctx.now)


def aws_managed_policy(region: str, account_id: str, alias_name: str, service: str) -> str:
    """The key policy of an AWS managed key. The two statements (use through the service by
    the account's principals; reading by the account) are AWS's; the Id and the exact action
    list vary by service and are INFERRED."""
    name = alias_name.removeprefix("alias/aws/")
    through_service = {
        "Sid": f"Allow access through {name} for all principals in the account that are "
        f"authorized to use {name}",
        "Effect": "Allow",
        "Principal": {"AWS": "*"},
        "Action": [
            "kms:Encrypt",
            "kms:Decrypt",
            "kms:ReEncrypt*",
            "kms:GenerateDataKey*",
            "kms:CreateGrant",
            "kms:DescribeKey",
        ],
        "Resource": "*",
        "Condition": {
            "StringEquals": {
                "kms:CallerAccount": account_id,
                "kms:ViaService": f"{service}.{region}.amazonaws.com",
            }
        },
    }
    metadata = {
        "Sid": "Allow direct access to key metadata to the account",
        "Effect": "Allow",
        "Principal": {"AWS": root_principal(region, account_id)},
        "Action": ["kms:Describe*", "kms:Get*", "kms:List*"],
        "Resource": "*",
    }
    document = {"Version": "2012-10-17", "Id": f"auto-{name}-2"}
    return aws_pretty({**document, "Statement": [through_service, metadata]})
