"""Key policies: the checks CreateKey and PutKeyPolicy make on a new policy (grammar, size,
principals, the lockout safety check) with AWS's errors, and GetKeyPolicy/ListKeyPolicies."""

from __future__ import annotations

import json
from typing import Any, Callable

import documented_service as documented
import pytest
from botocore.exceptions import ClientError

from pytest_kmsfake import KmsFake

ACCOUNT = "111122223333"
ROOT = f"arn:aws:iam::{ACCOUNT}:root"
ROLE = f"arn:aws:iam::{ACCOUNT}:role/app"

# AWS's own texts, as real responses show them [ISS 2017-2025].
NO_PRINCIPAL = "Policy contains a statement with no principal."
INVALID_PRINCIPALS = "Policy contains a statement with one or more invalid principals."
LOCKOUT = "The new key policy will not allow you to update the key policy in the future."

ADMIN = {
    "Sid": "admin",
    "Effect": "Allow",
    "Principal": {"AWS": ROOT},
    "Action": "kms:*",
    "Resource": "*",
}


def policy(*statements: dict[str, Any], **top: Any) -> str:
    return json.dumps({"Version": "2012-10-17", **top, "Statement": list(statements)})


def error_of(call: Callable[[], Any]) -> dict[str, str]:
    with pytest.raises(ClientError) as info:
        call()
    return dict(info.value.response["Error"])


def malformed(message: str) -> dict[str, str]:
    return {"Code": "MalformedPolicyDocumentException", "Message": message}


@pytest.mark.parametrize(
    ("document", "message"),
    [
        # Recorded from AWS.
        (policy({"Effect": "Allow", "Action": "kms:*", "Resource": "*"}), NO_PRINCIPAL),
        (
            policy({**ADMIN, "Principal": {"AWS": "arn:aws:iam::111122223333:role/*"}}),
            INVALID_PRINCIPALS,
        ),
        (policy({**ADMIN, "Principal": {"AWS": "AIDACKCEVSQ6C2EXAMPLE"}}), INVALID_PRINCIPALS),
        (policy({**ADMIN, "Principal": {"AWS": "arn:aws:iam::1111:root"}}), INVALID_PRINCIPALS),
        (policy({**ADMIN, "Principal": {"AWS": []}}), INVALID_PRINCIPALS),
        (policy({**ADMIN, "Principal": {"Robot": ROOT}}), INVALID_PRINCIPALS),
        (policy({**ADMIN, "Principal": {"Service": "not a service"}}), INVALID_PRINCIPALS),
        (policy({**ADMIN, "Principal": "everyone"}), INVALID_PRINCIPALS),
        # INFERRED wordings (AWS's texts for these were not recorded).
        ("{not json", "Policy is not valid JSON."),
        ('["Statement"]', "Policy document must contain a Statement."),
        (json.dumps({"Version": "2012-10-17"}), "Policy document must contain a Statement."),
        (policy(ADMIN, Owner="me"), "Policy has an unsupported element: Owner."),
        (policy(ADMIN, Version="2020-01-01"), "Policy has an invalid Version: 2020-01-01."),
        (policy("admin"), "Policy statement 1 is not a JSON object."),  # type: ignore[arg-type]
        (
            policy({**ADMIN, "Effect": "Maybe"}),
            "Policy contains a statement with an invalid Effect.",
        ),
        (policy({**ADMIN, "Sid": 7}), "Policy contains a statement with an invalid Sid."),
        (
            policy({**ADMIN, "Extra": 1}),
            "Policy contains a statement with an unsupported element: Extra.",
        ),
        (
            policy({**ADMIN, "NotAction": "kms:Decrypt"}),
            "Policy contains a statement with both Action and NotAction.",
        ),
        (
            policy({**ADMIN, "NotPrincipal": {"AWS": ROLE}}),
            "Policy contains a statement with both Principal and NotPrincipal.",
        ),
        (
            policy({**ADMIN, "NotResource": "*"}),
            "Policy contains a statement with both Resource and NotResource.",
        ),
        (
            policy({**ADMIN, "Action": "Decrypt"}),
            "Policy contains a statement with an invalid action: Decrypt.",
        ),
        (policy({**ADMIN, "Action": []}), "Policy contains a statement with an invalid Action."),
        (policy({**ADMIN, "Resource": 5}), "Policy contains a statement with an invalid Resource."),
        (
            policy({**ADMIN, "Condition": {"StringEqualz": {"kms:CallerAccount": ACCOUNT}}}),
            "Policy contains an invalid condition operator: StringEqualz.",
        ),
        (
            policy({**ADMIN, "Condition": {"ForSomeValues:StringEquals": {"a": "b"}}}),
            "Policy contains an invalid condition operator: ForSomeValues:StringEquals.",
        ),
        (
            policy({**ADMIN, "Condition": {"NullIfExists": {"a": "true"}}}),
            "Policy contains an invalid condition operator: NullIfExists.",
        ),
        (
            policy({**ADMIN, "Condition": "kms:CallerAccount"}),
            "Policy contains a statement with an invalid Condition.",
        ),
        (
            policy({**ADMIN, "Condition": {"StringEquals": {"a": {"b": "c"}}}}),
            "Policy contains a statement with an invalid Condition.",
        ),
        (
            policy(ADMIN, {**ADMIN, "Action": "kms:Decrypt"}),
            "Policy contains duplicate statement IDs: admin.",
        ),
    ],
)
def test_malformed_policies_are_refused_with_aws_messages(
    kms: Any, key_id: str, document: str, message: str
) -> None:
    before = kms.get_key_policy(KeyId=key_id)["Policy"]
    assert error_of(lambda: kms.put_key_policy(KeyId=key_id, Policy=document)) == malformed(message)
    assert error_of(lambda: kms.create_key(Policy=document)) == malformed(message)
    assert kms.get_key_policy(KeyId=key_id)["Policy"] == before
    assert len(kms.list_keys()["Keys"]) == 1


