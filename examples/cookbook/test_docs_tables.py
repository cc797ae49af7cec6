"""The documentation's generated tables (docs/tables.py) render from the rule tables."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

import pytest

from pytest_kmsfake._rules import key_specs as _key_specs
from pytest_kmsfake._rules import key_states as _key_states
from pytest_kmsfake._rules import limits as _limits
from pytest_kmsfake._rules import model as _model
from pytest_kmsfake._rules.operations import KEY_STATE_OPERATIONS
from pytest_kmsfake._service.ops import HANDLERS

DOCS = Path(__file__).resolve().parents[2] / "docs"


@pytest.fixture(scope="module")
def tables():
    sys.path.insert(0, str(DOCS))
    try:
        module = importlib.import_module("tables")
    finally:
        sys.path.remove(str(DOCS))
        sys.modules.pop("tables", None)  # leave the name free for any other `tables`
    assert Path(module.__file__).resolve() == DOCS / "tables.py"
    return module


def test_key_specs_table(tables):
    text = tables.key_specs_table()
    assert "`SYMMETRIC_DEFAULT`" in text and "`EncryptionAlgorithms`" in text
    for spec in _key_specs.KEY_SPECS:
        assert f"`{spec}`" in text
    for field in _key_specs.ALGORITHM_FIELD_BY_USAGE.values():
        assert f"`{field}`" in text
    implemented_rows = [line for line in text.splitlines() if line.endswith("| ✓ |")]
    assert len(implemented_rows) == sum(
        len(_key_specs.KEY_SPECS[spec].usages) for spec in _key_specs.IMPLEMENTED_KEY_SPECS
    )


# The family column: each KeySpec's prefix, lower-cased, with ML-DSA and ML-KEM hyphenated as
# the developer guide writes them ("ML-DSA key specs").
FAMILY_OF = {
    "SYMMETRIC_DEFAULT": "symmetric",
    "HMAC_256": "hmac",
    "RSA_2048": "rsa",
    "ECC_NIST_P256": "ecc",
    "ECC_NIST_EDWARDS25519": "ed25519",
    "SM2": "sm2",
    "ML_DSA_65": "ml-dsa",
    "ML_KEM_768": "ml-kem",
}


@pytest.mark.parametrize("spec", FAMILY_OF)
def test_key_specs_table_names_each_family(tables, spec):
    rows = [line for line in tables.key_specs_table().splitlines() if line.startswith("| `")]
    families = {row.split("|")[2].strip() for row in rows if row.startswith(f"| `{spec}` |")}
    assert families == {FAMILY_OF[spec]}


def test_key_state_table(tables):
    text = tables.key_state_table()
    assert "DisabledException" in text and "KMSInvalidStateException" in text
    assert "*is pending deletion.*" in text and "*is not pending deletion.*" in text
    for operation in KEY_STATE_OPERATIONS:
        assert f"| `{operation}` |" in text
    header = text.splitlines()[0]
    for state in _key_states.KEY_STATES:
        assert f" {state} |" in header


def test_state_outcomes_follow_the_rule_table(tables):
    assert tables.state_outcome("Encrypt", "Enabled") == "✓"
    assert tables.state_outcome("Encrypt", "Disabled").startswith("`DisabledException`")
    assert tables.state_outcome("Encrypt", "PendingDeletion").startswith(
        "`KMSInvalidStateException`"
    )
    assert tables.state_outcome("CancelKeyDeletion", "Enabled").endswith(
        "*is not pending deletion.*"
    )


def test_operations_table(tables):
    text = tables.operations_table()
    assert "| `Encrypt` | ✓ |" in text
    for operation in _model.operation_names():
        served = "✓" if operation in HANDLERS else "raises `KmsFakeUnsupported`"
        assert f"| `{operation}` | {served} |" in text
    assert "alias name, alias ARN" in text and "same account only" in text


def test_limits_table(tables):
    text = tables.limits_table()
    for operation, limit in _limits.LIST_LIMITS.items():
        assert f"| `{operation}` | {limit.default} | {limit.maximum} |" in text
    assert f"| Tags per key | {_limits.MAX_TAGS_PER_KEY} |" in text
    low, high = _limits.PENDING_WINDOW_DAYS
    assert f"| {low} to {high} | `PENDING_WINDOW_DAYS` |" in text


def test_options_table(tables):
    from pytest_kmsfake._service.options import OPTION_NAMES

    text = tables.options_table()
    for name in OPTION_NAMES:
        assert f"| `{name}` |" in text
    assert "`kms_fake_account_id`" in text and "`111122223333`" in text


def test_call_fields_table(tables):
    import dataclasses

    from pytest_kmsfake import KmsCall

    text = tables.call_fields_table()
    for field in dataclasses.fields(KmsCall):
        assert f"| `.{field.name}` |" in text


def test_unconfirmed_facts_are_collected_from_the_source(tables):
    facts = tables.unconfirmed_facts()
    assert facts, "the package marks no INFERRED/UNVERIFIED/[MOTO] fact any more?"
    for place, note, _code in facts:
        assert place.startswith("pytest_kmsfake/") and ".py:" in place
        assert any(marker in note for marker in tables.MARKERS), (place, note)


def test_render_knows_every_table_and_refuses_others(tables):
    for name in tables.TABLES:
        assert tables.render(name).count("\n|---") >= 1
    with pytest.raises(KeyError, match="known tables"):
        tables.render("nope")


def test_session_ini_table_lists_only_run_wide_options(tables):
    from pytest_kmsfake._service.options import OPTION_SPECS

    per_test = {spec.ini for spec in OPTION_SPECS}
    text = tables.session_ini_table()
    for name, _help in tables.plugin_ini_names():
        assert (f"`{name}`" in text) == (name not in per_test)
    for name in per_test:
        assert f"`{name}`" not in text


def test_region_profiles_table(tables):
    from pytest_kmsfake._rules.regions import PROFILES

    text = tables.region_profiles_table()
    for profile, rules in PROFILES.items():
        assert f"`{profile}`" in text
        for rule in rules:
            assert f"`{rule.name}`" in text
    assert "Refused wrapping key specs" in text


def test_custom_key_store_tables(tables):
    from pytest_kmsfake._state import keystore_errors as _keystore_errors
    from pytest_kmsfake._state import keystores as _keystores

    states = tables.custom_key_store_states_table()
    for operation in _keystores.CONNECTION_STATE_TABLE:
        assert f"| `{operation}` |" in states
    errors = tables.custom_key_store_errors_table()
    for code, _template in _keystore_errors.MESSAGES.values():
        assert f"| `{code}` |" in errors
    assert "| INFERRED |" in errors and "| [DG23] |" in errors
    assert "`Custom key store '<store>' does not exist.`" in errors
    parameters = tables.custom_key_store_parameters_table()
    for store_type in _keystores.TYPE_PARAMETERS:
        assert f"| `{store_type}` |" in parameters


def test_access_control_tables(tables):
    from pytest_kmsfake._rules.access import GRANT_OPERATIONS, IAM_ONLY_OPERATIONS

    grants = tables.grant_operations_table()
    for (_kind, usage), operations in GRANT_OPERATIONS.items():
        assert f"`{usage}`" in grants
        assert all(f"`{operation}`" in grants for operation in operations)
    keys = tables.condition_keys_table()
    for key in ("kms:DataKeyPairSpec", "kms:EncryptionContext:<key>", "aws:PrincipalArn"):
        assert f"| `{key}` |" in keys
    assert keys.count("| `kms:KeySpec` |") == 1
    iam_only = tables.iam_only_operations_table()
    assert all(f"`{operation}`" in iam_only for operation in IAM_ONLY_OPERATIONS)


def test_aws_managed_keys_table(tables):
    from pytest_kmsfake._rules.aws_managed import AWS_MANAGED_KEYS

    table = tables.aws_managed_keys_table()
    assert all(f"| `{alias}` |" in table for alias in AWS_MANAGED_KEYS)
    assert "| `alias/aws/ebs` | `ec2.<region>.amazonaws.com` | EBS volumes |" in table
    assert "Rotation period of AWS managed keys (days)" in tables.limits_table()
