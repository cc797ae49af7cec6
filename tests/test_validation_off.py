"""Clients made with Config(parameter_validation=False): botocore sends what it would have
refused, and the fake answers as the server does."""

from __future__ import annotations

from typing import Any, Callable

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError, ParamValidationError

from pytest_kmsfake import KmsFake


@pytest.fixture
def unvalidated(kms_fake: KmsFake) -> Any:
    return boto3.client("kms", region_name="us-east-1", config=Config(parameter_validation=False))


def _error(call: Callable[[], Any]) -> tuple[str, str]:
    with pytest.raises(ClientError) as caught:
        call()
    return caught.value.response["Error"]["Code"], caught.value.response["Error"]["Message"]


def test_the_default_client_still_refuses_before_sending(kms: Any) -> None:
    with pytest.raises(ParamValidationError):
        kms.describe_key(KeyId="")


def test_an_empty_key_id_gets_the_servers_length_check(unvalidated: Any) -> None:
    """AWS's text, recorded from a client that sent an empty KeyId (2018)."""
    assert _error(lambda: unvalidated.describe_key(KeyId="")) == (
        "ValidationException",
        "1 validation error detected: Value '' at 'keyId' failed to satisfy constraint: "
        "Member must have length greater than or equal to 1",
    )


def test_values_below_the_minimum_and_missing_members(unvalidated: Any) -> None:
    assert _error(lambda: unvalidated.generate_random(NumberOfBytes=0)) == (
        "ValidationException",
        "1 validation error detected: Value '0' at 'numberOfBytes' failed to satisfy "
        "constraint: Member must have value greater than or equal to 1",
    )
    # INFERRED: AWS's usual wording for a required member that is missing (or null).
    missing = (
        "ValidationException",
        "1 validation error detected: Value null at 'keyId' failed to satisfy constraint: "
        "Member must not be null",
    )
    assert _error(lambda: unvalidated.encrypt(Plaintext=b"x")) == missing
    assert _error(lambda: unvalidated.encrypt(KeyId=None, Plaintext=b"x")) == missing


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda kms: kms.list_keys(Limit="10"), "STRING_VALUE can not be converted to an Integer"),
        (lambda kms: kms.list_keys(Limit=True), "TRUE_VALUE can not be converted to an Integer"),
        (
            lambda kms: kms.describe_key(KeyId=1234),
            "NUMBER_VALUE can not be converted to a String",
        ),
        (
            lambda kms: kms.describe_key(KeyId=["alias/a"]),
            "Start of structure or map found where not expected.",
        ),
    ],
)
def test_a_member_of_the_wrong_json_type_cannot_be_read(
    unvalidated: Any, call: Callable[[Any], Any], message: str
) -> None:
    """The server cannot read such a request: SerializationException (the texts follow AWS's
    JSON reader as recorded from another AWS JSON service; INFERRED for KMS)."""
    assert _error(lambda: call(unvalidated)) == ("SerializationException", message)


def test_an_unknown_member_fails_in_botocores_serializer_as_without_the_fake(
    unvalidated: Any, kms_fake: KmsFake
) -> None:
    model = unvalidated.meta.service_model.operation_model("ListKeys")
    with pytest.raises(KeyError) as without_fake:
        unvalidated._serializer.serialize_to_request({"Limit": 1, "Bogus": 1}, model)
    with pytest.raises(KeyError) as with_fake:
        unvalidated.list_keys(Limit=1, Bogus=1)
    assert with_fake.value.args == without_fake.value.args == ("Bogus",)
    assert not kms_fake.calls.called  # it never reached the fake


def test_valid_calls_work_as_usual(unvalidated: Any) -> None:
    key_id = unvalidated.create_key()["KeyMetadata"]["KeyId"]
    blob = unvalidated.encrypt(KeyId=key_id, Plaintext=b"x")["CiphertextBlob"]
    assert unvalidated.decrypt(CiphertextBlob=blob)["Plaintext"] == b"x"
