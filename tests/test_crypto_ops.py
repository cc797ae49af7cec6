"""Encrypt, Decrypt, ReEncrypt, GenerateDataKey*, GenerateRandom: behaviour and AWS's errors."""

from __future__ import annotations

from typing import Any, Callable

import boto3
import documented_service as documented
import pytest
from botocore.exceptions import ClientError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pytest_kmsfake import KmsFake, mock_kms
from pytest_kmsfake._rules.model import service_model

ACCOUNT = "111122223333"
DECRYPT_INPUT = service_model().operation_model("Decrypt").input_shape
CONTEXTS = st.dictionaries(st.text(min_size=1, max_size=8), st.text(max_size=8), max_size=4)


def _error(call: Callable[[], Any]) -> dict[str, str]:
    with pytest.raises(ClientError) as info:
        call()
    return dict(info.value.response["Error"])


def _arn(key_id: str, region: str = "us-east-1") -> str:
    return f"arn:aws:kms:{region}:{ACCOUNT}:key/{key_id}"


# --- property tests: one fake for the whole hypothesis run ----------------------------------


@pytest.fixture(scope="module")
def shared() -> Any:
    with mock_kms():
        client = boto3.client("kms", region_name="us-east-1")
        key = client.create_key()["KeyMetadata"]["KeyId"]
        yield client, key


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(plaintext=st.binary(min_size=1, max_size=4096), context=CONTEXTS)
def test_round_trip_any_plaintext_and_context(shared: Any, plaintext: bytes, context: Any) -> None:
    client, key = shared
    blob = client.encrypt(KeyId=key, Plaintext=plaintext, EncryptionContext=context)
    out = client.decrypt(CiphertextBlob=blob["CiphertextBlob"], EncryptionContext=context)
    assert out["Plaintext"] == plaintext
    assert out["KeyId"] == _arn(key)


@settings(max_examples=60)
@given(context=CONTEXTS, other=CONTEXTS)
def test_any_other_context_is_rejected(shared: Any, context: Any, other: Any) -> None:
    client, key = shared
    blob = client.encrypt(KeyId=key, Plaintext=b"p", EncryptionContext=context)["CiphertextBlob"]
    if other == context:
        return
    with pytest.raises(client.exceptions.InvalidCiphertextException):
        client.decrypt(CiphertextBlob=blob, EncryptionContext=other)


def test_context_encoding_is_unambiguous(shared: Any) -> None:
    client, key = shared
    blob = client.encrypt(KeyId=key, Plaintext=b"p", EncryptionContext={"ab": "c"})
    for lookalike in ({"a": "bc"}, {"abc": ""}, {"a": "b", "c": ""}):
        with pytest.raises(client.exceptions.InvalidCiphertextException):
            client.decrypt(CiphertextBlob=blob["CiphertextBlob"], EncryptionContext=lookalike)


@settings(max_examples=80)
@given(data=st.data())
def test_any_tampered_byte_is_rejected(shared: Any, data: Any) -> None:
    client, key = shared
    blob = bytearray(client.encrypt(KeyId=key, Plaintext=b"secret")["CiphertextBlob"])
    index = data.draw(st.integers(0, len(blob) - 1))
    blob[index] ^= data.draw(st.integers(1, 255))
    with pytest.raises(ClientError) as info:
        client.decrypt(CiphertextBlob=bytes(blob))
    # A flipped byte in the key ARN may name a key that does not exist: AWS's answer then.
    assert info.value.response["Error"]["Code"] in (
        "InvalidCiphertextException", "AccessDeniedException", "NotFoundException",
    )  # fmt: skip


@settings(max_examples=60)
@given(garbage=st.binary(min_size=1, max_size=300))
def test_random_bytes_are_never_a_crash(shared: Any, garbage: bytes) -> None:
    client, _ = shared
    with pytest.raises(ClientError) as info:
        client.decrypt(CiphertextBlob=garbage)
    assert info.value.response["Error"]["Code"] in (
        "InvalidCiphertextException", "AccessDeniedException", "NotFoundException",
    )  # fmt: skip


# --- Encrypt / Decrypt -----------------------------------------------------------------------


