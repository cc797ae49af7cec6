"""DryRun on every operation whose model has it: every check runs, nothing happens, and AWS's
DryRunOperationException answers."""

from __future__ import annotations

from typing import Any, Callable

import pytest
from botocore.exceptions import ClientError

from pytest_kmsfake import KmsFake
from pytest_kmsfake._rules.model import service_model

ROLE = "arn:aws:iam::111122223333:role/app"


def _calls(kms: Any, fake: KmsFake) -> dict[str, Callable[[], Any]]:
    symmetric = fake.create_key()
    signer = fake.create_key(KeySpec="ECC_NIST_P256", KeyUsage="SIGN_VERIFY")
    mac = fake.create_key(KeySpec="HMAC_256", KeyUsage="GENERATE_VERIFY_MAC")
    agreement = fake.create_key(KeySpec="ECC_NIST_P256", KeyUsage="KEY_AGREEMENT")
    peer = kms.get_public_key(KeyId=signer)["PublicKey"]
    blob = kms.encrypt(KeyId=symmetric, Plaintext=b"x")["CiphertextBlob"]
    grant = kms.create_grant(KeyId=symmetric, GranteePrincipal=ROLE, Operations=["Decrypt"])
    calls: dict[str, Callable[[], Any]] = {
        "Encrypt": lambda: kms.encrypt(KeyId=symmetric, Plaintext=b"m", DryRun=True),
        "Decrypt": lambda: kms.decrypt(CiphertextBlob=blob, DryRun=True),
        "ReEncrypt": lambda: kms.re_encrypt(
            CiphertextBlob=blob, DestinationKeyId=symmetric, DryRun=True
        ),
        "GenerateDataKey": lambda: kms.generate_data_key(
            KeyId=symmetric, KeySpec="AES_256", DryRun=True
        ),
        "GenerateDataKeyWithoutPlaintext": lambda: kms.generate_data_key_without_plaintext(
            KeyId=symmetric, KeySpec="AES_256", DryRun=True
        ),
        "GenerateDataKeyPair": lambda: kms.generate_data_key_pair(
            KeyId=symmetric, KeyPairSpec="ECC_NIST_P256", DryRun=True
        ),
        "GenerateDataKeyPairWithoutPlaintext": lambda: kms.generate_data_key_pair_without_plaintext(
            KeyId=symmetric, KeyPairSpec="ECC_NIST_P256", DryRun=True
        ),
        "Sign": lambda: kms.sign(
            KeyId=signer, Message=b"m", SigningAlgorithm="ECDSA_SHA_256", DryRun=True
        ),
        "Verify": lambda: kms.verify(
            KeyId=signer,
            Message=b"m",
            Signature=b"s",
            SigningAlgorithm="ECDSA_SHA_256",
            DryRun=True,
        ),
        "GenerateMac": lambda: kms.generate_mac(
            KeyId=mac, Message=b"m", MacAlgorithm="HMAC_SHA_256", DryRun=True
        ),
        "VerifyMac": lambda: kms.verify_mac(
            KeyId=mac, Message=b"m", Mac=b"x" * 32, MacAlgorithm="HMAC_SHA_256", DryRun=True
        ),
        "DeriveSharedSecret": lambda: kms.derive_shared_secret(
            KeyId=agreement, KeyAgreementAlgorithm="ECDH", PublicKey=peer, DryRun=True
        ),
        "CreateGrant": lambda: kms.create_grant(
            KeyId=symmetric, GranteePrincipal=ROLE, Operations=["Decrypt"], DryRun=True
        ),
        "RetireGrant": lambda: kms.retire_grant(GrantToken=grant["GrantToken"], DryRun=True),
        "RevokeGrant": lambda: kms.revoke_grant(
            KeyId=symmetric, GrantId=grant["GrantId"], DryRun=True
        ),
    }
    if "Encapsulate" in service_model().operation_names:
        kem = fake.create_key(KeySpec="ML_KEM_768", KeyUsage="ENCAPSULATE_DECAPSULATE")
        ciphertext = kms.encapsulate(KeyId=kem, EncapsulationAlgorithm="ML_KEM")
        calls["Encapsulate"] = lambda: kms.encapsulate(
            KeyId=kem, EncapsulationAlgorithm="ML_KEM", DryRun=True
        )
        calls["Decapsulate"] = lambda: kms.decapsulate(
            KeyId=kem,
            SharedSecretCiphertextBlob=ciphertext["SharedSecretCiphertextBlob"],
            EncapsulationAlgorithm="ML_KEM",
            DryRun=True,
        )
    return calls


DRY_RUN_OPERATIONS = sorted(
    name
    for name in service_model().operation_names
    if "DryRun" in (service_model().operation_model(name).input_shape.members)  # type: ignore[union-attr]
)


@pytest.mark.parametrize("operation", DRY_RUN_OPERATIONS)
def test_dry_run_answers_dry_run_operation_exception(
    kms: Any, kms_fake: KmsFake, operation: str
) -> None:
    calls = _calls(kms, kms_fake)
    assert operation in calls, f"{operation} has DryRun in the model: add it to this test"
    before = kms_fake.calls.counts()
    with pytest.raises(ClientError) as info:
        calls[operation]()
    assert info.value.response["Error"] == {
        "Code": "DryRunOperationException",
        "Message": "The request would have succeeded, but the DryRun option is set.",
    }
    if operation == "CreateGrant":  # nothing happened
        assert len(kms.list_grants(KeyId=kms.list_keys()["Keys"][0]["KeyId"])["Grants"]) == 1
    assert kms_fake.calls.counts()[operation] == before.get(operation, 0) + 1
