"""Aliases, tags and key policies."""

from __future__ import annotations

import json
from typing import Any, Callable

import documented_service as documented
import pytest
from botocore.exceptions import ClientError

ACCOUNT = "111122223333"


def _error(call: Callable[[], Any]) -> dict[str, str]:
    with pytest.raises(ClientError) as info:
        call()
    return dict(info.value.response["Error"])


# --- aliases -----------------------------------------------------------------------------------


def test_alias_lifecycle(kms: Any, key_id: str) -> None:
    assert "ResponseMetadata" in kms.create_alias(AliasName="alias/app", TargetKeyId=key_id)
    [alias] = _keyed_aliases(kms)
    assert alias["AliasName"] == "alias/app"
    assert alias["AliasArn"] == f"arn:aws:kms:us-east-1:{ACCOUNT}:alias/app"
    assert alias["TargetKeyId"] == key_id
    assert alias["CreationDate"] == alias["LastUpdatedDate"]
    other = kms.create_key()["KeyMetadata"]["KeyId"]
    kms.update_alias(AliasName="alias/app", TargetKeyId=other)
    assert kms.describe_key(KeyId="alias/app")["KeyMetadata"]["KeyId"] == other
    assert kms.list_aliases(KeyId=key_id)["Aliases"] == []
    kms.delete_alias(AliasName="alias/app")
    assert _keyed_aliases(kms) == []


def _keyed_aliases(kms: Any) -> list[dict[str, Any]]:
    """The aliases that point at a key: ListAliases also lists the predefined AWS aliases."""
    return [alias for alias in kms.list_aliases()["Aliases"] if "TargetKeyId" in alias]


def test_alias_must_start_with_the_prefix(kms: Any, key_id: str) -> None:
    assert _error(lambda: kms.create_alias(AliasName="app", TargetKeyId=key_id)) == {
        "Code": "ValidationException",
        "Message": 'Alias must start with the prefix "alias/". Please see '
        "https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html",
    }


def test_alias_name_pattern_from_the_model(kms: Any, key_id: str) -> None:
    error = _error(lambda: kms.create_alias(AliasName="alias/a!", TargetKeyId=key_id))
    assert error == {
        "Code": "ValidationException",
        "Message": "1 validation error detected: Value 'alias/a!' at 'aliasName' failed to "
        "satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9:/_-]+$",
    }


def test_duplicate_alias(kms: Any, key_id: str) -> None:
    kms.create_alias(AliasName="alias/dup", TargetKeyId=key_id)
    assert _error(lambda: kms.create_alias(AliasName="alias/dup", TargetKeyId=key_id)) == {
        "Code": "AlreadyExistsException",
        "Message": (
            f"An alias with the name arn:aws:kms:us-east-1:{ACCOUNT}:alias/dup already exists"
        ),
    }


def test_reserved_prefix_and_alias_targets(kms: Any, key_id: str) -> None:
    assert _error(lambda: kms.create_alias(AliasName="alias/aws/s3", TargetKeyId=key_id)) == {
        "Code": "NotAuthorizedException",
        "Message": "",
    }
    kms.create_alias(AliasName="alias/one", TargetKeyId=key_id)
    assert _error(lambda: kms.create_alias(AliasName="alias/two", TargetKeyId="alias/one")) == {
        "Code": "ValidationException",
        "Message": "Aliases must refer to keys. Not aliases",
    }


def test_missing_alias(kms: Any, key_id: str) -> None:
    message = f"Alias arn:aws:kms:us-east-1:{ACCOUNT}:alias/none is not found."
    for call in (
        lambda: kms.delete_alias(AliasName="alias/none"),
        lambda: kms.update_alias(AliasName="alias/none", TargetKeyId=key_id),
        lambda: kms.encrypt(KeyId="alias/none", Plaintext=b"x"),
    ):
        assert _error(call) == {"Code": "NotFoundException", "Message": message}


