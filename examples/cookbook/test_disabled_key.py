"""Recipe: code that must cope with a KMS key someone disabled."""

from __future__ import annotations

import boto3
import pytest

from pytest_kmsfake import KmsFake


class TokenUnavailable(RuntimeError):
    """Application error: the stored API token cannot be read right now."""


def read_api_token(kms, sealed_token: bytes) -> str:
    """Application code: decrypt a token stored encrypted under a KMS key."""
    try:
        answer = kms.decrypt(CiphertextBlob=sealed_token, EncryptionContext={"purpose": "api"})
    except kms.exceptions.DisabledException as error:
        raise TokenUnavailable("the token key is disabled") from error
    return answer["Plaintext"].decode()


@pytest.fixture
def kms(kms_fake: KmsFake):
    return boto3.client("kms", region_name="us-east-1")


@pytest.fixture
def sealed_token(kms) -> tuple[str, bytes]:
    key_id = kms.create_key(Description="api tokens")["KeyMetadata"]["KeyId"]
    sealed = kms.encrypt(KeyId=key_id, Plaintext=b"tok-123", EncryptionContext={"purpose": "api"})
    return key_id, sealed["CiphertextBlob"]


def test_the_token_reads_while_the_key_is_enabled(kms, sealed_token):
    _, blob = sealed_token
    assert read_api_token(kms, blob) == "tok-123"


def test_disable_key_through_the_api(kms, sealed_token):
    key_id, blob = sealed_token
    kms.disable_key(KeyId=key_id)

    with pytest.raises(TokenUnavailable):
        read_api_token(kms, blob)

    # The error is AWS's: the client's modeled exception, AWS's message, HTTP 400.
    with pytest.raises(kms.exceptions.DisabledException) as info:
        kms.decrypt(CiphertextBlob=blob, EncryptionContext={"purpose": "api"})
    arn = kms.describe_key(KeyId=key_id)["KeyMetadata"]["Arn"]
    assert info.value.response["Error"]["Message"] == f"{arn} is disabled."
    assert info.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400


def test_disable_key_from_the_test_side(kms, kms_fake, sealed_token):
    key_id, blob = sealed_token
    kms_fake.set_key_state(key_id, "Disabled")  # no API call, nothing in kms_fake.calls

    with pytest.raises(TokenUnavailable):
        read_api_token(kms, blob)
    kms_fake.assert_not_called("DisableKey")


def test_enabling_the_key_again_restores_access(kms, sealed_token):
    key_id, blob = sealed_token
    kms.disable_key(KeyId=key_id)
    kms.enable_key(KeyId=key_id)

    assert read_api_token(kms, blob) == "tok-123"
    assert kms.describe_key(KeyId=key_id)["KeyMetadata"]["Enabled"] is True
