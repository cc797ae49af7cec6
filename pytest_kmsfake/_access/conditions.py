"""IAM condition operators, as the policy evaluation logic defines them.

A request's condition context maps each (lower-case) condition key to a tuple of string
values: one value for single-valued keys, several for multivalued keys such as
kms:EncryptionContextKeys or kms:GrantOperations. Booleans are "true"/"false".
"""

from __future__ import annotations

import datetime
import functools
import ipaddress
import re
from collections.abc import Mapping
from typing import Callable

Context = Mapping[str, tuple[str, ...]]
Matcher = Callable[[str, str], bool]  # (request value, policy value) -> matches


@functools.lru_cache(maxsize=2048)
def _wildcard(pattern: str, ignore_case: bool = False) -> re.Pattern[str]:
    """`*` matches any run of characters and `?` any one character; nothing else is special."""
    body = "".join(
        ".*" if char == "*" else "." if char == "?" else re.escape(char) for char in pattern
    )
    return re.compile(f"^{body}$", re.DOTALL | (re.IGNORECASE if ignore_case else 0))


def wildcard_match(pattern: str, value: str, ignore_case: bool = False) -> bool:
    return _wildcard(pattern, ignore_case).match(value) is not None


def arn_match(pattern: str, value: str) -> bool:
    """ArnEquals and ArnLike: each colon-separated component of the ARN is matched apart, so a
    wildcard never spans a colon, except in the resource, the sixth component, which may hold
    colons itself [IAM User Guide, condition operators, ARN]. A pattern of fewer components
    matches its last one against the rest of the ARN, as a whole-string match would."""
    wanted = pattern.split(":", 5)
    parts = value.split(":", len(wanted) - 1)
    return len(parts) == len(wanted) and all(map(wildcard_match, wanted, parts))


def _number(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def _numeric(compare: Callable[[float, float], bool]) -> Matcher:
    def match(value: str, wanted: str) -> bool:
        left, right = _number(value), _number(wanted)
        return left is not None and right is not None and compare(left, right)

    return match


def _date(text: str) -> float | None:
    number = _number(text)
    if number is not None:
        return number
    try:
        return datetime.datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()
    except ValueError:
        return None


def _dates(compare: Callable[[float, float], bool]) -> Matcher:
    def match(value: str, wanted: str) -> bool:
        left, right = _date(value), _date(wanted)
        return left is not None and right is not None and compare(left, right)

    return match


def _ip(value: str, network: str) -> bool:
    try:
        return ipaddress.ip_address(value) in ipaddress.ip_network(network, strict=False)
    except ValueError:
        return False


# Base operator -> (matcher, negated). A negated operator holds when the value matches none
# of the policy's values.
OPERATORS: Mapping[str, tuple[Matcher, bool]] = {
    "StringEquals": (lambda v, w: v == w, False),
    "StringNotEquals": (lambda v, w: v == w, True),
    "StringEqualsIgnoreCase": (lambda v, w: v.casefold() == w.casefold(), False),
    "StringNotEqualsIgnoreCase": (lambda v, w: v.casefold() == w.casefold(), True),
    "StringLike": (lambda v, w: wildcard_match(w, v), False),
    "StringNotLike": (lambda v, w: wildcard_match(w, v), True),
    "NumericEquals": (_numeric(lambda a, b: a == b), False),
    "NumericNotEquals": (_numeric(lambda a, b: a == b), True),
    "NumericLessThan": (_numeric(lambda a, b: a < b), False),
    "NumericLessThanEquals": (_numeric(lambda a, b: a <= b), False),
    "NumericGreaterThan": (_numeric(lambda a, b: a > b), False),
    "NumericGreaterThanEquals": (_numeric(lambda a, b: a >= b), False),
    "DateEquals": (_dates(lambda a, b: a == b), False),
    "DateNotEquals": (_dates(lambda a, b: a == b), True),
    "DateLessThan": (_dates(lambda a, b: a < b), False),
    "DateLessThanEquals": (_dates(lambda a, b: a <= b), False),
    "DateGreaterThan": (_dates(lambda a, b: a > b), False),
    "DateGreaterThanEquals": (_dates(lambda a, b: a >= b), False),
    "Bool": (lambda v, w: v.lower() == w.lower(), False),
    "BinaryEquals": (lambda v, w: v == w, False),
    "IpAddress": (_ip, False),
    "NotIpAddress": (_ip, True),
    "ArnEquals": (lambda v, w: arn_match(w, v), False),
    "ArnLike": (lambda v, w: arn_match(w, v), False),
    "ArnNotEquals": (lambda v, w: arn_match(w, v), True),
    "ArnNotLike": (lambda v, w: arn_match(w, v), True),
    "Null": (lambda v, w: True, False),  # handled apart: it tests presence
}


def split_operator(operator: str) -> tuple[str, str, bool]:
    """("ForAnyValue" / "ForAllValues" / "", base operator, IfExists)."""
    qualifier, _, base = operator.rpartition(":")
    if_exists = base.endswith("IfExists") and base != "IfExists"
    if if_exists:
        base = base[: -len("IfExists")]
    if qualifier not in ("", "ForAnyValue", "ForAllValues") or (if_exists and base == "Null"):
        return qualifier, "", if_exists
    return qualifier, base, if_exists


def _missing_key_holds(qualifier: str, negated: bool) -> bool:
    """A condition on a key the request lacks (or holds as an empty set). ForAllValues is
    true and ForAnyValue false, whatever operator follows [IAM User Guide, "Single-valued vs.
    multivalued context keys"]. Otherwise the values do not match, so the condition is false,
    unless the operator is negated (StringNotLike, ArnNotLike, ...): then it is true [IAM
    User Guide, "Condition operators", the Important note]."""
    if qualifier == "ForAllValues":
        return True
    if qualifier == "ForAnyValue":
        return False
    return negated


def holds(operator: str, key: str, wanted: tuple[str, ...], context: Context) -> bool:
    """Whether one condition (operator, key, policy values) holds for a request."""
    qualifier, base, if_exists = split_operator(operator)
    values = context.get(key)
    if base == "Null":
        absent = values is None or len(values) == 0
        return any((w.lower() == "true") == absent for w in wanted)
    match, negated = OPERATORS[base]
    if values is None or len(values) == 0:
        return if_exists or _missing_key_holds(qualifier, negated)

    def satisfied(value: str) -> bool:
        hit = any(match(value, w) for w in wanted)
        return not hit if negated else hit

    if qualifier == "ForAllValues":
        return all(satisfied(value) for value in values)
    if qualifier == "ForAnyValue" or len(values) > 1:
        return any(satisfied(value) for value in values)
    return satisfied(values[0])
