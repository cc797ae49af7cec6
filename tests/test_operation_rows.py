"""The OPERATIONS table: one row per operation of botocore's KMS model, and a few facts per row
written by hand from AWS's documents (the API reference and the CloudTrail examples of the
developer guide), not read from the table."""

from __future__ import annotations

import botocore.session
import pytest

from pytest_kmsfake._rules.arns import ALIAS_ARN, ALIAS_NAME, KEY_ARN, KEY_ID
from pytest_kmsfake._rules.model import tracked_operations
from pytest_kmsfake._rules.operations import OPERATIONS, TRACKED_OPERATIONS

MODEL = botocore.session.get_session().get_service_model("kms")
KEY_MEMBERS = ("KeyId", "SourceKeyId", "DestinationKeyId", "TargetKeyId")


def test_one_row_per_operation_of_the_model() -> None:
    assert sorted(OPERATIONS) == sorted(MODEL.operation_names)
    assert all(name == row.name for name, row in OPERATIONS.items())


@pytest.mark.parametrize("operation", MODEL.operation_names)
def test_an_operation_that_names_a_key_has_its_reference_forms_and_states(operation: str) -> None:
    shape = MODEL.operation_model(operation).input_shape
    names_key = shape is not None and any(m in shape.members for m in KEY_MEMBERS)
    row = OPERATIONS[operation]
    if names_key:
        assert {KEY_ID, KEY_ARN} <= row.references
        assert row.key_states is not None


# CloudTrail's readOnly by the verb [DOCS ct-encrypt, ct-reencrypt, ct-getparametersforimport,
# ct-generaterandom, ct-createkey]: a call that changes nothing is read-only.
READ_ONLY_VERBS = ("Describe", "Get", "List")
WRITING_VERBS = (
    "Create", "Delete", "Put", "Update", "Enable", "Disable", "Schedule", "Cancel", "Tag",
    "Untag", "Import", "Replicate", "Retire", "Revoke", "Rotate", "Connect", "Disconnect",
)  # fmt: skip


@pytest.mark.parametrize("operation", MODEL.operation_names)
def test_read_only_follows_the_verb(operation: str) -> None:
    if operation.startswith(READ_ONLY_VERBS):
        assert OPERATIONS[operation].read_only
    if operation.startswith(WRITING_VERBS):
        assert not OPERATIONS[operation].read_only


@pytest.mark.parametrize(
    "operation",
    ["Encrypt", "Decrypt", "ReEncrypt", "GenerateDataKey", "Sign", "Verify", "GenerateMac",
     "GenerateRandom", "GetParametersForImport"],
)  # fmt: skip
def test_cryptographic_calls_are_read_only(operation: str) -> None:
    assert OPERATIONS[operation].read_only


def test_encrypt() -> None:
    row = OPERATIONS["Encrypt"]
    assert row.usage == "ENCRYPT_DECRYPT"
    assert row.references == {KEY_ID, KEY_ARN, ALIAS_NAME, ALIAS_ARN}
    assert row.cross_account
    assert row.tracked
    assert [(a.name, a.context_member) for a in row.key_actions] == [
        ("Encrypt", "EncryptionContext")
    ]


def test_reencrypt_needs_two_actions_with_their_contexts() -> None:
    actions = [(a.name, a.context_member) for a in OPERATIONS["ReEncrypt"].key_actions]
    assert actions == [
        ("ReEncryptFrom", "SourceEncryptionContext"),
        ("ReEncryptTo", "DestinationEncryptionContext"),
    ]


@pytest.mark.parametrize(
    ("operation", "usage"),
    [
        ("Sign", "SIGN_VERIFY"),
        ("Verify", "SIGN_VERIFY"),
        ("GenerateMac", "GENERATE_VERIFY_MAC"),
        ("VerifyMac", "GENERATE_VERIFY_MAC"),
        ("DeriveSharedSecret", "KEY_AGREEMENT"),
        ("Decapsulate", "ENCAPSULATE_DECAPSULATE"),
        ("DescribeKey", None),
        ("CreateGrant", None),
    ],
)
def test_usage(operation: str, usage: str | None) -> None:
    assert OPERATIONS[operation].usage == usage


@pytest.mark.parametrize(
    "operation", ["CreateKey", "ListKeys", "GenerateRandom", "CreateCustomKeyStore"]
)
def test_operations_that_take_no_key(operation: str) -> None:
    row = OPERATIONS[operation]
    assert row.references == frozenset()
    assert row.key_states is None
    assert row.iam_only_resource == "*"


def test_list_aliases_is_read_only_and_authorized_by_iam_alone() -> None:
    row = OPERATIONS["ListAliases"]
    assert row.read_only
    assert row.iam_only_resource == "*"


def test_describe_key_takes_an_alias_from_another_account() -> None:
    row = OPERATIONS["DescribeKey"]
    assert ALIAS_NAME in row.references and row.cross_account and row.read_only
    assert not row.tracked


@pytest.mark.parametrize(
    "operation", ["ScheduleKeyDeletion", "EnableKey", "PutKeyPolicy", "TagResource"]
)
def test_management_calls_take_a_key_of_their_own_account_by_id_or_arn(operation: str) -> None:
    row = OPERATIONS[operation]
    assert row.references == {KEY_ID, KEY_ARN}
    assert not row.cross_account
    assert not row.read_only


def test_create_grant_reaches_another_account() -> None:
    assert OPERATIONS["CreateGrant"].cross_account


def test_import_operations_need_external_material() -> None:
    for operation in ("GetParametersForImport", "ImportKeyMaterial", "DeleteImportedKeyMaterial"):
        assert OPERATIONS[operation].origins == {"EXTERNAL"}


def test_tracked_operations_are_the_models_when_it_has_them() -> None:
    listed = tracked_operations()
    if not listed:
        pytest.skip("this botocore predates GetKeyLastUsage")
    assert listed == TRACKED_OPERATIONS


def test_the_permissions_beyond_kms_operation_are_in_the_rows() -> None:
    # [MD CreateKey, ReplicateKey "Required permissions"] and [DOCS alias-access], by hand.
    assert OPERATIONS["CreateKey"].member_actions == (("Tags", "TagResource"),)
    assert dict(OPERATIONS["ReplicateKey"].member_actions) == {
        "ReplicaRegion": "CreateKey",
        "Tags": "TagResource",
    }
    aliases = {op: row for op, row in OPERATIONS.items() if row.alias_permission}
    assert set(aliases) == {"CreateAlias", "UpdateAlias", "DeleteAlias"}
    assert {op for op, row in aliases.items() if row.alias_current_key} == {
        "UpdateAlias",
        "DeleteAlias",
    }