def test_encrypt_response(kms: Any, key_id: str) -> None:
    response = kms.encrypt(KeyId=key_id, Plaintext=b"hello")
    assert set(response) == {"CiphertextBlob", "KeyId", "EncryptionAlgorithm", "ResponseMetadata"}
    assert response["KeyId"] == _arn(key_id)
    assert response["EncryptionAlgorithm"] == "SYMMETRIC_DEFAULT"


def test_decrypt_returns_the_key_material_id(kms: Any, key_id: str) -> None:
    blob = kms.encrypt(KeyId=key_id, Plaintext=b"x")["CiphertextBlob"]
    material = kms.describe_key(KeyId=key_id)["KeyMetadata"]["CurrentKeyMaterialId"]
    assert kms.decrypt(CiphertextBlob=blob)["KeyMaterialId"] == material


@pytest.mark.parametrize(
    ("plaintext", "bound"),
    [(b"", "greater than or equal to 1"), (b"x" * 4097, "less than or equal to 4096")],
)
def test_plaintext_size_limits_aws_message(
    kms: Any, key_id: str, plaintext: bytes, bound: str
) -> None:
    assert _error(lambda: kms.encrypt(KeyId=key_id, Plaintext=plaintext)) == {
        "Code": "ValidationException",
        "Message": "1 validation error detected: Value at 'plaintext' failed to satisfy "
        f"constraint: Member must have length {bound}",
    }


def test_decrypt_with_the_wrong_key_id(kms: Any, key_id: str) -> None:
    other = kms.create_key()["KeyMetadata"]["KeyId"]
    blob = kms.encrypt(KeyId=key_id, Plaintext=b"x")["CiphertextBlob"]
    assert _error(lambda: kms.decrypt(CiphertextBlob=blob, KeyId=other)) == {
        "Code": "IncorrectKeyException",
        "Message": "The key ID in the request does not identify a CMK that can perform this "
        "operation.",
    }
    kms.create_alias(AliasName="alias/right", TargetKeyId=key_id)
    assert kms.decrypt(CiphertextBlob=blob, KeyId="alias/right")["Plaintext"] == b"x"


def test_decrypt_with_an_algorithm_the_key_lacks(kms: Any, key_id: str) -> None:
    blob = kms.encrypt(KeyId=key_id, Plaintext=b"x")["CiphertextBlob"]
    error = _error(
        lambda: kms.decrypt(CiphertextBlob=blob, EncryptionAlgorithm="RSAES_OAEP_SHA_256")
    )
    assert error == {
        "Code": "InvalidKeyUsageException",
        "Message": "Algorithm RSAES_OAEP_SHA_256 is incompatible with key spec SYMMETRIC_DEFAULT.",
    }


_UNREACHABLE = (
    "The ciphertext refers to a customer master key that does not exist, does not exist in this "
    "region, or you are not allowed to access."
)


def test_ciphertext_from_another_region_is_refused(kms: Any, key_id: str) -> None:
    blob = kms.encrypt(KeyId=key_id, Plaintext=b"x")["CiphertextBlob"]
    west = boto3.client("kms", region_name="us-west-2")
    assert _error(lambda: west.decrypt(CiphertextBlob=blob)) == {
        "Code": "AccessDeniedException",
        "Message": _UNREACHABLE,
    }


def test_ciphertext_from_another_fake_or_account_is_refused(kms: Any) -> None:
    with mock_kms(account_id="444455556666"):
        foreign = boto3.client("kms", region_name="us-east-1")
        key = foreign.create_key()["KeyMetadata"]["KeyId"]
        blob = foreign.encrypt(KeyId=key, Plaintext=b"x")["CiphertextBlob"]
    assert _error(lambda: kms.decrypt(CiphertextBlob=blob))["Message"] == _UNREACHABLE


def test_cross_account_decrypt_by_ciphertext_within_one_fake(kms: Any, kms_fake: KmsFake) -> None:
    other = kms_fake._service.dispatch("CreateKey", {}, region="us-east-1", account_id="444455556666")
    other_arn = other.parsed["KeyMetadata"]["Arn"]
    blob = kms.encrypt(KeyId=other_arn, Plaintext=b"shared")["CiphertextBlob"]
    assert kms.decrypt(CiphertextBlob=blob)["Plaintext"] == b"shared"


