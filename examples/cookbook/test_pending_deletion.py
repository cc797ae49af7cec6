"""Recipe: a key scheduled for deletion, and cancelling the deletion."""

from __future__ import annotations

import boto3
import pytest


@pytest.fixture
def kms(kms_fake):
    return boto3.client("kms", region_name="us-east-1")


def test_a_key_pending_deletion_refuses_cryptography(kms):
    key_id = kms.create_key()["KeyMetadata"]["KeyId"]
    blob = kms.encrypt(KeyId=key_id, Plaintext=b"x")["CiphertextBlob"]

    answer = kms.schedule_key_deletion(KeyId=key_id, PendingWindowInDays=7)
    assert answer["KeyState"] == "PendingDeletion"
    assert answer["KeyId"].endswith(key_id)  # the key ARN, as AWS returns it

    with pytest.raises(kms.exceptions.KMSInvalidStateException, match="is pending deletion"):
        kms.encrypt(KeyId=key_id, Plaintext=b"x")
    with pytest.raises(kms.exceptions.KMSInvalidStateException, match="is pending deletion"):
        kms.decrypt(CiphertextBlob=blob)

    # DescribeKey still works and shows the deletion date.
    metadata = kms.describe_key(KeyId=key_id)["KeyMetadata"]
    assert metadata["KeyState"] == "PendingDeletion" and metadata["Enabled"] is False
    assert metadata["DeletionDate"] == answer["DeletionDate"]


def test_the_waiting_period_must_be_7_to_30_days(kms):
    key_id = kms.create_key()["KeyMetadata"]["KeyId"]
    with pytest.raises(kms.exceptions.ClientError) as info:
        kms.schedule_key_deletion(KeyId=key_id, PendingWindowInDays=3)
    assert info.value.response["Error"] == {
        "Code": "ValidationException",
        "Message": "PendingWindowInDays must be between 7 and 30",
    }


def test_cancelling_leaves_the_key_disabled(kms):
    key_id = kms.create_key()["KeyMetadata"]["KeyId"]
    kms.schedule_key_deletion(KeyId=key_id)
    kms.cancel_key_deletion(KeyId=key_id)

    # As in AWS, a cancelled key comes back Disabled: EnableKey is needed to use it.
    assert kms.describe_key(KeyId=key_id)["KeyMetadata"]["KeyState"] == "Disabled"
    with pytest.raises(kms.exceptions.DisabledException):
        kms.encrypt(KeyId=key_id, Plaintext=b"x")
    kms.enable_key(KeyId=key_id)
    kms.encrypt(KeyId=key_id, Plaintext=b"x")


def test_set_key_state_skips_the_api(kms, kms_fake):
    key_id = kms_fake.create_key()
    kms_fake.set_key_state(key_id, "PendingDeletion")  # deletion date: 30 days from now

    with pytest.raises(kms.exceptions.KMSInvalidStateException, match="is pending deletion"):
        kms.generate_data_key(KeyId=key_id, KeySpec="AES_256")
    assert kms_fake.calls.counts() == {"GenerateDataKey": 1}
