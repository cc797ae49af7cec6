"""Recipe: one fake shared by every test of a module, each test asserting on its own calls.

docs/cookbook/sharing-a-fake.md shows this file.
"""

from __future__ import annotations

import boto3
import pytest

from pytest_kmsfake import mock_kms


def sign_receipt(kms, key_id: str, receipt: bytes) -> bytes:
    """Application code under test."""
    answer = kms.sign(
        KeyId=key_id,
        Message=receipt,
        MessageType="RAW",
        SigningAlgorithm="RSASSA_PSS_SHA_256",
    )
    return answer["Signature"]


@pytest.fixture(scope="module")  # "class", or "session" in a conftest.py, work the same way
def shared_kms():
    """One fake for every test of the module."""
    with mock_kms() as fake:
        yield fake


@pytest.fixture(scope="module")
def receipts_key(shared_kms):
    """Made once for the module, not once per test."""
    return shared_kms.create_key(region="eu-west-1", KeySpec="RSA_2048", KeyUsage="SIGN_VERIFY")


def test_signs_a_receipt(shared_kms, receipts_key):
    start = shared_kms.calls.call_count  # where this test's calls begin
    kms = boto3.client("kms", region_name="eu-west-1")

    sign_receipt(kms, receipts_key, b"order 1")

    mine = shared_kms.calls.since(start)  # this test's calls only
    mine.assert_called_once("Sign", KeyId=receipts_key, MessageType="RAW")
    assert mine.operations() == ["Sign"]


def test_verifies_what_it_signed(shared_kms, receipts_key):
    start = shared_kms.calls.call_count
    kms = boto3.client("kms", region_name="eu-west-1")

    signature = sign_receipt(kms, receipts_key, b"order 2")
    kms.verify(
        KeyId=receipts_key,
        Message=b"order 2",
        MessageType="RAW",
        Signature=signature,
        SigningAlgorithm="RSASSA_PSS_SHA_256",
    )

    assert shared_kms.calls.since(start).counts() == {"Sign": 1, "Verify": 1}


def test_a_test_asking_for_kms_fake_gets_a_fresh_one(shared_kms, kms_fake):
    # The fixture's fake is the innermost active one: it answers, and it is empty.
    start = shared_kms.calls.call_count
    kms = boto3.client("kms", region_name="eu-west-1")

    assert kms.list_keys()["Keys"] == []

    assert kms_fake.calls.operations() == ["ListKeys"]
    assert shared_kms.calls.since(start).called is False  # nothing leaked into the shared log
