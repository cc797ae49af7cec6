"""The fake's region profiles against AWS's documents (tests/documented_regions.py): every
profile x Region x check cell, through boto3. An allowed cell must succeed; a refused one must
fail with AWS's UnsupportedOperationException "<what> is not supported in this Region".

The expectations come from the documented cells only, never from the fake's profiles; the
fake's tables are read only to find a profile, operation or spec the cells leave out."""

from __future__ import annotations

import fnmatch
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import boto3
import botocore.session
import documented_regions as documented
import pytest
from botocore.exceptions import ClientError
from documented_regions import CELLS, CHECKS, DEVIATIONS, FAMILIES, REGIONS, Check, Fact

from pytest_kmsfake import KmsFake
from pytest_kmsfake._rules.regions import PROFILES

OK = "ok"
Outcome = Any  # OK, or the (code, message) of the error


def _model_enum(shape: str) -> set[str]:
    model = botocore.session.get_session().get_service_model("kms")
    return set(model.shape_for(shape).enum)  # type: ignore[attr-defined]


_KEY_SPECS_IN_THE_MODEL = _model_enum("KeySpec")


def _fact(profile: str, region: str, check: str) -> Fact:
    return CELLS[profile][check][REGIONS.index(region)]


def _deviation(cell: tuple[str, str, str]) -> str | None:
    return next((name for name, d in DEVIATIONS.items() if cell in d.cells), None)


def _in_the_model(check: Check) -> bool:
    """An older botocore lacks the newest specs: its model (and so the fake) refuses them as
    invalid values, which says nothing about Regions."""
    return check.operation == "GetParametersForImport" or check.spec in _KEY_SPECS_IN_THE_MODEL


@contextmanager
def _without_region_rules(fake: KmsFake) -> Iterator[None]:
    """Make what a check needs beforehand (an ML-KEM key in China) as if no rule applied."""
    options = fake.options
    fake.options = options.updated(region_profile="none")
    try:
        yield
    finally:
        fake.options = options


def _call(fake: KmsFake, region: str, check: Check) -> Callable[[], object]:
    """The call the check makes, with everything it needs made first."""
    client: Any = boto3.client("kms", region_name=region)  # specs typed as str, not Literal
    if check.operation == "CreateKey":
        usage = next(f.usage for f in FAMILIES.values() if check.spec in f.key_specs)
        return lambda: client.create_key(KeySpec=check.spec, KeyUsage=usage)
    if check.operation == "GenerateDataKeyPair":
        key_id = client.create_key()["KeyMetadata"]["KeyId"]
        return lambda: client.generate_data_key_pair(KeyId=key_id, KeyPairSpec=check.spec)
    if check.operation == "GetParametersForImport":
        key_id = client.create_key(Origin="EXTERNAL")["KeyMetadata"]["KeyId"]
        algorithm = "SM2PKE" if check.spec == "SM2" else "RSAES_OAEP_SHA_256"
        return lambda: client.get_parameters_for_import(
            KeyId=key_id, WrappingAlgorithm=algorithm, WrappingKeySpec=check.spec
        )
    with _without_region_rules(fake):
        key_id = client.create_key(KeySpec=check.spec, KeyUsage="ENCAPSULATE_DECAPSULATE")[
            "KeyMetadata"
        ]["KeyId"]
        made = client.encapsulate(KeyId=key_id, EncapsulationAlgorithm="ML_KEM")
    if check.operation == "Encapsulate":
        return lambda: client.encapsulate(KeyId=key_id, EncapsulationAlgorithm="ML_KEM")
    assert check.operation == "Decapsulate", check
    return lambda: client.decapsulate(
        KeyId=key_id,
        SharedSecretCiphertextBlob=made["SharedSecretCiphertextBlob"],
        EncapsulationAlgorithm="ML_KEM",
    )


def _outcome(call: Callable[[], object]) -> Outcome:
    try:
        call()
    except ClientError as error:
        return (error.response["Error"]["Code"], error.response["Error"]["Message"])
    return OK


