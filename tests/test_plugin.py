"""The pytest surface, tested the way users meet it: in a separate pytest run (pytester)."""

from __future__ import annotations

import subprocess
import sys

import pytest

pytest_plugins = ["pytester"]

TEST_USING_FIXTURE = """
import boto3

def test_it(kms_fake):
    client = boto3.client("kms", region_name="us-east-1")
    key = client.create_key()["KeyMetadata"]
    print("ACCOUNT", key["AWSAccountId"])
    kms_fake.assert_called("CreateKey")
"""


def test_fixture_is_available_without_conftest(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(TEST_USING_FIXTURE)
    result = pytester.runpytest("-s")
    result.assert_outcomes(passed=1)
    result.stdout.fnmatch_lines(["*ACCOUNT 111122223333*"])


def test_every_test_starts_with_an_empty_fake(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import boto3

        def test_one(kms_fake):
            boto3.client("kms", region_name="us-east-1").create_key()

        def test_two(kms_fake):
            assert boto3.client("kms", region_name="us-east-1").list_keys()["Keys"] == []
        """
    )
    pytester.runpytest().assert_outcomes(passed=2)


def test_marker_alone_activates_the_fake_with_options(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import boto3
        import pytest

        @pytest.mark.kms_fake(account_id="444455556666")
        def test_it():
            key = boto3.client("kms", region_name="us-east-1").create_key()["KeyMetadata"]
            assert key["AWSAccountId"] == "444455556666"
        """
    )
    pytester.runpytest().assert_outcomes(passed=1)


def test_precedence_marker_over_ini_over_default(pytester: pytest.Pytester) -> None:
    pytester.makeini("[pytest]\nkms_fake_account_id = 222222222222\n")
    pytester.makepyfile(
        """
        import pytest

        def test_ini(kms_fake):
            assert kms_fake.options.account_id == "222222222222"

        @pytest.mark.kms_fake(account_id="333333333333")
        def test_marker(kms_fake):
            assert kms_fake.options.account_id == "333333333333"

        @pytest.mark.kms_fake(account_id="999999999999")
        class TestClass:
            @pytest.mark.kms_fake(account_id="555555555555")
            def test_closest_marker_wins(self, kms_fake):
                assert kms_fake.options.account_id == "555555555555"
        """
    )
    pytester.runpytest().assert_outcomes(passed=3)


def test_marker_options_are_validated_once_before_the_run(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import pytest

        @pytest.mark.kms_fake(acount_id="123")
        def test_typo(kms_fake):
            pass

        @pytest.mark.kms_fake(account_id="123")
        class TestBadValue:
            def test_one(self, kms_fake):
                pass

            def test_two(self):
                pass

        @pytest.mark.kms_fake("positional")
        def test_positional(kms_fake):
            pass

        @pytest.mark.kms_fake(caller=5)
        def test_principal():
            pass

        @pytest.mark.kms_fake(keys="absent.yaml")
        def test_keys_file():
            pass

        def test_fine():
            pass
        """
    )
    result = pytester.runpytest()
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(
        [
            "ERROR: the kms_fake marker got unknown option(s) acount_id; known options: "
            "account_id, check_at_teardown, *(on test_marker_options_are_validated_once_before_the_run.py::test_typo)",
            "the kms_fake marker: account_id must be 12 digits, got '123' (on *::TestBadValue::test_one and 1 more test(s))",
            "the kms_fake marker takes keyword options only, got ('positional',) (on *::test_positional)",
            "the kms_fake marker: caller: principals are ARN strings, got 5 (on *::test_principal)",
            "the kms_fake marker's keys: keys file absent.yaml not found (on *::test_keys_file)",
        ]
    )
    assert "Traceback" not in result.stdout.str() + result.stderr.str()
    assert "passed" not in result.stdout.str()


SWALLOWING_TEST = """
import boto3
import subprocess
import sys

import pytest

RECIPIENT = {{"KeyEncryptionAlgorithm": "RSAES_OAEP_SHA_256", "AttestationDocument": b"doc"}}

{marker}
def test_swallows(kms_fake):
    client = boto3.client("kms", region_name="us-east-1")
    try:
        client.generate_random(NumberOfBytes=8, Recipient=RECIPIENT)
    except Exception:
        pass  # the code under test hides the failure
"""


def test_unserved_call_fails_the_test_at_teardown_even_if_swallowed(
    pytester: pytest.Pytester,
) -> None:
    pytester.makepyfile(SWALLOWING_TEST.format(marker=""))
    result = pytester.runpytest()
    result.assert_outcomes(passed=1, errors=1)
    result.stdout.fnmatch_lines(
        [
            "*The fake KMS could not serve every call in this test*",
            "*does not support GenerateRandom with a Nitro Enclaves Recipient yet*",
            "*Opt out with @pytest.mark.kms_fake(check_at_teardown=False).*",
        ]
    )


def test_teardown_check_opt_out(pytester: pytest.Pytester) -> None:
    marker = "@pytest.mark.kms_fake(check_at_teardown=False)"
    pytester.makepyfile(SWALLOWING_TEST.format(marker=marker))
    pytester.runpytest().assert_outcomes(passed=1)


def test_internal_errors_surface_as_kms_internal_exception_and_fail_teardown(
    pytester: pytest.Pytester,
) -> None:
    pytester.makepyfile(
        """
        import boto3
        import pytest
        from pytest_kmsfake._service.ops import HANDLERS

        def test_bug(kms_fake, monkeypatch):
            def broken(ctx, params):
                raise ZeroDivisionError("boom")
            monkeypatch.setitem(HANDLERS, "ListKeys", broken)
            client = boto3.client("kms", region_name="us-east-1")
            with pytest.raises(client.exceptions.KMSInternalException) as info:
                client.list_keys()
            assert info.value.response["Error"]["Message"] == (
                "pytest-kmsfake failed inside ListKeys: ZeroDivisionError: boom"
            )
            assert info.value.response["ResponseMetadata"]["HTTPStatusCode"] == 500
        """
    )
    result = pytester.runpytest()
    result.assert_outcomes(passed=1, errors=1)
    result.stdout.fnmatch_lines(
        ["*pytest-kmsfake failed inside ListKeys: ZeroDivisionError: boom*"]
    )


def test_unittest_testcase_classes_through_the_decorator(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import unittest
        import boto3
        from pytest_kmsfake import mock_kms

        @mock_kms(account_id="777777777777")
        class TestKeys(unittest.TestCase):
            def test_create(self):
                key = boto3.client("kms", region_name="us-east-1").create_key()["KeyMetadata"]
                self.assertEqual(key["AWSAccountId"], "777777777777")

            def test_starts_empty(self):
                client = boto3.client("kms", region_name="us-east-1")
                self.assertEqual(client.list_keys()["Keys"], [])
        """
    )
    pytester.runpytest().assert_outcomes(passed=2)


def test_marker_is_registered(pytester: pytest.Pytester) -> None:
    result = pytester.runpytest("--markers")
    result.stdout.fnmatch_lines(["@pytest.mark.kms_fake(*account_id=*"])


@pytest.mark.parametrize("decorator", ["@mock_kms()", "@mock_kms"])
def test_test_case_decorator_covers_setup_and_inherited_tests(
    pytester: pytest.Pytester, decorator: str
) -> None:
    pytester.makepyfile(
        f"""
        import unittest
        import boto3
        from pytest_kmsfake import mock_kms

        class Base:  # a mixin, so only the decorated class runs its test
            def test_inherited(self):
                client = boto3.client("kms", region_name="us-east-1")
                self.assertEqual([k["KeyId"] for k in client.list_keys()["Keys"]], [self.key])

        {decorator}
        class TestKeys(Base, unittest.TestCase):
            def setUp(self):
                client = boto3.client("kms", region_name="us-east-1")
                self.key = client.create_key()["KeyMetadata"]["KeyId"]  # in setUp: routed

            def test_own(self):
                self.assertTrue(self.kms_fake.calls.called)
        """
    )
    pytester.runpytest().assert_outcomes(passed=2)


def test_marker_without_the_fixture_is_active_for_other_fixtures(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import boto3, pytest

        @pytest.fixture
        def key():
            return boto3.client("kms", region_name="us-east-1").create_key()["KeyMetadata"]["KeyId"]

        @pytest.mark.kms_fake
        def test_it(key):
            assert key
        """
    )
    pytester.runpytest().assert_outcomes(passed=1)


def test_context_manager_raises_on_exit_for_unserved_calls() -> None:
    import boto3

    from pytest_kmsfake import KmsFakeProblems, KmsFakeUnsupported, mock_kms

    recipient = {"KeyEncryptionAlgorithm": "RSAES_OAEP_SHA_256", "AttestationDocument": b"doc"}
    with pytest.raises(KmsFakeProblems, match="Nitro Enclaves Recipient"):  # noqa: SIM117
        with mock_kms():
            client = boto3.client("kms", region_name="us-east-1")
            with pytest.raises(KmsFakeUnsupported):
                client.generate_random(NumberOfBytes=8, Recipient=recipient)


HEAVY = ("botocore", "cryptography", "pytest_kmsfake._fake", "pytest_kmsfake._client.seam")


def test_importing_the_plugin_imports_neither_botocore_nor_cryptography() -> None:
    # pytest imports the plugin in every run of every project it is installed in.
    code = (
        "import sys, pytest_kmsfake.plugin, pytest_kmsfake\n"
        f"print(sorted(m for m in sys.modules if m.split('.')[0] in {HEAVY[:2]!r} "
        f"or m in {HEAVY[2:]!r}))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_a_run_that_never_uses_the_fake_never_loads_it(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        f"""
        import sys

        def test_nothing_heavy_loaded():
            loaded = [m for m in sys.modules if m.split(".")[0] in {HEAVY[:2]!r} or m in {HEAVY[2:]!r}]
            assert loaded == []
        """
    )
    pytester.runpytest_subprocess("-p", "no:randomly").assert_outcomes(passed=1)


def test_the_public_names_load_on_first_use() -> None:
    code = (
        "import pytest_kmsfake as p\n"
        "from pytest_kmsfake import mock_kms\n"
        "assert p.mock_kms is mock_kms and p.KmsFake.__name__ == 'KmsFake'\n"
        "assert set(p.__all__) <= set(dir(p))\n"
        "from pytest_kmsfake._service.options import OptionError\n"
        "from pytest_kmsfake._testing.timetravel import ClockOwnedElsewhere\n"
        "assert (p.OptionError, p.ClockOwnedElsewhere) == (OptionError, ClockOwnedElsewhere)\n"
        "assert issubclass(p.OptionError, ValueError)\n"
        "try:\n    p.nothing_of_that_name\nexcept AttributeError as e:\n    print(e)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "module 'pytest_kmsfake' has no attribute 'nothing_of_that_name'"


def test_asymmetric_keys_go_to_pytests_cache_directory(pytester: pytest.Pytester) -> None:
    # The pool is named at startup, before the cryptography is loaded, and made on first use.
    pytester.makepyfile(
        """
        import boto3

        def test_it(kms_fake):
            boto3.client("kms", region_name="us-east-1").create_key(
                KeySpec="ECC_NIST_P256", KeyUsage="SIGN_VERIFY"
            )
        """
    )
    pytester.runpytest_subprocess().assert_outcomes(passed=1)
    cached = list((pytester.path / ".pytest_cache" / "d" / "pytest-kmsfake-keys").rglob("*.der"))
    assert [path.parent.name for path in cached] == ["ECC_NIST_P256"]


def test_a_session_fake_is_shared_and_never_leaks_into_a_fresh_one(
    pytester: pytest.Pytester,
) -> None:
    pytester.makeconftest(
        """
        import pytest
        from pytest_kmsfake import mock_kms

        @pytest.fixture(scope="session")
        def shared_kms():
            with mock_kms() as fake:
                yield fake

        @pytest.fixture(scope="session")
        def key_id(shared_kms):
            return shared_kms.create_key(Description="made once")
        """
    )
    pytester.makepyfile(
        test_a="""
        import boto3

        def test_uses_the_shared_key(shared_kms, key_id):
            start = shared_kms.calls.call_count
            boto3.client("kms", region_name="us-east-1").encrypt(KeyId=key_id, Plaintext=b"a")
            assert shared_kms.calls.since(start).operations() == ["Encrypt"]
        """,
        test_b="""
        import boto3, pytest

        def test_fixture_gets_a_fresh_fake(shared_kms, key_id, kms_fake):
            client = boto3.client("kms", region_name="us-east-1")
            assert client.list_keys()["Keys"] == []
            assert kms_fake.calls.operations() == ["ListKeys"]

        @pytest.mark.kms_fake
        def test_marker_gets_a_fresh_fake_too(shared_kms, key_id):
            assert boto3.client("kms", region_name="us-east-1").list_keys()["Keys"] == []

        def test_the_shared_fake_answers_again(shared_kms, key_id):
            keys = boto3.client("kms", region_name="us-east-1").list_keys()["Keys"]
            assert [key["KeyId"] for key in keys] == [key_id]
            assert "ListKeys" not in shared_kms.calls.operations()[:-1]  # nothing leaked
        """,
    )
    pytester.runpytest("-p", "no:randomly").assert_outcomes(passed=4)


def test_a_shared_fake_reports_what_it_could_not_serve_when_it_stops(
    pytester: pytest.Pytester,
) -> None:
    pytester.makepyfile(
        """
        import boto3, pytest
        from pytest_kmsfake import KmsFakeUnsupported, mock_kms

        @pytest.fixture(scope="module")
        def shared_kms():
            with mock_kms() as fake:
                yield fake

        def test_swallows(shared_kms):
            client = boto3.client("kms", region_name="us-east-1")
            recipient = {"KeyEncryptionAlgorithm": "RSAES_OAEP_SHA_256", "AttestationDocument": b"doc"}
            try:
                client.generate_random(NumberOfBytes=8, Recipient=recipient)
            except KmsFakeUnsupported:
                pass  # the code under test hides the failure

        def test_last(shared_kms):
            pass
        """
    )
    result = pytester.runpytest("-p", "no:randomly")
    result.assert_outcomes(passed=2, errors=1)
    result.stdout.fnmatch_lines(
        ["*ERROR at teardown of test_last*", "*The fake KMS could not serve every call*"]
    )
