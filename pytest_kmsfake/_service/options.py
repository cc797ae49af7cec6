"""The fake's options, declared once, validated once, from keywords, the marker or the ini file.

Each option is one field of `FakeOptions`: its keyword (the field's name), its type (the
annotation), its default, and in the field's metadata an `OptionSpec`: the ini option's
name, how the ini file spells the value (its `kind`) and a one-line help. The plugin's ini
options, the marker's help, `pytest --help` and the documentation's option table are all
made from `OPTION_SPECS`; `KmsFakeOptions`, the type of `mock_kms()`'s keywords, is checked
against it by the tests.
"""

from __future__ import annotations

import ast
import functools
import json
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import MISSING, dataclass, field, fields, replace
from pathlib import Path
from typing import Any, Callable, Literal, TypedDict

from .._rules.limits import DEFAULT_ACCOUNT_ID
from .._rules.regions import DEFAULT_PROFILE, PROFILES, RegionRule, rules_from

_ACCOUNT_ID = re.compile(r"^\d{12}$")

Kind = Literal["text", "bool", "count", "seconds", "json", "file"]
"""How an ini file spells an option: plain text, true/false, a whole number, a number of
seconds, JSON, or a file path relative to the rootdir."""

_SPEC = "pytest_kmsfake.option"


class OptionError(ValueError):
    """A marker, ini or keyword option the fake cannot accept."""


@dataclass(frozen=True)
class OptionSpec:
    """One option as the plugin and the documentation see it."""

    name: str
    """The keyword of the marker and of `mock_kms()`."""
    ini: str
    """The ini option's name."""
    kind: Kind
    help: str
    """One line, for the ini option, `pytest --help` and the option table."""
    default: Any
    shown_default: str
    """The default as the documentation shows it."""


def _spec(ini: str, kind: Kind, help: str, shown_default: str = "") -> dict[str, Any]:
    """The metadata of one `FakeOptions` field; the field gives the name and the default."""
    return {_SPEC: (ini, kind, help, shown_default)}


@dataclass(frozen=True)
class FakeOptions:
    account_id: str = field(
        default=DEFAULT_ACCOUNT_ID,
        metadata=_spec("kms_fake_account_id", "text", "AWS account id the code under test acts as"),
    )
    check_at_teardown: bool = field(
        default=True,
        metadata=_spec(
            "kms_fake_check_at_teardown",
            "bool",
            "fail a test at teardown if the fake met a call it could not serve, even if the "
            "code under test caught the error",
        ),
    )
    sleep_on_retry: bool = field(
        default=False,
        metadata=_spec(
            "kms_fake_sleep_on_retry",
            "bool",
            "really sleep for botocore's retry delay after an injected failure (off: the "
            "delay is only logged, to keep tests fast)",
        ),
    )
    region_profile: str = field(
        default=DEFAULT_PROFILE,
        metadata=_spec(
            "kms_fake_region_profile",
            "text",
            "which region rules apply: default, KMS as of 2020-03 to 2021-06 (no asymmetric "
            "keys in the China Regions, so no SM2 keys anywhere); 2026-11, today's (SM2 only "
            "in China, ML-KEM not in China); none (no region refuses anything)",
        ),
    )
    region_rules: Sequence[Mapping[str, Any]] = field(
        default=(),
        metadata=_spec(
            "kms_fake_region_rules",
            "json",
            "your own region rules, added to the profile's, e.g. "
            '[{"regions": ["eu-west-3"], "key_specs": ["HMAC_*"]}]',
            "none",
        ),
    )
    call_log_limit: int | None = field(
        default=None,
        metadata=_spec(
            "kms_fake_call_log_limit",
            "count",
            "keep only the most recent N calls in fake.calls",
            "none (all)",
        ),
    )
    cloudtrail_dir: str | os.PathLike[str] | None = field(
        default=None,
        metadata=_spec(
            "kms_fake_cloudtrail_dir",
            "file",
            "write each test's CloudTrail events to this directory, as TEST.jsonl (one "
            'event a line) and TEST.json ({"Records": [...]}) (in the ini file: relative to '
            "rootdir; --kms-fake-cloudtrail-dir overrides it)",
            "none (not written)",
        ),
    )
    keys: Any = field(
        default=(),
        metadata=_spec(
            "kms_fake_keys",
            "file",
            "keys every fake starts with (fixed ids, aliases, material, state): a list of "
            "declarations, or a JSON or YAML file of them (in the ini file: relative to rootdir)",
            "none",
        ),
    )
    key_seed: str | None = field(
        default=None,
        metadata=_spec(
            "kms_fake_key_seed",
            "text",
            "a seed that makes key ids and key material reproducible",
            "none",
        ),
    )
    multi_region_delay: float = field(
        default=0.0,
        metadata=_spec(
            "kms_fake_multi_region_delay",
            "seconds",
            "seconds of the fake's clock a new replica stays Creating and UpdatePrimaryRegion's "
            "keys stay Updating (0: at once)",
        ),
    )
    enforce_access: bool = field(
        default=False,
        metadata=_spec(
            "kms_fake_enforce_access",
            "bool",
            "evaluate key policies, grants and identity policies on every call, and refuse "
            "what they do not allow",
        ),
    )
    caller: str | None = field(
        default=None,
        metadata=_spec(
            "kms_fake_caller",
            "text",
            "the principal the calls act as: an IAM user or role ARN, an assumed-role ARN or "
            "an account id",
            "the root of `account_id`",
        ),
    )
    access_keys: Mapping[str, str] = field(
        default_factory=dict,
        metadata=_spec(
            "kms_fake_access_keys",
            "json",
            "access key id -> principal ARN: a client created with that key calls as that "
            'principal, e.g. {"AKIAEXAMPLE": "arn:aws:iam::111122223333:role/app"}',
            "none",
        ),
    )
    secret_keys: Mapping[str, str] = field(
        default_factory=dict,
        metadata=_spec(
            "kms_fake_secret_keys",
            "json",
            "access key id -> secret access key: with any set, the HTTP endpoint (serve()) "
            "checks every request's SigV4 signature and refuses an unknown key or a wrong "
            "signature as AWS does",
            "none: signatures are not checked",
        ),
    )
    ignore_unevaluated_conditions: bool = field(
        default=False,
        metadata=_spec(
            "kms_fake_ignore_unevaluated_conditions",
            "bool",
            "with enforce_access, take condition keys the fake cannot evaluate as absent and "
            "policy variables as written, instead of refusing the call",
        ),
    )

    def updated(self, **changes: Any) -> FakeOptions:
        return validated(replace(self, **changes))

    @functools.cached_property
    def rules(self) -> tuple[RegionRule, ...]:
        """The region rules in force (computed once: they are asked on every call)."""
        return _rules_for(self.region_profile, _freeze(self.region_rules))


