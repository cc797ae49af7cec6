"""The fake against AWS's documents (tests/documented_service.py): list limits, quotas,
deletion, rotation, import, data keys, AWS managed keys, multi-Region keys, custom key stores,
and the standards behind the pure-Python ML-KEM and SM2. First the fake's tables, entry by
entry; then its behaviour through boto3 where that is cheap.

The expectations come from the documented data only, never from the fake's tables: a wrong
entry in those tables must fail here."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterable
from functools import partial
from typing import Any

import documented_service as documented
import pytest
from botocore.exceptions import ClientError
from documented_service import DEVIATIONS
from freezegun import freeze_time

from pytest_kmsfake import KmsFake
from pytest_kmsfake._crypto import mlkem as _mlkem
from pytest_kmsfake._crypto import sm2 as _sm2
from pytest_kmsfake._rules import access as _access_rules
from pytest_kmsfake._rules import algorithms as _algorithms
from pytest_kmsfake._rules import aws_managed as _aws_managed
from pytest_kmsfake._rules import key_specs as _key_specs
from pytest_kmsfake._rules import limits as _limits
from pytest_kmsfake._rules import operations as _operations
from pytest_kmsfake._rules import wrapping as _wrapping
from pytest_kmsfake._rules.model import service_model

ACCOUNT = "111122223333"
ROLE = f"arn:aws:iam::{ACCOUNT}:role/app"
OK = "ok"
Outcome = Any  # OK, or the (code, message) of the error


def _union(*names: Iterable[Any]) -> list[Any]:
    return sorted(set().union(*names))


def _outcome(call: Callable[[], object]) -> Outcome:
    try:
        call()
    except ClientError as error:
        return (error.response["Error"]["Code"], error.response["Error"]["Message"])
    return OK


def _shape(name: str) -> Any:
    return service_model().shape_for(name)


# --- The documented data agrees with botocore's model -------------------------------------------


def test_the_documented_list_limits_cover_every_operation_that_takes_a_limit() -> None:
    model = service_model()
    with_limit = {
        op
        for op in model.operation_names
        if "Limit" in model.operation_model(op).input_shape.members  # type: ignore[union-attr]
    }
    assert with_limit == {op for op in documented.LIST_LIMITS if op in model.operation_names}
    model_maximum = _shape("LimitType").metadata["max"]
    assert all(limit.maximum <= model_maximum for limit in documented.LIST_LIMITS.values())


@pytest.mark.parametrize(
    ("shape", "values"),
    [
        ("DataKeySpec", set(documented.AES_DATA_KEY_BYTES)),
        ("WrappingKeySpec", set(documented.WRAPPING_ALGORITHMS)),
        (
            "AlgorithmSpec",
            {
                *documented.RETIRED_WRAPPING_ALGORITHMS,
                *_union(*documented.WRAPPING_ALGORITHMS.values()),
            },
        ),
    ],
)
def test_the_documented_data_covers_botocores_enum(shape: str, values: set[str]) -> None:
    assert set(_shape(shape).enum) == values


@pytest.mark.parametrize(
    ("shape", "constraint", "value"),
    [
        ("RotationPeriodInDaysType", "min", documented.ROTATION_PERIOD_DAYS[0]),
        ("RotationPeriodInDaysType", "max", documented.ROTATION_PERIOD_DAYS[1]),
        ("TagKeyType", "max", documented.TAG_KEY_MAX_CHARS),
        ("TagValueType", "max", documented.TAG_VALUE_MAX_CHARS),
        ("NumberOfBytesType", "max", documented.DATA_KEY_MAX_BYTES),
        ("GrantTokenList", "max", documented.GRANT_TOKENS_PER_REQUEST),
        ("PolicyType", "pattern", documented.KEY_POLICY_PATTERN),
    ],
)
def test_the_documented_data_agrees_with_botocores_constraints(
    shape: str, constraint: str, value: object
) -> None:
    assert _shape(shape).metadata[constraint] == value


def test_the_documented_sm2_generator_is_on_the_documented_curve() -> None:
    """A typo in the hand-written curve would leave its generator off the curve."""
    c = documented.SM2_CURVE
    assert (c.gy**2 - (c.gx**3 + c.a * c.gx + c.b)) % c.p == 0
    assert c.a == c.p - 3


def test_the_documented_ml_kem_sizes_follow_from_its_parameters() -> None:
    """FIPS 203's table 3 from its table 2: a typo in either disagrees with the other."""
    for params in documented.ML_KEM.values():
        assert params.encapsulation_key == 384 * params.k + 32
        assert params.decapsulation_key == 768 * params.k + 96
        assert params.ciphertext == 32 * (params.du * params.k + params.dv)


