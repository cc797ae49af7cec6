"""The fake against AWS's documents (tests/documented_key_specs.py): the key spec x key usage x
algorithm rules, which operations and grant operations each kind of key supports, and the
sizes of each algorithm. First the fake's tables, entry by entry; then its behaviour through
boto3.

The expectations come from the documented data only, never from the fake's tables: a wrong
entry in those tables must fail here."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial
from typing import Any

import boto3
import documented_key_specs as documented
import pytest
from botocore.exceptions import ClientError
from documented_key_specs import (
    DEVIATIONS,
    DIGEST,
    ENCAPSULATE_DECAPSULATE,
    ENCRYPT_DECRYPT,
    EXTERNAL_MU,
    GENERATE_VERIFY_MAC,
    KEY_AGREEMENT,
    RAW,
    SIGN_VERIFY,
)

from pytest_kmsfake import KmsFake
from pytest_kmsfake._crypto import asymmetric as _asymmetric
from pytest_kmsfake._rules import algorithms as _algorithms
from pytest_kmsfake._rules import key_specs as _rules
from pytest_kmsfake._rules.access import GRANT_OPERATIONS
from pytest_kmsfake._rules.model import service_model
from pytest_kmsfake._rules.operations import OPERATIONS

ROLE = "arn:aws:iam::111122223333:role/app"
OK = "ok"
Outcome = Any  # OK, or the (code, message) of the error

# The fake's default region profile (dated 2020-03 to 2021-06) refuses asymmetric keys in
# China and SM2 outside it, so it has SM2 nowhere; the 2026-11 profile has SM2 in China.
_SM2_REGION_RULES = pytest.mark.kms_fake(region_profile="2026-11")


def _param(spec: str, *rest: str) -> Any:
    marks = [_SM2_REGION_RULES] if spec in documented.REGION_OF_SPEC else []
    # ML-DSA needs a cryptography that has it (an older one makes the fake refuse the spec).
    if spec.startswith("ML_DSA") and not _asymmetric.backend_supports(spec):
        marks.append(pytest.mark.skip(reason=f"the installed cryptography has no {spec}"))
    return pytest.param(spec, *rest, marks=marks, id="-".join((spec, *rest)))


def _client(spec: str) -> Any:
    region = documented.REGION_OF_SPEC.get(spec, documented.DEFAULT_REGION)
    return boto3.client("kms", region_name=region)


def _outcome(call: Callable[[], object]) -> Outcome:
    try:
        call()
    except ClientError as error:
        return (error.response["Error"]["Code"], error.response["Error"]["Message"])
    return OK


def _listed(spec: str, usage: str) -> tuple[str, ...]:
    """The algorithms DescribeKey lists for a key, in order: AWS's documented order, or the
    fake's pinned one where AWS documents none."""
    facts = documented.KEY_SPECS[spec]
    algorithms = facts.usages[usage]
    if facts.order_pinned_by is None:
        return algorithms
    pinned = DEVIATIONS[facts.order_pinned_by].pinned
    assert sorted(pinned) == sorted(algorithms)
    return pinned


def _enum(shape: str) -> set[str]:
    return set(service_model().shape_for(shape).enum)  # type: ignore[attr-defined]


def _union(*names: Iterable[Any]) -> list[Any]:
    return sorted(set().union(*names))


# One key of each family and usage: the kinds of key the operation and grant matrices try.
REPRESENTATIVES = [
    _param("SYMMETRIC_DEFAULT", ENCRYPT_DECRYPT),
    _param("HMAC_256", GENERATE_VERIFY_MAC),
    _param("RSA_2048", ENCRYPT_DECRYPT),
    _param("RSA_2048", SIGN_VERIFY),
    _param("ECC_NIST_P256", SIGN_VERIFY),
    _param("ECC_NIST_P256", KEY_AGREEMENT),
    _param("ECC_SECG_P256K1", SIGN_VERIFY),
    _param("ECC_NIST_EDWARDS25519", SIGN_VERIFY),
    _param("ML_DSA_44", SIGN_VERIFY),
    _param("ML_KEM_512", ENCAPSULATE_DECAPSULATE),
    _param("SM2", ENCRYPT_DECRYPT),
    _param("SM2", SIGN_VERIFY),
    _param("SM2", KEY_AGREEMENT),
]


