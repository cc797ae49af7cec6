"""Recipe and reference: the call log (`kms_fake.calls`) and the assertion helpers.

docs/calls.md shows the sections of this file, so every example there runs.
"""

from __future__ import annotations

import boto3
import pytest
from botocore.exceptions import ParamValidationError

from pytest_kmsfake import KmsCall


# --8<-- [start:setup]
def rotate_secret(kms, key_id: str, secret: bytes) -> bytes:
    """Application code under test: encrypt a new secret for the billing service."""
    answer = kms.encrypt(KeyId=key_id, Plaintext=secret, EncryptionContext={"service": "billing"})
    return answer["CiphertextBlob"]


@pytest.fixture
def kms(kms_fake):
    return boto3.client("kms", region_name="eu-west-1")


@pytest.fixture
def key_id(kms_fake):
    return kms_fake.create_key(region="eu-west-1")  # seeded: not in kms_fake.calls
    # --8<-- [end:setup]


# --8<-- [start:record]
def test_each_call_is_recorded(kms, kms_fake, key_id):
    rotate_secret(kms, key_id, b"hunter2")

    call = kms_fake.calls.last
    assert isinstance(call, KmsCall)
    assert call.operation == "Encrypt"
    assert call.params == {  # exactly as the caller passed them
        "KeyId": key_id,
        "Plaintext": b"hunter2",
        "EncryptionContext": {"service": "billing"},
    }
    assert call.region == "eu-west-1"
    assert call.account_id == "111122223333"
    assert call.response["KeyId"].endswith(key_id)  # the parsed response
    assert call.error is None and call.error_message is None
    assert call.succeeded
    # --8<-- [end:record]


# --8<-- [start:failed-call]
def test_a_failed_call_records_the_aws_error(kms, kms_fake):
    with pytest.raises(kms.exceptions.NotFoundException):
        kms.describe_key(KeyId="alias/missing")

    call = kms_fake.calls.last
    assert call.error == "NotFoundException"
    assert call.error_message == (
        "Alias arn:aws:kms:eu-west-1:111122223333:alias/missing is not found."
    )
    assert call.response is None and not call.succeeded
    # --8<-- [end:failed-call]


# --8<-- [start:log]
def test_the_log_is_a_sequence_with_helpers(kms, kms_fake, key_id):
    assert not kms_fake.calls.called  # kms_fake.create_key() is not logged

    for secret in (b"one", b"two"):
        rotate_secret(kms, key_id, secret)
    kms.list_keys()

    assert kms_fake.calls.called
    assert kms_fake.calls.call_count == len(kms_fake.calls) == 3
    assert kms_fake.calls[0].params["Plaintext"] == b"one"
    assert [call.operation for call in kms_fake.calls] == ["Encrypt", "Encrypt", "ListKeys"]
    assert kms_fake.calls.counts() == {"Encrypt": 2, "ListKeys": 1}

    # filter(operation, **params): params match as a subset, by equality.
    assert len(kms_fake.calls.filter("Encrypt")) == 2
    assert len(kms_fake.calls.filter("Encrypt", Plaintext=b"two")) == 1
    assert len(kms_fake.calls.filter(EncryptionContext={"service": "billing"})) == 2
    # --8<-- [end:log]


# --8<-- [start:assertions]
def test_assertion_helpers(kms, kms_fake, key_id):
    rotate_secret(kms, key_id, b"hunter2")

    # assert_called: at least one matching call; returns the last match.
    call = kms_fake.assert_called("Encrypt", KeyId=key_id)
    assert call.params["Plaintext"] == b"hunter2"

    # assert_called_once: exactly one matching call; returns it.
    kms_fake.assert_called_once("Encrypt", EncryptionContext={"service": "billing"})

    # assert_not_called: no matching call at all.
    kms_fake.assert_not_called("Decrypt")
    kms_fake.assert_not_called("Encrypt", KeyId="alias/other")
    # --8<-- [end:assertions]


# --8<-- [start:failure-messages]
def test_failure_messages_list_the_calls_that_were_made(kms, kms_fake, key_id):
    rotate_secret(kms, key_id, b"hunter2")
    made = (
        "KMS calls made:\n"
        f"  1. Encrypt(KeyId='{key_id}', Plaintext=b'hunter2', "
        "EncryptionContext={'service': 'billing'}) in eu-west-1 -> ok"
    )

    with pytest.raises(AssertionError) as info:
        kms_fake.assert_called("Decrypt", KeyId=key_id)
    assert str(info.value) == f"Expected a KMS call Decrypt(KeyId='{key_id}').\n{made}"

    rotate_secret(kms, key_id, b"hunter3")
    with pytest.raises(AssertionError) as info:
        kms_fake.assert_called_once("Encrypt")
    assert str(info.value).startswith("Expected exactly one Encrypt call matching {}, found 2.")

    with pytest.raises(AssertionError) as info:
        kms_fake.assert_not_called("Encrypt", KeyId=key_id)
    assert str(info.value).startswith(
        f"Expected no Encrypt call matching {{'KeyId': '{key_id}'}}, found 2.\nKMS calls made:"
    )
    # --8<-- [end:failure-messages]


# --8<-- [start:empty-log]
def test_an_empty_log_says_so(kms_fake):
    with pytest.raises(AssertionError, match=r"^No KMS call was made\.$"):
        _ = kms_fake.calls.last

    with pytest.raises(AssertionError) as info:
        kms_fake.assert_called("Encrypt")
    assert str(info.value) == "Expected a KMS call Encrypt().\nNo KMS calls were made."
    # --8<-- [end:empty-log]


def test_long_blobs_are_shown_by_size_in_failure_messages(kms, kms_fake, key_id):
    blob = rotate_secret(kms, key_id, b"hunter2")
    kms.decrypt(CiphertextBlob=blob, EncryptionContext={"service": "billing"})
    with pytest.raises(AssertionError) as info:
        kms_fake.assert_not_called("Decrypt")
    assert f"Decrypt(CiphertextBlob=<{len(blob)} bytes>, " in str(info.value)


def test_calls_botocore_refuses_are_not_recorded(kms, kms_fake):
    with pytest.raises(ParamValidationError):
        kms.encrypt(Plaintext=b"x")  # KeyId missing: botocore refuses before any request
    assert not kms_fake.calls.called


def test_reset_forgets_keys_and_calls(kms, kms_fake, key_id):
    rotate_secret(kms, key_id, b"hunter2")
    kms_fake.reset()
    assert not kms_fake.calls.called
    assert kms.list_keys()["Keys"] == []
