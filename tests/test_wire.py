"""Every response equals what botocore's own JSON parser makes of the wire body we emit, and
validates against the operation's output shape in botocore's model."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.parsers import create_parser
from botocore.validate import ParamValidator

from pytest_kmsfake import KmsFake


@pytest.fixture
def captured(kms: Any) -> list[tuple[str, Any, dict[str, Any]]]:
    seen: list[tuple[str, Any, dict[str, Any]]] = []

    def capture(http_response: Any, parsed: dict[str, Any], model: Any, **_: Any) -> None:
        seen.append((model.name, http_response, parsed))

    kms.meta.events.register("after-call.kms.*", capture)
    return seen


def _parse_like_botocore(kms: Any, operation: str, http: Any) -> dict[str, Any]:
    """What botocore's endpoint would return for this HTTP response (parser + modeled error
    fields), minus the retry count that the endpoint adds."""
    model = kms.meta.service_model.operation_model(operation)
    parser = create_parser("json")
    raw = {"status_code": http.status_code, "headers": http.headers, "body": http.content}
    parsed: dict[str, Any] = parser.parse(raw, model.output_shape)
    if http.status_code >= 300:
        shape = kms.meta.service_model.shape_for_error_code(parsed["Error"]["Code"])
        if shape is not None:
            parsed.update(parser.parse(raw, shape))
    return parsed


def _exercise(kms: Any) -> None:
    key = kms.create_key(Description="wire", Tags=[{"TagKey": "t", "TagValue": "v"}])
    key_id = key["KeyMetadata"]["KeyId"]
    kms.create_alias(AliasName="alias/wire", TargetKeyId=key_id)
    blob = kms.encrypt(KeyId="alias/wire", Plaintext=b"p", EncryptionContext={"a": "b"})
    kms.decrypt(CiphertextBlob=blob["CiphertextBlob"], EncryptionContext={"a": "b"})
    kms.re_encrypt(
        CiphertextBlob=blob["CiphertextBlob"],
        SourceEncryptionContext={"a": "b"},
        DestinationKeyId=key_id,
    )
    kms.generate_data_key(KeyId=key_id, KeySpec="AES_256")
    kms.generate_data_key_without_plaintext(KeyId=key_id, NumberOfBytes=64)
    kms.generate_random(NumberOfBytes=16)
    kms.describe_key(KeyId=key_id)
    kms.list_keys(Limit=1)
    kms.list_aliases()
    kms.list_resource_tags(KeyId=key_id)
    kms.get_key_policy(KeyId=key_id)
    kms.list_key_policies(KeyId=key_id)
    kms.update_key_description(KeyId=key_id, Description="d")
    kms.schedule_key_deletion(KeyId=key_id, PendingWindowInDays=7)
    kms.describe_key(KeyId=key_id)
    kms.cancel_key_deletion(KeyId=key_id)
    for failing in (
        lambda: kms.decrypt(CiphertextBlob=blob["CiphertextBlob"]),  # no message member
        lambda: kms.encrypt(KeyId=key_id, Plaintext=b"x"),  # disabled: modeled, with message
        lambda: kms.describe_key(KeyId="nope"),
        lambda: kms.create_key(KeySpec="NOPE"),  # ValidationException is not modeled
    ):
        with pytest.raises(kms.exceptions.ClientError):
            failing()


def test_responses_match_botocores_parser_of_our_wire_body(
    kms: Any, captured: list[tuple[str, Any, dict[str, Any]]]
) -> None:
    _exercise(kms)
    assert len(captured) == 22
    for operation, http, parsed in captured:
        expected = _parse_like_botocore(kms, operation, http)
        ours = dict(parsed)
        ours["ResponseMetadata"] = {
            k: v for k, v in parsed["ResponseMetadata"].items() if k != "RetryAttempts"
        }
        assert ours == expected, operation


def test_successful_responses_validate_against_the_output_shape(
    kms: Any, kms_fake: KmsFake, captured: list[tuple[str, Any, dict[str, Any]]]
) -> None:
    _exercise(kms)
    validator = ParamValidator()
    for operation, http, parsed in captured:
        if http.status_code >= 300:
            continue
        shape = kms.meta.service_model.operation_model(operation).output_shape
        body = {k: v for k, v in parsed.items() if k != "ResponseMetadata"}
        if shape is None:
            assert body == {}, operation
            continue
        report = validator.validate(body, shape)
        assert not report.has_errors(), f"{operation}: {report.generate_report()}"


def test_timestamps_are_timezone_aware_and_blobs_are_bytes(kms: Any, key_id: str) -> None:
    metadata = kms.describe_key(KeyId=key_id)["KeyMetadata"]
    assert metadata["CreationDate"].tzinfo is not None
    blob = kms.encrypt(KeyId=key_id, Plaintext="text is encoded as UTF-8")["CiphertextBlob"]
    assert isinstance(blob, bytes)
    assert kms.decrypt(CiphertextBlob=blob)["Plaintext"] == b"text is encoded as UTF-8"


def test_absent_members_are_absent_not_empty(kms: Any, key_id: str) -> None:
    metadata = kms.describe_key(KeyId=key_id)["KeyMetadata"]
    for member in ("DeletionDate", "SigningAlgorithms", "MacAlgorithms", "ValidTo",
                   "MultiRegionConfiguration", "PendingDeletionWindowInDays"):  # fmt: skip
        assert member not in metadata


def test_an_error_without_a_message_has_an_empty_error_message(kms: Any, key_id: str) -> None:
    blob = kms.encrypt(KeyId=key_id, Plaintext=b"x", EncryptionContext={"k": "v"})
    with pytest.raises(kms.exceptions.InvalidCiphertextException) as info:
        kms.decrypt(CiphertextBlob=blob["CiphertextBlob"])
    assert info.value.response["Error"] == {"Code": "InvalidCiphertextException", "Message": ""}
    assert "message" not in info.value.response
