"""The call log and the assertion helpers."""

from __future__ import annotations

import dataclasses
from typing import Any

import boto3
import pytest

from pytest_kmsfake import KmsCall, KmsFake


def test_calls_record_params_exactly_as_passed(kms: Any, kms_fake: KmsFake, key_id: str) -> None:
    kms.encrypt(KeyId=key_id, Plaintext="text, not bytes", EncryptionContext={"a": "b"})
    call = kms_fake.calls.last
    assert isinstance(call, KmsCall)
    assert call.operation == "Encrypt"
    assert call.params == {
        "KeyId": key_id,
        "Plaintext": "text, not bytes",
        "EncryptionContext": {"a": "b"},
    }
    assert (call.region, call.account_id, call.error) == ("us-east-1", "111122223333", None)
    assert call.response is not None and call.response["KeyId"].endswith(key_id)


def test_failed_calls_record_the_error_code(kms: Any, kms_fake: KmsFake) -> None:
    with pytest.raises(kms.exceptions.NotFoundException):
        kms.describe_key(KeyId="alias/none")
    call = kms_fake.calls.last
    assert call.error == "NotFoundException" and call.response is None
    assert call.error_message == "Alias arn:aws:kms:us-east-1:111122223333:alias/none is not found."


def test_filtering_and_counting(kms: Any, kms_fake: KmsFake, key_id: str) -> None:
    for text in (b"a", b"b"):
        kms.encrypt(KeyId=key_id, Plaintext=text)
    assert kms_fake.calls.call_count == 3 and kms_fake.calls.called
    assert [c.params["Plaintext"] for c in kms_fake.calls.filter("Encrypt")] == [b"a", b"b"]
    assert len(kms_fake.calls.filter("Encrypt", Plaintext=b"b")) == 1
    assert kms_fake.calls.counts() == {"CreateKey": 1, "Encrypt": 2}
    assert kms_fake.calls.operations() == ["CreateKey", "Encrypt", "Encrypt"]
    assert kms_fake.calls[0].operation == "CreateKey" and len(kms_fake.calls) == 3


def test_assert_called_subset_match(kms: Any, kms_fake: KmsFake, key_id: str) -> None:
    kms.encrypt(KeyId=key_id, Plaintext=b"x", EncryptionContext={"t": "1"})
    call = kms_fake.assert_called("Encrypt", KeyId=key_id)
    assert call.params["Plaintext"] == b"x"
    kms_fake.assert_called_once("Encrypt")
    kms_fake.assert_not_called("Decrypt")


def test_assert_called_failure_lists_the_calls_made(
    kms: Any, kms_fake: KmsFake, key_id: str
) -> None:
    kms.encrypt(KeyId=key_id, Plaintext=b"x")
    with pytest.raises(AssertionError) as info:
        kms_fake.assert_called("Encrypt", KeyId="alias/other")
    assert str(info.value) == (
        "Expected a KMS call Encrypt(KeyId='alias/other').\n"
        "KMS calls made:\n"
        "  1. CreateKey(Description='test key') in us-east-1 -> ok\n"
        f"  2. Encrypt(KeyId='{key_id}', Plaintext=b'x') in us-east-1 -> ok"
    )


def test_assert_not_called_failure(kms: Any, kms_fake: KmsFake) -> None:
    kms.list_keys()
    with pytest.raises(AssertionError, match=r"Expected no ListKeys call matching \{\}, found 1"):
        kms_fake.assert_not_called("ListKeys")


def test_last_with_no_calls(kms_fake: KmsFake) -> None:
    with pytest.raises(AssertionError, match=r"No KMS call was made\."):
        _ = kms_fake.calls.last
    with pytest.raises(AssertionError, match=r"No KMS calls were made\."):
        kms_fake.assert_called("Encrypt")


def test_helper_created_keys_are_not_logged(kms: Any, kms_fake: KmsFake) -> None:
    key_id = kms_fake.create_key(Description="seeded")
    assert not kms_fake.calls.called
    assert kms.describe_key(KeyId=key_id)["KeyMetadata"]["Description"] == "seeded"


def test_call_log_limit_bounds_memory_and_keeps_counting() -> None:
    import boto3

    from pytest_kmsfake import mock_kms

    with mock_kms(call_log_limit=3) as fake:
        client = boto3.client("kms", region_name="us-east-1")
        for n in range(1, 6):
            client.generate_random(NumberOfBytes=n)
    assert len(fake.calls) == 3 and fake.calls.call_count == 5 and fake.calls.dropped == 2
    assert [c.params["NumberOfBytes"] for c in fake.calls] == [3, 4, 5]
    assert [c.params["NumberOfBytes"] for c in fake.calls[1:]] == [4, 5]


def test_call_log_limit_is_validated() -> None:
    from pytest_kmsfake import mock_kms
    from pytest_kmsfake._service.options import OptionError

    with pytest.raises(OptionError, match="call_log_limit must be a positive integer"):
        mock_kms(call_log_limit=0)


ASSERTIONS = pytest.mark.parametrize(
    "ask",
    [
        lambda fake, name: fake.assert_called(name),
        lambda fake, name: fake.assert_called_once(name),
        lambda fake, name: fake.assert_not_called(name),
        lambda fake, name: fake.calls.assert_not_called(name),
        lambda fake, name: fake.calls.filter(name),
    ],
    ids=["assert_called", "assert_called_once", "assert_not_called", "calls.assert", "filter"],
)


@ASSERTIONS
def test_a_name_kms_does_not_have_is_refused_with_the_nearest(kms_fake: KmsFake, ask: Any) -> None:
    with pytest.raises(ValueError) as refused:
        ask(kms_fake, "Encypt")
    assert str(refused.value) == (
        "'Encypt' is not a KMS operation (botocore's KMS model has no such operation); "
        "did you mean 'Encrypt'?"
    )