# --- The documented data is complete --------------------------------------------------------


@pytest.mark.parametrize(
    ("shape", "values"),
    [
        ("KeySpec", set(documented.KEY_SPECS)),
        ("KeyUsageType", set(documented.KEY_USAGES)),
        ("GrantOperation", set(documented.GRANT_OPERATION_ENUM)),
        ("SigningAlgorithmSpec", set(documented.SIGNING_ALGORITHMS)),
        ("EncryptionAlgorithmSpec", {"SYMMETRIC_DEFAULT", *documented.ENCRYPTION_HASHES}),
        ("MacAlgorithmSpec", set(documented.MAC_LENGTHS)),
        ("DataKeyPairSpec", set(documented.DATA_KEY_PAIR_SPECS)),
    ],
)
def test_the_documented_data_covers_botocores_enum(shape: str, values: set[str]) -> None:
    assert _enum(shape) == values


def test_a_grant_allows_exactly_what_its_key_supports() -> None:
    """The grant table and the key type table are two documents; they must agree."""
    management = {"CreateGrant", "DescribeKey", "RetireGrant"}
    for kind in documented.KEY_KINDS:
        supported = {
            grant
            for grant in documented.GRANT_OPERATION_ENUM
            if kind
            in documented.SUPPORTED_BY.get(documented.GRANT_OPERATION_API.get(grant, grant), ())
        }
        assert documented.GRANT_OPERATIONS[kind] == management | supported, kind


def test_exactly_the_key_agreement_specs_have_a_shared_secret_size() -> None:
    assert set(documented.SHARED_SECRET_BYTES) == {
        spec for spec, usage in _pairs(documented.KEY_SPECS) if usage == KEY_AGREEMENT
    }


# --- The fake's tables, entry by entry ---------------------------------------------------------


@pytest.mark.parametrize("spec", _union(documented.KEY_SPECS, _rules.KEY_SPECS))
def test_the_fake_has_each_documented_key_spec_with_its_usages(spec: str) -> None:
    assert spec in documented.KEY_SPECS, f"AWS documents no key spec {spec}"
    assert spec in _rules.KEY_SPECS, f"the fake lacks the key spec {spec}"
    facts, rule = documented.KEY_SPECS[spec], _rules.KEY_SPECS[spec]
    assert sorted(rule.usages) == sorted(facts.usages)
    assert (rule.default_usage or None) == facts.default_usage


def _pairs(table: Any) -> set[tuple[str, str]]:
    return {(spec, usage) for spec, rule in table.items() for usage in rule.usages}


@pytest.mark.parametrize(
    ("spec", "usage"), _union(_pairs(documented.KEY_SPECS), _pairs(_rules.KEY_SPECS))
)
def test_the_fake_lists_the_documented_algorithms_for_each_usage(spec: str, usage: str) -> None:
    assert (spec, usage) in _pairs(documented.KEY_SPECS), f"AWS refuses {spec} with {usage}"
    assert (spec, usage) in _pairs(_rules.KEY_SPECS), f"the fake refuses {spec} with {usage}"
    assert _rules.KEY_SPECS[spec].usages[usage] == _listed(spec, usage)


def test_the_fake_lists_algorithms_in_the_documented_field() -> None:
    assert dict(_rules.ALGORITHM_FIELD_BY_USAGE) == dict(documented.ALGORITHM_FIELD)


def test_the_fake_asks_the_documented_usage_of_each_operation() -> None:
    fake = {op: row.usage for op, row in OPERATIONS.items() if row.usage is not None}
    assert fake == dict(documented.USAGE_REQUIRED)


def test_the_fake_refuses_data_keys_under_asymmetric_keys_as_documented() -> None:
    # None: the pair operations answer as Encrypt does without an algorithm (DEVIATIONS).
    _, text = documented.ASYMMETRIC_DATA_KEY
    expected = {
        op: None if op.startswith("GenerateDataKeyPair") else text
        for op in documented.SYMMETRIC_ONLY
    }
    fake = {op: row.asymmetric_refusal for op, row in OPERATIONS.items() if row.symmetric_only}
    assert fake == expected


