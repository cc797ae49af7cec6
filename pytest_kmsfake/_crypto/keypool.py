"""A pool of asymmetric private keys, so key generation does not slow test suites down.

RSA_4096 generation takes about a second (more on a slow CI machine), so keys can be made
ahead of time. `KeyPool.take(spec)` hands out a PKCS#8 DER private key; the choices:

Random mode (the default):
  * Sources, in order: the in-memory list for the spec, then the on-disk cache (when
    `cache_dir` is given), then a key generated on the spot. No background threads: an empty
    pool is refilled lazily, one key at the `take` that finds it empty; `prefill(spec, n)`
    tops the pool up to `n` keys ahead of time (into the disk cache when there is one;
    otherwise into memory).
  * The disk cache is a warm store that test runs share: `<cache_dir>/<KeySpec>/<hex>.der`.
    A key generated because the cache had none left is added to it, and files are never
    deleted, so the second run of a suite that needs 50 RSA_4096 keys reads them in
    milliseconds. Files are written to a temporary name and renamed into place, so a reader
    never sees half a key. Separate processes (pytest-xdist workers, later runs) may hand
    out the same cached key: that is harmless for a test double, and it is what makes the
    cache warm.
  * No key is handed out twice in a process: every key handed out is fingerprinted (SHA-256)
    in a process-wide set, and a key already handed out is skipped.

Seeded mode (`KeyPool(seed=...)`): reproducible keys per (seed, spec, sequence number).
  * Each `take(spec)` uses the spec's next sequence number n (0, 1, 2, ...). The key's only
    randomness is a DRBG keyed with K = HMAC-SHA256(seed, spec || "|" || n as 8 bytes) and
    expanded in counter mode, block i = HMAC-SHA256(K, i as 8 bytes).
  * From it: EC and SM2 scalars (reduced with 64 extra bits), the Ed25519 seed, the ML-DSA
    (32-byte) and ML-KEM (64-byte d || z) seeds, and for RSA primes found by Miller-Rabin
    over DRBG candidates (see `_asymmetric.derive_private_key`).
  * RSA derivation is pure Python and slow (about 0.3 s for RSA_2048, several seconds for
    RSA_4096), so with a `cache_dir` seeded RSA keys are stored as
    `<cache_dir>/seeded/<seed id>-<KeySpec>-<n>.der` and reused, never consumed: the cost is
    paid once per machine. Other specs derive in well under a millisecond and are not cached.
  * Sequences are per pool: two pools with the same seed hand out the same keys, by design.
  * A seed may be bytes, str (UTF-8) or int (its decimal digits as UTF-8).
"""

from __future__ import annotations

import hashlib
import hmac
import os
import threading
import uuid
from pathlib import Path
from typing import Callable, Union

from .._rules.key_specs import KEY_SPECS, KeyFamily
from .asymmetric import UnknownSpec, derive_private_key, generate_private_key

Seed = Union[bytes, str, int]

_HANDED_OUT: set[bytes] = set()
_HANDED_OUT_LOCK = threading.Lock()


def _first_hand_out(key: bytes) -> bool:
    """Record `key` as handed out; False if this process already handed it out."""
    fingerprint = hashlib.sha256(key).digest()
    with _HANDED_OUT_LOCK:
        if fingerprint in _HANDED_OUT:
            return False
        _HANDED_OUT.add(fingerprint)
        return True


class SeededRandom:
    """The deterministic byte source for key `number` of `key_spec` under `seed`: HMAC-SHA256
    in counter mode under K = HMAC-SHA256(seed, spec || "|" || number as 8 bytes)."""

    def __init__(self, seed: bytes, key_spec: str, number: int) -> None:
        message = key_spec.encode() + b"|" + number.to_bytes(8, "big")
        self._key = hmac.new(seed, message, "sha256").digest()
        self._block = 0
        self._buffer = b""

    def __call__(self, n: int) -> bytes:
        while len(self._buffer) < n:
            block = hmac.new(self._key, self._block.to_bytes(8, "big"), "sha256").digest()
            self._buffer += block
            self._block += 1
        out, self._buffer = self._buffer[:n], self._buffer[n:]
        return out