@pytest.mark.parametrize(
    "principal",
    [
        "*",
        {"AWS": "*"},
        {"AWS": ACCOUNT},
        {"AWS": [ROOT, ROLE]},
        {"AWS": "arn:aws:iam::444455556666:user/division/ana"},
        {"AWS": "arn:aws:iam::444455556666:role/service-role/app"},
        {"AWS": "arn:aws:sts::444455556666:assumed-role/app/session-1"},
        {"AWS": "arn:aws:sts::444455556666:federated-user/bob"},
        {"AWS": "arn:aws-cn:iam::444455556666:root"},
        {"Service": ["logs.us-east-1.amazonaws.com", "s3.amazonaws.com"]},
        {"Federated": "cognito-identity.amazonaws.com"},
        {"CanonicalUser": "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"},
    ],
)
def test_principals_that_exist_in_form_are_accepted(kms: Any, key_id: str, principal: Any) -> None:
    document = policy(
        ADMIN,
        {
            "Sid": "other",
            "Effect": "Allow",
            "Principal": principal,
            "Action": "kms:Decrypt",
            "Resource": "*",
        },
    )
    kms.put_key_policy(KeyId=key_id, Policy=document)
    assert json.loads(kms.get_key_policy(KeyId=key_id)["Policy"]) == json.loads(document)


