"""The fake's helpers put keys where a client made with botocore's defaults looks for them.

The suite runs with no AWS configuration (the root conftest), so each test sets what it needs
with `monkeypatch`.
"""

from __future__ import annotations

from pathlib import Path

import boto3
import botocore.session
import pytest

from pytest_kmsfake import KmsFake


def default_client() -> object:
    return boto3.session.Session().client("kms")


def test_with_no_configuration_keys_go_to_us_east_1(kms_fake: KmsFake) -> None:
    assert kms_fake.key(kms_fake.create_key()).region == "us-east-1"


def test_aws_default_region_is_followed(kms_fake: KmsFake, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_DEFAULT_REGION", "eu-west-3")
    key_id = kms_fake.create_key()
    assert kms_fake.key(key_id).region == "eu-west-3"
    client = default_client()
    assert client.describe_key(KeyId=key_id)["KeyMetadata"]["KeyId"] == key_id  # type: ignore[attr-defined]

    monkeypatch.setenv("AWS_DEFAULT_REGION", "ap-southeast-2")  # read again when it changes
    assert kms_fake.key(kms_fake.create_key()).region == "ap-southeast-2"


def test_the_profile_region_is_followed(
    kms_fake: KmsFake, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    config = tmp_path / "config"
    config.write_text("[default]\nregion = eu-central-1\n[profile dev]\nregion = ap-south-1\n")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(config))
    assert kms_fake.key(kms_fake.create_key()).region == "eu-central-1"
    monkeypatch.setenv("AWS_PROFILE", "dev")
    assert kms_fake.key(kms_fake.create_key()).region == "ap-south-1"


def test_aws_region_counts_as_botocore_counts_it(
    kms_fake: KmsFake, monkeypatch: pytest.MonkeyPatch
) -> None:
    # botocore reads AWS_DEFAULT_REGION; whether it reads AWS_REGION too depends on its
    # release. The helpers follow botocore, whatever it does.
    monkeypatch.setenv("AWS_REGION", "sa-east-1")
    expected = botocore.session.Session().get_config_variable("region") or "us-east-1"
    assert kms_fake.key(kms_fake.create_key()).region == expected


def test_declared_keys_and_key_store_facts_follow_it_too(
    kms_fake: KmsFake, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AWS_DEFAULT_REGION", "eu-north-1")
    (key_id,) = kms_fake.add_keys([{"aliases": ["alias/app"]}])
    assert kms_fake.key(key_id).region == "eu-north-1"
    assert kms_fake.key("alias/app", region="eu-north-1").key_id == key_id
    kms_fake.cloudhsm_cluster("cluster-234567abcdef", state="DELETED")
    client = default_client()
    with pytest.raises(client.exceptions.CloudHsmClusterNotFoundException):  # type: ignore[attr-defined]
        client.create_custom_key_store(  # type: ignore[attr-defined]
            CustomKeyStoreName="store",
            CloudHsmClusterId="cluster-234567abcdef",
            TrustAnchorCertificate="cert",
            KeyStorePassword="password",
        )


def test_a_region_named_wins(kms_fake: KmsFake, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_DEFAULT_REGION", "eu-west-3")
    assert kms_fake.key(kms_fake.create_key("us-west-2")).region == "us-west-2"
