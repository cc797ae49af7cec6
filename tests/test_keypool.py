"""The key pool: memory and disk sources, one hand-out per key, seeded reproducibility."""

from __future__ import annotations

import hashlib
import hmac
import os
import threading
from pathlib import Path
from typing import Callable

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from pytest_kmsfake._crypto import asymmetric as asym
from pytest_kmsfake._crypto import keypool as _keypool
from pytest_kmsfake._crypto.keypool import KeyPool, SeededRandom

FAST_SPECS = [
    s
    for s in ("ECC_NIST_P256", "ECC_NIST_P521", "ECC_NIST_EDWARDS25519", "SM2", "ML_DSA_44",
              "ML_KEM_768")
    if asym.backend_supports(s)
]  # fmt: skip


class CountingGenerator:
    """Stands in for key generation: unique fake "keys", counted, without the crypto cost."""

    def __init__(self, keys: list[bytes] | None = None) -> None:
        self.calls: list[str] = []
        self._keys = list(keys or [])

    def __call__(self, key_spec: str) -> bytes:
        self.calls.append(key_spec)
        return self._keys.pop(0) if self._keys else os.urandom(32)


# --- random mode ---------------------------------------------------------------------------


def test_take_generates_when_the_pool_is_empty() -> None:
    generator = CountingGenerator()
    pool = KeyPool(generator=generator)
    keys = {pool.take("RSA_4096") for _ in range(3)}
    assert len(keys) == 3
    assert generator.calls == ["RSA_4096"] * 3


def test_prefill_in_memory_then_take_uses_it() -> None:
    generator = CountingGenerator()
    pool = KeyPool(generator=generator)
    assert pool.prefill("RSA_4096", 2) == 2
    assert pool.prefill("RSA_4096", 2) == 0  # already topped up
    assert pool.available("RSA_4096") == 2
    taken = [pool.take("RSA_4096"), pool.take("RSA_4096")]
    assert len(generator.calls) == 2 and pool.available("RSA_4096") == 0
    pool.take("RSA_4096")  # empty again: one key generated lazily
    assert len(generator.calls) == 3
    assert len(set(taken)) == 2


def test_real_keys_from_the_pool_work() -> None:
    pool = KeyPool()
    der = pool.take("ECC_NIST_P256")
    signature = asym.sign("ECC_NIST_P256", der, "ECDSA_SHA_256", b"m", "RAW")
    assert asym.verify("ECC_NIST_P256", der, "ECDSA_SHA_256", b"m", "RAW", signature)


def test_no_key_is_handed_out_twice_in_a_process() -> None:
    duplicate, other = os.urandom(32), os.urandom(32)
    generator = CountingGenerator([duplicate, duplicate, other])
    pool = KeyPool(generator=generator)
    assert pool.take("RSA_2048") == duplicate
    assert pool.take("RSA_2048") == other  # the repeat was skipped
    assert len(generator.calls) == 3
    # a second pool in the same process cannot hand it out either
    again = KeyPool(generator=CountingGenerator([duplicate, os.urandom(32)]))
    assert again.take("RSA_2048") != duplicate


def test_unknown_specs_are_refused() -> None:
    pool = KeyPool(generator=CountingGenerator())
    for spec in ("SYMMETRIC_DEFAULT", "HMAC_256", "RSA_1024"):
        with pytest.raises(asym.UnknownSpec):
            pool.take(spec)
        with pytest.raises(asym.UnknownSpec):
            pool.prefill(spec, 1)


def _visible(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.rglob("*") if p.is_file())


def test_disk_cache_stays_warm_for_later_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    maker = KeyPool(tmp_path, generator=CountingGenerator())
    assert maker.prefill("RSA_4096", 3) == 3
    files = _visible(tmp_path / "RSA_4096")
    assert len(files) == 3 and all(name.endswith(".der") for name in files)
    contents = {p.read_bytes() for p in (tmp_path / "RSA_4096").iterdir()}

    generator = CountingGenerator()
    user = KeyPool(tmp_path, generator=generator)
    assert user.available("RSA_4096") == 3
    taken = {user.take("RSA_4096") for _ in range(3)}
    assert taken == contents and generator.calls == []
    assert user.available("RSA_4096") == 0
    extra = user.take("RSA_4096")  # none left unused: generated, and added to the cache
    assert generator.calls == ["RSA_4096"]
    assert len(_visible(tmp_path / "RSA_4096")) == 4

    # The next run (a new process: nothing handed out yet) reads all four, generating none.
    monkeypatch.setattr("pytest_kmsfake._crypto.keypool._HANDED_OUT", set())
    next_generator = CountingGenerator()
    next_run = KeyPool(tmp_path, generator=next_generator)
    assert {next_run.take("RSA_4096") for _ in range(4)} == contents | {extra}
    assert next_generator.calls == []


def test_prefill_counts_what_is_on_disk(tmp_path: Path) -> None:
    generator = CountingGenerator()
    KeyPool(tmp_path, generator=generator).prefill("ECC_NIST_P256", 2)
    assert KeyPool(tmp_path, generator=generator).prefill("ECC_NIST_P256", 5) == 3
    assert len(_visible(tmp_path)) == 5 and len(generator.calls) == 5