def _write_atomically(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    with open(temporary, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)


class KeyPool:
    """Hands out PKCS#8 DER private keys by KeySpec; see the module docstring."""

    def __init__(
        self,
        cache_dir: Path | None = None,
        *,
        seed: Seed | None = None,
        generator: Callable[[str], bytes] = generate_private_key,
    ) -> None:
        self.cache_dir = Path(cache_dir) if cache_dir is not None else None
        self._seed = None if seed is None else _seed_bytes(seed)
        self._generate = generator
        self._lock = threading.Lock()
        self._memory: dict[str, list[bytes]] = {}
        self._next: dict[str, int] = {}  # seeded mode: the next sequence number per spec
        self._seeded: dict[tuple[str, int], bytes] = {}  # seeded mode: prefilled keys
        self._read: set[Path] = set()  # random mode: cache files this pool has used

    @property
    def seeded(self) -> bool:
        return self._seed is not None

    def take(self, key_spec: str) -> bytes:
        """A private key of `key_spec` that this process has not handed out before."""
        _check_spec(key_spec)
        if self._seed is not None:
            with self._lock:
                number = self._next.get(key_spec, 0)
                self._next[key_spec] = number + 1
                key = self._seeded.pop((key_spec, number), None)
            return key if key is not None else self._derive(key_spec, number)
        while True:
            key = self._take_stored(key_spec)
            if key is None:
                key = self._generate(key_spec)
                self._store(key_spec, key)
            if _first_hand_out(key):
                return key

    def prefill(self, key_spec: str, count: int) -> int:
        """Make `count` keys of `key_spec` ready ahead of time; returns how many it made.

        Random mode: tops the disk cache (or, without one, memory) up to `count` keys.
        Seeded mode: derives the next `count` keys of the sequence (and caches RSA on disk).
        """
        _check_spec(key_spec)
        if self._seed is not None:
            with self._lock:
                first = self._next.get(key_spec, 0)
                wanted = [
                    n for n in range(first, first + count) if (key_spec, n) not in self._seeded
                ]
            for number in wanted:
                key = self._derive(key_spec, number)
                with self._lock:
                    self._seeded[(key_spec, number)] = key
            return len(wanted)
        missing = max(0, count - self.available(key_spec))
        for _ in range(missing):
            key = self._generate(key_spec)
            if self.cache_dir is None:
                with self._lock:
                    self._memory.setdefault(key_spec, []).append(key)
            else:
                self._store(key_spec, key, quiet=False)
        return missing

    def available(self, key_spec: str) -> int:
        """Keys ready without generating one: memory plus disk, or the prefilled seeded keys."""
        with self._lock:
            if self._seed is not None:
                return sum(1 for spec, _ in self._seeded if spec == key_spec)
            in_memory = len(self._memory.get(key_spec, ()))
            read = set(self._read)
        return in_memory + len([p for p in self._disk_files(key_spec) if p not in read])

    # --- random mode ---------------------------------------------------------------------

    def _spec_dir(self, key_spec: str) -> Path:
        assert self.cache_dir is not None
        return self.cache_dir / key_spec

    def _disk_files(self, key_spec: str) -> list[Path]:
        if self.cache_dir is None:
            return []
        try:
            return sorted(self._spec_dir(key_spec).glob("[!.]*.der"))
        except OSError:
            return []

    def _take_stored(self, key_spec: str) -> bytes | None:
        with self._lock:
            keys = self._memory.get(key_spec)
            if keys:
                return keys.pop()
        for path in self._disk_files(key_spec):
            with self._lock:
                if path in self._read:
                    continue
                self._read.add(path)
            try:
                return path.read_bytes()
            except OSError:
                continue
        return None

    def _store(self, key_spec: str, key: bytes, *, quiet: bool = True) -> None:
        """Add a new key to the disk cache (when there is one) for later runs. A read-only or
        full cache only costs speed, unless the caller asked to fill it (`quiet=False`)."""
        if self.cache_dir is None:
            return
        path = self._spec_dir(key_spec) / f"{uuid.uuid4().hex}.der"
        try:
            _write_atomically(path, key)
        except OSError:
            if not quiet:
                raise
            return
        if quiet:  # generated for a `take`: this pool has handed it out already
            with self._lock:
                self._read.add(path)

    # --- seeded mode ---------------------------------------------------------------------

    def _derive(self, key_spec: str, number: int) -> bytes:
        assert self._seed is not None
        path = None
        if self.cache_dir is not None and KEY_SPECS[key_spec].family is KeyFamily.RSA:
            seed_id = hashlib.sha256(b"pytest-kmsfake seed id|" + self._seed).hexdigest()[:16]
            path = self.cache_dir / "seeded" / f"{seed_id}-{key_spec}-{number}.der"
            try:
                return path.read_bytes()
            except OSError:
                pass
        key = derive_private_key(key_spec, SeededRandom(self._seed, key_spec, number))
        if path is not None:
            _write_atomically(path, key)
        return key


def _seed_bytes(seed: Seed) -> bytes:
    if isinstance(seed, bytes):
        return seed
    if isinstance(seed, str):
        return seed.encode("utf-8")
    if isinstance(seed, int) and not isinstance(seed, bool):
        return str(seed).encode("ascii")
    raise TypeError(f"a KeyPool seed is bytes, str or int, not {type(seed).__name__}")


def _check_spec(key_spec: str) -> None:
    spec = KEY_SPECS.get(key_spec)
    if spec is None or spec.kind != "asymmetric":
        raise UnknownSpec(f"unknown asymmetric key spec {key_spec!r}")