def _expected(fact: Fact, check: Check) -> Outcome:
    if fact.allowed:
        return OK
    what = check.operation if fact.by_operation else check.named
    return (documented.REFUSAL_CODE, documented.REFUSAL.format(what=what))


# One test per profile and Region, with every check in it: a failure lists every cell that
# disagrees at once.
@pytest.mark.parametrize(
    ("profile", "region"),
    [
        pytest.param(profile, region, marks=pytest.mark.kms_fake(region_profile=profile))
        for profile in CELLS
        for region in REGIONS
    ],
)
def test_each_cell(kms_fake: KmsFake, profile: str, region: str) -> None:
    wrong = []
    for name, check in CHECKS.items():
        if not _in_the_model(check):
            continue
        fact = _fact(profile, region, name)
        expected, answered = _expected(fact, check), _outcome(_call(kms_fake, region, check))
        if answered != expected:
            deviation = _deviation((profile, region, name))
            wrong.append(
                f"{name}: documented {expected} [{fact.source}]"
                + (f" [DEVIATIONS {deviation!r}]" if deviation else "")
                + f", the fake answered {answered}"
            )
    assert not wrong, f"{profile} in {region}:\n" + "\n".join(wrong)


# --- Nothing is missing on either side --------------------------------------------------------------


def test_every_profile_of_the_fake_is_documented_and_no_other() -> None:
    assert set(CELLS) == set(PROFILES)


@pytest.mark.parametrize("profile", sorted(CELLS))
def test_each_profile_has_every_check_in_every_region(profile: str) -> None:
    assert set(CELLS[profile]) == set(CHECKS)
    for check, row in CELLS[profile].items():
        assert len(row) == len(REGIONS), (profile, check)


def test_the_regions_cover_each_distinction() -> None:
    assert {"us-east-1", "eu-west-1", "us-gov-west-1", "cn-north-1", "cn-northwest-1"} <= set(
        REGIONS
    )


def test_every_key_spec_and_pair_spec_of_the_model_belongs_to_a_family() -> None:
    key_specs = {spec for family in FAMILIES.values() for spec in family.key_specs}
    pair_specs = {spec for family in FAMILIES.values() for spec in family.pair_specs}
    assert key_specs >= _KEY_SPECS_IN_THE_MODEL
    assert _model_enum("DataKeyPairSpec") <= pair_specs


def test_every_family_is_checked_for_keys_and_for_data_key_pairs() -> None:
    for name, family in FAMILIES.items():
        assert family.tried in family.key_specs, name
        assert any(
            c.operation == "CreateKey" and c.spec in family.key_specs for c in CHECKS.values()
        ), name
        if family.pair_specs:
            assert any(
                c.operation == "GenerateDataKeyPair" and c.spec in family.pair_specs
                for c in CHECKS.values()
            ), name


def test_every_rule_of_the_fake_meets_a_check() -> None:
    """A rule the fake grows on another operation or spec must come with documented cells."""
    operations = {c.operation for c in CHECKS.values()}
    specs = {c.spec for c in CHECKS.values() if c.operation != "GetParametersForImport"}
    wrapping = {c.spec for c in CHECKS.values() if c.operation == "GetParametersForImport"}
    for rules in PROFILES.values():
        for rule in rules:
            assert set(rule.operations) <= operations, rule.name
            for pattern in rule.key_specs:
                assert fnmatch.filter(specs, pattern), (rule.name, pattern)
            for pattern in rule.wrapping_key_specs:
                assert fnmatch.filter(wrapping, pattern), (rule.name, pattern)


def test_every_deviation_names_cells_that_exist() -> None:
    for name, deviation in DEVIATIONS.items():
        assert deviation.cells and deviation.reason and deviation.source, name
        for profile, region, check in deviation.cells:
            assert profile in CELLS and region in REGIONS and check in CHECKS, (name, check)
