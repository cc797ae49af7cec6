"""A small application module: it seals customer records with envelope encryption under a
KMS key, the way many services do. It knows nothing about tests."""

from __future__ import annotations

import base64
import json
import os
from typing import Any

import boto3
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

# A module-level client, created at import time, before any test fixture runs.
KMS = boto3.client("kms", region_name=os.environ.get("AWS_REGION", "us-east-1"))
KEY_ALIAS = "alias/customer-records"


class RecordsUnavailable(RuntimeError):
    """The records key cannot be used right now."""


def seal(record: dict[str, Any], tenant: str) -> dict[str, str]:
    """Encrypt a record under a fresh data key bound to the tenant."""
    try:
        data_key = KMS.generate_data_key(
            KeyId=KEY_ALIAS, KeySpec="AES_256", EncryptionContext={"tenant": tenant}
        )
    except (KMS.exceptions.DisabledException, KMS.exceptions.KMSInvalidStateException) as exc:
        raise RecordsUnavailable(str(exc)) from exc
    nonce = os.urandom(12)
    body = AESGCM(data_key["Plaintext"]).encrypt(nonce, json.dumps(record).encode(), None)
    return {
        "tenant": tenant,
        "key": base64.b64encode(data_key["CiphertextBlob"]).decode(),
        "body": base64.b64encode(nonce + body).decode(),
    }


def unseal(sealed: dict[str, str]) -> dict[str, Any]:
    data_key = KMS.decrypt(
        CiphertextBlob=base64.b64decode(sealed["key"]),
        EncryptionContext={"tenant": sealed["tenant"]},
    )["Plaintext"]
    raw = base64.b64decode(sealed["body"])
    return json.loads(AESGCM(data_key).decrypt(raw[:12], raw[12:], None))  # type: ignore[no-any-return]
