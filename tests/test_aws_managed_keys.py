"""AWS managed keys: made by DescribeKey on a predefined aws/<service> alias, readable by the
account, usable only through their service, never manageable, rotated every year."""

from __future__ import annotations

import datetime
import json
from typing import Any, Callable

import documented_service as documented
import pytest
from botocore.exceptions import ClientError
from freezegun import freeze_time

from pytest_kmsfake import KmsFake

ACCOUNT = "111122223333"
ROLE = f"arn:aws:iam::{ACCOUNT}:role/app"
S3 = "s3.us-east-1.amazonaws.com"


def _error(call: Callable[[], Any]) -> tuple[str, str]:
    with pytest.raises(ClientError) as caught:
        call()
    error = caught.value.response["Error"]
    return error["Code"], error["Message"]


def _denied(action: str, key_arn: str, caller: str = f"arn:aws:iam::{ACCOUNT}:root") -> str:
    return (
        f"User: {caller} is not authorized to perform: kms:{action} on resource: {key_arn} "
        f"because no resource-based policy allows the kms:{action} action"
    )


@pytest.fixture
def s3_key(kms: Any, kms_fake: KmsFake) -> dict[str, Any]:
    metadata: dict[str, Any] = kms.describe_key(KeyId="alias/aws/s3")["KeyMetadata"]
    return metadata


PREDEFINED = sorted(documented.AWS_MANAGED_KEYS)


def _protects(alias: str) -> str:
    """What the key's description says it protects: recorded, or the fake's pinned words."""
    return (
        documented.AWS_MANAGED_KEYS[alias].protects or documented.PINNED_AWS_MANAGED_PROTECTS[alias]
    )


@pytest.mark.parametrize("alias", PREDEFINED)
def test_describe_key_on_a_predefined_alias_makes_the_aws_managed_key(
    kms: Any, kms_fake: KmsFake, alias: str
) -> None:
    metadata = kms.describe_key(KeyId=alias)["KeyMetadata"]
    assert metadata["KeyManager"] == "AWS"
    assert (metadata["KeySpec"], metadata["KeyUsage"]) == ("SYMMETRIC_DEFAULT", "ENCRYPT_DECRYPT")
    assert (metadata["KeyState"], metadata["Origin"]) == ("Enabled", "AWS_KMS")
    description = documented.AWS_MANAGED_DESCRIPTION.format(protects=_protects(alias))
    assert metadata["Description"] == description
    assert kms.describe_key(KeyId=alias)["KeyMetadata"]["KeyId"] == metadata["KeyId"]
    keyed = [a for a in kms.list_aliases()["Aliases"] if "TargetKeyId" in a]
    assert [(a["AliasName"], a["TargetKeyId"]) for a in keyed] == [(alias, metadata["KeyId"])]
    assert [k["KeyId"] for k in kms.list_keys()["Keys"]] == [metadata["KeyId"]]


def test_an_alias_arn_in_the_callers_account_and_region_works_too(kms: Any) -> None:
    arn = f"arn:aws:kms:us-east-1:{ACCOUNT}:alias/aws/ebs"
    assert kms.describe_key(KeyId=arn)["KeyMetadata"]["KeyManager"] == "AWS"


@pytest.mark.parametrize(
    "reference",
    [
        "alias/aws/nope",  # not a predefined alias
        "arn:aws:kms:us-east-1:444455556666:alias/aws/s3",  # another account's
    ],
)
def test_other_aws_aliases_are_not_found(kms: Any, reference: str) -> None:
    code, message = _error(lambda: kms.describe_key(KeyId=reference))
    assert code == "NotFoundException"
    assert message.endswith(" is not found.")
    assert [a for a in kms.list_aliases()["Aliases"] if "TargetKeyId" in a] == []


def test_until_described_a_predefined_alias_is_listed_without_a_key(kms: Any) -> None:
    """ListAliases lists the predefined aliases without a TargetKeyId [MD]; Encrypt through
    one that has no key yet finds nothing."""
    listed = kms.list_aliases()["Aliases"]
    assert [a["AliasName"] for a in listed] == PREDEFINED
    assert all(set(a) == {"AliasName", "AliasArn"} for a in listed)
    code, message = _error(lambda: kms.encrypt(KeyId="alias/aws/s3", Plaintext=b"x"))
    assert (code, message) == (
        "NotFoundException",
        f"Alias arn:aws:kms:us-east-1:{ACCOUNT}:alias/aws/s3 is not found.",
    )


def test_the_account_reads_the_key_and_its_policy(kms: Any, s3_key: dict[str, Any]) -> None:
    key_id = s3_key["KeyId"]
    policy = json.loads(kms.get_key_policy(KeyId=key_id)["Policy"])
    through_s3, metadata = policy["Statement"]
    assert through_s3["Principal"] == {"AWS": "*"}
    assert through_s3["Condition"] == {
        "StringEquals": {"kms:CallerAccount": ACCOUNT, "kms:ViaService": S3}
    }
    assert metadata["Principal"] == {"AWS": f"arn:aws:iam::{ACCOUNT}:root"}
    assert metadata["Action"] == ["kms:Describe*", "kms:Get*", "kms:List*"]
    status = kms.get_key_rotation_status(KeyId=key_id)
    assert (status["KeyRotationEnabled"], status["RotationPeriodInDays"]) == (
        True,
        documented.AWS_MANAGED_ROTATION_DAYS,
    )
    assert kms.list_resource_tags(KeyId=key_id)["Tags"] == []
    assert kms.list_grants(KeyId=key_id)["Grants"] == []


