"""Nothing leaks between tests: state, patches, environment variables, the clock, faults."""

from __future__ import annotations

import pytest

pytest_plugins = ["pytester"]


def test_no_state_patch_clock_or_fault_leaks_into_the_next_test(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import datetime, os
        import boto3
        from botocore.client import BaseClient

        ORIGINAL = BaseClient.__dict__["_make_api_call"]
        def environ():
            return {k: v for k, v in os.environ.items() if k != "PYTEST_CURRENT_TEST"}

        ENVIRON = environ()
        REAL_NOW = datetime.datetime.now(datetime.timezone.utc)

        def test_first_makes_a_mess(kms_fake):
            client = boto3.client("kms", region_name="us-east-1")
            key = client.create_key()["KeyMetadata"]["KeyId"]
            client.create_alias(AliasName="alias/leak", TargetKeyId=key)
            kms_fake.inject_fault("ThrottlingException", operation="ListKeys", times=None)
            kms_fake.advance_time(days=365)
            kms_fake.set_key_state(key, "Unavailable")

        def test_between_tests_botocore_is_untouched():
            assert BaseClient.__dict__["_make_api_call"] is ORIGINAL
            assert environ() == ENVIRON
            now = datetime.datetime.now(datetime.timezone.utc)
            assert now - REAL_NOW < datetime.timedelta(hours=1)

        def test_second_starts_clean(kms_fake):
            client = boto3.client("kms", region_name="us-east-1")
            assert client.list_keys()["Keys"] == []          # no state, and no fault
            assert [a for a in client.list_aliases()["Aliases"] if "TargetKeyId" in a] == []
            assert not kms_fake.calls.filter("CreateKey")
            assert list(kms_fake.faults) == []
        """
    )
    pytester.runpytest("-p", "no:randomly").assert_outcomes(passed=3)


def test_a_failing_test_still_removes_the_patch(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        from botocore.client import BaseClient

        ORIGINAL = BaseClient.__dict__["_make_api_call"]

        def test_fails(kms_fake):
            raise RuntimeError("boom")

        def test_after():
            assert BaseClient.__dict__["_make_api_call"] is ORIGINAL
        """
    )
    pytester.runpytest().assert_outcomes(passed=1, failed=1)
