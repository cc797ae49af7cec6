"""The standalone server (`kmsfake-serve`, `python -m pytest_kmsfake serve`), the control API,
and the endpoint under concurrent clients and clients that go away mid-request. Everything is
on 127.0.0.1 and bounded in count and time."""

from __future__ import annotations

import json
import queue
import signal
import socket
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from importlib import metadata
from typing import Any
from urllib.parse import urlsplit

import boto3
import pytest
from botocore.config import Config
from endpoint_helpers import CHILD_TIMEOUT, child_env, endpoint_threads, post, refuses_connections

from pytest_kmsfake import KmsFake

# --- the standalone server -------------------------------------------------------------------


class Server:
    """`python -m pytest_kmsfake serve <args>` in a child process, its stdout read by a thread."""

    def __init__(self, *args: str) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "pytest_kmsfake", "serve", *args],
            env=child_env({}),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line.rstrip("\n"))

    def line(self, timeout: float = 30) -> str:
        return self.lines.get(timeout=timeout)

    def stop(self, signum: int = signal.SIGTERM) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signum)
        try:
            return self.process.wait(timeout=CHILD_TIMEOUT)
        finally:
            if self.process.poll() is None:
                self.process.kill()
                self.process.wait(10)
            self._reader.join(10)
            assert self.process.stdout is not None and self.process.stderr is not None
            self.stderr = self.process.stderr.read()
            self.process.stdout.close()
            self.process.stderr.close()


@pytest.fixture
def server() -> Iterator[Server]:
    started = Server("--key-seed", "standalone", "--account-id", "210987654321")
    yield started
    started.stop()


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_the_standalone_server_serves_logs_and_exits_cleanly(signum: int) -> None:
    server = Server("--account-id", "210987654321", "--port", "0")
    try:
        url = server.line()
        assert url.startswith("http://127.0.0.1:")
        status, _, body = post(url, b"{}", "TrentService.CreateKey", region="sa-east-1")
        assert status == 200
        assert body["KeyMetadata"]["Arn"].startswith("arn:aws:kms:sa-east-1:210987654321:key/")
        assert server.line().split()[:3] == ["CreateKey", "sa-east-1", "200"]
    finally:
        assert server.stop(signum) == 0
    assert refuses_connections(url)


def test_quiet_prints_the_url_only() -> None:
    server = Server("--quiet")
    try:
        url = server.line()
        assert post(url, b"{}")[0] == 200
    finally:
        assert server.stop() == 0
    assert server.lines.empty()


def test_an_address_other_than_loopback_needs_a_flag() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "pytest_kmsfake", "serve", "--host", "0.0.0.0"],
        env=child_env({}),
        capture_output=True,
        text=True,
        timeout=CHILD_TIMEOUT,
        check=False,
    )
    assert done.returncode == 2
    assert "--host 0.0.0.0 needs --allow-remote" in done.stderr
    assert done.stdout == ""


def test_bad_options_are_refused() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "pytest_kmsfake", "serve", "--account-id", "12"],
        env=child_env({}),
        capture_output=True,
        text=True,
        timeout=CHILD_TIMEOUT,
        check=False,
    )
    assert done.returncode == 2
    assert "account_id must be 12 digits" in done.stderr


def test_options_reach_the_fake(server: Server) -> None:
    url = server.line()
    body = post(url, b"{}", "TrentService.CreateKey")[2]
    assert body["KeyMetadata"]["AWSAccountId"] == "210987654321"
    calls = _control(url, "GET", "calls")
    assert [(c["operation"], c["account_id"]) for c in calls] == [("CreateKey", "210987654321")]


def test_the_console_script_is_declared() -> None:
    scripts = metadata.entry_points(group="console_scripts")
    assert {e.name: e.value for e in scripts}.get("kmsfake-serve") == "pytest_kmsfake._serve:main"


# --- the control API -------------------------------------------------------------------------


def _control(url: str, method: str, route: str, body: dict[str, Any] | None = None) -> Any:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(f"{url}/_kmsfake/{route}", data=data, method=method)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.loads(response.read())
    except urllib.error.HTTPError as refused:
        return refused.code, json.loads(refused.read())


def test_the_control_api(kms_fake: KmsFake) -> None:
    url = kms_fake.serve()
    assert _control(url, "GET", "health") == {"ok": True}
    key_id = post(url, b"{}", "TrentService.CreateKey")[2]["KeyMetadata"]["KeyId"]
    assert _control(url, "POST", f"keys/{key_id}/state", {"state": "Disabled"}) == {"ok": True}
    assert kms_fake.key(key_id).state == "Disabled"
    encrypt = json.dumps({"KeyId": key_id, "Plaintext": "aGk="}).encode()
    assert post(url, encrypt, "TrentService.Encrypt")[2]["__type"] == "DisabledException"

    _control(url, "POST", f"keys/{key_id}/state", {"state": "Enabled"})
    fault = {"error": "ThrottlingException", "operation": "Encrypt", "times": 1}
    assert _control(url, "POST", "faults", fault)["ok"] is True
    assert post(url, encrypt, "TrentService.Encrypt")[2]["__type"] == "ThrottlingException"
    assert post(url, encrypt, "TrentService.Encrypt")[0] == 200
    _control(url, "POST", "faults", {"operation": "Decrypt", "times": None})
    assert _control(url, "DELETE", "faults") == {"ok": True}

    calls = _control(url, "GET", "calls")
    assert [(c["operation"], c["error"]) for c in calls] == [
        ("CreateKey", None),
        ("Encrypt", "DisabledException"),
        ("Encrypt", "ThrottlingException"),
        ("Encrypt", None),
    ]
    assert calls[1]["params"]["Plaintext"] == "aGk="  # blobs as base64
    assert calls[2]["injected"] is True
    assert _control(url, "DELETE", "calls") == {"ok": True}
    assert len(kms_fake.calls) == 0
    assert _control(url, "POST", "reset") == {"ok": True}
    assert boto3.client("kms", region_name="us-east-1").list_keys()["Keys"] == []