@pytest.mark.parametrize("operation", ["GetPublicKey", *sorted(documented.ROTATION_OPERATIONS)])
def test_the_fake_applies_key_only_operations_to_the_documented_keys(operation: str) -> None:
    families = OPERATIONS[operation].families
    assert families is not None
    for spec, usage in sorted(_pairs(documented.KEY_SPECS)):
        kind = documented.kind_of(spec, usage)
        allowed = _rules.KEY_SPECS[spec].family in families
        assert allowed == (kind in documented.SUPPORTED_BY[operation]), (spec, usage)


@pytest.mark.parametrize(
    "kind", _union(documented.GRANT_OPERATIONS, GRANT_OPERATIONS), ids="-".join
)
def test_the_fake_allows_the_documented_grant_operations(kind: tuple[str, str]) -> None:
    assert kind in documented.GRANT_OPERATIONS, f"AWS documents no key of kind {kind}"
    assert kind in GRANT_OPERATIONS, f"the fake has no grant operations for {kind}"
    assert sorted(GRANT_OPERATIONS[kind]) == sorted(documented.GRANT_OPERATIONS[kind])


@pytest.mark.parametrize(
    "algorithm", _union(documented.SIGNING_ALGORITHMS, _algorithms.SIGNING_ALGORITHMS)
)
def test_the_fake_signs_as_each_algorithm_is_documented(algorithm: str) -> None:
    assert algorithm in documented.SIGNING_ALGORITHMS, f"AWS documents no {algorithm}"
    assert algorithm in _algorithms.SIGNING_ALGORITHMS, f"the fake lacks {algorithm}"
    facts = documented.SIGNING_ALGORITHMS[algorithm]
    fake = _algorithms.SIGNING_ALGORITHMS[algorithm]
    assert (
        fake.hash_name,
        set(fake.message_types),
        fake.digest_length,
        fake.mu_length,
        fake.salt_length,
    ) == (
        facts.hash_name,
        set(facts.message_types),
        facts.digest_length,
        facts.mu_length,
        facts.pss_salt_length,
    )


def test_the_fake_encrypts_with_the_documented_hashes_and_limits() -> None:
    assert {name: alg.hash_name for name, alg in _algorithms.ENCRYPTION_ALGORITHMS.items()} == dict(
        documented.ENCRYPTION_HASHES
    )
    assert dict(_algorithms.MAX_PLAINTEXT_BYTES) == dict(documented.MAX_PLAINTEXT_BYTES)


def test_the_fake_macs_have_the_documented_lengths() -> None:
    assert {name: alg.output_length for name, alg in _algorithms.MAC_ALGORITHMS.items()} == dict(
        documented.MAC_LENGTHS
    )
    listed = {
        algorithm
        for rule in _rules.KEY_SPECS.values()
        for algorithm in rule.usages.get(GENERATE_VERIFY_MAC, ())
    }
    assert listed == set(_algorithms.MAC_ALGORITHMS)


def test_the_fake_key_pairs_have_the_documented_sizes() -> None:
    specs = [rule for rule in _rules.KEY_SPECS.values() if rule.kind == "asymmetric"]
    assert {s.name: s.curve for s in specs if s.curve} == dict(documented.CURVES)
    assert {s.name: s.ecdh_secret_length for s in specs if s.ecdh_secret_length} == dict(
        documented.SHARED_SECRET_BYTES
    )
    assert {s.name: s.kem_ciphertext_length for s in specs if s.kem_ciphertext_length} == dict(
        documented.KEM_CIPHERTEXT_BYTES
    )
    assert {s.name: s.size for s in specs if s.family is _rules.KeyFamily.RSA} == dict(
        documented.RSA_MODULUS_BITS
    )
    assert {name: rule.size for name, rule in _rules.KEY_SPECS.items()} == dict(
        documented.KEY_SIZES
    )
    assert _algorithms.KEM_SHARED_SECRET_BYTES == documented.KEM_SHARED_SECRET_BYTES
    assert _algorithms.DATA_KEY_PAIR_SPECS == documented.DATA_KEY_PAIR_SPECS


# --- CreateKey and DescribeKey ---------------------------------------------------------------


