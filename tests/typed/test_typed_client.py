"""Typed with the mypy-boto3-kms stubs: `tests/test_typing.py` runs mypy --strict on this file.

It is also an ordinary test module: the annotations cost nothing at run time, and the stubs
are imported only while type checking.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import boto3

from pytest_kmsfake import KmsCall, KmsFake, mock_kms

if TYPE_CHECKING:
    from mypy_boto3_kms import KMSClient
    from mypy_boto3_kms.type_defs import DecryptResponseTypeDef, KeyMetadataTypeDef


def make_client() -> KMSClient:
    return boto3.client("kms", region_name="us-east-1")


def test_a_typed_client_talks_to_the_fake(kms_fake: KmsFake) -> None:
    kms: KMSClient = make_client()
    metadata: KeyMetadataTypeDef = kms.create_key(Description="typed")["KeyMetadata"]
    key_id: str = metadata["KeyId"]
    blob: bytes = kms.encrypt(KeyId=key_id, Plaintext=b"typed")["CiphertextBlob"]
    decrypted: DecryptResponseTypeDef = kms.decrypt(CiphertextBlob=blob)
    assert decrypted["Plaintext"] == b"typed"

    try:
        kms.describe_key(KeyId="alias/missing")
    except kms.exceptions.NotFoundException as error:
        assert error.response["Error"]["Code"] == "NotFoundException"

    call: KmsCall = kms_fake.assert_called_once("Encrypt", KeyId=key_id)
    assert call.response is not None and call.error is None
    assert kms_fake.calls.counts() == {
        "CreateKey": 1,
        "Encrypt": 1,
        "Decrypt": 1,
        "DescribeKey": 1,
    }


@mock_kms
def count_keys(extra: int) -> int:
    return len(make_client().list_keys()["Keys"]) + extra


def test_the_bare_decorator_keeps_the_signature() -> None:
    total: int = count_keys(2)
    assert total == 2
