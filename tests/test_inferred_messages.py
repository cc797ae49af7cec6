"""Messages the fake words itself because no recording of AWS's text was found (marked
INFERRED in the code, listed on the fidelity page). Pinned verbatim here so they change only on
purpose, together with that list."""

from __future__ import annotations

import datetime
import os
from typing import Any, Callable

import documented_service as documented
import pytest
from botocore.exceptions import ClientError
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding

from pytest_kmsfake import KmsFake
from pytest_kmsfake._rules.model import service_model

ACCOUNT = "111122223333"
DECRYPT_INPUT = service_model().operation_model("Decrypt").input_shape


def _error(call: Callable[[], Any]) -> dict[str, str]:
    with pytest.raises(ClientError) as info:
        call()
    return dict(info.value.response["Error"])


def _arn(key_id: str) -> str:
    return f"arn:aws:kms:us-east-1:{ACCOUNT}:key/{key_id}"


def test_key_spec_and_customer_master_key_spec_together(kms: Any) -> None:
    assert _error(
        lambda: kms.create_key(
            KeySpec="SYMMETRIC_DEFAULT", CustomerMasterKeySpec="SYMMETRIC_DEFAULT"
        )
    ) == {
        "Code": "ValidationException",
        "Message": "You cannot specify KeySpec and CustomerMasterKeySpec together.",
    }


