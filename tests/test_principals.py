"""Who calls: the account root by default, a principal mapped from the client's access key,
or the caller set on the fake; and keys used across accounts."""

from __future__ import annotations

import datetime
import json
from typing import Any

import boto3
import botocore.session
import pytest
from botocore.credentials import RefreshableCredentials
from botocore.exceptions import ClientError

from pytest_kmsfake import KmsFake, mock_kms
from pytest_kmsfake._access.principals import Caller, parse_caller
from pytest_kmsfake._service.options import OptionError

pytest_plugins = ["pytester"]

ACCOUNT = "111122223333"
OTHER = "444455556666"
ROLE = f"arn:aws:iam::{ACCOUNT}:role/app"
OTHER_ROLE = f"arn:aws:iam::{OTHER}:role/reader"


def client(**credentials: str) -> Any:
    return boto3.client("kms", region_name="us-east-1", **credentials)


def principal_of_last_call(fake: KmsFake) -> str:
    return fake.calls.last.access[0].principal


# --- Parsing principals --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("principal", "expected"),
    [
        (
            ACCOUNT,
            Caller(f"arn:aws:iam::{ACCOUNT}:root", ACCOUNT, f"arn:aws:iam::{ACCOUNT}:root", "root"),
        ),
        (
            f"arn:aws:iam::{ACCOUNT}:root",
            Caller(f"arn:aws:iam::{ACCOUNT}:root", ACCOUNT, f"arn:aws:iam::{ACCOUNT}:root", "root"),
        ),
        (ROLE, Caller(ROLE, ACCOUNT, ROLE, "role")),
        (
            f"arn:aws:iam::{ACCOUNT}:user/team/ana",
            Caller(
                f"arn:aws:iam::{ACCOUNT}:user/team/ana",
                ACCOUNT,
                f"arn:aws:iam::{ACCOUNT}:user/team/ana",
                "user",
            ),
        ),
        (
            f"arn:aws:sts::{ACCOUNT}:assumed-role/app/s1",
            Caller(f"arn:aws:sts::{ACCOUNT}:assumed-role/app/s1", ACCOUNT, ROLE, "assumed-role"),
        ),
        (
            f"arn:aws:sts::{ACCOUNT}:federated-user/bob",
            Caller(
                f"arn:aws:sts::{ACCOUNT}:federated-user/bob",
                ACCOUNT,
                f"arn:aws:sts::{ACCOUNT}:federated-user/bob",
                "federated-user",
            ),
        ),
    ],
)
def test_parse_caller(principal: str, expected: Caller) -> None:
    assert parse_caller(principal) == expected


@pytest.mark.parametrize(
    "principal",
    [
        "",
        "root",
        "1111",
        f"arn:aws:iam::{ACCOUNT}:group/devs",
        f"arn:aws:sts::{ACCOUNT}:role/app",
        f"arn:aws:iam::{ACCOUNT}:assumed-role/app/s",
        f"arn:aws:iam::{ACCOUNT}:root/x",
        "AIDACKCEVSQ6C2EXAMPLE",
    ],
)
def test_parse_caller_refuses_what_cannot_call(principal: str) -> None:
    with pytest.raises(ValueError, match=r"is not a principal the fake can act as|principals are"):
        parse_caller(principal)


def test_roles_with_paths_and_their_sessions_share_identity_policies() -> None:
    with_path = parse_caller(f"arn:aws:iam::{ACCOUNT}:role/service-role/app")
    session = parse_caller(f"arn:aws:sts::{ACCOUNT}:assumed-role/app/s1")
    assert with_path.identity_key == session.identity_key == f"{ACCOUNT}:role/app"
    assert parse_caller(f"arn:aws:iam::{ACCOUNT}:user/app").identity_key != session.identity_key


# --- Where the caller comes from -----------------------------------------------------------------


