"""aiobotocore and aioboto3 clients: routed to the fake with the sync bridge's behaviour.

These tests need the `async` extra (pip install -e ".[test,async]"); without aiobotocore
(or aioboto3) they skip. aiobotocore pins botocore below its newest release, so they run in
their own environment (tox -e async).
"""

from __future__ import annotations

import asyncio
import importlib.util
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Awaitable
from contextlib import asynccontextmanager
from typing import Any, Callable, TypeVar

import pytest
from botocore.config import Config
from botocore.exceptions import ClientError, ParamValidationError

from pytest_kmsfake import KmsFake, KmsFakeUnsupported, mock_kms
from pytest_kmsfake._client import seam as _seam

T = TypeVar("T")

requires_aiobotocore = pytest.mark.skipif(
    importlib.util.find_spec("aiobotocore") is None,
    reason="aiobotocore is not installed (pip install -e '.[test,async]')",
)
requires_aioboto3 = pytest.mark.skipif(
    importlib.util.find_spec("aioboto3") is None,
    reason="aioboto3 is not installed (pip install -e '.[test,async]')",
)


def run(main: Callable[[], Awaitable[T]]) -> T:
    return asyncio.run(main())  # type: ignore[arg-type]


@asynccontextmanager
async def aio_kms(region: str = "us-east-1", **config: Any) -> AsyncIterator[Any]:
    from aiobotocore.session import get_session

    options = Config(**config) if config else None
    async with get_session().create_client("kms", region_name=region, config=options) as kms:
        yield kms


# --- the seam ---------------------------------------------------------------------------------


def test_importing_the_plugin_and_starting_a_fake_never_import_aiobotocore_when_missing() -> None:
    script = (
        "import sys\n"
        "sys.modules['aiobotocore'] = None  # as if it were not installed\n"
        "import boto3\n"
        "from pytest_kmsfake import mock_kms\n"
        "with mock_kms():\n"
        "    boto3.client('kms', region_name='us-east-1').list_keys()\n"
        "print(sorted(m for m, v in sys.modules.items() if m.startswith('aiobotocore') and v))\n"
    )
    output = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    ).stdout
    assert output.strip() == "[]"


@requires_aiobotocore
def test_importing_the_plugin_does_not_import_aiobotocore() -> None:
    script = "import sys, pytest_kmsfake.plugin\nprint('aiobotocore' in sys.modules)\n"
    output = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    ).stdout
    assert output.strip() == "False"


@requires_aiobotocore
def test_async_patch_comes_and_goes_with_the_fakes() -> None:
    from aiobotocore.client import AioBaseClient

    original = AioBaseClient.__dict__["_make_api_call"]
    with mock_kms():
        assert AioBaseClient.__dict__["_make_api_call"] is not original
        with mock_kms():
            pass
        assert AioBaseClient.__dict__["_make_api_call"] is not original
    assert AioBaseClient.__dict__["_make_api_call"] is original
    assert not _seam.is_installed()


@requires_aiobotocore
def test_client_created_before_the_fake_started_is_routed() -> None:
    async def main() -> tuple[str, list[str]]:
        async with aio_kms("eu-west-1") as kms:  # created while no fake is active
            with mock_kms() as fake:
                arn = (await kms.create_key())["KeyMetadata"]["Arn"]
            return arn, fake.calls.operations()

    arn, operations = run(main)
    assert arn.startswith("arn:aws:kms:eu-west-1:111122223333:key/")
    assert operations == ["CreateKey"]


@requires_aiobotocore
def test_other_services_are_untouched(kms_fake: KmsFake) -> None:
    from aiobotocore.session import get_session
    from aiobotocore.stub import AioStubber

    async def main() -> str:
        async with get_session().create_client("sts", region_name="us-east-1") as sts:
            with AioStubber(sts) as stub:
                stub.add_response("get_caller_identity", {"Account": "999999999999"})
                return str((await sts.get_caller_identity())["Account"])

    assert run(main) == "999999999999"
    assert not kms_fake.calls.called


class ReachedTheEndpoint(Exception):
    pass


@requires_aiobotocore
def test_other_services_go_on_to_aiobotocores_endpoint_while_a_fake_is_active(
    kms_fake: KmsFake, monkeypatch: pytest.MonkeyPatch
) -> None:
    import aiobotocore.endpoint
    from aiobotocore.session import get_session

    async def send(endpoint: Any, request: Any) -> Any:
        raise ReachedTheEndpoint(request.url)

    monkeypatch.setattr(aiobotocore.endpoint.AioEndpoint, "_send", send)

    async def main() -> None:
        session = get_session()
        session.set_credentials("testing", "testing")
        async with session.create_client("sts", region_name="us-east-1") as sts:
            with pytest.raises(ReachedTheEndpoint, match=r"https://sts\.us-east-1\.amazonaws\.com"):
                await sts.get_caller_identity()

    run(main)
    assert not kms_fake.calls.called


