"""CreateAlias, UpdateAlias, DeleteAlias, ListAliases."""

from __future__ import annotations

from typing import Any

from ..._rules import errors
from ..._rules.arns import ALIAS_ARN, ALIAS_NAME, alias_arn, parse_reference
from ..._rules.aws_managed import AWS_MANAGED_KEYS
from ..._rules.key_specs import KEY_SPECS
from ..._rules.limits import ALIASES_PER_KEY, RESERVED_ALIAS_PREFIX
from ..._state.store import Alias, Key
from ..context import CallContext
from ..resolve import resolve_key
from ._paging import page
from ._registry import Output, Params, operation


def _check_alias_name(name: str, *, creating: bool) -> None:
    if not name.startswith("alias/"):
        raise errors.validation(
            'Alias must start with the prefix "alias/". Please see '
            "https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html"
        )
    if creating and ":" in name:
        raise errors.validation(f"{name} contains invalid characters for an alias")  # [MOTO]
    if name.startswith(RESERVED_ALIAS_PREFIX):
        # UNVERIFIED: AWS answers an unmodeled NotAuthorizedException with no message.
        raise errors.KmsError("NotAuthorizedException", None)


def _target(ctx: CallContext, raw: str) -> Key:
    if parse_reference(raw).form in (ALIAS_NAME, ALIAS_ARN):
        raise errors.validation("Aliases must refer to keys. Not aliases")  # [MOTO]
    return resolve_key(ctx, raw)


@operation("CreateAlias")
def create_alias(ctx: CallContext, params: Params) -> Output:
    name = params["AliasName"]
    _check_alias_name(name, creating=True)
    key = _target(ctx, params["TargetKeyId"])
    store = ctx.here
    arn = alias_arn(ctx.region, ctx.account_id, name)
    if name in store.aliases:  # [ISS:cloudbees-oss/terraform-aws-cloudbees-ci-eks-addon#66,2024]
        raise errors.KmsError(
            "AlreadyExistsException", f"An alias with the name {arn} already exists"
        )
    if len(store.aliases_of(key.key_id)) >= ALIASES_PER_KEY:
        raise errors.KmsError(
            "LimitExceededException", f"{key.arn} already has {ALIASES_PER_KEY} aliases."
        )
    store.add_alias(name, key.key_id, ctx.now)
    return {}


@operation("UpdateAlias")
def update_alias(ctx: CallContext, params: Params) -> Output:
    name = params["AliasName"]
    _check_alias_name(name, creating=False)
    store = ctx.here
    alias = store.aliases.get(name)
    if alias is None:
        raise errors.alias_not_found(alias_arn(ctx.region, ctx.account_id, name))
    new_key = _target(ctx, params["TargetKeyId"])
    old_key = store.keys.get(alias.target_key_id)
    if old_key is not None and not _same_kind(old_key, new_key):
        # The rule is documented [MD]; the wording is INFERRED.
        raise errors.validation(
            f"Alias {name} cannot be changed from a key with KeySpec {old_key.key_spec} and "
            f"KeyUsage {old_key.key_usage} to a key with KeySpec {new_key.key_spec} and "
            f"KeyUsage {new_key.key_usage}."
        )
    alias.target_key_id = new_key.key_id
    alias.last_updated_date = ctx.now
    return {}


def _same_kind(a: Key, b: Key) -> bool:
    """Same kind (symmetric, HMAC or asymmetric) and same usage, as UpdateAlias requires."""
    return KEY_SPECS[a.key_spec].kind == KEY_SPECS[b.key_spec].kind and a.key_usage == b.key_usage


@operation("DeleteAlias")
def delete_alias(ctx: CallContext, params: Params) -> Output:
    name = params["AliasName"]
    _check_alias_name(name, creating=False)
    alias = ctx.here.aliases.pop(name, None)
    if alias is None:
        raise errors.alias_not_found(alias_arn(ctx.region, ctx.account_id, name))
    target = ctx.here.keys.get(alias.target_key_id)
    if target is not None:  # its CloudTrail event names the key [DG-CT ct-deletealias]
        ctx.used_keys.append(target)
    return {}


@operation("ListAliases")
def list_aliases(ctx: CallContext, params: Params) -> Output:
    """Aliases in name order, as recorded from AWS, with the predefined AWS aliases that have
    no key yet: those carry only AliasName and AliasArn [MD, ISS recording 2021]."""
    if "KeyId" in params:
        key = resolve_key(ctx, params["KeyId"])
        entries = [_entry(a) for a in ctx.here.aliases.values() if a.target_key_id == key.key_id]
    else:
        entries = [_entry(alias) for alias in ctx.here.aliases.values()]
        entries += [
            {"AliasName": name, "AliasArn": alias_arn(ctx.region, ctx.account_id, name)}
            for name in AWS_MANAGED_KEYS
            if name not in ctx.here.aliases
        ]
    entries.sort(key=lambda entry: entry["AliasName"])
    chunk, more = page("ListAliases", entries, params)
    return {"Aliases": chunk, **more}


def _entry(alias: Alias) -> dict[str, Any]:
    return {
        "AliasName": alias.name,
        "AliasArn": alias.arn,
        "TargetKeyId": alias.target_key_id,
        "CreationDate": alias.creation_date,
        "LastUpdatedDate": alias.last_updated_date,
    }
