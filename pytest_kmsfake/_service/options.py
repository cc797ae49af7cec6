"""The fake's options, validated once, from keyword arguments, the marker or the ini file."""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from typing import Any

from .._access.principals import parse_caller
from .._rules.limits import DEFAULT_ACCOUNT_ID
from .._rules.regions import DEFAULT_PROFILE, PROFILES, RegionRule, rules_from

_ACCOUNT_ID = re.compile(r"^\d{12}$")


class OptionError(ValueError):
    """A marker, ini or keyword option the fake cannot accept."""


@dataclass(frozen=True)
class FakeOptions:
    account_id: str = DEFAULT_ACCOUNT_ID
    """The AWS account the calling code acts as."""
    check_at_teardown: bool = True
    """Fail the test at teardown when the fake met something it could not serve."""
    sleep_on_retry: bool = False
    """Really sleep for the delay botocore's retry mode chooses before retrying a failed call.
    Off by default to keep tests fast: the retry decision and the delay (in the call log) are
    botocore's either way."""

    region_profile: str = DEFAULT_PROFILE
    """Which dated set of region rules applies: "default", "2026-11" or "none"."""
    region_rules: tuple[Mapping[str, Any], ...] = ()
    """Rules of your own, added to the profile's: dicts with name, regions, key_specs,
    operations, wrapping_key_specs and except_regions (shell wildcards allowed)."""
    call_log_limit: int | None = None
    """Keep only the most recent N calls in `fake.calls` (None: all), to bound memory in
    tests that make very many calls."""
    keys: Any = ()
    """Keys to create when the fake starts: a list of declarations (key_id, region, key_spec,
    aliases, material, state, ...) or the path of a JSON or YAML file holding one."""
    key_seed: str | None = None
    """Makes asymmetric key material reproducible (same seed, same keys, in order)."""
    multi_region_delay: float = 0.0
    """Seconds of the fake's clock a new multi-Region replica stays Creating, and both keys of
    UpdatePrimaryRegion stay Updating (0: the fake completes both at once)."""
    enforce_access: bool = False
    """Evaluate key policies, grants and identity policies on every call, and refuse with
    AccessDeniedException what they do not allow (see docs/access-control.md)."""
    caller: str | None = None
    """The principal calls act as (an IAM user or role ARN, an assumed-role ARN, an account
    id); None: the root of `account_id`."""
    access_keys: Mapping[str, str] = field(default_factory=dict)
    """Access key id -> principal ARN: a client created with one of these keys calls as that
    principal."""

    def updated(self, **changes: Any) -> FakeOptions:
        return validated(replace(self, **changes))

    @functools.cached_property
    def rules(self) -> tuple[RegionRule, ...]:
        """The region rules in force (computed once: they are asked on every call)."""
        return _rules_for(self.region_profile, _freeze(self.region_rules))


@functools.lru_cache(maxsize=256)
def _rules_for(profile: str, frozen: tuple[Any, ...]) -> tuple[RegionRule, ...]:
    return PROFILES[profile] + rules_from([dict(rule) for rule in frozen])


def _freeze(rules: Any) -> tuple[Any, ...]:
    """Region rules as a hashable value, to cache the RegionRule objects made from them."""
    return tuple(
        tuple(sorted((k, v if isinstance(v, str) else tuple(v)) for k, v in rule.items()))
        for rule in rules
    )


OPTION_NAMES = tuple(f.name for f in fields(FakeOptions))


def validated(options: FakeOptions) -> FakeOptions:
    if not isinstance(options.account_id, str) or not _ACCOUNT_ID.match(options.account_id):
        raise OptionError(f"account_id must be 12 digits, got {options.account_id!r}")
    for name in ("check_at_teardown", "sleep_on_retry", "enforce_access"):
        value = getattr(options, name)
        if not isinstance(value, bool):
            raise OptionError(f"{name} must be True or False, got {value!r}")
    if options.region_profile not in PROFILES:
        raise OptionError(
            f"region_profile must be one of {', '.join(PROFILES)}, got {options.region_profile!r}"
        )
    if not isinstance(options.region_rules, (list, tuple)):
        raise OptionError(f"region_rules must be a list of rules, got {options.region_rules!r}")
    try:
        rules_from(options.region_rules)
    except (ValueError, TypeError) as exc:
        raise OptionError(str(exc)) from None
    limit = options.call_log_limit
    if limit is not None and (not isinstance(limit, int) or isinstance(limit, bool) or limit < 1):
        raise OptionError(f"call_log_limit must be a positive integer or None, got {limit!r}")
    if options.key_seed is not None and not isinstance(options.key_seed, str):
        raise OptionError(f"key_seed must be a string, got {options.key_seed!r}")
    delay = options.multi_region_delay
    if not isinstance(delay, (int, float)) or isinstance(delay, bool) or not 0 <= delay < 1e9:
        raise OptionError(f"multi_region_delay must be a number of seconds >= 0, got {delay!r}")
    _check_principals(options)
    return options


def _check_principals(options: FakeOptions) -> None:
    keys = options.access_keys
    if not isinstance(keys, Mapping) or not all(isinstance(k, str) for k in keys):
        raise OptionError(f"access_keys must map access key ids to principal ARNs, got {keys!r}")
    for principal in [options.caller, *keys.values()]:
        if principal is None:
            continue
        if not isinstance(principal, str):
            raise OptionError(f"principals are ARN strings, got {principal!r}")
        try:
            parse_caller(principal)
        except ValueError as exc:
            raise OptionError(str(exc)) from None


def from_mapping(base: FakeOptions, values: Mapping[str, Any], source: str) -> FakeOptions:
    unknown = sorted(set(values) - set(OPTION_NAMES))
    if unknown:
        raise OptionError(
            f"{source} got unknown option(s) {', '.join(unknown)}; "
            f"known options: {', '.join(OPTION_NAMES)}"
        )
    try:
        return base.updated(**values)
    except OptionError as exc:
        raise OptionError(f"{source}: {exc}") from None