def test_the_default_caller_is_the_account_root() -> None:
    with mock_kms(enforce_access=True) as fake:
        client().create_key()
        assert principal_of_last_call(fake) == f"arn:aws:iam::{ACCOUNT}:root"


def test_the_root_is_of_the_regions_partition() -> None:
    with mock_kms(enforce_access=True) as fake:
        boto3.client("kms", region_name="cn-north-1").list_keys()
        assert principal_of_last_call(fake) == f"arn:aws-cn:iam::{ACCOUNT}:root"


def test_a_mapped_access_key_calls_as_its_principal() -> None:
    keys = {"AKIAAPPROLE": ROLE, "AKIAREADER": OTHER_ROLE}
    with mock_kms(access_keys=keys, enforce_access=True) as fake:
        fake.put_identity_policy(
            OTHER_ROLE, {"Statement": [{"Effect": "Allow", "Action": "kms:*", "Resource": "*"}]}
        )
        fake.put_identity_policy(
            ROLE, {"Statement": [{"Effect": "Allow", "Action": "kms:*", "Resource": "*"}]}
        )
        app = client(aws_access_key_id="AKIAAPPROLE", aws_secret_access_key="x")
        reader = client(aws_access_key_id="AKIAREADER", aws_secret_access_key="x")
        unmapped = client(aws_access_key_id="AKIAUNKNOWN", aws_secret_access_key="x")
        assert app.create_key()["KeyMetadata"]["AWSAccountId"] == ACCOUNT
        assert principal_of_last_call(fake) == ROLE
        # The principal's account is the account the call acts in.
        assert reader.create_key()["KeyMetadata"]["AWSAccountId"] == OTHER
        assert principal_of_last_call(fake) == OTHER_ROLE
        assert fake.calls.last.account_id == OTHER
        unmapped.list_keys()
        assert principal_of_last_call(fake) == f"arn:aws:iam::{ACCOUNT}:root"


def test_access_keys_can_be_added_on_the_fake() -> None:
    with mock_kms(enforce_access=True) as fake:
        fake.add_access_key("AKIAAPPROLE", f"arn:aws:iam::{OTHER}:root")
        key = client(aws_access_key_id="AKIAAPPROLE", aws_secret_access_key="x").create_key()
        assert key["KeyMetadata"]["AWSAccountId"] == OTHER
        with pytest.raises(ValueError, match="not a principal"):
            fake.add_access_key("AKIA2", "nobody")


def test_no_credential_chain_is_resolved(monkeypatch: pytest.MonkeyPatch) -> None:
    def refresh() -> dict[str, str]:
        raise AssertionError("the fake must not fetch credentials")

    with mock_kms(access_keys={"AKIACACHED": ROLE}, enforce_access=True) as fake:
        kms = client()
        kms._request_signer._credentials = RefreshableCredentials(
            access_key="AKIACACHED",
            secret_key="s",
            token=None,  # type: ignore[arg-type]
            expiry_time=datetime.datetime(2000, 1, 1, tzinfo=datetime.timezone.utc),
            refresh_using=refresh,
            method="test",
        )
        with pytest.raises(AssertionError, match="must not fetch"):
            _ = kms._request_signer._credentials.access_key  # what the fake must not do
        fake.put_identity_policy(
            ROLE, {"Statement": [{"Effect": "Allow", "Action": "kms:ListKeys", "Resource": "*"}]}
        )
        kms.list_keys()  # an expired refreshable credential would refresh if its properties were read
        assert principal_of_last_call(fake) == ROLE


def test_a_client_without_credentials_calls_as_the_default(monkeypatch: pytest.MonkeyPatch) -> None:
    with mock_kms(access_keys={"AKIAX": ROLE}, enforce_access=True) as fake:
        kms = client()
        assert botocore.session.Session().get_credentials() is None  # nothing in this environment
        assert kms._request_signer._credentials is None
        kms.list_keys()
        assert principal_of_last_call(fake) == f"arn:aws:iam::{ACCOUNT}:root"


