"""The forms of the fake shown on the plugin page: fixture, marker, mock_kms() as a context
manager and as a decorator, nesting and re-entry. docs/plugin.md includes these sections."""

from __future__ import annotations

import asyncio

import boto3
import pytest

from pytest_kmsfake import KmsFake, mock_kms


# --8<-- [start:fixture]
def test_the_fixture(kms_fake):
    assert isinstance(kms_fake, KmsFake) and kms_fake.active
    kms = boto3.client("kms", region_name="us-east-1")
    assert kms.list_keys()["Keys"] == []  # every test starts with an empty fake
    # --8<-- [end:fixture]


# --8<-- [start:marker]
@pytest.mark.kms_fake(account_id="444455556666")
def test_the_marker_sets_options(kms_fake):
    key = boto3.client("kms", region_name="us-east-1").create_key()["KeyMetadata"]
    assert key["AWSAccountId"] == "444455556666"


@pytest.mark.kms_fake  # the marker alone activates the fake, no fixture argument needed
def test_the_marker_alone_activates_the_fake():
    kms = boto3.client("kms", region_name="us-east-1")
    assert kms.create_key()["KeyMetadata"]["KeyState"] == "Enabled"
    # --8<-- [end:marker]


# --8<-- [start:context-manager]
def test_the_context_manager():
    kms = boto3.client("kms", region_name="us-east-1")  # created before the fake: still routed

    with mock_kms() as fake:
        key_id = kms.create_key()["KeyMetadata"]["KeyId"]
        kms.encrypt(KeyId=key_id, Plaintext=b"x")
        fake.assert_called_once("Encrypt")

    assert not fake.active and KmsFake.current() is None
    # --8<-- [end:context-manager]


# --8<-- [start:decorator]
@mock_kms()
def seal(plaintext: bytes) -> bytes:
    kms = boto3.client("kms", region_name="us-east-1")
    key_id = kms.create_key()["KeyMetadata"]["KeyId"]
    return kms.encrypt(KeyId=key_id, Plaintext=plaintext)["CiphertextBlob"]


@mock_kms(account_id="444455556666")
async def describe_new_key() -> dict:
    kms = boto3.client("kms", region_name="us-east-1")
    key_id = kms.create_key()["KeyMetadata"]["KeyId"]
    return kms.describe_key(KeyId=key_id)["KeyMetadata"]


def test_the_decorator():
    assert seal(b"x")  # each call of `seal` runs inside its own fresh fake
    assert asyncio.run(describe_new_key())["AWSAccountId"] == "444455556666"
    assert KmsFake.current() is None  # and the fake is gone afterwards
    # --8<-- [end:decorator]


# --8<-- [start:start-stop]
def test_start_and_stop():
    fake = mock_kms().start()
    try:
        boto3.client("kms", region_name="us-east-1").create_key()
    finally:
        fake.stop()
    assert fake.calls.counts() == {"CreateKey": 1}  # the log outlives the activation
    # --8<-- [end:start-stop]


# --8<-- [start:nesting]
def test_nesting_and_reentry():
    kms = boto3.client("kms", region_name="us-east-1")
    with mock_kms() as outer:
        kms.create_key()
        with mock_kms(account_id="444455556666") as inner:
            assert KmsFake.current() is inner  # the innermost active fake answers
            assert kms.list_keys()["Keys"] == []  # its own, empty store

            with outer:  # entering an active fake again is a no-op...
                assert KmsFake.current() is inner  # ...so the inner fake still answers

        assert KmsFake.current() is outer
        assert len(kms.list_keys()["Keys"]) == 1
    assert KmsFake.current() is None  # botocore is as it was
    # --8<-- [end:nesting]
