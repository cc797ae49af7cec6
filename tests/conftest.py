"""Shared fixtures for the plugin's own tests."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import boto3
import pytest


@pytest.fixture(autouse=True)
def _no_real_credentials(monkeypatch: pytest.MonkeyPatch, tmp_path: Any) -> Iterator[None]:
    """Every test runs as on a machine with no AWS configuration at all."""
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "no-credentials"))
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "no-config"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    yield


@pytest.fixture
def kms(kms_fake: Any) -> Any:
    """A boto3 KMS client in us-east-1, routed to the test's fake."""
    return boto3.client("kms", region_name="us-east-1")


@pytest.fixture
def key_id(kms: Any) -> str:
    return str(kms.create_key(Description="test key")["KeyMetadata"]["KeyId"])


@pytest.fixture
def pytester(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> pytest.Pytester:
    """Inner pytest runs without hypothesis's plugin: its end-of-session hook costs about a
    second per run, and no inner run uses it."""
    monkeypatch.setenv("PYTEST_ADDOPTS", "-p no:hypothesispytest")
    return pytester
