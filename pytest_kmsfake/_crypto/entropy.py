"""Where the fake's randomness comes from: the OS, or a seed that makes key ids and key
material reproducible from run to run (ciphertext nonces stay random either way)."""

from __future__ import annotations

import os
import uuid

from .._rules.key_specs import KEY_SPECS, KeyFamily
from . import material as _material
from .keypool import KeyPool, SeededRandom


def random_uuid() -> str:
    """A random (version 4) UUID string, about twice as fast as str(uuid.uuid4()): request
    ids are made on every call."""
    h = os.urandom(16).hex()
    variant = "89ab"[int(h[16], 16) & 3]
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{variant}{h[17:20]}-{h[20:]}"


class Entropy:
    def __init__(self, seed: str | None = None) -> None:
        self.seed = seed
        self._stream = SeededRandom(seed.encode(), "pytest-kmsfake ids", 0) if seed else None
        self._pool = KeyPool(seed=seed) if seed else None

    def token_bytes(self, count: int) -> bytes:
        return self._stream(count) if self._stream is not None else os.urandom(count)

    def key_id(self, multi_region: bool = False) -> str:
        raw = self.token_bytes(16)
        if multi_region:
            return f"mrk-{raw.hex()}"
        return str(uuid.UUID(bytes=raw, version=4))

    def material_id(self) -> str:
        return self.token_bytes(32).hex()

    def material(self, key_spec: str) -> bytes:
        """Secret material for a new key or a rotation: an AES key, an HMAC key, or a PKCS#8
        private key from the key pool."""
        family = KEY_SPECS[key_spec].family
        if self._stream is None:
            return _material.generate(key_spec)
        if family is KeyFamily.SYMMETRIC:
            return self.token_bytes(32)
        if family is KeyFamily.HMAC:
            return self.token_bytes(len(_material.generate(key_spec)))
        assert self._pool is not None
        return self._pool.take(key_spec)
