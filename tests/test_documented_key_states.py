"""The key-state table against AWS's, cell by cell: the fake's own table, and what every
operation that names a key answers in every key state, both expected from
`documented_key_states` (written from AWS's documents), never from the fake's table."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding
from documented_key_states import (
    ALIAS_SOURCE,
    CUSTOM_KEY_STORE,
    DEVIATIONS,
    DISABLED_ERROR,
    DISCONNECTED_AFTERWARDS,
    DOCUMENTED,
    FOOTNOTE_CASES,
    FOOTNOTE_DEVIATIONS,
    IMPORTED,
    INVALID_STATE_ERROR,
    STATES,
    SYMMETRIC,
    Cell,
    FootnoteCase,
)

from pytest_kmsfake import KmsFake
from pytest_kmsfake._rules.key_states import (
    DISABLED,
    INVALID_STATE,
    KEY_STATES,
    NOT_PENDING_DELETION,
    OK,
)
from pytest_kmsfake._rules.model import service_model
from pytest_kmsfake._rules.operations import KEY_STATE_OPERATIONS, OPERATIONS

ACCOUNT = "111122223333"
PEER_PUBLIC_KEY = (
    ec.generate_private_key(ec.SECP256R1())
    .public_key()
    .public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
)
Call = Callable[[], Any]


def _arn(key_id: str) -> str:
    return f"arn:aws:kms:us-east-1:{ACCOUNT}:key/{key_id}"


@pytest.fixture(scope="module")
def kms(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """One client for the module's few hundred tests (a client each would double their time),
    made as conftest's are, with no AWS configuration in sight; each test's own fake serves it."""
    empty = tmp_path_factory.mktemp("no-aws-configuration")
    with pytest.MonkeyPatch.context() as patch:
        for name in [n for n in os.environ if n.upper().startswith("AWS_")]:
            patch.delenv(name)
        patch.setenv("BOTO_CONFIG", str(empty / "boto.cfg"))
        patch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(empty / "credentials"))
        patch.setenv("AWS_CONFIG_FILE", str(empty / "config"))
        patch.setenv("AWS_EC2_METADATA_DISABLED", "true")
        yield boto3.client("kms", region_name="us-east-1")


# --- the fake's table, cell by cell --------------------------------------------------------


def _expected_cell(operation: str, state: str) -> Cell:
    deviation = DEVIATIONS.get((operation, state))
    if deviation is not None:
        return deviation.fake
    cell = DOCUMENTED[operation].cells[state]
    if cell.cannot_occur:
        pytest.fail(
            f"AWS says {operation} cannot meet a key in {state}; record what the fake answers "
            "there in DEVIATIONS"
        )
    return cell


def _table_outcome(cell: Cell) -> str:
    """The entry of the fake's table that gives `cell`'s answer."""
    if cell.error == DISABLED_ERROR:
        return DISABLED
    if cell.error == INVALID_STATE_ERROR:
        return NOT_PENDING_DELETION if cell.words == "is not pending deletion." else INVALID_STATE
    # Success, or a refusal of the key's origin or custom key store: the key-kind rules make
    # that one once the state has let the call through.
    return OK


def test_the_fake_knows_the_documented_states() -> None:
    assert sorted(KEY_STATES) == sorted(STATES)


@pytest.mark.parametrize("operation", sorted(set(KEY_STATE_OPERATIONS) | set(DOCUMENTED)))
def test_the_fake_table_row_is_the_documented_row(operation: str) -> None:
    assert operation in DOCUMENTED, f"the fake has a {operation} row AWS's table lacks"
    assert operation in KEY_STATE_OPERATIONS, f"AWS's table has a {operation} row the fake lacks"
    expected = {state: _table_outcome(_expected_cell(operation, state)) for state in STATES}
    assert dict(OPERATIONS[operation].key_states or {}) == expected


def test_every_deviation_still_differs_from_aws() -> None:
    """A deviation AWS agrees with is stale; one without a cell is a typo."""
    for (operation, state), deviation in DEVIATIONS.items():
        assert deviation.fake != DOCUMENTED[operation].cells[state], (operation, state)
        assert deviation.reason and deviation.source
    cases = {(c.operation, c.state, c.key): c.cell for c in FOOTNOTE_CASES}
    for key, deviation in FOOTNOTE_DEVIATIONS.items():
        assert deviation.fake != cases[key], key


# --- keys and calls ----------------------------------------------------------------------------


@dataclass
class Subject:
    """The key a test puts in a state, and the call that then meets it."""

    key_id: str
    call: Call
    store_id: str | None = None  # the custom key store that holds the key


MakeCall = Callable[[Any, str], Call]
Build = Callable[[Any, str], Subject]


def _wrap(public_der: bytes, material: bytes) -> bytes:
    """`material` wrapped as a user does offline, for RSAES_OAEP_SHA_256."""
    public = serialization.load_der_public_key(public_der)
    oaep = padding.OAEP(mgf=padding.MGF1(hashes.SHA256()), algorithm=hashes.SHA256(), label=None)
    return public.encrypt(material, oaep)  # type: ignore[union-attr]


def _external_key(kms: Any) -> tuple[str, dict[str, bytes]]:
    """A key with imported material, and a second wrapping of that material under the same
    import token, ready for a re-import."""
    key_id = kms.create_key(Origin="EXTERNAL")["KeyMetadata"]["KeyId"]
    parameters = kms.get_parameters_for_import(KeyId=key_id, **_IMPORT_PARAMETERS)
    material = os.urandom(32)
    kms.import_key_material(
        KeyId=key_id,
        ImportToken=parameters["ImportToken"],
        EncryptedKeyMaterial=_wrap(parameters["PublicKey"], material),
        ExpirationModel="KEY_MATERIAL_DOES_NOT_EXPIRE",
    )
    reimport = {
        "ImportToken": parameters["ImportToken"],
        "EncryptedKeyMaterial": _wrap(parameters["PublicKey"], material),
    }
    return key_id, reimport


def _symmetric_key(kms: Any, kind: str) -> tuple[str, str | None]:
    """A symmetric encryption key of `kind`, and the custom key store that holds it."""
    if kind == IMPORTED:
        return _external_key(kms)[0], None
    if kind in (CUSTOM_KEY_STORE, DISCONNECTED_AFTERWARDS):
        store_id = kms.create_custom_key_store(
            CustomKeyStoreName="hsm",
            CloudHsmClusterId="cluster-abcdefghijk",
            TrustAnchorCertificate="<certificate>",
            KeyStorePassword="kmsPswd",
        )["CustomKeyStoreId"]
        kms.connect_custom_key_store(CustomKeyStoreId=store_id)
        key = kms.create_key(Origin="AWS_CLOUDHSM", CustomKeyStoreId=store_id)["KeyMetadata"]
        return key["KeyId"], store_id
    assert kind in (SYMMETRIC, ALIAS_SOURCE), kind
    return kms.create_key()["KeyMetadata"]["KeyId"], None


def _on_symmetric_key(make_call: MakeCall) -> Build:
    def build(kms: Any, kind: str) -> Subject:
        key_id, store_id = _symmetric_key(kms, kind)
        return Subject(key_id, make_call(kms, key_id), store_id)

    return build


def _on_new_key(make_call: MakeCall, **create: Any) -> Build:
    """For operations that take one kind of key only: AWS's table speaks of that kind."""

    def build(kms: Any, kind: str) -> Subject:
        key_id = kms.create_key(**create)["KeyMetadata"]["KeyId"]
        return Subject(key_id, make_call(kms, key_id))

    return build