@pytest.mark.parametrize("spec", [_param(spec) for spec in documented.KEY_SPECS])
def test_create_key_takes_exactly_the_documented_usages(kms_fake: KmsFake, spec: str) -> None:
    client = _client(spec)
    facts = documented.KEY_SPECS[spec]
    created: dict[str, str] = {}

    def create(usage: str) -> None:
        created[usage] = client.create_key(KeySpec=spec, KeyUsage=usage)["KeyMetadata"]["KeyId"]

    code, template = documented.INCOMPATIBLE_KEY_USAGE
    assert {usage: _outcome(partial(create, usage)) for usage in documented.KEY_USAGES} == {
        usage: OK if usage in facts.usages else (code, template.format(usage=usage, spec=spec))
        for usage in documented.KEY_USAGES
    }
    for usage, key_id in created.items():
        metadata = client.describe_key(KeyId=key_id)["KeyMetadata"]
        assert (metadata["KeySpec"], metadata["KeyUsage"]) == (spec, usage)
        field = documented.ALGORITHM_FIELD[usage]
        assert tuple(metadata[field]) == _listed(spec, usage)
        # The other algorithm lists are absent, not empty.
        assert not set(metadata) & (set(documented.ALGORITHM_FIELD.values()) - {field})


@pytest.mark.parametrize("spec", [_param(spec) for spec in documented.KEY_SPECS])
def test_only_symmetric_default_may_omit_the_key_usage(kms_fake: KmsFake, spec: str) -> None:
    client = _client(spec)
    default = documented.KEY_SPECS[spec].default_usage

    def create() -> None:
        metadata = client.create_key(KeySpec=spec)["KeyMetadata"]
        assert metadata["KeyUsage"] == default

    assert _outcome(create) == (OK if default else documented.KEY_USAGE_REQUIRED)


# --- Which operations each kind of key supports -------------------------------------------------


def _signing_message(algorithm: str) -> tuple[bytes, str]:
    """A message the algorithm takes: RAW where it can, else a digest of its length."""
    facts = documented.SIGNING_ALGORITHMS[algorithm]
    if RAW in facts.message_types:
        return b"a message", RAW
    assert facts.digest_length is not None
    return bytes(facts.digest_length), DIGEST


