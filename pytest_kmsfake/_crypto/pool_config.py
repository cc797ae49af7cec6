"""Where the pool of asymmetric private keys keeps its disk cache, settable before the
cryptography is imported: the plugin names pytest's cache directory at startup, and the pool
is made with it when `material` is first imported (or remade at once if it already was)."""

from __future__ import annotations

import sys
from pathlib import Path

cache_dir: Path | None = None
"""The disk cache the pool starts with (None: keys are kept in memory only)."""


def use_cache_dir(path: Path | None) -> None:
    global cache_dir
    cache_dir = path
    material = sys.modules.get(f"{__package__}.material")
    if material is not None:
        material.configure_pool(cache_dir=path)
