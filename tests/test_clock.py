"""Time comes from the clock at call time: freezegun and time-machine both move the fake."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any, Callable

import pytest
import time_machine
from botocore.exceptions import ClientError
from freezegun import freeze_time

START = datetime.datetime(2030, 1, 1, 12, 0, tzinfo=datetime.timezone.utc)


def _error(call: Callable[[], Any]) -> dict[str, str]:
    with pytest.raises(ClientError) as info:
        call()
    return dict(info.value.response["Error"])


class _Freezegun:
    def __init__(self) -> None:
        self._frozen = freeze_time(START)
        self._clock: Any = None

    def __enter__(self) -> _Freezegun:
        self._clock = self._frozen.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self._frozen.__exit__(*exc)

    def move(self, delta: datetime.timedelta) -> None:
        self._clock.tick(delta)


class _TimeMachine:
    def __init__(self) -> None:
        self._travel = time_machine.travel(START, tick=False)
        self._traveller: Any = None

    def __enter__(self) -> _TimeMachine:
        self._traveller = self._travel.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self._travel.__exit__(*exc)

    def move(self, delta: datetime.timedelta) -> None:
        self._traveller.shift(delta)


@pytest.fixture(params=[_Freezegun, _TimeMachine], ids=["freezegun", "time-machine"])
def clock(request: pytest.FixtureRequest) -> Iterator[Any]:
    with request.param() as controlled:
        yield controlled


def test_creation_date_comes_from_the_controlled_clock(clock: Any, kms: Any) -> None:
    metadata = kms.create_key()["KeyMetadata"]
    assert metadata["CreationDate"] == START


def test_key_is_gone_once_the_deletion_window_passes(clock: Any, kms: Any, key_id: str) -> None:
    kms.create_alias(AliasName="alias/doomed", TargetKeyId=key_id)
    blob = kms.encrypt(KeyId=key_id, Plaintext=b"x")["CiphertextBlob"]
    response = kms.schedule_key_deletion(KeyId=key_id, PendingWindowInDays=7)
    assert response["DeletionDate"] == START + datetime.timedelta(days=7)

    clock.move(datetime.timedelta(days=7) - datetime.timedelta(seconds=1))
    assert kms.describe_key(KeyId=key_id)["KeyMetadata"]["KeyState"] == "PendingDeletion"

    clock.move(datetime.timedelta(seconds=1))
    arn = f"arn:aws:kms:us-east-1:111122223333:key/{key_id}"
    assert _error(lambda: kms.describe_key(KeyId=key_id)) == {
        "Code": "NotFoundException",
        "Message": f"Key '{arn}' does not exist",
    }
    assert kms.list_keys()["Keys"] == []
    assert [a for a in kms.list_aliases()["Aliases"] if "TargetKeyId" in a] == []
    assert _error(lambda: kms.decrypt(CiphertextBlob=blob))["Code"] == "AccessDeniedException"


def test_cancelled_deletion_never_happens(clock: Any, kms: Any, key_id: str) -> None:
    kms.schedule_key_deletion(KeyId=key_id, PendingWindowInDays=7)
    kms.cancel_key_deletion(KeyId=key_id)
    clock.move(datetime.timedelta(days=60))
    assert kms.describe_key(KeyId=key_id)["KeyMetadata"]["KeyState"] == "Disabled"


def test_advance_time_without_a_clock_library(kms: Any, kms_fake: Any, key_id: str) -> None:
    kms.schedule_key_deletion(KeyId=key_id, PendingWindowInDays=7)
    before = datetime.datetime.now(datetime.timezone.utc)
    moved_to = kms_fake.advance_time(days=8)
    assert moved_to - before >= datetime.timedelta(days=8)
    assert _error(lambda: kms.describe_key(KeyId=key_id))["Code"] == "NotFoundException"


def test_advance_time_stops_with_the_fake() -> None:
    from pytest_kmsfake import mock_kms

    real = datetime.datetime.now(datetime.timezone.utc)
    with mock_kms() as fake:
        fake.advance_time(days=400)
        assert datetime.datetime.now(datetime.timezone.utc) >= real + datetime.timedelta(days=400)
    assert datetime.datetime.now(datetime.timezone.utc) < real + datetime.timedelta(hours=1)


def test_advance_time_refuses_to_fight_the_tests_own_clock(clock: Any, kms_fake: Any) -> None:
    from pytest_kmsfake import ClockOwnedElsewhere

    assert issubclass(ClockOwnedElsewhere, RuntimeError)
    with pytest.raises(ClockOwnedElsewhere, match="move it instead of calling advance_time"):
        kms_fake.advance_time(days=1)
