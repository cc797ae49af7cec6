"""The call log's user-visible text: failure messages, `describe()`, `repr`, and `clear()`."""

from __future__ import annotations

from typing import Any

import pytest

from pytest_kmsfake import CallLog, KmsCall, KmsFake


def _call(operation: str = "Encrypt", **fields: Any) -> KmsCall:
    values: dict[str, Any] = {
        "params": {},
        "region": "us-east-1",
        "account_id": "111122223333",
        "response": {},
        "error": None,
    }
    values.update(fields)
    return KmsCall(operation=operation, **values)


def _log(*calls: KmsCall) -> CallLog:
    log = CallLog()
    for call in calls:
        log.append(call)
    return log


def test_a_new_call_is_not_injected_and_succeeds_without_an_error() -> None:
    call = _call()
    assert call.injected is False
    assert call.succeeded is True
    assert call.describe() == "Encrypt() in us-east-1 -> ok"


def test_a_call_with_an_error_did_not_succeed() -> None:
    call = _call(error="NotFoundException", response=None)
    assert call.succeeded is False
    assert call.describe() == "Encrypt() in us-east-1 -> NotFoundException"


def test_describe_shows_params_injection_retry_delay_and_reason() -> None:
    call = _call(
        "Decrypt",
        params={"KeyId": "alias/a", "GrantTokens": ["t"]},
        region="eu-west-1",
        response=None,
        error="ThrottlingException",
        injected=True,
        retry_delay=0.25,
        reason="region rule",
    )
    assert call.describe() == (
        "Decrypt(KeyId='alias/a', GrantTokens=['t']) in eu-west-1 -> ThrottlingException "
        "(injected), retried after 0.250s [region rule]"
    )


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (b"x" * 24, repr(b"x" * 24)),
        (b"x" * 25, "<25 bytes>"),
        (b"x" * 4096, "<4096 bytes>"),
        (bytearray(b"y" * 24), repr(bytearray(b"y" * 24))),
        (bytearray(b"y" * 25), "<25 bytes>"),
        ("s" * 30, repr("s" * 30)),
    ],
)
def test_long_byte_values_are_shown_by_size(value: Any, shown: str) -> None:
    assert _call(params={"Plaintext": value}).describe() == (
        f"Encrypt(Plaintext={shown}) in us-east-1 -> ok"
    )


def test_the_last_call_of_an_empty_log_fails_with_a_message() -> None:
    with pytest.raises(AssertionError) as info:
        _ = CallLog().last
    assert str(info.value) == "No KMS call was made."


def test_repr_counts_the_calls() -> None:
    assert repr(CallLog()) == "<CallLog of 0 calls>"
    assert repr(_log(_call(), _call())) == "<CallLog of 2 calls>"


def test_clear_forgets_every_call_and_the_count() -> None:
    log = _log(_call(), _call("Decrypt"))
    log.clear()
    assert len(log) == 0 and list(log) == [] and not log.called
    assert log.call_count == 0 and log.dropped == 0
    log.append(_call())
    assert log.call_count == 1 and len(log) == 1


def test_assert_called_on_an_empty_log() -> None:
    with pytest.raises(AssertionError) as info:
        CallLog().assert_called("Encrypt", KeyId="k", Plaintext=b"p")
    assert str(info.value) == (
        "Expected a KMS call Encrypt(KeyId='k', Plaintext=b'p').\nNo KMS calls were made."
    )


def test_assert_called_once_on_an_empty_log() -> None:
    with pytest.raises(AssertionError) as info:
        CallLog().assert_called_once("Encrypt", KeyId="k")
    assert str(info.value) == (
        "Expected exactly one Encrypt call matching {'KeyId': 'k'}, found 0.\n"
        "No KMS calls were made."
    )


def test_assert_called_once_matches_params_and_lists_the_calls() -> None:
    first = _call(params={"KeyId": "k", "Plaintext": b"a"})
    log = _log(first, _call(params={"KeyId": "k", "Plaintext": b"b"}))
    assert log.assert_called_once("Encrypt", Plaintext=b"a") is first
    with pytest.raises(AssertionError) as info:
        log.assert_called_once("Encrypt", KeyId="k")
    assert str(info.value) == (
        "Expected exactly one Encrypt call matching {'KeyId': 'k'}, found 2.\n"
        "KMS calls made:\n"
        "  1. Encrypt(KeyId='k', Plaintext=b'a') in us-east-1 -> ok\n"
        "  2. Encrypt(KeyId='k', Plaintext=b'b') in us-east-1 -> ok"
    )


def test_assert_not_called_matches_params_and_lists_the_calls() -> None:
    log = _log(_call(params={"Plaintext": b"a"}))
    log.assert_not_called("Encrypt", Plaintext=b"other")
    log.assert_not_called("Decrypt")
    with pytest.raises(AssertionError) as info:
        log.assert_not_called("Encrypt", Plaintext=b"a")
    assert str(info.value) == (
        "Expected no Encrypt call matching {'Plaintext': b'a'}, found 1.\n"
        "KMS calls made:\n"
        "  1. Encrypt(Plaintext=b'a') in us-east-1 -> ok"
    )


def test_messages_from_the_fake_show_blobs_by_size(
    kms: Any, kms_fake: KmsFake, key_id: str
) -> None:
    kms.encrypt(KeyId=key_id, Plaintext=b"p" * 32)
    assert kms_fake.calls.last.succeeded and kms_fake.calls.last.injected is False
    with pytest.raises(AssertionError) as info:
        kms_fake.assert_not_called("Encrypt")
    assert str(info.value) == (
        "Expected no Encrypt call matching {}, found 1.\n"
        "KMS calls made:\n"
        "  1. CreateKey(Description='test key') in us-east-1 -> ok\n"
        f"  2. Encrypt(KeyId='{key_id}', Plaintext=<32 bytes>) in us-east-1 -> ok"
    )


def test_a_decision_says_denied_and_cannot_be_changed() -> None:
    import dataclasses

    from pytest_kmsfake._state.calls import Decision

    decision = Decision("Encrypt", "kms:Encrypt", "arn:key", "arn:role", False, ("no policy",))
    assert str(decision) == "kms:Encrypt on arn:key by arn:role: denied\n  - no policy"
    with pytest.raises(dataclasses.FrozenInstanceError):
        decision.allowed = True  # type: ignore[misc]


@pytest.mark.parametrize("position", [-1, True, "3"])
def test_since_refuses_what_is_not_an_earlier_call_count(position: Any) -> None:
    with pytest.raises(ValueError) as info:
        CallLog().since(position)
    assert str(info.value) == f"since() takes an earlier call_count, got {position!r}"


def test_since_the_start_holds_every_call_and_counts_them(kms: Any, kms_fake: KmsFake) -> None:
    kms.list_keys()
    kms.list_aliases()
    every = kms_fake.calls.since(0)
    assert every.operations() == ["ListKeys", "ListAliases"]
    assert every.call_count == 2


def test_an_operation_name_one_edit_away_gets_a_suggestion() -> None:
    with pytest.raises(ValueError, match="did you mean 'Encrypt'"):
        CallLog().assert_not_called("Encrpyt")
