"""The chokepoint: turns a KeyId parameter into a usable key for one operation.

Every operation that names a key comes through `resolve_key`, which checks, in AWS's order,
the reference form, region and account, existence, the key-state table and the key usage.
No operation repeats these checks.
"""

from __future__ import annotations

from .._access.authorize import authorize_key
from .._rules import errors
from .._rules.arns import (
    ALIAS_ARN,
    ALIAS_NAME,
    KEY_ARN,
    KeyReference,
    alias_arn,
    is_well_formed_key_id,
    key_arn,
    parse_reference,
)
from .._rules.key_specs import KEY_SPECS, SYMMETRIC_DEFAULT
from .._rules.key_states import DISABLED, INVALID_STATE, NOT_PENDING_DELETION, OK, STATE_WORDS
from .._rules.operations import OPERATIONS
from .._rules.regions import check_key_spec
from .._state.multiregion import PRIMARY, REPLICA, key_type, not_primary
from .._state.store import Key, KeyMaterial, RegionStore, Store
from .aws_managed import AWS
from .context import CallContext


def resolve_key(
    ctx: CallContext,
    raw: str,
    operation: str | None = None,
    *,
    check_usage: bool = True,
    action: str | None = None,
) -> Key:
    """The key `raw` names, usable for `operation` (the call's own operation by default).
    With access control enforced, or on an AWS managed key, the caller must be allowed
    `action` on it (by default kms:<operation>; ReEncrypt's destination key passes
    "ReEncryptTo")."""
    operation = operation or ctx.operation
    rule = OPERATIONS[operation]
    ref = parse_reference(raw)
    if ref.form not in rule.references:
        # Every operation takes a key id and a key ARN (tests/test_operation_rows.py): only
        # an alias can be refused here.
        raise errors.aliases_not_supported()
    store = _store_for(ctx, ref, operation)
    key = _find(store, ref, ctx.store)
    # An AWS managed key's policy decides even with enforcement off: it does not delegate to
    # IAM policies, so no IAM permission could allow what it does not.
    if (ctx.enforce or key.key_manager == AWS) and rule.iam_only_resource is None:
        authorize_key(ctx, key, operation, action or rule.key_actions[0].name, raw)
    # Key usage before key state, key state before key spec, as measured against KMS
    # [ISS: floci-io/floci#3968, 2026].
    required = rule.usage if check_usage else None
    if required is not None and key.key_usage != required:
        raise errors.wrong_key_usage(key.arn, key.key_usage, operation)
    check_state(key, operation)
    check_role(key, operation)
    check_key_kind(key, operation)
    if check_usage and rule.symmetric_only and not KEY_SPECS[key.key_spec].symmetric:
        if rule.asymmetric_refusal is None:
            raise errors.incompatible_algorithm(SYMMETRIC_DEFAULT, key.key_spec)
        raise errors.KmsError("InvalidKeyUsageException", rule.asymmetric_refusal)
    check_key_spec(ctx.options.rules, ctx.region, key.key_spec, f"KeySpec {key.key_spec}")
    ctx.used_keys.append(key)
    return key


def check_algorithm(key: Key, algorithm: str | None, default: str | None = None) -> str:
    """The algorithm a call asked for (or `default`), if the key's spec and usage have it;
    otherwise AWS's "Algorithm X is incompatible with key spec Y." [LS:2023-04-13]."""
    chosen = algorithm or default
    if chosen is None or chosen not in KEY_SPECS[key.key_spec].usages[key.key_usage]:
        raise errors.incompatible_algorithm(str(chosen), key.key_spec)
    return chosen


def usable_material(key: Key) -> KeyMaterial:
    """The material a key works with now. Only a key forced out of PendingImport by
    `set_key_state` can lack it: KMS would call that key pending import."""
    material = key.usable_material
    if material is None:
        raise errors.KmsError("KMSInvalidStateException", f"{key.arn} is pending import.")
    return material


