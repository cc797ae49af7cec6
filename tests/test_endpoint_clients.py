"""Real clients in other processes against `serve()`: botocore (tests/test_endpoint.py), the
AWS CLI v1 and v2, and the AWS SDK for JavaScript v3. Each test skips, saying why, where its
client is not installed; CI (.ci/run) installs them all."""

from __future__ import annotations

import base64
import json
import re
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import boto3
import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from endpoint_helpers import CHILD_TIMEOUT, child_env

from pytest_kmsfake import KmsFake

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


def _cli_round_trip(aws: str, kms_fake: KmsFake, *, endpoint_flag: bool, aws_major: int) -> None:
    env = kms_fake.server_env(region=REGION)
    # The CLI v2 before 2.13 ignores AWS_ENDPOINT_URL_KMS: give it the URL as well.
    extra = ["--endpoint-url", kms_fake.serve()] if endpoint_flag else []
    done = _run([aws, "kms", "create-key", "--description", "from the CLI", *extra], env)
    assert done.returncode == 0, done.stderr
    key = json.loads(done.stdout)["KeyMetadata"]
    assert key["Arn"].startswith(f"arn:aws:kms:{REGION}:")
    assert kms_fake.key(key["KeyId"]).description == "from the CLI"

    # The CLI v2 reads blob arguments as base64 (cli_binary_format); v1 takes them as text.
    plaintext = "cli secret" if aws_major == 1 else base64.b64encode(b"cli secret").decode()
    done = _run(
        [aws, "kms", "encrypt", "--key-id", key["KeyId"], "--plaintext", plaintext, *extra],
        env,
    )
    assert done.returncode == 0, done.stderr
    blob = json.loads(done.stdout)["CiphertextBlob"]
    decrypted = boto3.client("kms", region_name=REGION).decrypt(
        CiphertextBlob=base64.b64decode(blob)
    )
    assert decrypted["Plaintext"] == b"cli secret"

    kms_fake.set_key_state(key["KeyId"], "Disabled")
    done = _run(
        [aws, "kms", "encrypt", "--key-id", key["KeyId"], "--plaintext", plaintext, *extra],
        env,
    )
    # A service error exits with 254 from the CLI v2, and with 255 from the CLI v1.
    assert done.returncode == (255 if aws_major == 1 else 254), (done.returncode, done.stderr)
    assert "(DisabledException)" in done.stderr
    assert [(c.operation, c.region, c.error) for c in kms_fake.calls] == [
        ("CreateKey", REGION, None),
        ("Encrypt", REGION, None),
        ("Decrypt", REGION, None),  # in-process
        ("Encrypt", REGION, "DisabledException"),
    ]


def test_the_aws_cli_v1(cli_v1: str, kms_fake: KmsFake) -> None:
    _cli_round_trip(cli_v1, kms_fake, endpoint_flag=False, aws_major=1)


def test_the_aws_cli_v2(cli_v2: str, kms_fake: KmsFake) -> None:
    version = re.match(r"aws-cli/(\d+)\.(\d+)", _version_of(cli_v2))
    assert version is not None
    reads_the_variable = (int(version[1]), int(version[2])) >= (2, 13)
    _cli_round_trip(cli_v2, kms_fake, endpoint_flag=not reads_the_variable, aws_major=2)


@pytest.fixture(scope="module")
def node() -> str:
    node = shutil.which("node")
    if node is None:
        pytest.skip("Node.js is not installed")
    if not (NODE_DIR / "node_modules" / "@aws-sdk" / "client-kms").is_dir():
        pytest.skip(f"@aws-sdk/client-kms is not installed: run `npm install` in {NODE_DIR}")
    return node


def test_the_javascript_sdk_v3(node: str, kms_fake: KmsFake) -> None:
    kms = boto3.client("kms", region_name=REGION)  # in-process, through the seam
    symmetric = kms.create_key()["KeyMetadata"]["KeyId"]
    signing = kms.create_key(KeySpec="ECC_NIST_P256", KeyUsage="SIGN_VERIFY")["KeyMetadata"][
        "KeyId"
    ]
    done = _run([node, "kms_client.mjs", symmetric, signing], kms_fake.server_env(REGION), NODE_DIR)
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
    served = [(c.operation, c.region) for c in kms_fake.calls][2:6]
    assert served == [
        ("CreateKey", REGION),
        ("Encrypt", REGION),
        ("Decrypt", REGION),
        ("Sign", REGION),
    ]
