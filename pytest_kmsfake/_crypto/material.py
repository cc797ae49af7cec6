"""Secret material by key spec: generating it, and checking material a user imports."""

from __future__ import annotations

import threading
from pathlib import Path

from .._rules.key_specs import KEY_SPECS, KeyFamily
from . import asymmetric as _asymmetric
from . import pool_config as _pool_config
from .keypool import KeyPool, Seed
from .symmetric import SECRET_BYTES, new_secret

_pool = KeyPool(_pool_config.cache_dir)
_pool_lock = threading.Lock()


class BadMaterial(Exception):
    """Imported material that cannot be the key material of this key spec."""


def configure_pool(cache_dir: Path | None = None, seed: Seed | None = None) -> None:
    """Where asymmetric private keys come from (see `_keypool`): a disk cache shared by test
    runs, and optionally a seed that makes every generated key reproducible."""
    global _pool
    with _pool_lock:
        _pool = KeyPool(cache_dir, seed=seed)


def prefill(key_spec: str, count: int) -> int:
    """Have `count` private keys of `key_spec` ready (generated once, then cached on disk)."""
    return _pool.prefill(key_spec, count)


def generate(key_spec: str) -> bytes:
    family = KEY_SPECS[key_spec].family
    if family is KeyFamily.SYMMETRIC:
        return new_secret()
    if family is KeyFamily.HMAC:
        return _asymmetric.hmac_generate_key(key_spec)
    return _pool.take(key_spec)


def check_imported(key_spec: str, material: bytes) -> bytes:
    """The material to store for an import, or BadMaterial saying what is wrong with it."""
    spec = KEY_SPECS[key_spec]
    if spec.family is KeyFamily.SYMMETRIC:
        if len(material) != SECRET_BYTES:
            raise BadMaterial(f"symmetric key material must be {SECRET_BYTES} bytes")
        return material
    if spec.imported_lengths is not None:  # HMAC
        low, high = spec.imported_lengths
        if not low <= len(material) <= high:
            raise BadMaterial(f"{key_spec} key material must be {low} to {high} bytes")
        return material
    try:
        _asymmetric.public_key_der(key_spec, material)  # parses and checks type and size
    except _asymmetric.AsymmetricError as exc:
        raise BadMaterial(str(exc)) from None
    return material
