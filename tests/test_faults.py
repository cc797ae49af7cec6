"""Fault injection, and botocore's retry modes reacting to it as to a real endpoint."""

from __future__ import annotations

from typing import Any

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from pytest_kmsfake import KmsFake

pytest_plugins = ["pytester"]


def _client(mode: str, attempts: int = 3) -> Any:
    config = Config(retries={"mode": mode, "total_max_attempts": attempts})
    return boto3.client("kms", region_name="us-east-1", config=config)


@pytest.mark.parametrize("mode", ["standard", "legacy", "adaptive"])
def test_first_two_decrypts_throttled_then_the_retry_mode_recovers(
    kms_fake: KmsFake, mode: str
) -> None:
    client = _client(mode)
    key = kms_fake.create_key()
    blob = client.encrypt(KeyId=key, Plaintext=b"x")["CiphertextBlob"]
    kms_fake.inject_fault("ThrottlingException", operation="Decrypt", times=2)

    response = client.decrypt(CiphertextBlob=blob)

    assert response["Plaintext"] == b"x"
    assert response["ResponseMetadata"]["RetryAttempts"] == 2
    attempts = kms_fake.calls.filter("Decrypt")
    assert [(c.error, c.injected) for c in attempts] == [
        ("ThrottlingException", True),
        ("ThrottlingException", True),
        (None, False),
    ]
    assert all(c.retry_delay is not None and c.retry_delay >= 0 for c in attempts[:2])
    assert attempts[2].retry_delay is None


def test_retries_stop_at_the_configured_maximum(kms_fake: KmsFake) -> None:
    client = _client("standard", attempts=3)
    kms_fake.inject_fault("ThrottlingException", operation="GenerateRandom", times=None)
    with pytest.raises(ClientError) as info:
        client.generate_random(NumberOfBytes=8)
    assert info.value.response["Error"] == {
        "Code": "ThrottlingException",
        "Message": "Rate exceeded",
    }
    assert info.value.response["ResponseMetadata"]["RetryAttempts"] == 2
    assert info.value.response["ResponseMetadata"]["MaxAttemptsReached"] is True
    assert "reached max retries: 2" in str(info.value)
    assert kms_fake.calls.call_count == 3


def test_server_faults_are_http_500_and_retried_as_transient(kms_fake: KmsFake) -> None:
    client = _client("standard")
    kms_fake.inject_fault("KMSInternalException", operation="GenerateRandom", times=1)
    assert client.generate_random(NumberOfBytes=4)["ResponseMetadata"]["RetryAttempts"] == 1
    kms_fake.inject_fault("KMSInternalException", times=None)
    with pytest.raises(client.exceptions.KMSInternalException) as info:
        client.generate_random(NumberOfBytes=4)
    assert info.value.response["ResponseMetadata"]["HTTPStatusCode"] == 500


def test_errors_that_are_not_retryable_are_not_retried(kms_fake: KmsFake) -> None:
    client = _client("standard")
    kms_fake.inject_fault("DisabledException", operation="GenerateRandom", message="nope")
    with pytest.raises(client.exceptions.DisabledException):
        client.generate_random(NumberOfBytes=4)
    assert kms_fake.calls.call_count == 1


def test_faults_limited_to_one_key_match_ids_aliases_and_ciphertexts(
    kms: Any, kms_fake: KmsFake
) -> None:
    target = kms_fake.create_key()
    other = kms_fake.create_key()
    kms.create_alias(AliasName="alias/target", TargetKeyId=target)
    blob = kms.encrypt(KeyId=target, Plaintext=b"x")["CiphertextBlob"]
    kms_fake.inject_fault("KeyUnavailableException", key="alias/target", times=None)
    kms.encrypt(KeyId=other, Plaintext=b"x")
    for call in (
        lambda: kms.encrypt(KeyId=target, Plaintext=b"x"),
        lambda: kms.decrypt(CiphertextBlob=blob),
        lambda: kms.describe_key(KeyId="alias/target"),
    ):
        with pytest.raises(kms.exceptions.KeyUnavailableException):
            call()


def test_probability_under_a_seed_is_reproducible(kms: Any, kms_fake: KmsFake) -> None:
    def pattern() -> list[bool]:
        kms_fake.clear_faults()
        kms_fake.inject_fault("ThrottlingException", probability=0.5, seed=7, times=None)
        outcomes = []
        for _ in range(20):
            try:
                kms.list_keys()
                outcomes.append(True)
            except ClientError:
                outcomes.append(False)
        return outcomes

    no_retries = boto3.client(
        "kms", region_name="us-east-1", config=Config(retries={"total_max_attempts": 1})
    )
    kms = no_retries
    first, second = pattern(), pattern()
    assert first == second and True in first and False in first


def test_delay_only_fault_slows_a_successful_call(kms: Any, kms_fake: KmsFake) -> None:
    import time

    kms_fake.inject_fault(None, operation="ListKeys", delay=0.2)
    started = time.monotonic()
    kms.list_keys()
    assert time.monotonic() - started >= 0.2
    assert kms_fake.calls.last.error is None


def test_sleep_on_retry_really_waits(kms_fake: KmsFake) -> None:
    import time

    slept: list[float] = []
    kms_fake.options = kms_fake.options.updated(sleep_on_retry=True)
    original = time.sleep
    time.sleep = slept.append  # type: ignore[assignment]
    try:
        kms_fake.inject_fault("ThrottlingException", operation="ListKeys")
        _client("standard").list_keys()
    finally:
        time.sleep = original
    assert slept == [kms_fake.calls[0].retry_delay]


def test_fault_arguments_are_validated(kms_fake: KmsFake) -> None:
    with pytest.raises(ValueError, match="times must be at least 1"):
        kms_fake.inject_fault(times=0)
    with pytest.raises(ValueError, match="probability must be between 0 and 1"):
        kms_fake.inject_fault(probability=2)
    with pytest.raises(ValueError, match="a fault needs an error, a delay, or both"):
        kms_fake.inject_fault(None)


UNUSED_FAULT_TEST = """
import pytest

{marker}
def test_it(kms_fake):
    kms_fake.inject_fault("ThrottlingException", operation="Decrypt", times=2{optional})
"""


def test_unconsumed_fault_fails_the_test_at_teardown(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(UNUSED_FAULT_TEST.format(marker="", optional=""))
    result = pytester.runpytest()
    result.assert_outcomes(passed=1, errors=1)
    result.stdout.fnmatch_lines(
        ["*Injected fault never used: ThrottlingException for Decrypt (0 injected, 2 left)*"]
    )


def test_optional_faults_are_not_reported(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(UNUSED_FAULT_TEST.format(marker="", optional=", optional=True"))
    pytester.runpytest().assert_outcomes(passed=1)
