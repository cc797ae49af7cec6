"""Key policies as KMS writes them back: GetKeyPolicy returns AWS's own pretty-printing of a
policy, whatever layout it was given in [EX GetKeyPolicy; ISS 2025].

The layout is that of Jackson's default pretty printer: objects one member per line, indented
two spaces per enclosing object, `"name" : value`; arrays on one line, `[ a, b ]`, so an array
of objects reads `[ {` ... `}, {` ... `} ]`; empty ones are `{ }` and `[ ]`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any


def aws_pretty(value: Any, depth: int = 0) -> str:
    if isinstance(value, Mapping):
        if not value:
            return "{ }"
        indent = "  " * (depth + 1)
        members = [f"{indent}{_text(k)} : {aws_pretty(v, depth + 1)}" for k, v in value.items()]
        return "{\n" + ",\n".join(members) + "\n" + "  " * depth + "}"
    if isinstance(value, list):
        if not value:
            return "[ ]"
        return "[ " + ", ".join(aws_pretty(item, depth) for item in value) + " ]"
    return _text(value)


def _text(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def stored_policy(document: str) -> str:
    """A policy as KMS keeps and returns it (the document was validated already)."""
    return aws_pretty(json.loads(document))