def _decrypt(kms: Any, key_id: str) -> Call:
    blob = kms.encrypt(KeyId=key_id, Plaintext=b"x")["CiphertextBlob"]
    return lambda: kms.decrypt(CiphertextBlob=blob)


def _re_encrypt(kms: Any, key_id: str) -> Call:
    blob = kms.encrypt(KeyId=key_id, Plaintext=b"x")["CiphertextBlob"]
    return lambda: kms.re_encrypt(CiphertextBlob=blob, DestinationKeyId=key_id)


def _delete_alias(kms: Any, key_id: str) -> Call:
    kms.create_alias(AliasName="alias/going", TargetKeyId=key_id)
    return lambda: kms.delete_alias(AliasName="alias/going")


def _update_alias(kms: Any, kind: str) -> Subject:
    """The alias moves to the key in the state; for ALIAS_SOURCE it moves away from it."""
    key_id, store_id = _symmetric_key(kms, kind)
    other = kms.create_key()["KeyMetadata"]["KeyId"]
    source, target = (key_id, other) if kind == ALIAS_SOURCE else (other, key_id)
    kms.create_alias(AliasName="alias/moving", TargetKeyId=source)
    call = lambda: kms.update_alias(AliasName="alias/moving", TargetKeyId=target)  # noqa: E731
    return Subject(key_id, call, store_id)


def _grant(kms: Any, key_id: str) -> str:
    return str(
        kms.create_grant(
            KeyId=key_id,
            GranteePrincipal=f"arn:aws:iam::{ACCOUNT}:role/grantee",
            Operations=["Encrypt", "Decrypt"],
        )["GrantId"]
    )


