"""The fake on a loopback HTTP endpoint: `serve()`, `server_env()`, KMS's wire protocol, and
who calls (region and principal from the SigV4 credential scope)."""

from __future__ import annotations

import ast
import base64
import contextlib
import json
import os
import socket
import textwrap
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from endpoint_helpers import endpoint_threads, post, refuses_connections, run_python

from pytest_kmsfake import KmsFake, mock_kms

ROLE = "arn:aws:iam::444455556666:role/app"

BOTOCORE_CHILD = textwrap.dedent(
    """
    import json, sys
    import botocore.session
    kms = botocore.session.get_session().create_client("kms")
    key = kms.create_key(Description="from a child")["KeyMetadata"]
    blob = kms.encrypt(KeyId=key["KeyId"], Plaintext=b"secret")["CiphertextBlob"]
    plain = kms.decrypt(CiphertextBlob=blob)["Plaintext"]
    print(json.dumps({"key_id": key["KeyId"], "arn": key["Arn"], "plain": plain.decode(),
                      "plugin": "pytest_kmsfake" in sys.modules}))
    """
)


# --- serve() and server_env() --------------------------------------------------------------


def test_serve_gives_one_loopback_url(kms_fake: KmsFake) -> None:
    url = kms_fake.serve()
    assert url.startswith("http://127.0.0.1:")
    assert int(url.rsplit(":", 1)[1]) > 0
    assert kms_fake.serve() == url


def test_server_env_sends_a_child_to_the_endpoint_in_its_region(kms_fake: KmsFake) -> None:
    env = kms_fake.server_env(region="eu-central-1")
    assert env["AWS_ENDPOINT_URL_KMS"] == kms_fake.serve()
    assert "AWS_ENDPOINT_URL" not in env  # it would send every other service to the fake
    assert env["AWS_REGION"] == env["AWS_DEFAULT_REGION"] == "eu-central-1"
    assert env["AWS_ACCESS_KEY_ID"] and env["AWS_SECRET_ACCESS_KEY"]


def test_botocore_in_a_child_process_uses_the_fake_with_no_code_change(kms_fake: KmsFake) -> None:
    done = run_python(BOTOCORE_CHILD, kms_fake.server_env(region="eu-west-3"))
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert out == {**out, "plain": "secret", "plugin": False}
    # Same store: the key exists here; same call log, with the child's region.
    assert kms_fake.key(out["key_id"]).arn == out["arn"]
    assert ":eu-west-3:" in out["arn"]
    assert [(c.operation, c.region) for c in kms_fake.calls] == [
        ("CreateKey", "eu-west-3"),
        ("Encrypt", "eu-west-3"),
        ("Decrypt", "eu-west-3"),
    ]


def test_keys_made_in_process_are_used_by_the_child(kms_fake: KmsFake) -> None:
    import boto3

    key_id = boto3.client("kms", region_name="us-east-1").create_key()["KeyMetadata"]["KeyId"]
    kms_fake.set_key_state(key_id, "Disabled")
    code = (
        "import botocore.session\n"
        "kms = botocore.session.get_session().create_client('kms')\n"
        f"try:\n    kms.encrypt(KeyId={key_id!r}, Plaintext=b'x')\n"
        "except kms.exceptions.DisabledException as e:\n    print(e.response['Error']['Code'])\n"
    )
    done = run_python(code, kms_fake.server_env())
    assert done.stdout.strip() == "DisabledException", done.stderr
    assert kms_fake.calls.last.error == "DisabledException"


def _open_sockets() -> int | None:
    """Sockets this process holds (Linux only)."""
    fds = Path("/proc/self/fd")
    if not fds.is_dir():
        return None
    count = 0
    for fd in fds.iterdir():
        with contextlib.suppress(OSError):
            count += os.readlink(fd).startswith("socket:")
    return count


def test_the_endpoint_stops_with_the_fake_and_leaves_no_thread_or_socket() -> None:
    before, sockets = endpoint_threads(), _open_sockets()
    fake = mock_kms()
    with fake:
        url = fake.serve()
        parts = urlsplit(url)
        held = socket.create_connection((parts.hostname, parts.port), timeout=10)
        assert post(url, b"{}")[0] == 200
        assert len(endpoint_threads()) > len(before)
    assert held.recv(1) == b""  # the server closed the idle connection
    held.close()
    assert refuses_connections(url)
    assert endpoint_threads() == before
    if sockets is not None:  # none left open (others may have been collected meanwhile)
        assert (_open_sockets() or 0) <= sockets


