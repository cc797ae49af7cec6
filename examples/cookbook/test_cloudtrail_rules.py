"""An EventBridge rule on KMS's CloudTrail events, tested against the events of a real run.

The code under test: `matches` is an EventBridge-style pattern match (exact values, prefix,
exists) and `alert_on` the handler that raises an alert for a key scheduled for deletion or
disabled. The test feeds it the events the fake wrote for the test's calls.
"""

from __future__ import annotations

import contextlib
import datetime
from typing import Any

import boto3
from freezegun import freeze_time

# The rule, as it would be written for EventBridge (CloudTrail's event is EventBridge's
# "detail").
KEY_AT_RISK = {
    "eventSource": ["kms.amazonaws.com"],
    "eventName": ["ScheduleKeyDeletion", "DisableKey"],
    "errorCode": [{"exists": False}],
}


def matches(pattern: dict[str, Any], event: dict[str, Any]) -> bool:
    """A subset of EventBridge's pattern rules: a list of allowed values, {"prefix": ...},
    {"exists": bool}, and nested objects."""
    for name, wanted in pattern.items():
        if isinstance(wanted, dict):
            if not isinstance(event.get(name), dict) or not matches(wanted, event[name]):
                return False
            continue
        present, value = name in event, event.get(name)
        if not any(_allows(rule, present, value) for rule in wanted):
            return False
    return True


def _allows(rule: Any, present: bool, value: Any) -> bool:
    if isinstance(rule, dict) and "exists" in rule:
        return present is rule["exists"]
    if isinstance(rule, dict) and "prefix" in rule:
        return isinstance(value, str) and value.startswith(rule["prefix"])
    return present and value == rule


def alert_on(events: list[dict[str, Any]]) -> list[str]:
    """The alerts a handler would raise: one per key at risk, naming who did it."""
    return [
        f"{e['eventName']} of {e['resources'][0]['ARN']} by {e['userIdentity']['arn']}"
        for e in events
        if matches(KEY_AT_RISK, e)
    ]


def test_an_alert_for_each_key_put_at_risk(kms_fake: Any) -> None:
    kms = boto3.client("kms", region_name="eu-west-1")
    kept = kms.create_key()["KeyMetadata"]["Arn"]
    doomed = kms.create_key()["KeyMetadata"]["Arn"]
    kms.encrypt(KeyId=kept, Plaintext=b"business as usual")
    with kms_fake.acting_as("arn:aws:iam::111122223333:user/Mallory"):
        kms.schedule_key_deletion(KeyId=doomed, PendingWindowInDays=7)
        with contextlib.suppress(kms.exceptions.NotFoundException):  # no alert if it fails
            kms.disable_key(KeyId="1234abcd-12ab-34cd-56ef-1234567890ab")

    alerts = alert_on(kms_fake.calls.cloudtrail())

    assert alerts == [f"ScheduleKeyDeletion of {doomed} by arn:aws:iam::111122223333:user/Mallory"]


def test_the_deletion_itself_is_a_service_event(kms_fake: Any) -> None:
    with freeze_time("2031-03-01") as clock:
        kms = boto3.client("kms", region_name="eu-west-1")
        key = kms.create_key()["KeyMetadata"]["Arn"]
        kms.schedule_key_deletion(KeyId=key, PendingWindowInDays=7)
        clock.tick(datetime.timedelta(days=7, seconds=1))
        kms.list_keys()  # the fake carries out what the clock passed before each call

    deleted = {"eventType": ["AwsServiceEvent"], "eventName": ["DeleteKey"]}
    [event] = [e for e in kms_fake.calls.cloudtrail() if matches(deleted, e)]
    assert event["resources"][0]["ARN"] == key
    assert event["eventTime"] == "2031-03-08T00:00:00Z"
