"""Operation handlers, one module per family. Importing this package registers them all."""

from __future__ import annotations

from . import (  # noqa: F401  (registration)
    agreement,
    aliases,
    crypto,
    datakeys,
    grants,
    imports,
    keys,
    keystores,
    mac,
    multiregion,
    policies,
    rotation,
    signing,
    tags,
)
from ._registry import HANDLERS

__all__ = ["HANDLERS"]