def _calls(client: Any, key: str, spec: str, usage: str) -> dict[str, Callable[[], object]]:
    """One call of each operation on `key`: with parameters that suit the key where AWS says
    it supports the operation (so success means success), and well-formed ones otherwise."""
    algorithms = documented.KEY_SPECS[spec].usages
    encryption = algorithms.get(ENCRYPT_DECRYPT, ("RSAES_OAEP_SHA_256",))[0]
    # An asymmetric algorithm makes Decrypt read the KeyId instead of the ciphertext.
    with_algorithm = (
        {} if encryption == "SYMMETRIC_DEFAULT" else {"EncryptionAlgorithm": encryption}
    )
    signing = algorithms.get(SIGN_VERIFY, ("ECDSA_SHA_256",))[0]
    message, message_type = _signing_message(signing)
    mac = algorithms.get(GENERATE_VERIFY_MAC, ("HMAC_SHA_256",))[0]
    source = client.create_key()["KeyMetadata"]["KeyId"]  # a ciphertext for ReEncrypt

    def decrypt() -> None:
        blob = bytes(256)
        if usage == ENCRYPT_DECRYPT:
            blob = client.encrypt(KeyId=key, Plaintext=b"p", **with_algorithm)["CiphertextBlob"]
        assert client.decrypt(KeyId=key, CiphertextBlob=blob, **with_algorithm)["Plaintext"] == b"p"

    def re_encrypt() -> None:
        blob = client.encrypt(KeyId=source, Plaintext=b"p")["CiphertextBlob"]
        destination = {f"Destination{k}": v for k, v in with_algorithm.items()}
        client.re_encrypt(CiphertextBlob=blob, DestinationKeyId=key, **destination)

    def verify() -> None:
        signature = b"s"
        if usage == SIGN_VERIFY:
            signature = client.sign(
                KeyId=key, Message=message, MessageType=message_type, SigningAlgorithm=signing
            )["Signature"]
        assert client.verify(
            KeyId=key,
            Message=message,
            MessageType=message_type,
            Signature=signature,
            SigningAlgorithm=signing,
        )["SignatureValid"]

    def verify_mac() -> None:
        tag = bytes(32)
        if usage == GENERATE_VERIFY_MAC:
            tag = client.generate_mac(KeyId=key, Message=b"m", MacAlgorithm=mac)["Mac"]
        assert client.verify_mac(KeyId=key, Message=b"m", Mac=tag, MacAlgorithm=mac)["MacValid"]

    def derive() -> None:
        public = b"p"
        if usage == KEY_AGREEMENT:  # the key's own public key is a peer on its curve
            public = client.get_public_key(KeyId=key)["PublicKey"]
        secret = client.derive_shared_secret(
            KeyId=key, KeyAgreementAlgorithm="ECDH", PublicKey=public
        )["SharedSecret"]
        assert len(secret) == documented.SHARED_SECRET_BYTES[spec]

    def encapsulate() -> dict[str, bytes]:
        made = client.encapsulate(KeyId=key, EncapsulationAlgorithm="ML_KEM")
        assert len(made["SharedSecret"]) == documented.KEM_SHARED_SECRET_BYTES
        assert len(made["SharedSecretCiphertextBlob"]) == documented.KEM_CIPHERTEXT_BYTES[spec]
        return dict(made)

    def decapsulate() -> None:
        made = {"SharedSecretCiphertextBlob": bytes(768), "SharedSecret": b""}
        if usage == ENCAPSULATE_DECAPSULATE:
            made = encapsulate()
        secret = client.decapsulate(
            KeyId=key,
            SharedSecretCiphertextBlob=made["SharedSecretCiphertextBlob"],
            EncapsulationAlgorithm="ML_KEM",
        )["SharedSecret"]
        assert secret == made["SharedSecret"]

    def public_key() -> None:
        response = client.get_public_key(KeyId=key)
        assert (response["KeySpec"], response["KeyUsage"]) == (spec, usage)
        # With the key usage's algorithm list, as DescribeKey has it [MD GetPublicKey].
        assert tuple(response[documented.ALGORITHM_FIELD[usage]]) == _listed(spec, usage)

    def rotation_status() -> None:
        enabled = client.get_key_rotation_status(KeyId=key)["KeyRotationEnabled"]
        assert enabled is False  # a new key; for all but symmetric keys, always [DG23]

    return {
        "GetKeyRotationStatus": rotation_status,  # before EnableKeyRotation
        "Encrypt": lambda: client.encrypt(KeyId=key, Plaintext=b"p", **with_algorithm),
        "Decrypt": decrypt,
        "ReEncrypt": re_encrypt,
        "GenerateDataKey": lambda: client.generate_data_key(KeyId=key, KeySpec="AES_256"),
        "GenerateDataKeyWithoutPlaintext": lambda: client.generate_data_key_without_plaintext(
            KeyId=key, KeySpec="AES_256"
        ),
        "GenerateDataKeyPair": lambda: client.generate_data_key_pair(
            KeyId=key, KeyPairSpec="ECC_NIST_P256"
        ),
        "GenerateDataKeyPairWithoutPlaintext": (
            lambda: client.generate_data_key_pair_without_plaintext(
                KeyId=key, KeyPairSpec="ECC_NIST_P256"
            )
        ),
        "Sign": lambda: client.sign(
            KeyId=key, Message=message, MessageType=message_type, SigningAlgorithm=signing
        ),
        "Verify": verify,
        "GenerateMac": lambda: client.generate_mac(KeyId=key, Message=b"m", MacAlgorithm=mac),
        "VerifyMac": verify_mac,
        "DeriveSharedSecret": derive,
        "Encapsulate": encapsulate,
        "Decapsulate": decapsulate,
        "GetPublicKey": public_key,
        "EnableKeyRotation": lambda: client.enable_key_rotation(KeyId=key),
        "DisableKeyRotation": lambda: client.disable_key_rotation(KeyId=key),
        "RotateKeyOnDemand": lambda: client.rotate_key_on_demand(KeyId=key),
    }