# --- The fake's tables, entry by entry -----------------------------------------------------------


def _documented_list_limit(operation: str) -> tuple[int, int]:
    limit = documented.LIST_LIMITS[operation]
    default = limit.default
    if default is None:
        pinned = DEVIATIONS[f"{_kebab(operation)}-default-limit"].pinned
        assert isinstance(pinned, int)
        default = pinned
    return default, limit.maximum


def _kebab(name: str) -> str:
    return "".join(f"-{c.lower()}" if c.isupper() else c for c in name).lstrip("-")


@pytest.mark.parametrize("operation", _union(documented.LIST_LIMITS, _limits.LIST_LIMITS))
def test_the_fake_pages_with_the_documented_limits(operation: str) -> None:
    assert operation in documented.LIST_LIMITS, f"AWS documents no Limit for {operation}"
    assert operation in _limits.LIST_LIMITS, f"the fake has no Limit for {operation}"
    fake = _limits.LIST_LIMITS[operation]
    assert (fake.default, fake.maximum) == _documented_list_limit(operation)


# Each of the fake's single-valued limits, read when the test runs, and its documented value.
SCALARS: list[tuple[Any, str, object]] = [
    (_limits, "KEYS_PER_ACCOUNT_REGION", documented.KEYS_PER_ACCOUNT_REGION),
    (_limits, "ALIASES_PER_KEY", documented.ALIASES_PER_KEY),
    (
        _limits,
        "CUSTOM_KEY_STORES_PER_ACCOUNT_REGION",
        documented.CUSTOM_KEY_STORES_PER_ACCOUNT_REGION,
    ),
    (_limits, "ON_DEMAND_ROTATIONS_PER_KEY", documented.ON_DEMAND_ROTATIONS_PER_KEY),
    (_limits, "MAX_TAGS_PER_KEY", documented.MAX_TAGS_PER_KEY),
    (_limits, "RESERVED_TAG_PREFIX", documented.RESERVED_TAG_PREFIX),
    (_limits, "PENDING_WINDOW_DAYS", documented.PENDING_WINDOW_DAYS),
    (_limits, "DEFAULT_PENDING_WINDOW_DAYS", documented.DEFAULT_PENDING_WINDOW_DAYS),
    (_limits, "ROTATION_PERIOD_DAYS", documented.ROTATION_PERIOD_DAYS),
    (_limits, "DEFAULT_ROTATION_PERIOD_DAYS", documented.DEFAULT_ROTATION_PERIOD_DAYS),
    (_limits, "AWS_MANAGED_ROTATION_DAYS", documented.AWS_MANAGED_ROTATION_DAYS),
    (_limits, "IMPORT_TOKEN_VALID_SECONDS", documented.IMPORT_TOKEN_VALID_HOURS * 3600),
    (_limits, "IMPORTED_MATERIAL_MAX_VALID_DAYS", documented.IMPORTED_MATERIAL_MAX_VALID_DAYS),
    (_limits, "RESERVED_ALIAS_PREFIX", documented.RESERVED_ALIAS_PREFIX),
    (_access_rules, "GRANTS_PER_KEY", documented.GRANTS_PER_KEY),
    # Characters for bytes: DEVIATIONS "key-policy-size-counts-characters".
    (_access_rules, "KEY_POLICY_MAX_CHARS", documented.KEY_POLICY_MAX_BYTES),
    (_access_rules, "GRANT_CONSTRAINT_MAX_PAIRS", documented.GRANT_CONSTRAINT_MAX_PAIRS),
    (
        _access_rules,
        "GRANT_CONSTRAINT_MAX_VALUE_CHARS",
        documented.GRANT_CONSTRAINT_MAX_VALUE_CHARS,
    ),
    (_access_rules, "GRANT_TOKENS_PER_REQUEST", documented.GRANT_TOKENS_PER_REQUEST),
    (_access_rules, "POLICY_NAMES", documented.POLICY_NAMES),
    (_mlkem, "SEED_BYTES", documented.ML_KEM_SEED_BYTES),
    (_algorithms, "KEM_SHARED_SECRET_BYTES", documented.ML_KEM_SHARED_SECRET_BYTES),
    (_sm2, "DEFAULT_ID", documented.SM2_DEFAULT_ID),
    (_sm2, "SM2_CURVE_OID", documented.SM2_CURVE_OID),
    (_sm2, "P", documented.SM2_CURVE.p),
    (_sm2, "A", documented.SM2_CURVE.a),
    (_sm2, "B", documented.SM2_CURVE.b),
    (_sm2, "N", documented.SM2_CURVE.n),
    (_sm2, "GX", documented.SM2_CURVE.gx),
    (_sm2, "GY", documented.SM2_CURVE.gy),
]