def test_set_caller_and_acting_as() -> None:
    with mock_kms(enforce_access=True) as fake:
        fake.put_identity_policy(
            ROLE, {"Statement": [{"Effect": "Allow", "Action": "kms:List*", "Resource": "*"}]}
        )
        kms = client()
        with fake.acting_as(ROLE):
            kms.list_keys()
            assert principal_of_last_call(fake) == ROLE
            with fake.acting_as(f"arn:aws:iam::{OTHER}:root"):
                kms.list_keys()
                assert fake.calls.last.account_id == OTHER
            kms.list_keys()
            assert principal_of_last_call(fake) == ROLE
        kms.list_keys()
        assert principal_of_last_call(fake) == f"arn:aws:iam::{ACCOUNT}:root"
        fake.set_caller(ROLE, via_service="s3.us-east-1.amazonaws.com")
        kms.list_keys()
        assert (
            fake._service.access.caller is not None
            and fake._service.access.caller.via_service == "s3.us-east-1.amazonaws.com"
        )
        fake.set_caller(None)
        kms.list_keys()
        assert principal_of_last_call(fake) == f"arn:aws:iam::{ACCOUNT}:root"


def test_the_caller_option() -> None:
    with mock_kms(caller=f"arn:aws:iam::{OTHER}:user/ana") as fake:
        key = client().create_key()["KeyMetadata"]
        assert key["AWSAccountId"] == OTHER
        assert fake.calls.last.account_id == OTHER


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"caller": "nobody"}, "'nobody' is not a principal the fake can act as"),
        ({"caller": 12}, "principals are ARN strings, got 12"),
        ({"access_keys": {"AKIA": "nobody"}}, "'nobody' is not a principal"),
        ({"access_keys": ["AKIA"]}, "access_keys must map access key ids to principal ARNs"),
        ({"enforce_access": "yes"}, "enforce_access must be True or False, got 'yes'"),
    ],
)
def test_options_are_validated(options: dict[str, Any], message: str) -> None:
    with pytest.raises(OptionError, match=message):
        KmsFake(**options)


def test_identity_policies_attach_to_users_and_roles_only() -> None:
    fake = KmsFake()
    with pytest.raises(ValueError, match="the account root has every IAM permission"):
        fake.put_identity_policy(ACCOUNT, {"Statement": []})
    with pytest.raises(ValueError, match="names no Principal"):
        fake.put_identity_policy(
            ROLE,
            {
                "Statement": [
                    {"Effect": "Allow", "Principal": "*", "Action": "kms:*", "Resource": "*"}
                ]
            },
        )
    with pytest.raises(ValueError, match="not valid JSON"):
        fake.put_identity_policy(ROLE, "{")


# --- Keys across accounts ------------------------------------------------------------------------


def test_keys_are_used_across_accounts_by_key_arn_and_alias_arn() -> None:
    with mock_kms() as fake:
        owner = client()
        key = owner.create_key()["KeyMetadata"]
        owner.create_alias(AliasName="alias/shared", TargetKeyId=key["KeyId"])
        alias_arn = f"arn:aws:kms:us-east-1:{ACCOUNT}:alias/shared"
        with fake.acting_as(OTHER_ROLE):
            kms = client()
            blob = kms.encrypt(KeyId=key["Arn"], Plaintext=b"p")["CiphertextBlob"]
            assert kms.encrypt(KeyId=alias_arn, Plaintext=b"p")["KeyId"] == key["Arn"]
            assert kms.decrypt(CiphertextBlob=blob)["Plaintext"] == b"p"
            assert kms.describe_key(KeyId=key["Arn"])["KeyMetadata"]["AWSAccountId"] == ACCOUNT
            # A short key id names a key of the caller's own account.
            with pytest.raises(ClientError) as info:
                kms.describe_key(KeyId=key["KeyId"])
            assert info.value.response["Error"]["Message"] == (
                f"Key 'arn:aws:kms:us-east-1:{OTHER}:key/{key['KeyId']}' does not exist"
            )
            # Same-account-only operations cannot reach it (INFERRED error).
            with pytest.raises(ClientError) as info:
                kms.disable_key(KeyId=key["Arn"])
            assert info.value.response["Error"]["Code"] == "NotFoundException"
            assert kms.list_keys()["Keys"] == []