def _documented_outcome(operation: str, spec: str, usage: str, arn: str) -> Outcome:
    if documented.kind_of(spec, usage) in documented.SUPPORTED_BY[operation]:
        return OK
    required = documented.USAGE_REQUIRED.get(operation)
    if required is not None and required != usage:
        code, template = documented.WRONG_KEY_USAGE
        return (code, template.format(arn=arn, usage=usage, operation=operation))
    if operation in documented.SYMMETRIC_ONLY:  # an asymmetric ENCRYPT_DECRYPT key
        if operation.startswith("GenerateDataKeyPair"):
            code, template = DEVIATIONS["data-key-pair-under-an-asymmetric-key"].pinned
            return (code, template.format(spec=spec))
        return documented.ASYMMETRIC_DATA_KEY
    if operation == "GetPublicKey":
        code, template = DEVIATIONS["public-key-of-a-symmetric-or-hmac-key"].pinned
        return (code, template.format(arn=arn, spec=spec))
    if operation in documented.ROTATION_OPERATIONS:
        return documented.ROTATION_REFUSED
    raise AssertionError(f"no documented answer for {operation} on {spec} {usage}")


@pytest.mark.parametrize(("spec", "usage"), REPRESENTATIVES)
def test_each_operation_works_exactly_on_the_documented_kinds_of_key(
    kms_fake: KmsFake, spec: str, usage: str
) -> None:
    client = _client(spec)
    metadata = client.create_key(KeySpec=spec, KeyUsage=usage)["KeyMetadata"]
    calls = _calls(client, metadata["KeyId"], spec, usage)
    assert calls.keys() == documented.SUPPORTED_BY.keys()  # every operation of the table
    if spec in documented.REGION_OF_SPEC:  # China refuses these whatever the key
        calls = {op: call for op, call in calls.items() if op not in documented.NOT_IN_CHINA}
    assert {op: _outcome(call) for op, call in calls.items()} == {
        op: _documented_outcome(op, spec, usage, metadata["Arn"]) for op in calls
    }


# --- CreateGrant ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("spec", "usage"), REPRESENTATIVES)
def test_create_grant_takes_exactly_the_operations_the_key_supports(
    kms_fake: KmsFake, spec: str, usage: str
) -> None:
    client = _client(spec)
    metadata = client.create_key(KeySpec=spec, KeyUsage=usage)["KeyMetadata"]
    allowed = documented.GRANT_OPERATIONS[documented.kind_of(spec, usage)]
    (template,) = DEVIATIONS["grant-operation-the-key-does-not-support"].pinned

    def grant(operations: Iterable[str]) -> Callable[[], object]:
        return lambda: client.create_grant(
            KeyId=metadata["KeyId"], GranteePrincipal=ROLE, Operations=sorted(operations)
        )

    # Each with DescribeKey, which every key takes: a grant of CreateGrant alone is refused
    # for another reason [ISS:ansible/ansible#31960, 2019].
    assert {op: _outcome(grant({op, "DescribeKey"})) for op in documented.GRANT_OPERATION_ENUM} == {
        op: OK
        if op in allowed
        else (
            documented.GRANT_OPERATION_REFUSED_CODE,
            template.format(operations=op, arn=metadata["Arn"], spec=spec, usage=usage),
        )
        for op in documented.GRANT_OPERATION_ENUM
    }
    assert _outcome(grant(allowed)) == OK


# --- Algorithms ----------------------------------------------------------------------------------

SIGNING_SPECS = [
    # RSA_3072 and RSA_4096 have RSA_2048's algorithms; their keys are slow to make.
    _param(spec)
    for spec, facts in documented.KEY_SPECS.items()
    if SIGN_VERIFY in facts.usages and spec not in ("RSA_3072", "RSA_4096")
]


