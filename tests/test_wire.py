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
    _exercise_other_key_kinds(kms)
    for failing in (
        lambda: kms.decrypt(CiphertextBlob=blob["CiphertextBlob"]),  # no message member
        lambda: kms.encrypt(KeyId=key_id, Plaintext=b"x"),  # disabled: modeled, with message
        lambda: kms.describe_key(KeyId="nope"),
        lambda: kms.create_key(KeySpec="NOPE"),  # ValidationException is not modeled
    ):
        with pytest.raises(kms.exceptions.ClientError):
            failing()


OTHER_KIND_CALLS = 19


def _exercise_other_key_kinds(kms: Any) -> None:
    """Asymmetric, HMAC and key-agreement keys, rotation: every member kind on the wire."""
    signer = kms.create_key(KeySpec="ECC_NIST_P256", KeyUsage="SIGN_VERIFY")["KeyMetadata"]["KeyId"]
    signature = kms.sign(KeyId=signer, Message=b"m", SigningAlgorithm="ECDSA_SHA_256")
    kms.verify(
        KeyId=signer,
        Message=b"m",
        Signature=signature["Signature"],
        SigningAlgorithm="ECDSA_SHA_256",
    )
    kms.get_public_key(KeyId=signer)
    rsa = kms.create_key(KeySpec="RSA_2048", KeyUsage="ENCRYPT_DECRYPT")["KeyMetadata"]["KeyId"]
    blob = kms.encrypt(KeyId=rsa, Plaintext=b"p", EncryptionAlgorithm="RSAES_OAEP_SHA_256")
    kms.decrypt(
        CiphertextBlob=blob["CiphertextBlob"], KeyId=rsa, EncryptionAlgorithm="RSAES_OAEP_SHA_256"
    )
    mac_key = kms.create_key(KeySpec="HMAC_256", KeyUsage="GENERATE_VERIFY_MAC")["KeyMetadata"][
        "KeyId"
    ]
    mac = kms.generate_mac(KeyId=mac_key, Message=b"m", MacAlgorithm="HMAC_SHA_256")
    kms.verify_mac(KeyId=mac_key, Message=b"m", Mac=mac["Mac"], MacAlgorithm="HMAC_SHA_256")
    agreement = kms.create_key(KeySpec="ECC_NIST_P256", KeyUsage="KEY_AGREEMENT")["KeyMetadata"][
        "KeyId"
    ]
    peer = kms.get_public_key(KeyId=signer)["PublicKey"]
    kms.derive_shared_secret(KeyId=agreement, KeyAgreementAlgorithm="ECDH", PublicKey=peer)
    symmetric = kms.create_key()["KeyMetadata"]["KeyId"]
    kms.generate_data_key_pair(KeyId=symmetric, KeyPairSpec="ECC_NIST_P256")
    kms.enable_key_rotation(KeyId=symmetric)
    kms.get_key_rotation_status(KeyId=symmetric)
    kms.rotate_key_on_demand(KeyId=symmetric)
    kms.list_key_rotations(KeyId=symmetric)


def test_responses_match_botocores_parser_of_our_wire_body(
    kms: Any, captured: list[tuple[str, Any, dict[str, Any]]]
) -> None:
    _exercise(kms)
    assert len(captured) == 22 + OTHER_KIND_CALLS
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
