"""Parser defaults a program sets on its botocore session are honoured, as botocore's endpoint
honours them: the AWS CLI, for one, keeps blobs as base64 text and timestamps as on the wire."""

from __future__ import annotations

import base64
from typing import Any

import botocore.session
import pytest

from pytest_kmsfake import KmsFake


def identity(value: Any) -> Any:
    return value


def _client(**defaults: Any) -> Any:
    session = botocore.session.get_session()
    session.get_component("response_parser_factory").set_parser_defaults(**defaults)
    return session.create_client("kms", region_name="us-east-1")


def test_blobs_and_timestamps_as_botocores_parser_gives_them(kms_fake: KmsFake) -> None:
    kms = _client(blob_parser=identity, timestamp_parser=identity)
    bodies: list[bytes] = []
    kms.meta.events.register(
        "after-call.kms.CreateKey", lambda http_response, **_: bodies.append(http_response.content)
    )
    key = kms.create_key()["KeyMetadata"]
    blob = kms.encrypt(KeyId=key["KeyId"], Plaintext=b"secret")["CiphertextBlob"]

    assert isinstance(blob, str)
    assert kms.decrypt(CiphertextBlob=base64.b64decode(blob))["Plaintext"] == base64.b64encode(
        b"secret"
    ).decode("ascii")
    assert isinstance(key["CreationDate"], (int, float))

    # Exactly what botocore's own parser, with the same defaults, makes of the wire body.
    factory = kms._endpoint._response_parser_factory
    parser = factory.create_parser("json")
    operation = kms.meta.service_model.operation_model("CreateKey")
    parsed = parser.parse(
        {"body": bodies[0], "headers": {}, "status_code": 200}, operation.output_shape
    )
    assert parsed["KeyMetadata"] == key


@pytest.mark.parametrize("field", ["blob_parser", "timestamp_parser"])
def test_each_default_alone(kms_fake: KmsFake, field: str) -> None:
    kms = _client(**{field: identity})
    key = kms.create_key()["KeyMetadata"]
    blob = kms.encrypt(KeyId=key["KeyId"], Plaintext=b"x")["CiphertextBlob"]
    assert isinstance(blob, str) is (field == "blob_parser")
    assert isinstance(key["CreationDate"], (int, float)) is (field == "timestamp_parser")


def test_errors_are_unaffected(kms_fake: KmsFake) -> None:
    kms = _client(blob_parser=identity)
    with pytest.raises(kms.exceptions.NotFoundException):
        kms.describe_key(KeyId="alias/missing")