def test_an_inactive_fake_can_serve_and_stop() -> None:
    fake = KmsFake()
    url = fake.serve()
    assert post(url, b"{}")[0] == 200
    fake.stop()
    assert refuses_connections(url)
    assert endpoint_threads() == []


def test_fixture_teardown_stops_the_endpoint_when_the_test_failed(
    pytester: pytest.Pytester,
) -> None:
    pytester.makepyfile(
        """
        from pathlib import Path

        def test_fails(kms_fake):
            Path("url.txt").write_text(kms_fake.serve())
            assert False, "the test fails"
        """
    )
    result = pytester.runpytest_inprocess("-p", "no:randomly")
    result.assert_outcomes(failed=1)
    url = (pytester.path / "url.txt").read_text()
    assert refuses_connections(url)
    assert endpoint_threads() == []


# --- the wire protocol ---------------------------------------------------------------------


@pytest.fixture
def url(kms_fake: KmsFake) -> str:
    return kms_fake.serve()


def test_a_call_on_the_wire(url: str, kms_fake: KmsFake) -> None:
    status, headers, body = post(url, b"{}", "TrentService.CreateKey")
    assert status == 200
    assert headers["content-type"] == "application/x-amz-json-1.1"
    assert headers["x-amzn-requestid"]
    assert isinstance(body["KeyMetadata"]["CreationDate"], (int, float))  # epoch seconds
    key_id = body["KeyMetadata"]["KeyId"]
    request = {"KeyId": key_id, "Plaintext": base64.b64encode(b"hello").decode()}
    status, _, body = post(url, json.dumps(request).encode(), "TrentService.Encrypt")
    assert status == 200
    request = {"CiphertextBlob": body["CiphertextBlob"]}
    status, _, body = post(url, json.dumps(request).encode(), "TrentService.Decrypt")
    assert base64.b64decode(body["Plaintext"]) == b"hello"
    assert kms_fake.calls.last.params["CiphertextBlob"] == base64.b64decode(
        request["CiphertextBlob"]
    )


@pytest.mark.parametrize(
    ("body", "target", "status", "error"),
    [
        (b"{", "TrentService.ListKeys", 400, {"__type": "SerializationException"}),
        (b"[1]", "TrentService.ListKeys", 400, {"__type": "SerializationException"}),
        (b"{}", "TrentService.NoSuchThing", 400, {"__type": "UnknownOperationException"}),
        (b"{}", "Other.ListKeys", 400, {"__type": "UnknownOperationException"}),
        (b"{}", None, 400, {"__type": "UnknownOperationException"}),
        (
            b'{"CiphertextBlob": "not base64!"}',
            "TrentService.Decrypt",
            400,
            {"__type": "SerializationException"},
        ),
        (
            b'{"CiphertextBlob": 5}',
            "TrentService.Decrypt",
            400,
            {"__type": "SerializationException"},
        ),
        (
            b"{}",
            "TrentService.Decrypt",
            400,
            {
                "__type": "ValidationException",
                "message": "1 validation error detected: Value null at 'ciphertextBlob' failed to satisfy constraint: Member must not be null",
            },
        ),
        (
            b'{"KeyId": 7}',
            "TrentService.DescribeKey",
            400,
            {
                "__type": "SerializationException",
                "message": "NUMBER_VALUE can not be converted to a String",
            },
        ),
        (
            b'{"Limit": 0}',
            "TrentService.ListKeys",
            400,
            {
                "__type": "ValidationException",
                "message": "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1",
            },
        ),
    ],
)
def test_requests_aws_refuses(
    url: str, body: bytes, target: str | None, status: int, error: dict[str, str]
) -> None:
    got_status, headers, got = post(url, body, target)
    assert (got_status, got) == (status, error)
    assert headers["x-amzn-requestid"]


def test_unknown_members_are_ignored(url: str) -> None:
    assert post(url, b'{"Limit": 5, "NoSuchMember": true}')[0] == 200


