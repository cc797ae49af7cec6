"""Code typed with the mypy-boto3-kms stubs type-checks clean while it uses the fixture."""

from __future__ import annotations

import importlib.metadata
import importlib.util
import site
import sysconfig
from pathlib import Path

import pytest

import pytest_kmsfake

TYPED_MODULE = Path(__file__).parent / "typed" / "test_typed_client.py"
ROOT = Path(pytest_kmsfake.__file__).resolve().parents[1]
SITE_DIRS = {
    Path(directory).resolve()
    for directory in (
        *site.getsitepackages(),
        site.getusersitepackages(),
        sysconfig.get_path("purelib"),
        sysconfig.get_path("platlib"),
    )
}

MISTAKES = """
from __future__ import annotations

import boto3
from mypy_boto3_kms import KMSClient

from pytest_kmsfake import mock_kms


def misuse() -> None:
    kms: KMSClient = boto3.client("kms", region_name="us-east-1")
    kms.encrypt(KeyId=1234, Plaintext=b"x")
    kms.create_key()["KeyMetadata"]["KeyName"]
    mock_kms(acount_id="444455556666")
    mock_kms(call_log_limit="10")
"""


def _installed(distribution: str) -> bool:
    try:
        importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return False
    return True


@pytest.mark.skipif(
    importlib.util.find_spec("mypy") is None
    or not _installed("mypy-boto3-kms")
    or not _installed("boto3-stubs"),
    reason="needs mypy and the KMS stubs (pip install -e '.[test]')",
)
def test_typed_module_passes_mypy_strict_and_mistakes_are_caught(tmp_path: Path) -> None:
    from mypy import api

    # A source tree (a checkout, or an editable install, whose import hook mypy cannot see) is
    # found through mypy_path; an installed copy as any typed package is, and mypy refuses a
    # site directory on its path. pytest-kmsfake's own typing is the project's mypy run's job.
    mypy_path = "" if ROOT in SITE_DIRS else f"mypy_path = {ROOT}\n"
    config = tmp_path / "mypy.ini"
    config.write_text(
        f"[mypy]\nstrict = True\n{mypy_path}\n[mypy-pytest_kmsfake.*]\nfollow_imports = silent\n"
    )
    mistakes = tmp_path / "mistakes.py"
    mistakes.write_text(MISTAKES)

    stdout, stderr, status = api.run(
        [
            "--config-file",
            str(config),
            "--cache-dir",
            str(tmp_path / "cache"),
            "--no-error-summary",
            "--hide-error-context",
            str(TYPED_MODULE),
            str(mistakes),
        ]
    )

    assert stderr == ""
    errors = [line for line in stdout.splitlines() if ": error:" in line]
    assert not [line for line in errors if "test_typed_client.py" in line], stdout
    assert len(errors) == 4, stdout
    assert 'Argument "KeyId" to "encrypt" of "KMSClient" has incompatible type "int"' in errors[0]
    assert '"KeyMetadataTypeDef" has no key "KeyName"' in errors[1]
    assert 'Unexpected keyword argument "acount_id" for overloaded function "mock_kms"' in errors[2]
    assert 'did you mean "account_id"?' in errors[2]
    assert 'No overload variant of "mock_kms" matches argument type "str"' in errors[3]
    assert status == 1