class KmsFakeOptions(TypedDict, total=False):
    """The keywords of `mock_kms()` and `KmsFake()`: the fields of `FakeOptions`, every one
    optional (tests/test_options.py checks that the two agree)."""

    account_id: str
    check_at_teardown: bool
    sleep_on_retry: bool
    region_profile: str
    region_rules: Sequence[Mapping[str, Any]]
    call_log_limit: int | None
    cloudtrail_dir: str | os.PathLike[str] | None
    keys: Any
    key_seed: str | None
    multi_region_delay: float
    enforce_access: bool
    caller: str | None
    access_keys: Mapping[str, str]
    secret_keys: Mapping[str, str]
    ignore_unevaluated_conditions: bool


def _option_spec(option: Any) -> OptionSpec:
    ini, kind, help_text, shown = option.metadata[_SPEC]
    default = option.default_factory() if option.default is MISSING else option.default
    return OptionSpec(option.name, ini, kind, help_text, default, shown or _shown(default))


def _shown(default: Any) -> str:
    if isinstance(default, bool):
        return f"`{default}` (ini: `{str(default).lower()}`)"
    if default is None or default == () or default == {}:
        return "none"
    return f"`{default}`"


OPTION_SPECS: tuple[OptionSpec, ...] = tuple(_option_spec(option) for option in fields(FakeOptions))
OPTION_NAMES = tuple(spec.name for spec in OPTION_SPECS)
_INI_NAMES = {spec.name: spec.ini for spec in OPTION_SPECS}


@functools.lru_cache(maxsize=256)
def _rules_for(profile: str, frozen: tuple[Any, ...]) -> tuple[RegionRule, ...]:
    return PROFILES[profile] + rules_from([dict(rule) for rule in frozen])


def _freeze(rules: Any) -> tuple[Any, ...]:
    """Region rules as a hashable value, to cache the RegionRule objects made from them."""
    return tuple(
        tuple(sorted((k, v if isinstance(v, str) else tuple(v)) for k, v in rule.items()))
        for rule in rules
    )


# --- the ini file --------------------------------------------------------------------------

_UNSET = object()


def ini_type(spec: OptionSpec) -> Literal["bool"] | None:
    """The `type` of the option's `parser.addini` registration (None: text)."""
    return "bool" if spec.kind == "bool" else None


def _refused(spec: OptionSpec, error: ValueError) -> str:
    """What pytest refused to read for the option: for a bool option, the text it could not
    read as one ("invalid truth value 'maybe'"), to be reported in this module's words."""
    found = re.search(r"invalid truth value ('.*')$", str(error))
    if spec.kind != "bool" or found is None:
        raise OptionError(f"ini option {spec.ini}: {error}") from None
    return str(ast.literal_eval(found.group(1)))


