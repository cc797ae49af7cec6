"""Tests of records.py, written as a user of pytest-kmsfake writes them."""

from __future__ import annotations

import pytest
import records

from pytest_kmsfake import KmsFake


@pytest.fixture
def records_key(kms_fake: KmsFake) -> str:
    """The key and alias production would have, created in the fake."""
    key_id = kms_fake.create_key(Description="customer records")
    records.KMS.create_alias(AliasName=records.KEY_ALIAS, TargetKeyId=key_id)
    return key_id


def test_a_sealed_record_round_trips(records_key: str) -> None:
    sealed = records.seal({"name": "Ada", "plan": "pro"}, tenant="acme")
    assert records.unseal(sealed) == {"name": "Ada", "plan": "pro"}


def test_records_are_bound_to_their_tenant(records_key: str) -> None:
    sealed = records.seal({"name": "Ada"}, tenant="acme")
    sealed["tenant"] = "globex"
    with pytest.raises(records.KMS.exceptions.InvalidCiphertextException):
        records.unseal(sealed)


def test_a_disabled_key_makes_records_unavailable(records_key: str) -> None:
    records.KMS.disable_key(KeyId=records_key)
    with pytest.raises(records.RecordsUnavailable, match="is disabled"):
        records.seal({"name": "Ada"}, tenant="acme")


def test_a_key_pending_deletion_cannot_seal(records_key: str, kms_fake: KmsFake) -> None:
    kms_fake.set_key_state(records_key, "PendingDeletion")
    with pytest.raises(records.RecordsUnavailable, match="is pending deletion"):
        records.seal({"name": "Ada"}, tenant="acme")


def test_sealing_asks_kms_for_one_aes_256_data_key(records_key: str, kms_fake: KmsFake) -> None:
    records.seal({"name": "Ada"}, tenant="acme")
    kms_fake.assert_called_once(
        "GenerateDataKey",
        KeyId="alias/customer-records",
        KeySpec="AES_256",
        EncryptionContext={"tenant": "acme"},
    )
    kms_fake.assert_not_called("Encrypt")


@pytest.mark.kms_fake(account_id="444455556666")
def test_the_marker_sets_the_account(records_key: str) -> None:
    arn = records.KMS.describe_key(KeyId=records.KEY_ALIAS)["KeyMetadata"]["Arn"]
    assert ":444455556666:" in arn