def test_the_control_api_refuses_what_the_fake_refuses(kms_fake: KmsFake) -> None:
    url = kms_fake.serve()
    status, body = _control(url, "POST", "keys/nope/state", {"state": "Disabled"})
    assert status == 400 and "names no key" in body["error"]
    status, body = _control(url, "POST", "faults", {"colour": "blue"})
    assert status == 400
    status, body = _control(url, "GET", "nothing-here")
    assert (status, body) == (404, {"error": "no control route GET /_kmsfake/nothing-here"})


def test_the_control_api_can_be_turned_off() -> None:
    fake = KmsFake()
    try:
        url = fake.serve(control=False)
        status, body = _control(url, "GET", "calls")
        assert status == 404
        assert body["__type"] == "UnknownOperationException"
    finally:
        fake.stop()


# --- concurrency -----------------------------------------------------------------------------

CLIENTS = 4
ROUNDS = 25


def test_concurrent_clients_on_shared_keys() -> None:
    """Botocore clients in this process, each in its own thread, over HTTP/1.1 keep-alive
    (the fake is not active here, so they are not routed in-process)."""
    fake = KmsFake()
    try:
        url = fake.serve()

        def client() -> Any:
            return boto3.client(
                "kms",
                endpoint_url=url,
                region_name="us-east-1",
                aws_access_key_id="AKIATHREADS",
                aws_secret_access_key="x",
                config=Config(retries={"mode": "standard", "max_attempts": 1}),
            )

        shared = client().create_key()["KeyMetadata"]["KeyId"]
        start = threading.Barrier(CLIENTS, timeout=30)
        failures: list[BaseException] = []

        def worker(n: int) -> None:
            kms = client()
            try:
                start.wait()
                for i in range(ROUNDS):
                    plain = f"{n}-{i}".encode()
                    blob = kms.encrypt(KeyId=shared, Plaintext=plain)["CiphertextBlob"]
                    assert kms.decrypt(CiphertextBlob=blob)["Plaintext"] == plain
                    kms.tag_resource(KeyId=shared, Tags=[{"TagKey": f"t{n}", "TagValue": str(i)}])
            except BaseException as failed:
                failures.append(failed)

        threads = [threading.Thread(target=worker, args=(n,)) for n in range(CLIENTS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(120)
        assert not any(thread.is_alive() for thread in threads)
        assert failures == []
        assert fake.key(shared).tags == {
            f"t{n}": str(ROUNDS - 1) for n in range(CLIENTS)
        }  # no lost update
        assert len(fake.calls) == 1 + CLIENTS * ROUNDS * 3  # the log is complete
        assert fake.calls.counts() == {
            "CreateKey": 1,
            "Encrypt": CLIENTS * ROUNDS,
            "Decrypt": CLIENTS * ROUNDS,
            "TagResource": CLIENTS * ROUNDS,
        }
    finally:
        fake.stop()
    assert endpoint_threads() == []


def _raw(url: str) -> socket.socket:
    parts = urlsplit(url)
    return socket.create_connection((parts.hostname, parts.port), timeout=10)


def test_a_client_that_goes_away_mid_request_changes_nothing(kms_fake: KmsFake) -> None:
    url = kms_fake.serve()
    body = b'{"Description": "never made"}'
    head = (
        "POST / HTTP/1.1\r\nHost: x\r\nX-Amz-Target: TrentService.CreateKey\r\n"
        "Content-Type: application/x-amz-json-1.1\r\n"
        "Authorization: AWS4-HMAC-SHA256 Credential=AK/20261205/us-east-1/kms/aws4_request, "
        f"SignedHeaders=host, Signature=0\r\nContent-Length: {len(body)}\r\n\r\n"
    ).encode()
    for cut in (len(head) // 2, len(head), len(head) + 5):
        connection = _raw(url)
        connection.sendall((head + body)[:cut])
        connection.close()
    # A client that sends the whole request and leaves before the answer: the call is made,
    # as with AWS, and the server carries on.
    connection = _raw(url)
    connection.sendall(head + body)
    connection.close()
    assert post(url, b"{}", "TrentService.ListKeys")[0] == 200
    # Only the whole request can have reached the service (its thread may still be on it).
    assert kms_fake.calls.operations().count("CreateKey") <= 1
    assert kms_fake.teardown_problems() == []