def parse_ini(spec: OptionSpec, raw: object, root: Path) -> Any:
    """The option's value from what `config.getini` gave: `_UNSET` when the ini file does
    not set it (or leaves it empty)."""
    if isinstance(raw, bool):  # pytest read the bool already
        return raw
    if raw is None or raw == "" or raw == []:
        return _UNSET
    text = str(raw).strip()
    if spec.kind == "bool":  # pytest read no bool from it
        if not text:
            return _UNSET
        raise OptionError(f"ini option {spec.ini} must be true or false, got {raw!r}")
    if spec.kind == "json":
        try:
            return json.loads(str(raw))
        except ValueError as exc:
            raise OptionError(f"ini option {spec.ini} must be JSON: {exc}") from None
    if spec.kind == "file":
        return str(root / text)
    if spec.kind == "count":
        if not text.isdigit():
            raise OptionError(f"ini option {spec.ini} must be a number, got {raw!r}")
        return int(text)
    if spec.kind == "seconds":
        try:
            return float(text)
        except ValueError:
            raise OptionError(f"ini option {spec.ini} must be a number, got {raw!r}") from None
    return text


def ini_values(read: Callable[[str], object], root: Path) -> dict[str, Any]:
    """Every option the ini file sets. `read` is `config.getini`, raising ValueError where
    pytest cannot read a value as the type the option was registered with."""
    values: dict[str, Any] = {}
    for spec in OPTION_SPECS:
        try:
            raw = read(spec.ini)
        except ValueError as refused:
            raw = _refused(spec, refused)
        value = parse_ini(spec, raw, root)
        if value is not _UNSET:
            values[spec.name] = value
    return values


def ini_options(read: Callable[[str], object], root: Path) -> FakeOptions:
    """The options the ini file sets, validated: an OptionError names the ini option."""
    options = FakeOptions()
    for name, value in ini_values(read, root).items():
        try:
            options = _updated(options, name, value)
        except OptionError as exc:
            raise OptionError(f"ini option {_INI_NAMES[name]}: {exc}") from None
    return options


# --- validation ----------------------------------------------------------------------------


def validated(options: FakeOptions) -> FakeOptions:
    if not isinstance(options.account_id, str) or not _ACCOUNT_ID.match(options.account_id):
        raise OptionError(f"account_id must be 12 digits, got {options.account_id!r}")
    for spec in OPTION_SPECS:
        value = getattr(options, spec.name)
        if spec.kind == "bool" and not isinstance(value, bool):
            raise OptionError(f"{spec.name} must be True or False, got {value!r}")
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
    directory = options.cloudtrail_dir
    if directory is not None and not isinstance(directory, (str, os.PathLike)):
        raise OptionError(f"cloudtrail_dir must be a directory path or None, got {directory!r}")
    if options.key_seed is not None and not isinstance(options.key_seed, str):
        raise OptionError(f"key_seed must be a string, got {options.key_seed!r}")
    delay = options.multi_region_delay
    if not isinstance(delay, (int, float)) or isinstance(delay, bool) or not 0 <= delay < 1e9:
        raise OptionError(f"multi_region_delay must be a number of seconds >= 0, got {delay!r}")
    _check_principals(options)
    return options


def _check_principals(options: FakeOptions) -> None:
    secrets = options.secret_keys
    if not isinstance(secrets, Mapping) or not all(
        isinstance(k, str) and isinstance(v, str) and k and v for k, v in secrets.items()
    ):
        raise OptionError(
            f"secret_keys must map access key ids to secret access keys, got {secrets!r}"
        )
    keys = options.access_keys
    if not isinstance(keys, Mapping) or not all(isinstance(k, str) for k in keys):
        raise OptionError(f"access_keys must map access key ids to principal ARNs, got {keys!r}")
    principals = [p for p in (options.caller, *keys.values()) if p is not None]
    if not principals:
        return
    # Loaded here: the principals' module brings botocore's model, which registering these
    # options at pytest's startup must not import.
    from .._access.principals import parse_caller

    for principal in principals:
        if not isinstance(principal, str):
            raise OptionError(f"principals are ARN strings, got {principal!r}")
        try:
            parse_caller(principal)
        except ValueError as exc:
            raise OptionError(str(exc)) from None


def _updated(base: FakeOptions, name: str, value: Any) -> FakeOptions:
    """`base` with one option changed; an OptionError's message starts with the option."""
    try:
        return base.updated(**{name: value})
    except OptionError as exc:
        message = str(exc)
        raise OptionError(message if message.startswith(name) else f"{name}: {message}") from None


def from_mapping(base: FakeOptions, values: Mapping[str, Any], source: str) -> FakeOptions:
    """`base` with the options `values` set. `source` says where they come from, for the
    errors: "the kms_fake marker", "mock_kms()"."""
    unknown = sorted(set(values) - set(OPTION_NAMES))
    if unknown:
        raise OptionError(
            f"{source} got unknown option(s) {', '.join(unknown)}; "
            f"known options: {', '.join(OPTION_NAMES)}"
        )
    options = base
    try:
        for name, value in values.items():
            options = _updated(options, name, value)
    except OptionError as exc:
        raise OptionError(f"{source}: {exc}") from None
    return options
