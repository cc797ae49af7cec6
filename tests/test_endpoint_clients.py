"""Real clients in other processes against `serve()` and against the standalone server
(`python -m pytest_kmsfake serve`): the AWS CLI v1 and v2 and the AWS SDK for JavaScript v3
(botocore in a child process: tests/test_endpoint.py). Each test skips, saying why, where its
client is not installed; CI (.ci/run) installs them all."""

from __future__ import annotations

import base64
import http.client
import json
import re
import shutil
import subprocess
import sys
import urllib.parse
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, Protocol

import boto3
import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from endpoint_helpers import CHILD_TIMEOUT, child_env
from test_endpoint_serve import Server

from pytest_kmsfake import KmsFake, mock_kms
from pytest_kmsfake._endpoint.env import endpoint_env

NODE_DIR = Path(__file__).parent / "node"
REGION = "ap-northeast-1"


def _version_of(aws: str) -> str:
    try:
        done = subprocess.run(
            [aws, "--version"], capture_output=True, text=True, timeout=60, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return ""
    return (done.stdout + done.stderr).strip()


def _find_cli(major: int) -> str | None:
    """An `aws` executable whose --version says aws-cli/<major>."""
    candidates = [str(Path(sys.executable).parent / "aws"), shutil.which("aws")]
    candidates += ["/usr/bin/aws", "/usr/local/bin/aws"]
    for candidate in dict.fromkeys(c for c in candidates if c and Path(c).exists()):
        if _version_of(candidate).startswith(f"aws-cli/{major}."):
            return candidate
    return None


def _run(
    args: Sequence[str], env: dict[str, str], cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        list(args),
        env=child_env(env),
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=CHILD_TIMEOUT,
        check=False,
    )


class Target(Protocol):
    """A served fake, as the tests see it: its URL, the environment a child needs, a botocore
    client reaching the same keys, and ways to force a key state and to read the call log."""

    url: str
    kms: Any

    def env(self) -> dict[str, str]: ...
    def set_state(self, key_id: str, state: str) -> None: ...
    def calls(self) -> list[tuple[str, str, str | None]]: ...


class Served:
    """`kms_fake.serve()`: the test's own fake, checked in-process. With `access_key_id`, the
    child signs with that key's secret (the fake has `secret_keys` and checks signatures)."""

    def __init__(self, fake: KmsFake, access_key_id: str | None = None) -> None:
        self.fake = fake
        self.access_key_id = access_key_id
        self.url = fake.serve()
        self.kms = boto3.client("kms", region_name=REGION)  # in-process, through the seam

    def env(self) -> dict[str, str]:
        return self.fake.server_env(region=REGION, access_key_id=self.access_key_id)

    def set_state(self, key_id: str, state: str) -> None:
        self.fake.set_key_state(key_id, state)

    def calls(self) -> list[tuple[str, str, str | None]]:
        return [(c.operation, c.region, c.error) for c in self.fake.calls]


class Standalone:
    """The standalone server in a child process, reached only over HTTP (the control API
    forces states and reads the call log)."""

    def __init__(self, server: Server) -> None:
        self.url = server.line()
        self.kms = boto3.client(
            "kms",
            endpoint_url=self.url,
            region_name=REGION,
            aws_access_key_id="AKIASTANDALONE",
            aws_secret_access_key="x",
        )

    def env(self) -> dict[str, str]:
        return endpoint_env(self.url, REGION)

    def _control(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        parts = urllib.parse.urlsplit(self.url)
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        try:
            connection.request(method, f"/_kmsfake/{path}", body=json.dumps(body or {}))
            response = connection.getresponse()
            answer = json.loads(response.read())
            assert response.status == 200, answer
            return answer
        finally:
            connection.close()

    def set_state(self, key_id: str, state: str) -> None:
        self._control("POST", f"keys/{key_id}/state", {"state": state})

    def calls(self) -> list[tuple[str, str, str | None]]:
        return [(c["operation"], c["region"], c["error"]) for c in self._control("GET", "calls")]


SIGNING_KEY_ID = "AKIASIGNEDCLIENT0001"
SIGNING_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYSIGNINGKEY"


@pytest.fixture(params=["serve()", "serve(), signatures checked", "standalone"])
def target(request: pytest.FixtureRequest) -> Iterator[Target]:
    if request.param == "serve()":
        yield Served(request.getfixturevalue("kms_fake"))
        return
    if request.param == "serve(), signatures checked":
        # Each client signs as AWS's SDKs do; the fake recomputes every signature.
        with mock_kms(secret_keys={SIGNING_KEY_ID: SIGNING_SECRET}) as fake:
            yield Served(fake, SIGNING_KEY_ID)
        return
    server = Server("--quiet")
    try:
        yield Standalone(server)
    finally:
        assert server.stop() == 0


@pytest.fixture(scope="module")
def cli_v1() -> str:
    found = _find_cli(1)
    if found is None:
        pytest.skip("the AWS CLI v1 is not installed (pip install -e '.[test]')")
    return found


@pytest.fixture(scope="module")
def cli_v2() -> str:
    found = _find_cli(2)
    if found is None:
        pytest.skip(
            "the AWS CLI v2 is not installed (apt-get install awscli on Debian, or AWS's "
            "installer); no `aws --version` on PATH says aws-cli/2"
        )
    return found


def _cli_round_trip(aws: str, target: Target, *, endpoint_flag: bool, aws_major: int) -> None:
    env = target.env()
    # The CLI v2 before 2.13 ignores AWS_ENDPOINT_URL_KMS: give it the URL as well.
    extra = ["--endpoint-url", target.url] if endpoint_flag else []
    done = _run([aws, "kms", "create-key", "--description", "from the CLI", *extra], env)
    assert done.returncode == 0, done.stderr
    key = json.loads(done.stdout)["KeyMetadata"]
    assert key["Arn"].startswith(f"arn:aws:kms:{REGION}:")
    described = target.kms.describe_key(KeyId=key["KeyId"])["KeyMetadata"]
    assert described["Description"] == "from the CLI"

    # The CLI v2 reads blob arguments as base64 (cli_binary_format); v1 takes them as text.
    plaintext = "cli secret" if aws_major == 1 else base64.b64encode(b"cli secret").decode()
    done = _run(
        [aws, "kms", "encrypt", "--key-id", key["KeyId"], "--plaintext", plaintext, *extra],
        env,
    )
    assert done.returncode == 0, done.stderr
    blob = json.loads(done.stdout)["CiphertextBlob"]
    decrypted = target.kms.decrypt(CiphertextBlob=base64.b64decode(blob))
    assert decrypted["Plaintext"] == b"cli secret"

    target.set_state(key["KeyId"], "Disabled")
    done = _run(
        [aws, "kms", "encrypt", "--key-id", key["KeyId"], "--plaintext", plaintext, *extra],
        env,
    )
    # A service error exits with 254 from the CLI v2, and with 255 from the CLI v1.
    assert done.returncode == (255 if aws_major == 1 else 254), (done.returncode, done.stderr)
    assert "(DisabledException)" in done.stderr
    assert target.calls() == [
        ("CreateKey", REGION, None),
        ("DescribeKey", REGION, None),  # the test's own client
        ("Encrypt", REGION, None),
        ("Decrypt", REGION, None),  # the test's own client
        ("Encrypt", REGION, "DisabledException"),
    ]


def test_the_aws_cli_v1(cli_v1: str, target: Target) -> None:
    _cli_round_trip(cli_v1, target, endpoint_flag=False, aws_major=1)


def test_the_aws_cli_v2(cli_v2: str, target: Target) -> None:
    version = re.match(r"aws-cli/(\d+)\.(\d+)", _version_of(cli_v2))
    assert version is not None
    reads_the_variable = (int(version[1]), int(version[2])) >= (2, 13)
    _cli_round_trip(cli_v2, target, endpoint_flag=not reads_the_variable, aws_major=2)


@pytest.fixture(scope="module")
def node() -> str:
    node = shutil.which("node")
    if node is None:
        pytest.skip("Node.js is not installed")
    if not (NODE_DIR / "node_modules" / "@aws-sdk" / "client-kms").is_dir():
        pytest.skip(f"@aws-sdk/client-kms is not installed: run `npm install` in {NODE_DIR}")
    return node


def test_the_javascript_sdk_v3(node: str, target: Target) -> None:
    kms = target.kms
    symmetric = kms.create_key()["KeyMetadata"]["KeyId"]
    signing = kms.create_key(KeySpec="ECC_NIST_P256", KeyUsage="SIGN_VERIFY")["KeyMetadata"][
        "KeyId"
    ]
    done = _run([node, "kms_client.mjs", symmetric, signing], target.env(), NODE_DIR)
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert out["plaintext"] == "node secret"
    assert out["created"].startswith(f"arn:aws:kms:{REGION}:")
    assert kms.decrypt(CiphertextBlob=base64.b64decode(out["ciphertext"]))["Plaintext"] == (
        b"node secret"
    )
    public = serialization.load_der_public_key(kms.get_public_key(KeyId=signing)["PublicKey"])
    assert isinstance(public, ec.EllipticCurvePublicKey)
    public.verify(base64.b64decode(out["signature"]), b"signed by node", ec.ECDSA(hashes.SHA256()))
    served = [(operation, region) for operation, region, _ in target.calls()][2:6]
    assert served == [
        ("CreateKey", REGION),
        ("Encrypt", REGION),
        ("Decrypt", REGION),
        ("Sign", REGION),
    ]


def test_a_wrong_secret_is_refused_as_aws_refuses_it(cli_v2: str) -> None:
    with mock_kms(secret_keys={SIGNING_KEY_ID: SIGNING_SECRET}) as fake:
        env = fake.server_env(region=REGION, access_key_id=SIGNING_KEY_ID)
        env["AWS_SECRET_ACCESS_KEY"] = "not-the-secret"
        done = _run([cli_v2, "kms", "list-keys", "--endpoint-url", fake.serve()], env)
        assert done.returncode == 254, (done.returncode, done.stderr)
        assert "(InvalidSignatureException)" in done.stderr
        assert "The request signature we calculated does not match" in done.stderr
        assert list(fake.calls) == []  # refused before the service