def test_key_quota(kms: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("pytest_kmsfake._service.ops.keys.KEYS_PER_ACCOUNT_REGION", 2)
    kms.create_key()
    kms.create_key()
    assert _error(lambda: kms.create_key()) == {
        "Code": "LimitExceededException",
        "Message": "Key quota for this account in this region is exceeded.",
    }


def test_aliases_per_key(kms: Any, key_id: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("pytest_kmsfake._service.ops.aliases.ALIASES_PER_KEY", 1)
    kms.create_alias(AliasName="alias/one", TargetKeyId=key_id)
    assert _error(lambda: kms.create_alias(AliasName="alias/two", TargetKeyId=key_id)) == {
        "Code": "LimitExceededException",
        "Message": f"{_arn(key_id)} already has 1 aliases.",
    }


def test_alias_with_a_colon(kms: Any, key_id: str) -> None:
    assert _error(lambda: kms.create_alias(AliasName="alias/my:alias", TargetKeyId=key_id)) == {
        "Code": "ValidationException",
        "Message": "alias/my:alias contains invalid characters for an alias",
    }


def test_update_alias_to_another_kind_of_key(kms: Any, key_id: str) -> None:
    kms.create_alias(AliasName="alias/kind", TargetKeyId=key_id)
    signer = kms.create_key(KeySpec="ECC_NIST_P256", KeyUsage="SIGN_VERIFY")["KeyMetadata"]["KeyId"]
    assert _error(lambda: kms.update_alias(AliasName="alias/kind", TargetKeyId=signer)) == {
        "Code": "ValidationException",
        "Message": "Alias alias/kind cannot be changed from a key with KeySpec SYMMETRIC_DEFAULT and "
        "KeyUsage ENCRYPT_DECRYPT to a key with KeySpec ECC_NIST_P256 and KeyUsage SIGN_VERIFY.",
    }


@pytest.mark.skipif(
    "DryRunModifiers" not in DECRYPT_INPUT.members,  # type: ignore[attr-defined]
    reason="this botocore's model has no DryRunModifiers",
)
def test_ignore_ciphertext_without_a_key(kms: Any) -> None:
    assert _error(
        lambda: kms.decrypt(CiphertextBlob=b"x", DryRun=True, DryRunModifiers=["IGNORE_CIPHERTEXT"])
    ) == {
        "Code": "ValidationException",
        "Message": "KeyId is required when DryRunModifiers contains IGNORE_CIPHERTEXT.",
    }


def test_marker_not_issued_by_the_list_operation(kms: Any) -> None:
    kms.create_key()
    kms.create_key()
    marker = kms.list_keys(Limit=1)["NextMarker"]
    assert _error(lambda: kms.list_aliases(Marker=marker)) == {
        "Code": "InvalidMarkerException",
        "Message": "Marker is not valid.",
    }


def test_public_key_of_a_symmetric_key(kms: Any, key_id: str) -> None:
    assert _error(lambda: kms.get_public_key(KeyId=key_id)) == {
        "Code": "UnsupportedOperationException",
        "Message": f"{_arn(key_id)} key spec SYMMETRIC_DEFAULT is not valid for this operation.",
    }


# --- import ----------------------------------------------------------------------------------


def test_a_data_key_pair_from_an_asymmetric_key(kms: Any) -> None:
    """GenerateDataKey's refusal was measured; the pair operations' wording is the fake's."""
    rsa = kms.create_key(KeySpec="RSA_2048", KeyUsage="ENCRYPT_DECRYPT")["KeyMetadata"]["KeyId"]
    refused = {
        "Code": "InvalidKeyUsageException",
        "Message": "Algorithm SYMMETRIC_DEFAULT is incompatible with key spec RSA_2048.",
    }
    assert _error(lambda: kms.generate_data_key_pair(KeyId=rsa, KeyPairSpec="RSA_2048")) == refused
    assert (
        _error(
            lambda: kms.generate_data_key_pair_without_plaintext(KeyId=rsa, KeyPairSpec="RSA_2048")
        )
        == refused
    )


@pytest.fixture
def external(kms: Any) -> str:
    return str(kms.create_key(Origin="EXTERNAL")["KeyMetadata"]["KeyId"])


def _parameters(kms: Any, key_id: str) -> Any:
    return kms.get_parameters_for_import(
        KeyId=key_id, WrappingAlgorithm="RSAES_OAEP_SHA_256", WrappingKeySpec="RSA_2048"
    )


def _wrap(public_der: bytes, material: bytes) -> bytes:
    public = serialization.load_der_public_key(public_der)
    oaep = padding.OAEP(mgf=padding.MGF1(hashes.SHA256()), algorithm=hashes.SHA256(), label=None)
    return public.encrypt(material, oaep)  # type: ignore[union-attr]


def _import(kms: Any, key_id: str, material: bytes, **extra: Any) -> Any:
    parameters = _parameters(kms, key_id)
    return kms.import_key_material(
        KeyId=key_id,
        ImportToken=parameters["ImportToken"],
        EncryptedKeyMaterial=_wrap(parameters["PublicKey"], material),
        **extra,
    )


NEVER = {"ExpirationModel": "KEY_MATERIAL_DOES_NOT_EXPIRE"}


@pytest.mark.parametrize(
    ("algorithm", "spec", "message"),
    [
        (
            "RSAES_PKCS1_V1_5",
            "RSA_2048",
            "RSAES_PKCS1_V1_5 is no longer supported as a WrappingAlgorithm.",
        ),
        (
            "SM2PKE",
            "RSA_2048",
            "WrappingAlgorithm SM2PKE is not compatible with WrappingKeySpec RSA_2048",
        ),
        (
            "RSAES_OAEP_SHA_256",
            "SM2",
            "WrappingAlgorithm RSAES_OAEP_SHA_256 is not compatible with WrappingKeySpec SM2",
        ),
    ],
)
def test_wrapping_algorithm_and_key_spec(
    kms: Any, external: str, algorithm: str, spec: str, message: str
) -> None:
    call = lambda: kms.get_parameters_for_import(  # noqa: E731
        KeyId=external, WrappingAlgorithm=algorithm, WrappingKeySpec=spec
    )
    assert _error(call) == {"Code": "ValidationException", "Message": message}


def test_valid_to_rules(kms: Any, external: str) -> None:
    later = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=1)
    assert _error(lambda: _import(kms, external, os.urandom(32), ValidTo=later, **NEVER)) == {
        "Code": "ValidationException",
        "Message": "A validTo date must not be set if the ExpirationModel is "
        "KEY_MATERIAL_DOES_NOT_EXPIRE",
    }
    too_late = later + datetime.timedelta(days=documented.IMPORTED_MATERIAL_MAX_VALID_DAYS)
    assert _error(lambda: _import(kms, external, os.urandom(32), ValidTo=too_late)) == {
        "Code": "ValidationException",
        "Message": "The validTo date must be in the future and no more than 365 days from now.",
    }


def test_import_type_rules(kms: Any, external: str) -> None:
    assert _error(
        lambda: _import(
            kms,
            external,
            os.urandom(32),
            ImportType="NEW_KEY_MATERIAL",
            KeyMaterialId="ab" * 32,
            **NEVER,
        )
    ) == {
        "Code": "ValidationException",
        "Message": "You cannot specify a KeyMaterialId when ImportType is NEW_KEY_MATERIAL.",
    }
    hmac_key = kms.create_key(KeySpec="HMAC_256", KeyUsage="GENERATE_VERIFY_MAC", Origin="EXTERNAL")
    hmac_id = hmac_key["KeyMetadata"]["KeyId"]
    assert _error(
        lambda: _import(kms, hmac_id, os.urandom(32), ImportType="NEW_KEY_MATERIAL", **NEVER)
    ) == {
        "Code": "ValidationException",
        "Message": "ImportType and KeyMaterialId are only valid for symmetric encryption keys.",
    }


def test_import_token_and_material_messages(kms: Any, kms_fake: KmsFake, external: str) -> None:
    parameters = _parameters(kms, external)
    wrapped = _wrap(parameters["PublicKey"], os.urandom(32))
    assert _error(
        lambda: kms.import_key_material(
            KeyId=external, ImportToken=b"forged", EncryptedKeyMaterial=wrapped, **NEVER
        )
    ) == {
        "Code": "InvalidImportTokenException",
        "Message": "The import token is not valid for this KMS key.",
    }
    short = _wrap(parameters["PublicKey"], os.urandom(16))
    assert _error(
        lambda: kms.import_key_material(
            KeyId=external,
            ImportToken=parameters["ImportToken"],
            EncryptedKeyMaterial=short,
            **NEVER,
        )
    ) == {
        "Code": "ValidationException",
        "Message": "Invalid key material: symmetric key material must be 32 bytes.",
    }
    _import(kms, external, os.urandom(32), **NEVER)
    assert _error(lambda: _import(kms, external, os.urandom(32), **NEVER)) == {
        "Code": "IncorrectKeyMaterialException",
        "Message": f"The key material is not the key material previously imported into {_arn(external)}.",
    }
    assert _error(
        lambda: kms.delete_imported_key_material(KeyId=external, KeyMaterialId="cd" * 32)
    ) == {
        "Code": "NotFoundException",
        "Message": f"Key material {'cd' * 32} does not exist for {_arn(external)}.",
    }


def test_expired_import_token(kms: Any, kms_fake: KmsFake, external: str) -> None:
    parameters = _parameters(kms, external)
    wrapped = _wrap(parameters["PublicKey"], os.urandom(32))
    kms_fake.advance_time(days=1)
    assert _error(
        lambda: kms.import_key_material(
            KeyId=external,
            ImportToken=parameters["ImportToken"],
            EncryptedKeyMaterial=wrapped,
            **NEVER,
        )
    ) == {"Code": "ExpiredImportTokenException", "Message": "The import token has expired."}
