"""The suite (tests/ and examples/) runs as on a machine with no AWS configuration at all.

Whatever the shell holds (keys, a profile, a region, an endpoint URL, container or web-identity
credentials, shared files with real-looking profiles), botocore must find none of it: a test
that passes here must pass on any machine, and no test may reach a real endpoint. The process
environment is cleaned in `pytest_configure`, before collection, because application modules
(examples/records.py, examples/cookbook/orders_handler.py) and test modules create boto3
clients at import time; subprocesses and pytest-xdist workers inherit the clean environment.
Each test gets the same clean environment again, so a test that leaks a variable cannot
change the next one. Tests that need AWS variables set them with `monkeypatch`.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator, Mapping, MutableMapping
from pathlib import Path

import pytest

# botocore reads every setting of its own from AWS_* variables. BOTO_CONFIG is the one
# exception: botocore's last credential provider reads boto2's file, /etc/boto.cfg or ~/.boto
# when the variable is unset.
AWS_PREFIX = "AWS_"
BOTO_CONFIG = "BOTO_CONFIG"


def is_aws_setting(name: str) -> bool:
    return name.upper().startswith(AWS_PREFIX) or name.upper() == BOTO_CONFIG


def without_aws_configuration(empty_dir: Path) -> dict[str, str]:
    """The variables a clean environment sets: the shared files point into a directory that
    holds no files (botocore skips a missing file), and the instance metadata service, which
    would otherwise be asked for credentials, is off."""
    return {
        "AWS_SHARED_CREDENTIALS_FILE": str(empty_dir / "credentials"),
        "AWS_CONFIG_FILE": str(empty_dir / "config"),
        BOTO_CONFIG: str(empty_dir / "boto.cfg"),
        "AWS_EC2_METADATA_DISABLED": "true",
    }


def clean(environ: MutableMapping[str, str], empty_dir: Path) -> dict[str, str]:
    """Remove every AWS setting from `environ` and set the clean ones; return what was there."""
    removed = {name: value for name, value in environ.items() if is_aws_setting(name)}
    for name in removed:
        del environ[name]
    environ.update(without_aws_configuration(empty_dir))
    return removed


_STATE = pytest.StashKey[tuple[Mapping[str, str], Path]]()


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config: pytest.Config) -> None:
    empty_dir = Path(tempfile.mkdtemp(prefix="kmsfake-no-aws-"))
    config.stash[_STATE] = (clean(os.environ, empty_dir), empty_dir)


def pytest_unconfigure(config: pytest.Config) -> None:
    # pytest.main() may run inside a longer-lived process: give it its environment back.
    removed, empty_dir = config.stash[_STATE]
    for name in [name for name in os.environ if is_aws_setting(name)]:
        del os.environ[name]
    os.environ.update(removed)
    shutil.rmtree(empty_dir, ignore_errors=True)


@pytest.fixture(autouse=True)
def _no_aws_configuration(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """The clean environment again for each test, with files of its own, undone at teardown."""
    for name in [name for name in os.environ if is_aws_setting(name)]:
        monkeypatch.delenv(name)
    for name, value in without_aws_configuration(tmp_path / "no-aws").items():
        monkeypatch.setenv(name, value)
    yield
