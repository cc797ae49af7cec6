"""Mutants that no test can kill because they change no behaviour, each with the reason.

Keys are `Mutant.key` as `run.py` prints them: module | scope | operator | before -> after.
"""

from __future__ import annotations

EQUIVALENT: dict[str, str] = {}
