"""Key and alias identifiers: parsing the four reference forms and building ARNs."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from enum import Enum, auto


class ReferenceForm(Enum):
    """The four forms of a key reference."""

    KEY_ID = auto()
    KEY_ARN = auto()
    ALIAS_NAME = auto()
    ALIAS_ARN = auto()


KEY_ID = ReferenceForm.KEY_ID
KEY_ARN = ReferenceForm.KEY_ARN
ALIAS_NAME = ReferenceForm.ALIAS_NAME
ALIAS_ARN = ReferenceForm.ALIAS_ARN
ANY_REFERENCE: frozenset[ReferenceForm] = frozenset(ReferenceForm)
KEY_ONLY: frozenset[ReferenceForm] = frozenset({KEY_ID, KEY_ARN})

# Regions of the non-commercial partitions by prefix, for regions botocore's endpoint data
# does not know yet; `partition_for` asks botocore first.
PARTITION_PREFIXES: tuple[tuple[str, str], ...] = (
    ("cn-", "aws-cn"),
    ("us-gov-", "aws-us-gov"),
    ("us-isob-", "aws-iso-b"),
    ("us-iso-", "aws-iso"),
    ("eu-isoe-", "aws-iso-e"),
    ("us-isof-", "aws-iso-f"),
)

# Upper-case hex is well formed too (a missing key so named is "does not exist", as measured
# against KMS in 2026); key ids KMS makes are lower case.
_KEY_ID = re.compile(
    r"^(?:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
    r"|mrk-[0-9a-fA-F]{32})$"
)
_ARN = re.compile(r"^arn:([a-z0-9-]+):kms:([a-z0-9-]*):(\d*):(key|alias)/(.+)$")


@dataclass(frozen=True)
class KeyReference:
    """A KeyId parameter, classified. `region`/`account` are set only for ARNs."""

    raw: str
    form: ReferenceForm
    name: str  # the key id, or the alias name including "alias/"
    region: str | None = None
    account: str | None = None


@functools.lru_cache(maxsize=1024)
def parse_reference(raw: str) -> KeyReference:
    """Classify a reference; a malformed key id is still a KEY_ID (the caller reports it)."""
    match = _ARN.match(raw)
    if match:
        _, region, account, kind, rest = match.groups()
        if kind == "key":
            return KeyReference(raw, KEY_ARN, rest, region, account)
        return KeyReference(raw, ALIAS_ARN, f"alias/{rest}", region, account)
    if raw.startswith("alias/"):
        return KeyReference(raw, ALIAS_NAME, raw)
    return KeyReference(raw, KEY_ID, raw)


def is_well_formed_key_id(value: str) -> bool:
    return bool(_KEY_ID.match(value))


@functools.cache
def partition_for(region: str) -> str:
    """The ARN partition of a region: botocore's endpoint data first, then known prefixes."""
    try:
        import botocore.session
        from botocore.regions import EndpointResolver

        loader = botocore.session.get_session().get_component("data_loader")
        return str(EndpointResolver(loader.load_data("endpoints")).get_partition_for_region(region))
    except Exception:  # unknown region or an old botocore without the lookup
        for prefix, partition in PARTITION_PREFIXES:
            if region.startswith(prefix):
                return partition
        return "aws"


@functools.cache
def _region_patterns() -> tuple[re.Pattern[str], ...]:
    import botocore.session

    loader = botocore.session.get_session().get_component("data_loader")
    return tuple(re.compile(p["regionRegex"]) for p in loader.load_data("endpoints")["partitions"])


@functools.cache
def is_known_region(region: str) -> bool:
    """A region that fits a partition's pattern in botocore's endpoint data: every region
    that data lists does (tests/test_partitions.py), and so do regions newer than it."""
    return any(pattern.match(region) for pattern in _region_patterns())


def key_arn(region: str, account: str, key_id: str) -> str:
    return f"arn:{partition_for(region)}:kms:{region}:{account}:key/{key_id}"


def alias_arn(region: str, account: str, alias_name: str) -> str:
    return f"arn:{partition_for(region)}:kms:{region}:{account}:{alias_name}"


def root_principal(region: str, account: str) -> str:
    return f"arn:{partition_for(region)}:iam::{account}:root"