def test_ciphertext_of_a_deleted_key(kms: Any, kms_fake: KmsFake, key_id: str) -> None:
    blob = kms.encrypt(KeyId=key_id, Plaintext=b"x")["CiphertextBlob"]
    kms_fake._service.store.region(ACCOUNT, "us-east-1").delete_key(key_id)
    assert _error(lambda: kms.decrypt(CiphertextBlob=blob))["Message"] == _UNREACHABLE


def test_decrypt_of_a_disabled_keys_ciphertext(kms: Any, key_id: str) -> None:
    blob = kms.encrypt(KeyId=key_id, Plaintext=b"x")["CiphertextBlob"]
    kms.disable_key(KeyId=key_id)
    assert _error(lambda: kms.decrypt(CiphertextBlob=blob)) == {
        "Code": "DisabledException",
        "Message": f"{_arn(key_id)} is disabled.",
    }


# --- DryRun ----------------------------------------------------------------------------------

_DRY = {
    "Code": "DryRunOperationException",
    "Message": "The request would have succeeded, but the DryRun option is set.",
}


def test_dry_run_reports_success_without_acting(kms: Any, kms_fake: KmsFake, key_id: str) -> None:
    assert _error(lambda: kms.encrypt(KeyId=key_id, Plaintext=b"x", DryRun=True)) == _DRY
    assert (
        _error(lambda: kms.generate_data_key(KeyId=key_id, KeySpec="AES_256", DryRun=True)) == _DRY
    )
    blob = kms.encrypt(KeyId=key_id, Plaintext=b"x")["CiphertextBlob"]
    assert _error(lambda: kms.decrypt(CiphertextBlob=blob, DryRun=True)) == _DRY
    if "DryRunModifiers" in kms.meta.service_model.operation_model("Decrypt").input_shape.members:
        ignoring = _error(
            lambda: kms.decrypt(KeyId=key_id, DryRun=True, DryRunModifiers=["IGNORE_CIPHERTEXT"])
        )
        assert ignoring == _DRY


def test_dry_run_still_reports_the_real_error_first(kms: Any, key_id: str) -> None:
    kms.disable_key(KeyId=key_id)
    error = _error(lambda: kms.encrypt(KeyId=key_id, Plaintext=b"x", DryRun=True))
    assert error["Code"] == "DisabledException"


# --- ReEncrypt -------------------------------------------------------------------------------


def test_re_encrypt_moves_ciphertext_between_keys_and_contexts(kms: Any, key_id: str) -> None:
    destination = kms.create_key()["KeyMetadata"]["KeyId"]
    blob = kms.encrypt(KeyId=key_id, Plaintext=b"move me", EncryptionContext={"a": "1"})
    moved = kms.re_encrypt(
        CiphertextBlob=blob["CiphertextBlob"],
        SourceEncryptionContext={"a": "1"},
        DestinationKeyId=destination,
        DestinationEncryptionContext={"b": "2"},
    )
    assert moved["SourceKeyId"] == _arn(key_id) and moved["KeyId"] == _arn(destination)
    assert (
        moved["SourceEncryptionAlgorithm"]
        == moved["DestinationEncryptionAlgorithm"]
        == "SYMMETRIC_DEFAULT"
    )
    plain = kms.decrypt(CiphertextBlob=moved["CiphertextBlob"], EncryptionContext={"b": "2"})
    assert (plain["Plaintext"], plain["KeyId"]) == (b"move me", _arn(destination))


def test_re_encrypt_with_the_wrong_source_key(kms: Any, key_id: str) -> None:
    other = kms.create_key()["KeyMetadata"]["KeyId"]
    blob = kms.encrypt(KeyId=key_id, Plaintext=b"x")["CiphertextBlob"]
    error = _error(
        lambda: kms.re_encrypt(CiphertextBlob=blob, SourceKeyId=other, DestinationKeyId=other)
    )
    assert error["Code"] == "IncorrectKeyException"


# --- GenerateDataKey ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "length"),
    [
        *(({"KeySpec": spec}, size) for spec, size in documented.AES_DATA_KEY_BYTES.items()),
        ({"NumberOfBytes": documented.DATA_KEY_MAX_BYTES}, documented.DATA_KEY_MAX_BYTES),
    ],
)
def test_generate_data_key_lengths(
    kms: Any, key_id: str, params: dict[str, Any], length: int
) -> None:
    response = kms.generate_data_key(KeyId=key_id, EncryptionContext={"c": "d"}, **params)
    assert len(response["Plaintext"]) == length
    again = kms.decrypt(CiphertextBlob=response["CiphertextBlob"], EncryptionContext={"c": "d"})
    assert again["Plaintext"] == response["Plaintext"]
    assert response["KeyId"] == _arn(key_id)
    assert response["KeyMaterialId"] == again["KeyMaterialId"]


