"""What each IAM condition operator answers, written by hand from the IAM User Guide: the
expected answers of tests/test_documented_conditions.py.

Pure data, with no import from the fake: every case is a condition (operator, key, the policy's
values), the request's values for that key (None: the request lacks the key; (): it holds an
empty set), and whether the condition holds. The examples are the guide's own wherever it
gives one. Sources:

[OPS § x]   "IAM JSON policy elements: Condition operators"
            (reference_policies_elements_condition_operators), section x; its opening
            "Important" note: a key missing from the request fails a condition, except that a
            negated operator (StringNotLike, ArnNotLike, ...) then holds; ...IfExists and Null
            test presence instead
[MULTI]     "Conditions with multiple context keys or values"
            (reference_policies_multi-value-conditions): several policy values for one key are
            ORed, and NORed under a negated operator
[SET]       "Single-valued vs. multivalued context keys"
            (reference_policies_condition-single-vs-multi-valued-context-keys) and the earlier
            "Creating a condition with multiple keys or values": ForAllValues and ForAnyValue,
            with the DynamoDB examples; an empty set makes ForAllValues true, ForAnyValue false
[COND]      "IAM JSON policy elements: Condition" (reference_policies_elements_condition):
            several keys under one operator, and several operators, are ANDed
[KMS]       the KMS developer guide, "Condition keys for AWS KMS" (conditions-kms)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Optional

# Every condition operator the IAM User Guide documents [OPS], without the ...IfExists
# suffix and the set qualifiers, which combine with them.
OPERATORS: tuple[str, ...] = (
    "StringEquals", "StringNotEquals", "StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase",
    "StringLike", "StringNotLike",
    "NumericEquals", "NumericNotEquals", "NumericLessThan", "NumericLessThanEquals",
    "NumericGreaterThan", "NumericGreaterThanEquals",
    "DateEquals", "DateNotEquals", "DateLessThan", "DateLessThanEquals", "DateGreaterThan",
    "DateGreaterThanEquals",
    "Bool", "BinaryEquals", "IpAddress", "NotIpAddress",
    "ArnEquals", "ArnLike", "ArnNotEquals", "ArnNotLike",
    "Null",
)  # fmt: skip

ABSENT = None  # the request lacks the key
Request = Optional[tuple[str, ...]]


@dataclass(frozen=True)
class Case:
    operator: str
    key: str
    policy: tuple[str, ...]
    request: Request
    holds: bool
    source: str


def _case(
    operator: str, key: str, policy: str | tuple[str, ...], request: str | Request, holds: bool,
    source: str,
) -> Case:  # fmt: skip
    """One value may be written without its tuple."""
    return Case(
        operator, key, (policy,) if isinstance(policy, str) else policy,
        (request,) if isinstance(request, str) else request, holds, source,
    )  # fmt: skip


_STR = "OPS § String"
_NUM = "OPS § Numeric"
_DATE = "OPS § Date"
_BOOL = "OPS § Boolean"
_BIN = "OPS § Binary"
_IP = "OPS § IP address"
_ARN = "OPS § ARN"
_MISSING_NEGATED = "OPS Important: a negated operator holds when the key is missing"
_IFEXISTS = "OPS § ...IfExists: a missing key makes the condition true"
_NULL = "OPS § Null: true = the key is absent, false = it is present"

_JOB = "aws:PrincipalTag/job-category"
_PREFIX = "s3:prefix"
_TYPE = "ec2:InstanceType"
_MAX = "s3:max-keys"
_ISSUED = "aws:TokenIssueTime"
_ISSUED_AT = "2020-01-01T00:00:01Z"  # [OPS § Date] example
_ISSUED_AT_EPOCH = "1577836801"  # the same instant in epoch (UNIX) time
_TLS = "aws:SecureTransport"
_BLOB = "QmluYXJ5VmFsdWVJbkJhc2U2NA=="  # [OPS § Binary] example
_IPADDR = "aws:SourceIp"
_SOURCE = "aws:SourceArn"
_TOPIC = "arn:aws:sns:us-east-2:123456789012:TOPIC-ID"
_FINANCE = "arn:aws:someservice:*:111122223333:finance/*"  # [OPS § ARN] example pattern
_STORE = "arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt"
_ATTRS = "dynamodb:requestedAttributes"

CASES: tuple[Case, ...] = (
    # --- String --------------------------------------------------------------------------------
    _case("StringEquals", _JOB, "iamuser-admin", "iamuser-admin", True, _STR),
    _case("StringEquals", _JOB, "iamuser-admin", "IAMUser-Admin", False, f"{_STR}: case sensitive"),
    _case("StringEquals", _JOB, "iamuser-admin", ABSENT, False, f"{_STR}: a user without the tag: false"),
    _case("StringEquals", _JOB, ("dev", "iamuser-admin"), "iamuser-admin", True, "MULTI: values ORed"),
    _case("StringNotEquals", _JOB, "iamuser-admin", "dev", True, f"{_STR}: negated matching"),
    _case("StringNotEquals", _JOB, "iamuser-admin", "iamuser-admin", False, f"{_STR}: negated matching"),
    _case("StringNotEquals", _JOB, ("dev", "iamuser-admin"), "iamuser-admin", False, "MULTI: negated values NORed"),
    _case("StringNotEquals", _JOB, ("dev", "ops"), "iamuser-admin", True, "MULTI: negated values NORed"),
    _case("StringNotEquals", _JOB, "iamuser-admin", ABSENT, True, _MISSING_NEGATED),
    _case("StringEqualsIgnoreCase", _JOB, "IAMUSER-ADMIN", "iamuser-admin", True, f"{_STR}: ignoring case"),
    _case("StringEqualsIgnoreCase", _JOB, "IAMUSER-ADMIN", "iamuser-dev", False, f"{_STR}: exact matching"),
    _case("StringEqualsIgnoreCase", _JOB, "IAMUSER-ADMIN", ABSENT, False, "OPS Important: missing key"),
    _case("StringNotEqualsIgnoreCase", _JOB, "IAMUSER-ADMIN", "iamuser-admin", False, f"{_STR}: negated, ignoring case"),
    _case("StringNotEqualsIgnoreCase", _JOB, "IAMUSER-ADMIN", "iamuser-dev", True, f"{_STR}: negated, ignoring case"),
    _case("StringNotEqualsIgnoreCase", _JOB, "IAMUSER-ADMIN", ABSENT, True, _MISSING_NEGATED),
    _case("StringLike", _PREFIX, "home/*", "home/alice/notes.txt", True, f"{_STR}: * anywhere"),
    _case("StringLike", _PREFIX, "home/", "home/alice/", False, f"{_STR}: partial matches need wildcards"),
    _case("StringLike", _PREFIX, "", "", True, f"{_STR}: the s3:prefix example's empty value"),
    _case("StringLike", _TYPE, ("t1.*", "t2.*", "m3.*"), "t2.micro", True, "OPS § ...IfExists: the example's patterns"),
    _case("StringLike", _TYPE, ("t1.*", "t2.*", "m3.*"), "c5.large", False, "OPS § ...IfExists: the example's patterns"),
    _case("StringLike", _TYPE, "t?.micro", "t2.micro", True, f"{_STR}: ? is one character"),
    _case("StringLike", _TYPE, "t?.micro", "t22.micro", False, f"{_STR}: ? is one character"),
    _case("StringLike", _TYPE, "T2.*", "t2.micro", False, f"{_STR}: case-sensitive matching"),
    _case("StringLike", _TYPE, "t2.*", ABSENT, False, "OPS Important: missing key"),
    _case("StringNotLike", _TYPE, ("t1.*", "t2.*"), "m3.large", True, f"{_STR}: negated matching"),
    _case("StringNotLike", _TYPE, ("t1.*", "t2.*"), "t2.micro", False, f"{_STR}: negated matching"),
    _case("StringNotLike", _TYPE, "t2.*", ABSENT, True, _MISSING_NEGATED),
    # --- Numeric -------------------------------------------------------------------------------
    _case("NumericEquals", _MAX, "10", "10", True, _NUM),
    _case("NumericEquals", _MAX, "10", "11", False, _NUM),
    _case("NumericEquals", _MAX, "10", ABSENT, False, "OPS Important: missing key"),
    _case("NumericNotEquals", _MAX, "10", "11", True, _NUM),
    _case("NumericNotEquals", _MAX, "10", "10", False, _NUM),
    _case("NumericNotEquals", _MAX, "10", ABSENT, True, _MISSING_NEGATED),
    _case("NumericLessThan", _MAX, "10", "9", True, _NUM),
    _case("NumericLessThan", _MAX, "10", "10", False, f"{_NUM}: less than, not equal"),
    _case("NumericLessThan", _MAX, "2.5", "2", True, f"{_NUM}: integer or decimal values"),
    _case("NumericLessThan", _MAX, "10", ABSENT, False, "OPS Important: missing key"),
    _case("NumericLessThanEquals", _MAX, "10", "10", True, f"{_NUM}: the s3:max-keys example"),
    _case("NumericLessThanEquals", _MAX, "10", "11", False, f"{_NUM}: the s3:max-keys example"),
    _case("NumericLessThanEquals", _MAX, "10", ABSENT, False, f"{_NUM}: the example, key missing"),
    _case("NumericGreaterThan", _MAX, "10", "11", True, _NUM),
    _case("NumericGreaterThan", _MAX, "10", "10", False, f"{_NUM}: greater than, not equal"),
    _case("NumericGreaterThan", _MAX, "10", ABSENT, False, "OPS Important: missing key"),
    _case("NumericGreaterThanEquals", _MAX, "10", "10", True, _NUM),
    _case("NumericGreaterThanEquals", _MAX, "10", "9", False, _NUM),
    _case("NumericGreaterThanEquals", _MAX, "10", ABSENT, False, "OPS Important: missing key"),
    # --- Date ----------------------------------------------------------------------------------
    _case("DateGreaterThan", _ISSUED, _ISSUED_AT, "2020-06-01T12:00:00Z", True, f"{_DATE}: the aws:TokenIssueTime example"),
    _case("DateGreaterThan", _ISSUED, _ISSUED_AT, "2019-12-31T23:59:59Z", False, f"{_DATE}: the example"),
    _case("DateGreaterThan", _ISSUED, _ISSUED_AT, _ISSUED_AT, False, f"{_DATE}: after, not at"),
    _case("DateGreaterThan", _ISSUED, _ISSUED_AT, ABSENT, False, f"{_DATE}: the example with access keys (no token): denied"),
    _case("DateEquals", _ISSUED, _ISSUED_AT, _ISSUED_AT, True, _DATE),
    _case("DateEquals", _ISSUED, _ISSUED_AT_EPOCH, _ISSUED_AT, True, f"{_DATE}: ISO 8601 or epoch time"),
    _case("DateEquals", _ISSUED, _ISSUED_AT, "2020-01-01T00:00:02Z", False, _DATE),
    _case("DateEquals", _ISSUED, _ISSUED_AT, ABSENT, False, "OPS Important: missing key"),
    _case("DateNotEquals", _ISSUED, _ISSUED_AT, "2020-01-01T00:00:02Z", True, _DATE),
    _case("DateNotEquals", _ISSUED, _ISSUED_AT, _ISSUED_AT, False, _DATE),
    _case("DateNotEquals", _ISSUED, _ISSUED_AT, ABSENT, True, _MISSING_NEGATED),
    _case("DateLessThan", _ISSUED, _ISSUED_AT, "2019-12-31T23:59:59Z", True, _DATE),
    _case("DateLessThan", _ISSUED, _ISSUED_AT, _ISSUED_AT, False, f"{_DATE}: before, not at"),
    _case("DateLessThan", _ISSUED, _ISSUED_AT, ABSENT, False, "OPS Important: missing key"),
    _case("DateLessThanEquals", _ISSUED, _ISSUED_AT, _ISSUED_AT, True, f"{_DATE}: at or before"),
    _case("DateLessThanEquals", _ISSUED, _ISSUED_AT, "2020-01-01T00:00:02Z", False, _DATE),
    _case("DateLessThanEquals", _ISSUED, _ISSUED_AT, ABSENT, False, "OPS Important: missing key"),
    _case("DateGreaterThanEquals", _ISSUED, _ISSUED_AT, _ISSUED_AT, True, f"{_DATE}: at or after"),
    _case("DateGreaterThanEquals", _ISSUED, _ISSUED_AT_EPOCH, "2019-12-31T23:59:59Z", False, _DATE),
    _case("DateGreaterThanEquals", _ISSUED, _ISSUED_AT, ABSENT, False, "OPS Important: missing key"),
    # --- Boolean, binary -----------------------------------------------------------------------
    _case("Bool", _TLS, "false", "false", True, f"{_BOOL}: the aws:SecureTransport example"),
    _case("Bool", _TLS, "false", "true", False, f"{_BOOL}: the example"),
    _case("Bool", _TLS, "true", ABSENT, False, "OPS Important: missing key"),
    # The request context holds a binary value as its base-64 text, so byte-for-byte matching
    # is matching that text.
    _case("BinaryEquals", "key", _BLOB, _BLOB, True, f"{_BIN}: the example"),
    _case("BinaryEquals", "key", _BLOB, "QmluYXJ5VmFsdWVJbkJhc2U2NQ==", False, _BIN),
    _case("BinaryEquals", "key", _BLOB, ABSENT, False, f"{_BIN}: key missing"),
    # --- IP address ----------------------------------------------------------------------------
    _case("IpAddress", _IPADDR, "203.0.113.0/24", "203.0.113.7", True, f"{_IP}: the example range"),
    _case("IpAddress", _IPADDR, "203.0.113.0/24", "198.51.100.7", False, f"{_IP}: the example range"),
    _case("IpAddress", _IPADDR, ("203.0.113.0/24", "2001:DB8:1234:5678::/64"), "2001:db8:1234:5678::1", True, f"{_IP}: IPv4 and IPv6 mixed"),
    _case("IpAddress", _IPADDR, ("203.0.113.0/24", "2001:DB8:1234:5678::/64"), "2001:db8:1234:5679::1", False, f"{_IP}: IPv4 and IPv6 mixed"),
    _case("IpAddress", _IPADDR, "203.0.113.5", "203.0.113.5", True, f"{_IP}: no prefix means /32"),
    _case("IpAddress", _IPADDR, "203.0.113.5", "203.0.113.6", False, f"{_IP}: no prefix means /32"),
    _case("IpAddress", _IPADDR, "203.0.113.0/24", ABSENT, False, f"{_IP}: through a VPC endpoint, the key is missing: false"),
    _case("NotIpAddress", _IPADDR, "203.0.113.0/24", "198.51.100.7", True, f"{_IP}: all addresses except"),
    _case("NotIpAddress", _IPADDR, "203.0.113.0/24", "203.0.113.7", False, f"{_IP}: all addresses except"),
    _case("NotIpAddress", _IPADDR, "203.0.113.0/24", ABSENT, True, _MISSING_NEGATED),
    # --- ARN -----------------------------------------------------------------------------------
    _case("ArnEquals", _SOURCE, _TOPIC, _TOPIC, True, f"{_ARN}: the aws:SourceArn example"),
    _case("ArnEquals", _SOURCE, _TOPIC, "arn:aws:sns:us-east-2:123456789012:OTHER", False, f"{_ARN}: the example"),
    _case("ArnEquals", _SOURCE, _TOPIC, ABSENT, False, f"{_ARN}: a direct call has no aws:SourceArn: false"),
    _case("ArnEquals", _SOURCE, "arn:aws:sns:*:123456789012:*", _TOPIC, True, f"{_ARN}: ArnEquals and ArnLike behave identically"),
    _case("ArnLike", _SOURCE, "arn:aws:sns:us-east-2:123456789012:topic-id", _TOPIC, False, f"{_ARN}: case-sensitive"),
    _case("ArnLike", _SOURCE, _FINANCE, "arn:aws:someservice:us-east-2:111122223333:finance/document.txt", True, f"{_ARN}: each of the six components matched apart"),
    _case("ArnLike", _SOURCE, _FINANCE, _STORE, False, f"{_ARN}: the example: * matches within one component"),
    _case("ArnLike", _SOURCE, _FINANCE, ABSENT, False, "OPS Important: missing key"),
    _case("StringLike", _SOURCE, _FINANCE, _STORE, True, f"{_ARN}: the example: with StringLike it matches"),
    _case("ArnNotEquals", _SOURCE, "arn:aws:sns:*:123456789012:*", "arn:aws:sns:us-east-2:444455556666:TOPIC-ID", True, f"{_ARN}: negated matching"),
    _case("ArnNotEquals", _SOURCE, "arn:aws:sns:*:123456789012:*", _TOPIC, False, f"{_ARN}: negated matching"),
    _case("ArnNotEquals", _SOURCE, _TOPIC, ABSENT, True, _MISSING_NEGATED),
    _case("ArnNotLike", _SOURCE, _FINANCE, _STORE, True, f"{_ARN}: the example, negated"),
    _case("ArnNotLike", _SOURCE, _FINANCE, "arn:aws:someservice:us-east-2:111122223333:finance/a.txt", False, f"{_ARN}: negated matching"),
    _case("ArnNotLike", _SOURCE, _FINANCE, ABSENT, True, _MISSING_NEGATED),
    # --- ...IfExists ---------------------------------------------------------------------------
    _case("StringLikeIfExists", _TYPE, ("t1.*", "t2.*", "m3.*"), ABSENT, True, f"{_IFEXISTS} (the example)"),
    _case("StringLikeIfExists", _TYPE, ("t1.*", "t2.*", "m3.*"), "t2.micro", True, "OPS § ...IfExists: a present key is tested"),
    _case("StringLikeIfExists", _TYPE, ("t1.*", "t2.*", "m3.*"), "c5.large", False, "OPS § ...IfExists: a present key is tested"),
    _case("StringEqualsIfExists", _JOB, "iamuser-admin", ABSENT, True, _IFEXISTS),
    _case("StringNotEqualsIfExists", _JOB, "iamuser-admin", ABSENT, True, _IFEXISTS),
    _case("StringNotEqualsIfExists", _JOB, "iamuser-admin", "iamuser-admin", False, "OPS § ...IfExists: a present key is tested"),
    _case("NumericLessThanIfExists", _MAX, "10", ABSENT, True, _IFEXISTS),
    _case("NumericLessThanIfExists", _MAX, "10", "10", False, "OPS § ...IfExists: a present key is tested"),
    _case("DateGreaterThanIfExists", _ISSUED, _ISSUED_AT, ABSENT, True, _IFEXISTS),
    _case("BoolIfExists", _TLS, "true", ABSENT, True, _IFEXISTS),
    _case("BinaryEqualsIfExists", "key", _BLOB, ABSENT, True, _IFEXISTS),
    _case("IpAddressIfExists", _IPADDR, "203.0.113.0/24", ABSENT, True, _IFEXISTS),
    _case("NotIpAddressIfExists", _IPADDR, "203.0.113.0/24", "203.0.113.7", False, "OPS § ...IfExists: a present key is tested"),
    _case("ArnLikeIfExists", _SOURCE, _FINANCE, ABSENT, True, _IFEXISTS),
    _case("ArnNotLikeIfExists", _SOURCE, _FINANCE, ABSENT, True, _IFEXISTS),
    _case("StringEqualsIgnoreCaseIfExists", _JOB, "IAMUSER-ADMIN", ABSENT, True, _IFEXISTS),
    _case("StringNotEqualsIgnoreCaseIfExists", _JOB, "IAMUSER-ADMIN", ABSENT, True, _IFEXISTS),
    _case("StringNotLikeIfExists", _TYPE, "t2.*", ABSENT, True, _IFEXISTS),
    _case("NumericEqualsIfExists", _MAX, "10", ABSENT, True, _IFEXISTS),
    _case("NumericNotEqualsIfExists", _MAX, "10", ABSENT, True, _IFEXISTS),
    _case("NumericLessThanEqualsIfExists", _MAX, "10", ABSENT, True, _IFEXISTS),
    _case("NumericGreaterThanIfExists", _MAX, "10", ABSENT, True, _IFEXISTS),
    _case("NumericGreaterThanEqualsIfExists", _MAX, "10", ABSENT, True, _IFEXISTS),
    _case("DateEqualsIfExists", _ISSUED, _ISSUED_AT, ABSENT, True, _IFEXISTS),
    _case("DateNotEqualsIfExists", _ISSUED, _ISSUED_AT, ABSENT, True, _IFEXISTS),
    _case("DateLessThanIfExists", _ISSUED, _ISSUED_AT, ABSENT, True, _IFEXISTS),
    _case("DateLessThanEqualsIfExists", _ISSUED, _ISSUED_AT, ABSENT, True, _IFEXISTS),
    _case("DateGreaterThanEqualsIfExists", _ISSUED, _ISSUED_AT, ABSENT, True, _IFEXISTS),
    _case("NotIpAddressIfExists", _IPADDR, "203.0.113.0/24", ABSENT, True, _IFEXISTS),
    _case("ArnEqualsIfExists", _SOURCE, _TOPIC, ABSENT, True, _IFEXISTS),
    _case("ArnNotEqualsIfExists", _SOURCE, _TOPIC, ABSENT, True, _IFEXISTS),
    # --- Null ----------------------------------------------------------------------------------
    _case("Null", _ISSUED, "true", ABSENT, True, f"{_NULL} (the aws:TokenIssueTime example)"),
    _case("Null", _ISSUED, "true", _ISSUED_AT, False, f"{_NULL} (the example, temporary credentials)"),
    _case("Null", _ISSUED, "false", _ISSUED_AT, True, _NULL),
    _case("Null", _ISSUED, "false", ABSENT, False, _NULL),
    # --- Set operators on multivalued keys -----------------------------------------------------
    _case("ForAllValues:StringLike", _ATTRS, ("PostDateTime", "Message", "Tags"), ("PostDateTime", "Message"), True, "SET: ForAllValues example, allowed"),
    _case("ForAllValues:StringLike", _ATTRS, ("PostDateTime", "Message", "Tags"), ("PostDateTime", "UserName"), False, "SET: ForAllValues evaluation table: UserName matches nothing"),
    _case("ForAllValues:StringLike", _ATTRS, ("PostDateTime", "Message", "Tags"), ABSENT, True, "SET: ForAllValues is true when the request has no such key"),
    _case("ForAllValues:StringLike", _ATTRS, ("PostDateTime", "Message", "Tags"), (), True, "SET: an empty data set makes ForAllValues true"),
    _case("ForAnyValue:StringLike", _ATTRS, ("ID", "PostDateTime"), ("UserName", "Message", "PostDateTime"), True, "SET: ForAnyValue evaluation table: PostDateTime matches"),
    _case("ForAnyValue:StringLike", _ATTRS, ("ID", "PostDateTime"), "UserName", False, "SET: ForAnyValue example: only UserName"),
    _case("ForAnyValue:StringLike", _ATTRS, ("ID", "PostDateTime"), ABSENT, False, "SET: ForAnyValue is false when the request has no such key"),
    _case("ForAnyValue:StringLike", _ATTRS, ("ID", "PostDateTime"), (), False, "SET: an empty data set makes ForAnyValue false"),
    _case("ForAllValues:StringEquals", _ATTRS, ("PostDateTime", "Message"), ("Message",), True, "SET: every request value matches a policy value"),
    _case("ForAnyValue:StringEquals", _ATTRS, ("PostDateTime", "Message"), ("ID", "Tags"), False, "SET: no request value matches"),
)  # fmt: skip

# --- Through a key policy: Encrypt with an encryption context, by a caller the statement names
# or matches by condition ----------------------------------------------------------------------

ACCOUNT = "111122223333"
ROLE = f"arn:aws:iam::{ACCOUNT}:role/app"
OTHER_ROLE = f"arn:aws:iam::{ACCOUNT}:role/other"


@dataclass(frozen=True)
class EndToEnd:
    """A key policy statement allowing kms:Encrypt with `condition`; the call's encryption
    context (None: the call gives none) and caller; whether AWS allows the call."""

    name: str
    condition: Mapping[str, Mapping[str, Any]]
    context: Mapping[str, str] | None
    allowed: bool
    source: str
    caller: str = ROLE


_TENANT = "kms:EncryptionContext:tenant"
_KEYS = "kms:EncryptionContextKeys"

END_TO_END: tuple[EndToEnd, ...] = (
    EndToEnd("StringEquals, matching", {"StringEquals": {_TENANT: "acme"}}, {"tenant": "acme"}, True, f"{_STR}; KMS kms:EncryptionContext:context-key"),
    EndToEnd("StringEquals, other case", {"StringEquals": {_TENANT: "acme"}}, {"tenant": "ACME"}, False, f"{_STR}: case sensitive"),
    EndToEnd("StringEquals, no context", {"StringEquals": {_TENANT: "acme"}}, None, False, "OPS Important: missing key"),
    EndToEnd("StringNotEquals, other value", {"StringNotEquals": {_TENANT: "acme"}}, {"tenant": "other"}, True, f"{_STR}: negated matching"),
    EndToEnd("StringNotEquals, same value", {"StringNotEquals": {_TENANT: "acme"}}, {"tenant": "acme"}, False, f"{_STR}: negated matching"),
    EndToEnd("StringNotEquals, no context", {"StringNotEquals": {_TENANT: "acme"}}, None, True, _MISSING_NEGATED),
    EndToEnd("StringLikeIfExists, no context", {"StringLikeIfExists": {_TENANT: "ac*"}}, None, True, _IFEXISTS),
    EndToEnd("StringLikeIfExists, other value", {"StringLikeIfExists": {_TENANT: "ac*"}}, {"tenant": "other"}, False, "OPS § ...IfExists: a present key is tested"),
    EndToEnd("two keys under one operator, both match", {"StringEquals": {_TENANT: "acme", "kms:EncryptionContext:purpose": "billing"}}, {"tenant": "acme", "purpose": "billing"}, True, "COND: keys ANDed"),
    EndToEnd("two keys under one operator, one missing", {"StringEquals": {_TENANT: "acme", "kms:EncryptionContext:purpose": "billing"}}, {"tenant": "acme"}, False, "COND: keys ANDed"),
    EndToEnd("ForAllValues, a subset", {"ForAllValues:StringEquals": {_KEYS: ["tenant", "purpose"]}}, {"tenant": "acme"}, True, "SET: ForAllValues"),
    EndToEnd("ForAllValues, an extra key", {"ForAllValues:StringEquals": {_KEYS: ["tenant", "purpose"]}}, {"tenant": "acme", "other": "x"}, False, "SET: ForAllValues"),
    EndToEnd("ForAllValues, no context", {"ForAllValues:StringEquals": {_KEYS: ["tenant", "purpose"]}}, None, True, "SET: ForAllValues is true without the key"),
    EndToEnd("ForAnyValue, no context", {"ForAnyValue:StringEquals": {_KEYS: "tenant"}}, None, False, "SET: ForAnyValue is false without the key"),
    EndToEnd("ForAnyValue, one of them", {"ForAnyValue:StringEquals": {_KEYS: "tenant"}}, {"tenant": "acme", "other": "x"}, True, "SET: ForAnyValue"),
    EndToEnd("Null false requires a context, given", {"Null": {_KEYS: False}}, {"tenant": "acme"}, True, f"{_NULL}; KMS: requiring an encryption context"),
    EndToEnd("Null false requires a context, missing", {"Null": {_KEYS: False}}, None, False, f"{_NULL}; KMS: requiring an encryption context"),
    EndToEnd("ArnLike on the caller, matching", {"ArnLike": {"aws:PrincipalArn": f"arn:aws:iam::{ACCOUNT}:role/a*"}}, None, True, _ARN),
    EndToEnd("ArnLike on the caller, another role", {"ArnLike": {"aws:PrincipalArn": f"arn:aws:iam::{ACCOUNT}:role/a*"}}, None, False, _ARN, caller=OTHER_ROLE),
)  # fmt: skip