@ASSERTIONS
@pytest.mark.parametrize("spelled", ["generate_data_key", "generatedatakey", "generate-data-key"])
def test_a_name_spelled_otherwise_is_refused_with_kms_spelling(
    kms_fake: KmsFake, ask: Any, spelled: str
) -> None:
    with pytest.raises(ValueError) as refused:
        ask(kms_fake, spelled)
    assert str(refused.value) == (
        f"{spelled!r} is not a KMS operation name: the call log names operations as KMS does, "
        "'GenerateDataKey'"
    )


def test_a_name_far_from_every_operation_gets_no_suggestion(kms_fake: KmsFake) -> None:
    with pytest.raises(
        ValueError,
        match=r"^'Frobnicate' is not a KMS operation \(botocore's KMS model has no such operation\)$",
    ):
        kms_fake.assert_not_called("Frobnicate")


def test_every_operation_of_the_model_is_accepted(kms_fake: KmsFake) -> None:
    from pytest_kmsfake._rules.model import operation_names

    for name in operation_names():
        kms_fake.assert_not_called(name)
    assert kms_fake.calls.filter() == []


def test_since_holds_the_calls_after_a_position(kms: Any, kms_fake: KmsFake) -> None:
    kms.list_keys()
    start = kms_fake.calls.call_count
    kms.generate_random(NumberOfBytes=8)
    kms.list_aliases()
    mine = kms_fake.calls.since(start)
    assert mine.operations() == ["GenerateRandom", "ListAliases"]
    assert mine.call_count == 2 and mine.dropped == 0
    mine.assert_called_once("ListAliases")
    mine.assert_not_called("ListKeys")
    kms.list_keys()
    assert len(mine) == 2  # a snapshot
    assert kms_fake.calls.since(kms_fake.calls.call_count).called is False
    assert kms_fake.calls.since(0).operations() == kms_fake.calls.operations()


def test_since_counts_the_calls_the_limit_dropped() -> None:
    from pytest_kmsfake import mock_kms

    with mock_kms(call_log_limit=3) as fake:
        client = boto3.client("kms", region_name="us-east-1")
        client.list_keys()
        start = fake.calls.call_count
        for size in range(1, 6):
            client.generate_random(NumberOfBytes=size)
        mine = fake.calls.since(start)
        assert [call.params["NumberOfBytes"] for call in mine] == [3, 4, 5]
        assert (mine.call_count, mine.dropped) == (5, 2)
        assert fake.calls.since(fake.calls.call_count - 1).operations() == ["GenerateRandom"]


@pytest.mark.parametrize("position", [-1, "3", 1.5, True])
def test_since_takes_an_earlier_call_count(kms_fake: KmsFake, position: Any) -> None:
    with pytest.raises(ValueError, match=r"since\(\) takes an earlier call_count, got "):
        kms_fake.calls.since(position)


def test_since_refuses_a_count_the_log_has_not_reached(kms: Any, kms_fake: KmsFake) -> None:
    kms.list_keys()
    with pytest.raises(ValueError) as info:
        kms_fake.calls.since(2)
    assert str(info.value) == "since() takes an earlier call_count, got 2; the count is 1"


# --- service events in the call log ------------------------------------------------------------
# KMS's own deletions, rotations and expiries are noticed at the next call, several at once
# when the clock jumped; CloudTrail shows them where they happened in time.


def _service_event(name: str, when: float) -> Any:
    from pytest_kmsfake._state.cloudtrail import ServiceEvent

    arn = f"arn:aws:kms:us-east-1:111122223333:key/{name}"
    return ServiceEvent("DeleteKey", when, "111122223333", "us-east-1", arn)


def _names(events: list[dict[str, Any]]) -> list[str]:
    return [event["resources"][0]["ARN"].rsplit("/", 1)[-1] for event in events]


def test_service_events_noticed_together_are_put_in_time_order() -> None:
    from pytest_kmsfake import CallLog

    log = CallLog()
    for name, when in (("later", 2_000_000_000.0), ("sooner", 1_900_000_000.0)):
        log.add_service_event(_service_event(name, when))
    call = KmsCall("ListKeys", {}, "us-east-1", "111122223333", {"Keys": []}, None)
    log.append(dataclasses.replace(call, request_id="r-1", time=1_950_000_000.0))
    for name, when in (("last", 2_100_000_000.0), ("after", 2_050_000_000.0)):
        log.add_service_event(_service_event(name, when))  # after the last call
    events = log.cloudtrail()
    assert [event["eventName"] for event in events] == ["DeleteKey"] * 2 + ["ListKeys"] + [
        "DeleteKey"
    ] * 2
    assert _names(events[:2]) == ["sooner", "later"]
    assert _names(events[3:]) == ["after", "last"]


def test_a_limited_log_keeps_the_latest_service_events() -> None:
    from pytest_kmsfake import CallLog

    log = CallLog(limit=2)
    for index in range(3):
        log.add_service_event(_service_event(f"k{index}", 1_900_000_000.0 + index))
    assert [event.key_arn.rsplit("/", 1)[-1] for event in log.service_events] == ["k1", "k2"]


def test_reset_forgets_the_service_events(kms: Any, kms_fake: KmsFake) -> None:
    key = kms.create_key()["KeyMetadata"]["KeyId"]
    kms.schedule_key_deletion(KeyId=key, PendingWindowInDays=7)
    kms_fake.advance_time(days=8)
    kms.list_keys()
    assert [event.name for event in kms_fake.calls.service_events] == ["DeleteKey"]
    kms_fake.reset()
    assert kms_fake.calls.service_events == [] and kms_fake.calls.cloudtrail() == []
