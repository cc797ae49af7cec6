"""The KEY_SPECS table: one row per KeySpec of botocore's KMS model, each with its family,
written by hand from the KeySpec documentation [MD CreateKey.KeySpec], not read from the
table."""

from __future__ import annotations

import botocore.session
import pytest

from pytest_kmsfake._rules.key_specs import KEY_SPECS, KeyFamily
from pytest_kmsfake._rules.regions import PROFILES

MODEL = botocore.session.get_session().get_service_model("kms")

FAMILIES = {
    "SYMMETRIC_DEFAULT": KeyFamily.SYMMETRIC,
    "RSA_2048": KeyFamily.RSA,
    "RSA_4096": KeyFamily.RSA,
    "ECC_NIST_P256": KeyFamily.ECC,
    "ECC_NIST_P521": KeyFamily.ECC,
    "ECC_SECG_P256K1": KeyFamily.ECC,
    "ECC_NIST_EDWARDS25519": KeyFamily.ED25519,
    "HMAC_224": KeyFamily.HMAC,
    "HMAC_512": KeyFamily.HMAC,
    "SM2": KeyFamily.SM2,
    "ML_DSA_44": KeyFamily.ML_DSA,
    "ML_KEM_1024": KeyFamily.ML_KEM,
}


def test_one_row_per_key_spec_of_the_model() -> None:
    listed = MODEL.shape_for("KeySpec").enum
    assert sorted(KEY_SPECS) == sorted(listed)
    assert all(name == row.name for name, row in KEY_SPECS.items())


@pytest.mark.parametrize(("spec", "family"), FAMILIES.items())
def test_family(spec: str, family: KeyFamily) -> None:
    assert KEY_SPECS[spec].family is family


@pytest.mark.parametrize(
    ("spec", "kind"),
    [("SYMMETRIC_DEFAULT", "symmetric"), ("HMAC_256", "hmac"), ("RSA_3072", "asymmetric"),
     ("ECC_NIST_EDWARDS25519", "asymmetric"), ("ML_KEM_512", "asymmetric")],
)  # fmt: skip
def test_the_three_kinds_aws_tells_apart(spec: str, kind: str) -> None:
    assert KEY_SPECS[spec].kind == kind


def test_only_hmac_specs_have_hmac_key_lengths() -> None:
    for name, row in KEY_SPECS.items():
        is_hmac = name.startswith("HMAC_")
        assert (row.hmac_key_length is not None) == is_hmac, name
        assert (row.imported_lengths is not None) == is_hmac, name


def test_the_asymmetric_region_rule_names_exactly_the_asymmetric_specs() -> None:
    """The region profiles name key specs by shell wildcard (a user-facing notation); the
    default profile's China rule must cover the asymmetric specs and nothing else."""
    (rule,) = [r for r in PROFILES["default"] if r.name == "asymmetric-not-in-china"]
    refused = {spec for spec in KEY_SPECS if rule.refuses_spec("cn-north-1", spec)}
    assert refused == {name for name, row in KEY_SPECS.items() if row.kind == "asymmetric"}
