"""The generated tables of the documentation read as the developer guide writes them."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from types import ModuleType

import pytest

DOCS = Path(__file__).resolve().parents[1] / "docs"

# The family column of the key spec table: the prefix of each KeySpec, lower-cased, with
# ML-DSA and ML-KEM hyphenated as the developer guide writes them ("ML-DSA key specs").
FAMILY_OF = {
    "SYMMETRIC_DEFAULT": "symmetric",
    "HMAC_256": "hmac",
    "RSA_2048": "rsa",
    "ECC_NIST_P256": "ecc",
    "ECC_NIST_EDWARDS25519": "ed25519",
    "SM2": "sm2",
    "ML_DSA_65": "ml-dsa",
    "ML_KEM_768": "ml-kem",
}


@pytest.fixture(scope="module")
def tables() -> ModuleType:
    sys.path.insert(0, str(DOCS))
    try:
        return importlib.import_module("tables")
    finally:
        sys.path.remove(str(DOCS))
        sys.modules.pop("tables", None)  # leave the name free for any other `tables`


@pytest.mark.parametrize("spec", FAMILY_OF)
def test_the_key_spec_table_names_each_family(tables: ModuleType, spec: str) -> None:
    rows = [line for line in tables.key_specs_table().splitlines() if line.startswith("| `")]
    families = {row.split("|")[2].strip() for row in rows if row.startswith(f"| `{spec}` |")}
    assert families == {FAMILY_OF[spec]}
