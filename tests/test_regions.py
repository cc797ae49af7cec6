"""Region rules as data: the default profile, the dated profile, user rules, unknown regions."""

from __future__ import annotations

from typing import Any, Callable

import boto3
import pytest
from botocore.exceptions import ClientError

from pytest_kmsfake import KmsFake, mock_kms
from pytest_kmsfake._service.options import OptionError

pytest_plugins = ["pytester"]


def _error(call: Callable[[], Any]) -> dict[str, str]:
    with pytest.raises(ClientError) as info:
        call()
    return dict(info.value.response["Error"])


def test_default_profile_refuses_asymmetric_keys_in_china(kms_fake: KmsFake) -> None:
    beijing = boto3.client("kms", region_name="cn-north-1")
    assert _error(lambda: beijing.create_key(KeySpec="RSA_2048", KeyUsage="SIGN_VERIFY")) == {
        "Code": "UnsupportedOperationException",
        "Message": "KeySpec RSA_2048 is not supported in this Region",
    }
    # The call log says which of the fake's rules refused (AWS's message cannot).
    assert kms_fake.calls.last.reason == (
        "region rule 'asymmetric-not-in-china' in cn-north-1 "
        "(KMS developer guide, 2020-03 to 2021-06)"
    )
    key = beijing.create_key()["KeyMetadata"]  # symmetric keys work there
    assert key["Arn"].startswith("arn:aws-cn:kms:cn-north-1:")
    error = _error(
        lambda: beijing.generate_data_key_pair(KeyId=key["KeyId"], KeyPairSpec="ECC_NIST_P256")
    )
    assert error["Message"] == "KeyPairSpec ECC_NIST_P256 is not supported in this Region"
    frankfurt = boto3.client("kms", region_name="eu-central-1")
    frankfurt.create_key(KeySpec="RSA_2048", KeyUsage="SIGN_VERIFY")


def test_sm2_only_in_china(kms_fake: KmsFake) -> None:
    """AWS's text, as measured in us-east-1 (2026)."""
    error = _error(
        lambda: boto3.client("kms", region_name="us-east-1").create_key(
            KeySpec="SM2", KeyUsage="SIGN_VERIFY"
        )
    )
    assert error == {
        "Code": "UnsupportedOperationException",
        "Message": "KeySpec SM2 is not supported in this Region",
    }
    assert "region rule 'sm2-only-in-china' in us-east-1" in str(kms_fake.calls.last.reason)
    assert "[region rule 'sm2-only-in-china'" in kms_fake.calls.last.describe()


def _import_parameters(region: str, wrapping_spec: str, algorithm: str) -> Any:
    client = boto3.client("kms", region_name=region)
    key_id = client.create_key(Origin="EXTERNAL")["KeyMetadata"]["KeyId"]
    return lambda: client.get_parameters_for_import(
        KeyId=key_id, WrappingAlgorithm=algorithm, WrappingKeySpec=wrapping_spec
    )


@pytest.mark.parametrize("profile", ["default", "2026-11"])
def test_sm2_wrapping_keys_only_in_china(profile: str) -> None:
    """ "AWS KMS also supports the SM2 wrapping key spec (China Regions only)" [DG importing
    keys]; RSA wrapping keys stay available in China under every profile."""
    with mock_kms(region_profile=profile) as fake:
        error = _error(_import_parameters("us-east-1", "SM2", "SM2PKE"))
        assert error == {
            "Code": "UnsupportedOperationException",
            "Message": "WrappingKeySpec SM2 is not supported in this Region",
        }
        assert "'sm2-only-in-china'" in str(fake.calls.last.reason)
        _import_parameters("cn-north-1", "RSA_2048", "RSAES_OAEP_SHA_256")()
        _import_parameters("cn-north-1", "SM2", "SM2PKE")()


@pytest.mark.kms_fake(
    region_rules=[{"name": "no-rsa-2048-wrapping", "wrapping_key_specs": ["RSA_2048"]}]
)
def test_a_user_rule_refuses_wrapping_key_specs(kms_fake: KmsFake) -> None:
    error = _error(_import_parameters("eu-west-1", "RSA_2048", "RSAES_OAEP_SHA_256"))
    assert error["Message"] == "WrappingKeySpec RSA_2048 is not supported in this Region"
    assert "'no-rsa-2048-wrapping'" in str(kms_fake.calls.last.reason)
    _import_parameters("eu-west-1", "RSA_4096", "RSAES_OAEP_SHA_256")()