@pytest.mark.parametrize(
    ("missing", "message"),
    [
        ("Action", "Policy contains a statement with no Action."),
        ("Resource", "Policy contains a statement with no Resource."),
    ],
)
def test_a_statement_without_action_or_resource_is_refused(
    kms: Any, key_id: str, missing: str, message: str
) -> None:
    """AWS refuses these since 2025-08-18, as it told its customers (the model's docs still
    say they are accepted); the wording is INFERRED."""
    loose = {"Sid": "loose", "Effect": "Allow", "Principal": {"AWS": ROLE}}
    loose.update({"Action": "kms:Decrypt", "Resource": "*"})
    del loose[missing]
    document = policy(ADMIN, loose)
    before = kms.get_key_policy(KeyId=key_id)["Policy"]
    for call in (
        lambda: kms.put_key_policy(KeyId=key_id, Policy=document),
        lambda: kms.create_key(Policy=document),
    ):
        assert error_of(call) == {"Code": "MalformedPolicyDocumentException", "Message": message}
    assert kms.get_key_policy(KeyId=key_id)["Policy"] == before
    negated = {**loose, f"Not{missing}": "kms:Sign" if missing == "Action" else "*"}
    kms.put_key_policy(KeyId=key_id, Policy=policy(ADMIN, negated))


def test_a_single_statement_object_and_json_values_are_accepted(kms: Any, key_id: str) -> None:
    document = json.dumps(
        {
            "Version": "2008-10-17",
            "Id": "key-policy",
            "Statement": {
                **ADMIN,
                "Condition": {
                    "BoolIfExists": {"kms:GrantIsForAWSResource": True},
                    "NumericLessThanIfExists": {"x": 3},
                },
            },
        }
    )
    kms.put_key_policy(KeyId=key_id, Policy=document)
    assert json.loads(kms.get_key_policy(KeyId=key_id)["Policy"]) == json.loads(document)


def test_policy_size_quota(kms: Any, key_id: str) -> None:
    limit = documented.KEY_POLICY_MAX_BYTES  # ASCII here, so as many characters as bytes
    statement = dict(ADMIN)
    padding = limit - len(policy({**statement, "Sid": ""}))
    at_limit = policy({**statement, "Sid": "x" * padding})
    assert len(at_limit.encode()) == limit
    kms.put_key_policy(KeyId=key_id, Policy=at_limit)
    over = policy({**statement, "Sid": "x" * (padding + 1)})
    assert error_of(lambda: kms.put_key_policy(KeyId=key_id, Policy=over)) == {
        "Code": "LimitExceededException",  # the code is documented [MD]; the text is INFERRED
        "Message": "The key policy exceeds the maximum size of 32768 characters.",
    }
    assert json.loads(kms.get_key_policy(KeyId=key_id)["Policy"]) == json.loads(at_limit)


def test_characters_outside_the_model_pattern_are_a_validation_error(kms: Any, key_id: str) -> None:
    document = policy({**ADMIN, "Sid": "sid"}).replace("sid", "\u0100")
    error = error_of(lambda: kms.put_key_policy(KeyId=key_id, Policy=document))
    assert error["Code"] == "ValidationException"
    assert error["Message"].endswith(
        "Member must satisfy regular expression pattern: [\\u0009\\u000A\\u000D\\u0020-\\u00FF]+"
    )


# --- The lockout safety check ------------------------------------------------------------------


def test_a_policy_that_locks_the_caller_out_is_refused(kms: Any, key_id: str) -> None:
    only_role = policy(
        {"Effect": "Allow", "Principal": {"AWS": ROLE}, "Action": "kms:*", "Resource": "*"}
    )
    assert error_of(lambda: kms.put_key_policy(KeyId=key_id, Policy=only_role)) == malformed(
        LOCKOUT
    )
    assert error_of(lambda: kms.create_key(Policy=only_role)) == malformed(LOCKOUT)
    no_put = policy({**ADMIN, "Action": ["kms:Describe*", "kms:Get*"]})
    assert error_of(lambda: kms.put_key_policy(KeyId=key_id, Policy=no_put)) == malformed(LOCKOUT)
    denied = policy(
        ADMIN,
        {
            "Sid": "no",
            "Effect": "Deny",
            "Principal": "*",
            "Action": "kms:PutKeyPolicy",
            "Resource": "*",
        },
    )
    assert error_of(lambda: kms.put_key_policy(KeyId=key_id, Policy=denied)) == malformed(LOCKOUT)
    # NotPrincipal with Allow is not supported [IAM NotPrincipal], so it keeps no one in.
    not_principal = policy(
        {"Effect": "Allow", "NotPrincipal": {"AWS": ROLE}, "Action": "kms:*", "Resource": "*"}
    )
    assert error_of(lambda: kms.put_key_policy(KeyId=key_id, Policy=not_principal)) == malformed(
        LOCKOUT
    )
    empty = policy()
    assert error_of(lambda: kms.put_key_policy(KeyId=key_id, Policy=empty)) == malformed(LOCKOUT)


