"""Recipe: test a Lambda handler whose boto3 client was created at import time."""

from __future__ import annotations

import base64
import json

import orders_handler  # creates orders_handler.KMS now, at collection time
import pytest


@pytest.fixture
def orders_key(kms_fake):
    """What production has: a key and the alias the handler uses."""
    region = orders_handler.KMS.meta.region_name  # from AWS_REGION, as in Lambda
    key_id = kms_fake.create_key(region=region, Description="orders")
    orders_handler.KMS.create_alias(AliasName="alias/orders", TargetKeyId=key_id)
    return key_id


def order_event(order_id: str, card_number: str) -> dict:
    return {"body": json.dumps({"order_id": order_id, "card_number": card_number})}


def test_the_handler_stores_the_card_encrypted(orders_key, kms_fake):
    response = orders_handler.handler(order_event("o-1", "4111111111111111"), context=None)

    assert response["statusCode"] == 201
    stored = json.loads(response["body"])
    # The module-level client reached the fake: the ciphertext decrypts with the same context.
    plaintext = orders_handler.KMS.decrypt(
        CiphertextBlob=base64.b64decode(stored["card"]),
        EncryptionContext={"order_id": "o-1"},
    )["Plaintext"]
    assert plaintext == b"4111111111111111"
    kms_fake.assert_called_once(
        "Encrypt", KeyId="alias/orders", EncryptionContext={"order_id": "o-1"}
    )


def test_the_handler_answers_503_while_the_key_is_disabled(orders_key, kms_fake):
    kms_fake.set_key_state(orders_key, "Disabled")

    response = orders_handler.handler(order_event("o-2", "4111111111111111"), context=None)

    assert response["statusCode"] == 503
    assert kms_fake.calls.last.error == "DisabledException"