@pytest.mark.parametrize(
    ("module", "name", "expected"), SCALARS, ids=[name for _, name, _ in SCALARS]
)
def test_the_fake_has_the_documented_value(module: Any, name: str, expected: object) -> None:
    assert getattr(module, name) == expected


def test_the_fake_knows_the_documented_policy_versions() -> None:
    assert set(_access_rules.POLICY_VERSIONS) == documented.POLICY_VERSIONS


def test_the_fake_binds_the_documented_operations_to_origins() -> None:
    rows = _operations.OPERATIONS.items()
    restricted = [(op, row) for op, row in rows if (row.families, row.origins) != (None, None)]
    fake = {op: row.origins for op, row in restricted}
    expected = {
        **documented.ORIGINS_REQUIRED,
        "ListKeyRotations": DEVIATIONS["list-key-rotations-origins"].pinned,
    }
    assert fake == expected
    assert (
        documented.ORIGINS_REQUIRED["EnableKeyRotation"] == _operations.AUTOMATIC_ROTATION_ORIGINS
    )
    assert (
        documented.ORIGINS_REQUIRED["RotateKeyOnDemand"] == _operations.ON_DEMAND_ROTATION_ORIGINS
    )


def test_the_fake_binds_the_documented_operations_to_key_families() -> None:
    rows = _operations.OPERATIONS.items()
    fake = {
        op: {family.name for family in row.families} for op, row in rows if row.families is not None
    }
    expected = {
        **documented.FAMILIES_REQUIRED,
        "ListKeyRotations": DEVIATIONS["list-key-rotations-families"].pinned,
    }
    assert fake == expected


def test_the_fake_takes_another_accounts_key_in_the_documented_operations() -> None:
    rows = _operations.OPERATIONS.items()
    assert {op for op, row in rows if row.cross_account} == documented.CROSS_ACCOUNT_OPERATIONS


def test_each_encryption_context_a_request_carries_reaches_the_policy_conditions() -> None:
    # kms:EncryptionContext:<key> and kms:EncryptionContextKeys "control access ... based on
    # the encryption context in a request for a cryptographic operation" [DOCS
    # conditions-kms.html]: every encryption-context member of a request, as the model has it.
    model = service_model()
    members = {
        op: {
            name
            for name in model.operation_model(op).input_shape.members
            if name.endswith("EncryptionContext")
        }
        for op in model.operation_names
    }
    fake = {
        op: {action.context_member for action in row.key_actions} - {None}
        for op, row in _operations.OPERATIONS.items()
    }
    assert fake == {op: found for op, found in members.items() if op in fake}