@pytest.mark.kms_fake(region_profile="2026-11")
def test_the_2026_profile(kms_fake: KmsFake) -> None:
    ningxia = boto3.client("kms", region_name="cn-northwest-1")
    ningxia.create_key(KeySpec="RSA_2048", KeyUsage="ENCRYPT_DECRYPT")  # allowed since 2021-06
    ningxia.create_key(KeySpec="SM2", KeyUsage="SIGN_VERIFY")
    ningxia.create_key(KeySpec="HMAC_256", KeyUsage="GENERATE_VERIFY_MAC")  # since 2023-05
    error = _error(
        lambda: ningxia.create_key(KeySpec="ML_KEM_768", KeyUsage="ENCAPSULATE_DECAPSULATE")
    )
    assert error["Message"] == "KeySpec ML_KEM_768 is not supported in this Region"
    assert "'ml-kem-not-in-china'" in str(kms_fake.calls.last.reason)


@pytest.mark.kms_fake(region_profile="none")
def test_no_rules(kms_fake: KmsFake) -> None:
    boto3.client("kms", region_name="us-west-2").create_key(KeySpec="SM2", KeyUsage="SIGN_VERIFY")


@pytest.mark.kms_fake(
    region_rules=[{"name": "no-signing-in-paris", "regions": "eu-west-3", "operations": ["Sign"]}]
)
def test_user_rules_refuse_operations_and_name_themselves(kms_fake: KmsFake) -> None:
    paris = boto3.client("kms", region_name="eu-west-3")
    key = paris.create_key(KeySpec="ECC_NIST_P256", KeyUsage="SIGN_VERIFY")["KeyMetadata"]["KeyId"]
    error = _error(lambda: paris.sign(KeyId=key, Message=b"m", SigningAlgorithm="ECDSA_SHA_256"))
    assert error == {
        "Code": "UnsupportedOperationException",
        "Message": "Sign is not supported in this Region",
    }
    assert (
        kms_fake.calls.last.reason == "region rule 'no-signing-in-paris' in eu-west-3 (user rule)"
    )
    boto3.client("kms", region_name="eu-west-1").list_keys()


def test_rules_switch_on_the_fake_for_existing_keys() -> None:
    with mock_kms(region_profile="none") as fake:
        client = boto3.client("kms", region_name="cn-north-1")
        key = client.create_key(KeySpec="ECC_NIST_P256", KeyUsage="SIGN_VERIFY")["KeyMetadata"][
            "KeyId"
        ]
        fake.options = fake.options.updated(region_profile="default")
        error = _error(
            lambda: client.sign(KeyId=key, Message=b"m", SigningAlgorithm="ECDSA_SHA_256")
        )
        assert error["Message"] == "KeySpec ECC_NIST_P256 is not supported in this Region"
        assert "'asymmetric-not-in-china'" in str(fake.calls.last.reason)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"region_profile": "2019"}, "region_profile must be one of default, 2026-11, none"),
        ({"region_rules": [{"regions": ["x"]}]}, "refuses nothing"),
        ({"region_rules": [{"bogus": 1, "operations": ["Sign"]}]}, "unknown fields: bogus"),
    ],
)
def test_bad_region_options(options: dict[str, Any], message: str) -> None:
    with pytest.raises(OptionError, match=message):
        mock_kms(**options)


@pytest.mark.parametrize(
    ("rules", "message"),
    [
        (["Sign"], "region rule 1 must be a mapping, got 'Sign'"),
        (
            [{"operations": ["Sign"]}, {"key_specs": "SM2", "bogus": 1, "other": 2}],
            "region rule 2 has unknown fields: bogus, other",
        ),
        (
            [{"operations": ["Sign"]}, {"regions": ["x"]}],
            "region rule 'user-rule-2' refuses nothing: give key_specs, operations or "
            "wrapping_key_specs",
        ),
    ],
)
def test_bad_region_rules_are_refused_in_full(rules: list[Any], message: str) -> None:
    with pytest.raises(OptionError) as info:
        mock_kms(region_rules=rules)
    assert str(info.value) == f"mock_kms(): region_rules: {message}"


