"""Recipe: keys in a custom key store when what stands behind the store fails."""

from __future__ import annotations

import boto3
import pytest


# --8<-- [start:code-under-test]
class KeyStoreMonitor:
    """Application code: watches a custom key store and repairs its connection the way AWS
    documents it (a FAILED store must be disconnected before it is connected again)."""

    def __init__(self, kms, store_id: str) -> None:
        self.kms = kms
        self.store_id = store_id

    def status(self) -> tuple[str, str | None]:
        stores = self.kms.describe_custom_key_stores(CustomKeyStoreId=self.store_id)
        store = stores["CustomKeyStores"][0]
        return store["ConnectionState"], store.get("ConnectionErrorCode")

    def reconnect(self) -> None:
        if self.status()[0] == "FAILED":
            self.kms.disconnect_custom_key_store(CustomKeyStoreId=self.store_id)
        self.kms.connect_custom_key_store(CustomKeyStoreId=self.store_id)


# --8<-- [end:code-under-test]


# --8<-- [start:tests]
@pytest.fixture
def kms(kms_fake):
    return boto3.client("kms", region_name="us-east-1")


@pytest.fixture
def store_id(kms):
    store_id = kms.create_custom_key_store(
        CustomKeyStoreName="payments-hsm",
        CloudHsmClusterId="cluster-2ab3cdefg7hk",
        TrustAnchorCertificate="<contents of customerCA.crt>",
        KeyStorePassword="kmsPswd",
    )["CustomKeyStoreId"]
    kms.connect_custom_key_store(CustomKeyStoreId=store_id)
    return store_id


def test_keys_fail_during_the_outage_and_work_after_it(kms, kms_fake, store_id):
    key_id = kms.create_key(Origin="AWS_CLOUDHSM", CustomKeyStoreId=store_id)["KeyMetadata"][
        "KeyId"
    ]
    sealed = kms.encrypt(KeyId=key_id, Plaintext=b"card")["CiphertextBlob"]
    monitor = KeyStoreMonitor(kms, store_id)

    kms_fake.fail_custom_key_store(store_id, "NETWORK_ERRORS")  # the outage begins
    assert monitor.status() == ("FAILED", "NETWORK_ERRORS")
    with pytest.raises(kms.exceptions.KMSInvalidStateException, match="is unavailable"):
        kms.decrypt(CiphertextBlob=sealed)
    assert kms.describe_key(KeyId=key_id)["KeyMetadata"]["KeyState"] == "Unavailable"

    monitor.reconnect()  # too early: the network is still down
    assert monitor.status() == ("FAILED", "NETWORK_ERRORS")

    kms_fake.repair_custom_key_store(store_id, reconnect=False)  # the network is back
    monitor.reconnect()
    assert monitor.status() == ("CONNECTED", None)
    assert kms.decrypt(CiphertextBlob=sealed)["Plaintext"] == b"card"


def test_a_store_that_was_never_connected(kms):
    store_id = kms.create_custom_key_store(
        CustomKeyStoreName="new-hsm",
        CloudHsmClusterId="cluster-zzzzzzzzzzz",
        TrustAnchorCertificate="<contents of customerCA.crt>",
        KeyStorePassword="kmsPswd",
    )["CustomKeyStoreId"]
    with pytest.raises(kms.exceptions.CustomKeyStoreInvalidStateException):
        kms.create_key(Origin="AWS_CLOUDHSM", CustomKeyStoreId=store_id)


# --8<-- [end:tests]