@requires_aiobotocore
def test_a_keyword_call_of_make_api_call_is_routed_and_passed_on(kms_fake: KmsFake) -> None:
    # Wrappers of aiobotocore (tracers, retry helpers) may call `_make_api_call` with keywords.
    from aiobotocore.session import get_session
    from aiobotocore.stub import AioStubber

    async def main() -> tuple[Any, Any]:
        async with aio_kms() as kms:
            keys = await kms._make_api_call(operation_name="ListKeys", api_params={})
        async with get_session().create_client("sts", region_name="us-east-1") as sts:
            with AioStubber(sts) as stub:
                stub.add_response("get_caller_identity", {"Account": "999999999999"})
                identity = await sts._make_api_call(
                    operation_name="GetCallerIdentity", api_params={}
                )
        return keys["Keys"], identity["Account"]

    assert run(main) == ([], "999999999999")
    assert kms_fake.calls.operations() == ["ListKeys"]


@requires_aiobotocore
def test_a_keyword_call_of_make_request_is_guarded_and_passed_on(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from aiobotocore.client import AioBaseClient

    from pytest_kmsfake import KmsFakeGuardError
    from pytest_kmsfake._client import guard as _guard

    monkeypatch.setattr(_guard, "_stopped", [])  # these stops are not stops of the run
    seen: list[str] = []

    async def make_request(client: Any, operation_model: Any, **_: Any) -> str:
        seen.append(operation_model.name)
        return "sent"

    # The guard wraps the class's attribute that is there when it is turned on.
    monkeypatch.setattr(AioBaseClient, "_make_request", make_request)

    async def main() -> str:
        from aiobotocore.session import get_session

        async with aio_kms() as kms:
            with pytest.raises(KmsFakeGuardError, match="ListKeys in us-east-1"):
                await kms._make_request(
                    operation_model=kms.meta.service_model.operation_model("ListKeys"),
                    request_dict={},
                    request_context={},
                )
        async with get_session().create_client("sts", region_name="us-east-1") as sts:
            operation = sts.meta.service_model.operation_model("GetCallerIdentity")
            return str(
                await sts._make_request(
                    operation_model=operation, request_dict={}, request_context={}
                )
            )

    _seam.guard_on()
    try:
        sent = run(main)
    finally:
        _seam.guard_off()
    assert (sent, seen) == ("sent", ["GetCallerIdentity"])


# --- the same behaviour as the sync bridge ----------------------------------------------------


@requires_aiobotocore
def test_round_trip_and_responses_match_the_sync_client(kms: Any, kms_fake: KmsFake) -> None:
    key = kms_fake.create_key()
    context = {"tenant": "acme"}
    sync_blob = kms.encrypt(KeyId=key, Plaintext=b"secret", EncryptionContext=context)

    async def main() -> tuple[dict[str, Any], dict[str, Any]]:
        async with aio_kms() as aio:
            encrypted = await aio.encrypt(KeyId=key, Plaintext="secret", EncryptionContext=context)
            decrypted = await aio.decrypt(
                CiphertextBlob=sync_blob["CiphertextBlob"], EncryptionContext=context
            )
            return encrypted, decrypted

    encrypted, decrypted = run(main)
    assert set(encrypted) == set(sync_blob)
    assert set(encrypted["ResponseMetadata"]) == set(sync_blob["ResponseMetadata"])
    assert decrypted["Plaintext"] == b"secret"
    assert (
        kms.decrypt(CiphertextBlob=encrypted["CiphertextBlob"], EncryptionContext=context)[
            "Plaintext"
        ]
        == b"secret"
    )
    assert kms_fake.calls.operations() == ["Encrypt", "Encrypt", "Decrypt", "Decrypt"]
    assert kms_fake.calls[1].params["Plaintext"] == "secret"  # as the caller passed it


@requires_aiobotocore
def test_botocore_still_validates_parameters(kms_fake: KmsFake) -> None:
    async def main() -> None:
        async with aio_kms() as kms:
            with pytest.raises(ParamValidationError, match="NumberOfBytes"):
                await kms.generate_random(NumberOfBytes=0)
            with pytest.raises(ParamValidationError, match="Unknown parameter"):
                await kms.list_keys(Bogus=1)

    run(main)
    assert not kms_fake.calls.called


@requires_aiobotocore
def test_parameter_and_call_events_fire_with_sync_and_async_handlers(kms_fake: KmsFake) -> None:
    seen: list[str] = []

    async def async_params(params: dict[str, Any], **_: Any) -> None:
        seen.append("async params")
        params["Limit"] = 7  # a parameter handler may change the request

    async def after_call(http_response: Any, parsed: dict[str, Any], **_: Any) -> None:
        seen.append(f"after:{http_response.status_code}:{(await http_response.content)!r}")

    async def main() -> None:
        async with aio_kms() as kms:
            kms.meta.events.register(
                "before-parameter-build.kms.ListKeys", lambda params, **_: seen.append("params")
            )
            kms.meta.events.register("before-parameter-build.kms.ListKeys", async_params)
            kms.meta.events.register("after-call.kms.ListKeys", after_call)
            await kms.list_keys()

    run(main)
    assert seen == ["params", "async params", 'after:200:b\'{"Keys":[],"Truncated":false}\'']
    assert kms_fake.calls.last.params == {}  # the log keeps what the caller passed


@requires_aiobotocore
def test_only_botocores_inert_handlers_are_skipped_for_aio_clients(kms_fake: KmsFake) -> None:
    from pytest_kmsfake._client.listeners import listened, parameter_events_listened

    seen: list[str] = []

    async def before_call(**_: Any) -> None:
        seen.append("before-call")

    async def main() -> tuple[bool, bool, bool]:
        async with aio_kms() as kms:
            model = kms.meta.service_model.operation_model("ListKeys")
            plain = parameter_events_listened(kms, model, "kms.ListKeys") or listened(
                kms.meta.events, "before-call.kms.ListKeys", model
            )
            kms.meta.events.register("before-call.kms.ListKeys", before_call)
            now = listened(kms.meta.events, "before-call.kms.ListKeys", model)
            await kms.list_keys()
            return plain, now, kms_fake.calls.called

    assert run(main) == (False, True, True)
    assert seen == ["before-call"]


@requires_aiobotocore
def test_an_aio_client_without_parameter_validation_gets_the_servers_answer(
    kms_fake: KmsFake,
) -> None:
    async def main() -> dict[str, str]:
        async with aio_kms(parameter_validation=False) as kms:
            try:
                await kms.describe_key(KeyId="")
            except ClientError as error:
                return dict(error.response["Error"])
        raise AssertionError("the call succeeded")

    assert run(main) == {
        "Code": "ValidationException",
        "Message": "1 validation error detected: Value '' at 'keyId' failed to satisfy "
        "constraint: Member must have length greater than or equal to 1",
    }


@requires_aiobotocore
def test_an_aio_stubber_keeps_priority(kms_fake: KmsFake) -> None:
    from aiobotocore.stub import AioStubber

    async def main() -> list[dict[str, str]]:
        async with aio_kms() as kms:
            with AioStubber(kms) as stub:
                stub.add_response("list_keys", {"Keys": [{"KeyId": "stubbed"}]}, {"Limit": 5})
                keys = (await kms.list_keys(Limit=5))["Keys"]
                stub.assert_no_pending_responses()
                return list(keys)

    assert run(main) == [{"KeyId": "stubbed"}]
    assert not kms_fake.calls.called


@requires_aiobotocore
def test_errors_are_the_clients_modeled_exceptions(kms_fake: KmsFake) -> None:
    key = kms_fake.create_key()
    kms_fake.set_key_state(key, "Disabled")

    async def main() -> Any:
        async with aio_kms() as kms:
            with pytest.raises(kms.exceptions.DisabledException) as info:
                await kms.encrypt(KeyId=key, Plaintext=b"x")
            return info.value

    error = run(main)
    assert isinstance(error, ClientError)
    assert error.response["Error"]["Message"].endswith("is disabled.")
    assert error.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert error.operation_name == "Encrypt"


@requires_aiobotocore
@pytest.mark.kms_fake(check_at_teardown=False)
def test_unsupported_operation_fails_loudly_naming_it(kms_fake: KmsFake) -> None:
    async def main() -> None:
        async with aio_kms() as kms:
            recipient = {
                "KeyEncryptionAlgorithm": "RSAES_OAEP_SHA_256",
                "AttestationDocument": b"doc",
            }
            with pytest.raises(KmsFakeUnsupported, match="Nitro Enclaves Recipient"):
                await kms.generate_random(NumberOfBytes=8, Recipient=recipient)

    run(main)


# --- injected faults and aiobotocore's retry handlers -----------------------------------------


@requires_aiobotocore
@pytest.mark.parametrize("mode", ["standard", "legacy", "adaptive"])
def test_throttled_twice_then_the_retry_mode_recovers(kms_fake: KmsFake, mode: str) -> None:
    key = kms_fake.create_key()

    async def main() -> dict[str, Any]:
        async with aio_kms(retries={"mode": mode, "total_max_attempts": 3}) as kms:
            blob = (await kms.encrypt(KeyId=key, Plaintext=b"x"))["CiphertextBlob"]
            kms_fake.inject_fault("ThrottlingException", operation="Decrypt", times=2)
            return dict(await kms.decrypt(CiphertextBlob=blob))

    response = run(main)
    assert response["Plaintext"] == b"x"
    assert response["ResponseMetadata"]["RetryAttempts"] == 2
    attempts = kms_fake.calls.filter("Decrypt")
    assert [(c.error, c.injected) for c in attempts] == [
        ("ThrottlingException", True),
        ("ThrottlingException", True),
        (None, False),
    ]
    assert all(c.retry_delay is not None and c.retry_delay >= 0 for c in attempts[:2])


@requires_aiobotocore
def test_retries_stop_at_the_configured_maximum(kms_fake: KmsFake) -> None:
    kms_fake.inject_fault("ThrottlingException", operation="GenerateRandom", times=None)

    async def main() -> ClientError:
        async with aio_kms(retries={"mode": "standard", "total_max_attempts": 3}) as kms:
            with pytest.raises(kms.exceptions.ClientError) as info:
                await kms.generate_random(NumberOfBytes=8)
            return info.value

    error = run(main)
    assert error.response["Error"] == {"Code": "ThrottlingException", "Message": "Rate exceeded"}
    assert error.response["ResponseMetadata"]["RetryAttempts"] == 2
    assert error.response["ResponseMetadata"]["MaxAttemptsReached"] is True
    assert kms_fake.calls.call_count == 3


@requires_aiobotocore
def test_sleep_on_retry_sleeps_with_asyncio(
    kms_fake: KmsFake, monkeypatch: pytest.MonkeyPatch
) -> None:
    slept: list[float] = []

    async def fake_sleep(delay: float) -> None:
        slept.append(delay)

    kms_fake.options = kms_fake.options.updated(sleep_on_retry=True)
    kms_fake.inject_fault("ThrottlingException", operation="ListKeys")

    async def main() -> None:
        async with aio_kms(retries={"mode": "standard"}) as kms:
            monkeypatch.setattr(asyncio, "sleep", fake_sleep)
            await kms.list_keys()

    run(main)
    assert slept == [kms_fake.calls[0].retry_delay]


@requires_aiobotocore
def test_a_delayed_answer_does_not_block_the_event_loop(kms_fake: KmsFake) -> None:
    kms_fake.inject_fault(None, operation="ListKeys", delay=0.6)

    async def main() -> float:
        async with aio_kms() as kms:
            started = time.monotonic()
            with pytest.raises(asyncio.TimeoutError):
                await asyncio.wait_for(kms.list_keys(), timeout=0.05)
            return time.monotonic() - started

    assert run(main) < 0.5  # the timeout fired while the fake was still "slow"
    assert kms_fake.calls.last.operation == "ListKeys"  # the call itself finished later


# --- aioboto3 ---------------------------------------------------------------------------------


@requires_aioboto3
def test_aioboto3_clients_are_routed(kms_fake: KmsFake) -> None:
    import aioboto3

    async def main() -> tuple[bytes, list[str]]:
        session = aioboto3.Session()
        async with session.client("kms", region_name="ap-southeast-2") as kms:
            key = (await kms.create_key(Description="aioboto3"))["KeyMetadata"]["KeyId"]
            await kms.create_alias(AliasName="alias/aioboto3", TargetKeyId=key)
            data_key = await kms.generate_data_key(KeyId="alias/aioboto3", KeySpec="AES_256")
            plain = await kms.decrypt(CiphertextBlob=data_key["CiphertextBlob"])
            assert plain["Plaintext"] == data_key["Plaintext"]
            aliases = [
                a["AliasName"]
                async for page in kms.get_paginator("list_aliases").paginate()
                for a in page["Aliases"]
                if "TargetKeyId" in a  # not the predefined AWS aliases
            ]
            return plain["KeyId"].encode(), aliases

    key_arn, aliases = run(main)
    assert key_arn.startswith(b"arn:aws:kms:ap-southeast-2:")
    assert aliases == ["alias/aioboto3"]
    kms_fake.assert_called_once("GenerateDataKey", KeySpec="AES_256")


@requires_aioboto3
def test_the_marker_alone_serves_aioboto3(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import asyncio
        import aioboto3
        import pytest

        @pytest.mark.kms_fake(account_id="444455556666")
        def test_it():
            async def main():
                async with aioboto3.Session().client("kms", region_name="us-east-1") as kms:
                    return (await kms.create_key())["KeyMetadata"]["AWSAccountId"]
            assert asyncio.run(main()) == "444455556666"
        """
    )
    pytester.runpytest("-p", "no:hypothesispytest").assert_outcomes(passed=1)


@requires_aiobotocore
def test_the_decorator_on_async_functions_serves_aiobotocore() -> None:
    @mock_kms()
    async def count_keys() -> int:
        async with aio_kms() as kms:
            await kms.create_key()
            return len((await kms.list_keys())["Keys"])

    assert run(count_keys) == 1
    assert run(count_keys) == 1  # a fresh fake for each run
    assert not _seam.is_installed()