USE_AND_MANAGE = {
    "Encrypt": lambda kms, key: kms.encrypt(KeyId=key, Plaintext=b"x"),
    "GenerateDataKey": lambda kms, key: kms.generate_data_key(KeyId=key, KeySpec="AES_256"),
    "DisableKey": lambda kms, key: kms.disable_key(KeyId=key),
    "ScheduleKeyDeletion": lambda kms, key: kms.schedule_key_deletion(KeyId=key),
    "DisableKeyRotation": lambda kms, key: kms.disable_key_rotation(KeyId=key),
    "TagResource": lambda kms, key: kms.tag_resource(
        KeyId=key, Tags=[{"TagKey": "team", "TagValue": "a"}]
    ),
    "PutKeyPolicy": lambda kms, key: kms.put_key_policy(
        KeyId=key, PolicyName="default", Policy='{"Version":"2012-10-17","Statement":[]}'
    ),
    "UpdateKeyDescription": lambda kms, key: kms.update_key_description(
        KeyId=key, Description="mine"
    ),
    "CreateAlias": lambda kms, key: kms.create_alias(AliasName="alias/mine", TargetKeyId=key),
}


@pytest.mark.parametrize("operation", sorted(USE_AND_MANAGE))
def test_no_one_uses_or_manages_the_key_directly(
    kms: Any, kms_fake: KmsFake, s3_key: dict[str, Any], operation: str
) -> None:
    """Without enforce_access too: the key policy does not delegate to IAM policies, so no
    IAM permission could allow these."""
    assert not kms_fake.enforcing_access
    code, message = _error(lambda: USE_AND_MANAGE[operation](kms, s3_key["KeyId"]))
    assert (code, message) == ("AccessDeniedException", _denied(operation, s3_key["Arn"]))
    assert kms.describe_key(KeyId=s3_key["KeyId"])["KeyMetadata"]["KeyState"] == "Enabled"


def test_the_service_uses_the_key_for_the_accounts_principals(
    kms: Any, kms_fake: KmsFake, s3_key: dict[str, Any]
) -> None:
    with kms_fake.acting_as(ROLE, via_service=S3):
        blob = kms.encrypt(KeyId="alias/aws/s3", Plaintext=b"object key")["CiphertextBlob"]
        assert kms.decrypt(CiphertextBlob=blob)["Plaintext"] == b"object key"
        kms.generate_data_key(KeyId="alias/aws/s3", KeySpec="AES_256")
    code, message = _error(lambda: kms.decrypt(CiphertextBlob=blob))  # directly: no
    assert (code, message) == ("AccessDeniedException", _denied("Decrypt", s3_key["Arn"]))


@pytest.mark.parametrize(
    "principal, service",
    [
        (ROLE, "sqs.us-east-1.amazonaws.com"),  # another service
        (ROLE, "s3.eu-west-1.amazonaws.com"),  # S3 in another region
        ("arn:aws:iam::444455556666:role/app", S3),  # another account's principal
    ],
)
def test_other_services_regions_and_accounts_may_not(
    kms: Any, kms_fake: KmsFake, s3_key: dict[str, Any], principal: str, service: str
) -> None:
    with kms_fake.acting_as(principal, via_service=service):
        code, _ = _error(lambda: kms.encrypt(KeyId=s3_key["Arn"], Plaintext=b"x"))
    assert code == "AccessDeniedException"


def test_with_enforcement_a_role_also_needs_an_identity_policy_to_read_it(
    kms: Any, kms_fake: KmsFake, s3_key: dict[str, Any]
) -> None:
    """The metadata statement names the account, which leaves roles to IAM."""
    kms_fake.enforce_access()
    with kms_fake.acting_as(ROLE):
        code, message = _error(lambda: kms.describe_key(KeyId=s3_key["Arn"]))
    assert code == "AccessDeniedException"
    assert message.endswith("because no identity-based policy allows the kms:DescribeKey action")
    kms_fake.put_identity_policy(
        ROLE,
        {"Statement": [{"Effect": "Allow", "Action": "kms:DescribeKey", "Resource": "*"}]},
    )
    with kms_fake.acting_as(ROLE):
        assert kms.describe_key(KeyId=s3_key["Arn"])["KeyMetadata"]["KeyManager"] == "AWS"


def test_the_key_rotates_every_year(kms: Any, kms_fake: KmsFake) -> None:
    start = datetime.datetime(2031, 3, 1, tzinfo=datetime.timezone.utc)
    period = datetime.timedelta(days=documented.AWS_MANAGED_ROTATION_DAYS)
    with freeze_time(start) as frozen:
        key_id = kms.describe_key(KeyId="alias/aws/ssm")["KeyMetadata"]["KeyId"]
        frozen.tick(period + datetime.timedelta(days=1))
        rotations = kms.list_key_rotations(KeyId=key_id)["Rotations"]
    assert [r["RotationType"] for r in rotations] == ["AUTOMATIC"]
    assert rotations[0]["RotationDate"] == start + period


@pytest.mark.parametrize("alias", PREDEFINED)
def test_each_key_is_usable_through_its_documented_service_only(
    kms: Any, kms_fake: KmsFake, alias: str
) -> None:
    """The service of each predefined alias (aws/ebs's is pinned: documented_service)."""
    service = documented.AWS_MANAGED_KEYS[alias].service
    arn = kms.describe_key(KeyId=alias)["KeyMetadata"]["Arn"]
    with kms_fake.acting_as(ROLE, via_service=f"{service}.us-east-1.amazonaws.com"):
        kms.encrypt(KeyId=alias, Plaintext=b"x")
    with kms_fake.acting_as(ROLE, via_service="sts.us-east-1.amazonaws.com"):  # none's service
        code, _ = _error(lambda: kms.encrypt(KeyId=arn, Plaintext=b"x"))
    assert code == "AccessDeniedException"
