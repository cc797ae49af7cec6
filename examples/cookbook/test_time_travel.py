"""Recipe: move the clock with freezegun to see a scheduled key deletion happen."""

from __future__ import annotations

import datetime

import boto3
import pytest
from freezegun import freeze_time


def test_a_key_is_gone_once_its_waiting_period_has_passed(kms_fake):
    kms = boto3.client("kms", region_name="us-east-1")
    with freeze_time("2025-01-01 12:00:00") as clock:
        key_id = kms.create_key()["KeyMetadata"]["KeyId"]
        kms.create_alias(AliasName="alias/reports", TargetKeyId=key_id)
        blob = kms.encrypt(KeyId=key_id, Plaintext=b"quarterly")["CiphertextBlob"]

        answer = kms.schedule_key_deletion(KeyId=key_id, PendingWindowInDays=7)
        assert answer["DeletionDate"] == datetime.datetime(
            2025, 1, 8, 12, 0, tzinfo=datetime.timezone.utc
        )

        clock.tick(datetime.timedelta(days=7, seconds=-1))  # one second to go
        assert kms.describe_key(KeyId=key_id)["KeyMetadata"]["KeyState"] == "PendingDeletion"

        clock.tick(datetime.timedelta(seconds=1))  # the deletion date is reached
        with pytest.raises(kms.exceptions.NotFoundException, match="does not exist"):
            kms.describe_key(KeyId=key_id)
        assert kms.list_keys()["Keys"] == []
        # Its aliases went with it (ListAliases still lists AWS's predefined aliases, which
        # point at no key).
        assert [a for a in kms.list_aliases()["Aliases"] if "TargetKeyId" in a] == []

        # Data encrypted under the key can no longer be decrypted, with AWS's answer.
        with pytest.raises(kms.exceptions.ClientError) as info:
            kms.decrypt(CiphertextBlob=blob)
        assert info.value.response["Error"]["Code"] == "AccessDeniedException"


def test_cancelling_before_the_date_keeps_the_key(kms_fake):
    kms = boto3.client("kms", region_name="us-east-1")
    with freeze_time("2025-01-01") as clock:
        key_id = kms.create_key()["KeyMetadata"]["KeyId"]
        kms.schedule_key_deletion(KeyId=key_id, PendingWindowInDays=7)
        clock.tick(datetime.timedelta(days=6))
        kms.cancel_key_deletion(KeyId=key_id)

        clock.tick(datetime.timedelta(days=30))
        assert kms.describe_key(KeyId=key_id)["KeyMetadata"]["KeyState"] == "Disabled"
