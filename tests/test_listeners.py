"""The bridge skips an event only botocore's inert builtins hear, and fires any other."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import boto3
import pytest
from botocore import handlers as builtin
from botocore.awsrequest import AWSResponse
from botocore.hooks import EventAliaser, HierarchicalEmitter

from pytest_kmsfake import KmsFake
from pytest_kmsfake._client.listeners import INERT_BUILTINS, listened, parameter_events_listened

OPERATIONS = boto3.client("kms", region_name="us-east-1").meta.service_model.operation_names


@pytest.fixture
def fresh_kms() -> Any:
    return boto3.client("kms", region_name="us-east-1")


def _model(client: Any, operation: str) -> Any:
    return client.meta.service_model.operation_model(operation)


@pytest.mark.parametrize("operation", OPERATIONS)
def test_a_plain_clients_parameter_and_before_call_events_are_skipped(
    fresh_kms: Any, operation: str
) -> None:
    """The fast path applies to every KMS operation with botocore's default handlers."""
    model = _model(fresh_kms, operation)
    assert not parameter_events_listened(fresh_kms, model, f"kms.{operation}")
    assert not listened(fresh_kms.meta.events, f"before-call.kms.{operation}", model)


def test_every_inert_builtin_exists_in_the_installed_botocore() -> None:
    """A renamed builtin would make its events fire again: correct, but slower."""
    assert [name for name in INERT_BUILTINS if not hasattr(builtin, name)] == []


@pytest.mark.parametrize(
    ("registered_on", "emitted"),
    [
        ("provide-client-params.kms.Encrypt", "provide-client-params.kms.Encrypt"),
        ("before-parameter-build.kms.Encrypt", "before-parameter-build.kms.Encrypt"),
        ("before-parameter-build", "before-parameter-build.kms.Encrypt"),
        ("before-call.kms.Encrypt", "before-call.kms.Encrypt"),
        ("before-call.kms", "before-call.kms.Encrypt"),
        ("before-call", "before-call.kms.Encrypt"),
    ],
)
def test_a_users_handler_makes_the_event_fire_again(
    fresh_kms: Any, registered_on: str, emitted: str
) -> None:
    events, model = fresh_kms.meta.events, _model(fresh_kms, "Encrypt")

    def handler(**_: Any) -> None:
        return None

    assert not listened(events, emitted, model)
    events.register(registered_on, handler)
    assert listened(events, emitted, model)
    events.unregister(registered_on, handler)
    assert not listened(events, emitted, model)


def test_a_handler_that_only_shares_a_builtins_name_is_not_inert(fresh_kms: Any) -> None:
    def add_recursion_detection_header(**_: Any) -> None:
        return None

    fresh_kms.meta.events.register("before-call.kms.Encrypt", add_recursion_detection_header)
    assert listened(fresh_kms.meta.events, "before-call.kms.Encrypt", _model(fresh_kms, "Encrypt"))


def test_an_unhashable_handler_fires(fresh_kms: Any) -> None:
    class Unhashable:
        __hash__ = None  # type: ignore[assignment]

        def __call__(self, **_: Any) -> None:
            return None

    fresh_kms.meta.events.register("before-call.kms.Encrypt", Unhashable())
    assert listened(fresh_kms.meta.events, "before-call.kms.Encrypt", _model(fresh_kms, "Encrypt"))


def test_builtins_that_would_fill_a_member_are_inert_only_without_that_member(
    fresh_kms: Any,
) -> None:
    """KMS has no idempotency tokens or checksum modes today; an operation that had one
    would get botocore's handlers back."""
    events = fresh_kms.meta.events
    plain = SimpleNamespace(idempotent_members=[], http_checksum={})
    with_token = SimpleNamespace(idempotent_members=["ClientToken"], http_checksum={})
    with_mode = SimpleNamespace(
        idempotent_members=[], http_checksum={"requestValidationModeMember": "Mode"}
    )
    event = "before-parameter-build.kms.Encrypt"
    assert not listened(events, event, plain)
    assert listened(events, event, with_token)
    assert listened(events, event, with_mode)


def test_an_unrecognised_emitter_always_fires(fresh_kms: Any) -> None:
    assert listened(object(), "before-call.kms.Encrypt", None)

    class CountingEmitter(HierarchicalEmitter):
        """Does more than call handlers on every emit."""

    model = _model(fresh_kms, "Encrypt")
    assert not listened(fresh_kms.meta.events, "before-call.kms.Encrypt", model)
    assert listened(CountingEmitter(), "before-call.kms.Encrypt", model)
    assert listened(EventAliaser(CountingEmitter()), "before-call.kms.Encrypt", model)


def test_a_handler_registered_while_the_fake_is_active_runs(kms: Any, kms_fake: KmsFake) -> None:
    """The skip decision is taken per call, so a late registration is honoured at once."""
    kms.list_keys()
    seen: list[str] = []
    kms.meta.events.register("provide-client-params.kms.ListKeys", lambda **_: seen.append("p"))
    kms.meta.events.register("before-call.kms.ListKeys", lambda **_: seen.append("b"))
    kms.list_keys()
    assert seen == ["p", "b"]
    assert kms_fake.calls.call_count == 2


def test_a_before_call_answer_still_wins_over_the_fake(kms: Any, kms_fake: KmsFake) -> None:
    canned = {"Keys": [], "Truncated": False, "ResponseMetadata": {}}
    response = AWSResponse("https://kms", 200, {}, None)
    kms.meta.events.register("before-call.kms.ListKeys", lambda **_: (response, canned))
    assert kms.list_keys() is canned
    assert kms_fake.calls.call_count == 0
