"""Recipe: envelope encryption with the AWS Encryption SDK, over keys in the fake."""

from __future__ import annotations

import pytest

esdk = pytest.importorskip(
    "aws_encryption_sdk",
    reason="the AWS Encryption SDK is not installed (pip install -e '.[test]')",
)
from aws_encryption_sdk.exceptions import DecryptKeyError  # noqa: E402

# --8<-- [start:app]
SDK = esdk.EncryptionSDKClient(
    commitment_policy=esdk.CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT
)


def seal_report(report: bytes, tenant: str, key_arns: list[str]) -> bytes:
    """One message that any of `key_arns` can open; the tenant is bound to it."""
    provider = esdk.StrictAwsKmsMasterKeyProvider(key_ids=key_arns)
    message, _header = SDK.encrypt(
        source=report, key_provider=provider, encryption_context={"tenant": tenant}
    )
    return message


def open_report(message: bytes, tenant: str, key_arn: str) -> bytes:
    provider = esdk.StrictAwsKmsMasterKeyProvider(key_ids=[key_arn])
    report, header = SDK.decrypt(source=message, key_provider=provider)
    if header.encryption_context.get("tenant") != tenant:
        raise PermissionError("this report belongs to another tenant")
    return report
    # --8<-- [end:app]


# --8<-- [start:tests]
@pytest.fixture
def primary_arn(kms_fake):
    return kms_fake.key(kms_fake.create_key("us-east-1", Description="reports")).arn


@pytest.fixture
def backup_arn(kms_fake):
    return kms_fake.key(kms_fake.create_key("eu-west-1", Description="reports DR")).arn


def test_a_report_round_trips(kms_fake, primary_arn):
    message = seal_report(b"Q3 numbers", "acme", [primary_arn])
    assert b"Q3 numbers" not in message
    assert open_report(message, "acme", primary_arn) == b"Q3 numbers"

    # The SDK asked KMS for one data key and to decrypt it, binding the tenant to both.
    generated = kms_fake.assert_called_once("GenerateDataKey", KeyId=primary_arn)
    assert generated.params["EncryptionContext"]["tenant"] == "acme"
    kms_fake.assert_called_once("Decrypt", KeyId=primary_arn)


def test_either_key_opens_a_message_sealed_for_both(kms_fake, primary_arn, backup_arn):
    message = seal_report(b"Q3 numbers", "acme", [primary_arn, backup_arn])
    # The data key came from the first key, and was encrypted again under the second one,
    # by a client the SDK made for the second key's region.
    assert [(c.operation, c.region) for c in kms_fake.calls] == [
        ("GenerateDataKey", "us-east-1"),
        ("Encrypt", "eu-west-1"),
    ]
    assert open_report(message, "acme", backup_arn) == b"Q3 numbers"
    assert kms_fake.calls.last.region == "eu-west-1"


def test_a_strict_provider_never_uses_another_key(kms_fake, primary_arn, backup_arn):
    message = seal_report(b"Q3 numbers", "acme", [primary_arn])
    with pytest.raises(DecryptKeyError):
        open_report(message, "acme", backup_arn)
    kms_fake.assert_not_called("Decrypt")


def test_a_disabled_key_keeps_its_reports_sealed(kms_fake, primary_arn):
    message = seal_report(b"Q3 numbers", "acme", [primary_arn])
    kms_fake.set_key_state(primary_arn, "Disabled")
    with pytest.raises(DecryptKeyError):
        open_report(message, "acme", primary_arn)
    assert kms_fake.calls.last.error == "DisabledException"


def test_the_tenant_check_uses_the_signed_encryption_context(kms_fake, primary_arn):
    message = seal_report(b"Q3 numbers", "acme", [primary_arn])
    with pytest.raises(PermissionError):
        open_report(message, "globex", primary_arn)
    # --8<-- [end:tests]
