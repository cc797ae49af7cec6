"""KeyMetadata and the default key policy, as AWS writes them."""

from __future__ import annotations

import functools
from typing import Any

from ..._access.policy_text import aws_pretty
from ..._rules.arns import root_principal
from ..._rules.key_specs import ALGORITHM_FIELD_BY_USAGE, KEY_SPECS
from ..._rules.model import legacy_key_specs
from ..._state import keystores as _keystores
from ..._state import multiregion as _multiregion
from ..._state.store import Key


def key_metadata(key: Key) -> dict[str, Any]:
    """DescribeKey's KeyMetadata; members that do not apply are absent, never empty."""
    algorithms = KEY_SPECS[key.key_spec].usages[key.key_usage]
    current = key.current_material
    meta: dict[str, Any] = {
        "AWSAccountId": key.account_id,
        "KeyId": key.key_id,
        "Arn": key.arn,
        "CreationDate": key.creation_date,
        "Enabled": key.key_state == "Enabled",
        "Description": key.description,
        "KeyUsage": key.key_usage,
        "KeyState": key.key_state,
        "DeletionDate": key.deletion_date if key.state == "PendingDeletion" else None,
        "ValidTo": current.valid_to if current is not None else None,
        "Origin": key.origin,
        "ExpirationModel": current.expiration_model if current is not None else None,
        "KeyManager": key.key_manager,
        "CustomerMasterKeySpec": legacy_spec(key.key_spec),
        "KeySpec": key.key_spec,
        ALGORITHM_FIELD_BY_USAGE[key.key_usage]: list(algorithms),
        "MultiRegion": key.multi_region,
        # Only symmetric keys outside custom key stores report their material id [LS:2025-11,
        # MD].
        "CurrentKeyMaterialId": current.material_id
        if current is not None
        and KEY_SPECS[key.key_spec].symmetric
        and key.custom_key_store is None
        else None,
    }
    meta.update(_multiregion.metadata(key))
    meta.update(_keystores.metadata(key))
    return meta


def legacy_spec(key_spec: str) -> str | None:
    """CustomerMasterKeySpec, the deprecated twin of KeySpec: absent for the newer specs."""
    return key_spec if key_spec in legacy_key_specs() else None


@functools.lru_cache(maxsize=256)
def default_policy(region: str, account_id: str) -> str:
    """The policy CreateKey attaches when none is given, byte for byte [EX GetKeyPolicy].
    Made once per account and region: formatting it is a third of a CreateKey."""
    statement = {
        "Sid": "Enable IAM User Permissions",
        "Effect": "Allow",
        "Principal": {"AWS": root_principal(region, account_id)},
        "Action": "kms:*",
        "Resource": "*",
    }
    return aws_pretty({"Version": "2012-10-17", "Id": "key-default-1", "Statement": [statement]})
