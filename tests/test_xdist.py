"""pytest-xdist: each worker process has its own fakes; the key cache on disk is shared."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.serialization import load_der_private_key

pytest.importorskip("xdist", reason="pytest-xdist is not installed (pip install -e '.[test]')")

pytest_plugins = ["pytester"]

SUITE = """
import json
import os

import boto3
import pytest

OUT = {out!r}


@pytest.mark.parametrize("n", range(8))
def test_each_test_sees_only_its_own_keys(kms_fake, n):
    kms = boto3.client("kms", region_name="us-east-1")
    assert kms.list_keys()["Keys"] == []  # nothing from other tests or other workers
    key = kms.create_key(KeySpec="ECC_NIST_P256", KeyUsage="SIGN_VERIFY")["KeyMetadata"]
    signature = kms.sign(
        KeyId=key["KeyId"], Message=b"m", SigningAlgorithm="ECDSA_SHA_256"
    )["Signature"]
    assert kms.verify(
        KeyId=key["KeyId"], Message=b"m", Signature=signature, SigningAlgorithm="ECDSA_SHA_256"
    )["SignatureValid"]
    record = {{
        "worker": os.environ["PYTEST_XDIST_WORKER"],
        "pid": os.getpid(),
        "key": key["KeyId"],
        "public": kms.get_public_key(KeyId=key["KeyId"])["PublicKey"].hex(),
        "fake": id(kms_fake),
    }}
    with open(os.path.join(OUT, f"{{n}}.json"), "w") as handle:
        json.dump(record, handle)


def test_the_guard_works_in_every_worker():
    from pytest_kmsfake import KmsFakeGuardError

    with pytest.raises(KmsFakeGuardError):
        boto3.client("kms", region_name="us-east-1").list_keys()
"""


def test_workers_are_isolated_and_share_the_key_cache_safely(pytester: pytest.Pytester) -> None:
    out = pytester.path / "out"
    out.mkdir()
    pytester.makeini("[pytest]\nkms_fake_prefill = ECC_NIST_P256=8\nkms_fake_guard = true\n")
    pytester.makepyfile(test_suite=SUITE.format(out=str(out)))

    result = pytester.runpytest_subprocess("-n", "2", "-p", "no:hypothesispytest")

    # The guard test passes (the error was raised) and, as a caught guard error, fails again
    # at teardown in its worker.
    result.assert_outcomes(passed=9, errors=1)
    records = [json.loads(path.read_text()) for path in sorted(out.glob("*.json"))]
    assert len(records) == 8
    workers = {record["worker"] for record in records}
    assert workers == {"gw0", "gw1"}
    assert len({record["pid"] for record in records}) == 2
    assert len({record["key"] for record in records}) == 8  # every test made its own key
    for worker in workers:  # within a process, no key material is handed out twice
        publics = [record["public"] for record in records if record["worker"] == worker]
        assert len(set(publics)) == len(publics)

    # The controller filled the cache once, before the workers started; the workers took
    # their keys from it and never left a half-written file behind.
    cached = list((pytester.path / ".pytest_cache").rglob("ECC_NIST_P256/*"))
    assert len(cached) == 8
    for path in cached:
        assert path.suffix == ".der" and not path.name.startswith(".")
        load_der_private_key(path.read_bytes(), password=None)
    used = {record["public"] for record in records}
    assert used <= {_public_der(path).hex() for path in cached}


def _public_der(path: Path) -> bytes:
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    key = load_der_private_key(path.read_bytes(), password=None)
    return key.public_key().public_bytes(Encoding.DER, PublicFormat.SubjectPublicKeyInfo)


def test_bad_options_are_reported_under_xdist_too(pytester: pytest.Pytester) -> None:
    # A worker cannot stop the run with a usage error: a bad marker fails the tests it marks,
    # at setup, without a traceback; a bad ini value still stops the run at startup.
    pytester.makepyfile(
        """
        import pytest

        @pytest.mark.kms_fake(account_id="123")
        def test_bad_marker():
            pass

        def test_fine():
            pass
        """
    )
    result = pytester.runpytest_subprocess("-n", "2", "-p", "no:randomly")
    result.assert_outcomes(passed=1, errors=1)
    result.stdout.fnmatch_lines(["*the kms_fake marker: account_id must be 12 digits, got '123'*"])
    assert "INTERNALERROR" not in result.stdout.str() and "Traceback" not in result.stdout.str()

    pytester.makeini("[pytest]\nkms_fake_account_id = 123\n")
    result = pytester.runpytest_subprocess("-n", "2", "-p", "no:randomly")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["ERROR: ini option kms_fake_account_id: account_id must be 12*"])