def test_the_fake_authorizes_the_documented_operations_by_iam_policies_alone() -> None:
    rows = _operations.OPERATIONS.items()
    fake = {op: row.iam_only_resource for op, row in rows if row.iam_only_resource is not None}
    assert fake == documented.IAM_ONLY_RESOURCE


def _operations_whose_reference_says(pattern: str) -> set[str]:
    """The operations whose documentation in botocore's model (the API reference's text)
    matches `pattern`, where `{op}` stands for the operation's name."""
    model = service_model()
    return {
        op
        for op in model.operation_names
        if re.search(pattern.replace("{op}", op), model.operation_model(op).documentation)
    }


def test_the_documented_iam_only_operations_are_the_models() -> None:
    iam_only = _operations_whose_reference_says(
        r"Required permissions</b>:\s*(?:<a[^>]*>)?kms:{op}(?:</a>)?\s*\(IAM policy\)"
    )
    assert iam_only == set(documented.IAM_ONLY_RESOURCE)


def test_the_documented_cross_account_operations_are_the_models() -> None:
    yes = _operations_whose_reference_says(r"<b>Cross-account use</b>:\s*Yes\b")
    assert yes == documented.CROSS_ACCOUNT_OPERATIONS


@pytest.mark.parametrize(
    "spec", _union(documented.WRAPPING_ALGORITHMS, _wrapping.WRAPPING_ALGORITHMS)
)
def test_the_fake_wraps_with_the_documented_algorithms(spec: str) -> None:
    assert spec in documented.WRAPPING_ALGORITHMS, f"AWS documents no wrapping key spec {spec}"
    assert spec in _wrapping.WRAPPING_ALGORITHMS, f"the fake lacks the wrapping key spec {spec}"
    assert set(_wrapping.WRAPPING_ALGORITHMS[spec]) == set(documented.WRAPPING_ALGORITHMS[spec])


def test_the_fake_refuses_the_retired_wrapping_algorithm() -> None:
    assert set(_wrapping.RETIRED_WRAPPING_ALGORITHMS) == set(documented.RETIRED_WRAPPING_ALGORITHMS)


def test_the_fake_makes_data_keys_of_the_documented_sizes() -> None:
    assert dict(_limits.AES_DATA_KEY_BYTES) == dict(documented.AES_DATA_KEY_BYTES)


def _documented_aws_managed(alias: str) -> tuple[str, str]:
    """The service and the words of the key's description, documented or pinned."""
    facts = documented.AWS_MANAGED_KEYS[alias]
    service = facts.service
    if alias == "alias/aws/ebs":
        pinned = DEVIATIONS["aws-managed-ebs-via-service"].pinned
        assert pinned == service  # the documented table writes the pinned service too
    protects = facts.protects or documented.PINNED_AWS_MANAGED_PROTECTS[alias]
    return service, protects


@pytest.mark.parametrize(
    "alias", _union(documented.AWS_MANAGED_KEYS, _aws_managed.AWS_MANAGED_KEYS)
)
def test_the_fake_has_each_documented_aws_managed_key(alias: str) -> None:
    assert alias in documented.AWS_MANAGED_KEYS, f"AWS documents no predefined alias {alias}"
    assert alias in _aws_managed.AWS_MANAGED_KEYS, f"the fake lacks the predefined alias {alias}"
    assert tuple(_aws_managed.AWS_MANAGED_KEYS[alias]) == _documented_aws_managed(alias)


