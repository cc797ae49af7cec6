"""Signature checks on the HTTP endpoint, with the `secret_keys` option: requests signed by
botocore with the right secret are served, and everything else is refused in AWS's words
(recorded from KMS: aws/aws-encryption-sdk-java#9, aws/aws-sdk-cpp#1681). The AWS CLIs and the
JavaScript SDK sign against the same check in tests/test_endpoint_clients.py."""

from __future__ import annotations

import http.client
import json
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import boto3
import pytest
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.config import Config
from botocore.credentials import Credentials
from botocore.exceptions import ClientError
from test_endpoint_serve import Server

from pytest_kmsfake import KmsFake, OptionError

KEY_ID = "AKIASIGNED0000000001"
SECRET = "signing-secret/of+the/test"
OTHER_KEY_ID = "AKIASIGNED0000000002"
OTHER_SECRET = "another-secret"
REGION = "eu-west-1"
SECRETS = {KEY_ID: SECRET, OTHER_KEY_ID: OTHER_SECRET}

INVALID_TOKEN = "The security token included in the request is invalid."
MISMATCH = (
    "The request signature we calculated does not match the signature you provided. Check "
    "your AWS Secret Access Key and signing method. Consult the service documentation for "
    "details."
)


@pytest.fixture
def kms_fake() -> Iterator[KmsFake]:
    """A fake that checks signatures, served and never activated: botocore clients reach it
    over HTTP, signing as they would for AWS (an active fake would take them in-process)."""
    fake = KmsFake(secret_keys=SECRETS)
    try:
        yield fake
    finally:
        fake.stop()


def _client(url: str, key_id: str, secret: str) -> Any:
    return boto3.client(
        "kms",
        endpoint_url=url,
        region_name=REGION,
        aws_access_key_id=key_id,
        aws_secret_access_key=secret,
        config=Config(retries={"max_attempts": 1}),
    )


def _refusal(call: Any) -> tuple[int, dict[str, str]]:
    with pytest.raises(ClientError) as info:
        call()
    response = info.value.response
    return response["ResponseMetadata"]["HTTPStatusCode"], dict(response["Error"])


def test_requests_signed_with_the_right_secret_are_served(kms_fake: KmsFake) -> None:
    url = kms_fake.serve()
    for key_id, secret in SECRETS.items():
        kms = _client(url, key_id, secret)
        key = kms.create_key(Description=f"signed by {key_id}")["KeyMetadata"]["KeyId"]
        blob = kms.encrypt(KeyId=key, Plaintext=b"p", EncryptionContext={"a b": "c  d"})
        plain = kms.decrypt(
            CiphertextBlob=blob["CiphertextBlob"], EncryptionContext={"a b": "c  d"}
        )
        assert plain["Plaintext"] == b"p"
    assert [(c.operation, c.region) for c in kms_fake.calls] == [
        ("CreateKey", REGION),
        ("Encrypt", REGION),
        ("Decrypt", REGION),
    ] * 2


def test_a_wrong_secret_is_refused_in_aws_words(kms_fake: KmsFake) -> None:
    kms = _client(kms_fake.serve(), KEY_ID, OTHER_SECRET)
    assert _refusal(kms.list_keys) == (
        400,
        {"Code": "InvalidSignatureException", "Message": MISMATCH},
    )
    assert list(kms_fake.calls) == []  # refused before the service


def test_an_unknown_access_key_is_refused_in_aws_words(kms_fake: KmsFake) -> None:
    kms = _client(kms_fake.serve(), "AKIAUNKNOWN000000000", SECRET)
    assert _refusal(kms.list_keys) == (
        400,
        {"Code": "UnrecognizedClientException", "Message": INVALID_TOKEN},
    )


def _signed(url: str, body: bytes, headers: dict[str, str], path: str = "/") -> AWSRequest:
    request = AWSRequest(method="POST", url=url + path, data=body, headers=headers)
    SigV4Auth(Credentials(KEY_ID, SECRET), "kms", REGION).add_auth(request)
    return request


def _send(
    url: str, body: bytes, headers: dict[str, str], path: str = "/"
) -> tuple[int, dict[str, Any]]:
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        connection.request("POST", path, body=body, headers=headers)
        response = connection.getresponse()
        return response.status, json.loads(response.read())
    finally:
        connection.close()


TARGET = {"X-Amz-Target": "TrentService.ListKeys", "Content-Type": "application/x-amz-json-1.1"}