def _retire_grant(kms: Any, key_id: str) -> Call:
    grant_id = _grant(kms, key_id)
    return lambda: kms.retire_grant(KeyId=key_id, GrantId=grant_id)


def _revoke_grant(kms: Any, key_id: str) -> Call:
    grant_id = _grant(kms, key_id)
    return lambda: kms.revoke_grant(KeyId=key_id, GrantId=grant_id)


def _import_key_material(kms: Any, kind: str) -> Subject:
    """A re-import of the key's own material; a key that cannot take material gets a token
    made for another key, since it is refused before the token is read."""
    if kind == IMPORTED:
        key_id, reimport = _external_key(kms)
        store_id = None
    else:
        key_id, store_id = _symmetric_key(kms, kind)
        reimport = _external_key(kms)[1]
    call = lambda: kms.import_key_material(  # noqa: E731
        KeyId=key_id, ExpirationModel="KEY_MATERIAL_DOES_NOT_EXPIRE", **reimport
    )
    return Subject(key_id, call, store_id)


def _verify(kms: Any, key_id: str) -> Call:
    signed = dict(KeyId=key_id, Message=b"m", SigningAlgorithm="ECDSA_SHA_256")
    signature = kms.sign(**signed)["Signature"]
    return lambda: kms.verify(Signature=signature, **signed)


def _verify_mac(kms: Any, key_id: str) -> Call:
    made = dict(KeyId=key_id, Message=b"m", MacAlgorithm="HMAC_SHA_256")
    mac = kms.generate_mac(**made)["Mac"]
    return lambda: kms.verify_mac(Mac=mac, **made)


def _decapsulate(kms: Any, key_id: str) -> Call:
    blob = kms.encapsulate(KeyId=key_id, EncapsulationAlgorithm="ML_KEM")
    return lambda: kms.decapsulate(
        KeyId=key_id,
        SharedSecretCiphertextBlob=blob["SharedSecretCiphertextBlob"],
        EncapsulationAlgorithm="ML_KEM",
    )


def _update_primary_region(kms: Any, key_id: str) -> Call:
    kms.replicate_key(KeyId=key_id, ReplicaRegion="eu-west-1")
    return lambda: kms.update_primary_region(KeyId=key_id, PrimaryRegion="eu-west-1")


_POLICY = '{"Version": "2012-10-17", "Statement": []}'
_IMPORT_PARAMETERS = {"WrappingAlgorithm": "RSAES_OAEP_SHA_256", "WrappingKeySpec": "RSA_2048"}
_SIGNING = {"KeySpec": "ECC_NIST_P256", "KeyUsage": "SIGN_VERIFY"}
_HMAC = {"KeySpec": "HMAC_256", "KeyUsage": "GENERATE_VERIFY_MAC"}
_AGREEMENT = {"KeySpec": "ECC_NIST_P256", "KeyUsage": "KEY_AGREEMENT"}
_ML_KEM = {"KeySpec": "ML_KEM_512", "KeyUsage": "ENCAPSULATE_DECAPSULATE"}