def test_exactly_the_undocumented_descriptions_are_pinned() -> None:
    assert set(documented.PINNED_AWS_MANAGED_PROTECTS) == {
        alias for alias, facts in documented.AWS_MANAGED_KEYS.items() if facts.protects is None
    }
    assert all(a.startswith(documented.RESERVED_ALIAS_PREFIX) for a in documented.AWS_MANAGED_KEYS)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("primary_only", documented.MULTI_REGION_PRIMARY_ONLY),
        ("replica_refused", documented.REPLICA_REFUSED),
        ("custom_key_store_refused", documented.CUSTOM_KEY_STORE_REFUSED),
    ],
)
def test_the_fake_refuses_the_documented_operations(name: str, expected: frozenset[str]) -> None:
    rows = _operations.OPERATIONS.items()
    assert {op for op, row in rows if getattr(row, name)} == set(expected)


@pytest.mark.parametrize("size", _union(documented.ML_KEM, _mlkem.PARAMS))
def test_the_fake_ml_kem_has_fips_203s_parameters(size: int) -> None:
    assert size in documented.ML_KEM, f"FIPS 203 defines no ML-KEM-{size}"
    assert size in _mlkem.PARAMS, f"the fake lacks ML-KEM-{size}"
    fake, facts = _mlkem.PARAMS[size], documented.ML_KEM[size]
    assert fake.name == f"ML-KEM-{size}"
    assert (fake.k, fake.eta1, fake.eta2, fake.du, fake.dv, fake.oid) == (
        facts.k, facts.eta1, facts.eta2, facts.du, facts.dv, facts.oid,
    )  # fmt: skip
    assert (fake.ek_length, fake.ciphertext_length) == (facts.encapsulation_key, facts.ciphertext)


def test_the_fake_hmac_key_lengths_are_the_pinned_ones() -> None:
    specs = {s: r for s, r in _key_specs.KEY_SPECS.items() if r.family is _key_specs.KeyFamily.HMAC}
    assert {s: h.hmac_key_length for s, h in specs.items()} == DEVIATIONS[
        "hmac-generated-key-bytes"
    ].pinned
    assert {s: h.imported_lengths for s, h in specs.items()} == DEVIATIONS[
        "hmac-imported-key-bytes"
    ].pinned


# --- Behaviour: list limits -----------------------------------------------------------------------


def _list_call(kms: Any, operation: str) -> Callable[..., object]:
    """A call of the List operation with whatever else it requires."""
    if operation in ("ListKeys", "ListAliases", "DescribeCustomKeyStores"):
        return getattr(kms, _snake(operation))  # type: ignore[no-any-return]
    if operation == "ListRetirableGrants":
        return lambda **more: kms.list_retirable_grants(RetiringPrincipal=ROLE, **more)
    key_id = kms.create_key()["KeyMetadata"]["KeyId"]
    return lambda **more: getattr(kms, _snake(operation))(KeyId=key_id, **more)


def _snake(operation: str) -> str:
    return _kebab(operation).replace("-", "_")


def _too_large(value: int, maximum: int) -> tuple[str, str]:
    # The model's constraint, in the form AWS words it [LS:2023-04-13, GenerateRandom].
    return (
        "ValidationException",
        f"1 validation error detected: Value '{value}' at 'limit' failed to satisfy constraint: "
        f"Member must have value less than or equal to {maximum}",
    )


@pytest.mark.parametrize("operation", sorted(documented.LIST_LIMITS))
def test_each_list_operation_takes_up_to_its_documented_limit(
    kms: Any, kms_fake: KmsFake, operation: str
) -> None:
    if operation not in service_model().operation_names:
        pytest.skip(f"this botocore predates {operation}")
    maximum = documented.LIST_LIMITS[operation].maximum
    call = _list_call(kms, operation)
    assert _outcome(lambda: call(Limit=maximum)) == OK
    assert _outcome(lambda: call(Limit=maximum + 1)) == _too_large(maximum + 1, maximum)


