"""The network guard: a KMS request that no fake answers fails loudly instead of reaching AWS."""

from __future__ import annotations

import importlib.util

import boto3
import botocore.endpoint
import botocore.session
import pytest
from botocore.client import BaseClient
from botocore.stub import Stubber

from pytest_kmsfake import KmsFakeGuardError, mock_kms
from pytest_kmsfake._client import guard as _guard
from pytest_kmsfake._client import seam as _seam

pytest_plugins = ["pytester"]

# The inner runs need no hypothesis plugin, whose end-of-session summary costs about a second.
QUIET = ("-p", "no:hypothesispytest")


def no_credentials() -> bool:
    """botocore's own credential chain finds nothing in this process: what an unguarded inner
    run's NoCredentialsError relies on (inner runs share this process's environment)."""
    return botocore.session.Session().get_credentials() is None


GUARD_MESSAGE = [
    "*KmsFakeGuardError: pytest-kmsfake's network guard stopped a request to real AWS KMS: "
    "ListKeys in us-east-1 (https://kms.us-east-1.amazonaws.com) was about to be signed and "
    "sent, and no fake KMS is active.",
    "E *To serve KMS in-process, give the test the kms_fake fixture "
    "(def test_x(kms_fake): ...) or mark it with @pytest.mark.kms_fake.",
    "E *To let such requests through, turn the guard off: for one test with "
    "@pytest.mark.kms_fake_guard(False), for the run with --no-kms-fake-guard on the command "
    "line or kms_fake_guard = false in the ini file.",
    "E *See the network guard page of the pytest-kmsfake documentation.",
]

FORGOT_THE_FIXTURE = """
import boto3

def test_forgot_the_fixture():
    boto3.client("kms", region_name="us-east-1").list_keys()
"""