def test_alias_to_a_key_pending_deletion(kms: Any, key_id: str) -> None:
    kms.create_alias(AliasName="alias/src", TargetKeyId=key_id)
    doomed = kms.create_key()["KeyMetadata"]["KeyId"]
    kms.schedule_key_deletion(KeyId=doomed)
    arn = f"arn:aws:kms:us-east-1:{ACCOUNT}:key/{doomed}"
    pending = {"Code": "KMSInvalidStateException", "Message": f"{arn} is pending deletion."}
    assert _error(lambda: kms.create_alias(AliasName="alias/x", TargetKeyId=doomed)) == pending
    assert _error(lambda: kms.update_alias(AliasName="alias/src", TargetKeyId=doomed)) == pending
    # The source key may be pending deletion: the alias can still be moved away from it.
    kms.schedule_key_deletion(KeyId=key_id)
    kms.update_alias(AliasName="alias/src", TargetKeyId=kms.create_key()["KeyMetadata"]["KeyId"])


def test_list_aliases_paginates(kms: Any, key_id: str) -> None:
    for n in range(5):
        kms.create_alias(AliasName=f"alias/p{n}", TargetKeyId=key_id)
    pages = list(kms.get_paginator("list_aliases").paginate(PaginationConfig={"PageSize": 2}))
    names = [a["AliasName"] for p in pages for a in p["Aliases"]]
    assert names == sorted([*documented.AWS_MANAGED_KEYS, *(f"alias/p{n}" for n in range(5))])
    assert len(pages) == (len(names) + 1) // 2


def test_list_aliases_is_in_name_order_with_the_predefined_aws_aliases(
    kms: Any, key_id: str
) -> None:
    """As a recorded ListAliases of a real account shows: names in ascending order (not
    creation order), and predefined AWS aliases without a key carry only name and ARN."""
    for name in ("alias/zeta", "alias/Mid", "alias/alpha"):
        kms.create_alias(AliasName=name, TargetKeyId=key_id)
    listed = kms.list_aliases()["Aliases"]
    names = [alias["AliasName"] for alias in listed]
    assert names == sorted(names)
    assert names.index("alias/Mid") < names.index("alias/alpha") < names.index("alias/zeta")
    predefined = {
        a["AliasName"]: a
        for a in listed
        if a["AliasName"].startswith(documented.RESERVED_ALIAS_PREFIX)
    }
    assert set(predefined) == set(documented.AWS_MANAGED_KEYS)
    assert predefined["alias/aws/s3"] == {
        "AliasName": "alias/aws/s3",
        "AliasArn": f"arn:aws:kms:us-east-1:{ACCOUNT}:alias/aws/s3",
    }
    assert [a["AliasName"] for a in kms.list_aliases(KeyId=key_id)["Aliases"]] == [
        "alias/Mid",
        "alias/alpha",
        "alias/zeta",
    ]


# --- tags --------------------------------------------------------------------------------------


def _tags(**pairs: str) -> Any:
    return [{"TagKey": k, "TagValue": v} for k, v in pairs.items()]


def test_tag_untag_list(kms: Any) -> None:
    key_id = kms.create_key(Tags=_tags(a="1"))["KeyMetadata"]["KeyId"]
    kms.tag_resource(KeyId=key_id, Tags=_tags(a="2", b="3"))
    assert kms.list_resource_tags(KeyId=key_id)["Tags"] == _tags(a="2", b="3")
    kms.untag_resource(KeyId=key_id, TagKeys=["a", "never-there"])
    response = kms.list_resource_tags(KeyId=key_id)
    assert response["Tags"] == _tags(b="3") and response["Truncated"] is False


@pytest.mark.parametrize(
    ("tags", "message"),
    [
        ([{"TagKey": "aws:x", "TagValue": ""}], "Tags beginning with aws: are reserved"),
        ([{"TagKey": "AWS:x", "TagValue": ""}], "Tags beginning with aws: are reserved"),
        (
            [{"TagKey": "k", "TagValue": "1"}, {"TagKey": "k", "TagValue": "2"}],
            "Duplicate tag keys",
        ),
        (
            [{"TagKey": f"k{n}", "TagValue": ""} for n in range(documented.MAX_TAGS_PER_KEY + 1)],
            "Too many tags",
        ),
    ],
)
def test_tag_rules_aws_messages(kms: Any, tags: Any, message: str) -> None:
    assert _error(lambda: kms.create_key(Tags=tags)) == {"Code": "TagException", "Message": message}
    key_id = kms.create_key()["KeyMetadata"]["KeyId"]
    assert _error(lambda: kms.tag_resource(KeyId=key_id, Tags=tags))["Message"] == message
    assert kms.list_resource_tags(KeyId=key_id)["Tags"] == []  # nothing half-applied
    assert len(kms.list_keys()["Keys"]) == 1  # the refused CreateKey made no key