def find_key(ctx: CallContext, raw: str) -> Key:
    """The key `raw` names, in any state, for calls that only look (no state or usage check)."""
    ref = parse_reference(raw)
    return _find(_store_for(ctx, ref, ctx.operation), ref, ctx.store)


def check_state(key: Key, operation: str) -> None:
    """Apply the key-state table: raise AWS's error if `operation` may not use `key` now."""
    state = key.key_state
    column = OPERATIONS[operation].key_states
    assert column is not None, f"{operation} names no key"
    outcome = column[state]
    if outcome == OK:
        return
    if outcome == DISABLED:
        raise errors.KmsError("DisabledException", f"{key.arn} is disabled.")
    if outcome == NOT_PENDING_DELETION:
        raise errors.KmsError("KMSInvalidStateException", f"{key.arn} is not pending deletion.")
    assert outcome == INVALID_STATE, outcome
    raise errors.KmsError("KMSInvalidStateException", f"{key.arn} is {STATE_WORDS[state]}.")


def check_role(key: Key, operation: str) -> None:
    """Operations only some keys take: multi-Region primaries, and keys outside custom key
    stores (the operation's row in `_rules.operations`)."""
    rule = OPERATIONS[operation]
    kind = key_type(key)
    if (rule.primary_only and kind != PRIMARY) or (rule.replica_refused and kind == REPLICA):
        raise not_primary(key.arn)
    if rule.custom_key_store_refused and key.custom_key_store is not None:
        raise errors.KmsError(  # INFERRED wording
            "UnsupportedOperationException",
            f"{key.arn} is in a custom key store, which does not support {operation}.",
        )


def check_key_kind(key: Key, operation: str) -> None:
    """Operations that apply to some key families or origins only (their row's `families`
    and `origins`)."""
    rule = OPERATIONS[operation]
    if rule.families is not None and KEY_SPECS[key.key_spec].family not in rule.families:
        refusal = rule.family_refusal
        refusal = refusal and refusal.format(arn=key.arn, key_spec=key.key_spec)
        raise errors.KmsError("UnsupportedOperationException", refusal)
    if rule.origins is not None and key.origin not in rule.origins:
        raise errors.unsupported_origin(key.arn, key.origin)


def _store_for(ctx: CallContext, ref: KeyReference, operation: str) -> RegionStore:
    if ref.region is not None and ref.region != ctx.region:
        raise errors.invalid_arn(ref.region)
    if ref.account is not None and ref.account != ctx.account_id:
        if not OPERATIONS[operation].cross_account:
            # INFERRED: a same-account-only operation cannot reach another account's key.
            raise errors.not_found_key(key_arn(ctx.region, ref.account, ref.name))
        return ctx.region_store(ref.account)
    return ctx.here


def _find(store: RegionStore, ref: KeyReference, ctx_store: Store | None = None) -> Key:
    key_id = ref.name
    if ref.form in (ALIAS_NAME, ALIAS_ARN):
        alias = store.aliases.get(ref.name)
        if alias is None:
            raise errors.alias_not_found(alias_arn(store.region, store.account_id, ref.name))
        key_id = alias.target_key_id
    elif not is_well_formed_key_id(key_id):
        # Quoted when given as a key id [LS]; bare inside a key ARN, as measured (2026).
        raise errors.invalid_key_id(key_id, quoted=ref.form != KEY_ARN)
    key = store.keys.get(key_id)
    if key is None:
        missing = errors.not_found_key(key_arn(store.region, store.account_id, key_id))
        missing.reason = _elsewhere(ctx_store, key_id) if ctx_store is not None else None
        raise missing
    return key


def _elsewhere(everything: Store, key_id: str) -> str | None:
    """For the call log (AWS's message stays AWS's): where a key the call did not find is,
    when it is in another region or account of this fake."""
    found = [
        f"{place.region} of account {place.account_id}"
        for place in everything.regions()
        if key_id in place.keys
    ]
    if not found:
        return None
    return f"key {key_id} is not in this region and account, but is in {', '.join(found)}"