def test_generate_data_key_without_plaintext(kms: Any, key_id: str) -> None:
    response = kms.generate_data_key_without_plaintext(KeyId=key_id, KeySpec="AES_256")
    assert "Plaintext" not in response
    plaintext = kms.decrypt(CiphertextBlob=response["CiphertextBlob"])["Plaintext"]
    assert len(plaintext) == documented.AES_DATA_KEY_BYTES["AES_256"]


@pytest.mark.parametrize("params", [{}, {"KeySpec": "AES_256", "NumberOfBytes": 32}])
def test_generate_data_key_needs_exactly_one_of_spec_and_length(
    kms: Any, key_id: str, params: dict[str, Any]
) -> None:
    error = _error(lambda: kms.generate_data_key(KeyId=key_id, **params))
    assert error == {
        "Code": "ValidationException",
        "Message": "Please specify either number of bytes or key spec.",
    }


def test_generate_data_key_over_1024_bytes(kms: Any, key_id: str) -> None:
    assert _error(lambda: kms.generate_data_key(KeyId=key_id, NumberOfBytes=1025)) == {
        "Code": "ValidationException",
        "Message": "1 validation error detected: Value '1025' at 'numberOfBytes' failed to satisfy "
        "constraint: Member must have value less than or equal to 1024",
    }


# --- GenerateRandom ----------------------------------------------------------------------------


def test_generate_random(kms: Any) -> None:
    first, second = (kms.generate_random(NumberOfBytes=32)["Plaintext"] for _ in range(2))
    assert len(first) == 32 and first != second


def test_generate_random_aws_messages(kms: Any) -> None:
    assert _error(lambda: kms.generate_random(NumberOfBytes=1025)) == {
        "Code": "ValidationException",
        "Message": "1 validation error detected: Value '1025' at 'numberOfBytes' failed to satisfy "
        "constraint: Member must have value less than or equal to 1024",
    }
    assert _error(lambda: kms.generate_random()) == {
        "Code": "ValidationException",
        "Message": "NumberOfBytes is required.",
    }


@pytest.mark.skipif(
    "CiphertextBlob" in DECRYPT_INPUT.required_members,  # type: ignore[attr-defined]
    reason="this botocore's model (before 1.42.50) requires CiphertextBlob on the client",
)
def test_decrypt_and_re_encrypt_without_a_ciphertext(kms: Any, key_id: str) -> None:
    """AWS's text, as measured against KMS (2026), before any key is looked up."""
    missing = {
        "Code": "ValidationException",
        "Message": "1 validation error detected: Value null at 'ciphertextBlob' failed to "
        "satisfy constraint: Member must not be null",
    }
    assert _error(lambda: kms.decrypt(KeyId=key_id)) == missing
    assert _error(lambda: kms.re_encrypt(DestinationKeyId="alias/missing")) == missing


def test_a_key_id_that_did_not_encrypt_the_ciphertext_comes_first(
    kms: Any, kms_fake: KmsFake, key_id: str
) -> None:
    """KMS reads the ciphertext before it checks the KeyId's own usage or state, as measured
    against KMS (2026): IncorrectKeyException for each of these."""
    blob = kms.encrypt(KeyId=key_id, Plaintext=b"x")["CiphertextBlob"]
    others = [
        kms.create_key(KeySpec="RSA_2048", KeyUsage="ENCRYPT_DECRYPT"),
        kms.create_key(KeySpec="RSA_2048", KeyUsage="SIGN_VERIFY"),
        kms.create_key(Origin="EXTERNAL"),  # pending import
    ]
    disabled = kms.create_key()["KeyMetadata"]["KeyId"]
    kms.disable_key(KeyId=disabled)
    for other in [*(o["KeyMetadata"]["KeyId"] for o in others), disabled]:
        assert _error(lambda other=other: kms.decrypt(CiphertextBlob=blob, KeyId=other)) == {
            "Code": "IncorrectKeyException",
            "Message": "The key ID in the request does not identify a CMK that can perform this "
            "operation.",
        }
