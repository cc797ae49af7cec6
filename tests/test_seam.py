"""The botocore seam: which clients are routed, what botocore still does, and clean removal."""

from __future__ import annotations

import concurrent.futures
from typing import Any

import boto3
import botocore.endpoint
import botocore.session
import pytest
from botocore.client import BaseClient
from botocore.exceptions import ClientError, ParamValidationError
from botocore.stub import Stubber

from pytest_kmsfake import KmsFake, KmsFakeUnsupported, mock_kms
from pytest_kmsfake._client import seam as _seam

# Created at import time, before any fake is active, as application modules do.
MODULE_LEVEL_CLIENT = boto3.client("kms", region_name="eu-west-1")


def test_module_level_client_created_before_activation_is_routed(kms_fake: KmsFake) -> None:
    key = MODULE_LEVEL_CLIENT.create_key()["KeyMetadata"]
    assert key["Arn"].startswith("arn:aws:kms:eu-west-1:111122223333:key/")
    assert kms_fake.calls.last.region == "eu-west-1"


def test_plain_botocore_session_client_is_routed(kms_fake: KmsFake) -> None:
    client = botocore.session.get_session().create_client("kms", region_name="us-west-2")
    assert client.list_keys()["Keys"] == []
    kms_fake.assert_called("ListKeys")


def test_no_credentials_are_needed_or_used(kms: Any) -> None:
    # conftest removed every credential source; signing would raise NoCredentialsError.
    assert botocore.session.Session().get_credentials() is None
    assert kms._request_signer._credentials is None
    kms.generate_random(NumberOfBytes=8)


def test_other_services_are_untouched(kms_fake: KmsFake) -> None:
    sts = boto3.client("sts", region_name="us-east-1")
    with Stubber(sts) as stub:
        stub.add_response("get_caller_identity", {"Account": "999999999999"})
        assert sts.get_caller_identity()["Account"] == "999999999999"
    assert not kms_fake.calls.called


def test_a_users_stubber_keeps_priority(kms_fake: KmsFake, kms: Any) -> None:
    with Stubber(kms) as stub:
        stub.add_response("list_keys", {"Keys": [{"KeyId": "stubbed"}]}, {"Limit": 5})
        assert kms.list_keys(Limit=5)["Keys"] == [{"KeyId": "stubbed"}]
        stub.assert_no_pending_responses()
    assert not kms_fake.calls.called


def test_botocore_still_validates_parameters(kms: Any, kms_fake: KmsFake) -> None:
    with pytest.raises(ParamValidationError, match="NumberOfBytes"):
        kms.generate_random(NumberOfBytes=0)
    with pytest.raises(ParamValidationError, match="Unknown parameter"):
        kms.list_keys(Bogus=1)
    assert not kms_fake.calls.called


def test_errors_are_the_clients_modeled_exceptions(kms: Any, key_id: str) -> None:
    kms.disable_key(KeyId=key_id)
    with pytest.raises(kms.exceptions.DisabledException) as info:
        kms.encrypt(KeyId=key_id, Plaintext=b"x")
    error = info.value
    assert isinstance(error, ClientError)
    assert error.response["Error"]["Code"] == "DisabledException"
    assert error.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert error.operation_name == "Encrypt"


def test_parameter_and_call_events_still_fire(kms: Any, kms_fake: KmsFake) -> None:
    seen: list[str] = []
    kms.meta.events.register(
        "before-parameter-build.kms.ListKeys", lambda params, **_: seen.append("params")
    )
    kms.meta.events.register(
        "after-call.kms.ListKeys",
        lambda http_response, parsed, **_: seen.append(f"after:{http_response.status_code}"),
    )
    kms.list_keys()
    assert seen == ["params", "after:200"]


def test_http_response_body_is_the_kms_wire_json(kms: Any) -> None:
    bodies: list[bytes] = []
    kms.meta.events.register(
        "after-call.kms.ListKeys", lambda http_response, **_: bodies.append(http_response.content)
    )
    kms.list_keys()
    assert bodies == [b'{"Keys":[],"Truncated":false}']


@pytest.mark.kms_fake(check_at_teardown=False)
def test_unsupported_feature_fails_loudly_naming_it(kms: Any) -> None:
    recipient = {"KeyEncryptionAlgorithm": "RSAES_OAEP_SHA_256", "AttestationDocument": b"doc"}
    with pytest.raises(KmsFakeUnsupported, match="GenerateRandom with a Nitro Enclaves Recipient"):
        kms.generate_random(NumberOfBytes=8, Recipient=recipient)


@pytest.mark.parametrize(
    ("call", "member"),
    [
        (lambda kms: kms.create_key(KeySpec="ECC_SECG_P256K1", KeyUsage="SIGN_VERIFY"), "KeySpec"),
        (
            lambda kms: kms.generate_data_key_pair(KeyId="alias/x", KeyPairSpec="ECC_SECG_P256K1"),
            "KeyPairSpec",
        ),
    ],
)
def test_a_key_spec_botocore_knows_and_the_fake_lacks_is_unsupported_once(
    kms: Any, kms_fake: KmsFake, monkeypatch: pytest.MonkeyPatch, call: Any, member: str
) -> None:
    # As with a botocore newer than the fake: the spec passes validation and reaches a fake
    # that has no row for it. It must not become KMSInternalException, retried and logged
    # three times, but one KmsFakeUnsupported that names it.
    from pytest_kmsfake._rules.key_specs import KEY_SPECS

    monkeypatch.delitem(KEY_SPECS, "ECC_SECG_P256K1")  # type: ignore[arg-type]
    with pytest.raises(KmsFakeUnsupported, match=f"key spec ECC_SECG_P256K1 .*'s {member}"):
        call(kms)
    assert [logged.error for logged in kms_fake.calls] == ["Unsupported"]
    assert len(kms_fake._service.problems) == 1
    kms_fake._service.problems.clear()


