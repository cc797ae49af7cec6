"""Region rules as data: which key specs and operations a region refuses.

A profile is a dated list of rules. `default` is the rule set of the project's reference
document (asymmetric KMS keys and asymmetric data key pairs everywhere except China (Beijing)
and China (Ningxia); SM2 only in China). `2026-11` is today's published picture, `none`
lifts every restriction. Users add rules of their own through the fake, the marker or the
ini file. The refusal is in AWS's words; the call log names the rule (`KmsCall.reason`).
"""

from __future__ import annotations

import fnmatch
import functools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .errors import KmsError

CHINA = ("cn-north-1", "cn-northwest-1")


@dataclass(frozen=True)
class RegionRule:
    """Refuses, in `regions`, keys of `key_specs` (CreateKey, and data key pairs of those
    specs), calls of `operations`, and import wrapping keys of `wrapping_key_specs`
    (GetParametersForImport). Regions, specs and operations may use shell wildcards;
    `except_regions` inverts a rule for the listed regions."""

    name: str
    regions: tuple[str, ...] = ("*",)
    key_specs: tuple[str, ...] = ()
    operations: tuple[str, ...] = ()
    wrapping_key_specs: tuple[str, ...] = ()
    except_regions: tuple[str, ...] = ()
    source: str = ""

    def covers_region(self, region: str) -> bool:
        if any(fnmatch.fnmatchcase(region, pattern) for pattern in self.except_regions):
            return False
        return any(fnmatch.fnmatchcase(region, pattern) for pattern in self.regions)

    def refuses_spec(self, region: str, key_spec: str) -> bool:
        return self.covers_region(region) and _matches(key_spec, self.key_specs)

    def refuses_operation(self, region: str, operation: str) -> bool:
        return self.covers_region(region) and _matches(operation, self.operations)

    def refuses_wrapping_spec(self, region: str, wrapping_spec: str) -> bool:
        return self.covers_region(region) and _matches(wrapping_spec, self.wrapping_key_specs)


def _matches(value: str, patterns: Iterable[str]) -> bool:
    return any(fnmatch.fnmatchcase(value, pattern) for pattern in patterns)


_ASYMMETRIC = ("RSA_*", "ECC_*", "ML_DSA_*", "ML_KEM_*", "SM2")

# In both dated profiles.
_SM2_ONLY_IN_CHINA = RegionRule(
    "sm2-only-in-china",
    except_regions=CHINA,
    key_specs=("SM2",),
    wrapping_key_specs=("SM2",),
    source="botocore model (KeySpec documentation); developer guide (importing keys)",
)

PROFILES: Mapping[str, tuple[RegionRule, ...]] = {
    "default": (
        RegionRule(
            "asymmetric-not-in-china",
            regions=CHINA,
            key_specs=_ASYMMETRIC,
            source="KMS developer guide, 2020-03 to 2021-06",
        ),
        _SM2_ONLY_IN_CHINA,
    ),
    "2026-11": (
        _SM2_ONLY_IN_CHINA,
        # No HMAC rule: HMAC keys, missing from China at their 2022 launch, came to China
        # (Beijing) and China (Ningxia) on 2023-05-08 (amazonaws.cn What's New, "Amazon Key
        # Management Service introduces new HMAC API").
        RegionRule(
            "ml-kem-not-in-china",
            regions=CHINA,
            key_specs=("ML_KEM_*",),
            operations=("Encapsulate", "Decapsulate"),
            source="botocore model (KeySpec documentation)",
        ),
    ),
    "none": (),
}
DEFAULT_PROFILE = "default"


def rules_from(values: Sequence[Mapping[str, Any]]) -> tuple[RegionRule, ...]:
    """User rules from plain dicts (marker, ini JSON), validated."""
    rules = []
    for number, value in enumerate(values, 1):
        if not isinstance(value, Mapping):
            raise ValueError(f"region rule {number} must be a mapping, got {value!r}")
        unknown = set(value) - {
            "name", "regions", "key_specs", "operations", "wrapping_key_specs", "except_regions"
        }  # fmt: skip
        if unknown:
            raise ValueError(
                f"region rule {number} has unknown fields: {', '.join(sorted(unknown))}"
            )
        fields = {k: str(v) if k == "name" else _strings(v) for k, v in value.items()}
        fields.setdefault("name", f"user-rule-{number}")
        rule = RegionRule(**fields, source="user rule")  # type: ignore[arg-type]
        if not (rule.key_specs or rule.operations or rule.wrapping_key_specs):
            raise ValueError(
                f"region rule {rule.name!r} refuses nothing: give key_specs, operations or "
                "wrapping_key_specs"
            )
        rules.append(rule)
    return tuple(rules)


def _strings(value: Any) -> tuple[str, ...]:
    """A field given as one string or as a list of strings."""
    return (value,) if isinstance(value, str) else tuple(str(item) for item in value)


def _refused(rule: RegionRule, what: str, region: str) -> KmsError:
    # AWS's words, as measured for "KeySpec SM2" in us-east-1 [ISS:floci-io/floci#3026,
    # 2026]; the same form for operations and wrapping keys is INFERRED. The call log names
    # the rule that refused, so a test author knows which switch to look at.
    return KmsError(
        "UnsupportedOperationException",
        f"{what} is not supported in this Region",
        reason=f"region rule '{rule.name}' in {region} ({rule.source})",
    )


# Rules are frozen and few, regions and names fewer: decisions are cached, since they are
# asked on every call.
@functools.lru_cache(maxsize=4096)
def _spec_refusal(rules: tuple[RegionRule, ...], region: str, key_spec: str) -> RegionRule | None:
    return next((rule for rule in rules if rule.refuses_spec(region, key_spec)), None)


@functools.lru_cache(maxsize=4096)
def _operation_refusal(
    rules: tuple[RegionRule, ...], region: str, operation: str
) -> RegionRule | None:
    return next((rule for rule in rules if rule.refuses_operation(region, operation)), None)


def check_key_spec(rules: tuple[RegionRule, ...], region: str, key_spec: str, what: str) -> None:
    rule = _spec_refusal(rules, region, key_spec)
    if rule is not None:
        raise _refused(rule, what, region)


def check_wrapping_spec(rules: tuple[RegionRule, ...], region: str, wrapping_spec: str) -> None:
    rule = next((r for r in rules if r.refuses_wrapping_spec(region, wrapping_spec)), None)
    if rule is not None:
        raise _refused(rule, f"WrappingKeySpec {wrapping_spec}", region)


def check_operation(rules: tuple[RegionRule, ...], region: str, operation: str) -> None:
    rule = _operation_refusal(rules, region, operation)
    if rule is not None:
        raise _refused(rule, operation, region)
