"""The limits: page sizes of the list operations, quotas, ranges, reserved prefixes and the
defaults the fake falls back on. The documentation's limits table lists every number here.

Sources are tagged as in the project's fact sheet: [MD] the botocore model's documentation,
[LS] responses recorded against real AWS, [DG23] the KMS developer guide, [DOCS] current AWS
documentation pages.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class ListLimit:
    default: int
    maximum: int


# From the Limit documentation of each operation in botocore's model [MD].
LIST_LIMITS: Mapping[str, ListLimit] = {
    "ListKeys": ListLimit(100, 1000),
    "ListAliases": ListLimit(50, 100),
    "ListResourceTags": ListLimit(50, 50),
    "ListKeyPolicies": ListLimit(100, 1000),
    "ListKeyRotations": ListLimit(100, 1000),
    "ListGrants": ListLimit(50, 100),
    "ListRetirableGrants": ListLimit(50, 100),
    "DescribeCustomKeyStores": ListLimit(1000, 1000),  # default INFERRED: the model gives the max
}

MAX_TAGS_PER_KEY = 50  # the 51st tag fails with TagException "Too many tags" [LS:2025-01-21]
PENDING_WINDOW_DAYS = (7, 30)  # the model allows 1..365; the service 7..30 [MD]
DEFAULT_PENDING_WINDOW_DAYS = 30
ALIASES_PER_KEY = 50  # [DG23], [DOCS]
KEYS_PER_ACCOUNT_REGION = 100_000  # [DOCS]
# Rotation [MD EnableKeyRotation, RotateKeyOnDemand].
ROTATION_PERIOD_DAYS = (90, 2560)
DEFAULT_ROTATION_PERIOD_DAYS = 365
ON_DEMAND_ROTATIONS_PER_KEY = 25  # 10 in 2024-2025; 25 in the current model docs [MD]
IMPORT_TOKEN_VALID_SECONDS = 24 * 3600  # GetParametersForImport's ParametersValidTo [MD]
IMPORTED_MATERIAL_MAX_VALID_DAYS = 365  # ImportKeyMaterial's ValidTo [MD]
AES_DATA_KEY_BYTES: Mapping[str, int] = {"AES_128": 16, "AES_256": 32}
RESERVED_ALIAS_PREFIX = "alias/aws/"
AWS_MANAGED_ROTATION_DAYS = 365  # rotated every year, always on [MD]
RESERVED_TAG_PREFIX = "aws:"
CUSTOM_KEY_STORES_PER_ACCOUNT_REGION = 10  # [DG23], [DOCS]

DEFAULT_ACCOUNT_ID = "111122223333"