@pytest.mark.kms_fake(region_rules=[{"key_specs": "HMAC_*", "except_regions": ["eu-west-1"]}])
def test_a_user_rule_with_except_regions_refuses_everywhere_else(kms_fake: KmsFake) -> None:
    boto3.client("kms", region_name="eu-west-1").create_key(
        KeySpec="HMAC_256", KeyUsage="GENERATE_VERIFY_MAC"
    )
    ohio = boto3.client("kms", region_name="us-east-2")
    error = _error(lambda: ohio.create_key(KeySpec="HMAC_256", KeyUsage="GENERATE_VERIFY_MAC"))
    assert error["Message"] == "KeySpec HMAC_256 is not supported in this Region"
    assert kms_fake.calls.last.reason == "region rule 'user-rule-1' in us-east-2 (user rule)"


@pytest.mark.parametrize(
    ("profile", "region", "spec", "usage", "reason"),
    [
        (
            "default",
            "us-east-1",
            "SM2",
            "SIGN_VERIFY",
            "region rule 'sm2-only-in-china' in us-east-1 (botocore model (KeySpec "
            "documentation); developer guide (importing keys))",
        ),
        (
            "2026-11",
            "cn-north-1",
            "ML_KEM_512",
            "ENCAPSULATE_DECAPSULATE",
            "region rule 'ml-kem-not-in-china' in cn-north-1 (botocore model (KeySpec "
            "documentation))",
        ),
    ],
)
def test_the_call_log_names_the_built_in_rule_and_its_source(
    profile: str, region: str, spec: str, usage: str, reason: str
) -> None:
    with mock_kms(region_profile=profile) as fake:
        client = boto3.client("kms", region_name=region)
        _error(lambda: client.create_key(KeySpec=spec, KeyUsage=usage))
    assert fake.calls.last.reason == reason


def test_region_rules_from_the_ini_file(pytester: pytest.Pytester) -> None:
    pytester.makeini(
        '[pytest]\nkms_fake_region_rules = [{"regions": ["ap-south-2"], "key_specs": ["HMAC_*"]}]\n'
    )
    pytester.makepyfile(
        """
        import boto3, pytest
        from botocore.exceptions import ClientError

        def test_it(kms_fake):
            client = boto3.client("kms", region_name="ap-south-2")
            with pytest.raises(ClientError, match="not supported in this Region"):
                client.create_key(KeySpec="HMAC_256", KeyUsage="GENERATE_VERIFY_MAC")
            assert "region rule 'user-rule-1'" in kms_fake.calls.last.reason
        """
    )
    pytester.runpytest().assert_outcomes(passed=1)


def test_seeded_fakes_reproduce_key_ids_and_material() -> None:
    def run() -> tuple[str, bytes, bytes]:
        with mock_kms(key_seed="fixed") as fake:
            client = boto3.client("kms", region_name="us-east-1")
            symmetric = client.create_key()["KeyMetadata"]["KeyId"]
            signing = client.create_key(KeySpec="ECC_NIST_P256", KeyUsage="SIGN_VERIFY")[
                "KeyMetadata"
            ]["KeyId"]
            public = client.get_public_key(KeyId=signing)["PublicKey"]
            return symmetric, fake.key(symmetric).materials[0].secret, public

    first, second = run(), run()
    assert first == second
    with mock_kms(key_seed="other"):
        client = boto3.client("kms", region_name="us-east-1")
        assert client.create_key()["KeyMetadata"]["KeyId"] != first[0]


def test_prefill_ini_option_validates(pytester: pytest.Pytester) -> None:
    pytester.makeini("[pytest]\nkms_fake_prefill = RSA_2048=x\n")
    pytester.makepyfile("def test_it():\n    pass\n")
    result = pytester.runpytest()
    result.stderr.fnmatch_lines(["*kms_fake_prefill entries look like RSA_4096=50*"])


def test_a_region_that_does_not_exist_cannot_be_reached(kms_fake: KmsFake) -> None:
    from botocore.exceptions import EndpointConnectionError

    with pytest.raises(EndpointConnectionError, match=r"https://kms\.us-east1\.amazonaws\.com"):
        boto3.client("kms", region_name="us-east1").list_keys()
    # A region newer than botocore's endpoint data still works if it fits a partition.
    assert boto3.client("kms", region_name="eu-north-9").list_keys()["Keys"] == []
    custom = boto3.client("kms", region_name="local", endpoint_url="http://localhost:4566")
    assert custom.list_keys()["Keys"] == []  # a custom endpoint is the user's business
