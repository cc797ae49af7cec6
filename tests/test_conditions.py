"""The IAM condition operators, on their own."""

from __future__ import annotations

import pytest

from pytest_kmsfake._access.conditions import holds, split_operator, wildcard_match

CONTEXT = {
    "kms:calleraccount": ("111122223333",),
    "kms:encryptioncontextkeys": ("tenant", "purpose"),
    "kms:grantisforawsresource": ("true",),
    "n": ("5",),
    "when": ("2026-01-01T00:00:00Z",),
    "ip": ("10.1.2.3",),
    "arn": ("arn:aws:iam::111122223333:role/app",),
}


@pytest.mark.parametrize(
    ("operator", "key", "values", "expected"),
    [
        ("StringEquals", "kms:calleraccount", ("111122223333",), True),
        ("StringEquals", "kms:calleraccount", ("444455556666", "111122223333"), True),
        ("StringEquals", "kms:calleraccount", ("444455556666",), False),
        ("StringNotEquals", "kms:calleraccount", ("444455556666",), True),
        ("StringNotEquals", "kms:calleraccount", ("111122223333",), False),
        ("StringEqualsIgnoreCase", "arn", ("ARN:AWS:IAM::111122223333:ROLE/APP",), True),
        ("StringNotEqualsIgnoreCase", "arn", ("ARN:AWS:IAM::111122223333:ROLE/APP",), False),
        ("StringLike", "arn", ("arn:aws:iam::*:role/a?p",), True),
        ("StringLike", "arn", ("arn:aws:iam::*:role/A*",), False),
        ("StringNotLike", "arn", ("*:user/*",), True),
        ("ArnLike", "arn", ("arn:aws:iam::111122223333:role/*",), True),
        ("ArnEquals", "arn", ("arn:aws:iam::111122223333:role/app",), True),
        ("ArnNotLike", "arn", ("arn:aws:iam::*:role/*",), False),
        ("ArnNotEquals", "arn", ("arn:aws:iam::1:role/x",), True),
        ("Bool", "kms:grantisforawsresource", ("True",), True),
        ("Bool", "kms:grantisforawsresource", ("false",), False),
        ("NumericEquals", "n", ("5",), True),
        ("NumericNotEquals", "n", ("5",), False),
        ("NumericLessThan", "n", ("6",), True),
        ("NumericLessThanEquals", "n", ("5",), True),
        ("NumericGreaterThan", "n", ("5",), False),
        ("NumericGreaterThanEquals", "n", ("5.0",), True),
        ("NumericEquals", "n", ("five",), False),
        ("DateGreaterThan", "when", ("2025-12-31T00:00:00Z",), True),
        ("DateLessThan", "when", ("1767225600",), False),
        ("DateLessThanEquals", "when", ("1767225600",), True),
        ("DateEquals", "when", ("not a date",), False),
        ("DateNotEquals", "when", ("2020-01-01T00:00:00Z",), True),
        ("DateGreaterThanEquals", "when", ("2026-01-01T00:00:00+00:00",), True),
        ("IpAddress", "ip", ("10.0.0.0/8",), True),
        ("NotIpAddress", "ip", ("10.0.0.0/8",), False),
        ("IpAddress", "ip", ("nonsense",), False),
        ("BinaryEquals", "n", ("5",), True),
        # Multivalued keys: without a set operator, any value may match.
        ("StringEquals", "kms:encryptioncontextkeys", ("purpose",), True),
        ("ForAnyValue:StringEquals", "kms:encryptioncontextkeys", ("purpose",), True),
        ("ForAllValues:StringEquals", "kms:encryptioncontextkeys", ("purpose",), False),
        (
            "ForAllValues:StringEquals",
            "kms:encryptioncontextkeys",
            ("purpose", "tenant", "x"),
            True,
        ),
        ("ForAllValues:StringNotLike", "kms:encryptioncontextkeys", ("secret*",), True),
        # A missing key.
        ("StringEquals", "missing", ("x",), False),
        # A negated operator is true on a missing key [IAM User Guide, condition operators].
        ("StringNotEquals", "missing", ("x",), True),
        ("StringEqualsIfExists", "missing", ("x",), True),
        ("StringEqualsIfExists", "kms:calleraccount", ("x",), False),
        ("ForAnyValue:StringEquals", "missing", ("x",), False),
        ("ForAllValues:StringEquals", "missing", ("x",), True),
        ("Null", "missing", ("true",), True),
        ("Null", "missing", ("false",), False),
        ("Null", "kms:calleraccount", ("false",), True),
        ("Null", "kms:calleraccount", ("true",), False),
    ],
)
def test_operators(operator: str, key: str, values: tuple[str, ...], expected: bool) -> None:
    assert holds(operator, key, values, CONTEXT) is expected


def test_split_operator() -> None:
    assert split_operator("ForAllValues:StringLikeIfExists") == ("ForAllValues", "StringLike", True)
    assert split_operator("Null") == ("", "Null", False)
    assert split_operator("NullIfExists")[1] == ""
    assert split_operator("Sometimes:StringEquals")[1] == ""


def test_wildcards_are_the_only_special_characters() -> None:
    assert wildcard_match("a.b*", "a.bcd")
    assert not wildcard_match("a.b", "axb")
    assert wildcard_match("[x]", "[x]")
    assert wildcard_match("KMS:*", "kms:Decrypt", ignore_case=True)
    assert not wildcard_match("KMS:*", "kms:Decrypt")


def test_every_condition_key_the_fake_sets_is_documented() -> None:
    import re
    from pathlib import Path

    from pytest_kmsfake._access import request_context as _request_context
    from pytest_kmsfake._rules.access import OTHER_CONDITION_KEYS, REQUEST_CONDITION_KEYS

    documented = {k.lower() for k in (*REQUEST_CONDITION_KEYS, *OTHER_CONDITION_KEYS)}
    source = Path(_request_context.__file__).read_text(encoding="utf-8")
    literals = set(re.findall(r'"((?:kms|aws):[a-z]+[:/]?)', source))
    assert literals, "the request context sets no condition keys?"
    templates = {
        "kms:encryptioncontext:": "kms:encryptioncontext:<key>",
        "aws:resourcetag/": "aws:resourcetag/<tag key>",
        "aws:requesttag/": "aws:requesttag/<tag key>",
    }
    for literal in literals:
        assert templates.get(literal, literal) in documented, literal
