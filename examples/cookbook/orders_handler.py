"""A Lambda-style handler, written as such handlers usually are: the KMS client is created
once, at import time, so that warm invocations reuse it. It knows nothing about tests."""

from __future__ import annotations

import base64
import json
import os
from typing import Any

import boto3

# Created when the module is imported: before any test fixture or mock has started.
KMS = boto3.client("kms", region_name=os.environ.get("AWS_REGION", "us-east-1"))
KEY_ID = os.environ.get("ORDERS_KEY_ID", "alias/orders")


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """Store an order with its card number encrypted under the orders key."""
    order = json.loads(event["body"])
    try:
        sealed = KMS.encrypt(
            KeyId=KEY_ID,
            Plaintext=order["card_number"].encode(),
            EncryptionContext={"order_id": order["order_id"]},
        )
    except (KMS.exceptions.DisabledException, KMS.exceptions.KMSInvalidStateException):
        return {"statusCode": 503, "body": json.dumps({"error": "try again later"})}
    stored = {
        "order_id": order["order_id"],
        "card": base64.b64encode(sealed["CiphertextBlob"]).decode(),
    }
    return {"statusCode": 201, "body": json.dumps(stored)}