def test_an_operation_botocore_knows_and_the_fake_lacks_is_unsupported(
    kms: Any, kms_fake: KmsFake, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As with a botocore newer than the fake: the request never leaves, and says why.
    from pytest_kmsfake._service.ops import HANDLERS

    monkeypatch.delitem(HANDLERS, "GenerateRandom")
    with pytest.raises(KmsFakeUnsupported, match="the KMS operation GenerateRandom yet"):
        kms.generate_random(NumberOfBytes=8)
    assert [logged.error for logged in kms_fake.calls] == ["Unsupported"]
    kms_fake._service.problems.clear()


def test_seam_is_removed_after_the_last_fake_exits() -> None:
    original = BaseClient.__dict__["_make_api_call"]
    outer = mock_kms()
    with outer:
        assert BaseClient.__dict__["_make_api_call"] is not original
        with mock_kms():
            assert _seam.is_installed()
        assert _seam.is_installed()
    assert BaseClient.__dict__["_make_api_call"] is original
    assert not _seam.is_installed()


def test_nested_fakes_innermost_serves_and_outer_resumes() -> None:
    client = boto3.client("kms", region_name="us-east-1")
    with mock_kms() as outer:
        outer_key = client.create_key()["KeyMetadata"]["KeyId"]
        with mock_kms() as inner:
            assert client.list_keys()["Keys"] == []
        assert [k["KeyId"] for k in client.list_keys()["Keys"]] == [outer_key]
    assert inner.calls.operations() == ["ListKeys"]
    assert outer.calls.operations() == ["CreateKey", "ListKeys"]


def test_reentering_an_active_fake_is_a_no_op() -> None:
    fake = mock_kms()
    client = boto3.client("kms", region_name="us-east-1")
    with fake:
        client.create_key()
        with fake:
            assert len(client.list_keys()["Keys"]) == 1
        assert fake.active
        assert len(client.list_keys()["Keys"]) == 1
    assert not fake.active
    assert not _seam.is_installed()


def test_threads_and_executor_workers_see_the_active_fake(kms: Any, kms_fake: KmsFake) -> None:
    with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda n: kms.generate_random(NumberOfBytes=n), range(1, 9)))
    assert [len(r["Plaintext"]) for r in results] == list(range(1, 9))
    assert kms_fake.calls.call_count == 8


BARE_OR_CALLED = pytest.mark.parametrize(
    "decorate", [mock_kms(), mock_kms], ids=["@mock_kms()", "@mock_kms"]
)


@BARE_OR_CALLED
def test_decorator_gives_each_run_a_fresh_fake(decorate: Any) -> None:
    client = boto3.client("kms", region_name="us-east-1")

    @decorate
    def make_key_and_count() -> int:
        client.create_key()
        return len(client.list_keys()["Keys"])

    assert make_key_and_count() == 1
    assert make_key_and_count() == 1
    assert not _seam.is_installed()


@BARE_OR_CALLED
def test_decorator_on_async_functions(decorate: Any) -> None:
    import asyncio

    client = boto3.client("kms", region_name="us-east-1")

    @decorate
    async def count_keys() -> int:
        current = KmsFake.current()
        assert current is not None and current.active
        return len(client.list_keys()["Keys"])

    assert asyncio.run(count_keys()) == 0
    assert KmsFake.current() is None


def test_mock_kms_takes_one_callable_or_keywords() -> None:
    with pytest.raises(TypeError, match=r"mock_kms\(\) takes keyword options only"):
        mock_kms("111122223333")  # type: ignore[call-overload]
    with pytest.raises(TypeError, match=r"mock_kms\(\) takes keyword options only"):
        mock_kms(len, account_id="111122223333")  # type: ignore[call-overload]


def test_fakes_stopped_out_of_order_each_end_their_own_activation() -> None:
    client = boto3.client("kms", region_name="us-east-1")
    first, second = mock_kms(), mock_kms()
    first.start()
    second.start()
    first.stop()  # not the innermost: the inner fake keeps serving
    assert client.list_keys()["Keys"] == []
    assert second.calls.operations() == ["ListKeys"]
    assert _seam.is_installed()
    second.stop()
    assert not _seam.is_installed()
    assert _seam.active_service() is None


def test_a_keyword_call_of_make_api_call_is_routed_and_passed_on(kms_fake: KmsFake) -> None:
    # Wrappers of botocore (tracers, retry helpers) may call `_make_api_call` with keywords.
    kms = boto3.client("kms", region_name="us-east-1")
    assert kms._make_api_call(operation_name="ListKeys", api_params={})["Keys"] == []
    kms_fake.assert_called("ListKeys")
    sts = boto3.client("sts", region_name="us-east-1")
    with Stubber(sts) as stub:
        stub.add_response("get_caller_identity", {"Account": "999999999999"})
        answer = sts._make_api_call(operation_name="GetCallerIdentity", api_params={})
    assert answer["Account"] == "999999999999"
    assert kms_fake.calls.operations() == ["ListKeys"]


class ReachedTheEndpoint(Exception):
    pass


def test_other_services_go_on_to_botocores_endpoint_while_a_fake_is_active(
    kms_fake: KmsFake, monkeypatch: pytest.MonkeyPatch
) -> None:
    def send(endpoint: Any, request: Any) -> Any:
        raise ReachedTheEndpoint(request.url)

    monkeypatch.setattr(botocore.endpoint.Endpoint, "_send", send)
    sts = boto3.Session().client(
        "sts",
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    with pytest.raises(ReachedTheEndpoint, match=r"https://sts\.us-east-1\.amazonaws\.com"):
        sts.get_caller_identity()
    assert not kms_fake.calls.called