BUILDERS: dict[str, Build] = {
    # Operations on a symmetric encryption key, of whatever kind the state asks for.
    **{
        operation: _on_symmetric_key(make_call)
        for operation, make_call in {
            "Encrypt": lambda kms, k: lambda: kms.encrypt(KeyId=k, Plaintext=b"x"),
            "Decrypt": _decrypt,
            "ReEncrypt": _re_encrypt,
            "GenerateDataKey": lambda kms, k: (
                lambda: kms.generate_data_key(KeyId=k, NumberOfBytes=16)
            ),
            "GenerateDataKeyWithoutPlaintext": lambda kms, k: (
                lambda: kms.generate_data_key_without_plaintext(KeyId=k, NumberOfBytes=16)
            ),
            "GenerateDataKeyPair": lambda kms, k: (
                lambda: kms.generate_data_key_pair(KeyId=k, KeyPairSpec="ECC_NIST_P256")
            ),
            "GenerateDataKeyPairWithoutPlaintext": lambda kms, k: (
                lambda: kms.generate_data_key_pair_without_plaintext(
                    KeyId=k, KeyPairSpec="ECC_NIST_P256"
                )
            ),
            "DescribeKey": lambda kms, k: lambda: kms.describe_key(KeyId=k),
            "EnableKey": lambda kms, k: lambda: kms.enable_key(KeyId=k),
            "DisableKey": lambda kms, k: lambda: kms.disable_key(KeyId=k),
            "ScheduleKeyDeletion": lambda kms, k: (
                lambda: kms.schedule_key_deletion(KeyId=k, PendingWindowInDays=7)
            ),
            "CancelKeyDeletion": lambda kms, k: lambda: kms.cancel_key_deletion(KeyId=k),
            "UpdateKeyDescription": lambda kms, k: (
                lambda: kms.update_key_description(KeyId=k, Description="new words")
            ),
            "TagResource": lambda kms, k: (
                lambda: kms.tag_resource(KeyId=k, Tags=[{"TagKey": "k", "TagValue": "v"}])
            ),
            "UntagResource": lambda kms, k: lambda: kms.untag_resource(KeyId=k, TagKeys=["k"]),
            "ListResourceTags": lambda kms, k: lambda: kms.list_resource_tags(KeyId=k),
            "GetKeyPolicy": lambda kms, k: lambda: kms.get_key_policy(KeyId=k),
            "PutKeyPolicy": lambda kms, k: (
                lambda: kms.put_key_policy(
                    KeyId=k, Policy=_POLICY, BypassPolicyLockoutSafetyCheck=True
                )
            ),
            "ListKeyPolicies": lambda kms, k: lambda: kms.list_key_policies(KeyId=k),
            "CreateAlias": lambda kms, k: (
                lambda: kms.create_alias(AliasName="alias/new", TargetKeyId=k)
            ),
            "DeleteAlias": _delete_alias,
            "ListAliases": lambda kms, k: lambda: kms.list_aliases(KeyId=k),
            "CreateGrant": lambda kms, k: lambda: _grant(kms, k),
            "ListGrants": lambda kms, k: lambda: kms.list_grants(KeyId=k),
            "RetireGrant": _retire_grant,
            "RevokeGrant": _revoke_grant,
            "EnableKeyRotation": lambda kms, k: lambda: kms.enable_key_rotation(KeyId=k),
            "DisableKeyRotation": lambda kms, k: lambda: kms.disable_key_rotation(KeyId=k),
            "GetKeyRotationStatus": lambda kms, k: lambda: kms.get_key_rotation_status(KeyId=k),
            "RotateKeyOnDemand": lambda kms, k: lambda: kms.rotate_key_on_demand(KeyId=k),
            "ListKeyRotations": lambda kms, k: lambda: kms.list_key_rotations(KeyId=k),
            "GetKeyLastUsage": lambda kms, k: lambda: kms.get_key_last_usage(KeyId=k),
            "GetParametersForImport": lambda kms, k: (
                lambda: kms.get_parameters_for_import(KeyId=k, **_IMPORT_PARAMETERS)
            ),
            "DeleteImportedKeyMaterial": lambda kms, k: (
                lambda: kms.delete_imported_key_material(KeyId=k)
            ),
        }.items()
    },
    "UpdateAlias": _update_alias,
    "ImportKeyMaterial": _import_key_material,
    # Operations that take another kind of key: that kind, in the state forced on it.
    "Sign": _on_new_key(
        lambda kms, k: lambda: kms.sign(KeyId=k, Message=b"m", SigningAlgorithm="ECDSA_SHA_256"),
        **_SIGNING,
    ),
    "Verify": _on_new_key(_verify, **_SIGNING),
    "GetPublicKey": _on_new_key(lambda kms, k: lambda: kms.get_public_key(KeyId=k), **_SIGNING),
    "GenerateMac": _on_new_key(
        lambda kms, k: lambda: kms.generate_mac(KeyId=k, Message=b"m", MacAlgorithm="HMAC_SHA_256"),
        **_HMAC,
    ),
    "VerifyMac": _on_new_key(_verify_mac, **_HMAC),
    "DeriveSharedSecret": _on_new_key(
        lambda kms, k: (
            lambda: kms.derive_shared_secret(
                KeyId=k, KeyAgreementAlgorithm="ECDH", PublicKey=PEER_PUBLIC_KEY
            )
        ),
        **_AGREEMENT,
    ),
    "Encapsulate": _on_new_key(
        lambda kms, k: lambda: kms.encapsulate(KeyId=k, EncapsulationAlgorithm="ML_KEM"), **_ML_KEM
    ),
    "Decapsulate": _on_new_key(_decapsulate, **_ML_KEM),
    "ReplicateKey": _on_new_key(
        lambda kms, k: lambda: kms.replicate_key(KeyId=k, ReplicaRegion="eu-west-1"),
        MultiRegion=True,
    ),
    "UpdatePrimaryRegion": _on_new_key(_update_primary_region, MultiRegion=True),
}
_IMPORT_OPERATIONS = frozenset(
    {"GetParametersForImport", "ImportKeyMaterial", "DeleteImportedKeyMaterial"}
)
# The rows whose answers turn on the key's origin ([6], [7], [9]): their PendingImport cells
# are met with a key that has imported material. Elsewhere the origin changes nothing, and
# the usual key is forced into PendingImport (an import costs an RSA wrapping key).
_ORIGIN_MATTERS = _IMPORT_OPERATIONS | {
    "EnableKeyRotation", "DisableKeyRotation", "GetKeyRotationStatus", "RotateKeyOnDemand",
    "ListKeyRotations",
}  # fmt: skip
_OTHER_KEYS = frozenset(
    {
        "Sign", "Verify", "GetPublicKey", "GenerateMac", "VerifyMac", "DeriveSharedSecret",
        "Encapsulate", "Decapsulate", "ReplicateKey", "UpdatePrimaryRegion",
    }
)  # fmt: skip