def _fill(kms: Any, operation: str, count: int) -> Callable[[], Any]:
    """`count` items for the List operation to list, and the call that lists them."""
    if operation == "ListKeys":
        for _ in range(count):
            kms.create_key()
        return kms.list_keys  # type: ignore[no-any-return]
    if operation == "ListAliases":
        # Each key takes up to ALIASES_PER_KEY aliases; the predefined aws/ ones count too.
        keys = [kms.create_key()["KeyMetadata"]["KeyId"] for _ in range(2)]
        for n in range(count):
            kms.create_alias(AliasName=f"alias/a{n}", TargetKeyId=keys[n % 2])
        return kms.list_aliases  # type: ignore[no-any-return]
    key_id = kms.create_key()["KeyMetadata"]["KeyId"]
    for _ in range(count):
        kms.create_grant(
            KeyId=key_id, GranteePrincipal=ROLE, RetiringPrincipal=ROLE, Operations=["Encrypt"]
        )
    if operation == "ListGrants":
        return lambda: kms.list_grants(KeyId=key_id)
    return lambda: kms.list_retirable_grants(RetiringPrincipal=ROLE)


# The List operations whose default page a test can overfill cheaply: the others' items are
# capped at or below the default (tags, policies) or need a year of rotations.
@pytest.mark.parametrize(
    "operation", ["ListKeys", "ListAliases", "ListGrants", "ListRetirableGrants"]
)
def test_a_list_page_holds_the_documented_default(
    kms: Any, kms_fake: KmsFake, operation: str
) -> None:
    default = documented.LIST_LIMITS[operation].default
    assert default is not None
    listed = _fill(kms, operation, default + 1)()
    items = next(value for key, value in listed.items() if isinstance(value, list))
    assert (len(items), listed["Truncated"]) == (default, True)


# --- Behaviour: quotas, deletion, import ----------------------------------------------------------


def test_aliases_per_key(kms: Any, key_id: str) -> None:
    for n in range(documented.ALIASES_PER_KEY):
        kms.create_alias(AliasName=f"alias/n{n}", TargetKeyId=key_id)
    error = _outcome(lambda: kms.create_alias(AliasName="alias/one-more", TargetKeyId=key_id))
    assert error[0] == documented.QUOTA_EXCEEDED_ERROR
    assert len(kms.list_aliases(KeyId=key_id)["Aliases"]) == documented.ALIASES_PER_KEY


def test_the_pending_window_bounds_and_default(kms: Any) -> None:
    low, high = documented.PENDING_WINDOW_DAYS
    start = datetime.datetime(2031, 3, 1, tzinfo=datetime.timezone.utc)
    with freeze_time(start):
        keys = [kms.create_key()["KeyMetadata"]["KeyId"] for _ in range(5)]
        schedule = kms.schedule_key_deletion
        for key_id, days in zip(keys, (low - 1, high + 1)):
            refused = _outcome(partial(schedule, KeyId=key_id, PendingWindowInDays=days))
            assert refused == documented.PENDING_WINDOW_REFUSED
        for key_id, days in zip(keys[2:], (low, high)):
            assert schedule(KeyId=key_id, PendingWindowInDays=days)["PendingWindowInDays"] == days
        deletion = schedule(KeyId=keys[4])["DeletionDate"]
    assert deletion == start + datetime.timedelta(days=documented.DEFAULT_PENDING_WINDOW_DAYS)


@pytest.fixture
def external(kms: Any) -> str:
    return str(kms.create_key(Origin="EXTERNAL")["KeyMetadata"]["KeyId"])


# The RSA wrapping key specs with every wrapping algorithm. SM2 wrapping keys exist in the
# China Regions only (documented_service); their refusal of the RSA algorithms comes first.
WRAPPING_CASES = [
    (spec, algorithm)
    for spec in documented.WRAPPING_ALGORITHMS
    for algorithm in _union(*documented.WRAPPING_ALGORITHMS.values())
    if spec != "SM2" or algorithm not in documented.WRAPPING_ALGORITHMS["SM2"]
]


