"""Recipe: the first two Decrypt calls are throttled; botocore's retry mode recovers."""

from __future__ import annotations

import boto3
from botocore.config import Config


def read_secret(kms, blob: bytes) -> bytes:
    """Application code under test."""
    return kms.decrypt(CiphertextBlob=blob)["Plaintext"]


def test_throttled_decrypts_are_retried_by_botocore(kms_fake):
    kms = boto3.client(
        "kms",
        region_name="us-east-1",
        config=Config(retries={"mode": "standard", "total_max_attempts": 3}),
    )
    key_id = kms_fake.create_key()
    blob = kms.encrypt(KeyId=key_id, Plaintext=b"s3cr3t")["CiphertextBlob"]

    kms_fake.inject_fault("ThrottlingException", operation="Decrypt", times=2)

    assert read_secret(kms, blob) == b"s3cr3t"
    attempts = kms_fake.calls.filter("Decrypt")
    assert [call.error for call in attempts] == ["ThrottlingException", "ThrottlingException", None]
    assert all(call.injected for call in attempts[:2])
    assert attempts[0].retry_delay is not None  # the delay botocore chose (not slept by default)


def test_giving_up_after_the_last_attempt(kms_fake):
    kms = boto3.client(
        "kms", region_name="us-east-1", config=Config(retries={"total_max_attempts": 2})
    )
    kms_fake.inject_fault("KMSInternalException", operation="GenerateRandom", times=None)
    try:
        kms.generate_random(NumberOfBytes=16)
    except kms.exceptions.KMSInternalException as error:
        assert error.response["ResponseMetadata"]["RetryAttempts"] == 1
        assert error.response["ResponseMetadata"]["HTTPStatusCode"] == 500
    else:
        raise AssertionError("expected the injected failure")