def _kind_for(operation: str, state: str) -> str:
    """The key AWS's cell speaks of: one in a custom key store for Unavailable, one with
    imported material for PendingImport where the origin matters, else the usual key."""
    if operation in _OTHER_KEYS:
        return SYMMETRIC  # not used: the builder makes the one kind the operation takes
    if state == "PendingImport" and operation in _ORIGIN_MATTERS:
        return IMPORTED
    if state == "Unavailable":
        return CUSTOM_KEY_STORE
    return IMPORTED if operation in _IMPORT_OPERATIONS else SYMMETRIC


def _put_in_state(kms: Any, kms_fake: KmsFake, subject: Subject, kind: str, state: str) -> None:
    if kind == CUSTOM_KEY_STORE and state == "Unavailable":
        # The way AWS's keys become Unavailable: their key store is disconnected.
        kms.disconnect_custom_key_store(CustomKeyStoreId=subject.store_id)
        return
    kms_fake.set_key_state(subject.key_id, state, region="us-east-1")
    if kind == DISCONNECTED_AFTERWARDS:
        kms.disconnect_custom_key_store(CustomKeyStoreId=subject.store_id)
        assert _key_state(kms, subject.key_id) == state  # [13]: PendingDeletion stays


def _key_state(kms: Any, key_id: str) -> str:
    return str(kms.describe_key(KeyId=key_id)["KeyMetadata"]["KeyState"])


def _assert_answers(kms: Any, subject: Subject, cell: Cell) -> None:
    if cell.error is None:
        subject.call()
        if cell.then_state:
            assert _key_state(kms, subject.key_id) == cell.then_state
        return
    with pytest.raises(ClientError) as info:
        subject.call()
    expected = {"Code": cell.error, "Message": f"{_arn(subject.key_id)} {cell.words}"}
    assert dict(info.value.response["Error"]) == expected


# --- behaviour, cell by cell -----------------------------------------------------------------


def _skip_unless_modeled(operation: str) -> None:
    """Older botocores lack some operations and key specs; asked inside the test, where the
    environment holds no AWS configuration."""
    model = service_model()
    if operation not in model.operation_names:
        pytest.skip(f"this botocore predates {operation}")
    key_specs = model.shape_for("KeySpec").enum  # type: ignore[attr-defined]
    if operation in ("Encapsulate", "Decapsulate") and "ML_KEM_512" not in key_specs:
        pytest.skip("this botocore's KMS model predates ML-KEM keys")


def test_every_documented_operation_can_be_called() -> None:
    assert sorted(BUILDERS) == sorted(DOCUMENTED)


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("operation", sorted(DOCUMENTED))
def test_each_cell_behaves_as_documented(
    kms: Any, kms_fake: KmsFake, operation: str, state: str
) -> None:
    _skip_unless_modeled(operation)
    cell = _expected_cell(operation, state)
    kind = _kind_for(operation, state)
    subject = BUILDERS[operation](kms, kind)
    _put_in_state(kms, kms_fake, subject, kind, state)
    _assert_answers(kms, subject, cell)


@pytest.mark.parametrize("case", FOOTNOTE_CASES, ids=lambda c: f"{c.operation}-{c.state}-{c.key}")
def test_footnoted_cells_behave_as_documented(
    kms: Any, kms_fake: KmsFake, case: FootnoteCase
) -> None:
    deviation = FOOTNOTE_DEVIATIONS.get((case.operation, case.state, case.key))
    subject = BUILDERS[case.operation](kms, case.key)
    _put_in_state(kms, kms_fake, subject, case.key, case.state)
    _assert_answers(kms, subject, deviation.fake if deviation else case.cell)
