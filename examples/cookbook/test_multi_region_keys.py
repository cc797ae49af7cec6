"""Recipe: a multi-Region key. Sealed in one Region, opened in another; failover; a replica
that takes time to be created."""

from __future__ import annotations

import boto3
import pytest


# --8<-- [start:code-under-test]
class Vault:
    """Application code: seals secrets with a multi-Region key, in whichever Region it runs.
    Each Region uses its own copy of the key, so no call crosses Regions."""

    def __init__(self, region: str, key_id: str) -> None:
        self.kms = boto3.client("kms", region_name=region)
        self.key_id = key_id
        self.context = {"app": "vault"}

    def seal(self, secret: bytes) -> bytes:
        answer = self.kms.encrypt(
            KeyId=self.key_id, Plaintext=secret, EncryptionContext=self.context
        )
        return answer["CiphertextBlob"]

    def open(self, sealed: bytes) -> bytes:
        return self.kms.decrypt(CiphertextBlob=sealed, EncryptionContext=self.context)["Plaintext"]


def wait_until_usable(kms, key_id: str, sleep) -> None:
    """Application code: AWS answers ReplicateKey before the replica is ready (KeyState
    Creating); poll DescribeKey until it is Enabled, as AWS advises."""
    while kms.describe_key(KeyId=key_id)["KeyMetadata"]["KeyState"] == "Creating":
        sleep(1)


# --8<-- [end:code-under-test]


# --8<-- [start:tests]
@pytest.fixture
def key_id(kms_fake):
    home = boto3.client("kms", region_name="us-east-1")
    key_id = home.create_key(MultiRegion=True, Description="vault")["KeyMetadata"]["KeyId"]
    home.replicate_key(KeyId=key_id, ReplicaRegion="eu-west-1")
    return key_id  # "mrk-...": the same id in both Regions


def test_sealed_in_one_region_opens_in_another(key_id):
    sealed = Vault("us-east-1", key_id).seal(b"s3cret")
    assert Vault("eu-west-1", key_id).open(sealed) == b"s3cret"


def test_failover_moves_the_primary(key_id):
    home = boto3.client("kms", region_name="us-east-1")
    home.update_primary_region(KeyId=key_id, PrimaryRegion="eu-west-1")

    away = boto3.client("kms", region_name="eu-west-1")
    config = away.describe_key(KeyId=key_id)["KeyMetadata"]["MultiRegionConfiguration"]
    assert config["MultiRegionKeyType"] == "PRIMARY"
    assert [replica["Region"] for replica in config["ReplicaKeys"]] == ["us-east-1"]
    # Only the primary replicates; the old one is now a replica.
    with pytest.raises(
        home.exceptions.UnsupportedOperationException, match="not a multi-region primary key"
    ):
        home.replicate_key(KeyId=key_id, ReplicaRegion="ap-southeast-2")

    sealed = Vault("eu-west-1", key_id).seal(b"after failover")
    assert Vault("us-east-1", key_id).open(sealed) == b"after failover"


@pytest.mark.kms_fake(multi_region_delay=3)  # a new replica stays Creating for 3 seconds
def test_code_waits_for_a_new_replica(kms_fake, key_id):
    home = boto3.client("kms", region_name="us-east-1")
    answer = home.replicate_key(KeyId=key_id, ReplicaRegion="ap-southeast-2")
    assert answer["ReplicaKeyMetadata"]["KeyState"] == "Creating"

    away = boto3.client("kms", region_name="ap-southeast-2")
    with pytest.raises(away.exceptions.KMSInvalidStateException, match="is creating"):
        away.encrypt(KeyId=key_id, Plaintext=b"too early")

    waited = []
    wait_until_usable(
        away, key_id, sleep=lambda seconds: waited.append(kms_fake.advance_time(seconds=seconds))
    )
    assert waited  # it had to wait: each sleep moved the fake's clock by a second
    assert away.encrypt(KeyId=key_id, Plaintext=b"now")["KeyId"].endswith(key_id)


# --8<-- [end:tests]
