"""Keys declared up front: fixed ids, aliases, material and state, from lists and files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import boto3
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from pytest_kmsfake import mock_kms
from pytest_kmsfake._testing.seeding import SeedError

pytest_plugins = ["pytester"]

KEY_ID = "11111111-2222-4333-8444-555555555555"
MATERIAL = "00" * 31 + "01"


def test_declared_keys_have_fixed_ids_aliases_and_material() -> None:
    declared = [
        {"key_id": KEY_ID, "aliases": ["alias/orders"], "material": MATERIAL, "tags": {"team": "a"}}
    ]
    with mock_kms(keys=declared) as fake:
        client = boto3.client("kms", region_name="us-east-1")
        metadata = client.describe_key(KeyId="alias/orders")["KeyMetadata"]
        assert metadata["KeyId"] == KEY_ID
        assert metadata["Arn"] == f"arn:aws:kms:us-east-1:111122223333:key/{KEY_ID}"
        assert client.list_resource_tags(KeyId=KEY_ID)["Tags"] == [
            {"TagKey": "team", "TagValue": "a"}
        ]
        blob = client.encrypt(KeyId="alias/orders", Plaintext=b"kept in a fixture file")[
            "CiphertextBlob"
        ]
        assert not fake.calls.filter("CreateKey")  # declared keys are not calls of the code
    # A later run with the same declaration decrypts what the earlier one encrypted.
    with mock_kms(keys=declared):
        client = boto3.client("kms", region_name="us-east-1")
        assert client.decrypt(CiphertextBlob=blob)["Plaintext"] == b"kept in a fixture file"


def test_declared_asymmetric_key_from_pem_and_state(tmp_path: Path) -> None:
    private = ec.generate_private_key(ec.SECP256R1())
    pem = private.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    keys_file = tmp_path / "keys.json"
    keys_file.write_text(json.dumps({"keys": [
        {"key_id": KEY_ID, "key_spec": "ECC_NIST_P256", "key_usage": "SIGN_VERIFY", "material": pem},
        {"region": "eu-west-1", "state": "Disabled", "aliases": ["alias/off"]},
    ]}))  # fmt: skip
    with mock_kms(keys=str(keys_file)):
        client = boto3.client("kms", region_name="us-east-1")
        public = client.get_public_key(KeyId=KEY_ID)["PublicKey"]
        assert public == private.public_key().public_bytes(
            serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
        )
        dublin = boto3.client("kms", region_name="eu-west-1")
        assert dublin.describe_key(KeyId="alias/off")["KeyMetadata"]["KeyState"] == "Disabled"


@pytest.mark.parametrize(
    ("declaration", "message"),
    [
        ({"key_spec": "AES"}, "declared key 1: unknown key_spec 'AES'"),
        ({"colour": "red"}, "declared key 1: unknown field(s) colour"),
        ({"key_id": "nope"}, "key_id 'nope' is not a valid key id"),
        ({"material": "zz"}, "material is neither hex, base64 nor PEM"),
        ({"material": "00" * 16}, "symmetric key material must be 32 bytes"),
        ({"key_spec": "RSA_2048"}, "ValidationException: You must specify a KeyUsage"),
        ({"state": "Gone"}, "unknown state 'Gone'"),
    ],
)
def test_bad_declarations_say_what_is_wrong(declaration: dict[str, Any], message: str) -> None:
    with pytest.raises(SeedError, match=message.replace("(", r"\(").replace(")", r"\)")):
        mock_kms(keys=[declaration])


def test_keys_from_the_ini_file_and_yaml(pytester: pytest.Pytester) -> None:
    pytest.importorskip("yaml")
    pytester.makefile(".yaml", keys=f"keys:\n  - key_id: {KEY_ID}\n    aliases: [alias/app]\n")
    pytester.makeini("[pytest]\nkms_fake_keys = keys.yaml\n")
    pytester.makepyfile(
        f"""
        import boto3

        def test_it(kms_fake):
            client = boto3.client("kms", region_name="us-east-1")
            assert client.describe_key(KeyId="alias/app")["KeyMetadata"]["KeyId"] == "{KEY_ID}"
        """
    )
    pytester.runpytest().assert_outcomes(passed=1)


def test_a_bad_keys_file_fails_the_test_clearly(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import pytest

        @pytest.mark.kms_fake(keys=[{"key_spec": "AES"}])
        def test_it(kms_fake):
            pass
        """
    )
    result = pytester.runpytest()
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(
        ["*the kms_fake marker's keys: declared key 1: unknown key_spec 'AES'*"]
    )


def test_a_bad_key_in_the_ini_keys_file_names_the_ini_option(pytester: pytest.Pytester) -> None:
    pytester.makeini("[pytest]\nkms_fake_keys = keys.json\n")
    pytester.path.joinpath("keys.json").write_text('[{"key_spec": "AES"}]')
    pytester.makepyfile("def test_it(kms_fake):\n    pass\n")
    result = pytester.runpytest()
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(
        ["*ini option kms_fake_keys: declared key 1: unknown key_spec 'AES'*"]
    )