def test_no_signature_is_refused(url: str, kms_fake: KmsFake) -> None:
    status, headers, body = post(url, b"{}", authorization="")
    assert status == 403
    assert body == {
        "__type": "MissingAuthenticationTokenException",
        "message": "Missing Authentication Token",
    }
    assert headers["x-amzn-requestid"]
    assert not kms_fake.calls  # refused before it reached the service


def test_a_signature_without_credential_scope_is_refused(url: str) -> None:
    status, _, body = post(url, b"{}", authorization="AWS4-HMAC-SHA256 Signature=abc")
    assert (status, body["__type"]) == (400, "IncompleteSignatureException")


def test_a_body_over_the_limit_is_refused_unread(url: str) -> None:
    from pytest_kmsfake._endpoint.protocol import MAX_BODY_BYTES

    # Announced, not sent: the endpoint answers from the header and never reads the body.
    status, _, body = post(url, b"{}", headers={"Content-Length": str(MAX_BODY_BYTES + 1)})
    assert status == 413
    assert body["__type"] == "RequestEntityTooLargeException"


# --- who calls -------------------------------------------------------------------------------


def test_region_comes_from_the_credential_scope(url: str, kms_fake: KmsFake) -> None:
    status, _, body = post(url, b"{}", "TrentService.CreateKey", region="ap-southeast-2")
    assert status == 200
    assert body["KeyMetadata"]["Arn"].startswith("arn:aws:kms:ap-southeast-2:")
    assert kms_fake.calls.last.region == "ap-southeast-2"


@pytest.mark.kms_fake(access_keys={"AKIAAPPROLE": ROLE}, enforce_access=True)
def test_a_mapped_access_key_calls_as_its_principal_across_processes(kms_fake: KmsFake) -> None:
    kms_fake.put_identity_policy(
        ROLE, {"Statement": [{"Effect": "Allow", "Action": "kms:*", "Resource": "*"}]}
    )
    done = run_python(BOTOCORE_CHILD, kms_fake.server_env(access_key_id="AKIAAPPROLE"))
    assert done.returncode == 0, done.stderr
    assert ":444455556666:key/" in json.loads(done.stdout)["arn"]
    assert {call.account_id for call in kms_fake.calls} == {"444455556666"}
    assert kms_fake.calls.last.access[0].principal == ROLE


@pytest.mark.kms_fake(access_keys={"AKIAAPPROLE": ROLE}, enforce_access=True)
def test_a_principal_without_permission_is_denied_across_processes(kms_fake: KmsFake) -> None:
    done = run_python(BOTOCORE_CHILD, kms_fake.server_env(access_key_id="AKIAAPPROLE"))
    assert done.returncode != 0
    assert "AccessDeniedException" in done.stderr
    assert kms_fake.calls.last.error == "AccessDeniedException"


# --- layering --------------------------------------------------------------------------------

ALLOWED = {"_service", "_state", "_rules", "_crypto", "_access", "_endpoint"}


def test_the_endpoint_imports_only_the_layers_below_it() -> None:
    package = Path(__file__).parent.parent / "pytest_kmsfake" / "_endpoint"
    for module in package.glob("*.py"):
        for node in ast.walk(ast.parse(module.read_text())):
            if isinstance(node, ast.ImportFrom) and node.level > 0:
                top = (node.module or "").split(".")[0]
                if node.level == 1:
                    continue  # within _endpoint
                assert top in ALLOWED, f"{module.name} imports .{'.' * (node.level - 1)}{top}"
            elif isinstance(node, (ast.Import, ast.ImportFrom)):
                names = (
                    [node.module or ""]
                    if isinstance(node, ast.ImportFrom)
                    else [alias.name for alias in node.names]
                )
                for name in names:
                    assert not name.startswith("pytest_kmsfake"), f"{module.name} imports {name}"


def test_the_cloudtrail_event_carries_the_requests_user_agent_and_access_key(
    url: str, kms_fake: KmsFake
) -> None:
    status, _, _ = post(
        url,
        b"{}",
        "TrentService.ListKeys",
        access_key="AKIAFROMTHECHILD",
        headers={"User-Agent": "aws-cli/2.9.19 Python/3.11.2"},
    )
    assert status == 200
    event = kms_fake.calls.last.cloudtrail()
    assert event["userAgent"] == "aws-cli/2.9.19 Python/3.11.2"
    assert event["userIdentity"]["accessKeyId"] == "AKIAFROMTHECHILD"
