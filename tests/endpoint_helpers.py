"""Shared by the endpoint's tests: raw HTTP requests to a served fake, and child processes
that use it through the environment `server_env()` gives them."""

from __future__ import annotations

import http.client
import json
import os
import subprocess
import sys
import threading
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

CHILD_TIMEOUT = 120  # seconds; every child process is bounded
SIGV4 = (
    "AWS4-HMAC-SHA256 Credential={key}/20261205/{region}/kms/aws4_request, "
    "SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=0123abcd"
)


def post(
    url: str,
    body: bytes,
    target: str | None = "TrentService.ListKeys",
    *,
    region: str = "us-east-1",
    access_key: str = "AKIATESTING",
    authorization: str | None = None,
    headers: Mapping[str, str] | None = None,
) -> tuple[int, dict[str, str], Any]:
    """One POST /; returns the status, the headers (lower-case names) and the JSON body."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    sent = {"Content-Type": "application/x-amz-json-1.1"}
    if target is not None:
        sent["X-Amz-Target"] = target
    if authorization is None:
        authorization = SIGV4.format(key=access_key, region=region)
    if authorization:
        sent["Authorization"] = authorization
    sent.update(headers or {})
    try:
        connection.request("POST", "/", body=body, headers=sent)
        response = connection.getresponse()
        raw = response.read()
        received = {name.lower(): value for name, value in response.getheaders()}
        return response.status, received, json.loads(raw) if raw else None
    finally:
        connection.close()


def child_env(env: Mapping[str, str]) -> dict[str, str]:
    """This process's (clean, see conftest.py) environment plus `env`."""
    return {**os.environ, **env}


def run_python(code: str, env: Mapping[str, str]) -> subprocess.CompletedProcess[str]:
    """Run `code` in a fresh Python (no pytest, no plugin) with `env` added."""
    return subprocess.run(
        [sys.executable, "-c", code],
        env=child_env(env),
        capture_output=True,
        text=True,
        timeout=CHILD_TIMEOUT,
        check=False,
    )


def endpoint_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name.startswith("kmsfake-endpoint")]


def refuses_connections(url: str) -> bool:
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=5)
    try:
        connection.connect()
    except OSError:
        return True
    finally:
        connection.close()
    return False
