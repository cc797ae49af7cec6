"""Recipe: rehearse a KMS outage with set_key_state("Unavailable")."""

from __future__ import annotations

import boto3
import pytest


class SecretCache:
    """Application code: decrypts a secret once and serves the last good value while KMS
    cannot be used (for example, a custom key store that is disconnected)."""

    def __init__(self, kms, sealed: bytes) -> None:
        self.kms = kms
        self.sealed = sealed
        self.value: bytes | None = None
        self.stale = False

    def get(self) -> bytes:
        try:
            self.value = self.kms.decrypt(CiphertextBlob=self.sealed)["Plaintext"]
            self.stale = False
        except self.kms.exceptions.KMSInvalidStateException:
            if self.value is None:
                raise
            self.stale = True
        return self.value


@pytest.fixture
def kms(kms_fake):
    return boto3.client("kms", region_name="us-east-1")


def test_the_cache_serves_the_last_value_during_an_outage(kms, kms_fake):
    key_id = kms_fake.create_key()
    cache = SecretCache(kms, kms.encrypt(KeyId=key_id, Plaintext=b"s3cret")["CiphertextBlob"])
    assert cache.get() == b"s3cret" and not cache.stale

    kms_fake.set_key_state(key_id, "Unavailable")  # as if its custom key store were down
    assert cache.get() == b"s3cret" and cache.stale

    kms_fake.set_key_state(key_id, "Enabled")  # the outage is over; the material is kept
    assert cache.get() == b"s3cret" and not cache.stale


def test_without_a_cached_value_the_error_reaches_the_caller(kms, kms_fake):
    key_id = kms_fake.create_key()
    cache = SecretCache(kms, kms.encrypt(KeyId=key_id, Plaintext=b"s3cret")["CiphertextBlob"])
    kms_fake.set_key_state(key_id, "Unavailable")

    with pytest.raises(kms.exceptions.KMSInvalidStateException) as info:
        cache.get()
    assert info.value.response["Error"]["Message"].endswith(" is unavailable.")
    # Management calls that only read still work during the outage.
    assert kms.describe_key(KeyId=key_id)["KeyMetadata"]["KeyState"] == "Unavailable"