def test_concurrent_takers_share_a_cache_without_duplicates(tmp_path: Path) -> None:
    KeyPool(tmp_path, generator=CountingGenerator()).prefill("RSA_3072", 40)
    generators = [CountingGenerator() for _ in range(4)]
    pools = [KeyPool(tmp_path, generator=generator) for generator in generators]
    results: list[bytes] = []
    lock = threading.Lock()

    def work(pool: KeyPool) -> None:
        for _ in range(15):
            key = pool.take("RSA_3072")
            with lock:
                results.append(key)

    threads = [threading.Thread(target=work, args=(pool,)) for pool in pools]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 60 == len(set(results))
    assert sum(len(generator.calls) for generator in generators) == 20
    assert len(_visible(tmp_path / "RSA_3072")) == 60  # the 20 new keys joined the cache


def test_files_are_written_atomically(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def failing_replace(src: object, dst: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr("pytest_kmsfake._crypto.keypool.os.replace", failing_replace)
    with pytest.raises(OSError, match="disk full"):
        KeyPool(tmp_path, generator=CountingGenerator()).prefill("SM2", 1)
    assert not [p for p in _visible(tmp_path) if p.endswith(".der") and not p.startswith(".")]
    assert KeyPool(tmp_path).available("SM2") == 0  # a half-written key is never offered


# --- seeded mode ---------------------------------------------------------------------------


@pytest.mark.parametrize("spec", FAST_SPECS)
def test_seeded_pools_are_reproducible(spec: str) -> None:
    first = [KeyPool(seed=b"seed").take(spec) for _ in range(2)]
    assert first[0] == first[1]
    pool = KeyPool(seed=b"seed")
    sequence = [pool.take(spec) for _ in range(3)]
    assert sequence[0] == first[0] and len(set(sequence)) == 3
    assert KeyPool(seed=b"other").take(spec) != sequence[0]
    assert asym.public_key_der(spec, sequence[1])  # real keys


def test_seed_forms() -> None:
    spec = "ECC_NIST_P256"
    assert (
        KeyPool(seed=7).take(spec) == KeyPool(seed="7").take(spec) == KeyPool(seed=b"7").take(spec)
    )
    assert KeyPool(seed=7).seeded and not KeyPool().seeded
    with pytest.raises(TypeError):
        KeyPool(seed=True)


def test_seeded_keys_follow_the_documented_recipe() -> None:
    """The derivation is part of the contract: K = HMAC-SHA256(seed, spec | n), the stream is
    HMAC-SHA256(K, 0) || HMAC-SHA256(K, 1) || ..., and keys come from its first bytes."""
    seed, spec = b"pytest-kmsfake", "ECC_NIST_P256"
    k = hmac.new(seed, b"ECC_NIST_P256|" + (1).to_bytes(8, "big"), "sha256").digest()
    stream = b"".join(hmac.new(k, i.to_bytes(8, "big"), "sha256").digest() for i in range(2))
    order = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551
    scalar = int.from_bytes(stream[:40], "big") % (order - 1) + 1
    expected = (
        ec.derive_private_key(scalar, ec.SECP256R1())
        .public_key()
        .public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    )
    pool = KeyPool(seed=seed)
    pool.take(spec)  # number 0
    assert asym.public_key_der(spec, pool.take(spec)) == expected  # number 1

    k = hmac.new(seed, b"ECC_NIST_EDWARDS25519|" + bytes(8), "sha256").digest()
    ed_seed = hmac.new(k, bytes(8), "sha256").digest()
    key = KeyPool(seed=seed).take("ECC_NIST_EDWARDS25519")
    assert serialization.load_der_private_key(key, None).private_bytes_raw() == ed_seed  # type: ignore[union-attr]

    # and, as a regression pin, the public keys' fingerprints for number 0
    pool = KeyPool(seed=seed)
    p256 = asym.public_key_der(spec, pool.take(spec))
    assert hashlib.sha256(p256).hexdigest()[:16] == "54eaf694db8088b2"
    stream_reader = SeededRandom(seed, spec, 0)
    assert stream_reader(5) + stream_reader(40) == SeededRandom(seed, spec, 0)(45)


def test_seeded_prefill_hands_out_the_same_sequence() -> None:
    prefilled = KeyPool(seed=b"s")
    assert prefilled.prefill("SM2", 2) == 2
    assert prefilled.available("SM2") == 2
    plain = KeyPool(seed=b"s")
    assert [prefilled.take("SM2") for _ in range(3)] == [plain.take("SM2") for _ in range(3)]
    assert prefilled.available("SM2") == 0


def test_seeded_rsa_is_derived_once_and_cached_on_disk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = KeyPool(tmp_path, seed=b"rsa").take("RSA_2048")
    [cached] = list((tmp_path / "seeded").iterdir())
    assert cached.name.endswith("-RSA_2048-0.der") and cached.read_bytes() == first
    asym.check_private_key("RSA_2048", first)  # a valid RSA key, fully checked

    def no_derivation(key_spec: str, randbytes: Callable[[int], bytes]) -> bytes:
        raise AssertionError("the cached key should have been used")

    monkeypatch.setattr(_keypool, "derive_private_key", no_derivation)
    assert KeyPool(tmp_path, seed=b"rsa").take("RSA_2048") == first
    monkeypatch.undo()
    assert KeyPool(seed=b"rsa").take("RSA_2048") == first  # and it is what derivation gives


def test_prefilled_disk_keys_are_used_by_the_same_pool(tmp_path: Path) -> None:
    generator = CountingGenerator()
    pool = KeyPool(tmp_path, generator=generator)
    pool.prefill("ECC_NIST_P384", 2)
    pool.take("ECC_NIST_P384")
    pool.take("ECC_NIST_P384")
    assert len(generator.calls) == 2  # the two prefilled, nothing more