@pytest.mark.parametrize("spec", SIGNING_SPECS)
def test_sign_takes_the_documented_algorithms_message_types_and_lengths(
    kms_fake: KmsFake, spec: str
) -> None:
    client = _client(spec)
    key = client.create_key(KeySpec=spec, KeyUsage=SIGN_VERIFY)["KeyMetadata"]["KeyId"]

    def sign(algorithm: str, message: bytes, message_type: str) -> Outcome:
        return _outcome(
            lambda: client.sign(
                KeyId=key, Message=message, MessageType=message_type, SigningAlgorithm=algorithm
            )
        )

    own = documented.KEY_SPECS[spec].usages[SIGN_VERIFY]
    for algorithm in documented.SIGNING_ALGORITHMS:
        if algorithm not in own:
            code, template = documented.INCOMPATIBLE_ALGORITHM
            assert sign(algorithm, b"m", RAW) == (
                code,
                template.format(algorithm=algorithm, spec=spec),
            )
    for algorithm in own:
        facts = documented.SIGNING_ALGORITHMS[algorithm]
        if RAW in facts.message_types:
            assert sign(algorithm, b"m", RAW) == OK
        if facts.digest_length is not None:
            code, template = documented.WRONG_DIGEST_LENGTH
            assert sign(algorithm, bytes(facts.digest_length), DIGEST) == OK
            assert sign(algorithm, bytes(facts.digest_length - 1), DIGEST) == (
                code,
                template.format(algorithm=algorithm),
            )
        if facts.mu_length is not None:
            assert sign(algorithm, bytes(facts.mu_length), EXTERNAL_MU) == OK
            wrong = DEVIATIONS["external-mu-of-the-wrong-length"].pinned
            assert sign(algorithm, bytes(facts.mu_length - 1), EXTERNAL_MU) == wrong
        for message_type in (RAW, DIGEST):
            refusal = documented.MESSAGE_TYPE_REFUSED.get((algorithm, message_type))
            if refusal is not None:
                refused = ("ValidationException", refusal.format(spec=spec))
                assert sign(algorithm, bytes(64), message_type) == refused


@pytest.mark.parametrize("spec", [s for s in documented.KEY_SPECS if s.startswith("HMAC_")])
def test_generate_mac_takes_only_its_algorithm_and_returns_its_length(
    kms_fake: KmsFake, spec: str
) -> None:
    client = _client(spec)
    key = client.create_key(KeySpec=spec, KeyUsage=GENERATE_VERIFY_MAC)["KeyMetadata"]["KeyId"]
    (own,) = documented.KEY_SPECS[spec].usages[GENERATE_VERIFY_MAC]
    code, template = documented.INCOMPATIBLE_ALGORITHM
    for algorithm, length in documented.MAC_LENGTHS.items():
        if algorithm == own:
            mac = client.generate_mac(KeyId=key, Message=b"m", MacAlgorithm=algorithm)["Mac"]
            assert len(mac) == length
            continue
        refused = _outcome(
            partial(client.generate_mac, KeyId=key, Message=b"m", MacAlgorithm=algorithm)
        )
        assert refused == (code, template.format(algorithm=algorithm, spec=spec))


@pytest.mark.parametrize("spec", [_param(spec) for spec in documented.SHARED_SECRET_BYTES])
def test_derive_shared_secret_returns_the_curves_secret(kms_fake: KmsFake, spec: str) -> None:
    client = _client(spec)
    key = client.create_key(KeySpec=spec, KeyUsage=KEY_AGREEMENT)["KeyMetadata"]["KeyId"]
    peer = client.get_public_key(KeyId=key)["PublicKey"]  # its own public key: a point on its curve
    secret = client.derive_shared_secret(KeyId=key, KeyAgreementAlgorithm="ECDH", PublicKey=peer)
    assert len(secret["SharedSecret"]) == documented.SHARED_SECRET_BYTES[spec]


@pytest.mark.parametrize("spec", list(documented.KEM_CIPHERTEXT_BYTES))
def test_encapsulate_returns_the_documented_sizes(kms_fake: KmsFake, spec: str) -> None:
    client = _client(spec)
    key = client.create_key(KeySpec=spec, KeyUsage=ENCAPSULATE_DECAPSULATE)["KeyMetadata"]["KeyId"]
    made = client.encapsulate(KeyId=key, EncapsulationAlgorithm="ML_KEM")
    assert len(made["SharedSecret"]) == documented.KEM_SHARED_SECRET_BYTES
    assert len(made["SharedSecretCiphertextBlob"]) == documented.KEM_CIPHERTEXT_BYTES[spec]