def test_bypass_policy_lockout_safety_check(kms: Any, key_id: str) -> None:
    only_role = policy(
        {"Effect": "Allow", "Principal": {"AWS": ROLE}, "Action": "kms:*", "Resource": "*"}
    )
    kms.put_key_policy(KeyId=key_id, Policy=only_role, BypassPolicyLockoutSafetyCheck=True)
    assert json.loads(kms.get_key_policy(KeyId=key_id)["Policy"]) == json.loads(only_role)
    new_key = kms.create_key(Policy=only_role, BypassPolicyLockoutSafetyCheck=True)["KeyMetadata"]
    assert json.loads(kms.get_key_policy(KeyId=new_key["KeyId"])["Policy"]) == json.loads(only_role)
    # Grammar still applies with the bypass.
    assert error_of(
        lambda: kms.put_key_policy(
            KeyId=key_id, Policy=policy({"Effect": "Allow"}), BypassPolicyLockoutSafetyCheck=True
        )
    ) == malformed(NO_PRINCIPAL)


@pytest.mark.parametrize(
    "statement",
    [
        {"Effect": "Allow", "Principal": "*", "Action": "kms:PutKeyPolicy", "Resource": "*"},
        {"Effect": "Allow", "Principal": {"AWS": ACCOUNT}, "Action": "kms:Put*", "Resource": "*"},
        {
            "Effect": "Allow",
            "Principal": {"AWS": ROOT},
            "NotAction": "kms:Decrypt",
            "Resource": "*",
        },
        {
            "Effect": "Allow",
            "Principal": {"AWS": ROOT},
            "Action": "KMS:putkeypolicy",
            "Resource": "*",
        },
        {
            "Effect": "Allow",
            "Principal": {"AWS": ROOT},
            "Action": "kms:*",
            "Resource": "*",
            "Condition": {"StringEquals": {"kms:CallerAccount": ACCOUNT}},
        },
    ],
)
def test_policies_that_keep_put_key_policy_for_the_caller_pass(
    kms: Any, key_id: str, statement: dict[str, Any]
) -> None:
    kms.put_key_policy(KeyId=key_id, Policy=policy(statement))
    assert json.loads(kms.get_key_policy(KeyId=key_id)["Policy"]) == json.loads(policy(statement))


def test_the_check_asks_about_the_caller(kms: Any, kms_fake: KmsFake, key_id: str) -> None:
    names_role = policy(
        {"Effect": "Allow", "Principal": {"AWS": ROLE}, "Action": "kms:*", "Resource": "*"}
    )
    with kms_fake.acting_as(ROLE):
        kms.put_key_policy(KeyId=key_id, Policy=names_role)
        # As the role, a policy for the account root alone would lock the role out only
        # if IAM policies were not consulted; with enforcement off they are taken to allow.
        kms.put_key_policy(KeyId=key_id, Policy=policy(ADMIN))
    other_account = policy({**ADMIN, "Principal": {"AWS": "444455556666"}})
    assert error_of(lambda: kms.put_key_policy(KeyId=key_id, Policy=other_account)) == malformed(
        LOCKOUT
    )


# --- Policy names and listing --------------------------------------------------------------------


def test_policy_name_is_optional_and_default(kms: Any, key_id: str) -> None:
    assert kms.get_key_policy(KeyId=key_id)["PolicyName"] == "default"
    assert kms.get_key_policy(KeyId=key_id, PolicyName="default")["PolicyName"] == "default"
    kms.put_key_policy(KeyId=key_id, Policy=policy(ADMIN))
    assert json.loads(kms.get_key_policy(KeyId=key_id)["Policy"]) == json.loads(policy(ADMIN))


