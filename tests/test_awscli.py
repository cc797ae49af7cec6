"""The AWS CLI (v1, a botocore application) run in-process against the fake, no credentials.

The CLI builds its clients through its own botocore session; the seam patches the client
class, so they are routed like any other.
"""

from __future__ import annotations

import base64
import importlib.util
import json
import os
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import botocore.session
import pytest

from pytest_kmsfake import KmsFake

pytest.importorskip(
    "awscli", reason="the AWS CLI is not installed (pip install -e '.[test]'; Python 3.10+)"
)


def _release(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", version)[:3])


def _bundled_botocore() -> str | None:
    """The botocore release an AWS CLI from 1.46 on carries (read, not imported)."""
    spec = importlib.util.find_spec("awscli")
    if spec is None or spec.origin is None:
        return None
    bundled = Path(spec.origin).parent / "botocore" / "__init__.py"
    if not bundled.exists():
        return None
    found = re.search(r"^__version__ = ['\"]([^'\"]+)", bundled.read_text(), re.MULTILINE)
    return found.group(1) if found else None


# In a process that imported botocore first (as this one has), the CLI runs on that botocore,
# not on its own copy; its code needs a botocore at least as new as the copy it carries.
_BUNDLED = _bundled_botocore()
if _BUNDLED is not None and _release(botocore.__version__) < _release(_BUNDLED):
    pytest.skip(
        f"this AWS CLI needs botocore {_BUNDLED} or newer in-process, botocore "
        f"{botocore.__version__} is installed (an older CLI pins a matching botocore)",
        allow_module_level=True,
    )


@pytest.fixture(scope="module")
def create_clidriver() -> Iterator[Any]:
    """awscli's driver factory. Importing awscli sets AWS_DATA_PATH and adds an import hook:
    both are put back when the module's tests end."""
    data_path = os.environ.get("AWS_DATA_PATH")
    meta_path = list(sys.meta_path)
    import awscli
    from awscli.clidriver import create_clidriver

    yield create_clidriver, str(Path(awscli.__file__).parent / "data")
    sys.meta_path[:] = meta_path
    if data_path is None:
        os.environ.pop("AWS_DATA_PATH", None)
    else:
        os.environ["AWS_DATA_PATH"] = data_path


# --8<-- [start:harness]
@pytest.fixture
def aws(
    create_clidriver: Any, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> Any:
    """Run `aws <args>` in this process; returns (exit code, stdout, stderr)."""
    factory, cli_data_path = create_clidriver
    monkeypatch.setenv("AWS_DATA_PATH", cli_data_path)

    def run(*args: str) -> tuple[int, str, str]:
        capsys.readouterr()
        code = factory().main(["--region", "us-east-1", "--output", "json", *args])
        out, err = capsys.readouterr()
        return code, out, err

    return run
    # --8<-- [end:harness]


# --8<-- [start:round-trip]
def test_create_key_encrypt_and_decrypt(aws: Any, kms_fake: KmsFake, tmp_path: Path) -> None:
    code, out, _ = aws("kms", "create-key", "--description", "from the CLI")
    assert code == 0
    key = json.loads(out)["KeyMetadata"]
    assert key["Description"] == "from the CLI"
    assert key["Arn"].startswith("arn:aws:kms:us-east-1:111122223333:key/")

    (tmp_path / "plain").write_bytes(b"top secret")
    code, out, _ = aws(
        "kms", "encrypt", "--key-id", key["KeyId"], "--plaintext", f"fileb://{tmp_path / 'plain'}"
    )
    assert code == 0
    blob = base64.b64decode(json.loads(out)["CiphertextBlob"])

    (tmp_path / "blob").write_bytes(blob)
    code, out, _ = aws("kms", "decrypt", "--ciphertext-blob", f"fileb://{tmp_path / 'blob'}")
    assert code == 0
    decrypted = json.loads(out)
    assert base64.b64decode(decrypted["Plaintext"]) == b"top secret"
    assert decrypted["KeyId"] == key["Arn"]

    assert kms_fake.calls.operations() == ["CreateKey", "Encrypt", "Decrypt"]
    assert {call.region for call in kms_fake.calls} == {"us-east-1"}
    # The CLI needed no credentials: none exist on this machine (see conftest.py).
    # --8<-- [end:round-trip]
    assert botocore.session.Session().get_credentials() is None


def test_errors_reach_the_cli_as_from_aws(aws: Any, kms_fake: KmsFake) -> None:
    code, out, err = aws("kms", "describe-key", "--key-id", "alias/missing")
    assert code != 0 and out == ""
    assert (
        "An error occurred (NotFoundException) when calling the DescribeKey operation: "
        "Alias arn:aws:kms:us-east-1:111122223333:alias/missing is not found." in err
    )


def test_cli_pagination_and_query(aws: Any, kms_fake: KmsFake) -> None:
    for _ in range(3):
        kms_fake.create_key()
    code, out, _ = aws("kms", "list-keys", "--page-size", "1", "--query", "Keys[].KeyId")
    assert code == 0
    assert len(json.loads(out)) == 3
    assert kms_fake.calls.counts() == {"ListKeys": 3}  # the CLI followed the markers
