"""Shared fixtures for the plugin's own tests. (The conftest.py at the repository's root
runs every test, here and in examples/, with no AWS configuration.)"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import Any

import boto3
import pytest

from pytest_kmsfake._crypto import asymmetric_keys as _asymmetric_keys

# cryptography's post-quantum modules: mldsa and mlkem came in cryptography 47 (mlkem without
# ML-KEM-512); before that, neither exists.
POST_QUANTUM_MODULES = (
    "cryptography.hazmat.primitives.asymmetric.mldsa",
    "cryptography.hazmat.primitives.asymmetric.mlkem",
)


@pytest.fixture
def kms(kms_fake: Any) -> Any:
    """A boto3 KMS client in us-east-1, routed to the test's fake."""
    return boto3.client("kms", region_name="us-east-1")


@pytest.fixture
def key_id(kms: Any) -> str:
    return str(kms.create_key(Description="test key")["KeyMetadata"]["KeyId"])


@pytest.fixture
def pytester(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> pytest.Pytester:
    """Inner pytest runs without plugins they do not use that would change them: not
    hypothesis's, whose end-of-session hook costs about a second per run; not
    pytest-randomly's, as tests read the order of an inner run's output and name their files
    in the order they must run; not pytest-asyncio's, which warns in every run that has no
    ini file choosing its loop scope. (Blocking a plugin that is not installed is harmless.)"""
    monkeypatch.setenv("PYTEST_ADDOPTS", "-p no:hypothesispytest -p no:randomly -p no:asyncio")
    return pytester


def _forget_capabilities() -> None:
    """The capability checks and the key objects made with them are cached per process."""
    for cached in (
        _asymmetric_keys.backend_supports,
        _asymmetric_keys._pure_mlkem,
        _asymmetric_keys._has_external_mu,
        _asymmetric_keys._private,
        _asymmetric_keys._public,
    ):
        cached.cache_clear()


@pytest.fixture
def cryptography_without_post_quantum() -> Iterator[None]:
    """The installed cryptography as the fake sees one older than 47: importing its mldsa or
    mlkem module fails. So the paths for a cryptography that lacks a key spec run here too,
    whatever cryptography is installed."""
    with pytest.MonkeyPatch.context() as patch:
        for name in POST_QUANTUM_MODULES:
            patch.setitem(sys.modules, name, None)
        _forget_capabilities()
        yield
    _forget_capabilities()  # what was learnt without the modules must not outlive the test