def test_tag_limit_counts_existing_tags(kms: Any) -> None:
    tags = [{"TagKey": f"k{n}", "TagValue": ""} for n in range(documented.MAX_TAGS_PER_KEY)]
    key_id = kms.create_key(Tags=tags)["KeyMetadata"]["KeyId"]
    kms.tag_resource(KeyId=key_id, Tags=_tags(k0="overwrite is fine"))
    assert (
        _error(lambda: kms.tag_resource(KeyId=key_id, Tags=_tags(new="x")))["Message"]
        == "Too many tags"
    )


def test_tag_key_and_value_lengths(kms: Any) -> None:
    long_key = "a" * (documented.TAG_KEY_MAX_CHARS + 1)
    assert _error(lambda: kms.create_key(Tags=[{"TagKey": long_key, "TagValue": ""}])) == {
        "Code": "ValidationException",
        "Message": f"1 validation error detected: Value '{long_key}' at 'tags.1.member.tagKey' "
        "failed to satisfy constraint: Member must have length less than or equal to "
        f"{documented.TAG_KEY_MAX_CHARS}",
    }
    long_value = "v" * (documented.TAG_VALUE_MAX_CHARS + 1)
    error = _error(lambda: kms.create_key(Tags=[{"TagKey": "k", "TagValue": long_value}]))
    assert error["Message"] == (
        f"1 validation error detected: Value '{long_value}' at 'tags.1.member.tagValue' failed "
        "to satisfy constraint: Member must have length less than or equal to "
        f"{documented.TAG_VALUE_MAX_CHARS}"
    )


# --- key policies ------------------------------------------------------------------------------

DEFAULT_POLICY = """{
  "Version" : "2012-10-17",
  "Id" : "key-default-1",
  "Statement" : [ {
    "Sid" : "Enable IAM User Permissions",
    "Effect" : "Allow",
    "Principal" : {
      "AWS" : "arn:aws:iam::111122223333:root"
    },
    "Action" : "kms:*",
    "Resource" : "*"
  } ]
}"""


def test_default_key_policy_exactly_as_aws_writes_it(kms: Any, key_id: str) -> None:
    response = kms.get_key_policy(KeyId=key_id)
    assert response["Policy"] == DEFAULT_POLICY
    assert response["PolicyName"] == "default"
    assert json.loads(response["Policy"])["Statement"][0]["Action"] == "kms:*"


ADMIN_STATEMENT = {
    "Effect": "Allow",
    "Principal": {"AWS": ACCOUNT},
    "Action": "kms:*",
    "Resource": "*",
}


def test_put_and_get_policy(kms: Any, key_id: str) -> None:
    policy = json.dumps({"Version": "2012-10-17", "Statement": [ADMIN_STATEMENT]})
    kms.put_key_policy(KeyId=key_id, Policy=policy, PolicyName="default")
    assert json.loads(
        kms.get_key_policy(KeyId=key_id, PolicyName="default")["Policy"]
    ) == json.loads(policy)
    assert kms.list_key_policies(KeyId=key_id)["PolicyNames"] == ["default"]


def test_create_key_with_policy(kms: Any) -> None:
    policy = json.dumps({"Statement": [ADMIN_STATEMENT]})
    key_id = kms.create_key(Policy=policy)["KeyMetadata"]["KeyId"]
    assert json.loads(kms.get_key_policy(KeyId=key_id)["Policy"]) == json.loads(policy)


def test_malformed_policy(kms: Any, key_id: str) -> None:
    error = _error(lambda: kms.put_key_policy(KeyId=key_id, Policy="{not json"))
    assert error["Code"] == "MalformedPolicyDocumentException"
    assert kms.get_key_policy(KeyId=key_id)["Policy"] == DEFAULT_POLICY