@pytest.mark.parametrize(("spec", "algorithm"), WRAPPING_CASES)
def test_get_parameters_for_import_takes_the_documented_pairs(
    kms: Any, external: str, spec: str, algorithm: str
) -> None:
    outcome = _outcome(
        lambda: kms.get_parameters_for_import(
            KeyId=external, WrappingAlgorithm=algorithm, WrappingKeySpec=spec
        )
    )
    if algorithm in documented.WRAPPING_ALGORITHMS[spec]:
        assert outcome == OK
    else:
        assert outcome[0] == "ValidationException"


@pytest.mark.parametrize("algorithm", sorted(documented.RETIRED_WRAPPING_ALGORITHMS))
def test_get_parameters_for_import_refuses_retired_algorithms(
    kms: Any, external: str, algorithm: str
) -> None:
    outcome = _outcome(
        lambda: kms.get_parameters_for_import(
            KeyId=external, WrappingAlgorithm=algorithm, WrappingKeySpec="RSA_2048"
        )
    )
    assert outcome[0] == "ValidationException"


# --- Behaviour: the key policy quota --------------------------------------------------------------


def _policy_of_length(length: int, filler: str = "x") -> str:
    head = '{"Version":"2012-10-17","Statement":[{"Sid":"'
    tail = (
        f'","Effect":"Allow","Principal":{{"AWS":"arn:aws:iam::{ACCOUNT}:root"}},'
        '"Action":"kms:*","Resource":"*"}]}'
    )
    middle = length - len(head) - len(tail)
    return head + filler + "x" * (middle - 1) + tail


def test_the_key_policy_quota(kms: Any, key_id: str) -> None:
    limit = documented.KEY_POLICY_MAX_BYTES
    assert _outcome(lambda: kms.put_key_policy(KeyId=key_id, Policy=_policy_of_length(limit))) == OK
    over = _outcome(lambda: kms.put_key_policy(KeyId=key_id, Policy=_policy_of_length(limit + 1)))
    assert over[0] == documented.QUOTA_EXCEEDED_ERROR


def test_the_key_policy_quota_counts_characters(kms: Any, key_id: str) -> None:
    """A Latin-1 character is one character and two UTF-8 bytes: the fake counts one."""
    assert DEVIATIONS["key-policy-size-counts-characters"].pinned == "characters"
    policy = _policy_of_length(documented.KEY_POLICY_MAX_BYTES, filler="\u00e9")
    assert len(policy.encode()) == documented.KEY_POLICY_MAX_BYTES + 1
    assert _outcome(lambda: kms.put_key_policy(KeyId=key_id, Policy=policy)) == OK


# --- Behaviour: custom key store operations -------------------------------------------------------


def test_data_keys_come_from_keys_in_a_custom_key_store(kms: Any, kms_fake: KmsFake) -> None:
    """The documents disagree (documented_service, CUSTOM_KEY_STORE_REFUSED); the developer
    guide's explicit list of what such keys do is followed."""
    store_id = kms.create_custom_key_store(
        CustomKeyStoreName="hsm",
        CloudHsmClusterId="cluster-abcdefghijk",
        TrustAnchorCertificate="<certificate>",
        KeyStorePassword="kmsPswd",
    )["CustomKeyStoreId"]
    kms.connect_custom_key_store(CustomKeyStoreId=store_id)
    key_id = kms.create_key(Origin="AWS_CLOUDHSM", CustomKeyStoreId=store_id)["KeyMetadata"][
        "KeyId"
    ]
    for spec, size in documented.AES_DATA_KEY_BYTES.items():
        assert len(kms.generate_data_key(KeyId=key_id, KeySpec=spec)["Plaintext"]) == size
        kms.generate_data_key_without_plaintext(KeyId=key_id, KeySpec=spec)
