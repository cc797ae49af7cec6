"""Recipe: keys declared up front, with fixed ids, aliases and material."""

from __future__ import annotations

import boto3
import pytest

KEYS = [
    {
        "key_id": "0a1b2c3d-0000-4000-8000-000000000001",
        "aliases": ["alias/billing"],
        "material": "5f" * 32,  # 32 bytes, hex: ciphertexts made under it open in every run
        "tags": {"team": "billing"},
    },
    {"key_spec": "ECC_NIST_P256", "key_usage": "SIGN_VERIFY", "aliases": ["alias/signer"]},
    {"aliases": ["alias/retired"], "state": "Disabled"},
]


@pytest.mark.kms_fake(keys=KEYS)
def test_the_declared_keys_are_there(kms_fake):
    kms = boto3.client("kms", region_name="us-east-1")
    billing = kms.describe_key(KeyId="alias/billing")["KeyMetadata"]
    assert billing["KeyId"] == "0a1b2c3d-0000-4000-8000-000000000001"
    assert kms.describe_key(KeyId="alias/retired")["KeyMetadata"]["KeyState"] == "Disabled"
    kms.sign(KeyId="alias/signer", Message=b"m", SigningAlgorithm="ECDSA_SHA_256")