def test_other_policy_names(kms: Any, key_id: str) -> None:
    assert error_of(
        lambda: kms.put_key_policy(KeyId=key_id, Policy=policy(ADMIN), PolicyName="AWS_RAM")
    ) == {
        "Code": "ValidationException",  # documented [MD]; the wording is INFERRED
        "Message": "You cannot set the AWS_RAM key policy; RAM manages it.",
    }
    assert error_of(lambda: kms.get_key_policy(KeyId=key_id, PolicyName="mine")) == {
        "Code": "NotFoundException",
        "Message": "Policy mine does not exist.",  # INFERRED
    }


def test_list_key_policies(kms: Any, key_id: str) -> None:
    assert kms.list_key_policies(KeyId=key_id)["PolicyNames"] == ["default"]
    page = kms.list_key_policies(KeyId=key_id, Limit=1)
    assert page["PolicyNames"] == ["default"]
    assert page["Truncated"] is False


def test_seeded_key_helper_acts_as_the_account_root(kms: Any, kms_fake: KmsFake) -> None:
    only_role = policy(
        {"Effect": "Allow", "Principal": {"AWS": ROLE}, "Action": "kms:*", "Resource": "*"}
    )
    with pytest.raises(Exception, match="MalformedPolicyDocumentException"):
        kms_fake.create_key(Policy=only_role)
    key = kms_fake.create_key(Policy=only_role, BypassPolicyLockoutSafetyCheck=True)
    assert json.loads(kms.get_key_policy(KeyId=key)["Policy"]) == json.loads(only_role)


def test_get_key_policy_returns_awss_own_layout_of_the_policy(kms: Any) -> None:
    """KMS keeps a policy in its own pretty-printing, whatever layout it was given: one member
    per line, arrays inline, `[ {` ... `}, {` ... `} ]` [EX GetKeyPolicy; ISS 2025]."""
    submitted = json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {"Sid": "admin", "Effect": "Allow", "Principal": {"AWS": ROOT},
                 "Action": "kms:*", "Resource": "*"},
                {"Sid": "use", "Effect": "Allow", "Principal": {"AWS": [ROOT, ROLE]},
                 "Action": ["kms:Encrypt", "kms:Decrypt"], "Resource": "*",
                 "Condition": {"StringEquals": {"kms:ViaService": "s3.us-east-1.amazonaws.com"}}},
            ],
        }
    )  # fmt: skip
    key_id = kms.create_key(Policy=submitted)["KeyMetadata"]["KeyId"]
    assert kms.get_key_policy(KeyId=key_id)["Policy"] == (
        "{\n"
        '  "Version" : "2012-10-17",\n'
        '  "Statement" : [ {\n'
        '    "Sid" : "admin",\n'
        '    "Effect" : "Allow",\n'
        '    "Principal" : {\n'
        f'      "AWS" : "{ROOT}"\n'
        "    },\n"
        '    "Action" : "kms:*",\n'
        '    "Resource" : "*"\n'
        "  }, {\n"
        '    "Sid" : "use",\n'
        '    "Effect" : "Allow",\n'
        '    "Principal" : {\n'
        f'      "AWS" : [ "{ROOT}", "{ROLE}" ]\n'
        "    },\n"
        '    "Action" : [ "kms:Encrypt", "kms:Decrypt" ],\n'
        '    "Resource" : "*",\n'
        '    "Condition" : {\n'
        '      "StringEquals" : {\n'
        '        "kms:ViaService" : "s3.us-east-1.amazonaws.com"\n'
        "      }\n"
        "    }\n"
        "  } ]\n"
        "}"
    )
    kms.put_key_policy(KeyId=key_id, Policy=json.dumps(json.loads(submitted), indent=8))
    assert kms.get_key_policy(KeyId=key_id)["Policy"].startswith('{\n  "Version" : ')
