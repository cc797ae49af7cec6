"""Operation handlers, one module per family. Importing this package registers them all."""

from __future__ import annotations

from . import aliases, crypto, imports, keys, policies, rotation, tags  # noqa: F401  (registration)
from ._registry import HANDLERS

__all__ = ["HANDLERS"]