def test_command_line_flag_stops_a_call_without_a_fake(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(FORGOT_THE_FIXTURE)
    result = pytester.runpytest("--kms-fake-guard", *QUIET)
    result.assert_outcomes(failed=1, errors=1)
    result.stdout.fnmatch_lines(GUARD_MESSAGE)


def test_ini_option_turns_it_on_and_the_command_line_turns_it_off(
    pytester: pytest.Pytester,
) -> None:
    pytester.makeini("[pytest]\nkms_fake_guard = true\n")
    pytester.makepyfile(FORGOT_THE_FIXTURE)
    result = pytester.runpytest(*QUIET)
    result.assert_outcomes(failed=1, errors=1)
    result.stdout.fnmatch_lines(GUARD_MESSAGE)
    # Off: the request goes on to botocore, which finds no credentials on this machine.
    assert no_credentials()
    result = pytester.runpytest("--no-kms-fake-guard", *QUIET)
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*NoCredentialsError*"])
    assert "network guard" not in result.stdout.str()


def test_off_by_default(pytester: pytest.Pytester) -> None:
    assert no_credentials()
    pytester.makepyfile(FORGOT_THE_FIXTURE)
    result = pytester.runpytest(*QUIET)
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*NoCredentialsError*"])


def test_a_swallowed_guard_error_fails_the_test_at_teardown(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import boto3

        def test_swallows():
            client = boto3.client("kms", region_name="eu-west-1")
            try:
                client.encrypt(KeyId="alias/app", Plaintext=b"x")
            except Exception:
                pass  # the code under test hides the failure
        """
    )
    result = pytester.runpytest("--kms-fake-guard", *QUIET)
    result.assert_outcomes(passed=1, errors=1)
    result.stdout.fnmatch_lines(
        [
            "*pytest-kmsfake's network guard stopped requests to real AWS KMS in this test "
            "(even if the code under test caught the error):",
            "- Encrypt in eu-west-1 (https://kms.eu-west-1.amazonaws.com)",
            "To serve KMS in-process, give the test the kms_fake fixture*",
        ]
    )


def test_fakes_stubbers_and_other_services_are_not_affected(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import boto3
        import pytest
        from botocore.stub import Stubber

        def test_fixture(kms_fake):
            boto3.client("kms", region_name="us-east-1").create_key()

        @pytest.mark.kms_fake
        def test_marker():
            boto3.client("kms", region_name="us-east-1").list_keys()

        def test_stubber_answers_before_the_guard():
            kms = boto3.client("kms", region_name="us-east-1")
            with Stubber(kms) as stub:
                stub.add_response("list_keys", {"Keys": []})
                assert kms.list_keys()["Keys"] == []

        def test_other_services_go_on_to_botocore():
            from botocore.exceptions import NoCredentialsError
            with pytest.raises(NoCredentialsError):
                boto3.client("sts", region_name="us-east-1").get_caller_identity()
        """
    )
    assert no_credentials()  # the other service's call fails for want of them
    pytester.runpytest("--kms-fake-guard", *QUIET).assert_outcomes(passed=4)


REAL_LOOKING_CREDENTIALS = """
import boto3
import botocore.endpoint
import pytest
from pytest_kmsfake import KmsFakeGuardError

sent = []

@pytest.fixture(autouse=True)
def real_looking_credentials(monkeypatch):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
    monkeypatch.setenv("AWS_SESSION_TOKEN", "FwoGZXIvYXdzEXAMPLETOKEN")

    def send(self, request):
        sent.append(request.url)
        raise AssertionError(f"a request reached botocore's endpoint: {request.url}")

    monkeypatch.setattr(botocore.endpoint.Endpoint, "_send", send)

def test_credentials_are_there():
    credentials = boto3.Session().get_credentials()
    assert credentials.access_key == "AKIAIOSFODNN7EXAMPLE"

def test_sync_call_never_reaches_the_endpoint():
    # A session of its own: boto3's default session would keep these credentials for the
    # rest of the process.
    kms = boto3.Session().client("kms", region_name="us-east-1")
    with pytest.raises(KmsFakeGuardError, match="ListKeys in us-east-1"):
        kms.list_keys()
    assert sent == []
    assert kms._request_signer._credentials.access_key == "AKIAIOSFODNN7EXAMPLE"
"""

REAL_LOOKING_CREDENTIALS_ASYNC = """

def test_async_call_never_reaches_the_endpoint(monkeypatch):
    import asyncio
    import aiobotocore.endpoint
    from aiobotocore.session import get_session

    async def send(self, request):
        sent.append(request.url)
        raise AssertionError(f"a request reached aiobotocore's endpoint: {request.url}")

    monkeypatch.setattr(aiobotocore.endpoint.AioEndpoint, "_send", send)

    async def main():
        async with get_session().create_client("kms", region_name="eu-west-1") as kms:
            with pytest.raises(KmsFakeGuardError, match="ListKeys in eu-west-1"):
                await kms.list_keys()

    asyncio.run(main())
    assert sent == []
"""


def test_with_real_looking_credentials_the_guard_stops_the_call_before_the_endpoint(
    pytester: pytest.Pytester,
) -> None:
    source = REAL_LOOKING_CREDENTIALS
    expected = 2
    if importlib.util.find_spec("aiobotocore") is not None:
        source += REAL_LOOKING_CREDENTIALS_ASYNC
        expected += 1
    pytester.makepyfile(source)
    result = pytester.runpytest("--kms-fake-guard", *QUIET)
    # The stopped requests also fail each test at teardown, as a caught guard error would.
    result.assert_outcomes(passed=expected, errors=expected - 1)
    assert "reached" not in result.stdout.str()


def test_the_guard_is_removed_when_the_run_ends(pytester: pytest.Pytester) -> None:
    original = BaseClient.__dict__["_make_request"]
    pytester.makepyfile(
        """
        from botocore.client import BaseClient
        from pytest_kmsfake._client import seam as _seam

        def test_on_during_the_run():
            assert _seam.guard_is_on()
        """
    )
    pytester.runpytest("--kms-fake-guard", *QUIET).assert_outcomes(passed=1)
    assert not _seam.guard_is_on()
    assert BaseClient.__dict__["_make_request"] is original


ANOTHER_KMS = """
import boto3
import botocore.endpoint
import pytest

from pytest_kmsfake import KmsFakeGuardError

pytestmark = pytest.mark.kms_fake_guard(False)  # this module's tests use another KMS


class ReachedTheEndpoint(Exception):
    pass


@pytest.fixture(autouse=True)
def another_kms(monkeypatch):
    # Where moto's mock_aws or a LocalStack endpoint would answer: after signing.
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")

    def send(self, request):
        raise ReachedTheEndpoint(request.url)

    monkeypatch.setattr(botocore.endpoint.Endpoint, "_send", send)


def test_the_module_marker_lets_requests_through():
    with pytest.raises(ReachedTheEndpoint, match="https://kms.us-east-1.amazonaws.com"):
        boto3.Session().client("kms", region_name="us-east-1").list_keys()


@pytest.mark.kms_fake_guard
def test_the_closest_marker_wins():
    with pytest.raises(KmsFakeGuardError):
        boto3.Session().client("kms", region_name="us-east-1").list_keys()
"""


def test_a_marker_turns_the_guard_off_for_its_tests_only(pytester: pytest.Pytester) -> None:
    # Files run in name order: the unmarked test after the marked module is guarded again.
    pytester.makepyfile(test_a_another_kms=ANOTHER_KMS, test_b_forgot=FORGOT_THE_FIXTURE)
    result = pytester.runpytest("--kms-fake-guard", "-rA", *QUIET)
    # The request the closest marker stopped fails that test again at teardown (an error),
    # as does the forgotten fixture's.
    result.assert_outcomes(passed=2, failed=1, errors=2)
    for line in (
        "PASSED test_a_another_kms.py::test_the_module_marker_lets_requests_through",
        "ERROR test_a_another_kms.py::test_the_closest_marker_wins*",
        "FAILED test_b_forgot.py::test_forgot_the_fixture*",
    ):
        result.stdout.fnmatch_lines([line])


def test_a_marker_turns_the_guard_on_for_one_test_of_an_unguarded_run(
    pytester: pytest.Pytester,
) -> None:
    pytester.makepyfile(
        """
        import boto3
        import pytest
        from botocore.exceptions import NoCredentialsError
        from pytest_kmsfake import KmsFakeGuardError
        from pytest_kmsfake._client import seam as _seam

        @pytest.mark.kms_fake_guard(True)
        def test_1_guarded():
            with pytest.raises(KmsFakeGuardError, match="ListKeys in us-east-1"):
                boto3.client("kms", region_name="us-east-1").list_keys()

        def test_2_unguarded_again():
            assert not _seam.guard_is_on()
            with pytest.raises(NoCredentialsError):
                boto3.client("kms", region_name="us-east-1").list_keys()
        """
    )
    assert no_credentials()
    result = pytester.runpytest("-rA", *QUIET)
    result.assert_outcomes(passed=2, errors=1)
    result.stdout.fnmatch_lines(["ERROR *test_1_guarded*"])
    result.stdout.fnmatch_lines(["PASSED *test_2_unguarded_again"])
    assert not _seam.guard_is_on()


@pytest.mark.parametrize("arguments", ["'yes'", "True, False", "enabled=True"])
def test_a_marker_with_other_arguments_fails_the_test(
    pytester: pytest.Pytester, arguments: str
) -> None:
    pytester.makepyfile(
        f"""
        import pytest

        @pytest.mark.kms_fake_guard({arguments})
        def test_it():
            pass
        """
    )
    result = pytester.runpytest(*QUIET)
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(
        [f"*the kms_fake_guard marker takes True, False or nothing, got ({arguments})*"]
    )


def test_bad_ini_value_is_a_usage_error(pytester: pytest.Pytester) -> None:
    pytester.makeini("[pytest]\nkms_fake_guard = maybe\n")
    pytester.makepyfile("def test_it():\n    pass\n")
    result = pytester.runpytest(*QUIET)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*ini option kms_fake_guard must be true or false, got 'maybe'*"])


def test_options_are_in_the_help(pytester: pytest.Pytester) -> None:
    result = pytester.runpytest("--help")
    result.stdout.fnmatch_lines(
        ["*--kms-fake-guard*", "*--no-kms-fake-guard*", "*kms_fake_guard (string):*"]
    )


def test_guard_without_pytest_is_reference_counted_and_reversible() -> None:
    original = BaseClient.__dict__["_make_request"]
    client = boto3.client("kms", region_name="us-east-1")
    _seam.guard_on()
    _seam.guard_on()
    try:
        _seam.guard_off()
        assert _seam.guard_is_on()
        with pytest.raises(KmsFakeGuardError):
            client.list_keys()
        with mock_kms():  # a fake answers before the guard is reached
            assert client.list_keys()["Keys"] == []
        with Stubber(client) as stub:
            stub.add_response("list_keys", {"Keys": []})
            client.list_keys()
    finally:
        _seam.guard_off()
    assert not _seam.guard_is_on()
    assert BaseClient.__dict__["_make_request"] is original
    _seam.guard_off()  # one too many: a no-op
    assert BaseClient.__dict__["_make_request"] is original


@pytest.mark.skipif(importlib.util.find_spec("moto") is None, reason="moto is not installed")
def test_moto_serves_a_marked_test_in_a_guarded_run(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import boto3
        import pytest
        from moto import mock_aws

        @pytest.mark.kms_fake_guard(False)
        def test_with_moto():
            with mock_aws():
                kms = boto3.client("kms", region_name="us-east-1")
                key_id = kms.create_key()["KeyMetadata"]["KeyId"]
                blob = kms.encrypt(KeyId=key_id, Plaintext=b"x")["CiphertextBlob"]
                assert kms.decrypt(CiphertextBlob=blob)["Plaintext"] == b"x"

        def test_with_the_fake(kms_fake):
            boto3.client("kms", region_name="us-east-1").create_key()
        """
    )
    pytester.runpytest("--kms-fake-guard", *QUIET).assert_outcomes(passed=2)


def test_the_guard_message_verbatim(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_guard, "_stopped", [])  # this test's stop is not a stop of the run
    client = boto3.client("kms", region_name="eu-west-1")
    error = _guard.blocked(client, client.meta.service_model.operation_model("ListKeys"))
    assert isinstance(error, KmsFakeGuardError)
    assert str(error) == (
        "pytest-kmsfake's network guard stopped a request to real AWS KMS: ListKeys in eu-west-1 "
        "(https://kms.eu-west-1.amazonaws.com) was about to be signed and sent, and no fake KMS "
        "is active.\n"
        "To serve KMS in-process, give the test the kms_fake fixture (def test_x(kms_fake): ...) "
        "or mark it with @pytest.mark.kms_fake.\n"
        "To let such requests through, turn the guard off: for one test with "
        "@pytest.mark.kms_fake_guard(False), for the run with --no-kms-fake-guard on the command "
        "line or kms_fake_guard = false in the ini file.\n"
        "See the network guard page of the pytest-kmsfake documentation."
    )
    assert _guard.stopped_since(0) == [
        "ListKeys in eu-west-1 (https://kms.eu-west-1.amazonaws.com)"
    ]


class ReachedTheEndpoint(Exception):
    pass


def test_pauses_are_counted_and_a_resume_without_a_pause_is_a_no_op(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(_guard, "_stopped", [])  # these stops are not stops of the run

    def send(endpoint: object, request: object) -> None:
        raise ReachedTheEndpoint

    monkeypatch.setattr(botocore.endpoint.Endpoint, "_send", send)
    client = boto3.Session().client(
        "kms", region_name="us-east-1", aws_access_key_id="testing", aws_secret_access_key="x"
    )
    _seam.guard_on()
    try:
        _seam.resume_guard()  # nothing is paused: the guard stays closed
        with pytest.raises(KmsFakeGuardError):
            client.list_keys()
        _seam.pause_guard()
        _seam.pause_guard()
        _seam.resume_guard()
        with pytest.raises(ReachedTheEndpoint):  # one pause is still in force
            client.list_keys()
        _seam.resume_guard()
        with pytest.raises(KmsFakeGuardError):
            client.list_keys()
    finally:
        _seam.guard_off()
    assert len(_guard.stopped_since(0)) == 2


def test_a_keyword_call_of_make_request_is_guarded_and_passed_on(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Wrappers of botocore may call `_make_request` with keywords.
    monkeypatch.setattr(_guard, "_stopped", [])
    kms = boto3.client("kms", region_name="us-east-1")
    sts = boto3.client("sts", region_name="us-east-1")
    seen: list[str] = []

    def make_request(client: object, operation_model: object, **_: object) -> str:
        seen.append(getattr(operation_model, "name", ""))
        return "sent"

    # The guard wraps the class's attribute that is there when it is turned on.
    monkeypatch.setattr(BaseClient, "_make_request", make_request)
    _seam.guard_on()
    try:
        with pytest.raises(KmsFakeGuardError, match="ListKeys in us-east-1"):
            kms._make_request(
                operation_model=kms.meta.service_model.operation_model("ListKeys"),
                request_dict={},
                request_context={},
            )
        operation = sts.meta.service_model.operation_model("GetCallerIdentity")
        sent = sts._make_request(operation_model=operation, request_dict={}, request_context={})
    finally:
        _seam.guard_off()
    assert (sent, seen) == ("sent", ["GetCallerIdentity"])


def test_the_guard_error_shows_the_callers_line_not_the_seams(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(FORGOT_THE_FIXTURE)
    result = pytester.runpytest("--kms-fake-guard", "--tb=long", *QUIET)
    result.assert_outcomes(failed=1, errors=1)
    output = result.stdout.str()
    assert "self._make_request(" in output  # botocore's line that made the request
    assert "raise blocked(" not in output