def test_cross_account_use_needs_the_key_policy_and_the_callers_iam() -> None:
    with mock_kms(enforce_access=True) as fake:
        owner = client()
        key = owner.create_key()["KeyMetadata"]
        with fake.acting_as(OTHER_ROLE), pytest.raises(ClientError) as info:
            client().encrypt(KeyId=key["Arn"], Plaintext=b"p")
        assert info.value.response["Error"]["Message"] == (
            f"User: {OTHER_ROLE} is not authorized to perform: kms:Encrypt on resource: {key['Arn']} "
            "because no resource-based policy allows the kms:Encrypt action"
        )
        owner.put_key_policy(
            KeyId=key["KeyId"],
            Policy=json.dumps(
                {
                    "Statement": [
                        {
                            "Effect": "Allow",
                            "Principal": {"AWS": [ACCOUNT, OTHER]},
                            "Action": "kms:*",
                            "Resource": "*",
                        }
                    ]
                }
            ),
        )
        with fake.acting_as(OTHER_ROLE):
            with pytest.raises(ClientError) as info:
                client().encrypt(KeyId=key["Arn"], Plaintext=b"p")
            assert info.value.response["Error"]["Message"].endswith(
                "because no identity-based policy allows the kms:Encrypt action"
            )
            fake.put_identity_policy(
                OTHER_ROLE,
                {
                    "Statement": [
                        {"Effect": "Allow", "Action": "kms:Encrypt", "Resource": key["Arn"]}
                    ]
                },
            )
            client().encrypt(KeyId=key["Arn"], Plaintext=b"p")
        with fake.acting_as(OTHER):  # the other account's root needs no IAM policy
            client().encrypt(KeyId=key["Arn"], Plaintext=b"p")


# --- The pytest surface ----------------------------------------------------------------------------


def test_marker_and_ini_options(pytester: pytest.Pytester) -> None:
    pytester.makeini(
        "[pytest]\n"
        "kms_fake_enforce_access = true\n"
        f"kms_fake_caller = {ROLE}\n"
        'kms_fake_access_keys = {"AKIAOTHER": "' + OTHER_ROLE + '"}\n'
    )
    pytester.makepyfile(
        f"""
        import boto3
        import pytest

        def test_ini(kms_fake):
            assert kms_fake.enforcing_access
            assert kms_fake._service.access.caller.arn == "{ROLE}"
            assert kms_fake._service.access.access_keys == {{"AKIAOTHER": "{OTHER_ROLE}"}}
            with pytest.raises(kms_fake_error(kms_fake)):
                boto3.client("kms", region_name="us-east-1").list_keys()

        def kms_fake_error(fake):
            return boto3.client("kms", region_name="us-east-1").exceptions.ClientError

        @pytest.mark.kms_fake(enforce_access=False, caller=None)
        def test_marker_wins(kms_fake):
            assert not kms_fake.enforcing_access
            boto3.client("kms", region_name="us-east-1").list_keys()
        """
    )
    pytester.runpytest().assert_outcomes(passed=2)


def test_bad_ini_values_stop_the_run(pytester: pytest.Pytester) -> None:
    pytester.makeini("[pytest]\nkms_fake_access_keys = not json\n")
    pytester.makepyfile("def test_it(kms_fake):\n    pass\n")
    result = pytester.runpytest()
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["ERROR: ini option kms_fake_access_keys must be JSON*"])