def test_a_request_changed_after_signing_is_refused(kms_fake: KmsFake) -> None:
    url = kms_fake.serve()
    request = _signed(url, b"{}", dict(TARGET))
    headers = dict(request.headers.items())
    assert _send(url, b"{}", headers)[0] == 200  # as signed

    mismatch = {"__type": "InvalidSignatureException", "message": MISMATCH}
    assert _send(url, b'{"Limit": 1}', headers) == (400, mismatch)  # another body
    retargeted = {**headers, "X-Amz-Target": "TrentService.ListAliases"}  # a signed header
    assert _send(url, b"{}", retargeted) == (400, mismatch)
    assert _send(url, b"{}", {**headers, "X-Amz-Date": "20260101T000000Z"}) == (400, mismatch)
    unsigned_extra = {**headers, "X-Unsigned-Header": "anything"}  # not among SignedHeaders
    assert _send(url, b"{}", unsigned_extra)[0] == 200


def test_a_header_value_is_compared_with_its_spaces_trimmed(kms_fake: KmsFake) -> None:
    # SigV4's canonical headers trim each value and make inner runs of spaces one.
    url = kms_fake.serve()
    request = _signed(url, b"{}", {**TARGET, "X-Amz-Meta": "two  spaces"})
    headers = dict(request.headers.items())
    assert _send(url, b"{}", {**headers, "X-Amz-Meta": "  two spaces "})[0] == 200
    assert _send(url, b"{}", {**headers, "X-Amz-Meta": "two spaces!"})[0] == 400


def test_the_query_string_is_signed_in_canonical_order(kms_fake: KmsFake) -> None:
    # KMS's requests carry none, but a client may add one; SigV4 sorts and encodes it.
    url = kms_fake.serve()
    path = "/?b=2&a=x%20y"
    headers = dict(_signed(url, b"{}", dict(TARGET), path).headers.items())
    assert _send(url, b"{}", headers, path)[0] == 200
    assert _send(url, b"{}", headers, "/?b=3&a=x%20y")[0] == 400


def test_a_signature_without_its_parts_is_incomplete(kms_fake: KmsFake) -> None:
    url = kms_fake.serve()
    request = _signed(url, b"{}", dict(TARGET))
    headers = dict(request.headers.items())
    without_signature = headers["Authorization"].split(", Signature=")[0]
    status, body = _send(url, b"{}", {**headers, "Authorization": without_signature})
    assert (status, body["__type"]) == (400, "IncompleteSignatureException")
    assert body["message"] == "Authorization header requires 'Signature' parameter."
    undated = {k: v for k, v in headers.items() if k != "X-Amz-Date"}
    status, body = _send(url, b"{}", undated)
    assert (status, body["__type"]) == (400, "IncompleteSignatureException")


def test_server_env_signs_with_the_secret_of_the_key_it_is_given(kms_fake: KmsFake) -> None:
    env = kms_fake.server_env(region=REGION, access_key_id=OTHER_KEY_ID)
    assert (env["AWS_ACCESS_KEY_ID"], env["AWS_SECRET_ACCESS_KEY"]) == (OTHER_KEY_ID, OTHER_SECRET)
    with pytest.raises(ValueError, match=f"access_key_id it has a secret for: {KEY_ID}, "):
        kms_fake.server_env(region=REGION)


def test_without_secrets_no_signature_is_checked() -> None:
    fake = KmsFake()
    try:
        kms = _client(fake.serve(), "AKIAANYTHING00000000", "any secret")
        assert kms.list_keys()["Keys"] == []
        assert [c.operation for c in fake.calls] == ["ListKeys"]  # over HTTP
    finally:
        fake.stop()


@pytest.mark.parametrize("secrets", [{"AKIA": 1}, {"": "s"}, ["AKIA", "s"]])
def test_secret_keys_must_map_key_ids_to_secrets(secrets: Any) -> None:
    with pytest.raises(OptionError, match="secret_keys must map access key ids to secret"):
        KmsFake(secret_keys=secrets)


def test_the_standalone_server_checks_signatures_with_secret_key() -> None:
    server = Server("--quiet", "--secret-key", f"{KEY_ID}={SECRET}")
    try:
        url = server.line()
        assert _client(url, KEY_ID, SECRET).list_keys()["Keys"] == []
        assert _refusal(_client(url, KEY_ID, "wrong").list_keys)[1]["Code"] == (
            "InvalidSignatureException"
        )
    finally:
        assert server.stop() == 0
